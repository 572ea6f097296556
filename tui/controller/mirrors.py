"""Mirrors and steering wheel: mirror tilt and yaw per side, folding, heating, the dimming rear-view
mirror; steering wheel tilt and reach (each within the car's travel)."""

from __future__ import annotations

from tui.controller.controls import Control, ControlDomain

MIRRORS = "Vehicle.Body.Mirrors."
WHEEL = "Vehicle.Chassis.SteeringWheel."
SIDE_NAMES = {"DriverSide": "Driver mirror", "PassengerSide": "Passenger mirror"}


class MirrorsSteering(ControlDomain):
    def __init__(self, controller):
        super().__init__(controller)
        self._activators.update({"fold": self._toggle_both, "mirrorheat": self._toggle_both})
        self._changers.update({"fold": lambda cid, d, s: self._set_both(cid, d > 0, s),
                               "mirrorheat": lambda cid, d, s: self._set_both(cid, d > 0, s)})

    def _both(self, leaf: str) -> list[str]:
        return [f"{MIRRORS}{side}.{leaf}" for side in SIDE_NAMES if self.c.has(f"{MIRRORS}{side}.{leaf}")]

    def _set_both(self, cid: str, on: bool, source: str) -> str:
        leaf, label = {"fold": ("IsFolded", "Mirrors folded"), "mirrorheat": ("IsHeatingOn", "Mirror heating")}[cid]
        paths = self._both(leaf)
        self.c.set_many({p: on for p in paths}, source)
        return f"{label}: {'on' if on else 'off'}" if leaf == "IsHeatingOn" else ("Mirrors folded" if on else "Mirrors unfolded")

    def _toggle_both(self, cid: str, source: str) -> str:
        leaf = {"fold": "IsFolded", "mirrorheat": "IsHeatingOn"}[cid]
        paths = self._both(leaf)
        return self._set_both(cid, not self.c.get(paths[0]), source)

    def controls(self, section: str | None = None) -> list[Control]:
        c = self.c
        if section == "wheel":
            rows = [self.path_control(WHEEL + "Tilt", "Wheel tilt (height)"),
                    self.path_control(WHEEL + "Extension", "Wheel reach")]
            rows = [r for r in rows if r]
            if not rows:
                rows = [Control("wheel:none", "Steering wheel", "—", "info",
                                f"This {c.car.model.name} has a manually adjusted wheel")]
            return rows
        rows = []
        for side, name in SIDE_NAMES.items():
            for leaf, what in (("Tilt", "tilt"), ("Yaw", "left / right")):
                row = self.path_control(f"{MIRRORS}{side}.{leaf}", f"{name} {what}")
                if row:
                    rows.append(row)
        folds = self._both("IsFolded")
        if folds:
            rows.append(Control("fold", "Fold mirrors", "Folded" if c.get(folds[0]) else "Out", "toggle"))
        else:
            rows.append(Control("fold", "Fold mirrors", "—", "toggle", f"No power folding on this {c.car.model.name}"))
        heats = self._both("IsHeatingOn")
        if heats:
            rows.append(Control("mirrorheat", "Mirror heating", "On" if c.get(heats[0]) else "Off", "toggle"))
        dim = self.path_control("Vehicle.Cabin.RearviewMirror.DimmingLevel", "Rear-view mirror dimming")
        if dim:
            rows.append(dim)
        return rows

    def controls_for(self, control_id: str) -> list[Control]:
        return self.controls("wheel" if control_id.startswith(WHEEL) else None)
