"""The install state machine: every step a committed state, so the car is never between versions.

    available -> downloading -> downloaded -> verified -> installing -> installed -> booting -> done
                      \\______________\\____________\\_____________> failed (still on the old slot)
                                                                 booting -> rolled_back (old slot again)

Each call of `advance` does one bounded piece of work (a chunk downloaded or written, a check, the
switch) and commits the state it reached in one transaction. Files are written before the commit
that counts them: a process killed at any point reopens on a committed state, cuts a partial file
back to what was counted and goes on. The active slot is only ever changed in one UPDATE (the
switch, or the switch back), and only to a slot whose image was written and read back whole.

Failures can be injected (`fail_at`: "download", "verify", "install" or "boot"), for the
simulator and tests: a failure before the switch leaves the car on its version; one at boot rolls
back to the previous slot, and says so.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHUNK = 64 * 1024
FAIL_POINTS = ("download", "verify", "install", "boot")
RUNNING = ("downloading", "downloaded", "verified", "installing", "installed", "booting")
WAITING = ("available", "postponed", "scheduled")
FINISHED = ("done", "failed", "rolled_back", "superseded")
PHASE = {"downloading": "Downloading", "downloaded": "Verifying", "verified": "Installing",
         "installing": "Installing", "installed": "Switching", "booting": "Starting the new version"}


class StepFailed(Exception):
    pass


class _Taken(Exception):
    """Another process (the app and the command line on one database) took this step first."""


@dataclass(frozen=True)
class Progress:
    """Where a job stands, for a progress bar: the phase, its fraction and the time left."""

    job_id: int
    component: str
    version: str
    state: str
    phase: str
    fraction: float  # 0..1 of the whole install (download counts half, writing the slot half)
    seconds_left: float | None
    message: str

    @property
    def finished(self) -> bool:
        return self.state in FINISHED


def other(slot: str) -> str:
    return "B" if slot == "A" else "A"


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _cut(path: Path, size: int) -> None:
    """Make the file exactly `size` bytes long (kept bytes beyond a commit are dropped)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.ftruncate(fd, size)
    finally:
        os.close(fd)


def _append(path: Path, offset: int, data: bytes) -> None:
    _cut(path, offset)
    fd = os.open(path, os.O_WRONLY, 0o600)
    try:
        os.lseek(fd, offset, os.SEEK_SET)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Installer:
    """Moves one car's jobs on, one committed step at a time."""

    def __init__(self, store, vin: str, folder: Path, clock, chunk: int = CHUNK):
        self.store = store
        self.q = store.updates
        self.vin = vin
        self.folder = Path(folder)
        self.clock = clock
        self.chunk = chunk

    # ------------------------------------------------------------------ files
    def part_file(self, job) -> Path:
        return _private_dir(self.folder / "downloads") / f"{job.component}-{job.version}.part"

    def slot_file(self, component: str, slot: str) -> Path:
        return _private_dir(self.folder / "slots") / f"{component}.{slot}.img"

    def span(self, job) -> tuple[int, int] | None:
        """(offset, size) of what the job's next download step reads; None when not downloading."""
        if job is None or job.state != "downloading":
            return None
        length, done = int(job.target["length"]), job.done_bytes
        return done, min(self.chunk, length - done) + (1 if done + self.chunk >= length else 0)

    @staticmethod
    def read(target: dict, offset: int, size: int) -> bytes:
        """`size` bytes of the image at `offset`, from the image repository's targets: a folder, or
        a web server (one ranged request per step); checked against the signed hashes afterwards.
        Files and the network only: any thread may run it (a screen reads on a worker thread)."""
        from tui.controller.updates.location import is_url, read_range

        source = target["source"]
        if is_url(source):
            return read_range(source, target["path"], offset, size)
        with open(Path(source) / target["path"], "rb") as f:
            f.seek(offset)
            return f.read(size)

    # ------------------------------------------------------------------ helpers
    def _now(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    def _stamp(self) -> float:
        return self.clock.now().timestamp()

    def _fail_point(self) -> str | None:
        return self.store.settings.get("updates.fail_at")

    def _take_failure(self, point: str) -> bool:
        """True when a failure was injected at this point (the failure's transaction uses it up)."""
        return self._fail_point() == point

    def active_slot(self, component: str) -> str:
        return next(r.active_slot for r in self.q.components(self.vin) if r.component == component)

    def slot(self, component: str, slot: str):
        return next(s for s in self.q.slots(self.vin, component) if s.slot == slot)

    # ------------------------------------------------------------------ starting
    def begin(self, job) -> None:
        """The job starts downloading into the slot that is not active (one transaction)."""
        with self.store.write():
            slot = other(self.active_slot(job.component))
            self.q.update_job(job.id, state="downloading", slot=slot, done_bytes=0, started_at=self._stamp(),
                              not_before=None, message="")
        part = self.part_file(job)
        if part.exists():
            part.unlink()

    # ------------------------------------------------------------------ one step
    @contextmanager
    def _committing(self, job):
        """A step's transaction, taken only if the job is still as this step found it (BEGIN
        IMMEDIATE serialises the processes; the one that comes second finds it moved on)."""
        with self.store.write():
            now = self.q.job(job.id)
            if now is None or (now.state, now.done_bytes) != (job.state, job.done_bytes):
                raise _Taken()
            yield

    def advance(self, job_id: int, seen=None, fetched=None):
        """One bounded step of the job; returns the job as committed afterwards. `seen`: the job as
        the caller read it (a process that read it before another took the step takes nothing).
        `fetched`: (offset, bytes or the OSError raised) read beforehand for a download step (by
        read(), on another thread); used only if the job still stands at that offset."""
        job = seen or self.q.job(job_id)
        if job is None or job.state not in RUNNING:
            return job
        step = getattr(self, "_" + job.state)
        try:
            step(job, fetched) if job.state == "downloading" else step(job)
        except _Taken:
            pass
        except StepFailed as exc:
            self._failed(job, str(exc))
        except OSError as exc:
            self._failed(job, f"the image could not be read or written ({exc.strerror or exc})")
        return self.q.job(job_id)

    def _downloading(self, job, fetched=None) -> None:
        length = int(job.target["length"])
        part = self.part_file(job)
        done = job.done_bytes
        if part.exists() and part.stat().st_size != done:
            _cut(part, done)  # bytes written after the last commit are not counted: read again
        if fetched is None:
            data = self.read(job.target, *self.span(job))
        elif fetched[0] != done:
            raise _Taken()  # read for an offset another step has gone past: this step takes nothing
        elif isinstance(fetched[1], BaseException):
            raise fetched[1]
        else:
            data = fetched[1]
        if done + len(data) > length:
            raise StepFailed("the file is longer than its signed length; it was not installed")
        if not data and done < length:
            raise StepFailed("the file is shorter than its signed length; it was not installed")
        if data:
            _append(part, done, data)
        done += len(data)
        with self._committing(job):
            if self._take_failure("download"):
                raise StepFailed("the download broke off (simulated)")
            if done >= length:
                self.q.update_job(job.id, state="downloaded", done_bytes=done)
            else:
                self.q.update_job(job.id, done_bytes=done)

    def _downloaded(self, job) -> None:
        """Verify the whole file against the length and hashes both repositories signed."""
        from tuf.api.exceptions import LengthOrHashMismatchError
        from tuf.api.metadata import TargetFile

        info = TargetFile.from_dict({k: job.target[k] for k in ("length", "hashes", "custom")
                                     if k in job.target}, job.target["path"])
        try:
            with open(self.part_file(job), "rb") as f:
                info.verify_length_and_hashes(f)
        except LengthOrHashMismatchError:
            raise StepFailed("the file's hash or length differs from the signed metadata; it was not installed")
        with self._committing(job):
            if self._take_failure("verify"):
                raise StepFailed("the file did not verify (simulated)")
            self.q.update_job(job.id, state="verified")

    def _verified(self, job) -> None:
        """The inactive slot is marked not bootable before a byte of it is written."""
        with self._committing(job):
            self.q.set_slot(self.vin, job.component, job.slot, None, None, "writing")
            self.q.update_job(job.id, state="installing", done_bytes=0, started_at=self._stamp())
        _cut(self.slot_file(job.component, job.slot), 0)

    def _installing(self, job) -> None:
        length = int(job.target["length"])
        image = self.slot_file(job.component, job.slot)
        done = job.done_bytes
        with open(self.part_file(job), "rb") as f:
            f.seek(done)
            data = f.read(min(self.chunk, length - done))
        if data:
            _append(image, done, data)
        done += len(data)
        with self._committing(job):
            if self._take_failure("install"):
                raise StepFailed("writing the new version failed (simulated)")
            if done < length:
                self.q.update_job(job.id, done_bytes=done)
                return
        written = sha256_of(image)
        want = job.target["hashes"].get("sha256")
        with self._committing(job):
            if written != want:
                self.q.set_slot(self.vin, job.component, job.slot, None, None, "empty")
                raise StepFailed("the new version did not read back whole")
            self.q.set_slot(self.vin, job.component, job.slot, job.version, written, "ok")
            self.q.update_job(job.id, state="installed", done_bytes=done)

    def _installed(self, job) -> None:
        """The switch: one UPDATE makes the new slot the one the component starts from."""
        with self._committing(job):
            self.q.activate(self.vin, job.component, job.slot)
            self.q.update_job(job.id, state="booting")

    def _booting(self, job) -> None:
        """The new version starts; if it does not, the previous slot is made active again."""
        previous = other(job.slot)
        with self._committing(job):
            if self._take_failure("boot"):
                self.store.settings.set("updates.fail_at", None)
                self.q.activate(self.vin, job.component, previous)
                old = self.slot(job.component, previous).version
                message = (f"{job.version} did not start; rolled back to {old} (slot {previous}).")
                self.q.update_job(job.id, state="rolled_back", message=message, finished_at=self._now())
                self.q.add_history(self.vin, job.component, self._now(), job.from_version, job.version,
                                   "rolled_back", message)
                return
            message = f"Installed {job.version} (slot {job.slot})."
            self.q.update_job(job.id, state="done", message=message, finished_at=self._now())
            self.q.add_history(self.vin, job.component, self._now(), job.from_version, job.version, "installed",
                               message)
        self._clean(job)

    def _failed(self, job, why: str) -> None:
        with self.store.write():
            if self._fail_point():
                self.store.settings.set("updates.fail_at", None)
            current = self.q.job(job.id)
            if current.state != job.state or current.finished_at is not None:
                return  # another process moved it on meanwhile
            if current.state == "booting":  # after the switch: back to the previous slot
                self.q.activate(self.vin, job.component, other(job.slot))
            if current.state in ("installing", "installed", "booting"):  # the slot written is no use
                self.q.set_slot(self.vin, job.component, job.slot, None, None, "empty")
            old = self.slot(job.component, self.active_slot(job.component)).version
            message = f"The update to {job.version} failed: {why}. Still on {old}; nothing changed."
            self.q.update_job(job.id, state="failed", message=message, finished_at=self._now())
            self.q.add_history(self.vin, job.component, self._now(), job.from_version, job.version, "failed", message)
        self._clean(job)

    def _clean(self, job) -> None:
        part = self.folder / "downloads" / f"{job.component}-{job.version}.part"
        if part.exists():
            part.unlink()

    # ------------------------------------------------------------------ progress
    def progress(self, job) -> Progress:
        length = max(int(job.target.get("length", 0)), 1)
        if job.state == "downloading":
            fraction = 0.5 * job.done_bytes / length
        elif job.state in ("downloaded", "verified"):
            fraction = 0.5
        elif job.state == "installing":
            fraction = 0.5 + 0.5 * job.done_bytes / length
        elif job.state in ("installed", "booting", "done"):
            fraction = 1.0
        else:
            fraction = 0.0
        left = None
        if job.state in ("downloading", "installing") and job.started_at and job.done_bytes:
            spent = max(self._stamp() - job.started_at, 0.001)
            rate = job.done_bytes / spent
            rest = (length - job.done_bytes) + (length if job.state == "downloading" else 0)
            left = rest / rate if rate > 0 else None
        return Progress(job.id, job.component, job.version, job.state, PHASE.get(job.state, job.state.title()),
                        min(max(fraction, 0.0), 1.0), left, job.message)


def consistent(store, vin: str) -> list[str]:
    """What is wrong with a car's slots (nothing, after any kill): every component starts from a
    slot that holds a whole version, and a running job never writes to the active slot."""
    problems = []
    q = store.updates
    slots = {(s.component, s.slot): s for s in q.slots(vin)}
    for row in q.components(vin):
        active = slots[(row.component, row.active_slot)]
        if active.state != "ok" or not active.version:
            problems.append(f"{row.component}: the active slot {row.active_slot} is {active.state}")
    for job in q.open_jobs(vin):
        row = next(r for r in q.components(vin) if r.component == job.component)
        if job.state in ("downloading", "downloaded", "verified", "installing", "installed") and job.slot == row.active_slot:
            problems.append(f"{job.component}: job {job.id} ({job.state}) writes to the active slot")
        if job.state == "booting" and job.slot != row.active_slot:
            problems.append(f"{job.component}: job {job.id} is booting a slot that is not active")
    return problems


__all__ = ["Installer", "Progress", "StepFailed", "FAIL_POINTS", "RUNNING", "WAITING", "FINISHED", "consistent",
           "other", "sha256_of"]
