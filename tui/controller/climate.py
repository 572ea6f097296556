"""Climate: temperature per zone (0.5 C steps in the car's range, shown in F when the driver reads
F), fan, air distribution, A/C, recirculation, automatic, front and rear defrost, zone sync, seat
heating and cooling levels 0-3 (VSS percent), the heated steering wheel, and the automatic
step-down of seat heating (3 -> 2 after about 8 minutes, 2 -> 1 after 10, off 20 later).
"""

from __future__ import annotations

from tui.controller import units
from tui.controller.controls import LEVEL_NAMES, AtLimit, Control, ControlDomain, level_of, percent_of
from tui.controller.errors import InvalidValue, NotOnThisCar
from tui.controller.events import ContextChanged, StateChanged

HVAC = "Vehicle.Cabin.HVAC."
STATION = HVAC + "Station."
P = "Vehicle.Private.SmartCockpit."
SYNC = P + "HVAC.IsZoneSyncActive"
AUTO = P + "HVAC.IsAutoActive"
REAR_WINDOW = "Vehicle.Body.Windshield.Rear.IsHeatingOn"
WHEEL_HEAT = "Vehicle.Chassis.SteeringWheel.HeatingCooling"
SEAT = "Vehicle.Cabin.Seat.Row1."
STATIONS = ("Row1.Driver", "Row1.Passenger", "Row2.Driver", "Row2.Passenger")
ZONE_NAMES = {"Row1.Driver": "Driver", "Row1.Passenger": "Passenger", "Row2.Driver": "Rear left",
              "Row2.Passenger": "Rear right"}
SIDES = {"DriverSide": "Driver seat", "PassengerSide": "Passenger seat"}
# seconds a heating level lasts before it steps down by itself
STEP_DOWN_AFTER = {3: 8 * 60, 2: 10 * 60, 1: 20 * 60}
SYSTEM = "system"


def temperature_path(station: str) -> str:
    return f"{STATION}{station}.Temperature"


class Climate(ControlDomain):
    def __init__(self, controller):
        super().__init__(controller)
        self._heat_since: dict[str, tuple[int, float]] = {}  # seat path -> (level, monotonic)
        self._changers.update({"temp": self._change_temp, "fan": self._change_fan, "seatheat": self._change_seat,
                               "seatcool": self._change_seat, "wheelheat": self._change_wheel,
                               "air": self._change_air})
        self._activators.update({"temp": self._no_toggle, "fan": self._no_toggle, "seatheat": self._seat_off,
                                 "seatcool": self._seat_off, "wheelheat": self._wheel_toggle,
                                 "air": self._next_air, "sync": self._toggle_sync, "reardefrost": self._toggle_rear})
        self._changers.update({"sync": lambda cid, d, s: self._set_sync(d > 0, s),
                               "reardefrost": lambda cid, d, s: self._set_rear(d > 0, s)})
        controller.add_write_hook(self._follow_sync)  # inside the change's own transaction
        controller.subscribe(self._on_event)
        self._rearm()

    # ------------------------------------------------------------------ what the car has
    def zones(self) -> list[str]:
        return [st for st in STATIONS if self.c.has(temperature_path(st))]

    def synced(self) -> bool:
        return bool(self.c.get(SYNC)) and len(self.zones()) > 1

    def seat_sides(self) -> list[str]:
        return [side for side in SIDES if self.c.has(f"{SEAT}{side}.HeatingCooling")]

    def has_cooling(self, side: str) -> bool:
        path = f"{SEAT}{side}.HeatingCooling"
        return self.c.has(path) and (self.c.spec(path).min or 0) < 0

    # ------------------------------------------------------------------ temperature
    def temperature_text(self, celsius) -> str:
        return units.temperature_text(celsius, self.c.unit("TemperatureUnit"))

    def set_temperature(self, zone: str, celsius: float, source: str = "ui") -> str:
        """Set a zone (a station like "Row1.Driver") to a temperature in Celsius; with sync on,
        the driver's zone carries every zone with it."""
        if zone not in self.zones():
            raise NotOnThisCar(f"This {self.c.car.model.name} has no {ZONE_NAMES.get(zone, zone).lower()} "
                               f"climate zone.")
        if zone != "Row1.Driver" and self.synced():
            raise InvalidValue("Zones follow the driver while sync is on; turn sync off first.")
        if isinstance(celsius, bool) or not isinstance(celsius, (int, float)):
            raise InvalidValue("Temperature takes a number.")
        spec = self.c.spec(temperature_path(zone))
        if celsius < spec.min or celsius > spec.max:
            raise InvalidValue(f"Temperature goes from {self.temperature_text(spec.min)} to "
                               f"{self.temperature_text(spec.max)}.")
        value = float(celsius)
        self.c.set(temperature_path(zone), value, source)  # with sync on, the other zones follow (_follow_sync)
        everyone = zone == "Row1.Driver" and self.synced()
        return f"{'All zones' if everyone else ZONE_NAMES[zone]}: {self.temperature_text(value)}"

    def set_temperature_in_unit(self, zone: str, number: float, unit: str | None = None, source: str = "ui") -> str:
        """A temperature as the driver says it (in F when they read F), snapped onto the 0.5 C grid."""
        unit = unit or self.c.unit("TemperatureUnit") or "C"
        celsius = units.f_to_c(number) if unit == "F" else number
        return self.set_temperature(zone, round(celsius * 2) / 2, source)

    def stepped_temperature(self, zone: str, direction: int) -> float:
        """One step: 0.5 C; in F, the next 0.5 C value that reads differently (about 1 F)."""
        spec = self.c.spec(temperature_path(zone))
        current = self.c.get(temperature_path(zone))
        current = current if isinstance(current, (int, float)) else (spec.default or 21.0)
        value = current
        unit = self.c.unit("TemperatureUnit")
        shown = self.temperature_text(current)
        while True:
            nxt = min(spec.max, max(spec.min, round((value + direction * 0.5) * 2) / 2))
            if nxt == value:
                return value
            value = nxt
            if unit != "F" or self.temperature_text(value) != shown:
                return value

    def _change_temp(self, cid: str, direction: int, source: str) -> str:
        zone = cid.split(":", 1)[1]
        value = self.stepped_temperature(zone, direction)
        current = self.c.get(temperature_path(zone))
        if value == current:
            return AtLimit(f"{ZONE_NAMES[zone]} temperature is at its limit ({self.temperature_text(value)}).")
        return self.set_temperature(zone, value, source)

    def _no_toggle(self, cid: str, source: str) -> str:
        raise InvalidValue("Use Left and Right to change it.")

    # ------------------------------------------------------------------ fan and air
    def _fan_paths(self) -> list[str]:
        return [f"{STATION}{z}.FanSpeed" for z in self.zones() if self.c.has(f"{STATION}{z}.FanSpeed")]

    def set_fan(self, percent: int, source: str = "ui") -> str:
        paths = self._fan_paths()
        if not paths:
            raise NotOnThisCar("This car has no fan control.")
        spec = self.c.spec(paths[0])
        if isinstance(percent, bool) or not isinstance(percent, (int, float)) or not spec.min <= percent <= spec.max:
            raise InvalidValue(f"Fan goes from {spec.min} to {spec.max} %.")
        step = spec.step or 10
        value = int(round(percent / step) * step)
        self.c.set_many({p: value for p in paths}, source)
        return "Fan: off" if value == 0 else f"Fan: {value} %"

    def _change_fan(self, cid: str, direction: int, source: str) -> str:
        paths = self._fan_paths()
        spec = self.c.spec(paths[0])
        current = self.c.get(paths[0]) or 0
        value = max(spec.min, min(spec.max, current + direction * (spec.step or 10)))
        if value == current:
            return AtLimit(f"Fan is at its limit ({current} %).")
        return self.set_fan(value, source)

    def _air_paths(self) -> list[str]:
        return [f"{STATION}{z}.AirDistribution" for z in self.zones() if self.c.has(f"{STATION}{z}.AirDistribution")]

    def set_air_distribution(self, mode: str, source: str = "ui") -> str:
        paths = self._air_paths()
        if not paths:
            raise NotOnThisCar("This car has no air distribution control.")
        mode = self.c.validate(paths[0], mode, source)
        self.c.set_many({p: mode for p in paths}, source)
        return f"Air: {self.c.format(paths[0])}"

    def _change_air(self, cid: str, direction: int, source: str) -> str:
        from tui.controller.signals import stepped

        paths = self._air_paths()
        value = stepped(self.c.spec(paths[0]), self.c.get(paths[0]), direction)
        return self.set_air_distribution(value, source)

    def _next_air(self, cid: str, source: str) -> str:
        paths = self._air_paths()
        allowed = list(self.c.spec(paths[0]).allowed)
        current = self.c.get(paths[0])
        nxt = allowed[(allowed.index(current) + 1) % len(allowed)] if current in allowed else allowed[0]
        return self.set_air_distribution(nxt, source)

    # ------------------------------------------------------------------ sync and defrost
    def _set_sync(self, on: bool, source: str = "ui") -> str:
        if not self.c.has(SYNC):
            raise NotOnThisCar("This car has one climate zone; there is nothing to sync.")
        values = {SYNC: on}
        if on:
            driver = self.c.get(temperature_path("Row1.Driver"))
            values.update({temperature_path(z): driver for z in self.zones() if z != "Row1.Driver"})
        self.c.set_many(values, source)
        return "Zone sync: on, every zone follows the driver" if on else "Zone sync: off"

    set_sync = _set_sync

    def _toggle_sync(self, cid: str, source: str) -> str:
        return self._set_sync(not self.c.get(SYNC), source)

    def _set_rear(self, on: bool, source: str = "ui") -> str:
        values = {HVAC + "IsRearDefrosterActive": on}
        if self.c.has(REAR_WINDOW):
            values[REAR_WINDOW] = on
        self.c.set_many(values, source)
        return f"Rear defrost: {'on' if on else 'off'}"

    set_rear_defrost = _set_rear

    def _toggle_rear(self, cid: str, source: str) -> str:
        return self._set_rear(not self.c.get(HVAC + "IsRearDefrosterActive"), source)

    # ------------------------------------------------------------------ seat heating and cooling
    def seat_level(self, side: str) -> tuple[int, bool]:
        """(level 0-3, cooling?) of a front seat."""
        value = self.c.get(f"{SEAT}{side}.HeatingCooling") or 0
        return level_of(value), value < 0

    def set_seat_level(self, side: str, level: int, cooling: bool = False, source: str = "ui") -> str:
        path = f"{SEAT}{side}.HeatingCooling"
        if side not in SIDES:
            raise InvalidValue("Say the driver's or the passenger's seat.")
        if not self.c.has(path):
            raise NotOnThisCar(f"This {self.c.car.model.name} has no seat heating.")
        if cooling and not self.has_cooling(side):
            raise NotOnThisCar(f"This {self.c.car.model.name} has heated seats but no seat cooling.")
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 3:
            raise InvalidValue(f"Seat {'cooling' if cooling else 'heating'} goes from 0 (off) to 3.")
        self.c.set(path, percent_of(level, cooling), source)
        kind = "cooling" if cooling else "heating"
        return f"{SIDES[side]} {kind}: {LEVEL_NAMES[level]}"

    def _change_seat(self, cid: str, direction: int, source: str) -> str:
        kind, side = cid.split(":", 1)
        cooling = kind == "seatcool"
        level, is_cooling = self.seat_level(side)
        if is_cooling != cooling and level:
            level = 0
        nxt = max(0, min(3, level + direction))
        if nxt == level and (is_cooling == cooling or level == 0):
            return AtLimit(f"{SIDES[side]} {'cooling' if cooling else 'heating'} is at its limit ({LEVEL_NAMES[level]}).")
        return self.set_seat_level(side, nxt, cooling, source)

    def _seat_off(self, cid: str, source: str) -> str:
        kind, side = cid.split(":", 1)
        cooling = kind == "seatcool"
        level, is_cooling = self.seat_level(side)
        on = level > 0 and is_cooling == cooling
        return self.set_seat_level(side, 0 if on else (2 if cooling else 3), cooling, source)

    # ------------------------------------------------------------------ heated steering wheel
    def wheel_level(self) -> int:
        return level_of(self.c.get(WHEEL_HEAT) or 0)

    def set_wheel_level(self, level: int, source: str = "ui") -> str:
        if not self.c.has(WHEEL_HEAT):
            raise NotOnThisCar(f"This {self.c.car.model.name} has no heated steering wheel.")
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 3:
            raise InvalidValue("Steering wheel heating goes from 0 (off) to 3.")
        self.c.set(WHEEL_HEAT, percent_of(level), source)
        return f"Steering wheel heating: {LEVEL_NAMES[level]}"

    def _change_wheel(self, cid: str, direction: int, source: str) -> str:
        level = self.wheel_level()
        nxt = max(0, min(3, level + direction))
        if nxt == level:
            return AtLimit(f"Steering wheel heating is at its limit ({LEVEL_NAMES[level]}).")
        return self.set_wheel_level(nxt, source)

    def _wheel_toggle(self, cid: str, source: str) -> str:
        return self.set_wheel_level(0 if self.wheel_level() else 3, source)

    # ------------------------------------------------------------------ rows for the screen
    def controls(self, section: str | None = None) -> list[Control]:
        c = self.c
        rows: list[Control] = []
        synced = self.synced()
        for zone in self.zones():
            path = temperature_path(zone)
            reason = "Follows the driver (sync on)" if synced and zone != "Row1.Driver" else None
            label = f"{ZONE_NAMES[zone]} temperature" if len(self.zones()) > 1 else "Temperature"
            rows.append(Control(f"temp:{zone}", label, self.temperature_text(c.get(path)), "range", reason))
        if c.has(SYNC):
            rows.append(Control("sync", "Sync zones", "On" if c.get(SYNC) else "Off", "toggle"))
        fans = self._fan_paths()
        if fans:
            fan = c.get(fans[0]) or 0
            rows.append(Control("fan", "Fan", "Off" if fan == 0 else f"{fan} %", "range"))
        airs = self._air_paths()
        if airs:
            rows.append(Control("air", "Air distribution", c.format(airs[0]), "choice"))  # labels.AIR_WORDS
        for path, label in ((AUTO, "Automatic"), (HVAC + "IsAirConditioningActive", "A/C"),
                            (HVAC + "IsRecirculationActive", "Recirculation"),
                            (HVAC + "IsFrontDefrosterActive", "Front defrost")):
            row = self.path_control(path, label)
            if row:
                rows.append(row)
        if c.has(HVAC + "IsRearDefrosterActive"):
            rows.append(Control("reardefrost", "Rear defrost", "On" if c.get(HVAC + "IsRearDefrosterActive") else "Off",
                                "toggle"))
        sides = self.seat_sides()
        if not sides:
            rows.append(Control("seatheat:DriverSide", "Seat heating", "—", "range",
                                f"This {c.car.model.name} has no seat heating"))
        for side in sides:
            level, cooling = self.seat_level(side)
            rows.append(Control(f"seatheat:{side}", f"{SIDES[side]} heating",
                                LEVEL_NAMES[level if not cooling else 0], "range"))
            if self.has_cooling(side):
                rows.append(Control(f"seatcool:{side}", f"{SIDES[side]} cooling",
                                    LEVEL_NAMES[level if cooling else 0], "range"))
        if c.has(WHEEL_HEAT):
            rows.append(Control("wheelheat", "Heated steering wheel", LEVEL_NAMES[self.wheel_level()], "range"))
        else:
            rows.append(Control("wheelheat", "Heated steering wheel", "—", "range",
                                f"This {c.car.model.name} has no heated wheel"))
        return rows

    def summary(self) -> str:
        zones = self.zones()
        if not zones:
            return ""
        text = self.temperature_text(self.c.get(temperature_path(zones[0])))
        fan = self.c.get(f"{STATION}{zones[0]}.FanSpeed")
        text = text.replace(" °", "°")
        return f"{text} · fan {fan}%" if fan else f"{text} · fan off"

    # ------------------------------------------------------------------ step-down timer
    def _rearm(self) -> None:
        """After a change of car or a reload (another process wrote): keep the timers of seats
        still at the same level, start one for a seat newly heated."""
        known, self._heat_since = self._heat_since, {}
        now = self.c.clock.monotonic()
        for side in self.seat_sides():
            path = f"{SEAT}{side}.HeatingCooling"
            value = self.c.get(path) or 0
            if value > 0:
                level = level_of(value)
                before = known.get(path)
                self._heat_since[path] = before if before and before[0] == level else (level, now)

    def _follow_sync(self, controller, changes, source: str) -> None:
        """Zone sync, whoever changes a temperature (screen, assistant, routine, profile, undo): the
        driver's zone carries the others; another zone set on its own turns sync off, as in the car.
        A write hook: what it writes joins the transaction of the change (one batch, one time)."""
        driver = temperature_path("Row1.Driver")
        for path, _old, new in changes:
            if source == SYSTEM or not self.synced():
                return
            if not (path.startswith(STATION) and path.endswith(".Temperature")):
                continue
            if path == driver:
                # written by the car's sync (not undoable on their own: Ctrl+Z undoes the driver's
                # change, and the zones follow it back)
                self.c.set_many({temperature_path(z): new for z in self.zones() if z != "Row1.Driver"}, SYSTEM)
            elif new != self.c.get(driver):
                self.c.set(SYNC, False, source)
                self.c.notice("Zone sync off: zones are set one by one.")

    def _on_event(self, event) -> None:
        if isinstance(event, ContextChanged):
            self._rearm()
            return
        if not isinstance(event, StateChanged) or not event.path.endswith("HeatingCooling"):
            return
        if not event.path.startswith(SEAT):
            return
        value = event.new or 0
        if value > 0:
            level = level_of(value)
            known = self._heat_since.get(event.path)
            if known is None or known[0] != level or event.source != SYSTEM:
                self._heat_since[event.path] = (level, self.c.clock.monotonic())
        else:
            self._heat_since.pop(event.path, None)

    def tick(self) -> None:
        now = self.c.clock.monotonic()
        for path, (level, since) in list(self._heat_since.items()):
            after = STEP_DOWN_AFTER.get(level)
            if after is None or now - since < after:
                continue
            if self.c.get(path, 0) <= 0:
                self._heat_since.pop(path, None)
                continue
            lower = level - 1
            self._heat_since[path] = (lower, since + after) if lower else None
            if not lower:
                self._heat_since.pop(path, None)
            self.c.set(path, percent_of(lower), SYSTEM)
            side = path.split(".")[-2]
            self.c.notice(f"{SIDES.get(side, 'Seat')} heating stepped down to {LEVEL_NAMES[lower].lower()}.")
