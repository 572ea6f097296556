"""Software updates on this car: the domain the Software Update screen and `update` commands use.

Modules, one per reason to change:
- components.py      what can be updated (head unit, driver assistance, ...), hardware ids, versions
- preconditions.py   whether the car may install now, and what to do when it may not
- install.py         the install state machine over A/B slots, one committed step at a time
- trust.py           the car's verification of the signed director and image repositories (tuf)
- repository.py      the publishing side: keys, releases, assignments (`update keys init`, the fleet)
- demo.py            the demo car's repository with one update waiting, made on first use

Built on first use (not at start-up): tuf and cryptography load only when updates are checked.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from tui.controller.errors import CockpitError, InvalidValue, NotAllowed, UnknownName
from tui.controller.updates.components import BY_ID, COMPONENTS, Component, component, hardware_id
from tui.controller.updates.location import check_url, is_url
from tui.controller.updates.install import FAIL_POINTS, RUNNING, WAITING, Installer, Progress, consistent, other
from tui.controller.updates.preconditions import Check, checks, failed

REPOSITORY_KEY = "updates.repository"
NIGHT_HOUR = 2  # "tonight" means 02:00, when the car is least likely to be needed
POSTPONE = timedelta(days=1)


@dataclass(frozen=True)
class ComponentStatus:
    component: Component
    version: str | None  # the version the active slot holds
    active_slot: str
    other_version: str | None  # what the other slot holds (the previous version, after an update)
    other_state: str
    job: object | None  # the open job (store.updates.Job), if any

    @property
    def name(self) -> str:
        return self.component.name


_READER = []


def _reader():
    """One thread that reads install steps for the app's tick (files or the network, no database)."""
    if not _READER:
        from concurrent.futures import ThreadPoolExecutor

        _READER.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="updates-read"))
    return _READER[0]


_CHECKING = threading.Lock()  # one check at a time: each refreshes the car's trusted metadata files


@dataclass(frozen=True)
class CheckPlan:
    """A check of the signed repositories, ready to run on any thread (it touches no database)."""

    car_folder: Path
    repository: Path | str  # a folder, or a web server's URL
    vin: str
    hardware: dict
    installed: dict
    demo: bool = False

    def run(self):
        from tui.controller.updates.trust import Verdict, verify

        with _CHECKING:
            if self.demo:
                from tui.controller.updates.demo import build

                build(self.repository, self.hardware, self.vin)
            if not is_url(self.repository) and not (self.repository / "image" / "metadata" / "root.json").exists():
                return Verdict(error=f"No update repository at {self.repository}: run `smartcockpit update keys init`.")
            return verify(self.car_folder, self.repository, self.vin, self.hardware, self.installed)


class Updates:
    def __init__(self, controller):
        self.c = controller
        self.store = controller.store
        self.q = controller.store.updates
        self.chunk: int | None = None  # bytes per step (None: install.CHUNK); tests make it small
        self._pending = None  # the tick's download read under way on the reading thread (a Future)

    # ------------------------------------------------------------------ where things are
    @property
    def vin(self) -> str:
        return self.c.car.vin

    def folder(self) -> Path:
        path = self.store.path.parent / "updates"
        path.mkdir(exist_ok=True, mode=0o700)  # the car's trusted metadata, downloads and slot images
        return path

    def car_folder(self) -> Path:
        path = self.folder() / self.vin
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def repository(self) -> Path:
        """The update repository's folder (where releases are published; the demo's by default)."""
        chosen = self.store.settings.get(REPOSITORY_KEY)
        return Path(chosen) if chosen and not is_url(chosen) else self.folder() / "repository"

    def source(self):
        """Where the car reads its repositories: the folder, or a web server's URL (http, https)."""
        chosen = self.store.settings.get(REPOSITORY_KEY)
        return chosen if is_url(chosen) else self.repository()

    def ensure_demo(self) -> bool:
        """The demo repository with one update waiting, made on first use (demo.py)."""
        from tui.controller.updates.demo import ensure_demo

        return ensure_demo(self)

    def set_repository(self, folder) -> None:
        """Read updates from this folder, or from this web server (http:// or https://)."""
        value = self.repository_value(folder)
        with self.store.write():
            self.store.settings.set(REPOSITORY_KEY, value)
        self.c.wrote()

    @staticmethod
    def repository_value(folder) -> str:
        """A repository as kept: an existing folder's full path, or a checked http(s) address."""
        text = str(folder)
        if is_url(text) or "://" in text:
            return check_url(text)
        shown = text if len(text) <= 80 and text.isprintable() else text[:60].encode("unicode_escape").decode() + "…"
        if not text.strip() or not text.isprintable():
            raise InvalidValue(f"{shown!r} is not a folder's name.")
        try:
            path = Path(text).expanduser().resolve()
            there = path.is_dir()
        except (OSError, RuntimeError):  # a name too long for the system, a loop of links
            raise InvalidValue(f"{shown!r} is not a folder this car can read.") from None
        if not there:
            raise InvalidValue(f"There is no folder {shown!r} (an update repository is a folder or an http(s) address).")
        return str(path)

    def installer(self) -> Installer:
        kwargs = {"chunk": self.chunk} if self.chunk else {}
        return Installer(self.store, self.vin, self.car_folder(), self.c.clock, **kwargs)

    def hardware(self) -> dict[str, str]:
        return {c.id: hardware_id(self.c.car.model.architecture, c.id) for c in COMPONENTS}

    # ------------------------------------------------------------------ what is installed
    def ensure(self) -> None:
        """A car seen for the first time gets its factory versions in slot A."""
        known = {r.component for r in self.q.components(self.vin)}
        missing = [c for c in COMPONENTS if c.id not in known]
        if missing:
            with self.store.write():
                for c in missing:
                    self.q.add_component(self.vin, c.id, c.factory_version, None)
                    self.q.add_history(self.vin, c.id, self._now(), None, c.factory_version, "factory",
                                       "The version the car left the factory with.")
            self.c.wrote()

    def status(self) -> list[ComponentStatus]:
        self.ensure()
        slots = {(s.component, s.slot): s for s in self.q.slots(self.vin)}
        jobs = {j.component: j for j in self.q.open_jobs(self.vin)}
        out = []
        for row in self.q.components(self.vin):
            if row.component not in BY_ID:
                continue
            active, spare = slots[(row.component, row.active_slot)], slots[(row.component, other(row.active_slot))]
            out.append(ComponentStatus(BY_ID[row.component], active.version, row.active_slot, spare.version,
                                       spare.state, jobs.get(row.component)))
        return out

    def installed(self) -> dict[str, str | None]:
        return {s.component.id: s.version for s in self.status()}

    def problems(self) -> list[str]:
        """Anything inconsistent in the slots (an empty list, always: tests check it after kills)."""
        return consistent(self.store, self.vin)

    # ------------------------------------------------------------------ checking
    def check(self, source=None):
        """Refresh both signed repositories and keep what they agree on as available updates.
        Returns the trust.Verdict (offers, refusals per component, or an error for everything).
        source: read from this folder or address instead, kept for the next checks only when the
        check did not fail."""
        if source is None:
            return self.apply_check(self.check_plan().run())
        value = self.repository_value(source)
        plan = replace(self.check_plan(), repository=value if is_url(value) else Path(value))
        verdict = self.apply_check(plan.run())
        if not verdict.error:
            with self.store.write():
                self.store.settings.set(REPOSITORY_KEY, value)
            self.c.wrote()
        return verdict

    def check_plan(self, demo: bool = False) -> "CheckPlan":
        """What a check needs, read here, on the database's thread; its run() reads and writes
        files only, so a screen runs it on a worker thread and hands the verdict back to
        apply_check() on this thread. demo: make the demo's repository first if the car has none."""
        self.ensure()
        return CheckPlan(self.car_folder(), self.source(), self.vin, self.hardware(), self.installed(),
                         demo and not self.store.settings.get(REPOSITORY_KEY))

    def apply_check(self, verdict):
        """Keep a check's offers as available updates (on the database's thread)."""
        if verdict.error:
            return verdict
        now = self._now()
        with self.store.write():
            open_jobs = {j.component: j for j in self.q.open_jobs(self.vin)}
            for offer in verdict.offers:
                job = open_jobs.get(offer.component)
                if job is not None:
                    if job.state in RUNNING or job.version == offer.version:
                        continue  # one at a time; the same offer keeps its postponement
                    self.q.update_job(job.id, state="superseded", finished_at=now,
                                      message=f"Replaced by {offer.version}.")
                self.q.add_job(self.vin, offer.component, offer.version, self.installed_version(offer.component),
                               offer.target, now)
        self.c.wrote()
        return verdict

    def installed_version(self, component_id: str) -> str | None:
        return self.installed().get(component_id)

    def available(self) -> list:
        """Updates waiting for the driver: available, postponed or scheduled."""
        self.ensure()
        return [j for j in self.q.open_jobs(self.vin) if j.state in WAITING]

    def _job_for(self, name: str):
        comp = component(name)
        job = next((j for j in self.q.open_jobs(self.vin) if j.component == comp.id), None)
        if job is None:
            raise UnknownName(f"No update is waiting for the {comp.name.lower()}: check for updates first.")
        return job

    # ------------------------------------------------------------------ preconditions
    def preconditions(self, name: str) -> list[Check]:
        comp = component(name)
        moving, _current = self.c.motion()
        from tui.controller import units

        return checks(self.c.state(), moving, self.c.clock.now(), comp.install_minutes,
                      lambda moment: units.clock_text(moment, self.c.unit("TimeFormat")))

    # ------------------------------------------------------------------ the driver's choices
    def decide(self, source: str = "ui"):
        return self.c.authority.decide("update.install", source=source)

    def install(self, name: str, pin: str | None = None, source: str = "ui") -> Progress:
        """Start installing the waiting update of a component: the authority first, then every
        precondition (all that fail are named), then the download begins."""
        job = self._job_for(name)
        if job.state in RUNNING:
            return self.installer().progress(job)
        self.c.authority.require("update.install", pin=pin, source=source)
        running = [j for j in self.q.open_jobs(self.vin) if j.state in RUNNING]
        if running:
            raise NotAllowed(f"{BY_ID[running[0].component].name} is updating; one update at a time.")
        self._check_preconditions(job.component)
        installer = self.installer()
        installer.begin(job)
        self.c.wrote()
        return installer.progress(self.q.job(job.id))

    def _check_preconditions(self, component_id: str) -> None:
        bad = failed(self.preconditions(component_id))
        if bad:
            raise NotAllowed("Not now: " + " ".join(c.text for c in bad))

    def postpone(self, name: str, pin: str | None = None, source: str = "ui") -> datetime:
        return self._later(name, self.c.clock.now() + POSTPONE, "postponed", pin, source)

    def schedule_night(self, name: str, pin: str | None = None, source: str = "ui") -> datetime:
        now = self.c.clock.now()
        night = now.replace(hour=NIGHT_HOUR, minute=0, second=0, microsecond=0)
        if night <= now:
            night += timedelta(days=1)
        return self._later(name, night, "scheduled", pin, source)

    def _later(self, name: str, when: datetime, state: str, pin, source: str) -> datetime:
        job = self._job_for(name)
        if job.state in RUNNING:
            raise NotAllowed("This update is already installing.")
        self.c.authority.require("update.install", pin=pin, source=source)
        with self.store.write():
            self.q.update_job(job.id, state=state, not_before=when.isoformat(timespec="minutes"))
        self.c.wrote()
        return when

    # ------------------------------------------------------------------ running
    def running(self):
        return next((j for j in self.q.open_jobs(self.vin) if j.state in RUNNING), None)

    def step(self, fetched=None) -> Progress | None:
        """One committed step of the update that is installing (None when none is). `fetched`:
        what fetch() returned, read on another thread (the download step then reads nothing)."""
        job = self.running()
        if job is None:
            return None
        installer = self.installer()
        job = installer.advance(job.id, fetched=fetched)
        self.c.wrote()
        return installer.progress(job)

    def fetch(self):
        """For a screen: the read the next download step needs, as a function that any thread may
        run (the file or the web server only, no database), giving what step(fetched=...) takes;
        None when the next step reads nothing (not downloading)."""
        job = self.running()
        installer = self.installer()
        span = installer.span(job)
        if span is None:
            return None
        target = dict(job.target)

        def read():
            try:
                return span[0], installer.read(target, *span)
            except OSError as exc:  # the step fails with it, on the database's thread
                return span[0], exc

        return read

    def job_progress(self, job_id: int) -> Progress | None:
        """Where a job stands, running or finished (the screen's last word on an install)."""
        job = self.q.job(job_id)
        return self.installer().progress(job) if job is not None else None

    def progress(self) -> Progress | None:
        job = self.running()
        return self.installer().progress(job) if job else None

    def run(self, name: str, on_progress=None, pin: str | None = None, source: str = "cli") -> Progress:
        """Install and go on until the update is done, failed or rolled back."""
        progress = self.install(name, pin=pin, source=source)
        while not progress.finished:
            progress = self.step()
            if progress is None:
                break
            if on_progress:
                on_progress(progress)
        return progress

    def tick(self) -> None:
        """A scheduled install whose time came starts when the car allows it; a running one moves on."""
        if self.running() is not None:
            self._tick_step()
            return
        now = self.c.clock.now()
        for job in self.q.open_jobs(self.vin):
            if job.state == "scheduled" and job.not_before and datetime.fromisoformat(job.not_before) <= now:
                if not failed(self.preconditions(job.component)):
                    self.installer().begin(job)
                    self.c.wrote()
                    return

    def _tick_step(self) -> None:
        """The app's tick moves a running install on without reading on its own thread: a download
        step's read goes to the updates' reading thread, and a later tick commits it."""
        pending = self._pending
        if pending is not None:
            if pending.done():
                self._pending = None
                self.step(fetched=pending.result())
            return
        read = self.fetch()
        if read is None:
            self.step()
            return
        self._pending = _reader().submit(read)

    # ------------------------------------------------------------------ history and test hooks
    def history(self, name: str | None = None):
        return self.q.history(self.vin, component(name).id if name else None)

    def fail_next(self, point: str | None) -> None:
        """Make the next install fail at this point (the simulator's and tests' hook)."""
        if point is not None and point not in FAIL_POINTS:
            raise CockpitError(f"A failure can be injected at: {', '.join(FAIL_POINTS)}.")
        with self.store.write():
            self.store.settings.set("updates.fail_at", point)
        self.c.wrote()

    def summary(self) -> str:
        running = self.running()
        if running is not None:
            return f"Installing {BY_ID[running.component].name.lower()}"
        waiting = len([j for j in self.q.open_jobs(self.vin) if j.state in WAITING])
        return f"{waiting} update{'s' if waiting != 1 else ''} available" if waiting else "Up to date"

    def _now(self) -> str:
        return self.c.clock.now().isoformat(timespec="seconds")


__all__ = ["Updates", "CheckPlan", "ComponentStatus", "COMPONENTS", "FAIL_POINTS"]
