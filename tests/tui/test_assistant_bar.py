"""The assistant bar in the app (Pilot): opened with / or : on any screen, typed requests carried
out, navigation obeyed, numbered choices, the PIN pad and the yes/no dialog, Up for earlier
requests, Escape to close, short answers while moving, and nothing cut off at 80x24."""

from __future__ import annotations

from textual.widgets import Static

from tui.screens.dialogs import ConfirmScreen, PinScreen
from tui.widgets.assistant_bar import AssistantInput, AssistantScreen

DT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
WIN_P = "Vehicle.Cabin.Door.Row1.PassengerSide.Window.Position"
LOCK = "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked"
BRIGHTNESS = "Vehicle.Cabin.Infotainment.HMI.Brightness"


def reply_text(app) -> str:
    return str(app.screen.query_one("#assistant-reply", Static).content)


async def ask(pilot, text: str) -> None:
    field = pilot.app.screen.query_one(AssistantInput)
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_slash_opens_the_bar_and_typed_keys_are_carried_out(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, AssistantScreen)
        await pilot.press(*"warmer", "enter")
        await pilot.pause()
        assert controller.get(DT) == 21.5
        assert "up to" in reply_text(app)
        entry = controller.store.audit.page(limit=1)[0]
        assert (entry.path, entry.source) == (DT, "assistant")
        await pilot.press("escape")
        assert not isinstance(app.screen, AssistantScreen)


async def test_colon_opens_it_on_another_screen_and_it_navigates(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("settings")
        await pilot.pause()
        await pilot.press("colon")
        assert isinstance(app.screen, AssistantScreen)
        await ask(pilot, "show me the units settings")
        await pilot.pause()
        assert type(app.screen).__name__ == "UnitsScreen"
        await pilot.press("slash")
        await ask(pilot, "go home")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_a_change_shows_on_the_screen_underneath(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        from tui.screens.settings import DisplayScreen

        app.push_screen(DisplayScreen())
        await pilot.pause()
        await pilot.press("slash")
        await ask(pilot, "brightness fifty percent")
        assert controller.get(BRIGHTNESS) == 50.0
        await pilot.press("escape")
        await pilot.pause()
        rows = app.screen.query_one("#settings")
        assert "50 %" in str(rows.get_option(BRIGHTNESS).prompt)


async def test_up_recalls_earlier_requests(app, controller):
    controller.assistant.ask("fan up")
    controller.assistant.ask("what's my range")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        field = app.screen.query_one(AssistantInput)
        await pilot.press("up")
        assert field.value == "what's my range"
        await pilot.press("up")
        assert field.value == "fan up"
        await pilot.press("down")
        assert field.value == "what's my range"
        await pilot.press("down")
        assert field.value == ""


async def test_numbered_choices_are_answered_by_number(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await ask(pilot, "open the window")
        assert "1 driver, 2 passenger" in reply_text(app)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert "Opening the passenger window" in reply_text(app)
        controller.clock.advance(10)  # the window moves at its motor's speed (issue 17)
        controller.body.tick()
        assert controller.get(WIN_P) == 100


async def test_security_action_asks_for_the_pin_on_the_pin_pad(app, controller):
    controller.security.set_pin("2468")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await ask(pilot, "unlock the car")
        assert isinstance(app.screen, PinScreen)
        await pilot.press("1", "1", "1", "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AssistantScreen)
        assert "Wrong PIN" in reply_text(app)
        assert controller.get(LOCK) is True
        await ask(pilot, "unlock the car")
        await pilot.press("2", "4", "6", "8", "enter")
        await pilot.pause()
        assert controller.get(LOCK) is False
        assert "unlocked" in reply_text(app)
        assert "2468" not in controller.assistant.history()


async def test_sensitive_action_asks_first_with_no_as_the_default(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await ask(pilot, "unlock the car")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused button is No
        await pilot.pause()
        assert controller.get(LOCK) is True
        assert "won't" in reply_text(app)


async def test_escape_forgets_an_unanswered_question(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await ask(pilot, "open the window")
        await pilot.press("escape")
        await pilot.pause()
        assert controller.assistant.waiting() is None


async def test_fits_80x24_and_answers_short_while_moving(app, controller):
    controller.set_many({"Vehicle.Speed": 80.0, "Vehicle.Powertrain.Transmission.SelectedGear": 127}, source="simulator")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        await ask(pilot, "what can I say")
        text = reply_text(app)
        assert 0 < len(text) <= 80
        screen = app.screen
        for widget_id in ("#assistant-reply", "#assistant-input", "#assistant-hint"):
            region = screen.query_one(widget_id).region
            assert region.width > 0 and region.height > 0
            assert region.right <= 80 and region.bottom <= 24
        await ask(pilot, "set the driver side to 22")
        assert controller.get(DT) == 22.0  # the voice channel works while moving


async def test_nothing_understood_gets_examples_not_a_traceback(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await ask(pilot, "\x1b[31m;DROP TABLE audit;--")
        assert "Try" in reply_text(app)
        await ask(pilot, "")
        assert isinstance(app.screen, AssistantScreen)


async def test_the_real_domains_from_the_bar(app, controller):
    """Profiles, media, the home and services through the bar: the PIN pad for Alex, the yes/no
    dialog for the garage and a purchase, what plays, and the home's state afterwards."""
    controller.profiles.create("Alex", pin="4321")
    controller.profiles.update("Alex", permissions={"home_security": True, "purchases": True})  # the owner grants
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await ask(pilot, "switch to alx")
        assert isinstance(app.screen, PinScreen)
        await pilot.press("4", "3", "2", "1", "enter")
        await pilot.pause()
        assert controller.active_profile_name() == "Alex"
        assert reply_text(app).startswith("Hello Alex")
        await ask(pilot, "play jazz")
        assert controller.media.now_playing().station == "WJZZ Smooth Jazz"
        await ask(pilot, "what's playing")
        assert "WJZZ Smooth Jazz" in reply_text(app)
        await ask(pilot, "turn on the kitchen lights")
        assert controller.home.device("light.kitchen").state == "on"
        await ask(pilot, "open the garage")
        assert isinstance(app.screen, PinScreen)  # Alex has a PIN: from afar, the garage asks it
        await pilot.press("escape")
        await pilot.pause()
        assert controller.home.device("cover.garage_door").state == "closed"
        assert isinstance(app.screen, AssistantScreen)  # back in the bar, the question forgotten
        await ask(pilot, "subscribe to live traffic")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # No is the default
        await pilot.pause()
        assert not controller.services.offer("traffic").owned
