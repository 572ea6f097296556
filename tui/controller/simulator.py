"""The vehicle simulator: plays a route (the built-in one, built for the car that drives it, from
where it stands, through town (joining the loop there if it is parked away from home), on a highway and back home;
others from a JSON file of points with speeds; the routes are in routes.py) at real time or faster,
writing speed, location, heading, gear, ignition, charge or fuel, range, distance and outside
temperature as VSS sensor values through controller.set_many(..., source="simulator").

Time comes from controller.clock only; the app pumps it about ten times a second, the command line
(`smartcockpit simulate`) in its own loop, tests with a FakeClock. A drive at a speed-up runs the
simulator's own clock ahead of it (Simulator.now()), the one time base of trips and of the routines
that react to the drive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tui.controller.errors import InvalidValue, NotAllowed
from tui.controller.routes import (  # noqa: F401 (the routes, re-exported: navigation and tests import them here)
    AT_HOME_M,
    DRIVE_HOME_MAX_M,
    EARTH_M,
    MAX_POINTS,
    MAX_ROUTE_BYTES,
    Point,
    Route,
    _offset,
    bearing,
    builtin_from,
    builtin_route,
    distance_m,
    load_route,
    route_between,
    route_from_data,
)

SOURCE = "simulator"
P = "Vehicle.Private.SmartCockpit."
SPEED = "Vehicle.Speed"
MOVING = "Vehicle.IsMoving"
LAT = "Vehicle.CurrentLocation.Latitude"
LON = "Vehicle.CurrentLocation.Longitude"
HEADING = "Vehicle.CurrentLocation.Heading"
GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
IGNITION = "Vehicle.LowVoltageSystemState"
OUTSIDE = "Vehicle.Exterior.AirTemperature"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
SOC_SHOWN = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
FUEL = "Vehicle.Powertrain.FuelSystem.RelativeLevel"
RANGE = "Vehicle.Powertrain.Range"
BATTERY_RANGE = "Vehicle.Powertrain.TractionBattery.Range"
FUEL_RANGE = "Vehicle.Powertrain.FuelSystem.Range"
ODOMETER = "Vehicle.TraveledDistance"
TRIP = "Vehicle.TraveledDistanceSinceStart"
SERVICE_KM = "Vehicle.Service.DistanceToService"  # km; counts down with the drive (issue 17)
SERVICE_S = "Vehicle.Service.TimeToService"
LV = "Vehicle.LowVoltageBattery.CurrentVoltage"
CHARGING_LV, RESTING_LV = 14.2, 12.6  # volts: while the car runs (alternator or DC-DC), parked
PARK, DRIVE = 126, 127
ACCEL = 2.0  # m/s2
BRAKE = 2.5  # m/s2
MAX_SIM_STEP = 0.25  # seconds of simulated time per integration step
SPEEDUPS = (1, 2, 5, 10, 30, 60)
CLOCK_KEY = "simulator.clock"  # the moment (epoch seconds) a speed-up drive took the simulator's clock to
KWH_PER_KM = 0.17
STOP_SECONDS = 6.0  # wait at a stop (a point with speed 0)
SLOW_EVERY = 1.0  # seconds of wall time between writes of distance, charge or fuel and range
LITRES_PER_100KM = 7.5


@dataclass(frozen=True)
class SimStatus:
    state: str  # "stopped" | "running" | "paused" | "finished"
    route: str
    speedup: int
    progress: float  # 0..1 of the route's length
    elapsed_s: float  # simulated seconds since start
    trip_m: float
    rate_hz: float
    updates: int


class Simulator:
    def __init__(self, controller):
        self.c = controller
        self.route: Route | None = None
        self.route_id: str | None = None  # "builtin" or "file:<name>": which of routes() is loaded
        self.state = "stopped"
        self.speedup = 1
        self.rate_hz = 10.0
        self.updates = 0
        self._until: float | None = None  # the moment a speed-up drove the clock to (epoch seconds)
        self._reset_motion()

    def _reset_motion(self) -> None:
        self._seg = 0
        self._along = 0.0  # metres into the current segment
        self._v = 0.0  # m/s
        self._elapsed = 0.0
        self._trip = 0.0
        self._last = None  # clock.monotonic() of the last update
        self._start_energy = None
        self._dwell = 0.0
        self._start_temp = None
        self._last_slow = None

    # ------------------------------------------------------------------ control
    def home(self) -> tuple[float, float]:
        """Where the built-in route begins and ends: the home's place (where the routines look for
        the car arriving), else where the car's maker parks it."""
        place = self.c.store.home.place()
        if place is not None and place.latitude is not None and place.longitude is not None:
            return float(place.latitude), float(place.longitude)
        lat = self.c.spec(LAT).default if self.c.has(LAT) else 45.0703
        lon = self.c.spec(LON).default if self.c.has(LON) else 7.6869
        return float(lat), float(lon)

    def here(self) -> tuple[float, float] | None:
        lat, lon = (self.c.get(LAT), self.c.get(LON)) if self.c.has(LAT) and self.c.has(LON) else (None, None)
        return None if lat is None or lon is None else (float(lat), float(lon))

    def builtin(self) -> Route:
        """The built-in route for this car now: from where the car is (never a jump), through town,
        on a highway and back home (routes.builtin_from; test_demo_route.py)."""
        return builtin_from(self.here(), self.home())

    def load(self, route: Route | str | Path | None = None) -> Route:
        if self.state == "running":
            raise NotAllowed("Stop the drive before choosing another route.")
        route_is_builtin = route is None
        if route is None:
            route = self.builtin()
        elif not isinstance(route, Route):
            route = load_route(route)
        self.route = route
        self.route_id = "builtin" if route_is_builtin else None  # load_named sets a file's id
        self.state = "stopped"
        self._reset_motion()
        return route

    def routes_dir(self) -> Path:
        """Routes of one's own: JSON files in a `routes` folder beside the database."""
        return Path(self.c.store.path).parent / "routes"

    def routes(self) -> list[tuple[str, str]]:
        """(id, name) of the routes to choose from: the built-in one, then the folder's files."""
        found = [("builtin", "Home, town, highway, home (built in)")]
        folder = self.routes_dir()
        try:
            files = sorted(folder.glob("*.json"))[:49] if folder.is_dir() else []
        except OSError:
            files = []
        found += [(f"file:{f.name}", f.stem.replace("_", " ").replace("-", " ")) for f in files]
        return found

    def load_named(self, route_id: str) -> Route:
        if route_id == "builtin":
            return self.load(None)
        if not route_id.startswith("file:"):
            raise InvalidValue("There is no such route.")
        name = Path(route_id[5:]).name  # never outside the routes folder
        route = self.load(self.routes_dir() / name)
        self.route_id = f"file:{name}"
        return route

    def set_speedup(self, factor) -> int:
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 1 <= factor <= 1000:
            raise InvalidValue("Speed-up goes from 1 (real time) to 1000 times.")
        self.speedup = int(factor) if float(factor).is_integer() else factor
        return self.speedup

    def faster(self) -> int:
        """The next speed-up of 1x, 2x, 5x, 10x, 30x, 60x (back to 1x after 60x)."""
        nxt = next((s for s in SPEEDUPS if s > self.speedup), SPEEDUPS[0])
        return self.set_speedup(nxt)

    def slower(self) -> int:
        """The speed-up before this one (60x, 30x, 10x, 5x, 2x, 1x); stays at real time (1x)."""
        nxt = next((s for s in reversed(SPEEDUPS) if s < self.speedup), SPEEDUPS[0])
        return self.set_speedup(nxt)

    # ------------------------------------------------------------------ the simulator's clock
    def now(self) -> datetime:
        """The one time base of drives, trips and the routines that react to them: the controller's
        clock, except after a drive at a speed-up, whose simulated minutes run ahead of it (a
        30-minute drive at 60x ends 30 minutes after it started): then the moment that drive
        reached, until the controller's clock passes it. So the next trip starts after the last
        one ended, never inside it, and "away at least 5 min" counts the simulated minutes. Kept
        in the database so every process agrees."""
        wall = self.c.clock.now()
        if self._until is None:
            self._load_clock()
        if self._until > wall.timestamp():
            return datetime.fromtimestamp(self._until, wall.tzinfo)
        return wall

    def _load_clock(self) -> None:
        value = self.c.store.settings.get(CLOCK_KEY)
        self._until = float(value) if isinstance(value, (int, float)) and math.isfinite(value) else 0.0

    def _save_clock(self) -> None:
        with self.c.store.write():
            self.c.store.settings.set(CLOCK_KEY, round(self._until or 0.0, 3))

    def start(self) -> str:
        """Start (ignition on, in Drive) or resume a paused drive."""
        if self.state == "running":
            return "The drive is already running."
        resumed = self.state == "paused"
        self._load_clock()  # another process (`smartcockpit simulate`) may have driven meanwhile
        done_nav = self.state == "finished" and self.route_id == "nav"  # arrived: never back to its start
        if not resumed and (self.route is None or self.route_id == "builtin" or done_nav):
            self.load(None)  # built for this car, its home and where it is now: no jump
        elif self.state == "finished":
            self.load(self.route)
        self._last = self.c.clock.monotonic()
        if not resumed:
            first = self.route.points[0]
            self._start_energy = self._energy()
            self._start_temp = self.c.get(OUTSIDE)
            values = {IGNITION: "ON", GEAR: DRIVE, LAT: first.lat, LON: first.lon, TRIP: 0, SPEED: 0.0}
            self._write(values)
        self.state = "running"
        return f"Drive {'resumed' if resumed else 'started'}: {self.route.name}."

    def pause(self) -> str:
        if self.state != "running":
            return "The drive is not running."
        self.pump()
        self._write(self._slow_values())  # the trip as it stands
        self.state = "paused"
        self._save_clock()
        return "Drive paused."

    def toggle(self) -> str:
        return self.pause() if self.state == "running" else self.start()

    def stop(self) -> str:
        """End the drive here: stopped, in Park, switched off."""
        was = self.state
        self.state = "stopped" if was != "finished" else "finished"
        self._v = 0.0
        values = {SPEED: 0.0, MOVING: False, GEAR: PARK, IGNITION: "OFF"}
        if was in ("running", "paused") and self.route is not None:
            values.update(self._slow_values())
        self._write(values)
        if was in ("running", "paused"):
            self._save_clock()
        self._reset_motion()
        self.c.driver_assistance.handover.on_highway = True  # the next drive is a new road (issue 17)
        return "Drive stopped; parked and switched off." if was in ("running", "paused") else "Parked."

    # ------------------------------------------------------------------ on purpose (issue 17)
    END_CONDITIONS = ("speed", "highway", "monitoring")

    def end_condition(self, which: str = "highway") -> str:
        """End one of eyes-off's conditions on purpose, to try the Level 3 handover: above 60 km/h,
        leaving the highway, or driver monitoring off."""
        if which == "speed":
            self._write({SPEED: max(75.0, self.c.get(SPEED) or 0.0)})
        elif which == "monitoring":
            self.c.set("Vehicle.ADAS.DMS.IsEnabled", False, SOURCE)
        elif which == "highway":
            self.c.driver_assistance.leave_highway()
        else:
            raise InvalidValue(f"End which condition? One of {', '.join(self.END_CONDITIONS)}.")
        return {"speed": "Simulated: faster than 60 km/h.", "highway": "Simulated: the car leaves the highway.",
                "monitoring": "Simulated: driver monitoring off."}[which]

    # ------------------------------------------------------------------ time
    def pump(self) -> bool:
        """Advance to the clock's now if an update is due (rate_hz). True if it wrote."""
        if self.state != "running":
            return False
        now = self.c.clock.monotonic()
        if self._last is None:
            self._last = now
            return False
        wall = now - self._last
        if wall < 0.8 / self.rate_hz:  # a timer firing a little early still counts
            return False
        self._last = now
        self.advance(min(wall, 5.0) * self.speedup, wall)
        return True

    def tick(self) -> None:
        if self.state == "paused":  # a paused drive still holds the car where it is: keep its reading live
            self.c.keep_moving_if_due()
        self.pump()

    def advance(self, seconds: float, wall: float = 0.0) -> None:
        """Simulate this many seconds of driving (over `wall` seconds of the controller's clock)
        and write the result once."""
        route = self.route
        if route is None or self.state != "running":
            return
        remaining = seconds
        while remaining > 1e-9 and self.state == "running":
            dt = min(MAX_SIM_STEP, remaining)
            remaining -= dt
            self._integrate(dt)
        if self._until is None:
            self._load_clock()
        before = max(self._until, self.c.clock.now().timestamp() - wall)  # its clock at the last update
        self._until = before + (seconds - max(0.0, remaining))
        self._publish()
        if self.state == "finished":
            self._save_clock()

    def _integrate(self, dt: float) -> None:
        pts = self.route.points
        if self._seg >= len(pts) - 1:
            self.state = "finished"
            return
        self._elapsed += dt
        if self._dwell > 0:  # waiting at a stop (a point with speed 0)
            self._dwell = max(0.0, self._dwell - dt)
            return
        a, b = pts[self._seg], pts[self._seg + 1]
        seg_len = distance_m(a, b)
        left = max(0.0, seg_len - self._along)
        limit = max(a.speed, b.speed) / 3.6
        cap = self.top_speed()
        if cap is not None:
            limit = min(limit, cap / 3.6)
        arrive = 0.0 if self._seg + 1 == len(pts) - 1 else b.speed / 3.6
        target = min(limit, math.sqrt(arrive ** 2 + 2 * BRAKE * left))
        if self._v < target:
            self._v = min(target, self._v + ACCEL * dt)
        else:
            self._v = max(target, self._v - BRAKE * dt)
        if self._v < 0.5 and left > 0 and target < 0.5:
            self._v = min(0.5, max(limit, 0.5))  # creep up to the point rather than stall short of it
        step = self._v * dt
        if step >= left:
            self._trip += left
            self._seg += 1
            self._along = 0.0
            if self._seg >= len(pts) - 1:
                self._v = 0.0
                self.state = "finished"
            elif b.speed == 0:
                self._v = 0.0
                self._dwell = STOP_SECONDS
        else:
            self._along += step
            self._trip += step

    def top_speed(self) -> float | None:
        """The car will not go faster than valet mode's cap or speed limit mode's limit (km/h)."""
        caps = []
        if self.c.get(P + "Valet.IsActive"):
            caps.append(self.c.get(P + "Valet.SpeedCap"))
        if self.c.get(P + "SpeedLimit.IsEnabled"):
            caps.append(self.c.get(P + "SpeedLimit.Limit"))
        caps = [c for c in caps if isinstance(c, (int, float))]
        return min(caps) if caps else None

    def position(self) -> tuple[float, float, float]:
        pts = self.route.points
        if self._seg >= len(pts) - 1:
            last = pts[-1]
            return last.lat, last.lon, bearing(pts[-2], last)
        a, b = pts[self._seg], pts[self._seg + 1]
        seg_len = distance_m(a, b) or 1.0
        f = min(1.0, self._along / seg_len)
        return a.lat + (b.lat - a.lat) * f, a.lon + (b.lon - a.lon) * f, bearing(a, b)

    def _outside(self) -> float | None:
        pts = self.route.points
        known = [(i, p.temp) for i, p in enumerate(pts) if p.temp is not None]
        if not known:
            return None
        base = self._start_temp
        if base is not None and known[0][0] != 0:  # before the route says: as it was at the start
            known.insert(0, (0, base))
        # nearest point with a temperature before and after, linearly
        i = self._seg
        before = [k for k in known if k[0] <= i]
        after = [k for k in known if k[0] > i]
        if before and after:
            (i0, t0), (i1, t1) = before[-1], after[0]
            return round(t0 + (t1 - t0) * (i - i0) / (i1 - i0), 1)
        return before[-1][1] if before else after[0][1]

    def _energy(self) -> dict:
        out = {}
        for path in (SOC, FUEL, RANGE, BATTERY_RANGE, FUEL_RANGE, ODOMETER, SERVICE_KM, SERVICE_S):
            if self.c.has(path) and self.c.get(path) is not None:
                out[path] = self.c.get(path)
        return out

    def _publish(self) -> None:
        lat, lon, heading = self.position()
        kmh = round(self._v * 3.6, 1)
        values = {SPEED: kmh, MOVING: kmh > 0, LAT: round(lat, 6), LON: round(lon, 6), HEADING: round(heading, 1)}
        now = self.c.clock.monotonic()
        slow_due = self._last_slow is None or now - self._last_slow >= SLOW_EVERY or self.state == "finished"
        if slow_due:  # the slowly changing readings (distance, charge or fuel, range) once a second
            self._last_slow = now
            values.update(self._slow_values())
        if self.state == "finished":
            values.update({SPEED: 0.0, MOVING: False, GEAR: PARK, IGNITION: "OFF"})
        self._write(values)
        self.updates += 1

    def _slow_values(self) -> dict:
        values = {TRIP: int(self._trip)}
        start = self._start_energy or {}
        km = self._trip / 1000
        model = self.c.car.model
        if SOC in start:
            battery = float(model.features.get("battery_kwh") or 50.0)
            soc = max(0.0, start[SOC] - km * KWH_PER_KM / battery * 100)
            values[SOC] = round(soc, 2)
            if self.c.has(SOC_SHOWN):
                values[SOC_SHOWN] = round(soc, 1)
        if FUEL in start:
            tank = float(model.features.get("fuel_tank_l") or 50.0)
            values[FUEL] = max(0, int(round(start[FUEL] - km * LITRES_PER_100KM / 100 / tank * 100)))
        for path in (RANGE, BATTERY_RANGE, FUEL_RANGE):
            if path in start:
                values[path] = max(0, int(start[path] - self._trip))
        if ODOMETER in start:
            values[ODOMETER] = int(start[ODOMETER] + self._trip)
        if SERVICE_KM in start:
            values[SERVICE_KM] = round(start[SERVICE_KM] - km, 1)
        if SERVICE_S in start:
            values[SERVICE_S] = int(start[SERVICE_S] - self._elapsed)
        if self.c.has(LV):  # charged while it runs; rested once parked
            values[LV] = CHARGING_LV if self.state == "running" else RESTING_LV
        temp = self._outside()
        if temp is not None:
            values[OUTSIDE] = temp
        return values

    def _write(self, values: dict) -> None:
        values = {p: v for p, v in values.items() if self.c.has(p)}
        self.c.set_many(values, SOURCE)

    def plug(self, plugged: bool = True) -> str:
        """Plug the charging cable in (or out), as a person at the car would; the car then charges at
        its rate on the controller's clock (tui/controller/charging.py), this speed-up included."""
        if plugged and self.state in ("running", "paused"):
            raise NotAllowed("Park before plugging in.")
        return self.c.charging.plug(plugged, SOURCE)

    def fail_next_update(self, point: str = "install") -> None:
        """Make the next software update fail at a point ("download", "verify", "install" or
        "boot": the new version does not start and the car rolls back), as a workshop's test does."""
        self.c.updates.fail_next(point)

    # ------------------------------------------------------------------ what the Drive screen shows
    def status(self) -> SimStatus:
        length = self.route.length_m if self.route else 0.0
        return SimStatus(self.state, (self.route or self.builtin()).name, self.speedup,
                         min(1.0, self._trip / length) if length else 0.0, self._elapsed, self._trip, self.rate_hz,
                         self.updates)
