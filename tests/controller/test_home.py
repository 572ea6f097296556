"""The simulated home behaves like the real thing, and the home's safety rules hold."""

from __future__ import annotations

import pytest

from tui.controller import Controller
from tui.controller.errors import CockpitError, InvalidValue, NotAllowed, UnknownName
from tui.controller.events import Notice
from tui.controller.home import LAT, LON, EntityChanged, HomeBackend, SimulatedHome

VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"
HOME = (42.6722, -83.1861)


@pytest.fixture
def notices(controller):
    seen = []
    controller.subscribe(lambda e: seen.append(e) if isinstance(e, Notice) else None)
    return seen


def at_home(c):
    c.set_many({LAT: HOME[0] + 0.0005, LON: HOME[1]}, source="simulator")


def wait(c, clock, seconds):
    for _ in range(seconds):
        clock.advance(1)
        c.tick()


def state(c, entity_id):
    return c.home.backend.get(entity_id).state


def test_devices_are_home_assistant_entities(controller):
    home = controller.home
    assert isinstance(home.backend, HomeBackend) and isinstance(home.backend, SimulatedHome)
    domains = {e.domain for e in home.devices()}
    assert {"cover", "light", "lock", "alarm_control_panel", "climate", "switch", "number", "sensor",
            "binary_sensor", "event"} <= domains
    garage = home.device("garage door")
    assert garage.entity_id == "cover.garage_door" and garage.device_class == "garage"
    ha = garage.ha_state()
    assert ha["state"] == "closed" and ha["attributes"]["friendly_name"] == "Garage door"
    assert [r.name for r in home.rooms()][:2] == ["Garage", "Hallway"]
    with pytest.raises(UnknownName, match="no device called"):
        home.device("jacuzzi")


def test_garage_passes_through_opening_open_closing_closed(controller, clock):
    c = controller
    at_home(c)
    changes = []
    c.subscribe(lambda e: changes.append(e.new) if isinstance(e, EntityChanged) and e.entity_id == "cover.garage_door"
                else None)
    assert c.home.do("garage door", "open") == "Garage door opening."
    wait(c, clock, 6)
    g = c.home.device("garage door")
    assert g.state == "opening" and 40 <= g.attributes["current_position"] <= 60
    assert state(c, "binary_sensor.garage_door_contact") == "on"
    wait(c, clock, 7)
    assert state(c, "cover.garage_door") == "open"
    assert c.home.do("garage door", "open") == "Garage door is already open."
    c.home.do("garage door", "close")
    wait(c, clock, 3)
    assert c.home.do("garage door", "stop").startswith("Garage door stopped at")
    assert state(c, "cover.garage_door") == "stopped"
    c.home.do("garage door", "close")
    wait(c, clock, 13)
    assert changes == ["opening", "open", "closing", "stopped", "closing", "closed"]
    assert state(c, "binary_sensor.garage_door_contact") == "off"


def test_a_lock_can_jam_and_says_so(controller, clock, notices):
    c = controller
    c.home.backend.jam_next("lock.back_door")
    c.home.do("back door", "unlock")
    assert state(c, "lock.back_door") == "unlocking"
    wait(c, clock, 3)
    assert state(c, "lock.back_door") == "jammed"
    assert any("jammed" in n.text and len(n.text) <= 80 for n in notices)
    c.home.do("back door", "lock")
    wait(c, clock, 3)
    assert state(c, "lock.back_door") == "locked"


def test_thermostat_drifts_toward_its_target(controller, clock):
    c = controller
    c.home.do("thermostat", "temperature", 22)
    start = c.home.device("thermostat").attributes["current_temperature"]
    wait(c, clock, 120)
    t = c.home.device("thermostat")
    assert start < t.attributes["current_temperature"] < 22 and t.attributes["hvac_action"] == "heating"
    assert state(c, "sensor.living_room_temperature") == f"{t.attributes['current_temperature']:.1f}"
    wait(c, clock, 600)
    t = c.home.device("thermostat")
    assert t.attributes["current_temperature"] == pytest.approx(22, abs=0.01) and t.attributes["hvac_action"] == "idle"
    c.home.do("thermostat", "mode", "off")
    wait(c, clock, 600)
    assert c.home.device("thermostat").attributes["current_temperature"] < 22


def test_doorbell_rings_when_asked_and_now_and_then(controller, clock, notices):
    c = controller
    c.home.do("doorbell", "ring")
    assert notices[-1].text == "Doorbell: someone is at the door."
    c.home.do("doorbell", "ring_often", 30)
    wait(c, clock, 600)
    rings = [n for n in notices if n.text.startswith("Doorbell")]
    assert 5 <= len(rings) <= 60
    c.home.do("doorbell", "ring_often", 0)
    before = len(notices)
    wait(c, clock, 300)
    assert len(notices) == before


def test_armed_alarm_goes_off_when_a_door_opens(controller, clock, notices):
    c = controller
    assert c.home.do("alarm", "arm_away").startswith("Alarm arming")
    wait(c, clock, 11)
    assert state(c, "alarm_control_panel.home_alarm") == "armed_away"
    c.home.backend.simulate("binary_sensor.front_door_contact", "on")
    assert state(c, "alarm_control_panel.home_alarm") == "pending"
    assert any(n.text.startswith("Alarm: Front door opened") for n in notices)
    wait(c, clock, 31)
    assert state(c, "alarm_control_panel.home_alarm") == "triggered"
    assert notices[-1].text == "The alarm is going off at home!" and notices[-1].severity == "error"
    assert all(len(n.text) <= 80 for n in notices)


def test_a_door_left_open_is_told_once(controller, clock, notices):
    c = controller
    c.home.backend.simulate("binary_sensor.kitchen_window", "on")
    wait(c, clock, 299)
    assert not any("has been open" in n.text for n in notices)
    wait(c, clock, 100)
    told = [n.text for n in notices if "has been open" in n.text]
    assert told == ["Kitchen window has been open for 5 min."]


def test_security_actions_need_the_pin(controller):
    c = controller
    c.security.set_pin("2468")
    with pytest.raises(NotAllowed, match="Enter your PIN to unlock the front door"):
        c.home.do("front door", "unlock")
    with pytest.raises(NotAllowed, match="Wrong PIN"):
        c.home.do("front door", "unlock", pin="1111")
    assert state(c, "lock.front_door") == "locked"
    assert c.home.do("front door", "unlock", pin="2468") == "Front door unlocking."
    with pytest.raises(NotAllowed, match="PIN to disarm"):
        c.home.do("alarm_control_panel.home_alarm", "disarm")
    # the garage: from 4 km away it needs the PIN, near home it does not
    assert c.home.needs_pin("garage door", "open")
    with pytest.raises(NotAllowed, match="from 2.7 mi away"):
        c.home.do("garage door", "open")
    at_home(c)
    assert not c.home.needs_pin("garage door", "open")
    assert c.home.do("garage door", "open") == "Garage door opening."
    assert c.home.do("front door", "lock") == "Front door locking."  # locking is never guarded


def test_a_profile_without_home_security_cannot_at_all(controller):
    c = controller
    with c.store.write():
        kid = c.store.profiles.add("Kid", "KI", "#FF0000", permissions={"home_security": False, "purchases": False})
        c.store.settings.set("active_profile_id", kid.id)
    with pytest.raises(NotAllowed, match="Kid may not unlock the front door"):
        c.home.do("front door", "unlock", pin="0000")
    with pytest.raises(NotAllowed, match="Kid may not disarm"):
        c.home.do("alarm", "disarm")
    with pytest.raises(NotAllowed, match="may not open the garage door from"):
        c.home.do("garage door", "open")
    assert c.home.do("porch light", "on") == "Porch light on."
    at_home(c)
    assert c.home.do("garage door", "open") == "Garage door opening."
    assert state(c, "lock.front_door") == "locked"


def test_valet_mode_hides_the_home(controller, clock, notices):
    c = controller
    c.set(VALET, True)
    assert c.home.devices() == [] and c.home.favourites() == [] and c.home.scenes() == []
    with pytest.raises(NotAllowed, match="valet"):
        c.home.do("porch light", "on")
    c.home.backend.call("event.doorbell", "ring", {}, "simulator")
    assert not any("Doorbell" in n.text for n in notices)
    assert c.home.summary() == "hidden (valet)"


def test_remote_access_gate_applies_away_from_home(controller):
    c = controller
    c.add_feature_gate(lambda f: "Home remote access needs the Connect plan." if f == "home.remote_access" else None)
    with pytest.raises(NotAllowed, match="Connect plan"):
        c.home.do("porch light", "on")
    at_home(c)
    assert c.home.do("porch light", "on") == "Porch light on."


def test_bad_values_change_nothing(controller):
    c = controller
    before = c.home.device("thermostat").attributes["temperature"]
    for args, msg in [(("thermostat", "temperature", 99), "goes from 45 °F to 86 °F"),  # the demo car's °F
                      (("thermostat", "temperature", "warm"), "a number"),
                      (("kitchen lights", "brightness", 0), "1 to 100"),
                      (("kitchen lights", "colour", "plaid"), "Colours"),
                      (("kitchen lights", "fly"), "kitchen lights cannot fly; it can: turn on"),
                      (("outdoor temperature", "on"), "only reports"),
                      (("ev charge limit", "set", 40), "from 50 to 100")]:
        with pytest.raises(CockpitError, match=msg):
            c.home.do(*args)
    assert c.home.device("thermostat").attributes["temperature"] == before
    assert c.home.device("kitchen lights").state == "off"


def test_lights_charger_blinds_and_adjust(controller, clock):
    c = controller
    h = c.home
    assert h.do("kitchen lights", "brightness", 40) == "Kitchen lights on at 40 %."
    h.adjust("kitchen lights", 1)
    assert h.state_text(h.device("kitchen lights")) == "on 50 %"
    h.do("living room lights", "colour", "blue")
    assert h.device("living room lights").attributes["rgb_color"] == [0, 80, 255]
    assert h.do("ev charger", "start") == "EV charger: charging."
    assert h.state_text(h.device("ev charger")) == "charging"
    h.adjust("ev charge limit", 1)
    assert h.device("ev charge limit").state == "85"
    h.adjust("bedroom blinds", -1)
    wait(c, clock, 3)
    assert h.device("bedroom blinds").attributes["current_position"] == 90


def test_favourites_keys_one_to_six(controller):
    h = controller.home
    favs = h.favourites()
    assert [f.slot for f in favs] == [1, 2, 3, 4, 5] and favs[0].label == "Garage door"
    assert h.toggle_favourite("entity", "light.kitchen") == "Kitchen lights is favourite 6."
    with pytest.raises(NotAllowed, match="Six favourites"):
        h.toggle_favourite("entity", "switch.coffee_machine")
    assert "no longer" in h.toggle_favourite("entity", "light.porch")
    assert h.toggle_favourite("entity", "switch.coffee_machine") == "Coffee machine is favourite 2."


def test_the_security_table_feeds_questions_pins_and_the_authority(controller):
    """lock unlock, alarm disarm and the garage from afar are rows of one table (home/actions.py
    SENSITIVE); a row added there is asked, PIN-checked and mapped to the authority everywhere."""
    from tui.controller.home import actions

    c, h = controller, controller.home
    assert [(r.domain, r.actions, r.authority) for r in actions.SENSITIVE] == [
        ("lock", ("unlock",), "home.unlock"), ("alarm_control_panel", ("disarm",), "home.disarm"),
        ("cover", ("open", "position"), "home.garage")]
    assert h.ask_first("front door", "unlock") == "Unlock the front door?" and h.ask_first("front door", "lock") is None
    assert h.ask_first("alarm", "disarm") == "Disarm the alarm?" and h.pin_for("alarm", "disarm") == "disarm the alarm"
    assert h.ask_first("garage door", "open") == "Open the garage door?"
    assert h.pin_for("garage door", "open") == "open the garage door from afar"
    at_home(c)
    assert h.ask_first("garage door", "open") == "Open the garage door?"  # near home: asked, no PIN
    assert not h.needs_pin("garage door", "open") and h.decision("garage door", "open") is None
    assert not h.needs_pin("coffee machine", "on") and h.ask_first("coffee machine", "on") is None

    row = actions.Sensitive("switch", ("on",), "home.unlock", "Switch on the {name}?", "switch on the {name}",
                            "switch on the {name}", device_classes=("outlet",))
    try:
        actions.SENSITIVE = (*actions.SENSITIVE, row)
        e = h.device("coffee machine")
        assert h.ask_first(e, "on") == "Switch on the coffee machine?"
        assert h.needs_pin(e, "on") and h.pin_for(e, "on") == "switch on the coffee machine"
        assert h.authority_action(e, actions.find_action(e, "on")) == "home.unlock"
        assert h.decision(e, "on").asks and not h.decision(e, "off")
        assert h.ask_first(e, "off") is None and not h.needs_pin("porch light", "on")
        c.security.set_pin("2468")
        with pytest.raises(NotAllowed, match="PIN to switch on the coffee machine"):
            h.do(e, "on")
        with pytest.raises(NotAllowed, match="Wrong PIN"):
            h.do(e, "on", pin="1111")
        assert state(c, "switch.coffee_machine") == "off"
        with c.store.write():
            sid = c.store.home.add_scene("Coffee", [{"device": "switch.coffee_machine", "action": "on"}])
        assert h.scene_needs_pin(sid)
        with pytest.raises(NotAllowed, match="PIN to run Coffee"):
            h.run_scene(sid)
        reply = c.assistant.ask("turn on the coffee machine")  # the assistant asks it too
        assert reply.needs == "pin" and reply.text == "Say your PIN to switch on the coffee machine.", reply.text
        assert c.assistant.answer(pin="2468").acted
        assert state(c, "switch.coffee_machine") == "on"
        assert h.do(e, "off") == "Coffee machine off."  # the other actions are not guarded
        c.profiles.switch(next(p for p in c.profiles.list() if p.is_guest))  # the authority decides who may
        assert "Guest may not" in h.refusal("coffee machine", "on")
        reply = c.assistant.ask("turn on the coffee machine")
        assert reply.refused and reply.needs is None and "Guest may not" in reply.text, reply.text
    finally:
        actions.SENSITIVE = actions.SENSITIVE[:3]


def test_scenes_builtin_and_own(controller, clock):
    c = controller
    h = c.home
    assert [s.name for s in h.scenes()] == ["Arrive home", "Leave home", "Good night"]
    at_home(c)
    run = h.run_scene("Good night")
    assert run.scene == "Good night" and "Alarm arming (night)." in run.done and not run.skipped
    wait(c, clock, 25)
    assert state(c, "alarm_control_panel.home_alarm") == "armed_night"
    assert state(c, "cover.bedroom_blinds") == "closed"
    h.do("kitchen lights", "brightness", 70)
    own = h.save_scene_from_now("Cooking")
    assert {"device": "light.kitchen", "action": "brightness", "value": 70} in own.actions
    h.do("kitchen lights", "off")
    h.run_scene("cooking")
    assert h.state_text(h.device("kitchen lights")) == "on 70 %"
    with pytest.raises(InvalidValue, match="already a scene"):
        h.save_scene_from_now("cooking")
    with pytest.raises(NotAllowed, match="comes with the car"):
        h.delete_scene("Good night")
    h.delete_scene("Cooking")
    assert "Cooking" not in [s.name for s in h.scenes()]


def test_arrive_scene_asks_for_the_pin_once_when_far(controller):
    c = controller
    c.security.set_pin("2468")
    assert c.home.scene_needs_pin("Arrive home")
    with pytest.raises(NotAllowed, match="PIN to run Arrive home"):
        c.home.run_scene("Arrive home")
    run = c.home.run_scene("Arrive home", pin="2468")
    assert run.steps[0].text == "Garage door opening." and not run.steps[0].skipped


def test_home_state_and_log_survive_a_restart(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    c.routines.set_enabled("Open the garage on arrival", False)
    at_home(c)
    c.home.do("garage door", "open", source="cli")
    wait(c, clock, 13)
    c.home.do("porch light", "on")
    c.close()
    c = Controller.open(db_path, clock=clock)
    assert state(c, "cover.garage_door") == "open" and state(c, "light.porch") == "on"
    log = c.store.home.recent_log()
    assert [(e.entity_id, e.service, e.source) for e in log[:2]] == [("light.porch", "turn_on", "ui"),
                                                                      ("cover.garage_door", "open_cover", "cli")]
    c.close()


def test_another_process_sees_the_change(db_path, clock):
    a = Controller.open(db_path, clock=clock)
    b = Controller.open(db_path, clock=clock)
    a.home.do("porch light", "on")
    assert b.catch_up()
    assert b.home.device("porch light").state == "on"
    a.close()
    b.close()


def test_the_assistant_runs_scenes_and_routines_by_name(controller):
    c = controller
    reply = c.assistant.ask("run the good night routine")
    assert reply.acted and not reply.refused, reply.text
    assert c.home.backend.get("alarm_control_panel.home_alarm").state == "arming"
    c.routines.save("Evening porch", {"type": "manual"}, [], [{"type": "home", "device": "light.porch",
                                                                 "action": "on"}])
    reply = c.assistant.ask("run evening porch")
    assert reply.acted, reply.text
    assert c.home.backend.get("light.porch").state == "on"
    assert c.routines.runs("Evening porch")[0].why.startswith("run by hand by voice")


def test_commands_map_one_to_one_on_home_assistant_mqtt(controller):
    from tui.controller.home import find_action, mqtt_command, service_data

    h = controller.home
    cases = [("garage door", "open", None, ("cover", "OPEN")), ("garage door", "stop", None, ("cover", "STOP")),
             ("front door", "unlock", None, ("lock", "UNLOCK")), ("alarm", "arm_night", None,
                                                                  ("alarm_control_panel", "ARM_NIGHT")),
             ("porch light", "on", None, ("light", "ON")), ("porch light", "brightness", 40, ("light", "40")),
             ("porch light", "colour", "red", ("light", "255,0,0")), ("thermostat", "mode", "heat", ("climate", "heat")),
             ("ev charger", "start", None, ("switch", "ON")), ("ev charge limit", "set", 90, ("number", "90"))]
    for device, action, value, expected in cases:
        e = h.device(device)
        act = find_action(e, action)
        assert mqtt_command(e, act.service, service_data(act, value)) == expected, device
