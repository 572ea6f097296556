"""Trips: every drive (ignition on .. off: the simulator's start .. park) is a trip kept in SQLite,
with its start and end time and place, distance, duration, average speed, energy or fuel used and
efficiency; a list (paged), totals per day and week, and a CSV export.

One time base: the simulator's clock (Simulator.now(): the controller's clock plus what a speed-up
skipped), for the start, the end and the duration alike, so trips driven at 60x follow each other
and never overlap."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tui.controller.errors import InvalidValue

IGNITION = "Vehicle.LowVoltageSystemState"
ODOMETER = "Vehicle.TraveledDistance"
TRIP = "Vehicle.TraveledDistanceSinceStart"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
FUEL = "Vehicle.Powertrain.FuelSystem.RelativeLevel"
ON_STATES = ("ON", "START")
KM_PER_MILE = 1.609344
LITRES_PER_GALLON_US = 3.785411784
CSV_COLUMNS = ("started", "ended", "from", "to", "distance_km", "duration_min", "average_kmh", "energy_kwh",
               "fuel_l", "efficiency")


@dataclass(frozen=True)
class TripView:
    """A trip as the driver reads it (driver's units, local time)."""

    id: int
    started: str
    ended: str
    start_place: str
    end_place: str
    distance: str
    duration: str
    average: str
    used: str
    efficiency: str


@dataclass(frozen=True)
class Totals:
    label: str
    trips: int
    distance: str
    duration: str
    used: str


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def duration_text(seconds: float) -> str:
    minutes = int(round(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


class Trips:
    def __init__(self, controller):
        self.c = controller
        controller.add_write_hook(self._ignition_changed)

    # ------------------------------------------------------------------ recording
    def _ignition_changed(self, controller, changes: list, source: str) -> None:
        for path, old, new in (ch[:3] for ch in changes):
            if path != IGNITION:
                continue
            if new in ON_STATES and old not in ON_STATES:
                self._open()
            elif old in ON_STATES and new not in ON_STATES:
                self._close(source)

    def _open(self) -> None:
        c = self.c
        vin = c.car.vin
        if c.store.trips.current(vin) is not None:  # a drive that never parked (a killed app): closed here
            self._close("ui")
        c.store.trips.open(vin, _iso(self.now()), self._place(),
                           c.get(ODOMETER), c.get(SOC), c.get(FUEL))

    def _place(self) -> str:
        from tui.controller.charging import Charging

        return Charging.place(self.c.charging)  # "Home" near home, else the coordinates (any car)

    def _close(self, source: str) -> None:
        c = self.c
        trip = c.store.trips.current(c.car.vin)
        if trip is None:
            return
        start = datetime.fromisoformat(trip.started_at)
        elapsed = c.simulator.status().elapsed_s if source == "simulator" else 0.0
        duration = elapsed or max(0.0, (self.now() - start).total_seconds())
        odometer = c.get(ODOMETER)
        if odometer is not None and trip.start_odometer_m is not None:
            distance = max(0.0, float(odometer) - trip.start_odometer_m)
        else:
            distance = float(c.get(TRIP) or 0)
        features = c.car.model.features
        energy = fuel = None
        if trip.start_soc is not None and c.get(SOC) is not None:
            energy = round(max(0.0, trip.start_soc - float(c.get(SOC))) / 100 * float(features.get("battery_kwh") or 0), 3)
        if trip.start_fuel is not None and c.get(FUEL) is not None:
            fuel = round(max(0.0, trip.start_fuel - float(c.get(FUEL))) / 100 * float(features.get("fuel_tank_l") or 0), 3)
        ended = start + timedelta(seconds=duration)
        c.store.trips.close(trip.id, _iso(ended), self._place(), round(distance, 1), round(duration, 1), energy, fuel)

    def now(self) -> datetime:
        """The trips' clock: the simulator's (see the module's note)."""
        return self.c.simulator.now()

    # ------------------------------------------------------------------ reading
    def last_duration_s(self) -> float | None:
        """How long the newest ended trip of this car took (what the Drive screen shows once parked)."""
        rows = self.c.store.trips.list(self.c.car.vin, 1, 0)
        return rows[0].duration_s if rows else None

    def count(self) -> int:
        return self.c.store.trips.count(self.c.car.vin)

    def list(self, limit: int = 50, offset: int = 0, source: str = "ui"):
        """Ended trips, newest first (personal data: where the car went; hidden in valet mode)."""
        self.c.authority.require("data.read", source=source)
        return self.c.store.trips.list(self.c.car.vin, limit, offset)

    def views(self, limit: int = 50, offset: int = 0, source: str = "ui") -> list[TripView]:
        return [self.view(t) for t in self.list(limit, offset, source)]

    def view(self, trip) -> TripView:
        hmi = self.c.hmi_units()
        now = self.now()
        started = datetime.fromisoformat(trip.started_at)
        ended = datetime.fromisoformat(trip.ended_at) if trip.ended_at else started
        hours = trip.duration_s / 3600
        speed_kmh = trip.distance_m / 1000 / hours if hours > 0 else 0.0
        miles = hmi.distance == "MILES"
        average = f"{speed_kmh / KM_PER_MILE:.0f} mph" if miles else f"{speed_kmh:.0f} km/h"
        return TripView(trip.id, hmi.when_text(started, now), hmi.time_text(ended.astimezone(now.tzinfo)),
                        trip.start_place or "—", trip.end_place or "—", hmi.length_text(trip.distance_m),
                        duration_text(trip.duration_s), average, self.used_text(trip.energy_kwh, trip.fuel_l),
                        self.efficiency_text(trip.distance_m, trip.energy_kwh, trip.fuel_l))

    def used_text(self, kwh, litres) -> str:
        parts = []
        if kwh:
            parts.append(f"{kwh:.1f} kWh")
        if litres:
            gallons = self.c.hmi_units().distance == "MILES" and self.c.unit("FuelUnit") == "GALLON_US"
            parts.append(f"{litres / LITRES_PER_GALLON_US:.2f} gal" if gallons else f"{litres:.1f} L")
        return " + ".join(parts) or "—"

    def efficiency_text(self, metres: float, kwh, litres) -> str:
        """kWh per 100 km (or mi/kWh), L/100 km (or mpg) in the driver's distance unit."""
        km = metres / 1000
        if km < 0.1:
            return "—"
        miles = self.c.hmi_units().distance == "MILES"
        parts = []
        if kwh:
            parts.append(f"{km / KM_PER_MILE / kwh:.1f} mi/kWh" if miles else f"{kwh / km * 100:.1f} kWh/100 km")
        if litres:
            parts.append(f"{km / KM_PER_MILE / (litres / LITRES_PER_GALLON_US):.0f} mpg" if miles
                         else f"{litres / km * 100:.1f} L/100 km")
        return " · ".join(parts) or "—"

    def totals(self, period: str = "day", ago: int = 0) -> Totals:
        """This day's or this week's (from Monday) trips in the driver's local time; `ago` days or
        weeks before (1: yesterday, last week)."""
        now = self.now()
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if period == "week":
            start -= timedelta(days=now.weekday() + 7 * ago)
            end = start + timedelta(days=7)
        elif period == "day":
            start -= timedelta(days=ago)
            end = start + timedelta(days=1)
        else:
            raise InvalidValue("Totals are per day or per week.")
        end = min(end, now + timedelta(seconds=1))
        n, metres, seconds, kwh, litres = self.c.store.trips.totals(self.c.car.vin, _iso(start), _iso(end))
        hmi = self.c.hmi_units()
        if ago == 0:
            label = "Today" if period == "day" else "This week"
        elif period == "day":
            label = "Yesterday" if ago == 1 else f"{start.strftime('%a')} {hmi.day_month_text(start)}"
        else:
            label = "Last week" if ago == 1 else f"Week of {hmi.day_month_text(start)}"
        return Totals(label, n, hmi.length_text(metres), duration_text(seconds), self.used_text(kwh, litres))

    def breakdown(self, period: str = "day", count: int = 7) -> list[Totals]:
        """The last `count` days or weeks, newest first (a day or week without trips included)."""
        return [self.totals(period, ago) for ago in range(max(1, min(count, 366)))]

    # ------------------------------------------------------------------ export
    def csv_text(self, source: str = "ui") -> str:
        rows = []
        offset = 0
        while True:
            page = self.list(500, offset, source)
            rows += page
            offset += len(page)
            if len(page) < 500:
                break
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(CSV_COLUMNS)
        for t in rows:
            hours = t.duration_s / 3600
            w.writerow([t.started_at, t.ended_at, _cell(t.start_place), _cell(t.end_place), f"{t.distance_m / 1000:.2f}",
                        f"{t.duration_s / 60:.1f}", f"{t.distance_m / 1000 / hours:.1f}" if hours else "",
                        "" if t.energy_kwh is None else f"{t.energy_kwh:.3f}", "" if t.fuel_l is None else f"{t.fuel_l:.3f}",
                        self.efficiency_text(t.distance_m, t.energy_kwh, t.fuel_l)])
        return out.getvalue()

    def beside_database(self) -> Path:
        """Where the screen's E writes: trips.csv beside the database."""
        return Path(self.c.store.path).parent / "trips.csv"

    def export(self, path: str | Path, force: bool = False, source: str = "ui") -> tuple[Path, int]:
        """Write every trip as CSV (0600, atomically; a pipe, device or folder is refused). A file
        that exists is replaced only with force (FileExists: the screen asks, the CLI has --force)."""
        from store import StoreError
        from store.files import write_text_atomic
        from tui.controller.errors import FileExists

        if "\x00" in str(path):
            raise InvalidValue("A file name cannot contain a NUL character.")
        target = Path(path).expanduser()
        if target.is_file() and not force:
            raise FileExists(f"{target} already exists. Replace it?", target)
        text = self.csv_text(source)
        try:
            write_text_atomic(target, text)
        except StoreError as exc:
            raise InvalidValue(f"{exc} The trips were not written.") from None
        return target, text.count("\n") - 1


def _cell(text: str) -> str:
    """A place as a CSV cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
