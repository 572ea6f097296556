"""CockpitScreen.attempt: the one way screens carry out a controller call for the driver (a refusal
is a warning and nothing more; success shows what happened and refreshes)."""

from __future__ import annotations

from tui.controller import NotAllowed
from tui.screens.base import CockpitScreen


class Plain(CockpitScreen):
    CRUMBS = ("Test",)


def notices(app) -> list[tuple[str, str]]:
    """Every message shown, oldest first (one toast shows at a time; the log keeps them all)."""
    return [(m.text, m.severity) for m in reversed(app.messages.newest_first())]


async def shown(app, pilot) -> Plain:
    screen = Plain()
    app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_a_refusal_is_a_warning_and_nothing_else_runs(app):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await shown(app, pilot)
        ran = []

        def refuse():
            raise NotAllowed("Open the garage when parked.")

        assert screen.attempt(refuse, "Done.", lambda: ran.append("refresh")) is False
        await pilot.pause()
        assert ran == []
        assert notices(app)[-1] == ("Open the garage when parked.", "warning")


async def test_done_shows_a_text_a_text_made_from_the_result_or_the_result(app):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await shown(app, pilot)
        ran = []
        assert screen.attempt(lambda: 21, "Set.", lambda: ran.append(1)) is True
        assert screen.attempt(lambda: 21, lambda value: f"Thermostat {value} °C.") is True
        assert screen.attempt(lambda: "Porch light on.") is True
        await pilot.pause()
        count = len(notices(app))
        assert screen.attempt(lambda: None, then=lambda: ran.append(2)) is True  # nothing to say
        await pilot.pause()
        assert len(notices(app)) == count
        assert ran == [1, 2]
        assert [m for m, _ in notices(app)][-3:] == ["Set.", "Thermostat 21 °C.", "Porch light on."]
