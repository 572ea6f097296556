"""Driver assistance (AutoDrive): adaptive cruise and its following distance, lane departure
warning, lane-keep assist mode, obstacle detection, driver monitoring, speed-limit assist,
collision warning, as each model has them; hands-free (Level 2+) and eyes-off (Level 3) only on
models that have them and only when their conditions hold (the screen says why otherwise).

The conditions are a write guard, so the screens, the assistant, routines and the CLI all obey.

Armed, then engaged: a car drives hands-free or eyes-off only while it is driving. Switched on
while parked (in P, or with the ignition off) the system is armed: its row reads "Armed", the
dashboard and the tile say so, and it engages by itself once the car drives (out of Park with the
ignition on, or moving) with its conditions still holding; those conditions are checked when it is
armed as when it engages (README, Driver assistance).
"""

from __future__ import annotations

from tui.controller.controls import Control, ControlDomain
from tui.controller.errors import NotAllowed

ADAS = "Vehicle.ADAS."
P = "Vehicle.Private.SmartCockpit."
HANDS_FREE = P + "ADAS.HandsFree.IsActive"
EYES_OFF = P + "ADAS.EyesOff.IsActive"
DMS = ADAS + "DMS.IsEnabled"
LKA = P + "ADAS.LaneKeepAssist.Mode"
CRUISE = ADAS + "CruiseControl.IsEnabled"
SPEED = "Vehicle.Speed"
EYES_OFF_MAX_KMH = 60
IGNITION = "Vehicle.LowVoltageSystemState"
GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
PARK = 126
FEATURE = "autodrive.hands_free"
ROWS = [  # (path, label)
    (CRUISE, "Adaptive cruise"),
    (P + "ADAS.FollowingDistance", "Following distance"),
    (ADAS + "LaneDepartureDetection.IsEnabled", "Lane departure warning"),
    (LKA, "Lane-keep assist"),
    (ADAS + "ObstacleDetection.Front.Center.IsEnabled", "Obstacle detection, front"),
    (ADAS + "ObstacleDetection.Rear.Center.IsEnabled", "Obstacle detection, rear"),
    (DMS, "Driver monitoring"),
    (P + "ADAS.SpeedLimitAssist.IsEnabled", "Speed-limit assist"),
    (P + "ADAS.SpeedLimitAssist.Offset", "Speed-limit offset"),
    (P + "ADAS.CollisionWarning", "Collision warning"),
    (ADAS + "EBA.IsEnabled", "Emergency braking"),
]


class DriverAssist(ControlDomain):
    def __init__(self, controller):
        super().__init__(controller)
        controller.add_write_guard(self._guard)
        controller.add_write_hook(self._take_over)
        for path in (HANDS_FREE, EYES_OFF):
            controller.add_formatter(path, self._armed_text)
        from tui.controller.handover import Handover

        self.handover = Handover(controller)  # the timed Level 3 take-over (issue 17)

    def tick(self) -> None:
        self.handover.tick()

    def leave_highway(self) -> None:
        """The car leaves the highway (the simulator says so): eyes-off's conditions end there."""
        self.handover.on_highway = False
        with self.c.transaction():
            self._hand_back()

    def level(self) -> str:
        return str(self.c.car.model.features.get("autodrive_level", 0))

    def driving(self) -> bool:
        """Is the car driving (so an armed hands-free or eyes-off is engaged)? Moving, or out of
        Park with the ignition on (stopped in D at a junction still counts)."""
        speed = self.c.get(SPEED)
        if isinstance(speed, (int, float)) and speed > 0:
            return True
        ignition = self.c.get(IGNITION) if self.c.has(IGNITION) else "ON"
        return ignition in ("ON", "START") and self.c.get(GEAR) not in (None, PARK)

    def engaged(self, path: str) -> bool:
        return bool(self.c.get(path)) and self.driving()

    def _armed_text(self, value) -> str | None:
        """On while parked reads "Armed" wherever the value is shown (the CLI, the assistant)."""
        return "Armed" if value is True and not self.driving() else None

    def _on_text(self, path: str) -> str:
        if not self.c.has(path):
            return "—"
        if not self.c.get(path):
            return "Off"
        return "On" if self.driving() else "Armed"

    def offered(self) -> str | None:
        """The highest level the Driver Assist screen offers now: "L3" with an eyes-off row that can
        be used, "L2+" with hands-free; None without them (the car lacks them, or their service)."""
        if self.c.feature_block(FEATURE):
            return None
        if self.c.has(EYES_OFF):
            return "L3"
        if self.c.has(HANDS_FREE):
            return "L2+"
        return None

    def needs_service(self) -> bool:
        """The car can drive hands-free but the driver has not got the service for it (issue 7)."""
        return self.c.has(HANDS_FREE) and self.c.feature_block(FEATURE) is not None

    # ------------------------------------------------------------------ why not
    def hands_free_block(self, values: dict | None = None) -> str | None:
        """Why hands-free driving cannot be switched on now (None: it can)."""
        get = (lambda p: (values or {}).get(p, self.c.get(p)))
        if not self.c.has(HANDS_FREE):
            return f"Needs AutoDrive Level 2+; this car has Level {self.level()}"
        gate = self.c.feature_block(FEATURE)
        if gate:
            return gate
        if self.c.has(DMS) and not get(DMS):
            return "Needs driver monitoring on"
        if self.handover.block():
            return self.handover.block()
        if self.c.has(LKA) and get(LKA) in ("OFF", "WARN"):
            return "Needs lane-keep assist set to assist or centering"
        if self.c.has(CRUISE) and not get(CRUISE):
            return "Needs adaptive cruise on"
        return None

    def eyes_off_block(self, values: dict | None = None) -> str | None:
        """Why eyes-off (Level 3) cannot be engaged now (None: it can)."""
        get = (lambda p: (values or {}).get(p, self.c.get(p)))
        if not self.c.has(EYES_OFF):
            return f"Needs AutoDrive Level 3; this car has Level {self.level()}"
        gate = self.c.feature_block(FEATURE)
        if gate:
            return gate
        if not self.c.has(DMS) or not get(DMS):
            return "Needs driver monitoring on"
        if self.handover.block():
            return self.handover.block()
        if not self.handover.on_highway:
            return "Only on a highway (the car left it)"
        speed = get(SPEED) or 0
        if speed > EYES_OFF_MAX_KMH:
            return f"Only up to {self._speed(EYES_OFF_MAX_KMH)} (now {self._speed(speed)})"
        if self.c.has(CRUISE) and not get(CRUISE):
            return "Needs adaptive cruise on"
        return None

    def _speed(self, kmh) -> str:
        from tui.controller import units

        return units.speed_text(kmh, self.c.unit("SpeedUnit"))

    def _guard(self, controller, spec, value, source) -> None:
        if value is True and spec.path == HANDS_FREE:
            reason = self.hands_free_block()
            if reason:
                raise NotAllowed(f"Hands-free is not available: {reason[0].lower() + reason[1:].rstrip('.')}.")
        if value is True and spec.path == EYES_OFF:
            reason = self.eyes_off_block()
            if reason:
                raise NotAllowed(f"Eyes-off is not available: {reason[0].lower() + reason[1:].rstrip('.')}.")

    def _take_over(self, controller, changes, source: str) -> None:
        """Hand back to the driver when a condition stops holding (too fast, monitoring off): a write
        hook, so the hand-back joins the transaction of the change that ended the condition."""
        if not any(path in (SPEED, DMS, LKA, CRUISE) for path, _old, _new in changes):
            return
        self._hand_back()

    def _hand_back(self) -> None:
        values = {}
        if self.c.get(EYES_OFF) and self.eyes_off_block():
            values[EYES_OFF] = False
        if self.c.get(HANDS_FREE) and self.hands_free_block():
            values[HANDS_FREE] = False
        if values:
            reason = self.eyes_off_block() if EYES_OFF in values else self.hands_free_block()
            self.c.set_many(values, "system")
            why = reason[0].lower() + reason[1:].rstrip('.')
            self.c.notice(f"Take over: {why}.", "warning")
            if EYES_OFF in values:  # Level 3: a timed handover, shown on every screen (issue 17)
                self.handover.start(why)
            else:
                self.c.alerts.raise_("assist", "hands_free_off", f"Hands-free ended: {why}.", "warning")

    # ------------------------------------------------------------------ rows
    def controls(self, section: str | None = None) -> list[Control]:
        c = self.c
        rows = []
        for path, label in ROWS:
            if path == CRUISE and not c.has(ADAS + "CruiseControl.IsAdaptive"):
                label = "Cruise control"
            row = self.path_control(path, label)
            if row is None:
                continue
            if path == P + "ADAS.FollowingDistance" and c.has(CRUISE) and not c.get(CRUISE):
                row = Control(row.id, row.label, row.value, row.kind, None)
            rows.append(row)
        hf_block = None if c.get(HANDS_FREE) else self.hands_free_block()
        rows.append(Control(HANDS_FREE, "Hands-free (Level 2+)", self._on_text(HANDS_FREE), "toggle", hf_block))
        eo_block = None if c.get(EYES_OFF) else self.eyes_off_block()
        rows.append(Control(EYES_OFF, "Eyes-off (Level 3)", self._on_text(EYES_OFF), "toggle", eo_block))
        return rows

    def activate(self, control_id: str, source: str = "ui") -> str:
        text = super().activate(control_id, source)
        if control_id in (HANDS_FREE, EYES_OFF) and self.c.get(control_id) and not self.driving():
            name = "Hands-free" if control_id == HANDS_FREE else "Eyes-off"
            return f"{name} armed: it engages once you drive (the car is parked now)."
        return text

    def state_text(self) -> str:
        """One line for the Drive dashboard."""
        c = self.c
        driving = self.driving()
        if c.get(EYES_OFF):
            return "Eyes-off (L3) engaged" if driving else "Eyes-off (L3) armed"
        if c.get(HANDS_FREE):
            return "Hands-free engaged" if driving else "Hands-free armed"
        parts = []
        if c.get(CRUISE):
            parts.append("ACC" + (f" gap {c.get(P + 'ADAS.FollowingDistance')}" if c.has(P + "ADAS.FollowingDistance") else ""))
        if c.has(LKA) and c.get(LKA) not in ("OFF", None):
            parts.append(f"lane {c.format(LKA).lower()}")
        elif c.get(ADAS + "LaneDepartureDetection.IsEnabled"):
            parts.append("lane warning")
        return ", ".join(parts) or "assist off"

    def summary(self) -> str:
        """The tile: what the screen offers now (no "L3" before its eyes-off row can be used) and
        what is on."""
        c = self.c
        armed = "" if self.driving() else " armed"
        if c.get(EYES_OFF):
            state = "eyes-off" + armed
        elif c.get(HANDS_FREE):
            state = "hands-free" + armed
        else:
            state = "ACC on" if c.get(CRUISE) else "ACC off"
        offered = self.offered()
        return f"{offered} · {state}" if offered else state
