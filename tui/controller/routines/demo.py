"""The demo routines (the garage on arrival and on departure, pre-heating on cold weekday
mornings, the lights when arriving after dark), seeded once into a database."""

from __future__ import annotations

DEMO_ROUTINES = [
    ("Open the garage on arrival", {"type": "arrive", "distance_m": 250},
     [{"type": "cooldown", "seconds": 60}, {"type": "min_away", "seconds": 300}],
     [{"type": "ask", "seconds": 10, "on_timeout": "do",
       "action": {"type": "home", "device": "cover.garage_door", "action": "open"}}]),
    ("Close the garage on departure", {"type": "leave", "distance_m": 300},
     [{"type": "cooldown", "seconds": 60}],
     [{"type": "home", "device": "cover.garage_door", "action": "close"}]),
    ("Pre-heat on cold weekday mornings", {"type": "time", "at": "07:15", "days": [0, 1, 2, 3, 4]},
     [{"type": "outside_temp", "op": "below", "value": 5}],
     [{"type": "car", "path": "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", "value": 22.0},
      {"type": "car", "path": "Vehicle.Cabin.HVAC.IsFrontDefrosterActive", "value": True},
      {"type": "notice", "text": "Cold morning: the cabin is warming up."}]),
    ("Lights on when arriving after dark", {"type": "arrive", "distance_m": 500},
     [{"type": "dark"}, {"type": "cooldown", "seconds": 60}],
     [{"type": "home", "device": "light.porch", "action": "on"},
      {"type": "home", "device": "light.hallway", "action": "on"}]),
]


def seed_demo_routines(store) -> None:
    """Add the demo routines the first time (a routine of the same name is kept); once seeded, a
    routine the driver deleted stays deleted."""
    if not store.settings.get("routines_seeded"):
        with store.write():
            for name, trig, conds, acts in DEMO_ROUTINES:
                if store.routines.by_name(name) is None:
                    store.routines.add(name, trig, conds, acts, builtin=True)
            store.settings.set("routines_seeded", True)
