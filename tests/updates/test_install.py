"""The install state machine on a real car database: preconditions, A/B slots, failures, rollback,
postpone and the night's schedule."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from tui.controller.authority import PinNeeded
from tui.controller.errors import CockpitError, NotAllowed
from tui.controller.updates.preconditions import CHARGE, DEPARTURE, FAST_CHARGING, IGNITION


def finish(c):
    progress = c.updates.progress()
    while progress is not None and not progress.finished:
        progress = c.updates.step()
    return progress


def versions(c) -> dict:
    return {s.component.id: (s.version, s.active_slot, s.other_version) for s in c.updates.status()}


def test_a_new_car_runs_its_factory_versions_from_slot_a(controller):
    status = controller.updates.status()
    assert [s.component.id for s in status] == ["head-unit", "driver-assistance", "battery-management",
                                                "connectivity", "language-pack"]
    assert all(s.active_slot == "A" and s.version and s.other_state == "empty" for s in status)
    assert controller.updates.summary() == "Up to date"
    assert controller.updates.problems() == []


def test_install_writes_the_inactive_slot_then_switches(controller, repo):
    controller.updates.chunk = 8 * 1024
    repo.release("head-unit", "5.3.0", notes="Faster maps")
    verdict = controller.updates.check()
    assert verdict.error is None and [o.version for o in verdict.offers] == ["5.3.0"]
    assert [j.target["custom"]["notes"] for j in controller.updates.available()] == ["Faster maps"]
    assert controller.updates.summary() == "1 update available"
    seen = []
    progress = controller.updates.install("head-unit")
    while not progress.finished:
        progress = controller.updates.step()
        seen.append((progress.state, progress.fraction))
        controller.clock.advance(1)
        assert controller.updates.problems() == []
    assert progress.state == "done" and progress.message == "Installed 5.3.0 (slot B)."
    states = [s for s, _ in seen]
    assert states.index("downloaded") < states.index("verified") < states.index("installing") < states.index("done")
    assert [f for _, f in seen] == sorted(f for _, f in seen)  # the bar only moves forward
    assert versions(controller)["head-unit"] == ("5.3.0", "B", "5.2.0")
    history = controller.updates.history("head-unit")
    assert [(h.from_version, h.to_version, h.outcome) for h in history] == [("5.2.0", "5.3.0", "installed"),
                                                                                   (None, "5.2.0", "factory")]
    assert controller.updates.available() == []
    # checking again offers nothing: 5.3.0 is what runs
    assert controller.updates.check().offers == []


def test_progress_says_the_time_left(controller, repo):
    controller.updates.chunk = 4 * 1024
    repo.release("connectivity", "1.9.3")
    controller.updates.check()
    controller.updates.install("connectivity")
    for _ in range(4):
        controller.clock.advance(2)
        progress = controller.updates.step()
    assert progress.state == "downloading" and 0 < progress.fraction < 0.5
    assert progress.seconds_left is not None and progress.seconds_left > 0


@pytest.mark.parametrize("path, value, words", [
    (IGNITION, "ON", "Switch the ignition off (it is ON)."),
    (CHARGE, 12.0, "Charge to at least 20 % first (the battery is at 12 %)."),
    (FAST_CHARGING, True, "Wait until fast charging has finished."),
])
def test_each_failed_precondition_is_named_and_nothing_starts(controller, repo, path, value, words):
    repo.release("head-unit", "5.3.0")
    controller.updates.check()
    controller.set_many({path: value}, source="simulator")
    with pytest.raises(NotAllowed) as refused:
        controller.updates.install("head-unit")
    assert words in str(refused.value)
    assert controller.updates.running() is None
    assert [c.name for c in controller.updates.preconditions("head-unit") if not c.ok] == [
        {IGNITION: "ignition", CHARGE: "charge", FAST_CHARGING: "fast_charging"}[path]]


def test_all_failures_are_named_at_once(controller, repo):
    repo.release("head-unit", "5.3.0")
    controller.updates.check()
    soon = controller.clock.now() + timedelta(minutes=20)
    controller.set_many({IGNITION: "ON", CHARGE: 10.0, DEPARTURE: soon.strftime("%Y-%m-%dT%H:%M")},
                        source="simulator")
    with pytest.raises(NotAllowed) as refused:
        controller.updates.install("head-unit")
    text = str(refused.value)
    assert "ignition" in text and "Charge to at least 20 %" in text
    assert "Not enough time before the departure at 8:20 AM" in text and "about 20 min" in text


def test_a_departure_far_enough_away_is_fine(controller, repo):
    later = controller.clock.now() + timedelta(hours=2)
    controller.set_many({DEPARTURE: later.strftime("%Y-%m-%dT%H:%M")}, source="simulator")
    check = {c.name: c for c in controller.updates.preconditions("head-unit")}["departure"]
    assert check.ok and "10:00 AM" in check.text


def test_installing_needs_the_car_parked(controller, repo):
    repo.release("head-unit", "5.3.0")
    controller.updates.check()
    controller.set_many({"Vehicle.Speed": 40.0}, source="simulator")
    with pytest.raises(NotAllowed, match="Install software updates when parked."):
        controller.updates.install("head-unit")
    assert not {c.name: c for c in controller.updates.preconditions("head-unit")}["parked"].ok


@pytest.mark.parametrize("point", ["download", "verify", "install"])
def test_a_failure_before_the_switch_leaves_the_car_on_its_version(controller, repo, point):
    controller.updates.chunk = 16 * 1024
    repo.release("head-unit", "5.3.0")
    controller.updates.check()
    controller.updates.fail_next(point)
    controller.updates.install("head-unit")
    progress = finish(controller)
    assert progress.state == "failed"
    assert "Still on 5.2.0; nothing changed." in progress.message
    assert versions(controller)["head-unit"][:2] == ("5.2.0", "A")
    assert controller.updates.problems() == []
    assert [h.outcome for h in controller.updates.history("head-unit")] == ["failed", "factory"]
    # the failure is used up: checking again offers the update, and it installs
    controller.updates.check()
    controller.updates.install("head-unit")
    assert finish(controller).state == "done"
    assert versions(controller)["head-unit"][:2] == ("5.3.0", "B")


def test_a_version_that_does_not_start_rolls_back_and_says_so(controller, repo):
    repo.release("driver-assistance", "3.2.0")
    controller.updates.check()
    controller.simulator.fail_next_update("boot")
    controller.updates.install("driver-assistance")
    progress = finish(controller)
    assert progress.state == "rolled_back"
    assert progress.message == "3.2.0 did not start; rolled back to 3.1.4 (slot A)."
    assert versions(controller)["driver-assistance"] == ("3.1.4", "A", "3.2.0")
    assert [h.outcome for h in controller.updates.history("driver-assistance")] == ["rolled_back", "factory"]
    assert controller.updates.problems() == []


def test_one_update_at_a_time(controller, repo):
    repo.release("head-unit", "5.3.0")
    repo.release("connectivity", "1.9.3")
    controller.updates.check()
    controller.updates.install("head-unit")
    with pytest.raises(NotAllowed, match="Head unit is updating; one update at a time."):
        controller.updates.install("connectivity")


def test_postpone_and_schedule_for_the_night(controller, repo):
    repo.release("head-unit", "5.3.0")
    repo.release("language-pack", "2026.11.0")
    controller.updates.check()
    when = controller.updates.postpone("language-pack")
    assert when == controller.clock.now() + timedelta(days=1)
    night = controller.updates.schedule_night("head-unit")
    assert (night.hour, night.minute) == (2, 0) and night > controller.clock.now()
    states = {j.component: j.state for j in controller.updates.available()}
    assert states == {"head-unit": "scheduled", "language-pack": "postponed"}
    controller.updates.tick()
    assert controller.updates.running() is None  # not yet
    controller.clock.advance((night - controller.clock.now()).total_seconds() + 60)
    controller.updates.chunk = 64 * 1024
    controller.updates.tick()
    assert controller.updates.running().component == "head-unit"
    for _ in range(5000):  # the tick's download reads run on the updates' reading thread: tick until done
        controller.updates.tick()
        if controller.updates.running() is None:
            break
        time.sleep(0.002)
    assert versions(controller)["head-unit"][0] == "5.3.0"
    assert {j.component: j.state for j in controller.updates.available()} == {"language-pack": "postponed"}


def test_the_night_waits_while_the_car_can_not_install(controller, repo):
    repo.release("head-unit", "5.3.0")
    controller.updates.check()
    night = controller.updates.schedule_night("head-unit")
    controller.set_many({CHARGE: 5.0}, source="simulator")
    controller.clock.advance((night - controller.clock.now()).total_seconds() + 60)
    controller.updates.tick()
    assert controller.updates.running() is None
    assert controller.updates.available()[0].state == "scheduled"


def test_the_guest_may_not_install_and_another_driver_needs_the_owners_pin(controller, repo):
    repo.release("head-unit", "5.3.0")
    repo.release("connectivity", "1.9.3")
    controller.updates.check()
    controller.security.set_pin("2468")
    controller.profiles.create("Ana", pin="1357", copy_current=False, owner_pin="2468")
    controller.profiles.switch("Ana", pin="1357", keep_changes=True)
    with pytest.raises(PinNeeded, match="the car's owner"):
        controller.updates.install("head-unit")
    with pytest.raises(CockpitError):
        controller.updates.install("head-unit", pin="0000")
    assert controller.updates.running() is None
    controller.updates.install("head-unit", pin="2468")
    assert controller.updates.running() is not None
    controller.profiles.use_guest()
    with pytest.raises(NotAllowed, match="may not install or postpone a software update"):
        controller.updates.postpone("connectivity")


def test_nothing_waiting_is_said_plainly(controller):
    with pytest.raises(CockpitError, match="No update is waiting for the connectivity"):
        controller.updates.install("connectivity")
    with pytest.raises(CockpitError, match="There is no component 'radio'"):
        controller.updates.install("radio")
    verdict = controller.updates.check()
    assert "No update repository" in verdict.error


def test_two_processes_stepping_one_install_take_each_step_once(controller, repo, db_path):
    from tui.controller import Controller

    controller.updates.chunk = 16 * 1024
    repo.release("head-unit", "5.3.0")
    controller.updates.check()
    controller.updates.install("head-unit")
    other = Controller.open(db_path, clock=controller.clock)
    try:
        other.updates.chunk = 16 * 1024
        for _ in range(200):  # both read the job, then both try its next step: the second finds it taken
            job = controller.updates.running()
            if job is None:
                break
            seen = other.store.updates.job(job.id)
            controller.updates.installer().advance(job.id)
            after = other.updates.installer().advance(job.id, seen=seen)
            assert (after.state, after.done_bytes) != (seen.state, seen.done_bytes) or after.finished_at
        assert controller.updates.running() is None
        outcomes = [h.outcome for h in controller.updates.history("head-unit")]
        assert outcomes == ["installed", "factory"]
        assert versions(controller)["head-unit"] == ("5.3.0", "B", "5.2.0")
        assert controller.updates.problems() == []
    finally:
        other.close()
