"""The built-in route "Home, town, highway, home" starts where the car is and ends at its home, on
every car whatever its home is, so the demo's arrival routines fire; "Home is here" then a drive
never jumps (issue 16, "The demo never reaches home")."""

from __future__ import annotations

from itertools import pairwise

import pytest

from tui.controller import DEMO_MODEL
from tui.controller.simulator import DRIVE_HOME_MAX_M, Point, _offset, distance_m

LAT = "Vehicle.CurrentLocation.Latitude"
LON = "Vehicle.CurrentLocation.Longitude"
ARRIVAL = "Open the garage on arrival"
CARS = [DEMO_MODEL, "ram-1500-2025", "peugeot-e-208-2024", "vauxhall-corsa-electric-2024", "abarth-695-2023"]


def here(c) -> tuple[float, float]:
    return float(c.get(LAT)), float(c.get(LON))


def from_home(c) -> float:
    place = c.home.place()
    return distance_m(Point(*here(c), 0), Point(place.latitude, place.longitude, 0))


def drive_built_in_route(c, speedup=60, step=0.5, limit=20_000):
    """The built-in route from start to end on the fake clock, as the app pumps it; returns every
    position written and the arrival routine's runs as (distance from home then, outcome)."""
    sim, arrivals = c.simulator, []
    arrival_id = c.routines.get(ARRIVAL).id
    c.subscribe(lambda e: arrivals.append((from_home(c), e.outcome))
                if type(e).__name__ == "RoutineRan" and e.routine_id == arrival_id else None)
    sim.load_named("builtin")
    sim.set_speedup(speedup)
    positions = [here(c)]
    sim.start()
    positions.append(here(c))
    for _ in range(limit):
        c.clock.advance(step)
        sim.pump()
        c.tick()
        positions.append(here(c))
        if sim.state != "running":
            break
    assert sim.state == "finished"
    return positions, arrivals


def biggest_step(positions) -> float:
    return max(distance_m(Point(*a, 0), Point(*b, 0)) for a, b in pairwise(positions))


def with_a_home_nearby(c) -> None:
    """The demo home is where the demo car lives (4 km from its parking); a car of another market is
    parked on another continent, so its owner set home 3 km from where it stands."""
    if from_home(c) > DRIVE_HOME_MAX_M:
        lat, lon = _offset(*here(c), -2000.0, 2200.0)
        c.home.set_place(lat, lon)
    assert from_home(c) > c.home.place().near_m  # parked away from home: it has to drive there


@pytest.mark.parametrize("model", CARS)
def test_the_built_in_route_ends_at_home_and_the_arrival_routine_fires(controller, model):
    c = controller
    c.car_for_model(model)
    with_a_home_nearby(c)
    start = here(c)
    positions, arrivals = drive_built_in_route(c)
    assert positions[1] == pytest.approx(start, abs=1e-5)  # the drive starts where the car stands
    assert biggest_step(positions) < 130 / 3.6 * 30 * 1.05  # never farther than 30 s at 130 km/h
    assert from_home(c) <= c.home.place().near_m  # ends within the home zone
    assert c.home.place().presence == "home"
    assert arrivals and arrivals[-1][0] <= 250 and arrivals[-1][1] in ("asked", "done"), arrivals
    assert c.routines.question() is not None  # "Open the garage door?" (the routine asks first)
    assert [o for _, o in arrivals] == ["asked"]  # once, at the end: the way out does not pass the house


@pytest.mark.parametrize("model", CARS)
def test_home_is_here_then_a_drive_never_jumps(controller, model):
    c = controller
    c.car_for_model(model)
    c.home.set_here()
    start = here(c)
    name = c.simulator.load_named("builtin").name
    assert name == "Home, town, highway, home"
    positions, arrivals = drive_built_in_route(c)
    assert positions[1] == pytest.approx(start, abs=1e-5)
    assert biggest_step(positions) < 130 / 3.6 * 30 * 1.05
    assert from_home(c) < 1.0  # back where it started, at home
    assert arrivals and arrivals[-1][1] in ("asked", "done")  # it left home and came back


def test_a_route_loaded_in_another_car_is_built_again_for_this_one(controller):
    """The Peugeot case: the route chosen in the Jeep (in Michigan) was driven in the Peugeot (in
    Turin): a jump of 6,878 km. The built-in route is built for the car that drives it."""
    c = controller
    c.simulator.load_named("builtin")  # in the demo Jeep
    c.car_for_model("peugeot-e-208-2024")
    c.home.set_here()
    start = here(c)
    c.simulator.start()
    assert distance_m(Point(*start, 0), Point(*here(c), 0)) < 1.0
    c.simulator.stop()


def test_a_home_on_another_continent_is_not_driven_to_and_the_route_says_so(controller):
    c = controller
    c.car_for_model("peugeot-e-208-2024")  # in Turin; the demo home is in Michigan
    assert from_home(c) > DRIVE_HOME_MAX_M
    assert c.home.distance_text() == "6,876 km"
    start = here(c)
    route = c.simulator.load_named("builtin")
    assert route.name == "Here, town, highway, here (home is far)"
    positions, _ = drive_built_in_route(c)
    assert positions[1] == pytest.approx(start, abs=1e-5)
    assert distance_m(Point(*start, 0), Point(*here(c), 0)) < 1.0


def test_a_stopped_drive_starts_again_from_where_it_stopped(controller):
    c = controller
    c.home.set_here()
    sim = c.simulator
    sim.set_speedup(60)
    sim.start()
    for _ in range(20):
        c.clock.advance(0.5)
        sim.pump()
    sim.stop()  # parked somewhere on the way
    stopped_at = here(c)
    assert distance_m(Point(*stopped_at, 0), Point(c.home.place().latitude, c.home.place().longitude, 0)) > 500
    sim.start()
    assert distance_m(Point(*stopped_at, 0), Point(*here(c), 0)) < 1.0
    assert sim.route.name == "Town, highway, home"


def test_after_arriving_somewhere_the_next_drive_starts_there(controller):
    """A finished navigation route is not driven again from its start (a jump back to where it
    began): S after arriving drives the built-in route from where the car is."""
    c = controller
    c.services.start_trial("traffic")
    c.navigation.go("Work")
    sim = c.simulator
    sim.set_speedup(60)
    sim.start()
    for _ in range(5000):
        c.clock.advance(0.5)
        sim.pump()
        c.tick()
        if sim.state != "running":
            break
    assert sim.state == "finished"
    at_work = here(c)
    sim.start()
    assert distance_m(Point(*at_work, 0), Point(*here(c), 0)) < 1.0
    assert sim.route.name == "Town, highway, home"
    sim.stop()
