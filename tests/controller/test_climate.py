"""Climate on very different cars: a one-zone Fiat 500e without heated seats, a four-zone Jeep
Grand Cherokee with heated and cooled seats, a Ram 1500, a Maserati Grecale Folgore; validation,
mapping onto VSS, F display, sync, and the seat-heating step-down with a fake clock."""

from __future__ import annotations

import pytest

from tui.controller import CockpitError
from tui.controller.errors import InvalidValue, NotAllowed, NotOnThisCar

HVAC = "Vehicle.Cabin.HVAC."
DT = HVAC + "Station.Row1.Driver.Temperature"
PT = HVAC + "Station.Row1.Passenger.Temperature"
RL = HVAC + "Station.Row2.Driver.Temperature"
SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"
PSEAT = "Vehicle.Cabin.Seat.Row1.PassengerSide.HeatingCooling"
WHEEL = "Vehicle.Chassis.SteeringWheel.HeatingCooling"
UNIT = "Vehicle.Cabin.Infotainment.HMI.TemperatureUnit"
MODELS = ["fiat-500e-2024", "jeep-grand-cherokee-2024", "ram-1500-2025", "maserati-grecale-folgore-2024"]


def in_car(controller, model):
    controller.car_for_model(model)
    return controller.climate


def ids(controller):
    return [c.id for c in controller.climate.controls()]


def audit_count(controller):
    return controller.store.db.execute("SELECT count(*) FROM audit").fetchone()[0]


@pytest.mark.parametrize("model, zones", [("fiat-500e-2024", 1), ("jeep-grand-cherokee-2024", 4),
                                          ("ram-1500-2025", 4), ("maserati-grecale-folgore-2024", 4),
                                          ("alfa-romeo-giulia-2024", 2)])
def test_one_temperature_row_per_zone_the_car_has(controller, model, zones):
    climate = in_car(controller, model)
    assert len(climate.zones()) == zones
    temps = [c for c in climate.controls() if c.id.startswith("temp:")]
    assert len(temps) == zones
    assert ("sync" in ids(controller)) == (zones > 1)


@pytest.mark.parametrize("model, lo, hi", [("fiat-500e-2024", 16.0, 28.0), ("jeep-grand-cherokee-2024", 15.5, 28.5),
                                           ("ram-1500-2025", 15.5, 28.5), ("fiat-grande-panda-2025", 18.0, 26.0)])
def test_temperature_in_half_degree_steps_within_the_cars_range(controller, model, lo, hi):
    climate = in_car(controller, model)
    controller.set(UNIT, "C")
    assert climate.set_temperature("Row1.Driver", 22.5) == "Driver: 22.5 °C"
    assert controller.get(DT) == 22.5
    before = audit_count(controller)
    for bad in (lo - 0.5, hi + 0.5, 22.3, "warm", True, float("nan")):
        with pytest.raises(CockpitError):
            climate.set_temperature("Row1.Driver", bad)
    assert controller.get(DT) == 22.5 and audit_count(controller) == before
    climate.set_temperature("Row1.Driver", hi)
    assert "limit" in climate.change("temp:Row1.Driver", 1)
    assert controller.get(DT) == hi
    climate.change("temp:Row1.Driver", -1)
    assert controller.get(DT) == hi - 0.5


def test_shown_in_fahrenheit_and_stepped_about_one_degree(controller):
    climate = in_car(controller, "jeep-grand-cherokee-2024")
    controller.set(UNIT, "F")
    climate.set_temperature("Row1.Driver", 21.0)
    row = next(c for c in climate.controls() if c.id == "temp:Row1.Driver")
    assert row.value == "70 °F"
    shown = []
    for _ in range(6):
        climate.change("temp:Row1.Driver", 1)
        shown.append(next(c for c in climate.controls() if c.id == "temp:Row1.Driver").value)
    # every step reads differently, and the value in the car stays on the 0.5 C grid
    assert len(set(shown)) == 6 and shown[0] == "71 °F"
    assert (controller.get(DT) * 2).is_integer()
    # said in F, stored in C on the grid
    climate.set_temperature_in_unit("Row1.Passenger", 68)
    assert controller.get(PT) == 20.0


def test_zone_sync_carries_every_zone_and_dims_the_others(controller):
    climate = in_car(controller, "jeep-grand-cherokee-2024")
    climate.set_temperature("Row2.Driver", 18.0)
    climate.activate("sync")
    assert all(controller.get(p) == controller.get(DT) for p in (PT, RL))
    rows = {c.id: c for c in climate.controls()}
    assert rows["temp:Row1.Passenger"].reason and rows["temp:Row1.Driver"].reason is None
    with pytest.raises(NotAllowed):
        climate.change("temp:Row1.Passenger", 1)
    with pytest.raises(InvalidValue):
        climate.set_temperature("Row1.Passenger", 20.0)
    climate.set_temperature("Row1.Driver", 23.0)
    assert controller.get(PT) == controller.get(RL) == 23.0


def test_single_zone_car_has_no_passenger_zone(controller):
    climate = in_car(controller, "fiat-500e-2024")
    with pytest.raises(NotOnThisCar):
        climate.set_temperature("Row1.Passenger", 21.0)
    with pytest.raises(NotOnThisCar):
        climate.set_sync(True)


def test_fan_air_ac_recirculation_and_defrost(controller):
    climate = in_car(controller, "maserati-grecale-folgore-2024")
    fans = [HVAC + f"Station.{z}.FanSpeed" for z in climate.zones()]
    assert climate.set_fan(50) == "Fan: 50 %"
    assert all(controller.get(p) == 50 for p in fans)
    for bad in (-10, 110, "high"):
        with pytest.raises(InvalidValue):
            climate.set_fan(bad)
    climate.set_fan(100)
    assert "limit" in climate.change("fan", 1)
    climate.set_fan(0)
    assert next(c for c in climate.controls() if c.id == "fan").value == "Off"
    assert climate.activate("air") == "Air: Feet"  # the row's word (tui/controller/labels.py)
    assert controller.get(HVAC + "Station.Row2.Passenger.AirDistribution") == "DOWN"
    with pytest.raises(InvalidValue):
        climate.set_air_distribution("SIDEWAYS")
    before = controller.get(HVAC + "IsRecirculationActive")
    climate.activate(HVAC + "IsRecirculationActive")
    assert controller.get(HVAC + "IsRecirculationActive") is (not before)
    climate.activate("reardefrost")
    assert controller.get(HVAC + "IsRearDefrosterActive") is True
    assert controller.get("Vehicle.Body.Windshield.Rear.IsHeatingOn") is True
    climate.activate(HVAC + "IsFrontDefrosterActive")
    assert controller.get(HVAC + "IsFrontDefrosterActive") is True
    entry = controller.store.audit.page(limit=1)[0]
    assert entry.source == "ui" and entry.path == HVAC + "IsFrontDefrosterActive"


@pytest.mark.parametrize("level, percent", [(0, 0), (1, 33), (2, 67), (3, 100)])
def test_seat_heating_levels_map_onto_vss_percent(controller, level, percent):
    climate = in_car(controller, "ram-1500-2025")
    climate.set_seat_level("DriverSide", level)
    assert controller.get(SEAT) == percent
    assert climate.seat_level("DriverSide") == (level, False)
    if level:
        climate.set_seat_level("PassengerSide", level, cooling=True)
        assert controller.get(PSEAT) == -percent
        assert climate.seat_level("PassengerSide") == (level, True)


def test_seat_heating_and_cooling_refusals(controller):
    climate = in_car(controller, "jeep-grand-cherokee-2024")
    for bad in (4, -1, 1.5, "high"):
        with pytest.raises(InvalidValue):
            climate.set_seat_level("DriverSide", bad)
    assert controller.get(SEAT) == 0
    climate = in_car(controller, "alfa-romeo-giulia-quadrifoglio-2024")  # heated, not cooled
    assert not climate.has_cooling("DriverSide")
    with pytest.raises(NotOnThisCar, match="no seat cooling"):
        climate.set_seat_level("DriverSide", 2, cooling=True)
    assert not any(c.id.startswith("seatcool") for c in climate.controls())
    climate = in_car(controller, "fiat-500e-2024")  # nothing heated
    with pytest.raises(NotOnThisCar):
        climate.set_seat_level("DriverSide", 1)
    rows = {c.id: c for c in climate.controls()}
    assert rows["seatheat:DriverSide"].reason and rows["wheelheat"].reason
    with pytest.raises(NotAllowed):
        climate.change("seatheat:DriverSide", 1)


def test_left_right_on_heating_and_cooling_rows(controller):
    climate = in_car(controller, "jeep-grand-cherokee-2024")
    for _ in range(4):
        climate.change("seatheat:DriverSide", 1)
    assert controller.get(SEAT) == 100
    climate.change("seatcool:DriverSide", 1)  # cooling replaces heating
    assert controller.get(SEAT) == -33
    climate.activate("seatcool:DriverSide")
    assert controller.get(SEAT) == 0


def test_heated_wheel_levels(controller):
    climate = in_car(controller, "jeep-grand-cherokee-2024")
    assert climate.set_wheel_level(2) == "Steering wheel heating: Medium"
    assert controller.get(WHEEL) == 67
    with pytest.raises(InvalidValue):
        climate.set_wheel_level(5)
    climate.activate("wheelheat")
    assert controller.get(WHEEL) == 0
    climate = in_car(controller, "fiat-500e-2024")
    with pytest.raises(NotOnThisCar):
        climate.set_wheel_level(1)


def test_seat_heating_steps_down_by_itself(controller, clock):
    climate = in_car(controller, "jeep-grand-cherokee-2024")
    climate.set_seat_level("DriverSide", 3)
    clock.advance(7 * 60 + 59)
    controller.tick()
    assert climate.seat_level("DriverSide") == (3, False)
    clock.advance(1)
    controller.tick()
    assert climate.seat_level("DriverSide") == (2, False)
    entry = controller.store.audit.page(limit=1)[0]
    assert (entry.path, entry.new, entry.source) == (SEAT, 67, "system")
    clock.advance(9 * 60)
    controller.tick()
    assert climate.seat_level("DriverSide")[0] == 2
    clock.advance(60)
    controller.tick()
    assert climate.seat_level("DriverSide")[0] == 1
    clock.advance(20 * 60)
    controller.tick()
    assert climate.seat_level("DriverSide")[0] == 0
    clock.advance(3600)
    controller.tick()
    assert controller.get(SEAT) == 0


def test_step_down_restarts_when_the_driver_sets_a_level_again(controller, clock):
    climate = in_car(controller, "ram-1500-2025")
    climate.set_seat_level("DriverSide", 3)
    clock.advance(6 * 60)
    climate.set_seat_level("DriverSide", 3, source="assistant")  # unchanged value: no new event
    controller.set(SEAT, 67)  # the driver turns it to 2 by hand
    clock.advance(9 * 60)
    controller.tick()
    assert climate.seat_level("DriverSide")[0] == 2
    clock.advance(60)
    controller.tick()
    assert climate.seat_level("DriverSide")[0] == 1
    # cooling never steps down
    climate.set_seat_level("PassengerSide", 3, cooling=True)
    clock.advance(3 * 3600)
    controller.tick()
    assert climate.seat_level("PassengerSide") == (3, True)


def test_step_down_survives_a_missed_tick(controller, clock):
    climate = in_car(controller, "jeep-grand-cherokee-2024")
    climate.set_seat_level("PassengerSide", 3)
    clock.advance(19 * 60)  # the app slept: 3->2 was due at 8 min, 2->1 at 18 min
    controller.tick()
    controller.tick()
    assert climate.seat_level("PassengerSide")[0] == 1


def test_sync_holds_whoever_changes_the_temperature(controller):
    climate = in_car(controller, "jeep-grand-cherokee-2024")
    controller.set(UNIT, "C")
    climate.set_sync(True)
    reply = controller.assistant.ask("set the driver side to 23")
    assert not reply.refused, reply.text
    assert controller.get(PT) == controller.get(RL) == 23.0
    controller.undo()  # Ctrl+Z undoes the driver's change and the zones follow it back, still synced
    assert controller.get(DT) == controller.get(PT) == controller.get(RL) == 21.0
    assert climate.synced()
    # the passenger zone set on its own (the assistant, a routine) turns sync off, as in the car
    controller.set(DT, 21.0)
    controller.assistant.ask("set the passenger side to 19")
    assert controller.get(PT) == 19.0
    assert controller.get("Vehicle.Private.SmartCockpit.HVAC.IsZoneSyncActive") is False
    assert controller.get(DT) == 21.0


def test_step_down_keeps_time_when_another_process_writes(controller, clock, db_path):
    """`smartcockpit simulate` in another process makes the app reload every second; the
    seat-heating timers must not start over each time."""
    from tui.controller import Controller

    climate = in_car(controller, "jeep-grand-cherokee-2024")
    climate.set_seat_level("DriverSide", 3)
    other = Controller.open(db_path)
    try:
        for _ in range(8):
            clock.advance(60)
            other.set("Vehicle.Speed", float(_ + 1), source="simulator")
            assert controller.catch_up()
            controller.tick()
    finally:
        other.close()
    assert climate.seat_level("DriverSide")[0] == 2


def test_zone_sync_joins_the_transaction_of_the_change(controller, db_path):
    """The zones that follow the driver are written by a write hook inside the driver's own
    transaction: one BEGIN/COMMIT, one time on every audit row, one step of another process's
    data_version, one StateBatch for whoever listens in batches (the app); per-change listeners
    still hear each change. The same for an undo."""
    import sqlite3

    from tui.controller.events import StateBatch, StateChanged

    climate = in_car(controller, "jeep-grand-cherokee-2024")
    climate.set_sync(True)
    zones = {HVAC + f"Station.{z}.Temperature" for z in ("Row1.Driver", "Row1.Passenger", "Row2.Driver",
                                                          "Row2.Passenger")}
    batches, each, statements = [], [], []
    controller.subscribe(batches.append, batches=True)
    controller.subscribe(each.append)
    other = sqlite3.connect(db_path)  # another process's view of the file
    version = other.execute("PRAGMA data_version").fetchone()[0]
    conn = controller.store.db.conn
    conn.set_trace_callback(statements.append)
    try:
        climate.set_temperature("Row1.Driver", 23.0)
    finally:
        conn.set_trace_callback(None)
    assert [s for s in statements if s.split()[0] in ("BEGIN", "COMMIT", "ROLLBACK")] == ["BEGIN IMMEDIATE", "COMMIT"]
    assert other.execute("PRAGMA data_version").fetchone()[0] == version + 1
    rows = controller.store.db.execute(
        "SELECT path, new, source, at FROM audit ORDER BY id DESC LIMIT 4").fetchall()
    assert {r[0] for r in rows} == zones and {r[1] for r in rows} == {"23.0"}
    assert sorted(r[2] for r in rows) == ["system", "system", "system", "ui"]
    assert len({r[3] for r in rows}) == 1  # one time: one transaction
    assert [type(b) for b in batches] == [StateBatch] and batches[0].paths == zones
    assert batches[0].source == "ui" and batches[0].changes[0].path == DT
    assert [e.path for e in each if isinstance(e, StateChanged)] == [c.path for c in batches[0].changes]

    batches.clear()
    controller.undo()  # the zones follow the driver back, in the undo's transaction
    assert controller.get(DT) == controller.get(PT) == controller.get(RL) == 21.0
    assert len(batches) == 1 and batches[0].paths == zones and batches[0].source == "undo"
    other.close()


def test_a_refused_follow_up_rolls_the_whole_change_back(controller):
    """A follow-up refused inside the transaction takes the change with it: the database, the
    controller's state and the listeners all see nothing."""
    climate = in_car(controller, "jeep-grand-cherokee-2024")
    climate.set_sync(True)
    heard = []
    controller.subscribe(heard.append, batches=True)

    def refuse_the_cars_writes(c, spec, value, source):
        if source == "system":
            raise NotAllowed("The passenger zone does not answer.")

    controller.add_write_guard(refuse_the_cars_writes)
    before = audit_count(controller)
    with pytest.raises(NotAllowed):
        climate.set_temperature("Row1.Driver", 24.0)
    assert controller.get(DT) == controller.get(PT) == 21.0
    assert controller.store.state.get(controller.car.vin, DT) == 21.0
    assert audit_count(controller) == before and heard == []
