"""Ctrl+P finds actions by name, not only screens (issue 16: "garage", "valet", "trial" and
"simulator" found nothing but screens). Each action runs through the screen that owns it, so it
asks what that screen asks (the authority's yes, the PIN) and changes the car or the home only
after that. Driven by keys, as a person would."""

from __future__ import annotations

import pytest
from textual.command import CommandList

from tests.tui.waits import palette_shows, until
from tui.screens.dialogs import ConfirmScreen, PinScreen

VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"


def listed(app) -> list[str]:
    found = app.screen.query(CommandList)
    if not found:
        return []
    options = found.first()
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def search(pilot, words: str) -> list[str]:
    """Open the palette, type the words, and wait until it lists something."""
    await pilot.press("ctrl+p")
    await pilot.press(*words)
    await until(pilot, lambda: bool(listed(pilot.app)))
    await pilot.pause(0.1)  # the search runs per key: let the last one finish
    return listed(pilot.app)


@pytest.mark.parametrize("word,expected", [
    ("garage", ["Open the garage door", "Close the garage door"]),
    ("valet", ["Valet mode on"]),
    ("trial", ["Start the free Music Streaming trial", "Start the free Wi-Fi Hotspot trial"]),
    ("simulator", ["Simulator: run or pause the drive", "Simulator: faster", "Simulator: slower",
                   "Simulator: stop and park"]),
])
async def test_a_word_lists_its_actions(app, word, expected):
    async with app.run_test(size=(80, 24)) as pilot:
        hits = await search(pilot, word)
        for title in expected:
            assert any(title in hit for hit in hits), (title, hits)


async def test_every_screen_is_found_by_name(app):
    """The palette's own search (the provider Ctrl+P uses), for each menu's title."""
    from tui.commands import CockpitCommands
    from tui.controller import menus

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = CockpitCommands(app.screen)
        for m in menus.MENUS:
            hits = [str(hit.text) async for hit in provider.search(m.title)]
            assert f"Open {m.title}" in hits, (m.title, hits)
        for word in ("garage", "valet", "trial", "simulator"):  # and the actions, by the same search
            hits = [str(hit.text) async for hit in provider.search(word)]
            assert any(word in h.lower() for h in hits if not h.startswith("Open ")), (word, hits)


async def test_enter_opens_the_garage_after_the_yes(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "open the garage door")
        await palette_shows(pilot, "Open the garage door")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))  # the home's question first
        assert controller.home.device("cover.garage_door").state == "closed"
        await pilot.press("left", "enter")  # Yes (a sensitive yes takes keys pressed after it shows)
        assert await until(pilot, lambda: controller.home.device("cover.garage_door").state in ("opening", "open"))


async def test_enter_starts_a_trial_after_the_yes(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "music streaming trial")
        await palette_shows(pilot, "Start the free Music Streaming trial")
        await pilot.press("enter")
        # the Services screen's own t key: the offer highlighted, the authority's answer (a trial
        # costs nothing: no yes is asked unless the authority wants one), then the trial
        assert await until(pilot, lambda: any(o.id == "music" for o in controller.services.active())
                           or isinstance(app.screen, ConfirmScreen))
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("left", "enter")
        assert await until(pilot, lambda: any(o.id == "music" for o in controller.services.active()))
        assert type(app.screen).__name__ == "ServicesScreen"
        await pilot.press("escape")
        # then the palette offers to cancel it, never to start it again
        hits = await search(pilot, "trial")
        assert any("Cancel Music Streaming (trial)" in h for h in hits), hits
        assert not any("Start the free Music Streaming" in h for h in hits), hits
        await palette_shows(pilot, "Cancel Music Streaming")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("left", "enter")
        assert await until(pilot, lambda: not any(o.id == "music" for o in controller.services.active()))


async def test_valet_mode_on_asks_the_yes_then_a_pin(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "valet")
        await palette_shows(pilot, "Valet mode on")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("left", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, PinScreen))
        assert not controller.get(VALET, False)  # nothing changed before the PIN
        await pilot.press(*"2468", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, PinScreen) and "again" in app.screen.prompt)
        await pilot.press(*"2468", "enter")
        assert await until(pilot, lambda: controller.get(VALET, False) is True)


async def test_simulator_faster_by_name(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        before = controller.simulator.speed if hasattr(controller.simulator, "speed") else None
        await search(pilot, "simulator faster")
        await palette_shows(pilot, "Simulator: faster")
        await pilot.press("enter")
        assert await until(pilot, lambda: type(app.screen).__name__ == "DriveScreen")
        assert await until(pilot, lambda: "Simulator speed" in " ".join(app.messages.texts()))
        if before is not None:
            assert controller.simulator.speed != before


def test_palette_garage_snapshot(fixed_app, snap_compare):
    """The palette at 80x24 after typing "garage": the garage's actions listed by name."""
    async def walk(pilot):
        app = pilot.app
        assert await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        hits = await search(pilot, "garage")
        assert any("Open the garage door" in h for h in hits), hits
        await palette_shows(pilot, "garage door")
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=walk)


async def test_valet_mode_off_asks_the_valet_pin(app, controller):
    controller.profiles.valet_on("2468", source="cli")
    async with app.run_test(size=(80, 24)) as pilot:
        hits = await search(pilot, "valet")
        assert not any("Valet mode on" in h for h in hits), hits
        await palette_shows(pilot, "Valet mode off")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, PinScreen))
        assert controller.get(VALET) is True
        await pilot.press(*"2468", "enter")
        assert await until(pilot, lambda: controller.get(VALET) is False)
