"""The car's health: tyre pressures per wheel in the driver's unit (psi, bar, kPa) with the
low-pressure warning, washer fluid, the 12 V battery, service due in distance and days, and the
warning lights that are on, each with what it means and what to do.

Readings come from the car (the simulator here): Tire.Pressure in kPa, the washer level, the 12 V
voltage, Service.DistanceToService and TimeToService, OBD's MIL and the ABS / ESC / TCS errors.
The car's tyre-pressure monitor sets Tire.IsPressureLow from the pressure (a write hook, as a
TPMS does); a simulated slow leak (Simulation.TireLeak) lets a tyre lose air on the clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.controls import Control, ControlDomain
from tui.controller.errors import InvalidValue, NotOnThisCar
from tui.controller.units import distance_text

AXLE = "Vehicle.Chassis.Axle."
P = "Vehicle.Private.SmartCockpit."
LEAK = P + "Simulation.TireLeak"
WASHER = "Vehicle.Body.Windshield.Front.WasherFluid."
BATTERY = "Vehicle.LowVoltageBattery.CurrentVoltage"
SERVICE = "Vehicle.Service."
WHEELS = (("Row1.Left", "Front left", "FL"), ("Row1.Right", "Front right", "FR"),
          ("Row2.Left", "Rear left", "RL"), ("Row2.Right", "Rear right", "RR"))
LOW_FRACTION = 0.75  # the TPMS light: 25 % under the placard (FMVSS 138)
CHECK_FRACTION = 0.90  # worth a look at the next stop
LEAK_KPA_PER_MINUTE = 2.0
WASHER_LOW = 15  # percent
BATTERY_WEAK, BATTERY_LOW = 12.2, 11.8  # volts, engine off
SERVICE_SOON_KM, SERVICE_SOON_DAYS = 1000, 30
WATCHED = (AXLE, WASHER, BATTERY, SERVICE, "Vehicle.OBD.", "Vehicle.ADAS.ABS.IsError", "Vehicle.ADAS.ESC.IsError",
           "Vehicle.ADAS.TCS.IsError")  # the readings a warning light follows


def tire_path(wheel: str, leaf: str = "Pressure") -> str:
    row, side = wheel.split(".")
    return f"{AXLE}{row}.Wheel.{side}.Tire.{leaf}"


@dataclass(frozen=True)
class Tyre:
    wheel: str  # "Row1.Left"
    name: str  # "Front left"
    short: str  # "FL"
    kpa: float | None
    placard: float
    text: str  # in the driver's unit
    level: str  # "ok", "check" or "low"


@dataclass(frozen=True)
class Warning:
    id: str
    name: str  # the light as the cluster shows it
    meaning: str
    todo: str
    severity: str  # "error" (stop soon) or "warning"


LIGHTS = {  # VSS reading -> the warning light
    "Vehicle.OBD.Status.IsMILOn": Warning(
        "mil", "Check engine", "The engine or emissions system reported a fault.",
        "Drive gently and book a workshop visit soon; if it flashes, stop and call for help.", "error"),
    "Vehicle.ADAS.ABS.IsError": Warning(
        "abs", "ABS", "Anti-lock braking is off; the brakes still work without it.",
        "Leave more distance, brake early, and have it checked.", "error"),
    "Vehicle.ADAS.ESC.IsError": Warning(
        "esc", "Stability control", "Electronic stability control is off.",
        "Drive carefully on bends and slippery roads; have it checked.", "warning"),
    "Vehicle.ADAS.TCS.IsError": Warning(
        "tcs", "Traction control", "Traction control is off; wheels may spin on pulling away.",
        "Accelerate gently; have it checked.", "warning"),
}


def _wheel_key(text: str) -> str:
    """"FL", "front left", "Row1.Left" -> "Row1.Left"."""
    want = " ".join(str(text).replace("_", " ").replace("-", " ").split()).lower()
    for wheel, name, short in WHEELS:
        if want in (wheel.lower(), name.lower(), short.lower()):
            return wheel
    raise InvalidValue("Wheels: FL, FR, RL, RR (front left, front right, rear left, rear right).")


class Health(ControlDomain):
    def __init__(self, controller):
        super().__init__(controller)
        self._leak_last: float | None = None
        self._activators["warn"] = self._explain
        self._lit: set[str] | None = None  # the warning lights on, once started
        controller.add_write_hook(self._tpms)
        controller.add_write_hook(self._lights_changed)

    def started(self) -> None:
        self._lit = {w.id for w in self.warnings()}  # lights already on at start are not news

    def _lights_changed(self, controller, changes: list, source: str) -> None:
        """A warning light coming on is an alert in the alert centre (source "car"), told at once."""
        if self._lit is None or not any(path.startswith(WATCHED) for path, _old, _new in changes):
            return
        now = self.warnings()
        alerts = controller.__dict__.get("alerts")
        for w in now:
            if w.id not in self._lit and alerts is not None:
                alerts.raise_("car", w.id, f"{w.name}: {w.meaning} {w.todo}", w.severity, tell=True)
        self._lit = {w.id for w in now}

    # ------------------------------------------------------------------ tyres
    def has_tyres(self) -> bool:
        return self.c.has(tire_path(WHEELS[0][0]))

    def tyres(self) -> list[Tyre]:
        out = []
        for wheel, name, short in WHEELS:
            path = tire_path(wheel)
            if not self.c.has(path):
                continue
            kpa = self.c.get(path)
            placard = float(self.c.spec(path).default or 240)
            out.append(Tyre(wheel, name, short, kpa, placard, self.c.format(path), self.level(kpa, placard)))
        return out

    @staticmethod
    def level(kpa, placard: float) -> str:
        if kpa is None:
            return "ok"
        if kpa < placard * LOW_FRACTION:
            return "low"
        if kpa < placard * CHECK_FRACTION:
            return "check"
        return "ok"

    def pressure_answer(self) -> str:
        """"FL 35 psi, FR 35 psi, RL 35 psi, RR 29 psi (low)": the assistant's and the CLI's line."""
        tyres = self.tyres()
        if not tyres:
            raise NotOnThisCar(f"This {self.c.car.model.name} does not report tyre pressures.")
        parts = [f"{t.short} {t.text}" + ("" if t.level == "ok" else f" ({t.level})") for t in tyres]
        low = [t.name.lower() for t in tyres if t.level == "low"]
        tail = f" Low: {', '.join(low)}; inflate soon." if low else ""
        return "Tyres: " + ", ".join(parts) + "." + tail

    def _tpms(self, controller, changes: list, source: str) -> None:
        """The car's monitor: a pressure change sets that tyre's IsPressureLow (its own reading)."""
        updates = {}
        for path, _old, new in changes:
            if path.endswith(".Tire.Pressure") and isinstance(new, (int, float)):
                flag = path[: -len("Pressure")] + "IsPressureLow"
                if self.c.has(flag):
                    low = self.level(new, float(self.c.spec(path).default or 240)) == "low"
                    if self.c.get(flag) != low:
                        updates[flag] = low
        if updates:
            self.c.set_many(updates, "system")

    # ------------------------------------------------------------------ the simulator's readings
    def set_pressure(self, wheel: str, kpa: float, source: str = "simulator") -> str:
        key = _wheel_key(wheel)
        path = tire_path(key)
        if not self.c.has(path):
            raise NotOnThisCar(f"This {self.c.car.model.name} does not report tyre pressures.")
        self.c.set(path, int(round(kpa)), source)
        return f"{next(n for w, n, _ in WHEELS if w == key)} tyre: {self.c.format(path)}"

    def simulate_leak(self, wheel: str | None, source: str = "simulator") -> str:
        """A slow leak in one wheel (None or "none": stop it): it loses LEAK_KPA_PER_MINUTE."""
        key = "" if wheel in (None, "", "none") else _wheel_key(wheel)
        self.c.set(LEAK, key, source)
        self._leak_last = self.c.clock.monotonic() if key else None
        name = next((n for w, n, _ in WHEELS if w == key), "")
        return f"Slow leak: {name.lower()} tyre." if key else "No leak."

    def tick(self) -> None:
        leak = self.c.get(LEAK) if self.c.has(LEAK) else ""
        if not leak:
            self._leak_last = None
            return
        now = self.c.clock.monotonic()
        if self._leak_last is None:
            self._leak_last = now
            return
        minutes = (now - self._leak_last) / 60
        drop = LEAK_KPA_PER_MINUTE * minutes
        if drop < 1:  # whole kPa readings: wait until a whole one is lost
            return
        self._leak_last = now
        path = tire_path(leak)
        if self.c.has(path):
            self.c.set(path, max(0, int(round((self.c.get(path) or 0) - drop))), "simulator")

    # ------------------------------------------------------------------ other readings
    def service_text(self) -> str:
        parts = []
        km = self.c.get(SERVICE + "DistanceToService")
        if isinstance(km, (int, float)):  # in km (VSS); units' km kind reads metres, so shown here
            shown = distance_text(abs(km) * 1000, self.c.unit("DistanceUnit"))
            parts.append(f"in {shown}" if km >= 0 else f"overdue by {shown}")
        seconds = self.c.get(SERVICE + "TimeToService")
        if isinstance(seconds, (int, float)):
            days = int(seconds // 86400)
            parts.append(f"{days} days" if days >= 0 else f"{-days} days overdue")
        return " or ".join(parts) if parts else "—"

    def _service_due(self) -> bool:
        km = self.c.get(SERVICE + "DistanceToService")
        seconds = self.c.get(SERVICE + "TimeToService")
        return bool(self.c.get(SERVICE + "IsServiceDue")) or (
            isinstance(km, (int, float)) and km <= SERVICE_SOON_KM) or (
            isinstance(seconds, (int, float)) and seconds <= SERVICE_SOON_DAYS * 86400)

    def washer_low(self) -> bool:
        level = self.c.get(WASHER + "Level")
        return bool(self.c.get(WASHER + "IsLevelLow")) or (isinstance(level, (int, float)) and level <= WASHER_LOW)

    def battery_text(self) -> str:
        volts = self.c.get(BATTERY)
        if not isinstance(volts, (int, float)):
            return "—"
        state = "low" if volts < BATTERY_LOW else ("weak" if volts < BATTERY_WEAK else "good")
        return f"{volts:.1f} V · {state}"

    def warnings(self) -> list[Warning]:
        """The warning lights on now, the most serious first."""
        out = []
        tyres = self.tyres()
        low = [t.name.lower() for t in tyres if t.level == "low" or self.c.get(tire_path(t.wheel, "IsPressureLow"))]
        if low:
            out.append(Warning("tyres", "Tyre pressure", f"Low pressure: {', '.join(low)}.",
                               "Slow down, avoid sharp steering, and inflate or change the tyre at the next stop.",
                               "error"))
        for path, light in LIGHTS.items():
            if self.c.has(path) and self.c.get(path):
                out.append(light)
        volts = self.c.get(BATTERY)
        if isinstance(volts, (int, float)) and volts < BATTERY_LOW:
            out.append(Warning("battery", "12 V battery", f"The 12 V battery is low ({volts:.1f} V).",
                               "Switch off what you don't need; have the battery charged or tested.", "warning"))
        check = [t.name.lower() for t in tyres if t.level == "check"]
        if check and not low:
            out.append(Warning("tyres_check", "Tyre pressure", f"A little under pressure: {', '.join(check)}.",
                               "Check and inflate the tyres when convenient.", "warning"))
        if self.washer_low():
            out.append(Warning("washer", "Washer fluid", "Washer fluid is low.", "Top up the washer fluid.",
                               "warning"))
        if self._service_due():
            out.append(Warning("service", "Service", f"Service due {self.service_text()}.",
                               "Book a service appointment.", "warning"))
        return sorted(out, key=lambda w: w.severity != "error")

    def summary(self) -> str | None:
        """A tile line when something needs attention (None: all is well)."""
        warnings = self.warnings()
        if not warnings:
            return None
        return f"⚠ {warnings[0].name}" if len(warnings) == 1 else f"⚠ {len(warnings)} warnings"

    def status_lines(self) -> list[tuple[str, str]]:
        """(label, value) rows for the screen and `body status`."""
        rows = [(f"Tyre {t.name.lower()}", t.text + ("" if t.level == "ok" else f" · {t.level}")) for t in self.tyres()]
        if self.c.has(WASHER + "Level"):
            rows.append(("Washer fluid", f"{self.c.get(WASHER + 'Level')} %" + (" · low" if self.washer_low() else "")))
        if self.c.has(BATTERY):
            rows.append(("12 V battery", self.battery_text()))
        rows.append(("Service due", self.service_text()))
        return rows

    # ------------------------------------------------------------------ the Health screen's rows
    def controls(self, section: str | None = None) -> list[Control]:
        """The readings, then each warning light on (Enter says what to do)."""
        rows = [Control(f"reading:{label}", label, value, "info") for label, value in self.status_lines()
                if not label.startswith("Tyre ")]  # the tyres are drawn per wheel above the rows
        for w in self.warnings():
            rows.append(Control(f"warn:{w.id}", f"⚠ {w.name}", w.meaning, "action"))
        return rows

    def _explain(self, control_id: str, source: str) -> str:
        wanted = control_id.split(":", 1)[1]
        for w in self.warnings():
            if w.id == wanted:
                return f"{w.name}: {w.todo}"
        return "That warning has gone out."
