"""Modal dialogs every domain uses: a yes/no question (default No) and a 4-digit PIN pad."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.widgets.pin_pad import PinPad


def close(screen, result=None) -> None:
    """Dismiss screen only while it is the one on top. Screen.dismiss pops whatever is on top, so
    a second key that reaches a dialog already closing (fast typing, key repeat) would otherwise
    close the screen beneath it too."""
    if screen.is_attached and screen.app.screen is screen:
        screen.dismiss(result)


class ConfirmScreen(ModalScreen[bool]):
    """Ask first. The default (focused) answer is No; Escape or Backspace answer No."""

    BINDINGS = [
        Binding("escape,backspace,n", "answer(False)", "No", show=True),
        Binding("y", "answer(True)", "Yes", show=True),
        Binding("left,right,h,l,tab", "toggle_focus", "Switch", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self):
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.no, id="no", variant="primary")
                yield Button(self.yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        close(self, event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        close(self, answer)

    def action_toggle_focus(self) -> None:
        target = "#yes" if self.focused is not None and self.focused.id == "no" else "#no"
        self.query_one(target, Button).focus()


class PinScreen(ModalScreen[str | None]):
    """Ask for a 4-digit PIN: digits type, Backspace deletes, Enter confirms, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=True)]

    def __init__(self, prompt: str, note: str = "") -> None:
        super().__init__(classes="dialog")
        self.prompt = prompt
        self.note = note

    def compose(self):
        with Vertical(classes="dialog-box"):
            yield Static(self.prompt, classes="dialog-question")
            yield PinPad(id="pin")
            yield Static(self.note or "Type 4 digits, Enter to confirm, Escape to cancel.", classes="dialog-note")

    def on_mount(self) -> None:
        self.query_one(PinPad).focus()

    def on_pin_pad_submitted(self, event: PinPad.Submitted) -> None:
        close(self, event.pin)

    def action_cancel(self) -> None:
        close(self, None)
