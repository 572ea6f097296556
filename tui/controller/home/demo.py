"""The demo home: its place, devices, favourites and built-in scenes, seeded into a new database."""

from __future__ import annotations

from tui.controller.home.actions import HVAC_MODES

DEMO_PLACE = ("Home", 42.6722, -83.1861, 300.0)  # 4 km from the demo car's parking at Auburn Hills
DEMO_ENTITIES: list[tuple[str, str, str, str | None, str, dict]] = [
    ("cover.garage_door", "Garage door", "Garage", "garage", "closed", {"current_position": 0}),
    ("light.garage", "Garage light", "Garage", None, "off", {"brightness": 255}),
    ("switch.ev_charger", "EV charger", "Garage", "ev_charger", "off", {"power_kw": 0.0}),
    ("number.ev_charge_limit", "EV charge limit", "Garage", None, "80",
     {"min": 50, "max": 100, "step": 5, "unit_of_measurement": "%"}),
    ("binary_sensor.garage_door_contact", "Garage door contact", "Garage", "garage_door", "off", {}),
    ("lock.front_door", "Front door", "Hallway", "lock", "locked", {}),
    ("binary_sensor.front_door_contact", "Front door contact", "Hallway", "door", "off", {}),
    ("event.doorbell", "Doorbell", "Hallway", "doorbell", "", {"event_types": ["ring"], "every_s": 0}),
    ("light.hallway", "Hallway light", "Hallway", None, "off", {"brightness": 200}),
    ("light.porch", "Porch light", "Outside", None, "off", {"brightness": 255}),
    ("alarm_control_panel.home_alarm", "Alarm", "Hallway", None, "disarmed", {"code_format": "number"}),
    ("light.living_room", "Living room lights", "Living room", None, "off",
     {"brightness": 180, "rgb_color": [255, 197, 143]}),
    ("climate.thermostat", "Thermostat", "Living room", None, "heat",
     {"current_temperature": 19.0, "temperature": 20.0, "hvac_action": "heating", "min_temp": 7, "max_temp": 30,
      "hvac_modes": list(HVAC_MODES)}),
    ("sensor.living_room_temperature", "Living room temperature", "Living room", "temperature", "19.0",
     {"unit_of_measurement": "°C", "follows": "climate.thermostat"}),
    ("cover.living_room_blinds", "Living room blinds", "Living room", "blind", "open", {"current_position": 100}),
    ("switch.coffee_machine", "Coffee machine", "Kitchen", "outlet", "off", {}),
    ("light.kitchen", "Kitchen lights", "Kitchen", None, "off", {"brightness": 255}),
    ("binary_sensor.kitchen_window", "Kitchen window", "Kitchen", "window", "off", {}),
    ("light.bedroom", "Bedroom lights", "Bedroom", None, "off", {"brightness": 120}),
    ("cover.bedroom_blinds", "Bedroom blinds", "Bedroom", "blind", "open", {"current_position": 100}),
    ("lock.back_door", "Back door", "Kitchen", "lock", "locked", {}),
    ("sensor.outdoor_temperature", "Outdoor temperature", "Outside", "temperature", "8.0",
     {"unit_of_measurement": "°C"}),
]
DEMO_FAVOURITES = [(1, "entity", "cover.garage_door"), (2, "entity", "light.porch"), (3, "entity", "lock.front_door"),
                   (4, "entity", "alarm_control_panel.home_alarm"), (5, "entity", "climate.thermostat")]
DEMO_SCENES = [
    ("Arrive home", [
        {"device": "cover.garage_door", "action": "open"},
        {"device": "light.hallway", "action": "on"},
        {"device": "light.porch", "action": "on"},
        {"device": "climate.thermostat", "action": "temperature", "value": 21},
    ]),
    ("Leave home", [
        {"device": "cover.garage_door", "action": "close"},
        {"device": "light.hallway", "action": "off"},
        {"device": "light.living_room", "action": "off"},
        {"device": "light.kitchen", "action": "off"},
        {"device": "light.bedroom", "action": "off"},
        {"device": "switch.coffee_machine", "action": "off"},
        {"device": "lock.front_door", "action": "lock"},
        {"device": "lock.back_door", "action": "lock"},
        {"device": "climate.thermostat", "action": "temperature", "value": 17},
        {"device": "alarm_control_panel.home_alarm", "action": "arm_away"},
    ]),
    ("Good night", [
        {"device": "light.living_room", "action": "off"},
        {"device": "light.kitchen", "action": "off"},
        {"device": "light.hallway", "action": "off"},
        {"device": "light.porch", "action": "off"},
        {"device": "cover.garage_door", "action": "close"},
        {"device": "cover.living_room_blinds", "action": "close"},
        {"device": "cover.bedroom_blinds", "action": "close"},
        {"device": "lock.front_door", "action": "lock"},
        {"device": "lock.back_door", "action": "lock"},
        {"device": "climate.thermostat", "action": "temperature", "value": 18},
        {"device": "alarm_control_panel.home_alarm", "action": "arm_night"},
    ]),
]


def seed_demo_home(store, now: float) -> None:
    """The demo home (inside the caller's write transaction)."""
    name, lat, lon, near = DEMO_PLACE
    store.home.set_place(name, lat, lon, near)
    for n, (eid, ename, room, dc, state, attrs) in enumerate(DEMO_ENTITIES):
        store.home.add_entity(eid, ename, room, dc, state, attrs, n, now)
    for slot, kind, target in DEMO_FAVOURITES:
        store.home.set_favourite(slot, kind, target)
    for scene_name, actions in DEMO_SCENES:
        store.home.add_scene(scene_name, actions, builtin=True)
