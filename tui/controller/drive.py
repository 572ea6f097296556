"""The Drive tile: a live dashboard (speed, gear, range or charge, outside temperature, driver
assistance, trip, driving mode) fed by the simulator, and the car's own driving modes."""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller import restrictions, units
from tui.controller.controls import Control, ControlDomain
from tui.controller.errors import InvalidValue, NotOnThisCar

MODE = "Vehicle.Private.SmartCockpit.DrivingMode"


@dataclass(frozen=True)
class Dashboard:
    speed: str
    gear: str
    energy: str  # charge or fuel
    range: str
    outside: str
    assist: str
    trip: str
    mode: str
    ignition: str
    simulator: str
    moving: bool
    status: str = "Parked"  # "Moving", "Stopped" (in a gear at 0) or "Parked" (in P): agrees with `gear`


def clock_text(seconds: float) -> str:
    """A trip's time as a stopwatch shows it: 4:05, 1:02:03."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def mode_name(mode: str | None) -> str:
    return (mode or "—").replace("_", " ").title().replace("4Wd", "4WD").replace("Hf", "HF").replace("Gt", "GT")


class Drive(ControlDomain):
    def modes(self) -> list[str]:
        return list(self.c.spec(MODE).allowed or ()) if self.c.has(MODE) else []

    def set_mode(self, mode: str, source: str = "ui") -> str:
        modes = self.modes()
        if not modes:
            raise NotOnThisCar("This car has no driving modes to choose.")
        match = next((m for m in modes if m.upper() == str(mode).strip().upper().replace(" ", "_")), None)
        if match is None:
            raise InvalidValue(f"This car's modes: {', '.join(mode_name(m) for m in modes)}.")
        self.c.set(MODE, match, source)
        return f"Driving mode: {mode_name(match)}"

    def controls(self, section: str | None = None) -> list[Control]:
        if not self.modes():
            return [Control(MODE, "Driving mode", "—", "choice", "This car has one driving mode")]
        return [Control(MODE, "Driving mode", mode_name(self.c.get(MODE)), "choice")]

    def change(self, control_id: str, direction: int, source: str = "ui") -> str:
        modes = self.modes()
        if control_id != MODE or not modes:
            return super().change(control_id, direction, source)
        current = self.c.get(MODE)
        i = modes.index(current) if current in modes else 0
        return self.set_mode(modes[(i + direction) % len(modes)], source)

    def activate(self, control_id: str, source: str = "ui") -> str:
        return self.change(control_id, 1, source)

    def dashboard(self) -> Dashboard:
        c = self.c
        st = c.state()
        soc = st.get("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current")
        fuel = st.get("Vehicle.Powertrain.FuelSystem.RelativeLevel")
        parts = []
        if soc is not None:
            parts.append(f"{soc:.0f} % charge")
        if fuel is not None:
            parts.append(f"{fuel} % fuel")
        trip_m = st.get("Vehicle.TraveledDistanceSinceStart") or 0
        sim = c.simulator.status()
        trip_time = clock_text(self.trip_seconds(sim, trip_m))
        dist = units.distance_text(trip_m, c.unit("DistanceUnit")) if trip_m >= 1000 else (
            f"{trip_m} m" if c.unit("DistanceUnit") != "MILES" else f"{trip_m / 1609.344:.1f} mi")
        r = c.restrictions()
        state = {"stopped": "Not running", "running": "Running", "paused": "Paused", "finished": "Arrived"}[sim.state]
        return Dashboard(
            speed=units.speed_text(st.get("Vehicle.Speed"), c.unit("SpeedUnit")),
            gear=units.gear_text(st.get("Vehicle.Powertrain.Transmission.SelectedGear")),
            energy=" · ".join(parts) or "—",
            range=units.distance_text(st.get("Vehicle.Powertrain.Range"), c.unit("DistanceUnit")),
            outside=units.temperature_text(st.get("Vehicle.Exterior.AirTemperature"), c.unit("TemperatureUnit")),
            assist=c.driver_assistance.state_text(),
            trip=f"{dist} · {trip_time}",
            mode=mode_name(st.get(MODE)) if self.modes() else "—",
            ignition={"OFF": "Off", "ON": "On", "START": "Starting", "ACC": "Accessory", "LOCK": "Locked"}.get(
                st.get("Vehicle.LowVoltageSystemState"), "—"),
            simulator=f"{state} · {sim.speedup}x · {sim.progress * 100:.0f} % of {restrictions.short(sim.route, 30)}",
            moving=r.moving,
            status=r.state,
        )

    def trip_seconds(self, sim, trip_m) -> float:
        """How long the trip on screen took: the drive's own time while it runs (or is paused); once
        parked (or after choosing another route), the last trip's, as Trips recorded it."""
        if sim.elapsed_s > 0 or not trip_m:
            return sim.elapsed_s
        last = self.c.trips.last_duration_s()
        return last or 0.0

    def summary(self) -> str:
        d = self.dashboard()
        return f"{d.gear} {d.speed} · {d.mode}"  # the tile fits it (cells, "…")
