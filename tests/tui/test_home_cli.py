"""`smartcockpit home ...` and `smartcockpit routine ...` against a real database file."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tui.cli import main


def run(db_path, *args):
    return CliRunner().invoke(main, ["--db", str(db_path), *args])


def test_home_list_text_and_json(db_path):
    out = run(db_path, "home", "list")
    assert out.exit_code == 0, out.output
    assert "Garage door" in out.output and "cover.garage_door" in out.output
    data = json.loads(run(db_path, "home", "list", "--json").output)
    garage = next(d for d in data["devices"] if d["entity_id"] == "cover.garage_door")
    assert garage["state"] == "closed" and garage["attributes"]["device_class"] == "garage"
    assert "open" in garage["actions"] and data["home"]["backend"] == "simulated"


def test_home_do_and_refusals(db_path):
    out = run(db_path, "home", "do", "porch light", "brightness", "40")
    assert out.exit_code == 0 and out.output.strip() == "Porch light on at 40 %."
    out = run(db_path, "home", "do", "thermostat", "temperature", "99")
    assert out.exit_code == 1 and "goes from 45 °F to 86 °F" in out.output  # 99 °F on the demo car's °F
    out = run(db_path, "home", "do", "jacuzzi", "on")
    assert out.exit_code == 1 and "no device called" in out.output


def test_home_do_unlock_needs_the_pin(db_path):
    from tui.controller import Controller

    c = Controller.open(db_path)
    c.security.set_pin("9876")
    c.close()
    out = run(db_path, "home", "do", "front door", "unlock")
    assert out.exit_code == 1 and "--pin" in out.output
    out = run(db_path, "home", "do", "front door", "unlock", "--pin", "1111")
    assert out.exit_code == 1 and "Wrong PIN" in out.output
    out = run(db_path, "home", "do", "front door", "unlock", "--pin", "9876")
    assert out.exit_code == 0 and "unlocking" in out.output


def test_home_scene_prints_each_step_and_why_one_was_skipped(db_path):
    from tui.controller import Controller

    c = Controller.open(db_path)
    with c.store.write():
        c.store.home.add_scene("Evening", [{"device": "light.porch", "action": "on"},
                                           {"device": "light.nowhere", "action": "on"}])
    c.close()
    out = run(db_path, "home", "scene", "evening")
    assert out.exit_code == 0, out.output
    done, skipped = out.output.strip().splitlines()
    assert done == "Porch light on."
    assert skipped.startswith("Skipped light.nowhere: There is no device called 'light.nowhere'"), skipped


def test_routine_list_run_dry_and_log(db_path):
    data = json.loads(run(db_path, "routine", "list", "--json").output)
    assert {r["name"] for r in data} >= {"Open the garage on arrival", "Pre-heat on cold weekday mornings"}
    out = run(db_path, "routine", "run", "pre-heat", "--dry")
    assert out.exit_code == 0 and "would" in out.output
    out = run(db_path, "routine", "run", "Lights on when arriving after dark")
    assert out.exit_code == 0 and "Porch light on." in out.output
    out = run(db_path, "routine", "log", "--json")
    assert json.loads(out.output)[0]["routine"] == "Lights on when arriving after dark"
    out = run(db_path, "routine", "off", "Lights on when arriving after dark")
    assert out.exit_code == 0 and "is off" in out.output
    out = run(db_path, "routine", "run", "nonexistent")
    assert out.exit_code == 1 and "no routine" in out.output


def test_simulate_a_sensor(db_path):
    out = run(db_path, "home", "simulate", "kitchen window", "open")
    assert out.exit_code == 0 and out.output.strip() == "Kitchen window: open."
    out = run(db_path, "home", "simulate", "porch light", "open")
    assert out.exit_code == 1


def test_home_place(db_path):
    out = run(db_path, "home", "place", "--here")
    assert out.exit_code == 0 and "the car is 0 ft away" in out.output
    out = run(db_path, "home", "place", "45.07", "7.68", "--near", "400")
    assert out.exit_code == 0 and "45.07000, 7.68000; near = 1310 ft" in out.output
    out = run(db_path, "home", "place", "95", "7")
    assert out.exit_code == 1 and "Latitude is -90 to 90" in out.output
    out = run(db_path, "home", "place", "--near", "10")
    assert out.exit_code == 1 and "50 to 5000" in out.output


def test_hostile_values_are_refused_in_a_sentence(db_path):
    for args in (["porch light", "brightness", "inf"], ["porch light", "brightness", "nan"],
                 ["thermostat", "temperature", "nan"], ["ev charge limit", "set", "nan"],
                 ["doorbell", "ring_often", "1e999"], ["porch light", "colour", "#zzzzzz"],
                 ["porch light\x00", "on"]):
        out = run(db_path, "home", "do", *args)
        assert out.exit_code == 1 and "Traceback" not in out.output and out.output.startswith("smartcockpit: "), args
    data = json.loads(run(db_path, "home", "list", "--json").output)
    porch = next(d for d in data["devices"] if d["entity_id"] == "light.porch")
    assert porch["state"] == "off"


def test_home_log(db_path):
    run(db_path, "home", "do", "porch light", "on")
    run(db_path, "home", "do", "thermostat", "temperature", "99")
    data = json.loads(run(db_path, "home", "log", "--json").output)
    assert [(d["entity_id"], d["service"], d["source"]) for d in data] == [("light.porch", "turn_on", "cli")]
    assert data[0]["result"] == "Porch light on."
