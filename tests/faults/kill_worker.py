"""A child process that writes to the cockpit database as fast as it can until it is killed.

Usage: python kill_worker.py DB MODE [COUNT]
MODE "settings": batches of five settings that always share one generation number, so a batch
  is visible either wholly or not at all.
MODE "profiles": switches back and forth between the two profiles "Kill A" and "Kill B"
  (prepared by `prepare_profiles`), through the profiles domain (issue 3).
MODE "purchases": buys and cancels the services of the services domain (issue 7) in turn.
MODE "writer:PATH" COUNT: COUNT writes of PATH, then exit (two instances on one file).

Only the operations that exist at run time are offered: `available_modes(controller)`.
The domains are reached by the method names their menus and the assistant use (duck typing,
tui/controller/assistant/domains.py), so the worker keeps working as the domains grow.
"""

from __future__ import annotations

import json
import sys

from tui.controller import CockpitError, Controller
from tui.controller.assistant.domains import invoke, listing, method, pass_item

BATCH = [
    "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed",
    "Vehicle.Cabin.HVAC.Station.Row1.Passenger.FanSpeed",
    "Vehicle.Cabin.Infotainment.Media.Volume",
    "Vehicle.Cabin.Infotainment.Navigation.Volume",
    "Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.Intensity",
]
PROFILE_NAMES = ("Kill A", "Kill B")
# what each of the two profiles keeps, so that a switch really changes values
PROFILE_VALUES = {
    "Kill A": {"Vehicle.Cabin.Infotainment.Media.Volume": 10, "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed": 20,
               "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature": 19.0},
    "Kill B": {"Vehicle.Cabin.Infotainment.Media.Volume": 70, "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed": 80,
               "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature": 24.5},
}


def generation_values(n: int) -> dict:
    g = n % 10  # 0..9, scaled into every signal's range and step
    return {
        BATCH[0]: g * 10,
        BATCH[1]: g * 10,
        BATCH[2]: g * 10,
        BATCH[3]: g * 10,
        BATCH[4]: 5 + g * 5,
    }


# ------------------------------------------------------------------------------ profiles (issue 3)
def profile_switch(c):
    dom = getattr(c, "profiles", None)
    return method(dom, "switch", "switch_to", "activate", "use", "select", "set_active", "sign_in")


def profile_create(c):
    return method(getattr(c, "profiles", None), "create", "add", "new", "add_profile", "create_profile")


def switch_to(c, name: str) -> None:
    fn = profile_switch(c)
    profile = c.store.profiles.by_name(name)
    invoke(fn, pass_item(fn, profile), source="ui")


def prepare_profiles(c) -> dict[str, dict]:
    """Create the two profiles (through the domain) and give each its own settings. Returns what
    the car shows after switching to each: {name: {path: value}} over the paths that differ."""
    create = profile_create(c)
    for name in PROFILE_NAMES:
        if c.store.profiles.by_name(name) is None:
            try:
                if create is None:
                    raise TypeError("no create method")
                invoke(create, name, source="ui")
            except TypeError:  # a create that wants more than a name: the profile row itself
                with c.store.write():
                    c.store.profiles.add(name, name[0] + name[-1], "#3388ff")
    for name in PROFILE_NAMES:
        switch_to(c, name)
        c.set_many({p: v for p, v in PROFILE_VALUES[name].items() if c.has(p)}, source="ui")
    seen = {}
    for name in (*PROFILE_NAMES, *PROFILE_NAMES):  # twice: a switch must be repeatable
        switch_to(c, name)
        seen.setdefault(name, []).append(dict(c.state()))
    differ = {p for p in seen[PROFILE_NAMES[0]][1] if seen[PROFILE_NAMES[0]][1].get(p) != seen[PROFILE_NAMES[1]][1].get(p)}
    return {name: {p: seen[name][1][p] for p in sorted(differ)} for name in PROFILE_NAMES}


# ------------------------------------------------------------------------------ purchases (issue 7)
def services_api(c):
    """(offers, buy, cancel) of the services domain, or None."""
    dom = getattr(c, "services", None)
    buy = method(dom, "buy", "subscribe", "purchase")
    cancel = method(dom, "cancel", "unsubscribe")
    if dom is None or buy is None:
        return None
    return (lambda: listing(dom, "catalog", "offers", "list", "available", "all")), buy, cancel


def services_consistency(c) -> list[str]:
    """Problems the services and ledger domains report about themselves (their own check, when they have one)."""
    problems = []
    for name in ("services", "ledger"):
        fn = method(getattr(c, name, None), "check", "verify", "integrity", "consistency")
        if fn is not None:
            result = fn()
            if result:
                problems.extend(result if isinstance(result, (list, tuple)) else [str(result)])
    return problems


def available_modes(c) -> list[str]:
    modes = ["settings"]
    if profile_switch(c) is not None:
        modes.append("profiles")
    if services_api(c) is not None:
        modes.append("purchases")
    return modes


def loop_purchases(c) -> None:
    offers, buy, cancel = services_api(c)
    items = offers()
    done = 0
    failures = []
    i = 0
    while True:
        item = items[i % len(items)] if items else None
        i += 1
        if item is None:
            print("unsupported: the services domain offers nothing to buy", flush=True)
            return
        for fn in (buy, cancel):
            if fn is None:
                continue
            try:
                invoke(fn, pass_item(fn, item), source="ui")
                done += 1
            except CockpitError as exc:
                failures.append(str(exc))
        if done == 0 and len(failures) > 4 * max(1, len(items)):
            print("unsupported: no purchase went through: " + failures[-1], flush=True)
            return


def main() -> None:
    db, mode = sys.argv[1], sys.argv[2]
    c = Controller.open(db)
    print("ready", flush=True)
    n = 1
    if mode.startswith("writer:"):
        # a second instance on the same file: a fixed number of writes, then exit 0
        path = mode.split(":", 1)[1]
        for i in range(int(sys.argv[3])):
            c.sync()
            c.set(path, (i % 10) * 10, source="ui")
        print("done", flush=True)
        return
    if mode == "purchases":
        loop_purchases(c)
        return
    while True:
        if mode == "settings":
            c.set_many(generation_values(n), source="ui")
        elif mode == "profiles":
            switch_to(c, PROFILE_NAMES[n % 2])
        n += 1


def audit_mismatches(c) -> list[str]:
    """Paths whose last audited new value differs from the state stored for the car."""
    rows = c.store.db.execute(
        "SELECT a.path, a.new, s.value FROM audit a JOIN vehicle_state s ON s.vin = a.vin AND s.path = a.path "
        "WHERE a.vin = ? AND a.id = (SELECT max(id) FROM audit b WHERE b.vin = a.vin AND b.path = a.path)",
        [c.car.vin],
    ).fetchall()
    return [f"{path}: audit says {new}, state is {value}" for path, new, value in rows
            if json.loads(new) != json.loads(value)]


if __name__ == "__main__":
    main()
