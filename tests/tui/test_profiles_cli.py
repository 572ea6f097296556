"""`smartcockpit profile list|switch|export|import|history`, with --json where they print data."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.controller import Controller


@pytest.fixture
def cli(tmp_path):
    db = tmp_path / "cli.db"
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, ["--db", str(db), "profile", *args], input=input, catch_exceptions=False)

    run.db = db
    return run


def test_list_json_marks_the_active_profile(cli):
    result = cli("list", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(p["name"], p["active"], p["guest"]) for p in data] == [("Driver", True, False), ("Guest", False, True)]
    assert "* Driver" in cli("list").output


def test_switch_prints_the_report_and_needs_the_pin(cli):
    c = Controller.open(cli.db)
    c.car_for_model("ram-1500-2025")
    c.profiles.create("Ada", pin="2468")
    c.close()
    result = cli("switch", "Ada")
    assert result.exit_code == 1 and "PIN" in result.output
    result = cli("switch", "Ada", "--pin", "1111")
    assert result.exit_code == 1 and "Wrong PIN" in result.output
    result = cli("switch", "Ada", "--pin", "2468", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["profile"] == "Ada" and set(report["counts"]) >= {"applied", "adapted", "missing"}
    assert cli("switch", "Nobody").exit_code == 1


def test_export_import_round_trip_and_a_bad_file(cli, tmp_path):
    out = tmp_path / "driver.json"
    result = cli("export", "Driver", "-o", str(out))
    assert result.exit_code == 0 and out.exists()
    result = cli("import", str(out))
    assert result.exit_code == 1 and "already a profile called Driver" in result.output
    result = cli("import", str(out), "--name", "Twin", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["name"] == "Twin"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "smartcockpit-profile", "version": 1}')
    result = cli("import", str(bad), "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["imported"] is False
    assert [p["name"] for p in json.loads(cli("list", "--json").output)] == ["Driver", "Twin", "Guest"]


def test_history_json(cli):
    c = Controller.open(cli.db)
    c.set("Vehicle.Cabin.Infotainment.Media.Volume", 42, source="cli")
    c.close()
    data = json.loads(cli("history", "Driver", "--json").output)
    assert data["entries"][0]["new"].startswith("42") and data["entries"][0]["source"] == "cli"
