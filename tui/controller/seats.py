"""Seats: every axis the car has for the driver and the passenger, each with its own travel; seat
memory presets 1-3 per profile and car (recall warns first, trapping risk, and only when parked);
massage; easy entry (seat back and wheel up when parked and switched off, returning on start).
"""

from __future__ import annotations

from tui.controller.controls import Control, ControlDomain
from tui.controller.errors import CockpitError, InvalidValue, NotAllowed, NotOnThisCar

SEAT = "Vehicle.Cabin.Seat.Row1."
EASY_ENTRY = "Vehicle.Private.SmartCockpit.Seat.EasyEntry.IsEnabled"
IGNITION = "Vehicle.LowVoltageSystemState"
WHEEL_TILT = "Vehicle.Chassis.SteeringWheel.Tilt"
WHEEL_REACH = "Vehicle.Chassis.SteeringWheel.Extension"
MIRRORS = "Vehicle.Body.Mirrors."
AXES = {  # VSS axis -> what the driver calls it
    "Position": "Forward / back",
    "Height": "Height",
    "Tilt": "Cushion tilt",
    "Backrest.Recline": "Backrest",
    "Backrest.LumbarSupport": "Lumbar support",
    "Headrest.Height": "Headrest",
    "Seating.Length": "Cushion length",
    "Massage.Level": "Massage",
}
SIDE_NAMES = {"DriverSide": "Driver seat", "PassengerSide": "Passenger seat"}
OFF_STATES = ("OFF", "LOCK")
ON_STATES = ("ON", "START", "ACC")
RECALL_WARNING = ("Memory {n} moves the seat, mirrors and wheel. Make sure nobody and nothing is in the way. "
                  "Move now?")


class ConfirmationNeeded(NotAllowed):
    """Asked before an action that needs a yes (the message is the question)."""


class Seats(ControlDomain):
    def __init__(self, controller):
        super().__init__(controller)
        self._changers["preset"] = lambda cid, d, s: self._preset_hint()
        self._activators["preset"] = self._preset_action
        controller.add_write_hook(self._easy_entry)

    # ------------------------------------------------------------------ axes
    def axes(self, side: str) -> list[str]:
        return [f"{SEAT}{side}.{axis}" for axis in AXES if self.c.has(f"{SEAT}{side}.{axis}")]

    def sides(self) -> list[str]:
        return [side for side in SIDE_NAMES if self.axes(side)]

    def controls(self, section: str | None = None) -> list[Control]:
        side = section or "DriverSide"
        if side == "memory":
            return self.preset_controls()
        rows = []
        for path in self.axes(side):
            axis = path[len(SEAT) + len(side) + 1:]
            spec = self.c.spec(path)
            travel = f"{self.c.format(path)}  ({spec.min:g}–{spec.max:g})" if axis != "Massage.Level" else self.c.format(path)
            rows.append(Control(path, AXES[axis], travel, "range"))
        if side == "DriverSide" and self.c.has(EASY_ENTRY):
            rows.append(self.path_control(EASY_ENTRY, "Easy entry"))
        if not rows:
            rows.append(Control(f"none:{side}", SIDE_NAMES[side], "—", "info",
                                f"This {self.c.car.model.name} has a manual {SIDE_NAMES[side].lower()}"))
        return rows

    def controls_for(self, control_id: str) -> list[Control]:
        if control_id.startswith("preset:"):
            return self.preset_controls()
        side = "PassengerSide" if "PassengerSide" in control_id else "DriverSide"
        return self.controls(side)

    def move(self, side: str, axis: str, value, source: str = "ui") -> str:
        path = f"{SEAT}{side}.{axis}"
        if axis not in AXES or side not in SIDE_NAMES:
            raise InvalidValue("There is no such seat adjustment.")
        if not self.c.has(path):
            raise NotOnThisCar(f"This {self.c.car.model.name} has no power {AXES[axis].lower()} on the "
                               f"{SIDE_NAMES[side].lower()}.")
        self.c.set(path, value, source)
        return f"{AXES[axis]}: {self.c.format(path)}"

    # ------------------------------------------------------------------ memory presets
    def preset_count(self) -> int:
        return int(self.c.car.model.features.get("memory_presets") or 0)

    def preset_paths(self) -> list[str]:
        """What a preset holds on this car: the driver's seat, the mirrors and the wheel."""
        paths = [p for p in self.axes("DriverSide") if not p.endswith("Massage.Level")]
        for side in ("DriverSide", "PassengerSide"):
            paths += [f"{MIRRORS}{side}.{a}" for a in ("Tilt", "Yaw") if self.c.has(f"{MIRRORS}{side}.{a}")]
        paths += [p for p in (WHEEL_TILT, WHEEL_REACH) if self.c.has(p)]
        return paths

    def _check_slot(self, n) -> int:
        count = self.preset_count()
        if count == 0:
            raise NotOnThisCar(f"This {self.c.car.model.name} has no seat memory.")
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= count:
            raise InvalidValue(f"Seat memory goes from 1 to {count}.")
        return n

    def _profile(self) -> int:
        pid = self.c.active_profile_id()
        if pid is None:
            raise NotAllowed("Choose a profile first; seat memory belongs to a profile.")
        return pid

    def presets(self) -> dict[int, object]:
        """Saved presets of the profile at the wheel on this car: slot -> SeatPreset."""
        pid = self.c.active_profile_id()
        if pid is None or not self.preset_count():
            return {}
        return {p.slot: p for p in self.c.store.seat_presets.list(pid, self.c.car.vin)}

    def save_preset(self, n: int, source: str = "ui") -> str:
        n = self._check_slot(n)
        pid = self._profile()
        positions = {p: self.c.get(p) for p in self.preset_paths() if self.c.get(p) is not None}
        with self.c.store.write():
            self.c.store.seat_presets.save(pid, self.c.car.vin, n, positions)
        self.c.wrote()
        return f"Seat position saved to memory {n}."

    def recall_warning(self, n: int) -> str:
        return RECALL_WARNING.format(n=n)

    def recall_block(self) -> str | None:
        """Why a memory cannot be recalled now (it moves the seat: the authority's body.move)."""
        decision = self.c.authority.decide("body.move")
        if decision.refused:
            return ("Seat memory moves the seat: available when parked." if self.c.restrictions().moving
                    else decision.reason)
        return None

    def recall_preset(self, n: int, confirmed: bool = False, source: str = "ui") -> str:
        """Move the seat, mirrors and wheel to a saved preset. Only when parked; asks first (a
        moving seat can trap someone): without confirmed=True it raises ConfirmationNeeded."""
        n = self._check_slot(n)
        block = self.recall_block()
        if block:
            raise NotAllowed(block)
        preset = self.c.store.seat_presets.get(self._profile(), self.c.car.vin, n)
        if preset is None:
            raise InvalidValue(f"Memory {n} is empty; save a position to it first.")
        if not confirmed:
            raise ConfirmationNeeded(self.recall_warning(n))
        values = {}
        for path, value in preset.positions.items():
            if self.c.has(path):
                spec = self.c.spec(path)
                if isinstance(value, (int, float)) and spec.min is not None and spec.max is not None:
                    value = max(spec.min, min(spec.max, value))
                values[path] = value
        with self.c.user_action(f"seat memory {n}", source):
            self.c.set_many(values, source)
        return f"Seat memory {n}: seat, mirrors and wheel moved."

    def delete_preset(self, n: int) -> str:
        n = self._check_slot(n)
        with self.c.store.write():
            gone = self.c.store.seat_presets.delete(self._profile(), self.c.car.vin, n)
        self.c.wrote()
        return f"Memory {n} cleared." if gone else f"Memory {n} was already empty."

    def preset_controls(self) -> list[Control]:
        count = self.preset_count()
        if not count:
            return [Control("preset:none", "Seat memory", "—", "info",
                            f"This {self.c.car.model.name} has no seat memory")]
        saved = self.presets()
        block = self.recall_block()
        rows, hmi, now = [], self.c.hmi_units(), self.c.clock.now()
        for n in range(1, count + 1):
            preset = saved.get(n)
            value = f"saved {hmi.when_text(preset.saved_at, now)}" if preset else "empty"
            rows.append(Control(f"preset:{n}", f"Memory {n}", value, "action",
                                block if preset is not None else None))
        return rows

    def _preset_hint(self) -> str:
        raise InvalidValue("Enter recalls a memory; S saves the current position to it.")

    def _preset_action(self, cid: str, source: str) -> str:
        # Enter on a memory row: the screen asks first and then calls recall_preset(confirmed=True)
        raise ConfirmationNeeded(self.recall_warning(int(cid.split(":")[1])))

    # ------------------------------------------------------------------ easy entry
    def _easy_key(self) -> str:
        return f"easy_entry:{self.c.car.vin}"

    def _easy_entry(self, controller, changes, source: str) -> None:
        """A write hook: the seat and wheel move in the transaction that switched the ignition."""
        for path, old, new in changes:
            if path != IGNITION:
                continue
            try:
                with self.c.store.write():  # a savepoint: a refused move leaves the ignition change
                    if new in OFF_STATES and old not in OFF_STATES:
                        self._easy_entry_out()
                    elif new in ON_STATES and old not in ON_STATES:
                        self._easy_entry_back()
            except CockpitError as exc:
                self.c.notice(str(exc), "warning")

    def _easy_entry_out(self) -> None:
        if not self.c.get(EASY_ENTRY) or self.c.restrictions().moving:
            return
        seat = f"{SEAT}DriverSide.Position"
        targets = {}
        if self.c.has(seat):
            targets[seat] = self.c.spec(seat).max
        if self.c.has(WHEEL_TILT):
            targets[WHEEL_TILT] = self.c.spec(WHEEL_TILT).max
        saved = {p: self.c.get(p) for p in targets}
        if not targets or all(saved[p] == targets[p] for p in targets):
            return
        with self.c.store.write():
            self.c.store.settings.set(self._easy_key(), saved)
            self.c.set_many(targets, "system")
        self.c.notice("Easy entry: seat back and wheel up.")

    def _easy_entry_back(self) -> None:
        saved = self.c.store.settings.get(self._easy_key())
        if not saved:
            return
        values = {p: v for p, v in saved.items() if self.c.has(p) and v is not None}
        with self.c.store.write():
            self.c.store.db.execute("DELETE FROM app_settings WHERE key = ?", [self._easy_key()])
            self.c.set_many(values, "system")
        self.c.notice("Easy entry: seat and wheel back in place.")

    def summary(self) -> str:
        count = self.preset_count()
        if count:
            return f"{len(self.presets())} of {count} memories"
        return f"{len(self.axes('DriverSide'))} adjustments" if self.axes("DriverSide") else "mirrors"
