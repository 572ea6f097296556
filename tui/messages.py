"""What the app tells its screens: the controller's announcements as Textual messages, handled in
the screens with `@on(ControllerChanged)`. The app posts one to every screen that shows (the one on
top, and those under a dialog) per controller event: one per write transaction."""

from __future__ import annotations

from textual import events

from tui.controller.events import ContextChanged, Event, StateBatch, StateChanged


class ControllerChanged(events.Event, bubble=False):
    """The controller announced something while this screen shows.

    `event` is the controller's own: a StateBatch (every signal one transaction changed, the
    follow-up writes made inside it included), a ContextChanged (another car, profile, or process:
    everything may be stale), or a domain's event (RoutinesChanged, HomeChanged, QuestionClosed...);
    None once the controller has finished its staged start (everything may be stale).

    `frame`: the status bar and the restrictions follow now. False for the simulator's readings
    between two frame updates (the app updates the frame at most five times a second for them).

    An Event, not only a Message: a screen that left the stack while this waited in its queue
    drops it as it drops its Mount (CockpitScreen.on_event).
    """

    def __init__(self, event: Event | None, frame: bool = True) -> None:
        super().__init__()
        self.event = event
        self.frame = frame

    @property
    def changes(self) -> tuple[StateChanged, ...]:
        return self.event.changes if isinstance(self.event, StateBatch) else ()

    @property
    def paths(self) -> frozenset[str]:
        return self.event.paths if isinstance(self.event, StateBatch) else frozenset()

    @property
    def source(self) -> str | None:
        """Who caused the changes ("ui", "assistant", "simulator"...), None for other events."""
        return self.event.source if isinstance(self.event, StateBatch) else None

    @property
    def stale(self) -> bool:
        """Everything on screen may be stale: another car, profile or process, or the start done."""
        return self.event is None or isinstance(self.event, ContextChanged)
