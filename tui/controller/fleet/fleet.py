"""The fleet operator's entry point: every action asks the authority (fleet.read to look,
fleet.manage to change: the operator PIN, parked, never in valet mode), then does its work in one
write transaction. Screens and the command line call these methods and nothing below them."""

from __future__ import annotations

from tui.controller.errors import InvalidValue, NotAllowed
from tui.controller.fleet import compat, delivery, generate, planning, progress, releases, rollouts, simulate, versions


class Fleet:
    def __init__(self, controller):
        self.c = controller
        self.store = controller.store
        self.engine = rollouts.RolloutEngine(controller.store, controller.clock)

    # ------------------------------------------------------------------ who
    def open_for_operator(self, pin: str | None, source: str = "ui") -> None:
        """Looking at the fleet: the operator PIN (a missing one is asked for, not counted)."""
        self.c.authority.require("fleet.read", pin=pin, source=source)

    def _manage(self, pin: str | None, source: str) -> None:
        self.c.authority.require("fleet.manage", pin=pin, source=source)

    def check_manager(self, pin: str | None, source: str = "ui") -> None:
        """May the operator change the fleet now (before a run of many actions, as the screen's
        background run)? Raises as the actions do."""
        self._manage(pin, source)

    def _now(self) -> str:
        return self.c.clock.now().isoformat(timespec="seconds")

    # ------------------------------------------------------------------ the fleet
    def generate(self, count: int = generate.DEFAULT_CARS, seed: int = 20, pin: str | None = None,
                 source: str = "ui") -> int:
        """Replace the simulated fleet with `count` cars; its rollouts end (cancelled, kept)."""
        self._manage(pin, source)
        rows = generate.fleet_rows(count, self.store.catalog.models(), self.store.catalog.brands(), seed)
        with self.store.write():
            self.store.fleet.replace_cars(rows, self._now())
        return len(rows)

    def car_count(self) -> int:
        return self.store.fleet.car_count()

    def cars_by(self, column: str = "brand_id") -> dict[str, int]:
        return self.store.fleet.fleet_counts(column)

    # ------------------------------------------------------------------ releases
    def rule_choices(self) -> releases.RuleChoices:
        """What a release's rules may name: the catalog's brands, models, platforms, architectures."""
        return releases.choices(self.store.catalog)

    def check_release(self, component: str, version: str, notes: str = "", rules: dict | None = None
                      ) -> releases.Draft:
        """The checks add_release makes, without storing (the screen's form says what is wrong first)."""
        return releases.check(self.store.catalog, self.store.fleet.releases(), component, version, notes, rules)

    def repository(self):
        """The update repository releases are signed into, when it has its keys (`update keys init`
        made it, or the Software Update tile's demo); None when there is none to sign into."""
        folder = self.c.updates.repository()
        return folder if (folder / "keys").is_dir() else None

    def add_release(self, component: str, version: str, notes: str = "", rules: dict | None = None,
                    pin: str | None = None, source: str = "ui", folder=None, image=None, payload: bytes | None = None):
        """Store a release with its rules, and, given a repository `folder`, sign it into the image
        repository there (its file read from the path `image`, or `payload`, or built as the
        simulated image) in the same step: when signing fails nothing is stored."""
        draft = self.check_release(component, version, notes, rules)
        if image is not None:
            payload = releases.read_image(image)
        self._manage(pin, source)
        q = self.store.fleet
        with self.store.write():
            rid = q.add_release(draft.component, draft.version, draft.notes, draft.rules, self._now())
            release = q.release(rid)
            if folder is not None:
                self._publish(release, folder, payload)
        return release

    def releases(self):
        return self.store.fleet.releases()

    # ------------------------------------------------------------------ rollouts
    def create_rollout(self, release_id: int, name: str = "", percentages=None, group_filters=None,
                       target_filter: dict | None = None, success_threshold: float = rollouts.DEFAULT_SUCCESS,
                       error_threshold: float = rollouts.DEFAULT_ERROR,
                       error_min_finished: int = rollouts.DEFAULT_MIN_FINISHED, approval: bool = False,
                       pin: str | None = None, source: str = "ui"):
        """Plan a rollout of a release over the fleet (its filter, the release's rules, groups)."""
        q = self.store.fleet
        release = q.release(int(release_id))
        if release is None:
            raise InvalidValue(f"There is no release {release_id}.")
        rollouts.check_thresholds(float(success_threshold), float(error_threshold), int(error_min_finished))
        flt = planning.normalize_filter(target_filter)
        groups = planning.group_specs(percentages, group_filters)
        self._manage(pin, source)
        if q.car_count() == 0:
            raise NotAllowed("The fleet has no cars: generate one first.")
        ota = {m.id for m in self.store.catalog.models() if m.features.get("ota")}
        name = str(name or "").strip()[:80] or f"{versions.label(release.component)} {release.version}"
        with self.store.write():
            rid = q.add_rollout(name, release.id, flt, float(success_threshold), float(error_threshold),
                                int(error_min_finished), bool(approval), {}, self._now())
            releases = q.releases()
            columns = ("id", "brand_id", "model_id", "platform", "architecture", "region",
                       *planning.touched(release, releases))
            plan = planning.plan_rollout(rid, release, releases, q.car_rows(columns), ota, flt, groups)
            q.add_groups(rid, [(no, g["name"], {"filter": g["filter"], "percent": g["percent"]}, total)
                               for no, (g, total) in enumerate(zip(groups, plan.totals), 1)])
            q.add_targets(rid, plan.targets)
            q.set_skipped(rid, plan.skipped)
        return q.rollout(rid)

    def rollouts(self):
        return self.store.fleet.rollouts()

    def status(self, rollout_id: int, by=("brand_id", "model_id")) -> progress.RolloutView:
        view = progress.rollout_view(self.store, int(rollout_id), by)
        if view is None:
            raise InvalidValue(f"There is no rollout {rollout_id}.")
        return view

    def start(self, rollout_id: int, pin: str | None = None, source: str = "ui"):
        self._manage(pin, source)
        return self.engine.start(int(rollout_id))

    def pause(self, rollout_id: int, pin: str | None = None, source: str = "ui") -> None:
        self._manage(pin, source)
        self.engine.pause(int(rollout_id))

    def resume(self, rollout_id: int, pin: str | None = None, source: str = "ui"):
        self._manage(pin, source)
        return self.engine.resume(int(rollout_id))

    def start_next(self, rollout_id: int, pin: str | None = None, source: str = "ui"):
        self._manage(pin, source)
        return self.engine.start_next(int(rollout_id))

    def cancel(self, rollout_id: int, pin: str | None = None, source: str = "ui") -> int:
        self._manage(pin, source)
        return self.engine.cancel(int(rollout_id))

    def retry(self, rollout_id: int, pin: str | None = None, source: str = "ui") -> int:
        self._manage(pin, source)
        return self.engine.retry(int(rollout_id))

    # ------------------------------------------------------------------ the cars' side
    def receive(self, rollout_id: int, reports) -> rollouts.ReportResult:
        """A batch of status reports from the cars (the transport authenticated them):
        (car_id, ok, detail), in the order they arrived."""
        return self.engine.report(int(rollout_id), reports)

    def outbox(self, rollout_id: int, limit: int = 10_000) -> list[delivery.Assignment]:
        return delivery.outbox(self.store, int(rollout_id), limit)

    def sent(self, rollout_id: int, assignments) -> None:
        delivery.sent(self.store, int(rollout_id), assignments)

    def publish_release(self, release_id: int, folder, payload: bytes | None = None, pin: str | None = None,
                        source: str = "ui") -> dict:
        """Sign a release into the image repository at `folder` (the car half's TUF repositories),
        for the hardware of every architecture its rules allow among the catalog's OTA models."""
        release = self.store.fleet.release(int(release_id))
        if release is None:
            raise InvalidValue(f"There is no release {release_id}.")
        self._manage(pin, source)
        return self._publish(release, folder, payload)

    def _publish(self, release, folder, payload: bytes | None) -> dict:
        archs = {m.architecture for m in self.store.catalog.models()
                 if m.features.get("ota") and compat.model_matches(release.rules, m)}
        return delivery.publish(folder, release, archs, payload)

    def deliver(self, rollout_id: int, folder=None, limit: int = 10_000, pin: str | None = None,
                source: str = "ui", carry=None) -> list[delivery.Assignment]:
        """A batch of the outbox goes out: signed by the director at `folder` when given (one
        target per car and component), carried by `carry(batch)` when given (the NATS transport),
        then marked sent. When signing or carrying fails nothing is marked: the batch goes again."""
        self._manage(pin, source)
        batch = self.outbox(int(rollout_id), limit)
        if folder is not None:
            delivery.sign(folder, batch)
        if carry is not None and batch:
            carry(batch)
        self.sent(int(rollout_id), batch)
        return batch

    def report_mark(self, rollout_id: int) -> int:
        """The last sequence of the report stream taken for this rollout (0: none yet)."""
        from tui.controller.fleet.transport import MARK_KEY

        return int(self.store.settings.get(MARK_KEY.format(rollout=int(rollout_id)), 0))

    def receive_by_vin(self, rollout_id: int, reports, mark: int | None = None) -> rollouts.ReportResult:
        """Reports as a transport carries them ({"vin", "attempt", "ok", "detail"}), and the stream
        sequence they reach, taken in one transaction (a crash takes them again, and again only
        once: reports are idempotent)."""
        from tui.controller.fleet.transport import MARK_KEY

        reports = list(reports)
        ids = self.store.fleet.car_ids({r["vin"] for r in reports})
        rows = [(ids.get(r["vin"], -1), r["ok"], r.get("detail", ""), r["attempt"]) for r in reports]
        with self.store.write():
            result = self.receive(int(rollout_id), rows)
            if mark is not None:
                self.store.settings.set(MARK_KEY.format(rollout=int(rollout_id)), int(mark))
        return result

    def simulate(self, rollout_id: int, reports: int = 1000, rates: dict | None = None, seed: int = 20,
                 pin: str | None = None, source: str = "ui", cars: simulate.SimulatedCars | None = None):
        """The simulated fleet answers: the outbox goes out, then up to `reports` running cars
        report success or failure (failure rates per brand/model, seeded)."""
        self._manage(pin, source)
        return self.advance(int(rollout_id), reports, cars or simulate.SimulatedCars(rates, seed))

    def advance(self, rollout_id: int, reports: int, cars: simulate.SimulatedCars) -> rollouts.ReportResult:
        """One batch of the simulated fleet (no PIN: the caller was authorized once, as the
        operator screen's background run or simulate() above)."""
        if reports < 1:
            raise InvalidValue("At least one report.")
        r = self.store.fleet.rollout(rollout_id)
        if r is None:
            raise InvalidValue(f"There is no rollout {rollout_id}.")
        self.sent(rollout_id, self.outbox(rollout_id, reports))
        answers = delivery.SimulatedDelivery(self.store, cars).answer(rollout_id, reports)
        return self.receive(rollout_id, answers)


__all__ = ["Fleet"]
