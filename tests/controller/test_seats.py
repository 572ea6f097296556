"""Seats, mirrors and steering wheel on different cars: each axis with the car's own travel,
memory presets per profile (recall asks first and only when parked), easy entry on ignition."""

from __future__ import annotations

import pytest

from tui.controller.errors import InvalidValue, NotAllowed, NotOnThisCar
from tui.controller.seats import ConfirmationNeeded

SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide."
POS = SEAT + "Position"
TILT = "Vehicle.Chassis.SteeringWheel.Tilt"
MIRROR = "Vehicle.Body.Mirrors.DriverSide.Tilt"
EASY = "Vehicle.Private.SmartCockpit.Seat.EasyEntry.IsEnabled"
IGN = "Vehicle.LowVoltageSystemState"


@pytest.mark.parametrize("model", ["jeep-grand-cherokee-2024", "ram-1500-2025", "fiat-500e-2024",
                                   "maserati-grecale-folgore-2024", "abarth-500e-2024"])
def test_every_axis_with_its_own_travel(controller, model):
    controller.car_for_model(model)
    seats = controller.seats
    declared = controller.car.model.features["seats"]["driver"]
    axes = [p for p in seats.axes("DriverSide") if not p.endswith("Massage.Level")]
    assert sorted(a[len(SEAT):] for a in axes) == sorted(declared)
    for path in axes:
        lo, hi = declared[path[len(SEAT):]]
        spec = controller.spec(path)
        assert (spec.min, spec.max) == (lo, hi)
        controller.set(path, hi)
        assert "limit" in seats.change(path, 1)
        with pytest.raises(InvalidValue):
            controller.set(path, hi + (spec.step or 1))
        assert controller.get(path) == hi


def test_manual_passenger_seat_is_shown_dimmed(controller):
    controller.car_for_model("abarth-500e-2024")  # driver seat powered, passenger manual
    rows = controller.seats.controls("PassengerSide")
    assert len(rows) == 1 and rows[0].reason and "manual" in rows[0].reason
    with pytest.raises(NotOnThisCar):
        controller.seats.move("PassengerSide", "Height", 10)


def test_presets_save_and_recall_ask_first(controller):
    controller.car_for_model("jeep-grand-cherokee-2024")
    seats = controller.seats
    assert seats.preset_count() == 3
    controller.set_many({POS: 200, TILT: 30, MIRROR: 20})
    assert seats.save_preset(1) == "Seat position saved to memory 1."
    controller.set_many({POS: 40, TILT: 80, MIRROR: -40})
    with pytest.raises(ConfirmationNeeded, match="nobody"):
        seats.recall_preset(1)
    assert controller.get(POS) == 40  # nothing moved before the yes
    seats.recall_preset(1, confirmed=True)
    assert (controller.get(POS), controller.get(TILT), controller.get(MIRROR)) == (200, 30, 20)
    entry = controller.store.audit.page(limit=1)[0]
    assert entry.source == "ui"
    with pytest.raises(InvalidValue, match="empty"):
        seats.recall_preset(2, confirmed=True)
    for bad in (0, 4, "1", True):
        with pytest.raises(InvalidValue):
            seats.save_preset(bad)


def test_recall_only_when_parked(controller):
    controller.car_for_model("ram-1500-2025")
    seats = controller.seats
    seats.save_preset(2)
    controller.set("Vehicle.Speed", 30.0, source="simulator")
    with pytest.raises(NotAllowed, match="parked"):
        seats.recall_preset(2, confirmed=True)
    row = next(c for c in seats.preset_controls() if c.id == "preset:2")
    assert row.reason and "parked" in row.reason
    controller.set("Vehicle.Speed", 0.0, source="simulator")
    assert next(c for c in seats.preset_controls() if c.id == "preset:2").reason is None


def test_presets_belong_to_a_profile_and_a_car(controller):
    controller.car_for_model("maserati-grecale-folgore-2024")
    seats = controller.seats
    seats.save_preset(3)
    with controller.store.write():
        other = controller.store.profiles.add("Sam", "SM", "#FF0000")
        controller.store.settings.set("active_profile_id", other.id)
    assert seats.presets() == {}
    with pytest.raises(InvalidValue, match="empty"):
        seats.recall_preset(3, confirmed=True)
    with controller.store.write():
        controller.store.db.execute("DELETE FROM profiles WHERE id = ?", [other.id])
    assert controller.store.db.execute("SELECT count(*) FROM seat_presets WHERE profile_id = ?",
                                       [other.id]).fetchone()[0] == 0


def test_no_seat_memory_on_cars_without_it(controller):
    controller.car_for_model("fiat-500e-2024")
    seats = controller.seats
    with pytest.raises(NotOnThisCar, match="no seat memory"):
        seats.save_preset(1)
    assert seats.preset_controls()[0].reason


def test_presets_survive_reopening(db_path, controller):
    from tui.controller import Controller

    controller.set(POS, 100)
    controller.seats.save_preset(1)
    again = Controller.open(db_path)
    try:
        assert again.seats.presets()[1].positions[POS] == 100
    finally:
        again.close()


def test_easy_entry_moves_out_of_the_way_and_back(controller):
    controller.car_for_model("jeep-grand-cherokee-2024")
    controller.set_many({EASY: True, POS: 100, TILT: 40})
    controller.set(IGN, "ON", source="simulator")
    controller.set(IGN, "OFF", source="simulator")
    assert controller.get(POS) == controller.spec(POS).max and controller.get(TILT) == controller.spec(TILT).max
    controller.set(IGN, "ON", source="simulator")
    assert (controller.get(POS), controller.get(TILT)) == (100, 40)


def test_easy_entry_off_or_absent_moves_nothing(controller):
    controller.car_for_model("jeep-grand-cherokee-2024")
    controller.set_many({EASY: False, POS: 100})
    controller.set(IGN, "ON", source="simulator")
    controller.set(IGN, "OFF", source="simulator")
    assert controller.get(POS) == 100
    controller.car_for_model("fiat-500e-2024")
    assert not controller.has(EASY)
    assert not any(c.id == EASY for c in controller.seats.controls("DriverSide"))


def test_mirrors_and_wheel(controller):
    controller.car_for_model("ram-1500-2025")
    m = controller.mirrors
    assert m.activate("fold") == "Mirrors folded"
    assert controller.get("Vehicle.Body.Mirrors.PassengerSide.IsFolded") is True
    m.activate("mirrorheat")
    assert controller.get("Vehicle.Body.Mirrors.DriverSide.IsHeatingOn") is True
    m.change(MIRROR, 1)
    assert controller.get(MIRROR) == 5
    m.change(TILT, -1)
    assert controller.get(TILT) == 45
    controller.car_for_model("fiat-500e-2024")
    rows = {c.id: c for c in m.controls()}
    assert rows["fold"].reason  # no power folding: dimmed with the reason
    assert m.controls("wheel")[0].reason
    with pytest.raises(NotAllowed):
        m.activate("fold")


def test_easy_entry_joins_the_ignition_transaction(controller):
    """The seat and wheel move inside the transaction that switched the ignition off: one audit time,
    one StateBatch, and a kill between the two cannot leave the seat forward with the car off."""
    from tui.controller.events import StateBatch

    controller.car_for_model("jeep-grand-cherokee-2024")
    controller.set_many({EASY: True, POS: 100, TILT: 40})
    controller.set(IGN, "ON", source="simulator")
    batches = []
    controller.subscribe(batches.append, batches=True)
    controller.set(IGN, "OFF", source="simulator")
    states = [b for b in batches if isinstance(b, StateBatch)]
    assert len(states) == 1 and states[0].paths >= {IGN, POS, TILT}
    assert [b.text for b in batches if not isinstance(b, StateBatch)] == ["Easy entry: seat back and wheel up."]
    rows = controller.store.db.execute("SELECT path, at FROM audit ORDER BY id DESC LIMIT 3").fetchall()
    assert {r[0] for r in rows} == {IGN, POS, TILT} and len({r[1] for r in rows}) == 1
