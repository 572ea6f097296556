"""The interface a home implements for the car (the simulation, or an MQTT / Home Assistant bridge)."""

from __future__ import annotations

from typing import Callable

from tui.controller.home.entities import Entity


class HomeBackend:
    """What the car needs from a home. SimulatedHome implements it; an MQTT or Home Assistant REST
    bridge implements the same methods (entities from discovery or GET /api/states, `call` as
    POST /api/services/<domain>/<service>, `tick` to poll or drain the MQTT queue), and reports each
    change through `on_change`."""

    kind = "abstract"

    def __init__(self) -> None:
        self.on_change: Callable[[Entity | None, Entity, str], None] = lambda old, new, source: None

    @property
    def available(self) -> bool:
        return True

    def unavailable_reason(self) -> str:
        """Why commands can't go out now (while `available` is False)."""
        return "The home is not reachable right now."

    def stop(self) -> None:
        """Let go of what the backend holds (a bridge's connection)."""

    def entities(self) -> list[Entity]:
        raise NotImplementedError

    def get(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities() if e.entity_id == entity_id), None)

    def call(self, entity_id: str, service: str, data: dict, source: str) -> str:
        """Carry out one HA service on one entity; return a short sentence of what happens."""
        raise NotImplementedError

    def tick(self) -> None:
        """Let time pass (the simulation) or pick up what arrived (a bridge)."""

    def reload(self) -> None:
        """Another process may have changed the home: read it again."""
