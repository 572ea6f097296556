"""How far a rollout got: per group, brand and model, the cars scheduled, running, finished, failed
and cancelled, the progress and the failure rate (errors among the cars that finished)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Progress:
    key: str
    name: str
    total: int
    scheduled: int
    running: int
    finished: int
    errors: int
    cancelled: int
    status: str = ""

    @property
    def done(self) -> int:
        return self.finished + self.errors

    @property
    def progress(self) -> float:
        """% of the cars that finished (success or error)."""
        return 100.0 * self.done / self.total if self.total else 0.0

    @property
    def success_rate(self) -> float:
        return 100.0 * self.finished / self.total if self.total else 0.0

    @property
    def failure_rate(self) -> float:
        return 100.0 * self.errors / self.done if self.done else 0.0

    def to_dict(self) -> dict:
        out = asdict(self)
        out.update(progress=round(self.progress, 2), failure_rate=round(self.failure_rate, 2))
        return out


def progress_of(key: str, name: str, counts: dict, status: str = "", total: int | None = None) -> Progress:
    c = {s: counts.get(s, 0) for s in ("scheduled", "running", "finished", "error", "cancelled")}
    return Progress(key, name, sum(c.values()) if total is None else total, c["scheduled"], c["running"],
                    c["finished"], c["error"], c["cancelled"], status)


@dataclass(frozen=True)
class RolloutView:
    rollout: object  # store.fleet.Rollout
    release: object  # store.fleet.Release
    overall: Progress
    groups: list = field(default_factory=list)
    brands: list = field(default_factory=list)
    models: list = field(default_factory=list)

    def to_dict(self) -> dict:
        r, rel = self.rollout, self.release
        return {
            "id": r.id, "name": r.name, "status": r.status, "pause_reason": r.pause_reason,
            "release": {"id": rel.id, "component": rel.component, "version": rel.version},
            "filter": r.filter, "success_threshold": r.success_threshold, "error_threshold": r.error_threshold,
            "error_min_finished": r.error_min_finished, "approval": r.approval, "skipped": r.skipped,
            "overall": self.overall.to_dict(),
            "groups": [g.to_dict() for g in self.groups],
            "brands": [b.to_dict() for b in self.brands],
            "models": [m.to_dict() for m in self.models],
        }


def rollout_view(store, rollout_id: int, by=("brand_id", "model_id")) -> RolloutView | None:
    """The rollout's progress per group, and per brand and model when `by` names them (the two
    cost a join over the rollout's cars: a screen asks only for the one it shows)."""
    q = store.fleet
    r = q.rollout(rollout_id)
    if r is None:
        return None
    release = q.release(r.release_id)
    groups = [progress_of(str(g.group_no), g.name, g.counts, g.status) for g in q.groups(rollout_id)]
    brand_names = {b.id: b.name for b in store.catalog.brands()}
    model_names = {m.id: f"{brand_names.get(m.brand_id, m.brand_id)} {m.name} {m.model_year}"
                   for m in store.catalog.models()}
    brands = [progress_of(k, brand_names.get(k, k), v)
              for k, v in sorted(q.counts_by(rollout_id, "brand_id").items())] if "brand_id" in by else []
    models = [progress_of(k, model_names.get(k, k), v)
              for k, v in sorted(q.counts_by(rollout_id, "model_id").items())] if "model_id" in by else []
    total: dict = {}
    for g in groups:
        for s, n in (("scheduled", g.scheduled), ("running", g.running), ("finished", g.finished),
                     ("error", g.errors), ("cancelled", g.cancelled)):
            total[s] = total.get(s, 0) + n
    return RolloutView(r, release, progress_of("all", "all groups", total, r.status), groups, brands, models)


__all__ = ["Progress", "RolloutView", "progress_of", "rollout_view"]
