"""One rule for unlocking the car (issue 17), asked by every entry point: the authority's
body.unlock (tui/controller/authority.py). Parked only; in valet mode only with the valet PIN (the
owner's); otherwise the PIN of the profile at the wheel, or a yes when it has none; a routine can
give neither, so it never unlocks; the smart home sees the car's locks but cannot work them.

The table: entry point (the Vehicle screen's Central locking row, `smartcockpit body unlock`,
`state set`, the assistant, a routine's car action) x actor (the owner with a PIN, Ana with a PIN,
Bo without one, the Guest, a valet driver) x state (parked, moving). Each try runs on its own copy
of one prepared database, without a PIN or a yes, and must do what the authority answers."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.controller import Controller
from tui.controller.authority import ConfirmNeeded, PinNeeded
from tui.controller.clock import FakeClock
from tui.controller.errors import CockpitError

LOCK = "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked"
ACTORS = ("owner", "ana", "bo", "guest", "valet")
STATES = ("parked", "moving")
ENTRIES = ("screen", "cli", "state-set", "assistant", "routine")


def prepare(folder: Path, actor: str, state: str) -> Path:
    """The owner (PIN 2468), Ana (PIN 1357), Bo (no PIN) and the Guest; `actor` at the wheel (a
    valet: valet mode on with the valet PIN 9999); the car parked or moving, and locked."""
    db = folder / f"prepared-{actor}-{state}.db"
    now = datetime.now(UTC)
    c = Controller.open(db, clock=FakeClock(now))
    try:
        c.security.set_pin("2468")
        c.profiles.create("Ana", pin="1357", copy_current=False, owner_pin="2468")
        c.profiles.create("Bo", copy_current=False, owner_pin="2468")
        c.body.set_locked(True)
        if actor == "ana":
            c.profiles.switch("Ana", pin="1357", keep_changes=True)
        elif actor == "bo":
            c.profiles.switch("Bo", keep_changes=True)
        elif actor == "guest":
            c.profiles.use_guest()
        elif actor == "valet":
            c.profiles.valet_on("9999")
        if state == "moving":  # a live reading for the whole test
            c.set_many({"Vehicle.Speed": 50.0}, source="simulator")
            with c.store.write():
                c.store.settings.set("motion.live_until", (now + timedelta(hours=1)).timestamp())
        assert c.body.all_locked()
    finally:
        c.close()
    return db


def copy_of(prepared: Path, folder: Path, name: str) -> Path:
    target = folder / f"{name}.db"
    src, dst = sqlite3.connect(prepared), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def open_(db: Path) -> Controller:
    return Controller.open(db, clock=FakeClock(datetime.now(UTC)))


def kind(decision) -> str:
    """allow -> done; a yes -> confirm; a PIN -> pin; else refuse."""
    if decision.refused:
        return "refuse"
    if decision.pin:
        return "pin"
    return "confirm" if decision.confirm else "done"


# --------------------------------------------------------------------------- the entry points
def by_screen(db: Path) -> tuple[str, str]:
    """What the Locks screen's Central locking row does on Left (the screen then asks what the
    error carries: tests/controller/test_body_authority.py drives it by keys)."""
    c = open_(db)
    try:
        c.body.change("lockall", -1, source="ui")
        return "done", ""
    except ConfirmNeeded as exc:
        return "confirm", str(exc)
    except PinNeeded as exc:
        return "pin", str(exc)
    except CockpitError as exc:
        return "refuse", str(exc)
    finally:
        c.close()


def by_cli(db: Path) -> tuple[str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), "body", "unlock"], input="")  # no yes, no PIN
    assert "Traceback" not in result.output
    out = result.output.strip()
    if result.exit_code == 0:
        return "done", out
    if "Unlock the car? [y/N]" in out:  # the question, then no answer (Aborted)
        return "confirm", out
    if "Type it at the prompt" in out:
        return "pin", out
    return "refuse", out.removeprefix("smartcockpit: ")


def by_state_set(db: Path) -> tuple[str, str]:
    """A raw write (`state set`) cannot ask: it is done when the authority allows outright, else
    refused with the authority's own sentence (and where to do it when it asks)."""
    result = CliRunner().invoke(main, ["--db", str(db), "state", "set", LOCK, "false"])
    assert "Traceback" not in result.output
    out = result.output.strip().removeprefix("smartcockpit: ")
    if result.exit_code == 0:
        return "done", out
    return ("asks-elsewhere" if "smartcockpit body unlock" in out else "refuse"), out


def by_assistant(db: Path) -> tuple[str, str]:
    c = open_(db)
    try:
        reply = c.assistant.ask("unlock the car")
        if reply.needs in ("confirm", "pin"):
            return reply.needs, reply.text
        if reply.refused:
            return "refuse", reply.text
        assert reply.acted, reply
        return "done", reply.text
    finally:
        c.close()


def by_routine(db: Path) -> tuple[str, str]:
    """A routine's car action ({"type": "car", "path": ..., "value": false}) and the body's own
    call for a routine: the same answer."""
    c = open_(db)
    try:
        answers = []
        for call in (lambda: c.set(LOCK, False, source="routine"),
                     lambda: c.body.set_locked(False, source="routine")):
            try:
                call()
                answers.append(("done", ""))
            except CockpitError as exc:
                answers.append(("refuse", str(exc)))
        assert answers[0][0] == answers[1][0], answers
        return answers[1]
    finally:
        c.close()


ENTRY = {"screen": by_screen, "cli": by_cli, "state-set": by_state_set, "assistant": by_assistant,
         "routine": by_routine}
CHANNEL = {"screen": "ui", "cli": "cli", "state-set": "cli", "assistant": "assistant", "routine": "routine"}

# the rule itself, written out: what the authority answers on the screen and on a routine
RULE = {
    ("owner", "parked"): "pin", ("ana", "parked"): "pin", ("bo", "parked"): "confirm",
    ("guest", "parked"): "confirm", ("valet", "parked"): "pin",
    **{(actor, "moving"): "refuse" for actor in ACTORS},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("actor", ACTORS)
def test_every_entry_point_unlocks_by_the_one_rule(tmp_path, actor, state):
    prepared = prepare(tmp_path, actor, state)
    judge = open_(copy_of(prepared, tmp_path, "judge"))
    try:
        wants = {entry: judge.authority.decide("body.unlock", source=CHANNEL[entry]) for entry in ENTRIES}
        assert kind(wants["screen"]) == RULE[actor, state]
        if actor == "valet" and state == "parked":
            assert wants["screen"].pin == "valet"  # the owner's valet PIN, not the valet driver's say
        if actor in ("owner", "ana") and state == "parked":
            assert wants["screen"].pin.startswith("profile:")
    finally:
        judge.close()
    problems = []
    for entry in ENTRIES:
        want = wants[entry]
        got, text = ENTRY[entry](copy_of(prepared, tmp_path, entry))
        expected = kind(want)
        if entry == "state-set" and want.asks:
            expected = "asks-elsewhere"
        if got != expected:
            problems.append(f"{entry}: did {got!r} ({text}), the authority says {expected!r} ({want.reason})")
        elif want.refused and want.reason[:30] not in text:
            problems.append(f"{entry}: refused with {text!r}, not the authority's {want.reason!r}")
    assert problems == [], "\n".join(problems)
    # a routine never unlocks: the rule asks or refuses everywhere
    assert kind(wants["routine"]) == "refuse"


def test_unlocking_is_done_with_what_the_rule_asks(tmp_path):
    """The PIN and the yes that the rule asks carry it out, from each entry point."""
    owner = prepare(tmp_path, "owner", "parked")
    cli = CliRunner().invoke(main, ["--db", str(copy_of(owner, tmp_path, "cli")), "body", "unlock", "--pin", "2468"])
    assert cli.exit_code == 0 and cli.output.strip() == "Car unlocked."
    wrong = CliRunner().invoke(main, ["--db", str(copy_of(owner, tmp_path, "wrong")), "body", "unlock",
                                      "--pin", "0000"])
    assert wrong.exit_code == 1 and "Wrong PIN" in wrong.output
    c = open_(copy_of(owner, tmp_path, "assistant"))
    try:
        assert c.assistant.ask("unlock the doors").needs == "pin"
        assert c.assistant.answer(pin="2468").text == "Car unlocked."
        assert not c.body.all_locked()
    finally:
        c.close()
    bo = prepare(tmp_path, "bo", "parked")
    yes = CliRunner().invoke(main, ["--db", str(copy_of(bo, tmp_path, "bo-cli")), "body", "unlock"], input="y\n")
    assert yes.exit_code == 0 and "Car unlocked." in yes.output
    valet = prepare(tmp_path, "valet", "parked")
    c = open_(copy_of(valet, tmp_path, "valet"))
    try:
        with pytest.raises(CockpitError, match="Wrong"):
            c.body.set_locked(False, pin="1234", confirmed=True)  # not the valet PIN
        assert c.body.set_locked(False, pin="9999") == "Car unlocked."  # the owner's valet PIN
        assert c.profiles.valet_active()  # and valet mode stays on
    finally:
        c.close()


def test_the_smart_home_sees_the_locks_but_cannot_work_them(controller):
    """The car's device on the home's broker (home/car_device.py): its locks are a binary sensor;
    no component has a command topic, so nothing from the home can unlock the car or open a trunk."""
    from tui.controller.home.car_device import CarDevice

    class Link:
        will = birth = None

        def publish(self, *a, **k):
            pass

    class Bridge:
        link = Link()
        own_configs: set = set()
        on_connected: list = []
        tickers: list = []

        def watch(self, *a):
            pass

    config = CarDevice(controller, Bridge()).config()
    assert config["cmps"]["locked"]["p"] == "binary_sensor"
    assert not [k for k, v in config["cmps"].items() if any("command" in key for key in v)]
    assert {v["p"] for v in config["cmps"].values()} <= {"sensor", "binary_sensor", "device_tracker",
                                                          "device_automation"}


def test_the_cars_own_readings_are_not_requests(controller):
    """The simulator (a key fob, the door handle) reports what the car did: a reading, never asked."""
    controller.set(LOCK, False, source="simulator")
    assert controller.get(LOCK) is False
