"""The driver's home, from the car (the rules and everything they use are in `service` for now).

Every name stays importable from here, as it was when the home was one module.
"""

from __future__ import annotations

from tui.controller.home.service import (  # noqa: F401
    VALET, LAT, LON, VALET_HIDDEN, DOOR_OPEN_NOTICE_S, GARAGE_OPEN_NOTICE_S, DOMAIN_NAMES, COLOURS,
    ALARM_MODES, HVAC_MODES, SIM_ONLY, Entity, EntityChanged, HomeChanged, distance_m, distance_text, Action,
    ACTIONS, ALIASES, actions_for, find_action, parse_value, service_data, state_text, MQTT_COMPONENT,
    MQTT_PAYLOAD, mqtt_command, HomeBackend, GARAGE_TRAVEL_S, BLIND_TRAVEL_S, LOCK_S, ARMING_S, ENTRY_DELAY_S,
    HEAT_RATE, IDLE_RATE, JAM_CHANCE, DEMO_PLACE, DEMO_ENTITIES, DEMO_FAVOURITES, DEMO_SCENES, seed_demo_home,
    SimulatedHome, Room, FavouriteView, Scene, Home,
)
from tui.controller.home.service import __all__  # noqa: F401
