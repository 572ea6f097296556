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
- Signed metadata: the director's targets for a car are the car half's
  (tui/controller/updates/repository.py assign(), when present); see director_assign().
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class Assignment:
    rollout_id: int
    car_id: int
    vin: str
    releases: tuple  # ((component, version), ...) in install order

    def to_dict(self) -> dict:
        return {"rollout": self.rollout_id, "car": self.car_id, "vin": self.vin,
                "install": [{"component": c, "version": v} for c, v in self.releases]}


def outbox(store, rollout_id: int, limit: int = 10_000) -> list[Assignment]:
    q = store.fleet
    releases = {r.id: (r.component, r.version) for r in q.releases()}
    return [Assignment(rollout_id, car_id, vin, tuple(releases[int(i)] for i in plan.split(",")))
            for car_id, vin, plan in q.undelivered(rollout_id, limit)]


def sent(store, rollout_id: int, assignments) -> None:
    with store.write():
        store.fleet.mark_delivered(rollout_id, [a.car_id for a in assignments])


def director_assign(assignments) -> bool:
    """Hand the assignments to the car half's director repository when it offers assign();
    False when it does not exist (yet): the simulated fleet needs no signed metadata."""
    if importlib.util.find_spec("tui.controller.updates.repository") is None:
        return False
    from tui.controller.updates import repository

    assign = getattr(repository, "assign", None)
    if assign is None:
        return False
    assign(assignments)  # the seam: its signature is the car half's to settle
    return True


class SimulatedDelivery:
    """The simulated fleet's transport: assignments out, the cars' answers in (SimulatedCars)."""

    def __init__(self, store, cars):
        self.store = store
        self.cars = cars

    def answer(self, rollout_id: int, limit: int) -> list[tuple[int, bool, str]]:
        targets = self.store.fleet.running(rollout_id, limit)
        return self.cars.answer(targets)


__all__ = ["Assignment", "outbox", "sent", "director_assign", "SimulatedDelivery"]
