"""The vehicle simulator: what it writes (VSS sensors, source "simulator"), the built-in route
home -> town -> highway -> home, JSON routes and their refusals, start / pause / faster / stop,
real time or faster with a fake clock, and `smartcockpit simulate` from the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tui.controller.errors import InvalidValue
from tui.controller.simulator import (DRIVE, PARK, builtin_route, distance_m, load_route, route_from_data)

SPEED = "Vehicle.Speed"
GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
IGN = "Vehicle.LowVoltageSystemState"
LAT = "Vehicle.CurrentLocation.Latitude"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
FUEL = "Vehicle.Powertrain.FuelSystem.RelativeLevel"


def run(controller, clock, seconds, step=0.1):
    """Wall time passes in steps of `step`; the app pumps the simulator each step."""
    sim = controller.simulator
    speeds = []
    for _ in range(int(seconds / step)):
        clock.advance(step)
        sim.pump()
        speeds.append(controller.get(SPEED))
        if sim.state != "running":
            break
    return speeds


def test_builtin_route_leaves_home_and_comes_back():
    route = builtin_route(45.0, 7.0)
    assert route.points[0].lat == route.points[-1].lat and route.points[0].lon == route.points[-1].lon
    speeds = [p.speed for p in route.points]
    assert max(speeds) >= 120 and 50 in speeds and 0 in speeds[1:-1]  # highway, town, a stop
    assert 20_000 < route.length_m < 60_000


def test_a_drive_writes_sensors_through_the_controller(controller, clock):
    sim = controller.simulator
    assert sim.start().startswith("Drive started")
    assert (controller.get(IGN), controller.get(GEAR)) == ("ON", DRIVE)
    speeds = run(controller, clock, 60)
    assert len(speeds) == 600 and sim.updates >= 590  # ten updates a second
    assert max(speeds) > 20 and controller.restrictions().moving
    sources = {r[0] for r in controller.store.db.execute("SELECT DISTINCT source FROM audit WHERE path IN (?, ?)",
                                                          [SPEED, LAT]).fetchall()}
    assert sources == {"simulator"}
    # realistic: never more than braking allows in 0.1 s (2.5 m/s2 = 0.9 km/h, shown to 0.1 km/h)
    assert all(abs(b - a) <= 1.0 for a, b in zip([0.0, *speeds], speeds))


def test_whole_route_faster_than_real_time_ends_parked_and_off(controller, clock):
    sim = controller.simulator
    soc0 = controller.get(SOC)
    odo0 = controller.get("Vehicle.TraveledDistance")
    sim.set_speedup(60)
    sim.start()
    speeds = run(controller, clock, 300)
    assert sim.state == "finished"
    assert max(speeds) >= 125  # the highway
    assert (controller.get(SPEED), controller.get(GEAR), controller.get(IGN)) == (0.0, PARK, "OFF")
    assert not controller.restrictions().moving
    trip = controller.get("Vehicle.TraveledDistanceSinceStart")
    assert abs(trip - sim.route.length_m) < 5
    assert controller.get("Vehicle.TraveledDistance") == odo0 + trip
    assert controller.get(SOC) < soc0
    home = controller.home.place()  # the built-in route ends at home (issue 16)
    assert controller.get(LAT) == pytest.approx(home.latitude, abs=1e-5)


def test_fuel_car_burns_fuel(controller, clock):
    controller.car_for_model("ram-1500-2025")
    sim = controller.simulator
    fuel0 = controller.get(FUEL)
    sim.set_speedup(60)
    sim.start()
    run(controller, clock, 300)
    assert controller.get(FUEL) < fuel0
    assert not controller.has(SOC)


def test_pause_resume_faster_and_stop(controller, clock):
    sim = controller.simulator
    sim.start()
    run(controller, clock, 20)
    assert sim.pause() == "Drive paused."
    trip = sim.status().trip_m
    run(controller, clock, 20)
    assert sim.status().trip_m == trip and sim.state == "paused"
    assert sim.start() == f"Drive resumed: {sim.route.name}."
    assert [sim.faster() for _ in range(6)] == [2, 5, 10, 30, 60, 1]
    with pytest.raises(InvalidValue):
        sim.set_speedup(0)
    run(controller, clock, 5)
    assert sim.status().trip_m > trip
    assert "parked" in sim.stop()
    assert (controller.get(SPEED), controller.get(GEAR), controller.get(IGN)) == (0.0, PARK, "OFF")
    assert sim.state == "stopped"


def test_speedup_covers_more_ground(controller, clock):
    sim = controller.simulator
    sim.start()
    run(controller, clock, 30)
    real = sim.status().trip_m
    sim.stop()
    sim.set_speedup(5)
    sim.start()
    run(controller, clock, 30)
    assert sim.status().trip_m > 3 * real


def test_json_route(controller, clock, tmp_path):
    path = tmp_path / "school.json"
    path.write_text(json.dumps({"name": "School run", "points": [
        {"lat": 45.0, "lon": 7.0, "speed": 0}, {"lat": 45.002, "lon": 7.0, "speed": 50, "temp": 9},
        {"lat": 45.004, "lon": 7.001, "speed": 0}]}))
    route = load_route(path)
    assert route.name == "School run" and len(route.points) == 3
    sim = controller.simulator
    sim.load(route)
    sim.set_speedup(10)
    sim.start()
    run(controller, clock, 60)
    assert sim.state == "finished"
    assert controller.get(LAT) == pytest.approx(45.004)
    assert controller.get("Vehicle.Exterior.AirTemperature") == 9.0
    assert distance_m(route.points[0], route.points[1]) == pytest.approx(222, abs=2)


@pytest.mark.parametrize("data, message", [
    ({"points": [{"lat": 1, "lon": 1, "speed": 0}]}, "at least two points"),
    ({"points": [{"lat": 1, "lon": 1}, {"lat": 2, "lon": 2, "speed": 1}]}, "has no speed"),
    ({"points": [{"lat": 91, "lon": 1, "speed": 1}, {"lat": 2, "lon": 2, "speed": 1}]}, "not on Earth"),
    ({"points": [{"lat": 1, "lon": 1, "speed": 400}, {"lat": 2, "lon": 2, "speed": 1}]}, "0 to 250"),
    ({"points": [{"lat": "x", "lon": 1, "speed": 4}, {"lat": 2, "lon": 2, "speed": 1}]}, "must be a number"),
    ({"route": []}, "list of points"),
    ([1, 2], "not an object"),
])
def test_bad_routes_are_refused_clearly(data, message):
    with pytest.raises(InvalidValue, match=message):
        route_from_data(data)


def test_unreadable_route_files(tmp_path):
    with pytest.raises(InvalidValue, match="no route file"):
        load_route(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InvalidValue, match="not valid JSON"):
        load_route(bad)


def test_cli_simulate_drives_the_route(db_path, tmp_path):
    from tui.cli import main
    from tui.controller import Controller

    route = tmp_path / "short.json"
    route.write_text(json.dumps([{"lat": 45.0, "lon": 7.0, "speed": 0}, {"lat": 45.001, "lon": 7.0, "speed": 30},
                                 {"lat": 45.002, "lon": 7.0, "speed": 0}]))
    result = CliRunner().invoke(main, ["--db", str(db_path), "simulate", str(route), "--speedup", "200",
                                       "--rate", "50", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Arrived" in result.output
    c = Controller.open(db_path)
    try:
        assert c.get(LAT) == pytest.approx(45.002) and c.get(GEAR) == PARK and c.get(IGN) == "OFF"
    finally:
        c.close()
    result = CliRunner().invoke(main, ["--db", str(db_path), "simulate", str(tmp_path / "nope.json")])
    assert result.exit_code == 1 and "no route file" in result.output


def test_vehicle_domains_never_import_textual(tmp_path):
    """The controller side of issue 4 runs without the UI (the CLI drives it the same way)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tui.controller import Controller\n"
        f"c = Controller.open({str(tmp_path / 'h.db')!r})\n"
        "for name in ('climate', 'seats', 'mirrors', 'lights', 'driver_assistance', 'drive', 'simulator'):\n"
        "    dom = getattr(c, name)\n"
        "    getattr(dom, 'controls', lambda: None)()\n"
        "c.simulator.start(); c.simulator.advance(30); c.drive.dashboard(); c.simulator.stop()\n"
        "import tui.controller.restrictions, tui.controller.controls\n"
        "assert 'textual' not in sys.modules and 'rich' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_routes_folder_beside_the_database(controller, db_path):
    sim = controller.simulator
    assert sim.routes() == [("builtin", "Home, town, highway, home (built in)")]
    folder = db_path.parent / "routes"
    folder.mkdir()
    (folder / "commute.json").write_text(json.dumps([{"lat": 1, "lon": 1, "speed": 0},
                                                     {"lat": 1.01, "lon": 1, "speed": 30}]))
    assert sim.routes()[1] == ("file:commute.json", "commute")
    assert sim.load_named("file:commute.json").name == "commute"
    with pytest.raises(InvalidValue, match="no route file"):
        sim.load_named("file:../../etc/passwd")  # never outside the folder
    with pytest.raises(InvalidValue):
        sim.load_named("elsewhere")
    sim.start()
    from tui.controller.errors import NotAllowed

    with pytest.raises(NotAllowed, match="Stop the drive"):
        sim.load_named("builtin")


def test_slow_readings_once_a_second_and_on_pause(controller, clock):
    sim = controller.simulator
    sim.start()
    run(controller, clock, 10.5)
    writes = controller.store.db.execute(
        "SELECT count(*) FROM audit WHERE path = 'Vehicle.TraveledDistanceSinceStart'").fetchone()[0]
    assert 9 <= writes <= 12  # about once a second, while speed goes ten times a second
    sim.pause()
    assert controller.get("Vehicle.TraveledDistanceSinceStart") == int(sim.status().trip_m)


def test_the_car_keeps_to_valet_and_speed_limit_caps(controller, clock):
    p = "Vehicle.Private.SmartCockpit."
    controller.set_many({p + "SpeedLimit.IsEnabled": True, p + "SpeedLimit.Limit": 100})
    sim = controller.simulator
    sim.set_speedup(60)
    sim.start()
    speeds = run(controller, clock, 300)
    assert sim.state == "finished" and 99 <= max(speeds) <= 100.0
    controller.set_many({p + "SpeedLimit.IsEnabled": False, p + "Valet.IsActive": True, p + "Valet.SpeedCap": 80})
    sim.start()
    speeds = run(controller, clock, 300)
    assert 79 <= max(speeds) <= 80.0
