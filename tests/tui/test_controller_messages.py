"""Controller events reach the screens as Textual messages (tui/messages.py ControllerChanged,
handled with @on): one per write transaction, on every screen that shows; a screen redraws once
per change and the status bar only when what it shows changed."""

from __future__ import annotations

from tui.messages import ControllerChanged
from tui.widgets.control_list import ControlList
from tui.widgets.status_bar import StatusBar

HVAC = "Vehicle.Cabin.HVAC.Station."
ZONES = {HVAC + f"{z}.Temperature" for z in ("Row1.Driver", "Row1.Passenger", "Row2.Driver", "Row2.Passenger")}
UNIT = "Vehicle.Cabin.Infotainment.HMI.TemperatureUnit"


def counted(widget, name: str) -> list:
    """Count the calls of one widget's method (the screen calls it on the instance)."""
    calls, real = [], getattr(widget, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    setattr(widget, name, counting)
    return calls


def heard_by(screen) -> list[ControllerChanged]:
    """The ControllerChanged messages the screen processes from now on."""
    heard: list[ControllerChanged] = []
    screen.message_signal.subscribe(screen, lambda m: heard.append(m) if isinstance(m, ControllerChanged) else None,
                                    immediate=True)
    return heard


def plain(widget) -> str:
    content = widget.content
    return getattr(content, "plain", str(content))


async def test_one_change_rebuilds_the_climate_rows_once_and_the_status_bar_at_most_once(app, controller):
    controller.set(UNIT, "C")
    controller.climate.set_sync(True)  # the driver's zone carries three more: one transaction still
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("climate")
        await pilot.pause()
        screen = app.screen
        rows, bar = screen.query_one(ControlList), screen.query_one(StatusBar)
        heard = heard_by(screen)
        reloads, renders = counted(rows, "reload"), counted(bar, "update")
        rows.highlighted = [i.id for i in rows._items].index("temp:Row1.Driver")
        await pilot.press("right")
        await pilot.pause()
        assert {controller.get(p) for p in ZONES} == {21.5}
        assert len(heard) == 1 and heard[0].paths == ZONES and heard[0].source == "ui"
        assert len(reloads) == 1  # once for the change, with every zone already there
        assert {i.detail for i in rows._items if i.id.startswith("temp:")} == {"21.5 °C"}
        assert len(renders) <= 1  # nothing it shows changed: not redrawn at all
        assert len(renders) == 0

        # a change the status bar shows (the outside temperature's unit), made elsewhere
        heard.clear()
        controller.set(UNIT, "F", source="assistant")
        await pilot.pause()
        assert len(heard) == 1 and len(reloads) == 2 and len(renders) == 1
        assert "°F" in plain(bar)


async def test_the_status_bar_follows_on_the_screen_under_a_dialog(app, controller):
    controller.set(UNIT, "C")
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("climate")
        await pilot.pause()
        climate = app.screen
        await pilot.press("slash")  # the assistant bar, a dialog over the climate screen
        await pilot.pause()
        assert app.screen is not climate and app.screen.is_modal
        controller.set(UNIT, "F", source="assistant")
        await pilot.pause()
        assert "°F" in plain(climate.query_one(StatusBar))
        assert any("°F" in i.detail for i in climate.query_one(ControlList)._items)


async def test_a_hidden_screen_hears_nothing_and_catches_up_when_it_shows_again(app, controller):
    controller.set(UNIT, "C")
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        heard = heard_by(home)
        app.open_menu("climate")
        await pilot.pause()
        controller.set(UNIT, "F", source="assistant")
        await pilot.pause()
        assert heard == []  # under a full screen: not drawn, not redrawn
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen is home and "°F" in plain(home.query_one(StatusBar))


async def test_a_screen_that_left_drops_a_late_controller_message(app, controller):
    """A message that waited in the queue of a screen fast keys have popped meets no widgets: it is
    dropped (CockpitScreen.on_event), where the same on a screen still shown would be a bug."""
    from tui.screens.climate import ClimateScreen

    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ClimateScreen())  # a screen of its own (open_menu keeps Climate between visits)
        await pilot.pause()
        screen = app.screen
        app.pop_screen()
        await pilot.pause()
        assert screen.gone and not screen.query(StatusBar)
        await screen.on_event(ControllerChanged(None))  # no NoMatches
        assert app.is_running


async def test_a_question_answered_elsewhere_closes_its_dialog(app, controller):
    """The routine's question is a dialog, a screen that shows: it hears the controller too, and
    closes when its question is answered from elsewhere (here the controller, as the assistant or
    the command line would)."""
    from tui.controller.routines import QuestionClosed
    from tui.screens.routines_question import QuestionScreen

    async with app.run_test(size=(100, 30)) as pilot:
        controller.routines.run("Open the garage on arrival")
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, QuestionScreen):
                break
        question = app.screen
        assert isinstance(question, QuestionScreen)
        heard = heard_by(question)
        controller.routines.answer(False)
        for _ in range(20):
            await pilot.pause()
            if app.screen is not question:
                break
        assert app.screen is not question
        assert any(isinstance(m.event, QuestionClosed) for m in heard)
