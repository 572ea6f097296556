"""Driver assistance on cars of every AutoDrive level: what each model has, hands-free (Level 2+)
and eyes-off (Level 3) only on models that have them and only when their conditions hold, with
the reason when not; hand-back when a condition stops holding. Driving modes per model."""

from __future__ import annotations

import pytest

from tui.controller.errors import InvalidValue, NotAllowed, NotOnThisCar

P = "Vehicle.Private.SmartCockpit."
HF = P + "ADAS.HandsFree.IsActive"
EO = P + "ADAS.EyesOff.IsActive"
DMS = "Vehicle.ADAS.DMS.IsEnabled"
CRUISE = "Vehicle.ADAS.CruiseControl.IsEnabled"
LKA = P + "ADAS.LaneKeepAssist.Mode"


def entitled(controller):
    """Hands-free and eyes-off also need the AutoDrive Hands-Free service (issue 7): a trial."""
    controller.services.start_trial("handsfree")
MODE = P + "DrivingMode"


def drive_at(controller, kmh):
    controller.set("Vehicle.Speed", float(kmh), source="simulator")


@pytest.mark.parametrize("model, has", [
    ("fiat-500e-2024", {"Lane departure warning", "Lane-keep assist", "Obstacle detection, rear"}),
    ("abarth-695-2023", {"Obstacle detection, rear"}),
    ("ram-1500-2025", {"Adaptive cruise", "Following distance", "Driver monitoring", "Obstacle detection, front"}),
])
def test_rows_follow_the_models_equipment(controller, model, has):
    controller.car_for_model(model)
    labels = {c.label for c in controller.driver_assistance.controls() if c.reason is None}
    assert has <= labels
    if model == "abarth-695-2023":
        assert "Adaptive cruise" not in labels and "Driver monitoring" not in labels


@pytest.mark.parametrize("model, level", [("fiat-500e-2024", "1"), ("alfa-romeo-giulia-2024", "2")])
def test_no_hands_free_below_level_2_plus(controller, model, level):
    controller.car_for_model(model)
    rows = {c.id: c for c in controller.driver_assistance.controls()}
    assert f"Level {level}" in rows[HF].reason and "Level 3" in rows[EO].reason
    with pytest.raises(NotAllowed):
        controller.driver_assistance.activate(HF)
    with pytest.raises(NotOnThisCar):
        controller.set(HF, True)


def test_hands_free_conditions_on_a_level_2_plus_car(controller):
    controller.car_for_model("jeep-grand-cherokee-2024")
    entitled(controller)
    a = controller.driver_assistance
    with pytest.raises(NotAllowed, match="adaptive cruise"):
        controller.set(HF, True, source="assistant")
    controller.set(CRUISE, True)
    controller.set(DMS, False)
    assert "driver monitoring" in a.hands_free_block()
    controller.set(DMS, True)
    controller.set(LKA, "OFF")
    assert "lane-keep" in a.hands_free_block()
    controller.set(LKA, "CENTERING")
    assert a.hands_free_block() is None
    assert a.activate(HF).startswith("Hands-free armed")  # parked: it engages once the car drives (issue 16)
    assert controller.get(HF) is True
    # eyes-off is Level 3 only
    assert "Level 3" in a.eyes_off_block()


def test_hands_free_asks_the_feature_gate(controller):
    controller.car_for_model("jeep-grand-cherokee-2024")
    entitled(controller)
    controller.set(CRUISE, True)
    controller.add_feature_gate(lambda f: "Hands-free needs the AutoDrive plan" if f == "autodrive.hands_free" else None)
    rows = {c.id: c for c in controller.driver_assistance.controls()}
    assert rows[HF].reason == "Hands-free needs the AutoDrive plan"
    with pytest.raises(NotAllowed, match="AutoDrive plan"):
        controller.set(HF, True)


def test_eyes_off_up_to_60_kmh_with_driver_monitoring(controller):
    controller.car_for_model("jeep-wagoneer-s-2024")  # Level 3
    entitled(controller)
    controller.set_many({CRUISE: True, "Vehicle.Cabin.Infotainment.HMI.SpeedUnit": "KILOMETERS_PER_HOUR"})
    drive_at(controller, 61)
    with pytest.raises(NotAllowed, match="60 km/h"):
        controller.set(EO, True)
    drive_at(controller, 60)
    controller.set(DMS, False)
    with pytest.raises(NotAllowed, match="driver monitoring"):
        controller.set(EO, True)
    controller.set(DMS, True)
    controller.set(EO, True)
    assert controller.driver_assistance.state_text() == "Eyes-off (L3) engaged"
    notices = []
    controller.subscribe(lambda e: notices.append(e) if type(e).__name__ == "Notice" else None)
    drive_at(controller, 75)  # too fast: hand back to the driver
    assert controller.get(EO) is False
    assert notices and notices[0].text.startswith("Take over")
    entry = controller.store.audit.page(limit=1)[0]
    assert (entry.path, entry.new, entry.source) == (EO, False, "system")
    speed_row = controller.store.audit.page(limit=2)[1]
    assert speed_row.at == entry.at  # the hand-back joined the speed reading's transaction


def test_driver_monitoring_off_drops_hands_free(controller):
    controller.car_for_model("ram-1500-2025")
    entitled(controller)
    controller.set(CRUISE, True)
    controller.set(HF, True)
    controller.set(DMS, False)
    assert controller.get(HF) is False


@pytest.mark.parametrize("model", ["fiat-500e-2024", "jeep-grand-cherokee-2024", "maserati-grecale-trofeo-2024"])
def test_driving_modes_are_the_cars_own(controller, model):
    controller.car_for_model(model)
    modes = controller.car.model.features["drive_modes"]
    assert controller.drive.modes() == modes
    controller.drive.change(MODE, 1)
    assert controller.get(MODE) == modes[1]
    controller.drive.change(MODE, -1)
    assert controller.get(MODE) == modes[0]
    assert controller.drive.set_mode(modes[-1].lower()) .startswith("Driving mode")
    with pytest.raises(InvalidValue, match="modes"):
        controller.drive.set_mode("WARP")
    assert controller.get(MODE) == modes[-1]
