"""The car's answers to the fleet: which rollouts asked it for what, and how each ended.

Assignments arrive as notices over NATS (tui/controller/fleet/transport.py, subject
fleet.assign.<VIN>): a rollout, an attempt and the releases in install order. They are notices
only: what the car installs is decided by the signed director and image repository (trust.py),
never by a message. Once every release of an assignment runs on the car, or one of them failed
or rolled back after the assignment arrived, the car owes one status report (ok, and a sentence);
each is sent once per rollout and attempt (the server also drops a repeat by its message id).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.errors import CockpitError
from tui.controller.updates.components import component, version_key

ASSIGNED_KEY = "updates.assignments"  # the latest assignment per rollout, as received
REPORTED_KEY = "updates.reported"  # "<rollout>:<attempt>" already reported


@dataclass(frozen=True)
class Report:
    rollout: int
    attempt: int
    ok: bool
    detail: str

    @property
    def key(self) -> str:
        return f"{self.rollout}:{self.attempt}"


def remember(updates, received: list[dict]) -> int:
    """Keep the newest attempt of each rollout addressed to this car; returns how many are new."""
    store = updates.store
    kept = {int(a["rollout"]): a for a in store.settings.get(ASSIGNED_KEY, [])}
    new = 0
    for a in received:
        try:
            if str(a.get("vin")) != updates.vin:
                continue
            rollout, attempt = int(a["rollout"]), int(a.get("attempt", 1))
            install = [(component(i["component"]).id, str(i["version"])) for i in a["install"]]
        except (KeyError, TypeError, ValueError, CockpitError):
            continue  # not an assignment this car understands: skipped, never fatal
        old = kept.get(rollout)
        if old is None or int(old["attempt"]) < attempt:
            kept[rollout] = {"rollout": rollout, "attempt": attempt, "install": install,
                             "since": updates.c.clock.now().isoformat(timespec="seconds")}
            new += 1
    with store.write():
        store.settings.set(ASSIGNED_KEY, sorted(kept.values(), key=lambda a: a["rollout"]))
    updates.c.wrote()
    return new


def due(updates) -> list[Report]:
    """The reports this car owes: assignments that ended, not reported yet."""
    store = updates.store
    reported = set(store.settings.get(REPORTED_KEY, []))
    installed = updates.installed()
    out = []
    for a in store.settings.get(ASSIGNED_KEY, []):
        report_key = f"{a['rollout']}:{a['attempt']}"
        if report_key in reported:
            continue
        failure = None
        for comp, version in a["install"]:
            history = [h for h in updates.history(comp) if h.to_version == version and h.at >= a["since"]]
            bad = next((h for h in history if h.outcome in ("failed", "rolled_back")), None)
            if bad is not None:
                failure = bad.message
                break
        if failure is not None:
            out.append(Report(int(a["rollout"]), int(a["attempt"]), False, failure[:200]))
            continue
        if all(installed.get(comp) and version_key(installed[comp]) >= version_key(version)
               for comp, version in a["install"]):
            what = ", ".join(f"{comp} {version}" for comp, version in a["install"])
            out.append(Report(int(a["rollout"]), int(a["attempt"]), True, f"Installed {what}."))
    return out


def sent(updates, reports: list[Report]) -> None:
    store = updates.store
    reported = list(store.settings.get(REPORTED_KEY, []))
    reported += [r.key for r in reports if r.key not in reported]
    with store.write():
        store.settings.set(REPORTED_KEY, reported[-1000:])
    updates.c.wrote()


async def exchange(link, updates) -> dict:
    """Over a NATS link: take this car's assignments (also those sent while it was offline), check
    the signed repositories, and send the reports it owes. The database is used between awaits,
    on the caller's thread."""
    from tui.controller.fleet import transport

    received = await transport.assignments_for(link, updates.vin)
    new = remember(updates, received)
    verdict = updates.check()
    reports = due(updates)
    for r in reports:
        await transport.report(link, r.rollout, updates.vin, r.attempt, r.ok, r.detail)
    sent(updates, reports)
    return {"assignments": len(received), "new": new, "offers": [o.version for o in verdict.offers],
            "error": verdict.error, "reported": [r.__dict__ for r in reports]}


__all__ = ["Report", "remember", "due", "sent", "exchange"]
