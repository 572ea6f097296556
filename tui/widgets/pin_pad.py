"""A PIN pad: masked boxes filled by the digit keys. A PIN is 4 to 6 digits; Enter submits it
(never the 4th digit by itself: a longer PIN would be cut short, and the Enter the driver then
presses would land on the screen below). Backspace deletes the last digit."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

try:  # the controller's rule (tui.controller.security)
    from tui.controller.security import PIN_MAX, PIN_MIN
except ImportError:  # pragma: no cover - an older controller without the names
    PIN_MIN, PIN_MAX = 4, 6


class PinPad(Widget, can_focus=True):
    DEFAULT_CSS = """
    PinPad { height: 3; width: 100%; content-align: center middle; text-style: bold; }
    """
    BINDINGS = [
        Binding("backspace", "delete", "Delete", show=True),
        Binding("enter", "submit", "Confirm", show=True),
    ]

    digits: reactive[str] = reactive("")

    class Submitted(Message):
        def __init__(self, pin: str) -> None:
            self.pin = pin
            super().__init__()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.submitted = False  # a PIN was handed over: keys still arriving are not typed

    def render(self) -> str:
        shown = min(max(PIN_MIN, len(self.digits)), PIN_MAX)
        boxes = ["●" if i < len(self.digits) else "○" for i in range(shown)]
        return "   ".join(boxes)

    def _takes(self, event: events.Key) -> bool:
        """Keys pressed before the dialog showed, or while it closes, do not type (the screen
        decides, see tui.screens.dialogs.KeySafeModal)."""
        takes = getattr(self.screen, "takes_key", None)
        return not self.submitted and (takes is None or takes(event))

    def on_key(self, event: events.Key) -> None:
        # Digits, Enter and Backspace are handled here, in the order they were typed: as bindings,
        # Enter would run only once the key had gone up to the app, after the digits typed behind
        # it had already been added to the PIN.
        digit = bool(event.character) and len(event.character) == 1 and event.character.isascii() \
            and event.character.isdigit()
        if not digit and event.key not in ("enter", "backspace"):
            return
        event.stop()
        event.prevent_default()
        if not self._takes(event):
            return
        if event.key == "enter":
            self.action_submit()
        elif event.key == "backspace":
            self.action_delete()
        elif len(self.digits) < PIN_MAX:
            self.digits += event.character

    def action_delete(self) -> None:
        if not self.submitted:
            self.digits = self.digits[:-1]

    def action_submit(self) -> None:
        if self.submitted:
            return
        if PIN_MIN <= len(self.digits) <= PIN_MAX:
            pin, self.digits = self.digits, ""
            self.submitted = True
            self.post_message(self.Submitted(pin))
        else:
            self.app.notify(f"A PIN is {PIN_MIN} to {PIN_MAX} digits.", severity="warning", timeout=2)
