"""Assignments and status reports over NATS JetStream (tui/controller/net/nats.py), on the same
server as profile sync. Both travel in streams, so nothing is lost while a car is offline:

- FLEET_ASSIGN, subject fleet.assign.<VIN>: one message per assignment (JSON: rollout, VIN,
  attempt, the releases in install order), message id "<rollout>:<VIN>:<attempt>" (a batch sent
  twice is stored once). A car reads its subject when it connects: what arrived while it was
  away is there.
- FLEET_REPORT, subject fleet.report.<rollout>: one message per report (JSON: VIN, attempt, ok,
  detail), message id "<rollout>:<VIN>:<attempt>" (a car that reports twice counts once). The
  operator side reads them in batches from the last sequence it took (kept in the database) and
  hands them to Fleet.receive, which ignores a report of an earlier attempt than the car's.

The asyncio functions here run on the caller's loop; the database is touched only by the sync
functions the caller runs on its own thread (Fleet.outbox / sent / receive).
"""

from __future__ import annotations

import json

ASSIGN_STREAM, ASSIGN_SUBJECTS = "FLEET_ASSIGN", ["fleet.assign.>"]
REPORT_STREAM, REPORT_SUBJECTS = "FLEET_REPORT", ["fleet.report.>"]
MARK_KEY = "fleet.report_seq.{rollout}"  # the last report sequence taken, per rollout (app settings)


def _subject_part(text: str) -> str:
    """A VIN or id as one subject token (letters and digits only)."""
    return "".join(ch for ch in str(text) if ch.isalnum())


async def ready(link) -> None:
    await link.stream(ASSIGN_STREAM, ASSIGN_SUBJECTS)
    await link.stream(REPORT_STREAM, REPORT_SUBJECTS)


# ---------------------------------------------------------------------- the operator's side
async def send(link, assignments) -> int:
    """Publish a batch of Assignments; the count the server stored (a repeat is not stored again)."""
    await ready(link)
    acks = await _in_flight([link.publish(f"fleet.assign.{_subject_part(a.vin)}",
                                          json.dumps(a.to_dict(), separators=(",", ":")).encode(),
                                          msg_id=f"{a.rollout_id}:{a.vin}:{a.attempt}") for a in assignments])
    return sum(not duplicate for _seq, duplicate in acks)


async def _in_flight(publishes, window: int = 256) -> list:
    """Await publishes `window` at a time (each waits for the server's ack; in order of the list)."""
    import asyncio

    done: list = []
    for i in range(0, len(publishes), window):
        done += await asyncio.gather(*publishes[i:i + window])
    return done


async def collect(link, rollout_id: int, after: int = 0, limit: int = 10_000) -> tuple[list[dict], int]:
    """The reports of a rollout stored after sequence `after`: (reports, the last sequence read)."""
    await ready(link)
    got = await link.messages(REPORT_STREAM, f"fleet.report.{int(rollout_id)}", limit=limit + after)
    reports, last = [], after
    for seq, data in got:
        if seq <= after:
            continue
        last = max(last, seq)
        try:
            r = json.loads(data)
            reports.append({"vin": str(r["vin"]), "attempt": int(r["attempt"]), "ok": bool(r["ok"]),
                            "detail": str(r.get("detail", ""))[:200]})
        except (ValueError, KeyError, TypeError):
            continue  # not a report: skipped, never fatal
        if len(reports) >= limit:
            break
    return reports, last


# ---------------------------------------------------------------------- a car's side
async def assignments_for(link, vin: str) -> list[dict]:
    """What the car `vin` was sent (newest last), also what arrived while it was offline."""
    await ready(link)
    return [json.loads(data) for _seq, data in
            await link.messages(ASSIGN_STREAM, f"fleet.assign.{_subject_part(vin)}")]


async def report(link, rollout_id: int, vin: str, attempt: int, ok: bool, detail: str = "") -> bool:
    """A car's status report; False when the server had it already."""
    await ready(link)
    _seq, duplicate = await _report(link, rollout_id, vin, attempt, ok, detail)
    return not duplicate


def _report(link, rollout_id: int, vin: str, attempt: int, ok: bool, detail: str = ""):
    body = json.dumps({"vin": vin, "attempt": attempt, "ok": ok, "detail": detail}).encode()
    return link.publish(f"fleet.report.{int(rollout_id)}", body, msg_id=f"{int(rollout_id)}:{vin}:{attempt}")


# ---------------------------------------------------------------------- the simulated fleet
async def simulated_round(link, fleet, rollout_id: int, reports: int, cars):
    """One round of the simulated fleet through the same path as real cars: the waiting
    assignments go out over NATS, up to `reports` running cars answer over NATS (SimulatedCars
    decides each), and the operator takes the reports in a batch. The database is used on this
    thread (the caller's), between the awaits."""
    rollout_id = int(rollout_id)
    batch = fleet.outbox(rollout_id, max(reports, 1))
    if batch:
        await send(link, batch)
        fleet.sent(rollout_id, batch)
    running = fleet.store.fleet.running(rollout_id, reports)
    vins = fleet.store.fleet.vins([t.car_id for t in running])
    await ready(link)
    await _in_flight([_report(link, rollout_id, vins[t.car_id], t.attempts, ok, detail)
                      for t, (_car, ok, detail) in zip(running, cars.answer(running))])
    taken, mark = await collect(link, rollout_id, fleet.report_mark(rollout_id), limit=max(reports, 1))
    return fleet.receive_by_vin(rollout_id, taken, mark)


__all__ = ["simulated_round", "send", "collect", "assignments_for", "report", "ready", "ASSIGN_STREAM",
           "REPORT_STREAM", "MARK_KEY"]
