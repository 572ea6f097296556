"""The dialogs every screen uses: a yes/no question (default No), a PIN pad (4 to 6 digits), a choice
from a short list (MenuItem rows, 1-9 pick) and a one-line text prompt.

Keys never go where the driver did not aim them (UX.md):
- a dialog hears only keys pressed after it is shown: a key made before it mounted (typed for the
  widget beneath it and still on its way) is dropped, and a sensitive question (unlock, disarm,
  garage from afar, buy, delete) also ignores every key for `guard_seconds` after it shows;
- a dialog that has its answer swallows the keys still on their way to it, and leaves only once the
  keys queued before the answer have reached it, so none falls through to the screen below.
"""

from __future__ import annotations

import sys
import time

from textual import events
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui.widgets.footer import CockpitFooter
from tui.widgets.menu_list import MenuItem, MenuList
from tui.widgets.pin_pad import PIN_MAX, PIN_MIN, PinPad

KEY_GUARD_S = 0.4  # a sensitive question ignores keys pressed this soon after it shows

# The clock Textual stamps its events with (Message.time): time.monotonic, perf_counter on Windows.
_now = time.perf_counter if sys.platform == "win32" else time.monotonic


def close(screen, result=None) -> None:
    """Answer a dialog. Only while it is the one on top: Screen.dismiss pops whatever is on top, so
    a second key that reaches a dialog already closing (fast typing, key repeat) would otherwise
    close the screen beneath it too. It leaves after the events already queued for the app (keys
    typed before the answer) have been handed to it rather than to the screen below; a KeySafeModal
    swallows them meanwhile."""
    finish = getattr(screen, "finish", None)
    if finish is not None:
        finish(result)
        return
    if not screen.is_attached or screen.app.screen is not screen or getattr(screen, "_dialogs_answered", False):
        return
    screen._dialogs_answered = True
    screen.app.call_later(_leave, screen, result)


def _leave(screen, result) -> None:
    if screen.is_attached and screen.app.screen is screen:
        screen.dismiss(result)


class KeySafeModal(ModalScreen):
    """A modal that takes its answer only from keys pressed while it shows.

    shown_at: when it mounted (Textual's event clock); keys stamped earlier were typed for
    something else. guard_seconds: keys pressed within this long after that are ignored too (0 for
    an ordinary dialog, KEY_GUARD_S for a sensitive one; tests may set it). closing: answered, keys
    still arriving are swallowed until it has left."""

    guard_seconds: float = 0.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shown_at: float | None = None
        self.closing = False

    def compose(self):
        """The dialog's box, then its own footer: the dialog's keys over the footer of the screen
        beneath (whose keys do not work while it shows)."""
        yield from self.compose_box()
        yield CockpitFooter()

    def compose_box(self):
        yield from ()

    def on_mount(self) -> None:
        self.shown_at = _now()
        if not self.query(CockpitFooter):  # a dialog with a compose of its own gets its footer too
            self.mount(CockpitFooter())

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        # Shown again, after a screen over it closed: keys typed for that screen must not answer.
        # Not on the first resume, which comes after mount (a key typed in between is for us).
        if self.shown_at is not None and getattr(self, "_covered", False):
            self._covered = False
            self.shown_at = _now()

    def takes_key(self, event: events.Key) -> bool:
        """Whether this key may act on the dialog (widgets inside that handle keys themselves, like
        the PIN pad, ask too)."""
        if self.closing or self.shown_at is None:
            return False
        return event.time >= self.shown_at + self.guard_seconds

    def on_key(self, event: events.Key) -> None:
        # Every key reaches the screen (sent to it, or bubbling up from the focused button) before
        # the app runs the bindings for it: a key that may not act stops here.
        if not self.takes_key(event):
            event.stop()
            event.prevent_default()

    def finish(self, result=None) -> bool:
        """Answer once and leave (see close()). False when it cannot now (not on top)."""
        if self.closing or not self.is_attached or self.app.screen is not self:
            return False
        self.closing = True
        self.app.call_later(_leave, self, result)
        return True


class ConfirmScreen(KeySafeModal):
    """Ask first. The default (focused) answer is No; Escape, Backspace or n answer No; Enter or
    Space answer what is focused.

    sensitive=True (unlock, disarm, garage from afar, buy, delete): keys pressed within
    guard_seconds of it showing are ignored, and only a deliberate move answers Yes: Tab or an arrow
    to the Yes button, then Enter or Space. yes_key: whether a bare `y` answers Yes (and h/l move
    between the buttons); by default only on a question that is not sensitive."""

    BINDINGS = [
        Binding("escape,backspace,n", "answer(False)", "No", show=True),
        Binding("y", "answer(True)", "Yes", show=True),
        Binding("space", "answer_focused", "Answer", show=True, key_display="⏎"),  # Enter: the focused button's
        Binding("tab,shift+tab,left,right", "toggle_focus", "Switch", show=True, key_display="Tab"),
        Binding("h,l", "toggle_focus_letter", "Switch", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No", *, sensitive: bool = False,
                 yes_key: bool | None = None) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.yes = yes
        self.no = no
        self.sensitive = sensitive
        self.yes_key = (not sensitive) if yes_key is None else yes_key
        if sensitive:
            self.guard_seconds = KEY_GUARD_S

    def compose_box(self):
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.no, id="no", variant="primary")
                yield Button(self.yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "answer" and parameters == (True,) or action == "toggle_focus_letter":
            return self.yes_key
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.finish(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.finish(answer)

    def action_answer_focused(self) -> None:
        focused = self.focused
        self.finish(focused is not None and focused.id == "yes")

    def action_toggle_focus(self) -> None:
        target = "#yes" if self.focused is not None and self.focused.id == "no" else "#no"
        self.query_one(target, Button).focus()

    def action_toggle_focus_letter(self) -> None:
        self.action_toggle_focus()


PIN_KEYS = f"Type {PIN_MIN} to {PIN_MAX} digits, then Enter. Backspace deletes, Escape cancels."


class PinScreen(KeySafeModal):
    """Ask for a PIN of 4 to 6 digits: digits type, Backspace deletes, Enter confirms (never by
    itself on the 4th digit), Escape cancels. The note (the caller's, if any) is followed by the
    keys."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=True)]

    def __init__(self, prompt: str, note: str = "") -> None:
        super().__init__(classes="dialog")
        self.prompt = prompt
        self.note = note

    def compose_box(self):
        with Vertical(classes="dialog-box"):
            yield Static(self.prompt, classes="dialog-question")
            yield PinPad(id="pin")
            yield Static(f"{self.note}\n{PIN_KEYS}" if self.note else PIN_KEYS, classes="dialog-note")

    def on_mount(self) -> None:
        self.query_one(PinPad).focus()

    def on_pin_pad_submitted(self, event: PinPad.Submitted) -> None:
        event.stop()
        if not self.finish(event.pin) and not self.closing:  # another screen over it: type again
            self.query_one(PinPad).submitted = False

    def action_cancel(self) -> None:
        self.finish(None)


class ChoiceList(MenuList):
    """The choices: Enter or Space chooses (named so in the dialog's footer)."""

    BINDINGS = [Binding("enter,space", "select", "Choose", show=True, key_display="⏎")]


class ChoiceScreen(KeySafeModal):
    """Pick one of a few options (rows as in every menu: number, title, detail; a row with a
    disabled_reason shows it dimmed): arrows and Enter, or 1-9, pick and answer its id; Escape or
    Backspace cancel (None)."""

    BINDINGS = [Binding("escape,backspace", "cancel", "Cancel", show=True),
                *[Binding(str(n), f"jump({n})", show=False) for n in range(1, 10)]]

    def __init__(self, question: str, items: list[MenuItem]) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.items = list(items)

    def compose_box(self):
        with Vertical(classes="dialog-box choice-box"):
            yield Static(self.question, classes="dialog-question")
            yield ChoiceList(self.items, id="choices")

    def on_mount(self) -> None:
        self.query_one(MenuList).focus()

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        event.stop()
        self.finish(event.item_id)

    def action_jump(self, number: int) -> None:
        self.query_one(MenuList).jump(number)

    def action_cancel(self) -> None:
        self.finish(None)


class PromptInput(Input):
    """The prompt's field: Enter (Input's own key) named in the dialog's footer."""

    BINDINGS = [Binding("enter", "submit", "Confirm", show=True, key_display="⏎")]


class PromptScreen(KeySafeModal):
    """One line of text (a name, a file name or path): Enter answers what was typed, Escape cancels
    (None). max_length (0: no limit) is the most the field takes, typed or pasted; what it takes is
    still only a proposal: the controller cleans or refuses it (tui.controller.text)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=True)]

    def __init__(self, prompt: str, value: str = "", note: str = "", max_length: int = 0) -> None:
        super().__init__(classes="dialog")
        self.prompt = prompt
        self.value = value
        self.note = note
        self.max_length = max_length

    def compose_box(self):
        with Vertical(classes="dialog-box"):
            yield Static(self.prompt, classes="dialog-question")
            yield PromptInput(self.value, id="prompt-input", max_length=self.max_length)
            yield Static(self.note or "Enter to confirm, Escape to cancel.", classes="dialog-note")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.finish(event.value)

    def action_cancel(self) -> None:
        self.finish(None)


# ---------------------------------------------------------------------------- the command palette
try:
    from textual.command import CommandList, CommandPalette
except ImportError:  # pragma: no cover - Textual moved it
    CommandPalette = None

if CommandPalette is not None:

    class CockpitPalette(CommandPalette):
        """Textual's command palette, with PageUp/PageDown safe before its list is laid out.

        Workaround for Textual 8.2.x (seen with 8.2.8): OptionList._move_page reads the list's line
        map, which is empty until the list has been laid out, so PageUp or PageDown pressed right
        after Ctrl+P raised `KeyError: 0` and the app died. Here the page move waits for the
        list's next refresh, and is dropped if the list still has no layout then."""

        BINDINGS = [
            Binding("pagedown", "page(1)", "Next page", show=False),
            Binding("pageup", "page(-1)", "Previous page", show=False),
        ]

        def action_page(self, direction: int, retry: bool = True) -> None:
            try:
                commands = self.query_one(CommandList)
            except Exception:  # closing, or not composed yet
                return
            try:
                (commands.action_page_down if direction > 0 else commands.action_page_up)()
            except KeyError:  # no layout yet (see the class docstring)
                if retry:
                    commands.call_after_refresh(self.action_page, direction, False)
