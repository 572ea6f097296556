"""Trips: a drive of the simulator (start .. park) is a trip in SQLite; list, totals, CSV export."""

from __future__ import annotations

import os
import stat

import pytest

from tui.controller.errors import InvalidValue, NotAllowed


def drive(controller, clock, seconds=240, step=0.5):
    sim = controller.simulator
    sim.set_speedup(10)
    sim.start()
    for _ in range(int(seconds / step)):
        clock.advance(step)
        sim.pump()
        if sim.state != "running":
            break
    sim.stop()


def test_a_drive_is_a_trip(controller, clock):
    trips = controller.trips
    assert trips.count() == 0
    drive(controller, clock)
    assert trips.count() == 1
    t = trips.list()[0]
    assert t.end_place == "Home" and t.ended_at  # the built-in route ends at home (issue 16)
    assert t.distance_m > 1000 and 1500 < t.duration_s <= 2400  # simulated time (ten times faster), not wall time
    assert t.energy_kwh > 0 and t.fuel_l is None
    v = trips.view(t)
    assert v.distance.endswith(" mi") and v.average.endswith(" mph") and "mi/kWh" in v.efficiency  # a US car
    day = trips.totals("day")
    assert day.trips == 1 and day.distance == v.distance
    assert trips.totals("week").trips == 1
    with pytest.raises(InvalidValue):
        trips.totals("year")


def test_a_whole_route_ends_as_a_trip_home(controller, clock):
    sim = controller.simulator
    sim.set_speedup(60)
    sim.start()
    while sim.state == "running":
        clock.advance(1)
        sim.pump()
    t = controller.trips.list()[0]
    assert t.end_place == "Home" and t.distance_m > 20_000


def test_fuel_cars_count_litres(controller, clock):
    controller.add_vehicle("jeep-cherokee-2023", "Petrol")
    drive(controller, clock, 600)
    t = controller.trips.list()[0]
    assert t.fuel_l is not None and t.energy_kwh is None
    assert "L" in controller.trips.view(t).used or "gal" in controller.trips.view(t).used


def test_csv_export_is_private_and_refuses_special_files(controller, clock, tmp_path):
    drive(controller, clock)
    drive(controller, clock)
    target, rows = controller.trips.export(tmp_path / "trips.csv")
    assert rows == 2
    text = target.read_text()
    assert text.splitlines()[0].startswith("started,ended,from,to,distance_km")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InvalidValue):
        controller.trips.export(fifo)
    with pytest.raises(InvalidValue):
        controller.trips.export(tmp_path)


def test_an_existing_file_is_replaced_only_when_asked(controller, clock, tmp_path):
    from tui.controller.errors import FileExists

    drive(controller, clock)
    mine = tmp_path / "notes.csv"
    mine.write_text("my own notes\n")
    with pytest.raises(FileExists):
        controller.trips.export(mine)
    assert mine.read_text() == "my own notes\n"  # nothing written over it
    assert controller.trips.export(mine, force=True)[1] == 1 and "started" in mine.read_text()


def test_trips_are_hidden_in_valet_mode(controller, clock):
    drive(controller, clock)
    controller.set("Vehicle.Private.SmartCockpit.Valet.IsActive", True, "ui")
    with pytest.raises(NotAllowed):
        controller.trips.list()


# ---------------------------------------------------------------- the command line (issue 17)
@pytest.fixture
def cli(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tui.cli import main

    monkeypatch.delenv("SMARTCOCKPIT_DB", raising=False)
    db = tmp_path / "cockpit.db"
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, ["--db", str(db), *args], catch_exceptions=False)

    run.db = db
    return run


def test_cli_charging(cli):
    import json

    d = json.loads(cli("charging", "status", "--json").stdout)
    assert (d["plugged"], d["limit_percent"], d["power_kw"]) == (False, 80, 11.0)
    assert cli("charging", "limit", "90").stdout.strip() == "Charge limit: 90 %"
    r = cli("charging", "limit", "120")
    assert r.exit_code == 1 and "Traceback" not in r.output and "120" in r.output
    assert cli("charging", "schedule", "1:00", "6:00", "--days", "weekdays").stdout.strip() == \
        "Cheap hours: 1:00 AM-6:00 AM Mon-Fri"
    assert cli("charging", "depart", "07:30").stdout.strip() == "Departure: 7:30 AM Mon-Fri, cabin preconditioned"
    r = cli("charging", "start")
    assert r.exit_code == 1 and "Plug the car in first." in r.output
    r = cli("charging", "plug", "--charge", "30", "--speedup", "1000")
    assert r.exit_code == 0 and "Plugged in." in r.stdout
    r = cli("charging", "start")
    assert r.exit_code == 0
    hist = json.loads(cli("charging", "history", "--json").stdout)
    assert len(hist) == 1 and hist[0]["place"] == "42.6875, -83.2341"  # the demo car's parking, 2.7 mi from home
    assert cli("charging", "unplug").stdout.strip() == "Unplugged."


def test_cli_trips(cli, tmp_path):
    import json

    from tui.controller import Controller

    c = Controller.open(cli.db)
    with c.store.write():
        tid = c.store.trips.open(c.car.vin, "2026-11-20T07:00:00+00:00", "Home", 0, 80, None)
        c.store.trips.close(tid, "2026-11-20T07:30:00+00:00", "=cmd()", 20_000, 1800, 3.4, None)
    c.close()
    data = json.loads(cli("trips", "list", "--json").stdout)
    assert data["trips"][0]["distance_m"] == 20_000 and data["totals"][0]["period"] == "Today"
    assert "Home → =cmd()" in cli("trips", "list").stdout
    out = tmp_path / "t.csv"
    assert json.loads(cli("trips", "export", str(out), "--json").stdout) == {"file": str(out), "trips": 1}
    assert ",'=cmd()," in out.read_text()  # a spreadsheet does not run it
    r = cli("trips", "export", "/dev/null")
    assert r.exit_code == 1 and "not a plain file" in r.output


def test_totals_per_day_and_week(controller, clock, cli):
    import json

    drive(controller, clock)
    days = controller.trips.breakdown("day", 3)
    assert [d.label for d in days][:2] == ["Today", "Yesterday"] and [d.trips for d in days] == [1, 0, 0]
    weeks = controller.trips.breakdown("week", 2)
    assert [w.label for w in weeks] == ["This week", "Last week"] and weeks[0].trips == 1


def test_cli_trip_totals(cli):
    import json

    rows = json.loads(cli("trips", "totals", "--by", "week", "--count", "3", "--json").stdout)
    assert [r["period"] for r in rows][:2] == ["This week", "Last week"] and len(rows) == 3
