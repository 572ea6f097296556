"""The Controller: first run, validation of every datatype of the catalog against the spec and the
car's own range, one transaction with its audit row per write, change events, undo."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.catalog import signal_rows, vehicle_catalog
from store.records import Signal
from tui.controller import (
    DEMO_MODEL, CockpitError, Controller, InvalidValue, NotAllowed, NothingToUndo, NotOnThisCar, UnknownName,
)
from tui.controller.events import ContextChanged, StateChanged
from tui.controller.signals import INT_LIMITS, effective, parse, validate

VOLUME = "Vehicle.Cabin.Infotainment.Media.Volume"
DISTANCE = "Vehicle.Cabin.Infotainment.HMI.DistanceUnit"
RECIRC = "Vehicle.Cabin.HVAC.IsRecirculationActive"
URI = "Vehicle.Cabin.Infotainment.Media.SelectedURI"
DRIVER_TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
SPEED = "Vehicle.Speed"


def audit_rows(controller):
    return controller.store.db.execute(
        "SELECT vin, profile_id, path, old, new, source, at, undone FROM audit ORDER BY id").fetchall()


def sentence(message: str) -> bool:
    """A message a driver reads: one plain sentence, no Python in it."""
    return (message[:1].isupper() and message.rstrip().endswith((".", "!"))
            and "Traceback" not in message and "Error" not in message and "Vehicle." not in message)


# ------------------------------------------------------------------------------ first run
def test_first_run_makes_a_demo_car_and_a_default_profile(controller):
    cars = controller.vehicles()
    assert len(cars) == 1
    car = controller.car
    assert car.model.id == DEMO_MODEL and car.nickname == "Demo car"
    assert controller.store.settings.get("active_vin") == car.vin
    assert len(car.vin) == 17 and controller.get("Vehicle.VehicleIdentification.VIN") == car.vin
    profiles = controller.store.profiles.list()
    # the default profile drives; the Guest profile (issue 3) always exists beside it
    assert sorted(p.name for p in profiles) == ["Driver", "Guest"]
    assert [p.is_guest for p in profiles if p.name == "Guest"] == [True]
    driver = next(p for p in profiles if p.name == "Driver")
    assert controller.active_profile_id() == driver.id
    assert controller.active_profile_name() == "Driver"
    # a well-equipped model: four climate zones, massage, cooled seats, heated wheel, hands-free
    for path in ("Vehicle.Cabin.HVAC.Station.Row2.Passenger.Temperature",
                 "Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level",
                 "Vehicle.Chassis.SteeringWheel.HeatingCooling",
                 "Vehicle.Private.SmartCockpit.ADAS.HandsFree.IsActive"):
        assert controller.has(path), path
    assert controller.spec("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling").min == -100
    # every signal the car has starts at its factory value
    caps = controller.store.catalog.capabilities(DEMO_MODEL)
    for path, cap in caps.items():
        if path != "Vehicle.VehicleIdentification.VIN":
            assert controller.get(path) == cap.default, path
    assert controller.store.audit.count() == 0


def test_first_run_happens_once(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    vin = c.car.vin
    c.set(VOLUME, 44)
    c.close()
    again = Controller.open(db_path, clock=clock)
    try:
        assert [car.vin for car in again.vehicles()] == [vin]
        assert sorted(p.name for p in again.store.profiles.list()) == ["Driver", "Guest"]
        assert again.get(VOLUME) == 44
    finally:
        again.close()


# ------------------------------------------------------------------------------ every datatype
def catalog_signals() -> dict[str, Signal]:
    out = {}
    for r in signal_rows():
        allowed = tuple(json.loads(r["allowed"])) if r["allowed"] else None
        out[r["path"]] = Signal(r["path"], r["datatype"], r["type"], r["unit"], r["min"], r["max"], allowed,
                                r["description"], r["origin"])
    return out


SIGNALS = catalog_signals()
DATATYPES = sorted({s.datatype for s in SIGNALS.values()})


def test_the_catalog_datatypes_are_the_ones_validation_knows():
    known = {"boolean", "string", "float", "double", *INT_LIMITS}
    assert {d.removesuffix("[]") for d in DATATYPES} <= known
    assert {"boolean", "string", "float", "uint8", "int8", "uint16"} <= set(DATATYPES)


def example(datatype: str, with_allowed: bool | None = None) -> Signal:
    for s in SIGNALS.values():
        if s.datatype == datatype and (with_allowed is None or bool(s.allowed) == with_allowed):
            return s
    pytest.skip(f"no {datatype} signal {'with' if with_allowed else 'without'} allowed values in the catalog")


def rejected(spec, value) -> str:
    with pytest.raises(InvalidValue) as info:
        validate(spec, value)
    message = str(info.value)
    assert sentence(message), message
    assert spec.label.split(" (")[0] in message
    return message


@pytest.mark.parametrize("datatype", DATATYPES)
def test_validation_of_every_datatype_in_the_catalog(datatype):
    signal = example(datatype, with_allowed=False if datatype == "string" else None)
    spec = effective(signal, None)
    base = datatype.removesuffix("[]")
    if datatype.endswith("[]"):
        item = (spec.allowed[0] if spec.allowed else ("a" if base == "string" else 1))
        assert validate(spec, [item, item]) == [item, item]
        assert validate(spec, []) == []
        rejected(spec, item)  # not a list
        rejected(spec, [item, True if base != "boolean" else "x"])  # one bad element spoils the list
        return
    if base == "boolean":
        assert validate(spec, True) is True and validate(spec, False) is False
        for bad in (1, 0, "true", "on", None, 1.0):
            rejected(spec, bad)
        assert parse(spec, "on") is True and parse(spec, "OFF") is False
        with pytest.raises(InvalidValue):
            parse(spec, "maybe")
    elif base == "string":
        assert validate(spec, "hello") == "hello"
        for bad in (5, 1.5, True, None, ["x"]):
            rejected(spec, bad)
        assert "control characters" in rejected(spec, "bell\x07")
        assert "at most" in rejected(spec, "x" * 201)
    elif base in INT_LIMITS:
        lo, hi = INT_LIMITS[base]
        assert spec.min >= lo and spec.max <= hi, "the datatype bounds the range even without a spec range"
        inside = spec.min if spec.min is not None else 0
        value = validate(spec, inside)
        assert value == inside and type(value) is int
        assert type(validate(spec, float(inside))) is int, "a whole float becomes an int"
        assert "whole number" in rejected(spec, inside + 0.5)
        assert "out of range" in rejected(spec, spec.max + 1)
        assert "out of range" in rejected(spec, spec.min - 1)
        for bad in (True, "3", None, float("nan")):
            rejected(spec, bad)
        assert parse(spec, " 7 ") == 7
    else:  # float, double
        inside = spec.min if spec.min is not None else 1
        value = validate(spec, int(inside))
        assert value == inside and type(value) is float
        for bad in (float("nan"), float("inf"), -math.inf, True, "1.5", None):
            rejected(spec, bad)
        if spec.max is not None:
            assert "out of range" in rejected(spec, spec.max + 0.5)
        if spec.min is not None:
            assert "out of range" in rejected(spec, spec.min - 0.5)
        assert parse(spec, "2.5") == 2.5


@pytest.mark.parametrize("datatype", sorted({s.datatype for s in SIGNALS.values() if s.allowed and s.datatype == "string"}))
def test_allowed_values_are_matched_whatever_the_case_and_others_refused(datatype):
    spec = effective(example(datatype, with_allowed=True), None)
    first = spec.allowed[0]
    assert validate(spec, first.lower()) == first
    assert "must be one of" in rejected(spec, "NOT_A_CHOICE")


def test_the_controller_checks_every_datatype_the_demo_car_has(controller):
    """Through controller.set: the right value goes in with its audit row; each wrong one is refused
    with a sentence and changes nothing. Readings from the car only come from the simulator;
    attributes are fixed."""
    tried = set()
    for path in controller.signal_paths():
        spec = controller.spec(path)
        if spec.datatype in tried:
            continue
        tried.add(spec.datatype)
        before_state, before_audit = controller.state(), controller.store.audit.count()
        if spec.type == "attribute":
            with pytest.raises(NotAllowed):
                controller.set(path, controller.get(path), source="simulator")
            continue
        source = "simulator" if spec.type == "sensor" else "ui"
        if spec.type == "sensor":
            with pytest.raises(NotAllowed, match="reading from the car"):
                controller.set(path, controller.get(path), source="ui")
        wrong = "not a number" if spec.datatype != "string" else 12
        with pytest.raises(InvalidValue) as info:
            controller.set(path, wrong, source=source)
        assert sentence(str(info.value))
        assert controller.state() == before_state and controller.store.audit.count() == before_audit
        good = {"boolean": not controller.get(path)}.get(spec.datatype)
        if good is None and spec.kind == "range":
            good = spec.max if spec.max is not None and controller.get(path) != spec.max else spec.min
        if good is None and spec.kind == "choice":
            good = next(a for a in spec.allowed if a != controller.get(path))
        if good is None:
            good = "changed"
        event = controller.set(path, good, source=source)
        assert event is not None and controller.get(path) == validate(spec, good)
        assert controller.store.audit.count() == before_audit + 1
    assert {"boolean", "string", "float", "double", "uint8", "int8", "uint16", "int16", "uint32"} <= tried


def test_unknown_names_and_signals_the_car_lacks(controller):
    with pytest.raises(UnknownName) as info:
        controller.set("Vehicle.Teleporter.IsActive", True)
    assert str(info.value) == "There is no setting called 'Vehicle.Teleporter.IsActive'."
    controller.car_for_model("fiat-panda-2024")  # one climate zone
    with pytest.raises(NotOnThisCar) as info:
        controller.set("Vehicle.Cabin.HVAC.Station.Row1.Passenger.Temperature", 21.0)
    assert "Fiat Panda" in str(info.value) and sentence(str(info.value))


@settings(max_examples=150, deadline=None)
@given(datatype=st.sampled_from(sorted(INT_LIMITS)), value=st.integers(-(2**65), 2**65))
def test_any_whole_number_is_taken_exactly_when_it_is_in_range(datatype, value):
    signal = Signal("Vehicle.Test.Level", datatype, "actuator", None, None, None, None, "", "vss")
    spec = effective(signal, None)
    lo, hi = INT_LIMITS[datatype]
    if lo <= value <= hi:
        assert validate(spec, value) == value
    else:
        with pytest.raises(InvalidValue):
            validate(spec, value)


@settings(max_examples=150, deadline=None)
@given(value=st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_is_taken_exactly_when_it_is_on_the_cars_grid(value):
    from store.records import Capability

    spec = effective(SIGNALS[DRIVER_TEMP], Capability(DRIVER_TEMP, 16.0, 28.0, 0.5, None, 21.0))
    ok = math.isfinite(value) and 16.0 <= value <= 28.0 and abs((value - 16.0) / 0.5 - round((value - 16.0) / 0.5)) <= 1e-6
    if ok:
        assert validate(spec, value) == value
    else:
        with pytest.raises(InvalidValue):
            validate(spec, value)


# ------------------------------------------------------------------------------ ranges per car
MODELS = {m["id"]: m for m in vehicle_catalog()["models"]}
VERY_DIFFERENT = [
    "jeep-wagoneer-s-2024",            # STLA Large BEV, 4 zones, massage, Level 3
    "fiat-panda-2024",                 # small hybrid, 1 zone, 18-26 C, short seat travel
    "ram-1500-2025",                   # STLA Frame pickup, long seat travel
    "chrysler-pacifica-hybrid-2021",   # Uconnect 5 minivan, 15.5-29.5 C
    "abarth-695-2023",                 # combustion hot hatch, almost no driver assistance
    "maserati-grecale-folgore-2024",   # luxury BEV
]


@pytest.mark.parametrize("model_id", VERY_DIFFERENT)
def test_ranges_follow_each_cars_own_equipment(controller, model_id):
    m = MODELS[model_id]
    car = controller.add_vehicle(model_id)
    assert controller.car.vin == car.vin and controller.car.model.id == model_id

    lo, hi = m["temp_range_c"]
    spec = controller.spec(DRIVER_TEMP)
    assert (spec.min, spec.max, spec.step) == (lo, hi, 0.5)
    controller.set(DRIVER_TEMP, lo)
    controller.set(DRIVER_TEMP, hi)
    for bad in (lo - 0.5, hi + 0.5, 21.25):
        with pytest.raises(InvalidValue):
            controller.set(DRIVER_TEMP, bad)
    assert controller.get(DRIVER_TEMP) == hi

    zones = m["climate_zones"]
    assert controller.has("Vehicle.Cabin.HVAC.Station.Row1.Passenger.Temperature") == (zones >= 2)
    assert controller.has("Vehicle.Cabin.HVAC.Station.Row2.Driver.Temperature") == (zones >= 4)

    seat = "Vehicle.Cabin.Seat.Row1.DriverSide.Position"
    a, b = m["seats"]["driver"]["Position"]
    spec = controller.spec(seat)
    assert (spec.min, spec.max, spec.unit) == (a, b, "mm")
    controller.set(seat, b)
    with pytest.raises(InvalidValue, match="out of range"):
        controller.set(seat, b + 10)
    assert controller.step(seat, +1) is None, "at the end of its travel the seat stays put"

    assert controller.has("Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level") == m["massage"]
    assert controller.has("Vehicle.Chassis.SteeringWheel.HeatingCooling") == m["heated_wheel"]
    if m["seat_heating"]:
        heat = controller.spec("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling")
        assert heat.min == (-100 if m["seat_cooling"] else 0) and heat.max == 100
        if not m["seat_cooling"]:
            with pytest.raises(InvalidValue):
                controller.set("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling", -50)
    assert controller.has("Vehicle.ADAS.CruiseControl.IsAdaptive") == ("ACC" in m["adas"])
    assert controller.has("Vehicle.Private.SmartCockpit.ADAS.HandsFree.IsActive") == (str(m["autodrive_level"]) in ("2+", "3"))
    modes = controller.spec("Vehicle.Private.SmartCockpit.DrivingMode").allowed
    assert list(modes) == m["drive_modes"]
    with pytest.raises(InvalidValue, match="must be one of"):
        controller.set("Vehicle.Private.SmartCockpit.DrivingMode", "WARP")


def test_the_car_range_stays_inside_the_spec():
    """A car can narrow the VSS range, never widen it."""
    signal = SIGNALS["Vehicle.Cabin.Infotainment.Media.Volume"]
    from store.records import Capability

    wide = Capability(signal.path, -50, 500, 5, None, 30)
    spec = effective(signal, wide)
    assert (spec.min, spec.max) == (max(signal.min, 0), min(signal.max, 255))
    narrow = Capability(signal.path, 10, 60, 5, None, 30)
    spec = effective(signal, narrow)
    assert (spec.min, spec.max, spec.step) == (10, 60, 5)


# ------------------------------------------------------------------------------ audit
def test_every_write_has_its_audit_row(controller):
    pid = controller.active_profile_id()
    controller.set(VOLUME, 44)
    controller.set(DISTANCE, "KILOMETERS", source="assistant")
    controller.set_many({SPEED: 50.0, "Vehicle.Powertrain.Transmission.SelectedGear": 127}, source="simulator")
    rows = audit_rows(controller)
    vin = controller.car.vin
    assert [(r[0], r[1], r[2], json.loads(r[3]) if r[3] else None, json.loads(r[4]), r[5]) for r in rows] == [
        (vin, pid, VOLUME, 30, 44, "ui"),
        (vin, pid, DISTANCE, "MILES", "KILOMETERS", "assistant"),
        (vin, pid, SPEED, 0.0, 50.0, "simulator"),
        (vin, pid, "Vehicle.Powertrain.Transmission.SelectedGear", 126, 127, "simulator"),
    ]
    assert all(r[6] for r in rows) and not any(r[7] for r in rows)
    stored = controller.store.state.all(vin)
    assert stored[VOLUME] == 44 and stored[DISTANCE] == "KILOMETERS" and stored[SPEED] == 50.0


def test_no_change_no_row_and_one_bad_value_rejects_the_whole_set(controller):
    controller.set(VOLUME, 30)  # already 30
    assert controller.store.audit.count() == 0
    before = controller.state()
    with pytest.raises(InvalidValue):
        controller.set_many({VOLUME: 50, RECIRC: True, DRIVER_TEMP: 99.0})
    assert controller.state() == before
    assert controller.store.state.all(controller.car.vin) == before
    assert controller.store.audit.count() == 0


def test_a_failing_hook_rolls_the_write_back(controller):
    """A domain hook runs inside the write's transaction: if it fails, neither the value nor the
    audit row stays."""
    def broken(c, changes, source):
        raise CockpitError("The seat motor did not answer.")

    controller.add_write_hook(broken)
    with pytest.raises(CockpitError):
        controller.set(VOLUME, 60)
    assert controller.get(VOLUME) == 30
    assert controller.store.state.get(controller.car.vin, VOLUME) == 30
    assert controller.store.audit.count() == 0


# ------------------------------------------------------------------------------ events
def test_listeners_hear_each_change_and_nothing_else(controller):
    heard = []
    stop = controller.subscribe(heard.append)
    controller.set(VOLUME, 44)
    with pytest.raises(InvalidValue):
        controller.set(VOLUME, 444)
    controller.set(VOLUME, 44)  # no change, no event
    changes = [e for e in heard if isinstance(e, StateChanged)]
    assert len(changes) == 1
    e = changes[0]
    assert (e.vin, e.path, e.old, e.new, e.source) == (controller.car.vin, VOLUME, 30, 44, "ui")
    assert e.profile_id == controller.active_profile_id()
    assert controller.store.audit.get(e.audit_id).path == VOLUME
    controller.set_many({RECIRC: True, DISTANCE: "KILOMETERS"})
    assert [e.path for e in heard if isinstance(e, StateChanged)][1:] == [RECIRC, DISTANCE]
    stop()
    controller.set(VOLUME, 50)
    assert len([e for e in heard if isinstance(e, StateChanged)]) == 3


def test_no_car_change_while_moving_and_nothing_added(controller):
    controller.set_many({SPEED: 40.0, "Vehicle.Powertrain.Transmission.SelectedGear": 127}, source="simulator")
    assert controller.restrictions().moving
    for attempt in (lambda: controller.add_vehicle("fiat-500e-2024"),
                    lambda: controller.car_for_model("fiat-500e-2024")):
        with pytest.raises(NotAllowed, match="parked"):
            attempt()
    assert len(controller.vehicles()) == 1 and controller.car.model.id == DEMO_MODEL


def test_switching_car_is_announced(controller):
    heard = []
    controller.subscribe(heard.append)
    car = controller.add_vehicle("peugeot-e-208-2024")
    assert any(isinstance(e, ContextChanged) and e.what == "vehicle" for e in heard)
    assert controller.car.vin == car.vin
    assert controller.unit("DistanceUnit") == "KILOMETERS", "a European car comes with European units"


# ------------------------------------------------------------------------------ undo
def test_undo_puts_back_the_last_change_a_person_made(controller):
    controller.set(VOLUME, 44)
    controller.set(RECIRC, True, source="assistant")
    controller.set_many({SPEED: 30.0}, source="simulator")  # a reading, not a change to undo
    heard = []
    controller.subscribe(heard.append)
    event = controller.undo()
    assert (event.path, event.old, event.new, event.source) == (RECIRC, True, False, "undo")
    assert controller.get(RECIRC) is False and controller.get(SPEED) == 30.0
    assert heard == [event]
    event = controller.undo()
    assert (event.path, event.new) == (VOLUME, 30)
    with pytest.raises(NothingToUndo) as info:
        controller.undo()
    assert sentence(str(info.value))
    rows = audit_rows(controller)
    assert [(r[2], r[5], r[7]) for r in rows] == [
        (VOLUME, "ui", 1), (RECIRC, "assistant", 1), (SPEED, "simulator", 0), (RECIRC, "undo", 0), (VOLUME, "undo", 0),
    ]


def test_undo_survives_a_restart(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    c.set(VOLUME, 70)
    c.set(VOLUME, 80)
    c.close()
    c = Controller.open(db_path, clock=clock)
    try:
        c.undo()
        assert c.get(VOLUME) == 70
    finally:
        c.close()
    c = Controller.open(db_path, clock=clock)
    try:
        assert c.get(VOLUME) == 70
    finally:
        c.close()


def test_undo_is_per_car(controller):
    controller.set(VOLUME, 44)
    controller.add_vehicle("fiat-500e-2024")
    with pytest.raises(NothingToUndo):
        controller.undo()


# ------------------------------------------------------------------------------ stepping, toggling, text
def test_step_toggle_and_text(controller):
    controller.step(VOLUME, +1)
    assert controller.get(VOLUME) == 32  # the car's volume step is 2
    controller.toggle(RECIRC)
    assert controller.get(RECIRC) is True
    controller.toggle(DISTANCE)
    assert controller.get(DISTANCE) != "MILES"
    with pytest.raises(InvalidValue, match="Left and Right"):
        controller.toggle(VOLUME)
    controller.set_text(DRIVER_TEMP, "22.5 °C")  # a bare number is in the demo car's °F
    assert controller.get(DRIVER_TEMP) == 22.5
    with pytest.raises(InvalidValue):
        controller.set_text(DRIVER_TEMP, "warm")
    assert [r[5] for r in audit_rows(controller)][-1] == "cli"
