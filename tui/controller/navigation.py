"""Navigation (issue 17): destinations, a route the simulator drives, distance left and ETA from
the drive, and arrival.

Destinations: Home (the place the smart home and the routines already know), Work and the places
the driver saved, and the recent ones (the last RECENT_KEEP destinations). A destination is chosen
by name from that list: while the car moves only saved and recent ones (and Home), never typed.
Going there builds a route from where the car is (tui/controller/simulator.py route_between) and
gives it to the simulator, which drives it when started (S on Drive, or at once if it was driving).
Distance left is measured along the route from the car's position; the ETA is now plus that at
the route's own speeds. Within ARRIVED_M of the destination, parked or stopped, the car has
arrived: an alert, the place goes to the recent list, and routines that react to the position
(arriving home opens the garage) run as they always do, from the simulator's readings.

The active destination is kept in the app's settings, so the command line sees the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from tui.controller.errors import InvalidValue, NotAllowed, NotOnThisCar, UnknownName
from tui.controller.events import Event
from tui.controller.text import clean_name

LAT = "Vehicle.CurrentLocation.Latitude"
LON = "Vehicle.CurrentLocation.Longitude"
ZONE_RADIUS_M = 150.0  # within this of a saved place, the home's tracker shows the car there
SPEED = "Vehicle.Speed"
ACTIVE = "nav.active"
ARRIVED_M = 150.0
RECENT_KEEP = 8
WORK_OFFSET_M = (6000.0, 8000.0)  # the demo's work place: north, east of home
FEATURE = "nav.live_traffic"


@dataclass(frozen=True)
class Destination:
    name: str
    latitude: float
    longitude: float
    kind: str  # home | work | saved | recent

    @property
    def label(self) -> str:
        return {"home": "Home", "work": "Work", "saved": "Saved", "recent": "Recent"}[self.kind]


@dataclass(frozen=True)
class Guidance:
    """Where the drive stands: the destination, metres left along the route, the arrival time."""

    destination: Destination
    left_m: float
    eta: datetime
    arrived: bool = False


@dataclass(frozen=True)
class NavigationChanged(Event):
    what: str  # "route" | "arrived" | "cancelled" | "places"


class Navigation:
    def __init__(self, controller):
        self.c = controller
        self._route = None  # (destination name, Route) built for the active destination
        controller.subscribe(self._on_event, batches=True)

    def started(self) -> None:
        """A route chosen before (here or by `smartcockpit nav to`) is the one the simulator drives."""
        sim = self.c.simulator
        if sim.route is None and self.c.store.settings.get(ACTIVE):
            sim.load(self.route())
            sim.route_id = "nav"

    # ------------------------------------------------------------------ destinations
    def home(self) -> Destination | None:
        place = self.c.home.place() if not self.c.home.hidden() else None
        if place is None:
            return None
        return Destination("Home", place.latitude, place.longitude, "home")

    def destinations(self) -> list[Destination]:
        """Home, Work, the saved places, then the recent ones (newest first), each name once. None
        in valet mode: where the driver lives, works and goes is personal (as the home is hidden)."""
        if self.c.home.hidden():
            return []
        out: list[Destination] = []
        home = self.home()
        if home is not None:
            out.append(home)
        rows = self.c.store.places.all()
        work = next((r for r in rows if r.kind == "work"), None)
        if work is not None:
            out.append(Destination(work.name, work.latitude, work.longitude, "work"))
        elif home is not None:
            from tui.controller.simulator import _offset

            lat, lon = _offset(home.latitude, home.longitude, *WORK_OFFSET_M)
            out.append(Destination("Work", round(lat, 6), round(lon, 6), "work"))
        seen = {d.name.lower() for d in out}
        for kind in ("saved", "recent"):
            for r in rows:
                if r.kind == kind and r.name.lower() not in seen:
                    seen.add(r.name.lower())
                    out.append(Destination(r.name, r.latitude, r.longitude, kind))
        return out

    def zone_at(self, lat: float | None, lon: float | None, radius_m: float = ZONE_RADIUS_M) -> str | None:
        """The name of the place the car is at (work or a saved one, within radius_m), as a zone
        for the home's device tracker; None elsewhere, for a recent place, and in valet mode."""
        if lat is None or lon is None:
            return None
        from tui.controller.home.entities import distance_m

        for d in self.destinations():
            if d.kind in ("work", "saved") and distance_m(lat, lon, d.latitude, d.longitude) <= radius_m:
                return d.name
        return None

    def find(self, name: str) -> Destination:
        wanted = " ".join(str(name).split()).lower()
        for d in self.destinations():
            if d.name.lower() == wanted:
                return d
        if self.c.home.hidden():
            raise NotAllowed("Saved places are hidden in valet mode.")
        known = ", ".join(d.name for d in self.destinations()[:6])
        raise UnknownName(f"No destination called {name!r}. Known: {known}.")

    def here(self) -> tuple[float, float]:
        lat, lon = self.c.get(LAT), self.c.get(LON)
        if lat is None or lon is None:
            raise NotOnThisCar("This car does not report where it is.")
        return float(lat), float(lon)

    def save_here(self, name: str | None = None, source: str = "ui") -> Destination:
        """Save where the car is as a place. A typed name only when parked; while moving it is named
        by the clock ("Saved 8:32 AM")."""
        lat, lon = self.here()
        if name is None or not str(name).strip():
            name = f"Saved {self.c.time_text(self.c.clock.now())}"
        elif self.c.restrictions().moving and source in ("ui", "assistant"):
            raise NotAllowed("Naming a place is for when parked; while moving it is saved with the time.")
        name = clean_name(name, "place name")
        kind = "work" if name.lower() == "work" else "saved"
        if name.lower() == "home":
            raise InvalidValue("Home is the smart home's place: set it in Smart Home.")
        with self.c.store.write():
            self.c.store.places.put(name, lat, lon, kind, self._now_iso())
        self.c.events.publish(NavigationChanged("places"))
        return Destination(name, lat, lon, kind)

    def forget(self, name: str) -> None:
        d = self.find(name)
        if d.kind == "home":
            raise InvalidValue("Home is the smart home's place: it is not forgotten here.")
        row = self.c.store.places.by_name(d.name)
        if row is None:
            raise UnknownName(f"{d.name} is not a saved place.")
        with self.c.store.write():
            self.c.store.places.delete(row.id)
        self.c.events.publish(NavigationChanged("places"))

    # ------------------------------------------------------------------ going there
    def choosable(self) -> list[Destination]:
        """What the driver may pick now: everything (parked) or the saved and recent ones (moving,
        home and work included: they are saved places too)."""
        return self.destinations()

    def go(self, name: str, source: str = "ui") -> Guidance:
        """Route from here to a known destination; the simulator drives it (at once if it was)."""
        block = self.c.feature_block(FEATURE)
        if block:
            raise NotAllowed(block)
        d = self.find(name)
        start = self.here()
        from tui.controller.simulator import distance_m, Point, route_between

        if distance_m(Point(*start, 0), Point(d.latitude, d.longitude, 0)) < ARRIVED_M:
            raise InvalidValue(f"You are already at {d.name}.")
        route = route_between(start, (d.latitude, d.longitude), f"To {d.name}")
        sim = self.c.simulator
        was_driving = sim.state == "running"
        if was_driving:
            sim.pause()
        sim.load(route)
        sim.route_id = "nav"
        self._route = (d.name, route)
        with self.c.store.write():
            self.c.store.settings.set(ACTIVE, {"name": d.name, "lat": d.latitude, "lon": d.longitude,
                                               "kind": d.kind, "from": list(start), "set_at": self._now_iso()})
            self.c.store.places.put(d.name, d.latitude, d.longitude, "recent", self._now_iso())
            self.c.store.places.prune_recent(RECENT_KEEP)
        if was_driving:
            sim.start()
        self.c.events.publish(NavigationChanged("route"))
        return self.guidance()

    def cancel(self) -> str:
        if self.active() is None:
            return "No route to cancel."
        self._clear()
        self.c.events.publish(NavigationChanged("cancelled"))
        return "Route cancelled."

    # ------------------------------------------------------------------ on the way
    def active(self) -> Destination | None:
        a = self.c.store.settings.get(ACTIVE)
        if not a:
            return None
        return Destination(a["name"], a["lat"], a["lon"], a.get("kind", "saved"))

    def route(self):
        """The route to the active destination (rebuilt from where it started in another process)."""
        a = self.c.store.settings.get(ACTIVE)
        if not a:
            return None
        if self._route is None or self._route[0] != a["name"]:
            from tui.controller.simulator import route_between

            self._route = (a["name"], route_between(tuple(a["from"]), (a["lat"], a["lon"]), f"To {a['name']}"))
        return self._route[1]

    def guidance(self) -> Guidance | None:
        d, route = self.active(), self.route()
        if d is None or route is None:
            return None
        left = self._left_m(route)
        seconds = self._seconds_for(route, left)
        return Guidance(d, left, self.c.clock.now() + timedelta(seconds=seconds), left < ARRIVED_M)

    def _left_m(self, route) -> float:
        """Metres left along the route from the car's position: to the next point ahead, then on."""
        from tui.controller.simulator import Point, distance_m

        try:
            here = Point(*self.here(), 0)
        except NotOnThisCar:
            return route.length_m
        pts = route.points
        nearest = min(range(len(pts)), key=lambda i: distance_m(here, pts[i]))
        ahead = min(nearest + 1, len(pts) - 1)
        if nearest + 1 < len(pts) and distance_m(pts[nearest], pts[ahead]) < distance_m(here, pts[ahead]):
            ahead = nearest  # the nearest point is still ahead of the car
        rest = sum(distance_m(a, b) for a, b in zip(pts[ahead:], pts[ahead + 1:]))
        return distance_m(here, pts[ahead]) + rest

    def _seconds_for(self, route, left_m: float) -> float:
        """At the route's own speeds (each leg at the faster of its two points, at least 20 km/h)."""
        total, seconds = route.length_m or 1.0, 0.0
        from tui.controller.simulator import distance_m

        for a, b in zip(route.points, route.points[1:]):
            seconds += distance_m(a, b) / (max(a.speed, b.speed, 20.0) / 3.6)
        return seconds * (left_m / total)

    def status_text(self) -> str:
        """One line: where to, how far, when (in the driver's units and clock)."""
        g = self.guidance()
        if g is None:
            return "No route. Choose a destination."
        if g.arrived:
            return f"Arriving at {g.destination.name}."
        far = self.c.hmi_units().far_text(g.left_m)
        return f"To {g.destination.name}: {far} left, arrive {self.c.time_text(g.eta)}."

    # ------------------------------------------------------------------ arrival
    def tick(self) -> None:
        self._check_arrival()

    def _on_event(self, event) -> None:
        paths = getattr(event, "paths", None)
        if paths and (LAT in paths or SPEED in paths) and self.c.store.settings.get(ACTIVE):
            self._check_arrival()

    def _check_arrival(self) -> None:
        g = self.guidance()
        if g is None or not g.arrived:
            return
        moving, _ = self.c.motion()
        if moving and (self.c.get(SPEED) or 0) > 1:
            return
        self._clear()
        self.c.alerts.raise_("navigation", "arrived", f"Arrived at {g.destination.name}.", "information", tell=True)
        self.c.events.publish(NavigationChanged("arrived"))

    def _clear(self) -> None:
        with self.c.store.write():
            self.c.store.settings.set(ACTIVE, None)
        self._route = None

    def _now_iso(self) -> str:
        return self.c.clock.now().astimezone(timezone.utc).isoformat(timespec="seconds")


__all__ = ["Navigation", "Destination", "Guidance", "NavigationChanged", "ARRIVED_M"]
