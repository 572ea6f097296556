"""The Smart Home tile and the routines screens, driven by keys (Pilot): favourites while moving,
rooms, PIN and ask-first, valet, the routine question's countdown, building a routine by keys,
and nothing cut off at 80x24."""

from __future__ import annotations

from textual.widgets import Static

from tests.tui.waits import must
from tui.controller.home import LAT, LON
from tui.screens.dialogs import ConfirmScreen, PinScreen
from tui.screens.routines import ChoiceScreen, RoutineEditorScreen, RoutineScreen, RoutinesScreen
from tui.screens.routines_question import QuestionScreen
from tui.screens.smart_home import NameScreen, RoomScreen, SectionMenu, SmartHomeScreen

SPEED = "Vehicle.Speed"
HOME = (42.6722, -83.1861)
VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"


def state(c, entity_id):
    return c.home.backend.get(entity_id).state


def lines(app) -> str:
    menu = app.screen.query_one(SectionMenu)
    return "\n".join(str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count))


async def open_home(app, pilot):
    app.open_menu("smart_home")
    await pilot.pause()
    assert isinstance(app.screen, SmartHomeScreen)


async def test_the_tile_opens_favourites_first(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_home(app, pilot)
        text = lines(app)
        assert text.index("Favourites") < text.index("Rooms") < text.index("Scenes") < text.index("Routines")
        assert "1 Garage door" in text and "Arrive home" in text and "Good night" in text


async def test_favourites_work_while_moving_and_rooms_wait(app, controller):
    controller.set(SPEED, 80.0, source="simulator")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_home(app, pilot)
        assert app.screen.has_class("moving")
        assert app.screen.query_one(SectionMenu).outer_size.height <= 8  # 6 rows at a time while moving
        await pilot.press("2")
        await pilot.pause()
        assert state(controller, "light.porch") == "on"
        assert "on 100 %" in lines(app)
        await pilot.press("2")
        await pilot.pause()
        assert state(controller, "light.porch") == "off"
        # the garage from afar asks first, a sensitive question: default No, no bare y
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.screen.sensitive
        await pilot.press("enter")  # the focused answer is No
        await pilot.pause()
        assert state(controller, "cover.garage_door") == "closed"
        await pilot.press("1", "tab", "enter")
        await pilot.pause()
        assert state(controller, "cover.garage_door") == "opening"
        # rooms are for when parked
        assert "Available when parked" in lines(app)
        menu = app.screen.query_one(SectionMenu)
        menu.highlighted = menu.get_option_index("room:Garage")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SmartHomeScreen)


async def test_a_room_by_keys_and_the_pin_for_the_front_door(app, controller):
    controller.security.set_pin("4321")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_home(app, pilot)
        menu = app.screen.query_one(SectionMenu)
        menu.highlighted = menu.get_option_index("room:Hallway")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
        assert app.screen.CRUMBS == ("Smart Home", "Hallway")
        await pilot.press("1", "enter")  # Front door: Enter unlocks -> ask first (sensitive) -> PIN
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.screen.sensitive
        await pilot.press("y")  # a sensitive question takes no bare y
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PinScreen)
        await pilot.press(*"1111", "enter")
        await pilot.pause()
        assert state(controller, "lock.front_door") == "locked"
        await pilot.press("1", "enter", "tab", "enter")
        await pilot.pause()
        await pilot.press(*"4321", "enter")
        await pilot.pause()
        assert state(controller, "lock.front_door") == "unlocking"
        # Left/Right dim the hallway light
        await pilot.press("4", "enter")
        await pilot.pause()
        assert state(controller, "light.hallway") == "on"
        await pilot.press("left")
        await pilot.pause()
        light = controller.home.backend.get("light.hallway")
        assert round(light.attributes["brightness"] * 100 / 255) == 70


async def test_deleting_a_scene_or_a_routine_asks_a_sensitive_question(app, controller):
    scene = controller.home.save_scene_from_now("Evening")
    routine = controller.routines.get("Open the garage on arrival")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_home(app, pilot)
        menu = app.screen.query_one(SectionMenu)
        menu.highlighted = menu.get_option_index(f"scene:{scene.id}")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.screen.sensitive
        await pilot.press("y", "enter")  # no bare y; Enter answers the focused No
        await pilot.pause()
        assert "Evening" in [s.name for s in controller.home.scenes()]
        await pilot.press("d", "tab", "enter")
        await pilot.pause()
        assert "Evening" not in [s.name for s in controller.home.scenes()]
        app.push_screen(RoutineScreen(routine.id))
        await pilot.pause()
        menu = app.screen.query_one("#routine-menu")
        menu.highlighted = menu.get_option_index("delete")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.screen.sensitive
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert routine.id not in [r.id for r in controller.routines.for_profile()]
        assert isinstance(app.screen, SmartHomeScreen)


async def test_a_scene_says_what_it_did_and_why_a_step_was_skipped(app, controller):
    with controller.store.write():
        sid = controller.store.home.add_scene("Evening", [{"device": "light.porch", "action": "on"},
                                                          {"device": "light.nowhere", "action": "on"}])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_home(app, pilot)
        menu = app.screen.query_one(SectionMenu)
        menu.highlighted = menu.get_option_index(f"scene:{sid}")
        await pilot.press("enter")
        said = lambda: [str(n.message) for n in app._notifications]  # noqa: E731
        await must(pilot, lambda: any(m.startswith("Evening: 1 done, 1 skipped") for m in said()))
        message = next(m for m in said() if m.startswith("Evening:"))
        assert message.startswith("Evening: 1 done, 1 skipped (There is no device called 'light.nowhere'"), message
        assert state(controller, "light.porch") == "on"


async def test_valet_hides_the_home(app, controller):
    controller.set(VALET, True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_home(app, pilot)
        assert "hidden in valet mode" in str(app.screen.query_one("#home-hidden", Static).content)
        assert not app.screen.query_one(SectionMenu).display or app.screen.has_class("home-hidden")
        await pilot.press("2")
        await pilot.pause()
        assert state(controller, "light.porch") == "off"


async def test_the_routine_question_counts_down_and_can_be_skipped(app, controller, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("settings")
        await pilot.pause()
        for metres in (3000, 1500, 600, 200):
            clock.advance(1)
            controller.set_many({LAT: HOME[0] + metres / 111_195.0, LON: HOME[1]}, source="simulator")
        await must(pilot, lambda: isinstance(app.screen, QuestionScreen))
        text = str(app.screen.query_one("#question-text", Static).content)
        assert text == "Open the garage door? 10 s - Enter: open, Esc: skip"
        clock.advance(3)
        app.screen.update_text()
        assert "7 s" in str(app.screen.query_one("#question-text", Static).content)
        await pilot.press("escape")
        await must(pilot, lambda: not isinstance(app.screen, QuestionScreen))
        assert state(controller, "cover.garage_door") == "closed"
        assert controller.routines.runs("Open the garage on arrival")[0].outcome == "declined"


async def test_the_question_opens_on_enter_and_closes_itself_on_timeout(app, controller, clock):
    r = controller.routines
    async with app.run_test(size=(100, 30)) as pilot:
        r.run("Open the garage on arrival")
        await must(pilot, lambda: isinstance(app.screen, QuestionScreen))
        controller.set_many({LAT: HOME[0], LON: HOME[1]}, source="simulator")  # now at home
        await pilot.pause()  # arriving asks again: a key pressed before that question shows never answers it
        await pilot.press("enter")
        await must(pilot, lambda: state(controller, "cover.garage_door") == "opening")
        r.run("Open the garage on arrival")
        await must(pilot, lambda: isinstance(app.screen, QuestionScreen))
        clock.advance(11)
        controller.tick()
        await must(pilot, lambda: not isinstance(app.screen, QuestionScreen))  # within a moment, not a frame count


async def test_build_a_routine_by_keys(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_home(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RoutineEditorScreen)
        await pilot.press("enter")  # Name
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        await pilot.press(*"Charge reminder", "enter")
        await pilot.pause()
        await pilot.press("3", "enter")  # When -> choose
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("4")  # Ignition off
        await pilot.pause()
        await pilot.press("4", "enter")  # + Condition
        await pilot.pause()
        await pilot.press("6")  # The car is parked
        await pilot.pause()
        await pilot.press("6", "enter")  # + Action
        await pilot.pause()
        await pilot.press("4")  # A notice on the screen
        await pilot.pause()
        await pilot.press("3")  # Remember to plug in the car.
        await pilot.pause()
        await pilot.press("6", "right")  # the notice's text: the next one
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        saved = controller.routines.get("Charge reminder")
        assert saved.trigger == {"type": "ignition", "state": "off"}
        assert saved.conditions == [{"type": "driving", "state": "parked"}]
        assert saved.actions == [{"type": "notice", "text": "Cold outside: drive carefully."}]
        assert saved.enabled


async def test_the_editor_refuses_what_cannot_work_and_is_parked_only(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(RoutinesScreen())
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("s")  # no name, no action
        await pilot.pause()
        assert isinstance(app.screen, RoutineEditorScreen)
        editor = app.screen.query_one("#editor")
        assert "name" in str(editor.get_option_at_index(editor.get_option_index("save")).prompt).lower()
        controller.set(SPEED, 30.0, source="simulator")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)


async def test_a_routine_dry_run_and_log_on_screen(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(RoutinesScreen())
        await pilot.pause()
        await pilot.press("3")  # Pre-heat
        await pilot.pause()
        assert isinstance(app.screen, RoutineScreen)
        await pilot.press("2")  # what would it do now
        await pilot.pause()
        out = str(app.screen.query_one("#routine-out", Static).content)
        assert "would do nothing now" in out and "outside temperature" in out
        await pilot.press("1")  # switch off
        await pilot.pause()
        assert not controller.routines.get("Pre-heat on cold weekday mornings").enabled


async def test_nothing_cut_off_at_80x24(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_home(app, pilot)
        assert not app.screen.has_class("too-small")
        menu = app.screen.query_one(SectionMenu)
        assert menu.region.right <= 80 and menu.region.bottom <= 23
        app.push_screen(RoutineEditorScreen(None))
        await pilot.pause()
        editor = app.screen.query_one("#editor")
        assert editor.region.right <= 80


def test_snapshot_of_the_smart_home_screen(snap_compare, controller):
    from tui.app import CockpitApp

    async def open_it(pilot):
        pilot.app.open_menu("smart_home")
        await pilot.pause()

    assert snap_compare(CockpitApp(controller), terminal_size=(100, 30), run_before=open_it)
