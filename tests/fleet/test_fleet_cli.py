"""The operator's command line: generate, releases, rollouts and their actions, --json, the
operator PIN from --pin or stdin, one-sentence refusals that change nothing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tui.cli import main
from tests.fleet.conftest import add_release, small_fleet
from tui.controller import Controller

PIN = "8080"


@pytest.fixture
def cli(db_path):
    c = Controller.open(db_path)
    c.ledger.set_operator_pin(PIN)
    c.close()
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, ["--db", str(db_path), "fleet", *args], input=input)

    return run


def data(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_rollout_from_the_command_line(cli):
    assert data(cli("generate", "3000", "--pin", PIN, "--json"))["cars"] == 3000
    conn = data(cli("release", "add", "connectivity", "2.0.0", "--pin", PIN, "--json"))
    hu = data(cli("release", "add", "head-unit", "6.0.0", "--requires", "connectivity=2.0", "--min", "hu=5.0",
                  "--platform", "STLA Medium", "--platform", "STLA Large", "--notes", "Faster maps",
                  "--pin", PIN, "--json"))
    assert hu["rules"] == {"min_installed": {"head_unit": "5.0"}, "platforms": ["STLA Large", "STLA Medium"],
                           "requires": {"connectivity": "2.0"}}
    listed = data(cli("release", "list", "--json", input=PIN + "\n"))  # the PIN from stdin
    assert [r["id"] for r in listed] == [conn["id"], hu["id"]]
    made = data(cli("rollout", "create", str(hu["id"]), "--groups", "5,100", "--error", "20", "--min-finished", "5",
                    "--pin", PIN, "--json"))
    assert made["status"] == "ready" and [g["name"] for g in made["groups"]] == ["5 %", "100 %"]
    assert made["overall"]["total"] > 0 and made["skipped"]
    rid = str(made["id"])
    assert data(cli("rollout", "start", rid, "--pin", PIN, "--json"))["groups"][0]["status"] == "running"
    out = data(cli("rollout", "simulate", rid, "--reports", "5000", "--rates", "default=0", "--pin", PIN, "--json"))
    assert out["started_groups"] == [2] and out["rollout"]["groups"][0]["finished"] == made["groups"][0]["total"]
    assert data(cli("rollout", "pause", rid, "--pin", PIN, "--json"))["status"] == "paused"
    assert data(cli("rollout", "resume", rid, "--pin", PIN, "--json"))["status"] == "running"
    out = data(cli("rollout", "simulate", rid, "--reports", "5000", "--rates", "default=100%", "--pin", PIN, "--json"))
    assert out["rollout"]["status"] == "paused" and out["paused_at"] == 4  # the 5th finished car: 5 of 5 failed
    status = data(cli("rollout", "status", rid, "--pin", PIN, "--json"))
    assert {"brands", "models", "groups"} <= set(status) and status["brands"]
    retried = cli("rollout", "retry", rid, "--pin", PIN)
    assert retried.exit_code == 0 and retried.output.startswith(f"{status['overall']['errors']:,} cars sent")
    assert data(cli("rollout", "cancel", rid, "--pin", PIN, "--json"))["status"] == "cancelled"
    assert [r["id"] for r in data(cli("rollout", "status", "--json", "--pin", PIN))] == [made["id"]]
    text = cli("rollout", "status", rid, "--pin", PIN)
    assert "Rollout 1 'head unit 6.0.0': cancelled" in text.output and "not planned:" in text.output
    by_brand = cli("rollout", "status", rid, "--by", "brand", "--pin", PIN).output
    assert "Jeep" in by_brand and "all groups" in by_brand and "100 %" not in by_brand


@pytest.mark.parametrize("args, words", [
    (("release", "add", "radio", "1.0"), "is not a component"),
    (("release", "add", "head-unit", "1.x"), "is not a version"),
    (("release", "add", "head-unit", "6.0", "--requires", "connectivity"), "is not a requirement"),
    (("rollout", "create", "7"), "There is no release 7."),
    (("rollout", "start", "3"), "There is no rollout 3."),
    (("rollout", "create", "1", "--groups", "50,10"), "Group percentages rise"),
    (("rollout", "create", "1", "--success", "0"), "success threshold"),
    (("rollout", "simulate", "1", "--rates", "jeep=2"), "is not a failure rate"),
])
def test_refusals_are_one_sentence_and_change_nothing(cli, db_path, args, words):
    c = Controller.open(db_path)
    small_fleet(c, 200)
    add_release(c, "head_unit", "6.0.0")
    c.close()
    before = tables(db_path)
    result = cli(*args, "--pin", PIN)
    assert result.exit_code == 1 and words in result.output and "Traceback" not in result.output
    assert tables(db_path) == before


def tables(db_path) -> list:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return [conn.execute(f"SELECT * FROM {t}").fetchall()
                for t in ("fleet_cars", "fleet_releases", "fleet_rollouts", "fleet_groups", "fleet_targets")]
    finally:
        conn.close()


def test_every_command_needs_the_operator_pin(cli):
    for args in (("generate", "10"), ("release", "list"), ("rollout", "status"), ("release", "add", "hu", "6.0")):
        result = cli(*args, input="")
        assert result.exit_code == 1 and "Enter the operator PIN" in result.output, args
        result = cli(*args, "--pin", "1111")
        assert result.exit_code == 1 and "Wrong PIN" in result.output, args
    assert data(cli("release", "list", "--pin", PIN, "--json")) == []


def test_without_an_operator_pin_nothing_is_asked(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "fresh.db"), "fleet", "generate", "10"], input="8080\n")
    assert result.exit_code == 1
    assert "No operator PIN is set yet" in result.output
