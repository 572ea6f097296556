"""A routine's question with a countdown, over whatever screen is up:
"Open the garage door? 10 s - Enter: open, Esc: skip". The question lives in the controller
(controller.routines.pending); this modal only shows it and passes the answer."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.controller import CockpitError
from tui.messages import ControllerChanged
from tui.screens.dialogs import KeySafeModal, close


class QuestionScreen(KeySafeModal):
    """It opens over whatever the driver is doing: an Enter typed for the screen beneath before it
    showed does not answer it, and no key falls through it once answered (KeySafeModal)."""

    BINDINGS = [
        Binding("enter,y", "answer(True)", "Yes", show=True),
        Binding("escape,backspace,n", "answer(False)", "Skip", show=True),
    ]

    def __init__(self, event) -> None:
        super().__init__(classes="dialog")
        self.question = event.question

    def compose(self):
        with Vertical(classes="dialog-box question-box"):
            yield Static("", id="question-text", classes="dialog-question")
            yield Static(f"From the routine \u201c{self.question.routine_name}\u201d.", classes="dialog-note")

    def on_mount(self) -> None:
        self.update_text()
        self.set_interval(0.25, self.update_text)

    def update_text(self) -> None:
        routines = self.app.controller.routines
        if self.question not in routines.pending:
            close(self)
            return
        self.query_one("#question-text", Static).update(self.question.text(self.app.controller.clock.monotonic()))

    @on(ControllerChanged)
    def closed_elsewhere(self, message: ControllerChanged) -> None:
        from tui.controller.routines import QuestionClosed  # loaded: the question came from the routines

        if isinstance(message.event, QuestionClosed) and message.event.question_id == self.question.id:
            close(self)

    def action_answer(self, yes: bool) -> None:
        try:
            result = self.app.controller.routines.answer(yes, self.question.id)
        except CockpitError as exc:
            self.app.notify(str(exc), timeout=2)
            close(self)
            return
        if result is not None:
            self.app.notify(result.text[:80], severity="warning" if result.refused else "information", timeout=3)
        close(self)
