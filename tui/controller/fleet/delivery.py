"""The seam between the rollout and the cars: a batch of assignments goes out, a batch of status
reports comes in.

- outbox(): the running targets whose assignment has not gone out yet, as Assignments (the car's
  VIN and the releases to install, in order: its resolved chain). A transport sends them and then
  calls sent(); a car that is offline gets it when it reconnects (the transport's business: the
  assignment stays in the outbox until sent() is called for it).
- Reports come back through Fleet.receive(rollout_id, reports): (car_id, ok, detail).
- SimulatedDelivery is the transport for the simulated fleet (the cars answer at once, failure rates
  per brand and model). A NATS transport (tui/controller/net/nats.py) is the other one to write: it
  publishes each Assignment to the car's subject and collects the reports in batches.
- Signed metadata (Uptane, the car half's tui/controller/updates/repository.py): publish() puts a
  release in the image repository (its hardware ids from the electrical architectures it is for,
  its rules in the target's custom data); sign() has the director assign a batch of Assignments,
  one target per car and component, for the car's own hardware id. Both only when the operator
  names an update repository folder (`update keys init` makes one): the simulated fleet needs none.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.errors import CockpitError, NotAllowed


@dataclass(frozen=True)
class Assignment:
    rollout_id: int
    car_id: int
    vin: str
    releases: tuple  # ((component, version), ...) in install order
    architecture: str = ""  # the car's electrical architecture (its hardware ids come from it)
    attempt: int = 1  # a retry is a new attempt: the car's report names the one it answers

    def to_dict(self) -> dict:
        return {"rollout": self.rollout_id, "car": self.car_id, "vin": self.vin, "attempt": self.attempt,
                "install": [{"component": c, "version": v} for c, v in self.releases]}


def outbox(store, rollout_id: int, limit: int = 10_000) -> list[Assignment]:
    q = store.fleet
    releases = {r.id: (r.component, r.version) for r in q.releases()}
    return [Assignment(rollout_id, car_id, vin, tuple(releases[int(i)] for i in plan.split(",")), architecture,
                       attempts)
            for car_id, vin, plan, architecture, attempts in q.undelivered(rollout_id, limit)]


def sent(store, rollout_id: int, assignments) -> None:
    with store.write():
        store.fleet.mark_delivered(rollout_id, [a.car_id for a in assignments])


def component_id(component: str) -> str:
    """The car half's name of a component ("head_unit" -> "head-unit")."""
    return component.replace("_", "-")


def simulated_image(release) -> bytes:
    """The bytes of a simulated release (a real one comes from the build system)."""
    return f"SmartCockpit {release.component} {release.version}\n".encode() * 64


def publish(folder, release, architectures, payload: bytes | None = None) -> dict:
    """Put a release in the image repository, signed, for the hardware of these architectures."""
    from tui.controller.updates import repository
    from tui.controller.updates.components import hardware_id

    comp = component_id(release.component)
    hardware = sorted({hardware_id(a, comp) for a in architectures})
    if not hardware:
        raise NotAllowed("No car of the catalog can take this release: nothing was published.")
    rules = release.rules
    custom = {"fleet_release": release.id, "brands": rules.get("brands", []), "models": rules.get("models", []),
              "platforms": rules.get("platforms", []),
              "min_versions": {component_id(c): v for c, v in rules.get("min_installed", {}).items()},
              "depends_on": {component_id(c): v for c, v in rules.get("requires", {}).items()}}
    return repository.publish_release(folder, comp, release.version,
                                      simulated_image(release) if payload is None else payload, hardware,
                                      custom=custom, notes=release.notes)


def sign(folder, assignments) -> list[dict]:
    """The director assigns each car its chain, for its own hardware id, with one signature.
    Refused as a whole (nothing signed) when a release of a chain is not in the image repository."""
    from tui.controller.updates import repository
    from tui.controller.updates.components import hardware_id

    rows = [(a.vin, component_id(c), v, hardware_id(a.architecture, component_id(c)))
            for a in assignments for c, v in a.releases]
    if not rows:
        return []
    try:
        return repository.assign_many(folder, rows)
    except CockpitError as exc:
        raise NotAllowed(f"{exc} Nothing was assigned.") from None


class SimulatedDelivery:
    """The simulated fleet's transport: assignments out, the cars' answers in (SimulatedCars)."""

    def __init__(self, store, cars):
        self.store = store
        self.cars = cars

    def answer(self, rollout_id: int, limit: int) -> list[tuple[int, bool, str]]:
        targets = self.store.fleet.running(rollout_id, limit)
        return self.cars.answer(targets)


__all__ = ["Assignment", "outbox", "sent", "publish", "sign", "component_id", "SimulatedDelivery"]
