"""Keys never go where the driver did not aim them (UX.md), driven with Pilot on a real database:
while the car moves a number key on a list whose items act (switch profile, play, buy) only
highlights, and Enter confirms; parked, it acts at once as before.
"""

from __future__ import annotations

from tui.widgets.menu_list import MenuList


async def settle(pilot, rounds: int = 6) -> None:
    for _ in range(rounds):
        await pilot.pause()


# ---------------------------------------------------------------------------- 3: numbers while moving
def moving(controller) -> None:
    controller.set_many({"Vehicle.Speed": 50.0}, source="simulator")


async def test_while_moving_a_number_on_profiles_only_highlights_and_enter_switches(app, controller):
    moving(controller)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("profiles")
        await settle(pilot)
        assert app.screen.has_class("moving")
        menu = app.screen.query_one("#profiles", MenuList)
        await pilot.press("2")
        await settle(pilot)
        assert controller.active_profile_name() == "Driver"
        assert type(app.screen).__name__ == "ProfilesScreen"
        assert menu.highlighted == 1 and "Guest" in str(menu.highlighted_option.prompt)
        await pilot.press("enter")  # Enter confirms
        await settle(pilot)
        assert controller.active_profile_name() == "Guest"


async def test_parked_a_number_on_profiles_still_switches_at_once(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("profiles")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert controller.active_profile_name() == "Guest"


async def test_while_moving_a_number_in_media_only_highlights_the_source(app, controller):
    moving(controller)
    before = controller.media.now_playing()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("media")
        await settle(pilot)
        sources = app.screen.query_one("#media-sources", MenuList)
        assert sources.has_focus
        await pilot.press("5")
        await settle(pilot)
        assert controller.media.now_playing() == before  # nothing chosen, nothing plays
        assert sources.highlighted == 4 and sources.has_focus
        code = sources.highlighted_option.id
        await pilot.press("enter")
        await settle(pilot)
        now = controller.media.now_playing()
        assert now is not None and now.source == code


async def test_parked_a_number_in_media_still_chooses_at_once(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("media")
        await settle(pilot)
        sources = app.screen.query_one("#media-sources", MenuList)
        code = sources.get_option_at_index(1).id
        await pilot.press("2")
        await settle(pilot)
        assert controller.media.now_playing().source == code
        assert app.screen.query_one("#media-items", MenuList).has_focus


async def test_while_moving_a_number_in_services_buys_nothing(app, controller):
    """Services is for when parked: opened parked, once the car moves it says so, and neither a
    number nor Enter starts a purchase (already so before the number-key rule)."""
    from tui.screens.services import ServicesScreen

    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("services")
        await settle(pilot)
        assert isinstance(app.screen, ServicesScreen)
        moving(controller)
        await settle(pilot)
        assert app.screen.has_class("moving") and app.screen.has_class("parked-only")
        await pilot.press("1", "enter", "y")
        await settle(pilot)
        assert isinstance(app.screen, ServicesScreen)
        assert controller.store.services.all() == []
