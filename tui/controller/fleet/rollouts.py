"""A rollout's life, with hawkBit's semantics.

- start: the first group's cars get their assignment (running).
- Each status report from a car (in batches, taken in order, one at a time) finishes its target
  (success) or fails it (error). After each one:
  - error condition (the emergency stop): once at least `error_min_finished` cars of a group have
    finished (success or error), a failure rate (errors / finished) above `error_threshold` %
    pauses the whole rollout; a rollout resumed after that pauses again only on a new failure
    while the rate is still above it;
  - success condition: when `success_threshold` % of the newest started group's cars succeeded,
    the next group starts, or, when the rollout asks for approval, the rollout pauses until the
    operator resumes it (which starts that group).
  A car that reports after a pause or cancel still counts (it installed), but nothing new starts.
- pause / resume / cancel (scheduled and running targets cancelled) / retry (failed targets go
  again: running in a group that runs, the group reopened if it had finished).
- finished: every group has no scheduled or running car left.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.errors import InvalidValue, NotAllowed

DEFAULT_SUCCESS = 90.0  # % of a group's cars installed: the next group starts
DEFAULT_ERROR = 5.0  # % of a group's finished cars failed: the rollout pauses
DEFAULT_MIN_FINISHED = 20  # finished cars in a group before its failure rate counts
APPROVAL = "approval"


@dataclass
class GroupTally:
    no: int
    status: str
    total: int
    finished: int
    errors: int
    running: int
    scheduled: int
    acknowledged: int

    @property
    def done(self) -> int:
        return self.finished + self.errors

    @property
    def failure_rate(self) -> float:
        return 100.0 * self.errors / self.done if self.done else 0.0


@dataclass
class ReportResult:
    applied: int = 0
    ignored: int = 0
    paused_at: int | None = None  # the index (0-based) in the batch of the report that paused it
    started_groups: tuple = ()
    status: str = ""
    reason: str = ""


def check_thresholds(success: float, error: float, min_finished: int) -> None:
    if not 0 < success <= 100:
        raise InvalidValue("The success threshold is a percentage above 0 and at most 100.")
    if not 0 <= error < 100:
        raise InvalidValue("The error threshold is a percentage from 0 to below 100.")
    if min_finished < 1:
        raise InvalidValue("At least 1 finished car before the failure rate counts.")


class RolloutEngine:
    def __init__(self, store, clock):
        self.store = store
        self.q = store.fleet
        self.clock = clock

    def _now(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    def _rollout(self, rollout_id: int):
        r = self.q.rollout(rollout_id)
        if r is None:
            raise InvalidValue(f"There is no rollout {rollout_id}.")
        return r

    def _tallies(self, rollout_id: int) -> dict[int, GroupTally]:
        return {g.group_no: GroupTally(g.group_no, g.status, g.total, g.counts["finished"], g.counts["error"],
                                       g.counts["running"], g.counts["scheduled"], g.errors_acknowledged)
                for g in self.q.groups(rollout_id)}

    # ------------------------------------------------------------------ operator actions
    def start(self, rollout_id: int) -> ReportResult:
        with self.store.write():  # read and changed in one transaction: two operators can't both act
            r = self._rollout(rollout_id)
            if r.status != "ready":
                raise NotAllowed(f"Rollout {rollout_id} is {r.status}: only a ready rollout starts.")
            self.q.set_rollout(rollout_id, "running", "", self._now())
            tallies = self._tallies(rollout_id)
            result = ReportResult()
            if tallies:
                self._start_group(rollout_id, tallies, min(tallies), result)
            self._cascade(rollout_id, r, tallies, result)
            self._finish_if_done(rollout_id, tallies, result)
        return self._result(rollout_id, result)

    def pause(self, rollout_id: int, reason: str = "paused by the operator") -> None:
        with self.store.write():
            r = self._rollout(rollout_id)
            if r.status != "running":
                raise NotAllowed(f"Rollout {rollout_id} is {r.status}: only a running rollout pauses.")
            self.q.set_rollout(rollout_id, "paused", reason, self._now())

    def resume(self, rollout_id: int) -> ReportResult:
        """Go on after a pause: the failures seen so far are acknowledged; a pause for approval
        starts the group that waited."""
        result = ReportResult()
        with self.store.write():
            r = self._rollout(rollout_id)
            if r.status != "paused":
                raise NotAllowed(f"Rollout {rollout_id} is {r.status}: only a paused rollout resumes.")
            tallies = self._tallies(rollout_id)
            for t in tallies.values():
                if t.status == "running" and t.errors != t.acknowledged:
                    self.q.set_group(rollout_id, t.no, errors_acknowledged=t.errors)
                    t.acknowledged = t.errors
            self.q.set_rollout(rollout_id, "running", "", self._now())
            if r.pause_reason.startswith(APPROVAL):
                waiting = [t.no for t in tallies.values() if t.status == "scheduled"]
                if waiting:
                    self._start_group(rollout_id, tallies, min(waiting), result)
            self._cascade(rollout_id, r, tallies, result)
            self._finish_if_done(rollout_id, tallies, result)
        return self._result(rollout_id, result)

    def start_next(self, rollout_id: int) -> ReportResult:
        """The next group starts by hand (before its predecessor reached the success threshold);
        a paused rollout runs again."""
        result = ReportResult()
        with self.store.write():
            r = self._rollout(rollout_id)
            if r.status not in ("running", "paused"):
                raise NotAllowed(f"Rollout {rollout_id} is {r.status}: no group to start.")
            tallies = self._tallies(rollout_id)
            waiting = [t.no for t in tallies.values() if t.status == "scheduled"]
            if not waiting:
                raise NotAllowed(f"Rollout {rollout_id} has no group waiting.")
            self.q.set_rollout(rollout_id, "running", "", self._now())
            self._start_group(rollout_id, tallies, min(waiting), result)
            self._finish_if_done(rollout_id, tallies, result)
        return self._result(rollout_id, result)

    def cancel(self, rollout_id: int) -> int:
        with self.store.write():
            r = self._rollout(rollout_id)
            if r.status in ("cancelled", "finished"):
                raise NotAllowed(f"Rollout {rollout_id} is {r.status} already.")
            n = self.q.cancel_targets(rollout_id)
            for t in self._tallies(rollout_id).values():
                if t.status in ("scheduled", "running"):
                    self.q.set_group(rollout_id, t.no, status="cancelled")
            self.q.set_rollout(rollout_id, "cancelled", "cancelled by the operator", self._now())
        return n

    def retry(self, rollout_id: int) -> int:
        """The failed cars get their assignment again."""
        with self.store.write():
            r = self._rollout(rollout_id)
            if r.status in ("cancelled", "ready"):
                raise NotAllowed(f"Rollout {rollout_id} is {r.status}: nothing to retry.")
            tallies = self._tallies(rollout_id)
            reopen = [t.no for t in tallies.values() if t.errors and t.status == "finished"]
            for no in reopen:
                self.q.set_group(rollout_id, no, status="running")
            running = [t.no for t in tallies.values() if t.status == "running" or t.no in reopen]
            n = self.q.retry_errors(rollout_id, running)
            for t in tallies.values():
                if t.errors:
                    self.q.set_group(rollout_id, t.no, errors_acknowledged=0)
            if n and r.status == "finished":
                self.q.set_rollout(rollout_id, "running", "", self._now())
        return n

    # ------------------------------------------------------------------ reports
    def report(self, rollout_id: int, reports) -> ReportResult:
        """reports: (car_id, ok, detail) or (car_id, ok, detail, attempt) in the order they arrived
        (a report naming an earlier attempt than the car's current one is stale: ignored). One
        transaction."""
        result = ReportResult()
        reports = list(reports)
        with self.store.write():
            r = self._rollout(rollout_id)
            tallies = self._tallies(rollout_id)
            targets = self.q.targets(rollout_id, [rep[0] for rep in reports])
            state = {cid: t.status for cid, t in targets.items()}
            status = r.status
            changes, installs = [], {}
            for index, (car_id, ok, detail, *attempt) in enumerate(reports):
                t = targets.get(car_id)
                if t is None or state[car_id] != "running" or (attempt and attempt[0] != t.attempts):
                    result.ignored += 1
                    continue
                new = "finished" if ok else "error"
                state[car_id] = new
                changes.append((car_id, new, str(detail or "")[:200]))
                g = tallies[t.group_no]
                g.running -= 1
                if ok:
                    g.finished += 1
                    for rid in t.plan.split(","):
                        installs.setdefault(int(rid), []).append(car_id)
                else:
                    g.errors += 1
                result.applied += 1
                if status != "running":
                    continue
                tripped = self._error_condition(r, g)
                if tripped:
                    status = "paused"
                    result.paused_at = index
                    result.reason = tripped
                    self.q.set_rollout(rollout_id, "paused", tripped, self._now())
                    continue
                before = set(result.started_groups)
                status = self._cascade(rollout_id, r, tallies, result)
                for no in set(result.started_groups) - before:  # their cars may report in this batch
                    for cid, tt in targets.items():
                        if tt.group_no == no and state[cid] == "scheduled":
                            state[cid] = "running"
                if status == "paused":
                    result.paused_at = index
            self.q.set_target_states(rollout_id, changes)
            releases = {rel.id: rel for rel in self.q.releases()}
            for rid, cars in installs.items():
                rel = releases.get(rid)
                if rel is not None:
                    self.q.set_installed(rel.component, rel.version, cars)
            self._finish_if_done(rollout_id, tallies, result)
        return self._result(rollout_id, result)

    # ------------------------------------------------------------------ the conditions
    @staticmethod
    def _error_condition(r, g: GroupTally) -> str | None:
        """The sentence of an emergency stop, or None."""
        if g.done < r.error_min_finished or g.errors <= g.acknowledged:
            return None
        if g.failure_rate <= r.error_threshold:
            return None
        return (f"Group {g.no}: {g.errors} of {g.done} finished cars failed ({g.failure_rate:.1f} %, "
                f"more than {r.error_threshold:g} %).")

    @staticmethod
    def _success_reached(r, g: GroupTally) -> bool:
        return g.total == 0 or 100.0 * g.finished / g.total >= r.success_threshold

    def _cascade(self, rollout_id: int, r, tallies: dict[int, GroupTally], result: ReportResult) -> str:
        """While the newest started group has reached its success condition, start the next (or
        pause for approval). Returns the rollout's status."""
        while True:
            started = [t.no for t in tallies.values() if t.status != "scheduled"]
            waiting = [t.no for t in tallies.values() if t.status == "scheduled"]
            if not started or not waiting:
                return "running"
            newest = tallies[max(started)]
            if newest.status == "cancelled" or not self._success_reached(r, newest):
                return "running"
            nxt = min(waiting)
            if r.approval:
                reason = f"{APPROVAL}: group {newest.no} reached {r.success_threshold:g} %; resume starts group {nxt}."
                self.q.set_rollout(rollout_id, "paused", reason, self._now())
                result.reason = reason
                return "paused"
            self._start_group(rollout_id, tallies, nxt, result)

    def _start_group(self, rollout_id: int, tallies: dict[int, GroupTally], no: int, result: ReportResult) -> None:
        t = tallies[no]
        n = self.q.start_targets(rollout_id, no)
        self.q.set_group(rollout_id, no, status="running", started_at=self._now())
        t.status, t.running, t.scheduled = "running", t.running + n, t.scheduled - n
        result.started_groups = (*result.started_groups, no)

    def _finish_if_done(self, rollout_id: int, tallies: dict[int, GroupTally], result: ReportResult) -> None:
        for t in tallies.values():
            if t.status == "running" and t.running == 0 and t.scheduled == 0:
                self.q.set_group(rollout_id, t.no, status="finished")
                t.status = "finished"
        r = self.q.rollout(rollout_id)
        if r.status == "running" and all(t.status in ("finished", "cancelled") for t in tallies.values()):
            self.q.set_rollout(rollout_id, "finished", "", self._now())

    def _result(self, rollout_id: int, result: ReportResult) -> ReportResult:
        r = self.q.rollout(rollout_id)
        result.status = r.status
        result.reason = r.pause_reason or result.reason
        return result


__all__ = ["RolloutEngine", "ReportResult", "GroupTally", "check_thresholds", "DEFAULT_SUCCESS", "DEFAULT_ERROR",
           "DEFAULT_MIN_FINISHED"]
