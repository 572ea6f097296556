"""Charging (electric and plug-in models): the charge limit, the charging current, cheap hours
(a start and end time on chosen weekdays), a departure time with cabin preconditioning, the charge
port, the plug and charging state, time to full and range added, and a history of sessions.

Everything is a VSS 6.0 signal (Vehicle.Powertrain.TractionBattery.Charging.*) or, where VSS has
none, the overlay's (Vehicle.Private.SmartCockpit.Charging.* / Departure.*). The car's numbers come
from the catalog: battery_kwh, ac_charge_kw (the on-board charger) and its range. Energy flows on
the controller's clock (tick), at the simulator's speed-up, when the car is plugged in and parked.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from tui.controller.controls import Control, ControlDomain
from tui.controller.errors import InvalidValue, NotAllowed, NotOnThisCar

CH = "Vehicle.Powertrain.TractionBattery.Charging."
P = "Vehicle.Private.SmartCockpit."
LIMIT = CH + "ChargeLimit"
IS_CHARGING = CH + "IsCharging"
START_STOP = CH + "StartStopCharging"
TIME_TO_COMPLETE = CH + "TimeToComplete"
CHARGE_RATE = CH + "ChargeRate"
CABLE = CH + "ChargingPort.AnyPosition.IsChargingCableConnected"
FLAP = CH + "ChargingPort.AnyPosition.IsFlapOpen"
CURRENT = P + "Charging.MaxCurrent"
POWER = P + "Charging.Power"
SCHEDULE_ON = P + "Charging.Schedule.IsEnabled"
SCHEDULE_START = P + "Charging.Schedule.Start"
SCHEDULE_END = P + "Charging.Schedule.End"
SCHEDULE_DAYS = P + "Charging.Schedule.Days"
DEPARTURE_ON = P + "Departure.IsEnabled"
DEPARTURE_TIME = P + "Departure.Time"
DEPARTURE_DAYS = P + "Departure.Days"
PRECONDITIONING = P + "Departure.IsPreconditioning"
NEXT_DEPARTURE = P + "Schedule.NextDeparture"  # software updates keep clear of it (issue 20)
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
SOC_SHOWN = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
BATTERY_RANGE = "Vehicle.Powertrain.TractionBattery.Range"
RANGE = "Vehicle.Powertrain.Range"
CABIN = "Vehicle.Cabin.HVAC.AmbientAirTemperature"
DRIVER_SET = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
CABIN_C_PER_MIN = 0.5
LAT = "Vehicle.CurrentLocation.Latitude"
LON = "Vehicle.CurrentLocation.Longitude"
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_WORDS = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat", "SU": "Sun"}
PRECONDITION_MINUTES = 20  # the cabin starts this long before the departure
HOME_RADIUS_M = 200
MAX_STEP_S = 60.0  # wall seconds one tick integrates at most (a sleeping laptop does not fill the battery)
SOURCE = "simulator"  # energy flowing is a reading, as the simulator's
SHARED_KEY = "charging_flowed_at"  # when energy last flowed into this database's car, any process
SHARED_FRESH_S = 5.0  # a moment older than this is no other process charging now


@dataclass(frozen=True)
class ChargingStatus:
    plugged: bool
    charging: bool
    flap_open: bool
    soc: float
    limit: int
    current_a: int
    power_kw: float
    time_to_full_s: int  # to the limit at this power; 0 when there or not charging
    range_added_km_per_h: float
    scheduled: bool
    schedule: str  # "01:00-06:00 every day"
    departure: str  # "07:30 Mon-Fri, cabin preconditioned" or "Off"
    preconditioning: bool
    state: str  # a sentence: "Charging at 7.4 kW, full (80 %) in 1 h 20 min"


def hhmm(text: str) -> str:
    """"07:30", "7:30", "7.30", "7:30 pm", "19" -> "HH:MM"; InvalidValue otherwise."""
    m = re.fullmatch(r"\s*(\d{1,2})(?:[:.h](\d{2}))?\s*([ap]\.?m\.?)?\s*", str(text).lower())
    if not m:
        raise InvalidValue(f"'{text}' is not a time of day (like 07:30).")
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3):
        if not 1 <= h <= 12:
            raise InvalidValue(f"'{text}' is not a time of day (like 7:30 AM).")
        h = h % 12 + (12 if m.group(3).startswith("p") else 0)
    if h > 23 or mi > 59:
        raise InvalidValue(f"'{text}' is not a time of day (like 07:30).")
    return f"{h:02d}:{mi:02d}"


def days_of(text) -> list[str]:
    """"MO,TU" / ["MO", "TU"] / "weekdays" / "every day" / "weekend" -> the days, in order."""
    if isinstance(text, (list, tuple)):
        raw = [str(d).strip().upper()[:2] for d in text]
    else:
        word = str(text or "").strip().lower()
        preset = {"weekdays": DAYS[:5], "weekday": DAYS[:5], "every day": DAYS, "daily": DAYS, "all": DAYS,
                  "weekend": DAYS[5:], "weekends": DAYS[5:]}.get(word)
        raw = list(preset) if preset else [d.strip().upper()[:2] for d in word.replace(" ", ",").split(",") if d.strip()]
    bad = [d for d in raw if d not in DAYS]
    if bad or not raw:
        raise InvalidValue("Days are MO, TU, WE, TH, FR, SA, SU (or weekdays, weekend, every day).")
    return [d for d in DAYS if d in raw]


def days_text(days: list[str]) -> str:
    if list(days) == list(DAYS):
        return "every day"
    if list(days) == list(DAYS[:5]):
        return "Mon-Fri"
    if list(days) == list(DAYS[5:]):
        return "weekends"
    return ", ".join(DAY_WORDS[d] for d in days)


def duration_text(seconds: float) -> str:
    minutes = int(math.ceil(max(0.0, seconds) / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _minutes(text: str) -> int:
    h, m = (int(x) for x in text.split(":"))
    return h * 60 + m


def in_window(now: datetime, start: str, end: str, days: list[str]) -> bool:
    """Is `now` inside start..end (local) on one of `days`? A window past midnight belongs to the
    day it starts on (01:00-06:00 Monday is Monday's; 22:00-06:00 Monday runs into Tuesday)."""
    t, s, e = now.hour * 60 + now.minute, _minutes(start), _minutes(end)
    today, yesterday = DAYS[now.weekday()], DAYS[(now.weekday() - 1) % 7]
    if s < e:
        return today in days and s <= t < e
    if s == e:
        return False
    return (today in days and t >= s) or (yesterday in days and t < e)


class Charging(ControlDomain):
    """The Charging screen's rows and the rules of charging (see the module's words)."""

    def __init__(self, controller):
        super().__init__(controller)
        self._last = None  # clock.monotonic() of the last tick
        self._energy = 0.0  # kWh into the battery in the open session
        self._departure_written = None  # the NextDeparture this domain wrote (others may write theirs)
        self._activators.update({"plug": self._toggle_plug, START_STOP: self._toggle_start, FLAP: self._toggle_flap,
                                 SCHEDULE_ON: self._toggle, DEPARTURE_ON: self._toggle})
        self._changers.update({SCHEDULE_START: self._step_time, SCHEDULE_END: self._step_time,
                               DEPARTURE_TIME: self._step_time, SCHEDULE_DAYS: self._step_days,
                               DEPARTURE_DAYS: self._step_days})
        controller.add_write_hook(self._plug_changed)

    # ------------------------------------------------------------------ the car's numbers
    @property
    def available(self) -> bool:
        return self.c.has(CABLE)

    def require(self) -> None:
        if not self.available:
            raise NotOnThisCar("This car has no battery to charge.")

    def battery_kwh(self) -> float:
        return float(self.c.car.model.features.get("battery_kwh") or 0.0)

    def charger_kw(self) -> float:
        return float(self.c.car.model.features.get("ac_charge_kw") or 0.0)

    def km_per_kwh(self) -> float:
        """From the catalog's electric range at the factory charge."""
        if not self.c.has(BATTERY_RANGE) or not self.battery_kwh():
            return 0.0
        at = float(self.c.spec(SOC).default or 80.0) / 100
        return float(self.c.spec(BATTERY_RANGE).default) / 1000 / (self.battery_kwh() * at)

    def power_kw(self) -> float:
        """The power the car draws at its current setting: the charger's, scaled by the current."""
        if not self.c.has(CURRENT):
            return self.charger_kw()
        top = self.c.spec(CURRENT).max or 32
        return round(self.charger_kw() * float(self.c.get(CURRENT) or top) / float(top), 2)

    def soc(self) -> float:
        return float(self.c.get(SOC) or 0.0)

    def limit(self) -> int:
        return int(self.c.get(LIMIT)) if self.c.has(LIMIT) else 100

    def time_to_full(self, power: float | None = None) -> int:
        power = self.power_kw() if power is None else power
        missing = max(0.0, self.limit() - self.soc()) / 100 * self.battery_kwh()
        return int(round(missing / power * 3600)) if power > 0 and missing > 0 else 0

    # ------------------------------------------------------------------ what the driver reads
    def status(self) -> ChargingStatus:
        self.require()
        c = self.c
        plugged, charging = bool(c.get(CABLE)), bool(c.get(IS_CHARGING))
        power = self.power_kw()
        ttf = self.time_to_full(power)
        sched = bool(c.get(SCHEDULE_ON))
        window = f"{self._clock(c.get(SCHEDULE_START))}-{self._clock(c.get(SCHEDULE_END))} {days_text(self.days(SCHEDULE_DAYS))}"
        departure = (f"{self._clock(c.get(DEPARTURE_TIME))} {days_text(self.days(DEPARTURE_DAYS))}, cabin preconditioned"
                     if c.get(DEPARTURE_ON) else "Off")
        if charging:
            state = f"Charging at {power:g} kW, {self.limit()} % in {duration_text(ttf)}"
        elif not plugged:
            state = "Not plugged in"
        elif self.soc() >= self.limit() - 0.05:
            state = f"Plugged in, charged to the limit ({self.limit()} %)"
        elif sched and c.get(START_STOP) != "START":
            state = f"Plugged in, waiting for the cheap hours ({window})"
        else:
            state = "Plugged in, not charging"
        return ChargingStatus(plugged, charging, bool(c.get(FLAP)), self.soc(), self.limit(),
                              int(c.get(CURRENT) or 0), power, ttf if charging or plugged else 0,
                              round(power * self.km_per_kwh(), 1), sched, window, departure,
                              bool(c.get(PRECONDITIONING)), state)

    def _clock(self, hhmm_value) -> str:
        try:
            return self.c.hmi_units().hhmm_text(str(hhmm_value))
        except (ValueError, TypeError):
            return str(hhmm_value)

    def days(self, path: str) -> list[str]:
        try:
            return days_of(self.c.get(path) or "")
        except InvalidValue:
            return list(DAYS)

    def range_added_text(self) -> str:
        km_h = self.power_kw() * self.km_per_kwh()
        return f"{self.c.hmi_units().length_text(km_h * 1000).split('.')[0]} {'mi' if self.c.unit('DistanceUnit') == 'MILES' else 'km'}/h"

    def controls(self, section: str | None = None) -> list[Control]:
        if not self.available:
            return [Control("none", "Charging", "—", "info", "This car has no battery to charge")]
        c, st = self.c, self.status()
        moving = c.restrictions().moving
        reason = "Parked only" if moving else None
        rows = [
            Control("plug", "Charging cable", "Plugged in" if st.plugged else "Not plugged in", "action", reason),
            Control(START_STOP, "Charging", "On" if st.charging else "Off", "toggle", None if st.plugged else
                    "Plug in to charge"),
            Control(FLAP, "Charge port", "Open" if st.flap_open else "Closed", "toggle", reason),
        ]
        if c.has(LIMIT):
            rows.append(Control(LIMIT, "Charge limit", f"{st.limit} %", "range"))
        rows += [
            Control(CURRENT, "Charging current", f"{st.current_a} A · {st.power_kw:g} kW", "range"),
            Control("full", "Time to full", duration_text(st.time_to_full_s) if st.plugged and st.time_to_full_s else "—",
                    "info"),
            Control("added", "Range added", self.range_added_text(), "info"),
            Control(SCHEDULE_ON, "Cheap hours", "On" if st.scheduled else "Off", "toggle"),
            Control(SCHEDULE_START, "Cheap hours start", self._clock(c.get(SCHEDULE_START)), "range"),
            Control(SCHEDULE_END, "Cheap hours end", self._clock(c.get(SCHEDULE_END)), "range"),
            Control(SCHEDULE_DAYS, "Cheap hours days", days_text(self.days(SCHEDULE_DAYS)), "choice"),
            Control(DEPARTURE_ON, "Departure", "On" if c.get(DEPARTURE_ON) else "Off", "toggle"),
            Control(DEPARTURE_TIME, "Departure time", self._clock(c.get(DEPARTURE_TIME)), "range"),
            Control(DEPARTURE_DAYS, "Departure days", days_text(self.days(DEPARTURE_DAYS)), "choice"),
        ]
        return rows

    def summary(self) -> str:
        if not self.available:
            return "—"
        st = self.status()
        return f"{st.soc:.0f} % ⚡" if st.charging else f"{st.soc:.0f} %"

    # ------------------------------------------------------------------ what the driver does
    def _parked(self, doing: str) -> None:
        if self.c.restrictions().moving:
            raise NotAllowed(f"{doing} when parked.")

    def plug(self, plugged: bool = True, source: str = SOURCE) -> str:
        """The cable goes in (or out): the simulator's or a test's hand; the port opens for it."""
        self.require()
        if plugged:
            self._parked("Plug in")
            self.c.set_many({FLAP: True, CABLE: True}, source)
            return "Plugged in. " + self.status().state + "."
        self.c.set_many({CABLE: False}, source)
        return "Unplugged."

    def _toggle_plug(self, control_id: str, source: str) -> str:
        return self.plug(not self.c.get(CABLE), SOURCE)

    def start(self, source: str = "ui") -> str:
        self.require()
        if not self.c.get(CABLE):
            raise NotAllowed("Plug the car in first.")
        if self.soc() >= self.limit() - 0.05:
            return f"The battery is already at its limit ({self.limit()} %)."
        self.c.set(START_STOP, "START", source)
        self._apply(self.c.clock.now())
        return self.status().state + "."

    def stop(self, source: str = "ui") -> str:
        self.require()
        self.c.set(START_STOP, "STOP", source)
        self._apply(self.c.clock.now())
        return "Charging stopped." if self.c.get(CABLE) else "Not charging."

    def _toggle_start(self, control_id: str, source: str) -> str:
        return self.stop(source) if self.c.get(IS_CHARGING) else self.start(source)

    def set_limit(self, percent, source: str = "ui") -> str:
        self.require()
        if not self.c.has(LIMIT):
            raise NotOnThisCar("This car charges to full; it has no charge limit.")
        spec = self.c.spec(LIMIT)
        value = int(round(float(percent) / (spec.step or 1)) * (spec.step or 1)) if isinstance(percent, (int, float)) \
            and not isinstance(percent, bool) else percent
        self.c.set(LIMIT, value, source)
        self._apply(self.c.clock.now())
        return f"Charge limit: {self.limit()} %"

    def set_current(self, amps, source: str = "ui") -> str:
        self.require()
        self.c.set(CURRENT, amps, source)
        return f"Charging current: {self.c.get(CURRENT)} A ({self.power_kw():g} kW)"

    def set_flap(self, open_: bool, source: str = "ui") -> str:
        self.require()
        self._parked("The charge port opens and closes")
        if not open_ and self.c.get(CABLE):
            raise NotAllowed("Unplug the cable before closing the charge port.")
        self.c.set(FLAP, bool(open_), source)
        return "Charge port open." if open_ else "Charge port closed."

    def _toggle_flap(self, control_id: str, source: str) -> str:
        return self.set_flap(not self.c.get(FLAP), source)

    def _toggle(self, control_id: str, source: str) -> str:
        if control_id == SCHEDULE_ON:
            return self.set_schedule(enabled=not self.c.get(SCHEDULE_ON), source=source)
        self.c.set(control_id, not self.c.get(control_id), source)
        self._apply(self.c.clock.now())
        return f"{self._label(control_id, control_id)}: {'on' if self.c.get(control_id) else 'off'}"

    def set_schedule(self, start=None, end=None, days=None, enabled: bool | None = True, source: str = "ui") -> str:
        """Cheap hours: charge from `start` to `end` (local) on `days`; enabled=False turns them off."""
        self.require()
        values = {}
        if start is not None:
            values[SCHEDULE_START] = hhmm(start)
        if end is not None:
            values[SCHEDULE_END] = hhmm(end)
        if days is not None:
            values[SCHEDULE_DAYS] = ",".join(days_of(days))
        if enabled is not None:
            values[SCHEDULE_ON] = bool(enabled)
            if enabled and not self.c.get(SCHEDULE_ON):  # turned on: the cheap hours decide ("start" overrides)
                values[START_STOP] = "STOP"
        if values.get(SCHEDULE_START, self.c.get(SCHEDULE_START)) == values.get(SCHEDULE_END, self.c.get(SCHEDULE_END)):
            raise InvalidValue("The cheap hours need an end different from their start.")
        self.c.set_many(values, source)
        self._apply(self.c.clock.now())
        return f"Cheap hours: {self.status().schedule}" if self.c.get(SCHEDULE_ON) else "Cheap hours: off"

    def set_departure(self, at=None, days=None, enabled: bool | None = True, source: str = "ui") -> str:
        """A departure time: the cabin is preconditioned before it (on the plug's power if plugged)."""
        self.require()
        values = {}
        if at is not None:
            values[DEPARTURE_TIME] = hhmm(at)
        if days is not None:
            values[DEPARTURE_DAYS] = ",".join(days_of(days))
        if enabled is not None:
            values[DEPARTURE_ON] = bool(enabled)
        self.c.set_many(values, source)
        self._apply(self.c.clock.now())
        return f"Departure: {self.status().departure}"

    def _step_time(self, control_id: str, direction: int, source: str) -> str:
        minutes = (_minutes(hhmm(self.c.get(control_id) or "00:00")) + 15 * direction) % (24 * 60)
        text = f"{minutes // 60:02d}:{minutes % 60:02d}"
        if control_id == DEPARTURE_TIME:
            self.set_departure(at=text, enabled=None, source=source)
        elif control_id == SCHEDULE_START:
            self.set_schedule(start=text, enabled=None, source=source)
        else:
            self.set_schedule(end=text, enabled=None, source=source)
        return f"{self._label(control_id, control_id)}: {self._clock(text)}"

    PRESETS = (DAYS, DAYS[:5], DAYS[5:])

    def _step_days(self, control_id: str, direction: int, source: str) -> str:
        now = tuple(self.days(control_id))
        i = self.PRESETS.index(now) if now in self.PRESETS else -1
        nxt = self.PRESETS[(i + direction) % len(self.PRESETS)]
        self.c.set(control_id, ",".join(nxt), source)
        self._apply(self.c.clock.now())
        return f"{self._label(control_id, control_id)}: {days_text(list(nxt))}"

    # ------------------------------------------------------------------ the rules, on the clock
    def _plug_changed(self, controller, changes: list, source: str) -> None:
        """Plugging in asks to charge now, unless cheap hours are on (they start it)."""
        for change in changes:
            path, old, new = change[0], change[1], change[2]
            if path == CABLE and new and not old:
                controller.set(START_STOP, "STOP" if controller.get(SCHEDULE_ON) else "START", SOURCE)
            elif path == CABLE and old and not new:
                controller.set(START_STOP, "STOP", SOURCE)

    def should_charge(self, now: datetime) -> bool:
        c = self.c
        if not c.get(CABLE) or c.restrictions().moving or self.soc() >= self.limit() - 1e-6:
            return False
        if c.get(START_STOP) == "START":
            return True
        return bool(c.get(SCHEDULE_ON)) and in_window(now, c.get(SCHEDULE_START), c.get(SCHEDULE_END),
                                                      self.days(SCHEDULE_DAYS))

    def preconditioning_due(self, now: datetime) -> bool:
        """In the 20 minutes before the next departure (one just after midnight too), parked."""
        if self.c.restrictions().moving:
            return False
        nxt = self.next_departure(now)
        return nxt is not None and nxt - now <= timedelta(minutes=PRECONDITION_MINUTES)

    def next_departure(self, now: datetime) -> datetime | None:
        """The next departure on its days (None when off), so that a software update keeps clear of it."""
        if not self.c.get(DEPARTURE_ON):
            return None
        h, m = (int(x) for x in hhmm(self.c.get(DEPARTURE_TIME) or "07:30").split(":"))
        days = self.days(DEPARTURE_DAYS)
        for ahead in range(8):
            day = (now + timedelta(days=ahead)).date()
            moment = datetime(day.year, day.month, day.day, h, m, tzinfo=now.tzinfo)
            if moment > now and DAYS[moment.weekday()] in days:
                return moment
        return None

    def tick(self) -> None:
        """Charge for the time since the last tick. The moment energy last flowed is kept in the
        database too: two processes on one car (the app and `charging plug --charge`) share it
        instead of both adding the same seconds."""
        if not self.available:
            return
        now = self.c.clock.now()
        last = self._last
        shared = self.c.store.settings.get(SHARED_KEY)
        if shared:
            try:
                other = datetime.fromisoformat(shared)
            except (TypeError, ValueError):
                other = None
            if other is not None and (last is None or other > last) and (now - other).total_seconds() <= SHARED_FRESH_S:
                last = other
        wall = 0.0 if last is None else max(0.0, (now - last).total_seconds())
        self._last = now
        speedup = float(getattr(self.c.simulator, "speedup", 1) or 1)
        self._apply(now, min(wall, MAX_STEP_S) * speedup)

    def _apply(self, now: datetime, seconds: float = 0.0) -> None:
        """Charge for `seconds` if charging should go on, and write what changed (one batch)."""
        c = self.c
        charging = self.should_charge(now)
        values: dict = {}
        power = self.power_kw() if charging else 0.0
        if charging and seconds > 0 and self.battery_kwh():
            soc = self.soc()
            new = round(min(float(self.limit()), soc + power * seconds / 3600 / self.battery_kwh() * 100), 4)
            self._energy += (new - soc) / 100 * self.battery_kwh()
            values[SOC] = new
            if c.has(SOC_SHOWN):
                values[SOC_SHOWN] = round(new, 1)
            gained_m = (new - soc) / 100 * self.battery_kwh() * self.km_per_kwh() * 1000
            for path in (BATTERY_RANGE, RANGE):
                if c.has(path) and c.get(path) is not None and int(c.get(path) + gained_m) != c.get(path):
                    values[path] = int(c.get(path) + gained_m)
            charging = new < self.limit() - 1e-6
            if not charging:
                power = 0.0
        values[IS_CHARGING] = charging
        values[POWER] = power
        values[CHARGE_RATE] = round(power * self.km_per_kwh(), 1)
        values[TIME_TO_COMPLETE] = self.time_to_full() if charging else 0
        pre = self.preconditioning_due(now)
        values[PRECONDITIONING] = pre
        if pre and seconds > 0:
            values.update(self._cabin_toward_set(seconds))
        nxt = self.next_departure(now)
        if nxt is not None:
            values[NEXT_DEPARTURE] = self._departure_written = nxt.isoformat(timespec="minutes")
        elif self._departure_written is not None and c.get(NEXT_DEPARTURE) == self._departure_written:
            values[NEXT_DEPARTURE], self._departure_written = "", None
        changed = {p: v for p, v in values.items() if c.has(p) and c.get(p) != v}
        was = bool(c.get(IS_CHARGING))
        if not changed:
            return
        with c.store.write():
            c.set_many(changed, SOURCE)
            self._record(was, charging, now)
            if seconds > 0 and SOC in changed:
                c.store.settings.set(SHARED_KEY, now.isoformat())

    def _cabin_toward_set(self, seconds: float) -> dict:
        """Preconditioning brings the cabin toward the driver's set temperature, 0.5 °C a minute
        (on the plug's power when plugged in); the cabin reading is the car's, as the simulator's."""
        c = self.c
        if not c.has(CABIN) or not c.has(DRIVER_SET) or c.get(CABIN) is None:
            return {}
        now, target = float(c.get(CABIN)), float(c.get(DRIVER_SET))
        step = CABIN_C_PER_MIN * seconds / 60
        new = min(target, now + step) if now < target else max(target, now - step)
        return {CABIN: round(new, 2)} if round(new, 2) != now else {}

    # ------------------------------------------------------------------ the history
    def place(self) -> str:
        """"Home" within 200 m of the car's home, else the coordinates."""
        from tui.controller.simulator import Point, distance_m

        lat, lon = self.c.get(LAT), self.c.get(LON)
        if lat is None or lon is None:
            return ""
        home = self.c.simulator.home()
        if distance_m(Point(lat, lon, 0), Point(home[0], home[1], 0)) <= HOME_RADIUS_M:
            return "Home"
        return f"{lat:.4f}, {lon:.4f}"

    def _record(self, was: bool, now_charging: bool, now: datetime) -> None:
        sessions, vin = self.c.store.charge_sessions, self.c.car.vin
        at = now.astimezone(timezone.utc).isoformat(timespec="seconds")
        open_ = sessions.current(vin)
        if now_charging and open_ is None:
            self._energy = 0.0
            sessions.open(vin, at, self.place(), round(self.soc(), 1))
        elif open_ is not None:
            energy = round(open_.energy_kwh + self._energy, 6)
            self._energy = 0.0
            sessions.update(open_.id, round(self.soc(), 1), energy, None if now_charging else at)
            if not now_charging and self.soc() >= self.limit() - 0.05:  # done: an alert (issue 17)
                self.c.alerts.raise_("car", "charged", f"Charged to {self.limit()} %: {energy:.1f} kWh added.",
                                     "information")

    def history(self, limit: int = 50, offset: int = 0, source: str = "ui"):
        """Charging sessions, newest first (personal data: where the car was)."""
        self.c.authority.require("data.read", source=source)
        return self.c.store.charge_sessions.list(self.c.car.vin, limit, offset)

    def history_count(self) -> int:
        return self.c.store.charge_sessions.count(self.c.car.vin)
