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
class ContextChanged(Event):
    """The car or the profile at the wheel changed: everything on screen may be stale."""

    what: str  # "vehicle" | "profile" | "external"


@dataclass(frozen=True)
class Notice(Event):
    """A short message for the driver (at most 80 characters)."""

    text: str
    severity: str = "information"


Listener = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self.unsubscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def publish(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)
