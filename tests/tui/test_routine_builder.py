"""The routine builder by keys (issue 16): a time typed ("19:00"), days picked several at once in
one chooser, an hour per PageUp, choosers as tall as the screen when parked; snapshots at 80x24."""

from __future__ import annotations

from tests.tui.waits import must
from tui.screens.dialogs import PromptScreen
from tui.screens.routines import DaysScreen, RoutineEditorScreen, RoutinesScreen, TallChoiceScreen

SPEED = "Vehicle.Speed"


async def open_builder(app, pilot) -> RoutineEditorScreen:
    """Ctrl+P, "smart home", Enter; r (routines); n (new routine)."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"smart home")
    await pilot.pause(0.2)
    await pilot.press("enter")
    await must(pilot, lambda: type(app.screen).__name__ == "SmartHomeScreen")
    await pilot.press("r")
    await must(pilot, lambda: isinstance(app.screen, RoutinesScreen))
    await pilot.press("n")
    await must(pilot, lambda: isinstance(app.screen, RoutineEditorScreen))
    return app.screen


async def a_time_of_day(app, pilot, editor) -> None:
    await pilot.press("3", "enter")  # When -> the chooser
    await must(pilot, lambda: isinstance(app.screen, TallChoiceScreen))
    await pilot.press("5")  # A time of day
    await must(pilot, lambda: app.screen is editor and editor.draft.trigger["type"] == "time")


def row_value(editor, row: str) -> str:
    return next(r.value for r in editor.draft.rows() if r.id == row)


async def test_type_19_00_and_pick_weekdays_in_a_few_keys(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_builder(app, pilot)
        await pilot.press("enter")  # Name
        await must(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"Evening", "enter")
        await must(pilot, lambda: app.screen is editor and editor.draft.name == "Evening")
        await a_time_of_day(app, pilot, editor)

        await pilot.press("4", "enter")  # Time: Enter types it
        await must(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"19:00", "enter")  # the time shown is selected: typing replaces it
        await must(pilot, lambda: editor.draft.trigger["at"] == "19:00")
        assert row_value(editor, "t.at") == "7:00 PM"  # the demo car's driver reads 12-hour time
        await pilot.press("pageup")  # an hour at once
        await must(pilot, lambda: editor.draft.trigger["at"] == "20:00")
        await pilot.press("pagedown", "left")
        await must(pilot, lambda: editor.draft.trigger["at"] == "18:45")
        await pilot.press("right")

        await pilot.press("5", "enter")  # Days: one chooser for several
        await must(pilot, lambda: isinstance(app.screen, DaysScreen))
        await pilot.press("3")  # Weekend: a preset takes it and closes
        await must(pilot, lambda: app.screen is editor and editor.draft.trigger["days"] == [5, 6])
        await pilot.press("enter")
        await must(pilot, lambda: isinstance(app.screen, DaysScreen))
        await pilot.press("2")  # Weekdays
        await must(pilot, lambda: app.screen is editor and editor.draft.trigger["days"] == [0, 1, 2, 3, 4])
        await pilot.press("enter")
        await must(pilot, lambda: isinstance(app.screen, DaysScreen))
        await pilot.press("9")  # Saturday too: a single day switches, the chooser stays
        await must(pilot, lambda: editor.draft.trigger["days"] == [0, 1, 2, 3, 4, 5])
        assert isinstance(app.screen, DaysScreen)
        await pilot.press("escape")
        await must(pilot, lambda: app.screen is editor)
        assert row_value(editor, "t.days") == "Mon, Tue, Wed, Thu, Fri, Sat"

        await pilot.press("7", "enter")  # + Action: a notice
        await must(pilot, lambda: isinstance(app.screen, TallChoiceScreen))
        await pilot.press("4")
        await must(pilot, lambda: isinstance(app.screen, TallChoiceScreen) and "notice" in app.screen.question)
        await pilot.press("1")
        await must(pilot, lambda: app.screen is editor and editor.draft.actions)
        await pilot.press("s")
        await must(pilot, lambda: isinstance(app.screen, RoutinesScreen))
    saved = controller.routines.get("Evening")
    assert saved.trigger == {"type": "time", "at": "19:00", "days": [0, 1, 2, 3, 4, 5]}


async def test_a_wrong_time_is_refused_and_changes_nothing(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_builder(app, pilot)
        await a_time_of_day(app, pilot, editor)
        await pilot.press("4", "enter")
        await must(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"25:00", "enter")
        await must(pilot, lambda: app.screen is editor)
        await pilot.pause()
        assert editor.draft.trigger["at"] == "07:00"
        assert any("not a time of day" in str(n.message) for n in app._notifications)


async def test_choosers_use_the_height_of_the_screen_when_parked(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_builder(app, pilot)
        await pilot.press("3", "enter")
        await must(pilot, lambda: isinstance(app.screen, TallChoiceScreen))
        await pilot.pause()
        menu = app.screen.query_one("#choices")
        assert menu.size.height >= 13  # every trigger at once (it showed 6)
        await pilot.press("escape")
        await must(pilot, lambda: app.screen is editor)


def test_routine_builder_at_80x24(fixed_app, fixed_controller, snap_compare):
    async def run_before(pilot):
        editor = await open_builder(fixed_app, pilot)
        await a_time_of_day(fixed_app, pilot, editor)
        await pilot.press("4", "enter")
        await must(pilot, lambda: isinstance(fixed_app.screen, PromptScreen))
        await pilot.press(*"19:00", "enter")
        await must(pilot, lambda: editor.draft.trigger["at"] == "19:00")
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=run_before)


def test_routine_days_chooser_at_80x24(fixed_app, fixed_controller, snap_compare):
    async def run_before(pilot):
        editor = await open_builder(fixed_app, pilot)
        await a_time_of_day(fixed_app, pilot, editor)
        await pilot.press("5", "enter")
        await must(pilot, lambda: isinstance(fixed_app.screen, DaysScreen))
        await pilot.press("9")  # Saturday on
        await must(pilot, lambda: 5 in editor.draft.trigger["days"])
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=run_before)
