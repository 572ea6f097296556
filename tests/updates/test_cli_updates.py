"""`smartcockpit update ...`: keys, check, install with progress, history, refusals in one sentence."""

from __future__ import annotations

import json
import stat

from click.testing import CliRunner

from tui.cli import main
from tui.controller import Controller
from tui.controller.updates import repository


def run(db, *args, input=None):
    result = CliRunner().invoke(main, ["--db", str(db), *args], input=input)
    assert "Traceback" not in result.output
    return result


def publish(db, component="head-unit", version="5.3.0", notes="Faster maps"):
    c = Controller.open(db)
    try:
        folder = c.updates.repository()
        repository.publish_release(folder, component, version, b"image " * 20000, [c.updates.hardware()[component]],
                                   notes=notes)
        repository.assign(folder, c.car.vin, component, version)
    finally:
        c.close()


def test_keys_check_install_history(tmp_path):
    db = tmp_path / "cockpit.db"
    made = run(db, "update", "keys", "init", "--json")
    assert made.exit_code == 0, made.output
    folder = json.loads(made.output)["folder"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in (tmp_path / "updates" / "repository" / "keys").glob("*"))
    assert folder == str(tmp_path / "updates" / "repository")
    again = run(db, "update", "keys", "init")
    assert again.exit_code == 1 and "already holds keys" in again.output
    publish(db)
    checked = run(db, "update", "check", "--json")
    assert checked.exit_code == 0, checked.output
    head = json.loads(checked.output)["components"][0]
    assert head["version"] == "5.2.0" and head["update"]["version"] == "5.3.0"
    assert head["update"]["notes"] == "Faster maps"
    text = run(db, "update", "check")
    assert "Head unit" in text.output and "-> 5.3.0 (available): Faster maps" in text.output
    refused = run(db, "update", "install", "head-unit", input="n\n")
    assert refused.exit_code == 1 and "Nothing installed." in refused.output
    installed = run(db, "update", "install", "head-unit", "--yes")
    assert installed.exit_code == 0, installed.output
    assert "Downloading" in installed.output and "Installed 5.3.0 (slot B)." in installed.output
    history = json.loads(run(db, "update", "history", "--json").output)
    assert history["history"][0]["to"] == "5.3.0" and history["history"][0]["outcome"] == "installed"
    assert history["installed"][0]["version"] == "5.3.0" and history["installed"][0]["slot"] == "B"


def test_refusals_are_one_sentence(tmp_path):
    db = tmp_path / "cockpit.db"
    nothing = run(db, "update", "install", "connectivity", "--yes")
    assert nothing.exit_code == 1
    assert nothing.output.strip() == ("smartcockpit: No update is waiting for the connectivity: "
                                      "run `smartcockpit update check` first.")
    unknown = run(db, "update", "history", "radio")
    assert unknown.exit_code == 1 and "There is no component 'radio'" in unknown.output
    no_repo = run(db, "update", "check")
    assert no_repo.exit_code == 1 and "No update repository" in no_repo.output


def test_a_precondition_and_a_rollback_on_the_command_line(tmp_path):
    db = tmp_path / "cockpit.db"
    run(db, "update", "keys", "init")
    publish(db)
    run(db, "update", "check")
    c = Controller.open(db)
    c.set_many({"Vehicle.LowVoltageSystemState": "ON"}, source="simulator")  # the car's own reading
    c.close()
    blocked = run(db, "update", "install", "head-unit", "--yes")
    assert blocked.exit_code == 1
    assert blocked.output.strip() == "smartcockpit: Not now: Switch the ignition off (it is ON)."
    c = Controller.open(db)
    c.set_many({"Vehicle.LowVoltageSystemState": "OFF"}, source="simulator")
    c.close()
    assert run(db, "update", "fail-next", "boot").exit_code == 0
    rolled = run(db, "update", "install", "head-unit", "--yes")
    assert rolled.exit_code == 1
    assert "5.3.0 did not start; rolled back to 5.2.0 (slot A)." in rolled.output
    history = json.loads(run(db, "update", "history", "head-unit", "--json").output)["history"]
    assert [h["outcome"] for h in history] == ["rolled_back", "factory"]
    again = run(db, "update", "check")  # offered again: the driver may retry
    assert "-> 5.3.0 (available)" in again.output
    assert run(db, "update", "install", "head-unit", "--yes").exit_code == 0
