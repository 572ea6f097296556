"""Hostile input at the command line and the controller: clear refusals, nothing stored that
should not be, never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.controller import CockpitError, Controller

HOSTILE = [
    "",
    " ",
    "x" * 1_000_000,
    "\x00\x01\x1b[31mred\x07",
    "line\nbreak",
    "\u202eevil\u202c",  # right-to-left override
    "🚗🔥" * 10,
    "e\u0301\u0301\u0301",  # combining marks
    "'; DROP TABLE vehicle_state; --",
    "\" OR 1=1 --",
    "../../../../etc/passwd",
    "/dev/null",
    "C:\\Windows\\System32",
    "NaN",
    "inf",
    "-0",
    "1e309",
    "0x10",
    "１２",  # full-width digits
]

# the only hostile-looking strings that are real numbers (Python reads full-width digits too)
VALID_NUMBERS = {"-0": 0, "１２": 12}
NUMBER_PATH = "Vehicle.Cabin.Infotainment.Media.Volume"
CHOICE_PATH = "Vehicle.Cabin.Infotainment.HMI.DistanceUnit"
BOOL_PATH = "Vehicle.Cabin.HVAC.IsRecirculationActive"
TEXT_PATH = "Vehicle.Cabin.Infotainment.Media.SelectedURI"


@pytest.fixture
def runner(tmp_path):
    db = tmp_path / "hostile.db"
    r = CliRunner()

    def run(*args):
        return r.invoke(main, ["--db", str(db), *args], catch_exceptions=True)

    run("db", "check")
    return run


def audit_count(db_path) -> int:
    c = Controller.open(db_path)
    try:
        return c.store.audit.count()
    finally:
        c.close()


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_controller_refuses_or_stores_exactly(controller, text):
    for path in (NUMBER_PATH, CHOICE_PATH, BOOL_PATH):
        before = controller.get(path)
        try:
            controller.set_text(path, text)
        except CockpitError as exc:
            assert str(exc) and "Traceback" not in str(exc)
            assert controller.get(path) == before
        else:
            # only clean, valid numbers get through, and only into the number signal
            assert path == NUMBER_PATH and controller.get(path) == VALID_NUMBERS[text]
    try:
        controller.set_text(TEXT_PATH, text)
    except CockpitError:
        assert controller.get(TEXT_PATH) == ""
    else:
        stored = controller.get(TEXT_PATH)
        assert len(stored) <= 200 and all(ord(ch) >= 32 for ch in stored)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_cli_arguments(runner, tmp_path, text):
    db = tmp_path / "hostile.db"
    before = audit_count(db)
    for args in (
        ("state", "set", NUMBER_PATH, text),
        ("state", "set", text, "1"),
        ("state", "get", text),
        ("vehicle", "use", text),
        ("vehicle", "add", text),
    ):
        result = runner(*args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output
        # "-0" and "１２" are numbers (a negative value is a value, not an unknown option)
        if not (text in VALID_NUMBERS and args[:2] == ("state", "set") and args[2] == NUMBER_PATH):
            assert result.exit_code != 0, (args, result.output)
    after = audit_count(db)
    assert after == before + (1 if text in VALID_NUMBERS else 0)


def test_sql_looking_text_is_stored_as_text_only(controller):
    evil = "'; DROP TABLE vehicle_state; --"
    controller.set(TEXT_PATH, evil)
    assert controller.get(TEXT_PATH) == evil
    tables = controller.store.db.table_names()
    assert "vehicle_state" in tables and "audit" in tables
    row = controller.store.db.execute(
        "SELECT value FROM vehicle_state WHERE path = ?", [TEXT_PATH]).fetchone()
    assert json.loads(row[0]) == evil


def test_huge_db_path_and_folder_path(tmp_path):
    r = CliRunner()
    for db in (tmp_path, tmp_path / ("x" * 5000), tmp_path / "a\x00b"):
        result = r.invoke(main, ["--db", str(db), "db", "check"])
        assert result.exit_code != 0
        assert isinstance(result.exception, SystemExit)
