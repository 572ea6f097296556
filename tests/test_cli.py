"""The command line: state get/set, vehicle list/add/use, db check, --version, --db/--vehicle and
SMARTCOCKPIT_DB; errors as one line on stderr, exit code 1, never a traceback. (Hostile input and
damaged files are in tests/faults.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from store.migrations import known_names
from tui import __version__
from tui.cli import main
from tui.controller import DEMO_MODEL, Controller

VOLUME = "Vehicle.Cabin.Infotainment.Media.Volume"
RECIRC = "Vehicle.Cabin.HVAC.IsRecirculationActive"
SCRIPT = Path(sys.executable).with_name("smartcockpit")


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.delenv("SMARTCOCKPIT_DB", raising=False)
    db = tmp_path / "cockpit.db"
    runner = CliRunner()

    def run(*args, db_path=db):
        pre = ["--db", str(db_path)] if db_path else []
        return runner.invoke(main, [*pre, *args], catch_exceptions=False)

    run.db = db
    return run


def refused(result, *words):
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("smartcockpit: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"smartcockpit, version {__version__}"


def test_state_get_json_and_text(cli):
    result = cli("state", "get", VOLUME, RECIRC, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {VOLUME: 30, RECIRC: False}
    text = cli("state", "get", VOLUME)
    assert text.stdout == f"{VOLUME}\t30 %\n"
    everything = json.loads(cli("state", "get", "--json").stdout)
    c = Controller.open(cli.db)
    try:
        assert sorted(everything) == c.signal_paths()
    finally:
        c.close()


def test_state_set_json_validates_and_audits(cli):
    result = cli("state", "set", VOLUME, "44", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"path": VOLUME, "value": 44, "changed": True, "old": 30}
    again = cli("state", "set", VOLUME, "44", "--json")
    assert json.loads(again.stdout)["changed"] is False
    assert cli("state", "set", RECIRC, "on").stdout == "Recirculation: On\n"
    c = Controller.open(cli.db)
    try:
        assert c.get(VOLUME) == 44 and c.get(RECIRC) is True
        assert [(e.path, e.source) for e in c.store.audit.page()] == [(RECIRC, "cli"), (VOLUME, "cli")]
    finally:
        c.close()


@pytest.mark.parametrize("args, words", [
    (("state", "set", VOLUME, "101"), ("out of range",)),
    (("state", "set", VOLUME, "loud"), ("takes a number",)),
    (("state", "set", RECIRC, "maybe"), ("on or off",)),
    (("state", "set", "Vehicle.Speed", "80"), ("reading from the car",)),
    (("state", "set", "Vehicle.VehicleIdentification.Model", "Other"), ("fixed by the car",)),
    (("state", "set", "Vehicle.Nope", "1"), ("no setting called",)),
    (("state", "get", "Vehicle.Nope"), ("no setting called",)),
    (("vehicle", "use", "ZZZ00000000000000"), ("No car with VIN",)),
    (("vehicle", "add", "no-such-model"), ("no model",)),
])
def test_refusals_go_to_stderr_with_exit_1_and_change_nothing(cli, args, words):
    cli("db", "check")
    before = json.loads(cli("state", "get", "--json").stdout)
    refused(cli(*args), *words)
    assert json.loads(cli("state", "get", "--json").stdout) == before
    assert len(json.loads(cli("vehicle", "list", "--json").stdout)) == 1


def test_vehicle_list_add_use(cli):
    cars = json.loads(cli("vehicle", "list", "--json").stdout)
    assert len(cars) == 1 and cars[0]["model_id"] == DEMO_MODEL and cars[0]["active"] is True
    demo = cars[0]["vin"]
    added = cli("vehicle", "add", "peugeot-e-208-2024", "--name", "Town car")
    assert added.exit_code == 0 and "Peugeot e-208" in added.stdout
    cars = json.loads(cli("vehicle", "list", "--json").stdout)
    assert [c["active"] for c in cars] == [False, True]
    assert cars[1]["nickname"] == "Town car" and cars[1]["vin"].startswith("VF3")
    # units follow the car: the Peugeot is European
    assert json.loads(cli("state", "get", "Vehicle.Cabin.Infotainment.HMI.DistanceUnit", "--json").stdout) == {
        "Vehicle.Cabin.Infotainment.HMI.DistanceUnit": "KILOMETERS"}
    text = cli("vehicle", "list").stdout.splitlines()
    assert text[1].startswith("* ") and "Town car" in text[1] and text[0].startswith("  ")
    used = cli("vehicle", "use", demo.lower())
    assert used.exit_code == 0 and demo in used.stdout
    as_json = json.loads(cli("vehicle", "use", demo, "--json").stdout)
    assert as_json == {**cars[0], "active": True}
    added = json.loads(cli("vehicle", "add", "ram-1500-2025", "--json").stdout)
    assert added["model_id"] == "ram-1500-2025" and added["active"] is True and added["brand"] == "Ram"
    cli("vehicle", "use", demo)
    assert json.loads(cli("vehicle", "list", "--json").stdout)[0]["active"] is True
    # --vehicle picks a car for one command
    other = cars[1]["vin"]
    result = cli("--vehicle", other, "state", "get", "Vehicle.VehicleIdentification.Brand", "--json")
    assert json.loads(result.stdout) == {"Vehicle.VehicleIdentification.Brand": "Peugeot"}


def test_vehicle_catalog(cli):
    models = json.loads(cli("vehicle", "list", "--catalog", "--json").stdout)
    assert len(models) >= 40
    assert len({m["brand"] for m in models}) == 14
    assert {"BEV", "PHEV", "HYBRID", "COMBUSTION"} == {m["powertrain"] for m in models}
    assert {"STLA Small", "STLA Medium", "STLA Large", "STLA Frame", "Smart Car"} <= {m["platform"] for m in models}


def test_db_check(cli):
    result = cli("db", "check", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == {"database": str(cli.db), "schema_version": len(known_names()), "ok": True, "problems": []}
    text = cli("db", "check").stdout
    assert f"Schema version: {len(known_names())}" in text and "Integrity: ok" in text


def test_database_location_env_and_option(tmp_path, monkeypatch):
    runner = CliRunner()
    env_db = tmp_path / "from-env" / "cockpit.db"
    opt_db = tmp_path / "from-option.db"
    monkeypatch.setenv("SMARTCOCKPIT_DB", str(env_db))
    assert json.loads(runner.invoke(main, ["db", "check", "--json"]).stdout)["database"] == str(env_db)
    assert json.loads(runner.invoke(main, ["--db", str(opt_db), "db", "check", "--json"]).stdout)["database"] == str(opt_db)
    monkeypatch.delenv("SMARTCOCKPIT_DB")
    from tui.cli import default_db_path

    assert default_db_path().name == "cockpit.db" and "smartcockpit" in str(default_db_path().parent)


def test_folder_as_database_is_refused(cli, tmp_path):
    refused(cli("db", "check", db_path=tmp_path), "is a folder")


def test_the_installed_console_script(tmp_path):
    """The real entry point in a fresh process: data on stdout, refusals on stderr, exit codes."""
    if not SCRIPT.exists():
        pytest.fail(f"the console script is not installed beside {sys.executable}")
    db = str(tmp_path / "cockpit.db")
    ok = subprocess.run([str(SCRIPT), "--db", db, "state", "set", VOLUME, "12", "--json"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and json.loads(ok.stdout)["value"] == 12 and ok.stderr == ""
    # a negative value follows "--" (otherwise it reads as an option)
    bad = subprocess.run([str(SCRIPT), "--db", db, "state", "set", "--", VOLUME, "-5"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr == "smartcockpit: Volume must be between 0 % and 100 %; -5 % is out of range.\n"


def test_negative_values_are_values_not_options(cli):
    """`state set PATH -20` sets a negative value without needing `--`; options still work after it,
    an out-of-range negative is refused with the range, and an unknown option is still refused."""
    tilt = "Vehicle.Body.Mirrors.DriverSide.Tilt"
    result = cli("state", "set", tilt, "-20", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["value"] == -20
    refused(cli("state", "set", VOLUME, "-5"), "out of range")
    refused(cli("media", "volume", "-3"), "out of range")
    refused(cli("state", "set", VOLUME, "--loud"), "takes a number")
    assert json.loads(cli("state", "get", tilt, VOLUME, "--json").stdout) == {tilt: -20, VOLUME: 30}


def test_domain_commands_load_on_first_use_and_help_lists_them_all(cli):
    """The full-screen app starts without the domains' command modules; --help and every command
    still find them, and the name map matches what each module defines."""
    from tui import cli as cli_module

    probe = subprocess.run(
        [sys.executable, "-c", "import sys, tui.cli; print(sorted(m for m in sys.modules if m.startswith('tui.cli_')))"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    assert probe.stdout.strip() == "[]"
    for name, module_name in cli_module.DOMAIN_COMMANDS.items():
        module = __import__(module_name, fromlist=["COMMANDS"])
        assert name in {c.name for c in module.COMMANDS}, name
    defined = {c.name for m in set(cli_module.DOMAIN_COMMANDS.values())
               for c in __import__(m, fromlist=["COMMANDS"]).COMMANDS}
    assert defined == set(cli_module.DOMAIN_COMMANDS)
    listed = cli("--help").stdout
    for name in [*cli_module.DOMAIN_COMMANDS, "state", "vehicle", "db"]:
        assert f"\n  {name} " in listed, name
    assert cli("profile", "list").exit_code == 0
    assert cli("routine", "list", "--json").exit_code == 0
