"""Routes the simulator drives: points with speeds, the built-in loop home -> town -> highway ->
home (from where the car is), a town-grid drive between two places (navigation), and routes read
from JSON files, with a clear sentence for anything wrong. Plain geometry, no state."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from tui.controller.errors import InvalidValue

EARTH_M = 6_371_000.0
MAX_POINTS = 10_000
MAX_ROUTE_BYTES = 5_000_000


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    speed: float  # km/h when passing this point; 0 = stop here for a moment
    temp: float | None = None  # outside temperature here, if the route says


@dataclass(frozen=True)
class Route:
    name: str
    points: tuple[Point, ...]

    @property
    def length_m(self) -> float:
        return sum(distance_m(a, b) for a, b in zip(self.points, self.points[1:]))


def distance_m(a: Point, b: Point) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_M * math.asin(min(1.0, math.sqrt(h)))


def bearing(a: Point, b: Point) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dl = math.radians(b.lon - a.lon)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360) % 360


def _offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    dlat = north_m / EARTH_M
    dlon = east_m / (EARTH_M * math.cos(math.radians(lat)))
    return lat + math.degrees(dlat), lon + math.degrees(dlon)


def builtin_route(home_lat: float, home_lon: float) -> Route:
    """Home -> through town (50 km/h, a stop at a junction) -> highway (110-130 km/h) -> back home."""
    legs = [  # (north m, east m, speed at that point in km/h (0 = stop), outside temperature)
        (0, 0, 0, None), (120, 0, 30, None), (300, 0, 50, None), (900, 400, 50, None), (1200, 900, 0, None),
        (1300, 1500, 50, None), (1800, 2200, 80, None), (2600, 3200, 110, None), (6000, 6500, 130, 12.5),
        (11000, 9500, 130, 11.0), (14000, 9000, 110, 11.5), (15500, 6000, 80, None), (12000, 2500, 50, None),
        (6000, 800, 50, None), (1000, 100, 30, None), (200, 0, 10, None), (0, 0, 0, None),
    ]
    points = []
    for north, east, speed, temp in legs:
        lat, lon = _offset(home_lat, home_lon, north, east)
        points.append(Point(round(lat, 6), round(lon, 6), float(speed), temp))
    return Route("Home, town, highway, home", tuple(points))


AT_HOME_M = 150.0  # the car this close to home starts the loop where it stands
DRIVE_HOME_MAX_M = 100_000.0  # farther than this from home, the loop is driven around the car instead
JOIN_AT = 3  # the loop's point in town (900 m north, 400 m east of home) a car parked elsewhere joins


def builtin_from(here: tuple[float, float] | None, home: tuple[float, float]) -> Route:
    """The built-in loop from where the car is: at home, the loop itself (its first point where the
    car stands); parked elsewhere within DRIVE_HOME_MAX_M, from there into town where the loop
    goes (JOIN_AT, about a kilometre from home: it does not pass the house, so nothing "arrives"
    on the way out), then highway and home; farther (a car whose home is on another continent),
    the loop around the car, named so."""
    if here is None:
        return builtin_route(*home)
    away = distance_m(Point(*here, 0.0), Point(*home, 0.0))
    if away > DRIVE_HOME_MAX_M:
        loop = builtin_route(*here)
        return Route("Here, town, highway, here (home is far)", (Point(*here, 0.0), *loop.points[1:]))
    loop = builtin_route(*home)
    if away <= AT_HOME_M:
        return Route(loop.name, (Point(*here, 0.0), *loop.points[1:]))
    join = loop.points[JOIN_AT]
    lead = route_between(here, (join.lat, join.lon), "town").points[:-1]
    return Route("Town, highway, home", (*lead, join, *loop.points[JOIN_AT + 1:]))


def route_between(start: tuple[float, float], end: tuple[float, float], name: str) -> Route:
    """A drive from here to a destination (navigation, issue 17): out of the street (30 km/h),
    through town (50), on the main road for a long way (90), back into town and to a stop there.
    Along a town grid: north or south first, then east or west, a point every 500 m or so."""
    a, b = Point(start[0], start[1], 0.0), Point(end[0], end[1], 0.0)
    corner = Point(end[0], start[1], 0.0)
    total = distance_m(a, corner) + distance_m(corner, b)
    points = [a]
    for leg_from, leg_to in ((a, corner), (corner, b)):
        length = distance_m(leg_from, leg_to)
        steps = max(1, int(length // 500))
        for i in range(1, steps + 1):
            f = i / steps
            lat = leg_from.lat + (leg_to.lat - leg_from.lat) * f
            lon = leg_from.lon + (leg_to.lon - leg_from.lon) * f
            done = sum(distance_m(p, q) for p, q in zip(points, points[1:])) + distance_m(points[-1], Point(lat, lon, 0))
            left = total - done
            speed = 30.0 if min(done, left) < 300 else 50.0 if min(done, left) < 1500 else 90.0
            points.append(Point(round(lat, 6), round(lon, 6), speed))
    points[-1] = Point(b.lat, b.lon, 0.0)
    if len(points) < 2 or total < 1:
        points = [a, b]
    return Route(name[:60], tuple(points))


def load_route(path: str | Path) -> Route:
    """A route from JSON: {"name": ..., "points": [{"lat": 45.0, "lon": 7.6, "speed": 50}, ...]}
    or just the list of points. Speeds in km/h; a clear message for anything wrong."""
    if "\x00" in str(path):
        raise InvalidValue("A file name cannot contain a NUL character.")
    from store.files import NotPlainFile, TooLarge, read_limited

    p = Path(path)
    try:
        # at most 5 MB is read whatever the file says of itself; a pipe or a device is refused
        data = json.loads(read_limited(p, MAX_ROUTE_BYTES).decode("utf-8"))
    except TooLarge:
        raise InvalidValue(f"The route file {p.name} is too large (at most 5 MB).") from None
    except NotPlainFile:
        raise InvalidValue(f"{p} is not a plain file, so it cannot be a route.") from None
    except FileNotFoundError:
        raise InvalidValue(f"There is no route file {str(p)!r}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidValue(f"The route file {p.name} cannot be read ({exc.__class__.__name__}).") from None
    except ValueError as exc:
        raise InvalidValue(f"The route file {p.name} is not valid JSON (line {getattr(exc, 'lineno', '?')}).") from None
    except RecursionError:
        raise InvalidValue(f"The route file {p.name} is nested too deeply to be a route.") from None
    return route_from_data(data, default_name=p.stem)


def route_from_data(data, default_name: str = "Route") -> Route:
    if isinstance(data, list):
        data = {"points": data}
    if not isinstance(data, dict) or not isinstance(data.get("points"), list):
        raise InvalidValue("A route is a JSON object with a list of points (lat, lon, speed).")
    raw = data["points"]
    if len(raw) < 2:
        raise InvalidValue("A route needs at least two points.")
    if len(raw) > MAX_POINTS:
        raise InvalidValue(f"A route has at most {MAX_POINTS} points.")
    points = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise InvalidValue(f"Point {i} of the route is not an object with lat, lon and speed.")
        try:
            lat, lon, speed = (item[k] for k in ("lat", "lon", "speed"))
        except KeyError as exc:
            raise InvalidValue(f"Point {i} of the route has no {exc.args[0]}.") from None
        for name, value in (("lat", lat), ("lon", lon), ("speed", speed)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise InvalidValue(f"Point {i} of the route: {name} must be a number.")
        if not -90 <= lat <= 90 or not -180 <= lon <= 180:
            raise InvalidValue(f"Point {i} of the route is not on Earth (lat -90..90, lon -180..180).")
        if not 0 <= speed <= 250:
            raise InvalidValue(f"Point {i} of the route: speed must be 0 to 250 km/h.")
        temp = item.get("temp")
        if temp is not None and (isinstance(temp, bool) or not isinstance(temp, (int, float)) or not -60 <= temp <= 60):
            raise InvalidValue(f"Point {i} of the route: temp must be -60 to 60 °C.")
        points.append(Point(float(lat), float(lon), float(speed), None if temp is None else float(temp)))
    name = data.get("name") if isinstance(data.get("name"), str) else default_name
    return Route(name[:60], tuple(points))
