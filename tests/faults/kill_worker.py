"""A child process that writes to the cockpit database as fast as it can until it is killed.

Usage: python kill_worker.py DB MODE [COUNT]
MODE "settings": batches of five settings that always share one generation number, so a batch
  is visible either wholly or not at all.
MODE "profiles": switches back and forth between the two profiles "Kill A" and "Kill B"
  (prepared by `prepare_profiles`), through the profiles domain (issue 3).
MODE "purchases": buys and cancels the services of the services domain (issue 7) in turn.
MODE "writer:PATH" COUNT: COUNT writes of PATH, then exit (two instances on one file).

The domains are called by their own typed methods (controller.profiles.create/switch,
controller.services.buy/cancel), as the screens call them: a renamed method fails here loudly.
"""

from __future__ import annotations

import json
import sys

from tui.controller import CockpitError, Controller

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
def switch_to(c, name: str) -> None:
    c.profiles.switch(c.store.profiles.by_name(name).id, keep_changes=True, source="ui")


def prepare_profiles(c) -> dict[str, dict]:
    """Create the two profiles (through the domain) and give each its own settings. Returns what
    the car shows after switching to each: {name: {path: value}} over the paths that differ."""
    for name in PROFILE_NAMES:
        if c.store.profiles.by_name(name) is None:
            c.profiles.create(name, source="ui")
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
def services_consistency(c) -> list[str]:
    """What must hold after a kill during purchases: each purchase has its receipt, each paid
    receipt (charge, renewal, refund) has its ledger entry and no entry points to a missing receipt,
    and no service is bought twice at once (one active purchase per service and car)."""
    db = c.store.db
    problems = [f"purchase {pid} of {sid} has no receipt" for pid, sid in db.execute(
        "SELECT id, service_id FROM service_purchases p WHERE NOT EXISTS "
        "(SELECT 1 FROM service_receipts r WHERE r.purchase_id = p.id)").fetchall()]
    problems += [f"{kind} receipt {rid} ({amount}) has no ledger entry" for rid, kind, amount in db.execute(
        "SELECT id, kind, amount FROM service_receipts r WHERE kind IN ('charge', 'renewal', 'refund') "
        "AND CAST(amount AS REAL) != 0 AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.receipt_id = r.id)").fetchall()]
    problems += [f"ledger entry {eid} points to a missing receipt" for (eid,) in db.execute(
        "SELECT id FROM ledger_entries e WHERE receipt_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM service_receipts r WHERE r.id = e.receipt_id)").fetchall()]
    problems += [f"{sid} is active {n} times on {vin}" for sid, vin, n in db.execute(
        "SELECT service_id, vin, COUNT(*) FROM service_purchases WHERE status = 'active' "
        "GROUP BY service_id, vin, profile_id HAVING COUNT(*) > 1").fetchall()]
    return problems


def loop_purchases(c) -> None:
    """Buy, then cancel, each offer in turn, for ever. Offers that cannot be bought (built in,
    lifetime) are refused with a sentence, which is part of the test."""
    items = [o for o in c.services.catalog() if o.prices]
    done = 0
    failures = []
    i = 0
    while True:
        offer = items[i % len(items)]
        i += 1
        for act in (lambda: c.services.buy(offer.id, source="ui"), lambda: c.services.cancel(offer.id, source="ui")):
            try:
                act()
                done += 1
            except CockpitError as exc:
                failures.append(str(exc))
        if done == 0 and len(failures) > 4 * len(items):
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
            c.catch_up()
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
