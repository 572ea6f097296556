"""What the comfort screens show: rows of controls, each a label, the value as the driver reads
it, and why it is dimmed (the car lacks it, sync is on, the car moves). Shared by the climate,
seats, mirrors, lights, drive and driver-assist domains; screens render them and send keys back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tui.controller.errors import InvalidValue, NotAllowed, UnknownName


class AtLimit(str):
    """What a Left/Right step says when it could not go further. A step that changed something
    says nothing more than its row now shows; this the row cannot show."""


@dataclass(frozen=True)
class Control:
    id: str
    label: str
    value: str
    kind: str  # "range" (Left/Right), "toggle", "choice", "action" (Enter), "info"
    reason: str | None = None  # shown dimmed with this reason; the control does nothing

    @property
    def enabled(self) -> bool:
        return self.reason is None


LEVEL_PERCENT = {0: 0, 1: 33, 2: 67, 3: 100}
LEVEL_NAMES = {0: "Off", 1: "Low", 2: "Medium", 3: "High"}


def level_of(percent) -> int:
    """The 0-3 level a VSS heating/cooling percent stands for (nearest)."""
    p = abs(percent or 0)
    if p == 0:
        return 0
    return max(1, min(LEVEL_PERCENT, key=lambda level: abs(LEVEL_PERCENT[level] - p)))


def percent_of(level: int, cooling: bool = False) -> int:
    if level not in LEVEL_PERCENT:
        raise InvalidValue("Levels go from 0 (off) to 3 (high).")
    return -LEVEL_PERCENT[level] if cooling else LEVEL_PERCENT[level]


class ControlDomain:
    """A domain whose controls are rows: Left/Right change one step, Enter toggles or runs."""

    def __init__(self, controller):
        self.c = controller
        self._changers: dict[str, Callable[[int, str], str]] = {}
        self._activators: dict[str, Callable[[str], str]] = {}

    # ------------------------------------------------------------------ rows
    def path_control(self, path: str, label: str | None = None, reason: str | None = None,
                     control_id: str | None = None) -> Control | None:
        """A row for one VSS signal, or None when the car does not have it."""
        if not self.c.has(path):
            return None
        spec = self.c.spec(path)
        return Control(control_id or path, label or spec.label, self.c.format(path), spec.kind, reason)

    def controls(self, section: str | None = None) -> list[Control]:  # pragma: no cover - each domain has its own
        return []

    def control(self, control_id: str, section: str | None = None) -> Control:
        for ctl in self.controls(section):
            if ctl.id == control_id:
                return ctl
        raise UnknownName("That control is not on this car.")

    # ------------------------------------------------------------------ keys
    def change(self, control_id: str, direction: int, source: str = "ui") -> str:
        """Left (-1) or Right (+1) on a row. Returns what the driver is told."""
        self._check_enabled(control_id)
        handler = self._changers.get(control_id.split(":")[0])
        if handler is not None:
            return handler(control_id, direction, source)
        return self._step_path(control_id, direction, source)

    def activate(self, control_id: str, source: str = "ui") -> str:
        """Enter or Space on a row: toggle, next choice, or run the action."""
        self._check_enabled(control_id)
        handler = self._activators.get(control_id.split(":")[0])
        if handler is not None:
            return handler(control_id, source)
        if not self.c.has(control_id):
            raise UnknownName("That control is not on this car.")
        spec = self.c.spec(control_id)
        label = self._label(control_id, spec.label)
        if spec.kind not in ("toggle", "choice"):
            raise InvalidValue(f"{label}: use Left and Right to change it.")
        self.c.toggle(control_id, source)
        return f"{label}: {self.c.format(control_id)}"

    def _check_enabled(self, control_id: str) -> None:
        for ctl in self.controls_for(control_id):
            if ctl.id == control_id and ctl.reason:
                raise NotAllowed(ctl.reason + ".")

    def _label(self, control_id: str, default: str) -> str:
        for ctl in self.controls_for(control_id):
            if ctl.id == control_id:
                return ctl.label
        return default

    def controls_for(self, control_id: str) -> list[Control]:
        """The rows that may hold this control (a domain with sections searches them all)."""
        return self.controls()

    def _step_path(self, path: str, direction: int, source: str) -> str:
        if not self.c.has(path):
            raise UnknownName("That control is not on this car.")
        label = self._label(path, self.c.spec(path).label)
        event = self.c.step(path, direction, source)
        if event is None:
            return AtLimit(f"{label} is at its limit ({self.c.format(path)}).")
        return f"{label}: {self.c.format(path)}"
