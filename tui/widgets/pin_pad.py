"""A PIN pad: four masked boxes filled by the digit keys."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

PIN_LENGTH = 4


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

    def render(self) -> str:
        boxes = ["●" if i < len(self.digits) else "○" for i in range(PIN_LENGTH)]
        return "   ".join(boxes)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and len(event.character) == 1:
            event.stop()
            event.prevent_default()
            if len(self.digits) < PIN_LENGTH:
                self.digits += event.character
            if len(self.digits) == PIN_LENGTH:
                self.action_submit()

    def action_delete(self) -> None:
        self.digits = self.digits[:-1]

    def action_submit(self) -> None:
        if len(self.digits) == PIN_LENGTH:
            pin, self.digits = self.digits, ""
            self.post_message(self.Submitted(pin))
        else:
            self.app.notify("A PIN is 4 digits.", severity="warning", timeout=2)
