"""What a security review found (issue 14), each tried again: every one of these got through before."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.controller import Controller
from tui.controller.authority import PinNeeded
from tui.controller.clock import FakeClock
from tui.controller.errors import InvalidValue, NotAllowed
from tui.controller.security import SCRYPT_N, hash_pin

SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide.Position"
FORGED = {"format": "smartcockpit-profile", "version": 1,
          "profile": {"name": "Mallory", "initials": "MA", "colour": "#112233",
                      "permissions": {"home_security": True, "purchases": True}},
          "preferences": []}


def cli(db, *args, input=""):
    return CliRunner().invoke(main, ["--db", str(db), *args], input=input)


def as_guest(c):
    c.profiles.use_guest()
    assert c.authority.actor().role == "guest"


# ------------------------------------------------------------------------------ rights
def test_an_imported_profile_never_brings_rights(controller):
    c = controller
    as_guest(c)
    info = c.profiles.import_data(FORGED)  # the owner has no PIN: a Guest may import...
    assert info.permissions == {"home_security": False, "purchases": False}  # ...but never rights
    c.profiles.switch("Mallory")
    with pytest.raises(NotAllowed, match="Mallory may not unlock"):
        c.home.do("front door", "unlock")
    with pytest.raises(NotAllowed, match="Mallory may not buy"):
        c.services.buy("music", "monthly")
    with pytest.raises(NotAllowed, match="Mallory may not buy"):
        c.services.start_trial("music")
    with pytest.raises(NotAllowed, match="owner"):  # and cannot grant them to itself
        c.profiles.update("Mallory", permissions={"home_security": True})


def test_a_new_profile_has_no_rights_until_the_owner_grants_them(controller):
    c = controller
    c.security.set_pin("2468")
    with pytest.raises(PinNeeded, match="owner"):  # creating needs the owner's authority now
        c.profiles.create("Ana")
    with pytest.raises(NotAllowed, match="Wrong PIN"):
        c.profiles.create("Ana", owner_pin="0000")
    ana = c.profiles.create("Ana", owner_pin="2468")
    assert ana.permissions == {"home_security": False, "purchases": False}
    with pytest.raises(PinNeeded):
        c.profiles.import_data(FORGED)
    c.profiles.update("Ana", pin="2468", permissions={"purchases": True})
    assert c.profiles.get("Ana").permissions["purchases"] is True


def test_a_guest_cannot_move_home_to_open_the_garage_from_nearby(tmp_path):
    db = tmp_path / "c.db"
    c = Controller.open(db)
    home = c.home.place()
    c.set_many({"Vehicle.CurrentLocation.Latitude": home.latitude + 4350 / 111_195.0}, source="simulator")
    as_guest(c)
    c.close()
    result = cli(db, "home", "place", "--here")
    assert result.exit_code == 1 and "Only the car's owner" in result.output
    c = Controller.open(db)
    now = c.home.place()
    assert (now.latitude, now.longitude) == (home.latitude, home.longitude) and not c.home.near()
    with pytest.raises(NotAllowed):
        c.home.do("garage door", "open")
    c.close()


def test_the_homes_place_is_the_owners_parked_and_never_in_valet(controller):
    c = controller
    c.security.set_pin("2468")
    with pytest.raises(PinNeeded):
        c.home.set_here()
    c.home.set_here(pin="2468")
    c.set_many({"Vehicle.Speed": 30.0}, source="simulator")
    with pytest.raises(NotAllowed, match="parked"):
        c.home.set_here(pin="2468")
    c.set_many({"Vehicle.Speed": 0.0}, source="simulator")
    c.profiles.valet_on("9999")
    with pytest.raises(NotAllowed, match="valet"):
        c.home.set_here(pin="2468")


# ------------------------------------------------------------------------------ PIN tries
def test_twelve_wrong_pins_at_once_all_count(tmp_path):
    db = tmp_path / "c.db"
    c = Controller.open(db)
    c.security.set_pin("2468")
    owner = c.active_profile_id()
    c.close()
    outcomes = []

    def try_wrong():
        other = Controller.open(db)
        try:
            other.security.verify("0000")
        except NotAllowed as exc:
            outcomes.append(str(exc))
        finally:
            other.close()

    threads = [threading.Thread(target=try_wrong) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(outcomes) == 12
    c = Controller.open(db)
    guard = c.store.pins.get(f"profile:{owner}")
    # five counted wrong tries lock it; the other seven either counted towards the next lockout or
    # were refused because of it: none was lost
    assert guard.lockouts >= 1 and guard.locked_until is not None
    assert sum("locked for" in o for o in outcomes) >= 1
    with pytest.raises(NotAllowed, match="Too many wrong PINs"):
        c.security.verify("2468")  # even the right PIN waits
    c.close()


def test_lockouts_escalate_and_survive_a_restart(tmp_path, clock):
    db = tmp_path / "c.db"
    c = Controller.open(db, clock=clock)
    c.security.set_pin("2468")
    for expected in ("1 min", "5 min", "30 min"):
        for _ in range(5):
            with pytest.raises(NotAllowed) as caught:
                c.security.verify("1111")
        assert expected in str(caught.value) or expected.replace("1 min", "60 s") in str(caught.value)
        c.close()
        c = Controller.open(db, clock=clock)  # a restart does not lift it
        with pytest.raises(NotAllowed, match="Too many wrong PINs"):
            c.security.verify("2468")
        clock.advance({"1 min": 61, "5 min": 301, "30 min": 1801}[expected])
    c.security.verify("2468")  # right at last: the count starts again
    assert c.store.pins.get(f"profile:{c.active_profile_id()}").lockouts == 0
    c.close()


def test_a_missing_pin_is_a_question_not_a_try(tmp_path):
    db = tmp_path / "c.db"
    c = Controller.open(db)
    c.ledger.set_operator_pin("4321")
    c.close()
    for _ in range(6):
        result = cli(db, "ledger")  # no --pin, nothing on standard input
        assert result.exit_code == 1 and "operator PIN" in result.output
    c = Controller.open(db)
    assert c.store.pins.get("operator").failed == 0
    c.ledger.verify_operator("4321")
    c.close()


def test_the_operator_pin_is_set_by_the_owner_and_nobody_gets_in_before(tmp_path):
    db = tmp_path / "c.db"
    c = Controller.open(db)
    c.security.set_pin("2468")
    with pytest.raises(NotAllowed, match="No operator PIN"):
        c.ledger.open_for_operator("0000")  # until one is set, no PIN at all opens it
    c.close()
    assert cli(db, "ledger", "--pin", "0000").exit_code == 1
    refused = cli(db, "ledger", "set-pin", "--new", "1111")  # whoever first asks does not set it
    assert refused.exit_code == 1 and "owner" in refused.output
    assert cli(db, "ledger", "set-pin", "--new", "1111", input="2468\n").exit_code == 0  # the owner's PIN on stdin
    assert cli(db, "ledger", "--pin", "1111").exit_code == 0


@pytest.mark.full_pin_cost
def test_pins_are_4_to_6_digits_hashed_at_the_raised_cost(controller):
    c = controller
    c.security.set_pin("135790")
    digest, salt = c.store.profiles.pin_hash(c.active_profile_id())
    assert salt.startswith(f"n={SCRYPT_N}$") and SCRYPT_N >= 2**15
    c.security.verify("135790")
    for bad in ("123", "1234567", "12a4", ""):
        with pytest.raises(InvalidValue):
            c.security.set_pin(bad, current_pin="135790")


@pytest.mark.full_pin_cost
def test_a_hash_from_an_earlier_release_still_opens_and_is_made_again(controller):
    c = controller
    legacy_digest, legacy_salt = hash_pin("2468", n=2**14)
    salt_hex = legacy_salt.partition("$")[2]  # earlier releases stored the bare salt
    with c.store.write():
        c.store.profiles.set_pin(c.active_profile_id(), legacy_digest, salt_hex)
    c.security.verify("2468")
    assert c.store.profiles.pin_hash(c.active_profile_id())[1].startswith(f"n={SCRYPT_N}$")
    c.security.verify("2468")


# ------------------------------------------------------------------------------ valet
def test_an_old_backup_is_no_way_out_of_valet_mode(tmp_path):
    db = tmp_path / "c.db"
    assert cli(db, "db", "backup").exit_code == 0
    c = Controller.open(db)
    c.profiles.valet_on("9999")
    c.close()
    result = cli(db, "db", "restore", "--yes")
    assert result.exit_code == 1 and "valet" in result.output
    for args in (["home", "place", "--here"], ["services", "receipts"], ["routine", "list"], ["routine", "log"],
                 ["ledger"], ["ledger", "set-pin", "--new", "1111"], ["home", "log"]):
        refused = cli(db, *args)
        assert refused.exit_code == 1 and "valet" in refused.output.lower(), (args, refused.output)
    c = Controller.open(db)
    assert c.profiles.valet_active()
    c.close()


def test_restore_needs_the_owner(tmp_path):
    db = tmp_path / "c.db"
    c = Controller.open(db)
    c.security.set_pin("2468")
    c.close()
    assert cli(db, "db", "backup").exit_code == 0
    refused = cli(db, "db", "restore", "--yes")
    assert refused.exit_code == 1 and "owner" in refused.output
    assert cli(db, "db", "restore", "--yes", input="2468\n").exit_code == 0


# ------------------------------------------------------------------------------ names and files
@pytest.mark.parametrize("name", ["../../../../tmp/pwned", "a/b", "back\\slash", "..", "."])
def test_names_that_are_paths_are_refused(controller, name):
    with pytest.raises(InvalidValue):
        controller.profiles.create(name)
    with pytest.raises(InvalidValue):
        controller.profiles.rename("Driver", name)


@pytest.mark.parametrize("hostile", ["../../../../etc/passwd", "/etc/passwd", "~/.bashrc", "a/../../b.json", "..",
                                     "sub/dir.json", "..\\..\\x.json"])
def test_a_hostile_export_name_lands_in_the_chosen_folder_or_is_refused(controller, tmp_path, hostile):
    folder = tmp_path / "exports" / "deep" / "er"
    folder.mkdir(parents=True)
    before = {p for p in tmp_path.rglob("*")}
    try:
        written = controller.profiles.export("Driver", hostile, folder=folder)
    except (InvalidValue, NotAllowed):
        written = None
    after = {p for p in tmp_path.rglob("*")} - before
    if written is not None:
        assert written.resolve().parent == folder.resolve() and after == {written}
    else:
        assert after == set()


def test_export_never_replaces_a_file_unasked(controller, tmp_path):
    target = tmp_path / "mine.json"
    target.write_text("precious")
    with pytest.raises(NotAllowed, match="already exists"):
        controller.profiles.export("Driver", target)
    assert target.read_text() == "precious"
    result = cli(controller.store.path, "profile", "export", "Driver", "-o", str(target))
    assert result.exit_code == 1 and "--force" in result.output and target.read_text() == "precious"
    assert cli(controller.store.path, "profile", "export", "Driver", "-o", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text())["format"] == "smartcockpit-profile"


# ------------------------------------------------------------------------------ moving
def start_simulating(db: Path, output=subprocess.DEVNULL) -> subprocess.Popen:
    """`smartcockpit simulate` at 60x in a process of its own, on db."""
    Controller.open(db).close()
    env = {**os.environ, "SMARTCOCKPIT_DB": str(db)}
    return subprocess.Popen([sys.executable, "-m", "tui", "simulate", "--speedup", "60", "--quiet"], env=env,
                            stdout=output, stderr=output, text=True)


def until_moving(db: Path, seconds: float = 30) -> bool:
    """Wait (bounded) until another process drives the car."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.3)
        c = Controller.open(db)
        try:
            if c.restrictions().moving:
                return True
        finally:
            c.close()
    return False


def test_a_speed_nobody_refreshes_expires_and_the_car_is_parked(controller, clock):
    c = controller
    c.set_many({"Vehicle.Speed": 50.0}, source="simulator")
    assert c.restrictions().moving and c.motion() == (True, True)
    clock.advance(3)
    assert c.restrictions().moving
    clock.advance(3)
    assert not c.restrictions().moving and c.motion() == (False, False)  # stale: parked
    c.tick()
    assert c.get("Vehicle.Speed") == 0 and c.motion() == (False, True)
    assert c.store.audit.page(limit=1)[0].source == "system"


def test_a_killed_simulator_does_not_leave_the_car_moving(tmp_path):
    db = tmp_path / "c.db"
    proc = start_simulating(db)
    try:
        assert until_moving(db), "the simulator drove the car"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(20)
    later = Controller.open(db, clock=FakeClock(datetime.now(UTC) + timedelta(seconds=10)))
    try:
        assert not later.restrictions().moving  # nothing drives it any more: parked
        assert later.get("Vehicle.Speed") == 0
        later.profiles.create("Parked at last")  # parked-only actions work again
    finally:
        later.close()


def test_while_moving_no_entry_point_moves_the_seat_or_buys(tmp_path):
    db = tmp_path / "c.db"
    c = Controller.open(db)
    before = c.get(SEAT)
    c.set_many({"Vehicle.Speed": 30.0}, source="simulator")
    with c.store.write():  # a live reading for the length of the test, whatever clock reads it
        c.store.settings.set("motion.live_until", (datetime.now(UTC) + timedelta(hours=1)).timestamp())
    reply = c.assistant.ask("move my seat forward")
    assert reply.refused and "parked" in reply.text
    with pytest.raises(NotAllowed, match="parked"):
        c.set(SEAT, (before or 0) + 50, source="ui")
    c.close()
    result = cli(db, "state", "set", SEAT, str((before or 0) + 50))
    assert result.exit_code == 1 and "parked" in result.output
    bought = cli(db, "services", "buy", "music", "monthly", "--yes")
    assert bought.exit_code == 1 and "parked" in bought.output
    said = cli(db, "say", "subscribe to music streaming", "--yes")
    assert "parked" in said.output
    c = Controller.open(db)
    assert c.get(SEAT) == before and not c.services.active()
    c.close()


# ------------------------------------------------------------------------------ the assistant
def test_the_assistant_asks_before_a_switch_moves_the_seat(controller):
    c = controller
    c.profiles.create("Ana", copy_current=False)
    spec = c.spec(SEAT)
    c.set(SEAT, spec.max)
    c.profiles.switch("Ana")
    c.set(SEAT, spec.min)  # Ana's seat is forward, Driver's far back
    reply = c.assistant.ask("switch to Driver")
    assert reply.needs == "confirm" and "moves the driver seat" in reply.text
    assert c.active_profile_name() == "Ana" and c.get(SEAT) == spec.min
    assert c.assistant.answer(confirm=True).acted and c.active_profile_name() == "Driver"


def test_a_pin_asked_in_one_conversation_is_not_answered_by_another(tmp_path):
    db = tmp_path / "c.db"
    c = Controller.open(db)
    c.profiles.create("Ana", pin="1357", copy_current=False)
    c.close()
    asked = cli(db, "say", "switch to Ana")  # asks for the PIN, nobody answers it here
    assert "PIN" in asked.output
    later = cli(db, "say", "1357")  # a separate command, maybe another person
    c = Controller.open(db)
    assert c.active_profile_name() == "Driver", later.output
    c.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_simulator_stopped_by_a_signal_parks_the_car(tmp_path, sig):
    db = tmp_path / "c.db"
    proc = start_simulating(db, output=subprocess.PIPE)
    try:
        assert until_moving(db)
    finally:
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
    assert "Traceback" not in err and "parked" in out.lower()
    c = Controller.open(db)  # right away, not after the reading expires
    assert c.get("Vehicle.Speed") == 0 and not c.restrictions().moving
    c.close()


def test_a_paused_drive_keeps_the_car_where_it_is(controller, clock):
    c = controller
    sim = c.simulator
    sim.start()
    for _ in range(40):
        clock.advance(0.5)
        c.tick()
    assert c.restrictions().moving
    sim.pause()
    for _ in range(20):  # ten seconds paused: still the simulator's car, still "moving"
        clock.advance(0.5)
        c.tick()
    assert c.restrictions().moving and c.get("Vehicle.Speed") > 0
