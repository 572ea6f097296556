"""Keys never go where the driver did not aim them (UX.md), driven with Pilot on a real database:

- keys typed for the assistant bar do not answer the yes/no question that opens under them; a
  sensitive question takes its answer only from keys pressed after it shows (a guard time, No by
  default, no bare `y`, no h/l), and keys already queued when any dialog mounts are dropped;
- the PIN pad takes 4 to 6 digits and submits on Enter only; no key falls through a closing
  dialog or PIN pad to the screen below, even typed in one burst;
- while the car moves a number key on a list whose items act (switch profile, play, buy) only
  highlights, and Enter confirms; parked, it acts at once as before;
- the command palette survives PageUp/PageDown pressed before its list is laid out.

`burst` posts key events all at once, as a terminal delivers keys typed faster than the app
handles them (Pilot's press waits for each key to be handled).
"""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Button, Static

from tui.screens import dialogs
from tui.screens.dialogs import KEY_GUARD_S, ConfirmScreen, PinScreen
from tui.widgets.assistant_bar import AssistantInput, AssistantScreen
from tui.widgets.menu_list import MenuList
from tui.widgets.pin_pad import PinPad

GARAGE = "cover.garage_door"
KEY_NAMES = {" ": "space", "\r": "enter", "\t": "tab", "\x7f": "backspace"}


@pytest.fixture(autouse=True)
def _shipped_guard(monkeypatch):
    """These tests use the guard time the app ships with, whatever other tests set."""
    monkeypatch.setattr(dialogs, "KEY_GUARD_S", KEY_GUARD_S)


def burst(app, keys) -> None:
    """Queue these keys at once (a string: one key per character; or a list of key names)."""
    for key in keys:
        name = KEY_NAMES.get(key, key)
        char = key if len(key) == 1 else None
        app.post_message(events.Key(name, char))


async def settle(pilot, rounds: int = 6) -> None:
    for _ in range(rounds):
        await pilot.pause()


def garage(controller) -> str:
    return controller.home.device(GARAGE).state


def reply_text(app) -> str:
    return str(app.screen.query_one("#assistant-reply", Static).content)


async def ask_for_the_garage(app, pilot, controller) -> ConfirmScreen:
    """The driver (allowed home security, no PIN) asks the bar to open the garage from afar."""
    controller.profiles.update("Driver", permissions={"home_security": True})
    await pilot.press("slash")
    assert isinstance(app.screen, AssistantScreen)
    await pilot.press(*"open the garage", "enter")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ConfirmScreen) and "garage" in dialog.question.lower()
    return dialog


# ---------------------------------------------------------------------------- 1: the bar and a question
async def test_typing_on_into_a_question_from_the_bar_never_opens_the_garage(app, controller):
    """The finding: `open the garage`, Enter, then typing on `switch to Guest` and Enter. The `h`
    moved the focus to Yes and the last Enter pressed it."""
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await ask_for_the_garage(app, pilot, controller)
        assert dialog.sensitive and dialog.guard_seconds == KEY_GUARD_S
        await pilot.press(*"switch to Guest", "enter")
        await settle(pilot)
        assert garage(controller) == "closed"
        if app.screen is dialog:  # every key came within the guard time: still asking, No focused
            assert dialog.focused.id == "no"
        else:  # a key after the guard answered No (the default); the rest went to the bar
            assert isinstance(app.screen, AssistantScreen)
            assert "won't" in reply_text(app) or controller.active_profile_name() == "Guest"


async def test_keys_within_the_guard_time_do_nothing(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await ask_for_the_garage(app, pilot, controller)
        dialog.guard_seconds = 60  # as if the driver were still typing the request
        await pilot.press("tab", "enter", "l", "space", "y")
        await settle(pilot)
        assert app.screen is dialog and dialog.focused.id == "no"
        assert garage(controller) == "closed"


async def test_after_the_guard_a_sensitive_question_takes_no_bare_y_nor_h_or_l(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await ask_for_the_garage(app, pilot, controller)
        dialog.guard_seconds = 0
        await pilot.press("y", "h", "l")
        await settle(pilot)
        assert app.screen is dialog and dialog.focused.id == "no"
        await pilot.press("space")  # Space on the default No answers No
        await settle(pilot)
        assert isinstance(app.screen, AssistantScreen)
        assert garage(controller) == "closed"
        assert "won't" in reply_text(app)


async def test_a_deliberate_tab_then_enter_answers_yes(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await ask_for_the_garage(app, pilot, controller)
        await pilot.pause(KEY_GUARD_S + 0.1)  # the driver reads the question
        await pilot.press("tab")
        assert dialog.focused.id == "yes"
        await pilot.press("enter")
        await settle(pilot)
        assert garage(controller) == "opening"


async def test_keys_queued_before_a_dialog_mounts_are_dropped(app, controller):
    answers = []
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = ConfirmScreen("Delete everything?")  # an ordinary question: no guard time, y works
        app.push_screen(dialog, answers.append)
        burst(app, ["tab", "enter", "y"])  # typed for the screen beneath, still on their way
        await settle(pilot)
        assert app.screen is dialog and answers == []
        assert dialog.focused.id == "no"
        await pilot.press("y")  # pressed while it shows: answers
        await settle(pilot)
        assert answers == [True]


async def test_a_key_typed_once_the_dialog_shows_is_never_dropped_by_its_first_resume(app, controller):
    """The first resume after mount (Textual sends one when a screen is pushed) keeps the moment
    the dialog showed: a key stamped between mount and that resume answers. Only a dialog shown
    again after a screen over it closed starts afresh."""
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = ConfirmScreen("Delete everything?")
        app.push_screen(dialog)
        await settle(pilot)
        shown = dialog.shown_at
        dialog.post_message(events.ScreenResume())  # a resume that follows no suspend
        await settle(pilot)
        assert dialog.shown_at == shown
        app.push_screen(ConfirmScreen("And this?"))  # covered, then shown again
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog and dialog.shown_at > shown


async def test_enter_or_space_on_the_default_answer_no(app, controller):
    answers = []
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ("enter", "space"):
            app.push_screen(ConfirmScreen("Open the garage?", "Open", "No", sensitive=True), answers.append)
            await pilot.pause()
            app.screen.guard_seconds = 0
            assert isinstance(app.screen.focused, Button) and app.screen.focused.id == "no"
            await pilot.press(key)
            await settle(pilot)
        assert answers == [False, False]
        assert not isinstance(app.screen, ConfirmScreen)


async def test_a_request_typed_fast_behind_another_is_not_glued_to_it(app, controller):
    """Enter sends the request as typed so far; what is typed behind it stays in the line."""
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        burst(app, "warmer\rfan")
        await settle(pilot)
        assert controller.get("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature") == 21.5
        assert app.screen.query_one(AssistantInput).value == "fan"


# ---------------------------------------------------------------------------- 2: the PIN pad
async def open_profile_page(app, pilot, controller):
    from tui.screens.profiles import ProfileScreen

    app.push_screen(ProfileScreen(controller.active_profile_id()))
    await settle(pilot)
    assert isinstance(app.screen, ProfileScreen)
    return app.screen


async def test_the_pin_pad_submits_on_enter_only_and_takes_4_to_6_digits(app, controller):
    answers = []
    async with app.run_test(size=(100, 30)) as pilot:
        page = await open_profile_page(app, pilot, controller)
        app.push_screen(PinScreen("PIN for Ada"), answers.append)
        await pilot.pause()
        pad = app.screen.query_one(PinPad)
        note = str(app.screen.query_one(".dialog-note", Static).content)
        assert "4 to 6 digits" in note and "Enter" in note
        await pilot.press(*"2468")
        await settle(pilot)
        assert isinstance(app.screen, PinScreen) and answers == []  # no submit on the 4th digit
        await pilot.press(*"1357")  # 5th and 6th digits are typed, the 7th and 8th are not
        assert pad.digits == "246813"
        await pilot.press("backspace")
        assert pad.digits == "24681"
        await pilot.press("enter")
        await settle(pilot)
        assert answers == ["24681"] and app.screen is page


async def test_too_few_digits_say_so_and_stay_backspace_and_escape(app, controller):
    answers = []
    async with app.run_test(size=(100, 30)) as pilot:
        page = await open_profile_page(app, pilot, controller)
        app.push_screen(PinScreen("PIN"), answers.append)
        await pilot.pause()
        pad = app.screen.query_one(PinPad)
        await pilot.press("1", "2", "3", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PinScreen) and answers == []
        assert any("4 to 6 digits" in n.message for n in app._notifications)
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await settle(pilot)
        assert pad.digits == "" and isinstance(app.screen, PinScreen)  # an empty pad: Backspace stays
        await pilot.press("escape")
        await settle(pilot)
        assert answers == [None] and app.screen is page


async def test_digits_typed_fast_after_the_pin_never_reach_the_screen_below(app, controller):
    """The finding: on the profile page `2` opens History, and Enter acts on its highlighted row;
    the pad closed on the 4th digit and the Enter and digits typed next landed there. Here the PIN
    is typed, then Enter and more keys come in one burst."""
    from tui.screens.profiles import ProfileScreen

    answers = []
    async with app.run_test(size=(100, 30)) as pilot:
        page = await open_profile_page(app, pilot, controller)
        menu = page.query_one(MenuList)
        before = menu.highlighted
        app.push_screen(PinScreen("PIN"), answers.append)
        await pilot.pause()
        await pilot.press(*"2468")
        burst(app, "\r2\r3")  # Enter, and the next keys typed before the app has handled it
        await settle(pilot, 10)
        assert answers == ["2468"]
        assert app.screen is page and [type(s) for s in app.screen_stack][-1] is ProfileScreen
        assert menu.highlighted == before  # not even a highlight moved


async def test_keys_typed_fast_after_an_answer_never_reach_the_screen_below(app, controller):
    answers = []
    async with app.run_test(size=(100, 30)) as pilot:
        page = await open_profile_page(app, pilot, controller)
        menu = page.query_one(MenuList)
        before = menu.highlighted
        app.push_screen(ConfirmScreen("Move the seat?"), answers.append)
        await pilot.pause()
        burst(app, "n2\r")
        await settle(pilot, 10)
        assert answers == [False]
        assert app.screen is page and menu.highlighted == before


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


# ---------------------------------------------------------------------------- 4: the command palette
async def test_page_keys_in_the_palette_before_its_list_is_laid_out(app, controller):
    from textual.command import CommandPalette

    async with app.run_test(size=(100, 30)) as pilot:
        burst(app, ["ctrl+p", "pagedown", "pageup", "down", "up", "pagedown"])
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("pageup", "pagedown", "down", "up")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("end", "enter")  # the app still answers: Settings opens
        await settle(pilot)
        assert type(app.screen).__name__ == "SettingsScreen"


# ---------------------------------------------------------------------------- 5: a dialog's footer is its own (issue 16)
from tui.screens.dialogs import ChoiceScreen, PromptScreen  # noqa: E402
from tui.screens.help import HelpScreen  # noqa: E402
from tui.widgets.footer import CockpitFooter  # noqa: E402
from tui.widgets.menu_list import MenuItem  # noqa: E402

# each dialog, how it opens over the Profiles screen, and the keys its footer shows (nothing else)
DIALOGS = {
    "confirm": (lambda app: app.push_screen(ConfirmScreen("Move the seat?")), ["Switch", "No", "Yes", "Answer"]),
    "sensitive": (lambda app: app.push_screen(ConfirmScreen("Open the garage?", sensitive=True)),
                  ["Switch", "No", "Answer"]),  # no bare y on a sensitive question
    "pin": (lambda app: app.push_screen(PinScreen("PIN")), ["Delete", "Confirm", "Cancel"]),
    "choice": (lambda app: app.push_screen(ChoiceScreen("Which?", [MenuItem("a", "A"), MenuItem("b", "B")])),
               ["Choose", "Cancel"]),
    "prompt": (lambda app: app.push_screen(PromptScreen("Name")), ["Confirm", "Cancel"]),
    "assistant": (lambda app: app.action_assistant(), ["Earlier request", "Ask", "Close"]),
    "help": (lambda app: app.action_help(), ["Close"]),
}


def bottom_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


@pytest.mark.parametrize("kind", list(DIALOGS))
async def test_a_dialog_footer_shows_only_the_dialogs_keys(app, controller, kind):
    """The finding: under a dialog the footer still showed the keys of the screen beneath (Open,
    Home, Help...), which do nothing while the dialog shows."""
    opener, keys = DIALOGS[kind]
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("profiles")
        await settle(pilot)
        beneath = app.screen
        opener(app)
        await settle(pilot)
        dialog = app.screen
        assert dialog is not beneath and dialog.is_modal
        footer = dialog.query_one(CockpitFooter)
        assert footer.descriptions() == keys
        text = bottom_line(app)
        for word in keys:
            assert word in text, (word, text)
        for word in ("Home", "Help", "Back", "New", "Valet", "palette"):  # the Profiles screen's keys
            assert word not in text, (word, text)
        if kind == "help":
            assert isinstance(dialog, HelpScreen)
