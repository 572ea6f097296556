"""Change events: the controller announces, screens listen (observer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Event:
    """Base class of everything the controller announces."""


@dataclass(frozen=True)
class StateChanged(Event):
    """A signal of a car changed value (with the audit row that records it)."""

    vin: str
    path: str
    old: Any
    new: Any
    source: str
    profile_id: int | None
    audit_id: int | None


@dataclass(frozen=True)
class StateBatch(Event):
    """Every signal one write transaction changed, in the order written, the follow-up writes the
    write hooks made inside it included (zone sync...): announced once, after it commits."""

    changes: tuple[StateChanged, ...]

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(change.path for change in self.changes)

    @property
    def source(self) -> str:
        """Who caused it: the source of its first write (a follow-up may be the car's, "system")."""
        return self.changes[0].source


@dataclass(frozen=True)
class ContextChanged(Event):
    """The car or the profile at the wheel changed: everything on screen may be stale."""

    what: str  # "vehicle" | "profile" | "external"


@dataclass(frozen=True)
class Notice(Event):
    """A short message for the driver (at most 80 characters)."""

    text: str
    severity: str = "information"


class PendingBatch:
    """What an open write transaction will announce once it commits: its changes and the notices
    given meanwhile (dropped with it if it rolls back), and the state values it replaced (put back
    then)."""

    def __init__(self, at: str) -> None:
        self.at = at  # one time for every audit row of the transaction
        self.changes: list[StateChanged] = []
        self.notices: list[Notice] = []
        self._replaced: dict[str, tuple[bool, Any]] = {}

    def record(self, state: dict, change: StateChanged) -> None:
        """The change is in the database (not committed yet): the controller's state shows it."""
        if change.path not in self._replaced:
            self._replaced[change.path] = (change.path in state, state.get(change.path))
        state[change.path] = change.new
        self.changes.append(change)

    def put_back(self, state: dict) -> None:
        for path, (had, value) in self._replaced.items():
            if had:
                state[path] = value
            else:
                state.pop(path, None)


Listener = Callable[[Event], None]


class EventBus:
    """Listeners hear every event in order. A transaction's changes come as one StateBatch to those
    that subscribed with batches=True (the app: a screen redraws once per change), and one
    StateChanged at a time to the others (the domains' rules), after the batch listeners."""

    def __init__(self) -> None:
        self._listeners: list[tuple[Listener, bool]] = []

    def subscribe(self, listener: Listener, batches: bool = False) -> Callable[[], None]:
        self._listeners.append((listener, batches))
        return lambda: self.unsubscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        for entry in self._listeners:
            if entry[0] == listener:
                self._listeners.remove(entry)
                return

    def publish(self, event: Event) -> None:
        listeners = list(self._listeners)
        if isinstance(event, StateChanged):
            event = StateBatch((event,))
        if not isinstance(event, StateBatch):
            for listener, _batches in listeners:
                listener(event)
            return
        for listener, batches in listeners:
            if batches:
                listener(event)
        for change in event.changes:
            for listener, batches in listeners:
                if not batches:
                    listener(change)
