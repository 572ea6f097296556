"""The Level 3 take-over request (issue 17), over whatever screen is up: "TAKE OVER NOW — the car
left the highway — 7 s". H (or Enter) confirms hands on the wheel. When the time runs out the car
escalates (hazard lights, assist kept off) and the dialog stays until the driver confirms. The
handover lives in the controller (controller.driver_assistance.handover); this only shows it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.controller.handover import ASKING, ESCALATED, HandoverChanged
from tui.messages import ControllerChanged
from tui.screens.dialogs import KeySafeModal, close


class HandoverScreen(KeySafeModal):
    """No Escape: the only way out is hands on the wheel (H or Enter), or the handover ending."""

    BINDINGS = [Binding("h,enter", "hands_on", "Hands on", show=True, key_display="H")]

    def compose(self):
        with Vertical(classes="dialog-box question-box", id="handover-box"):
            yield Static("", id="handover-title", classes="dialog-question")
            yield Static("", id="handover-text")
            yield Static("Press H (or Enter) when your hands are on the wheel.", classes="dialog-note")

    @property
    def handover(self):
        return self.app.controller.driver_assistance.handover

    def on_mount(self) -> None:
        self.update_text()
        self.set_interval(0.25, self.update_text)

    def update_text(self) -> None:
        h = self.handover
        if h.state not in (ASKING, ESCALATED):
            close(self)
            return
        title = Text()
        if h.state == ASKING:
            title.append("TAKE OVER NOW", style="bold reverse")
            title.append(f"  {h.seconds_left()} s", style="bold")
            body = f"Eyes-off has ended: {h.reason}."
        else:
            title.append("TAKE OVER — NO ANSWER", style="bold red reverse")
            body = f"Hazard lights on; assisted driving stays off until you confirm. ({h.reason})"
        self.query_one("#handover-title", Static).update(title)
        self.query_one("#handover-text", Static).update(body)

    @on(ControllerChanged)
    def changed(self, message: ControllerChanged) -> None:
        if isinstance(message.event, HandoverChanged):
            self.update_text()

    def action_hands_on(self) -> None:
        text = self.handover.confirm()
        self.app.notify(text, timeout=3)
        close(self)
