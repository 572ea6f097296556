"""`smartcockpit say "TEXT" [--json]`: the same engine from the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.controller import Controller

DT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
LOCK = "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked"


@pytest.fixture
def say(tmp_path):
    db = tmp_path / "cli.db"
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, ["--db", str(db), "say", *args], input=input, catch_exceptions=False)

    run.db = db
    return run


def state(db, path):
    c = Controller.open(db)
    try:
        return c.get(path)
    finally:
        c.close()


def test_say_json_has_reply_intent_slots_and_acted(say):
    result = say("set the driver side to twenty two", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["intent"] == "climate.temperature"
    assert data["slots"] == {"zone": "driver", "value": 22, "unit": None}
    assert data["acted"] is True and data["reply"] == "Driver side set to 72 °F."
    assert state(say.db, DT) == 22.0


def test_say_plain_prints_the_reply(say):
    result = say("what's", "my", "range")
    assert result.exit_code == 0 and result.output.startswith("Range ")


def test_a_choice_is_answered_by_the_next_say(say):
    data = json.loads(say("open the window", "--json").output)
    assert data["needs"] == "choice" and data["choices"][:2] == ["driver", "passenger"]
    result = say("2")
    assert result.output.strip() == "Opening the passenger window."  # and `say` waits until it is open
    assert state(say.db, "Vehicle.Cabin.Door.Row1.PassengerSide.Window.Position") == 100


def test_pin_and_confirm_from_options(say):
    c = Controller.open(say.db)
    c.security.set_pin("1357")
    c.close()
    data = json.loads(say("unlock the car", "--json").output)
    assert data["needs"] == "pin" and state(say.db, LOCK) is True
    result = say("unlock the car", "--pin", "1357")
    assert result.output.strip() == "Car unlocked."
    assert state(say.db, LOCK) is False


def test_confirm_with_yes(say):
    assert json.loads(say("unlock the car", "--json").output)["needs"] == "confirm"
    assert say("unlock the car", "--yes").output.strip() == "Car unlocked."


def test_refused_and_not_understood_exit_1_without_a_traceback(say):
    result = say("set temperature to 99 C")
    assert result.exit_code == 1 and "goes from" in result.output
    result = say("blorp the frobnicator", "--json")
    assert result.exit_code == 1 and json.loads(result.output)["understood"] is False
    assert "Traceback" not in result.output


def test_yes_then_pin_in_one_command_for_valet_mode(say):
    """Valet mode asks yes first, then a PIN: --yes --pin answers both, in that order."""
    result = say("valet mode on", "--yes", "--pin", "2468", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["acted"] and data["needs"] is None, data
    assert state(say.db, "Vehicle.Private.SmartCockpit.Valet.IsActive") is True
    result = say("valet mode off", "--pin", "1111", "--json")
    assert result.exit_code == 1 and "Wrong PIN" in json.loads(result.output)["reply"]
    result = say("valet mode off", "--pin", "2468", "--json")
    assert result.exit_code == 0 and state(say.db, "Vehicle.Private.SmartCockpit.Valet.IsActive") is False


def test_the_real_domains_from_the_command_line(say):
    data = json.loads(say("play jazz", "--json").output)
    assert data["intent"] == "media.play" and data["acted"] and data["reply"] == "Playing WJZZ Smooth Jazz."
    data = json.loads(say("turn off the kitchen lights", "--json").output)
    assert data["intent"] == "home.lights" and data["slots"]["room"] == "kitchen"
    data = json.loads(say("open the garage", "--yes", "--json").output)
    assert data["acted"] and data["reply"] == "Opening the garage door."
    data = json.loads(say("start the music trial", "--json").output)
    assert data["intent"] == "services.trial" and data["acted"]
    data = json.loads(say("any updates?", "--json").output)
    assert data["intent"] == "updates.check" and not data["acted"]
