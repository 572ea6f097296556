"""The driver's home, from the car: devices, favourites, scenes, safety, and home events as notices.

- `entities`: `Entity` (a Home Assistant style device), the `EntityChanged` / `HomeChanged` events,
  distances and the state a driver reads.
- `actions`: the words a driver uses per kind of device, mapped to HA services, and their values.
- `payloads`: the MQTT component and payload of a service call, for a bridge.
- `backend`: `HomeBackend`, the interface a home implements (a bridge, or the simulation).
- `simulated`: `SimulatedHome`, the embedded home that behaves like the real thing.
- `demo`: the demo home seeded into a new database.
- `service`: `Home` (``controller.home``), the rules: valet, PINs, remote access, the log, notices.
- Over MQTT (loaded only when a bridged home is used): `connection` (which home, the saved broker,
  ``controller.home.connection``), `discovery` (Home Assistant discovery configs read), `templates`
  (the Jinja forms devices use, evaluated safely), `mqtt_state` (state payloads in, command payloads
  out), `bridge` (`BridgedHome`, the backend), `car_device` (the car announced to the home), `serve`
  (the simulated home published as MQTT devices).

Everything is importable from here, as it was when the home was one module.
"""

from __future__ import annotations

from tui.controller.home.actions import (ACTIONS, ALARM_MODES, ALIASES, COLOURS, DOMAIN_NAMES, HVAC_MODES, Action,
                                         actions_for, find_action, parse_value, service_data)
from tui.controller.home.backend import HomeBackend
from tui.controller.home.demo import DEMO_ENTITIES, DEMO_FAVOURITES, DEMO_PLACE, DEMO_SCENES, seed_demo_home
from tui.controller.home.entities import (SIM_ONLY, Entity, EntityChanged, HomeChanged, distance_m, distance_text,
                                          state_text)
from tui.controller.home.payloads import MQTT_COMPONENT, MQTT_PAYLOAD, mqtt_command
from tui.controller.home.service import (DOOR_OPEN_NOTICE_S, GARAGE_OPEN_NOTICE_S, LAT, LON, VALET, VALET_HIDDEN,
                                         FavouriteView, Home, Room, Scene)
from tui.controller.home.simulated import (ARMING_S, BLIND_TRAVEL_S, ENTRY_DELAY_S, GARAGE_TRAVEL_S, HEAT_RATE,
                                           IDLE_RATE, JAM_CHANCE, LOCK_S, SimulatedHome)

__all__ = ["Home", "HomeBackend", "SimulatedHome", "Entity", "EntityChanged", "HomeChanged", "distance_m",
           "actions_for", "state_text", "Action"]
