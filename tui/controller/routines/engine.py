"""`Routines` (``controller.routines``), the engine: it keeps the routines, reacts to the car's
signals and the home's events, and runs what fires.

Triggers: the car comes within a distance of home or leaves it; ignition on or off; a time of day
on chosen weekdays; outside or cabin temperature above or below a value; charge below a value; a
home device changes; or by hand only. The routines react to the car's signals through controller
events, edge-triggered: a reading crossing a value fires once, not on every sample, and
arrive/leave use a hysteresis so GPS jitter at the edge does not fire again.

Every run is logged with what it did and why (or why it did nothing). A routine that cannot work is
refused when saved (checks.py), one whose conditions do not hold does nothing (conditions.py), and
one that stops working (another car, a device removed) logs why at run time (actions.py). A
question waits for the driver (questions.py) before its action runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.controller.errors import InvalidValue, NotAllowed, UnknownName
from tui.controller.events import ContextChanged, Event, StateChanged
from tui.controller.labels import channel_text
from tui.controller.home import LAT, LON, VALET, EntityChanged, HomeChanged, distance_m
from tui.controller.routines.actions import Step, do_action, question_prompt, would_do
from tui.controller.routines.checks import find_problems
from tui.controller.routines.conditions import compare, why_blocked
from tui.controller.routines.demo import seed_demo_routines
from tui.controller.routines.describe import (clock, describe_routine, device_name, hhmm, mm_text, owner_text,
                                              value_text)
from tui.controller.routines.editor import RoutineDraft
from tui.controller.routines.questions import Question, Questions
from tui.controller.routines.vocabulary import IGNITION, IGNITION_ON, PLUGGED, READING_NAMES, READINGS, Routine


@dataclass(frozen=True)
class RoutinesChanged(Event):
    what: str


@dataclass(frozen=True)
class RoutineRan(Event):
    routine_id: int
    outcome: str
    why: str


@dataclass(frozen=True)
class DryRun:
    routine: str
    blocked: str | None  # why it would do nothing now, or None
    steps: list  # what each action would do

    def lines(self) -> list[str]:
        head = f"{self.routine}: would do nothing now ({self.blocked})." if self.blocked else \
            f"{self.routine}: if triggered now it would:"
        return [head] + [f"  - {s}" for s in self.steps]


class Routines:
    """controller.routines"""

    def __init__(self, controller) -> None:
        self.c = controller
        self._questions = Questions(controller)
        self._inside: dict[int, bool] = {}  # arrive/leave routine id -> car inside its circle
        self._routines: list[Routine] = []
        self._by_path: dict[str, list[Routine]] = {}
        self._by_device: dict[str, list[Routine]] = {}
        self._geo: list[Routine] = []
        self._timed: list[Routine] = []
        self._place = None
        self._last_tick: datetime | None = None
        seed_demo_routines(controller.store)
        self.reload()
        controller.subscribe(self._on_event)

    @property
    def pending(self) -> list[Question]:
        """The questions waiting for an answer, oldest first."""
        return self._questions.pending

    # ---------------------------------------------------------------- reading
    def reload(self) -> None:
        rows = self.c.store.routines.list()
        self._routines = list(rows)
        self._place = self.c.store.home.place()
        by_path: dict[str, list] = {}
        by_device: dict[str, list] = {}
        geo, timed = [], []
        for r in self._routines:
            if not r.enabled:
                continue
            kind = r.trigger.get("type")
            if kind in ("arrive", "leave"):
                geo.append(r)
            elif kind == "ignition":
                by_path.setdefault(IGNITION, []).append(r)
            elif kind == "plugged":  # the charging cable goes in or out (issue 17)
                by_path.setdefault(PLUGGED, []).append(r)
            elif kind in READINGS:
                by_path.setdefault(READINGS[kind], []).append(r)
            elif kind == "device":
                by_device.setdefault(r.trigger.get("device"), []).append(r)
            elif kind == "time":
                timed.append(r)
        self._by_path, self._by_device, self._geo, self._timed = by_path, by_device, geo, timed
        d = self._distance()
        self._inside = {r.id: self._inside.get(r.id, d is not None and d <= r.trigger.get("distance_m", 250))
                        for r in geo}

    def list(self) -> list[Routine]:
        """Every routine (everyone's and each profile's)."""
        return list(self._routines)

    def for_profile(self) -> list[Routine]:
        pid = self.c.active_profile_id()
        return [r for r in self._routines if r.profile_id is None or r.profile_id == pid]

    def get(self, ref) -> Routine:
        for r in self._routines:
            if str(r.id) == str(ref) or r.name.lower() == str(ref).strip().lower():
                return r
        starts = [r for r in self._routines if r.name.lower().startswith(str(ref).strip().lower())]
        if len(starts) == 1:
            return starts[0]
        raise UnknownName(f"There is no routine called '{ref}'. `smartcockpit routine list` shows them.")

    def draft(self, ref=None) -> "RoutineDraft":
        """A routine to edit from menus: a new one, or a copy of an existing one."""
        if self.c.restrictions().moving:
            raise NotAllowed("Edit routines when parked.")
        return RoutineDraft(self.c, self.get(ref) if ref is not None else None)

    def runs(self, ref=None, limit: int = 50):
        rid = self.get(ref).id if ref is not None else None
        return self.c.store.routines.runs(rid, limit)

    def when_text(self, at: str) -> str:
        """When a run happened, as the driver reads it: "7:00 PM" today, "12/05/2026 7:00 PM" before."""
        return self.c.hmi_units().when_text(at, self.c.clock.now())

    def describe(self, r: Routine) -> str:
        return describe_routine(r, self.c)

    def owner(self, r: Routine) -> str:
        return owner_text(r, self.c)

    # ---------------------------------------------------------------- checking
    def problems(self, name: str, trigger: dict, conditions: list, actions: list, profile_id=None,
                 routine_id: int | None = None) -> list[str]:
        """Why this routine cannot work (empty when it can)."""
        return find_problems(self.c, name, trigger, conditions, actions, profile_id, routine_id)

    # ---------------------------------------------------------------- saving
    def save(self, name: str, trigger: dict, conditions: list, actions: list, profile_id: int | None = None,
             routine_id: int | None = None, enabled: bool = True) -> Routine:
        """Add (or replace) a routine. Parked only; refused with every reason when it cannot work."""
        if self.c.restrictions().moving:
            raise NotAllowed("Edit routines when parked.")
        problems = self.problems(name, trigger, conditions, actions, profile_id, routine_id)
        if problems:
            raise InvalidValue(" ".join(problems))
        with self.c.store.write():
            if routine_id is None:
                routine_id = self.c.store.routines.add(name.strip(), trigger, conditions, actions, profile_id, enabled)
            else:
                self.get(routine_id)
                self.c.store.routines.update(routine_id, name.strip(), trigger, conditions, actions, profile_id)
        self._changed("saved")
        return self.get(routine_id)

    def set_enabled(self, ref, enabled: bool) -> Routine:
        r = self.get(ref)
        with self.c.store.write():
            self.c.store.routines.set_enabled(r.id, enabled)
        self._changed("enabled")
        return self.get(r.id)

    def delete(self, ref) -> None:
        if self.c.restrictions().moving:
            raise NotAllowed("Delete routines when parked.")
        r = self.get(ref)
        with self.c.store.write():
            self.c.store.routines.delete(r.id)
        self._changed("deleted")

    def _changed(self, what: str) -> None:
        self.reload()
        self.c.events.publish(RoutinesChanged(what))

    # ---------------------------------------------------------------- reacting
    def _distance(self) -> float | None:
        place = self._place
        lat, lon = self.c.get(LAT), self.c.get(LON)
        if place is None or lat is None or lon is None:
            return None
        return distance_m(float(lat), float(lon), place.latitude, place.longitude)

    def _on_event(self, event) -> None:
        if isinstance(event, StateChanged):
            path = event.path
            if path in (LAT, LON):
                self._moved()
                return
            routines = self._by_path.get(path)
            if routines:
                self._reading_changed(path, event.old, event.new, routines)
        elif isinstance(event, EntityChanged):
            for r in self._by_device.get(event.entity_id, ()):
                want = r.trigger.get("state")
                if want is None or event.new == want:
                    name = device_name(self.c.home, event.entity_id)
                    self._fire(r, f"{name} turned {event.new}" if want else f"{name} changed to {event.new}")
        elif isinstance(event, HomeChanged) and event.what == "place":
            self._place = self.c.store.home.place()
            self._inside = {}
            self.reload()
        elif isinstance(event, ContextChanged):
            self.reload()

    def _moved(self) -> None:
        d = self._distance()
        if d is None:
            return
        self._presence(d)
        for r in self._geo:
            radius = r.trigger.get("distance_m", 250)
            slack = max(50.0, radius * 0.2)  # GPS jitter at the edge does not fire again
            was = self._inside.get(r.id)
            if r.trigger["type"] == "arrive":
                if d <= radius:
                    self._inside[r.id] = True
                    if was is False:
                        self._fire(r, f"the car came within {self.c.home.distance_text(radius)} of home ({self.c.home.distance_text(d)})")
                elif d > radius + slack:
                    self._inside[r.id] = False
            else:
                if d > radius:
                    self._inside[r.id] = False
                    if was is True:
                        self._fire(r, f"the car went beyond {self.c.home.distance_text(radius)} from home ({self.c.home.distance_text(d)})")
                elif d <= max(0.0, radius - slack):
                    self._inside[r.id] = True

    def _presence(self, d: float) -> None:
        """Remember when the car left home and came back (for 'minimum time away'); kept in the
        database so a restart does not forget it."""
        place = self._place
        if place is None:
            return
        state = "home" if d <= place.near_m else ("away" if d > place.near_m + 50 else place.presence)
        if state == place.presence or state is None:
            return
        now = self.c.simulator.now().timestamp()  # the drive's time base (issue 16)
        if place.presence is None:  # the first reading says where the car is; it did not leave
            with self.c.store.write():
                self.c.store.home.set_presence(state, None, None)
            self._place = self.c.store.home.place()
            return
        left = now if state == "away" else place.left_at
        arrived = now if state == "home" else place.arrived_at
        with self.c.store.write():
            self.c.store.home.set_presence(state, left, arrived)
        self._place = self.c.store.home.place()

    def _reading_changed(self, path: str, old, new, routines) -> None:
        for r in routines:
            t = r.trigger
            kind = t["type"]
            if kind == "ignition":
                on_now, on_before = new in IGNITION_ON, old in IGNITION_ON
                if t.get("state", "on") == "on" and on_now and not on_before:
                    self._fire(r, "the ignition went on")
                elif t.get("state") == "off" and on_before and not on_now:
                    self._fire(r, "the ignition went off")
                continue
            if kind == "plugged":
                if bool(new) != bool(old) and bool(new) == (t.get("state", "in") == "in"):
                    self._fire(r, "the car was plugged in" if new else "the car was unplugged")
                continue
            op, limit = t.get("op", "below"), t.get("value", 0)
            if compare(new, op, limit) and not compare(old, op, limit):
                self._fire(r, f"the {READING_NAMES[kind]} went {op} {value_text(kind, limit, self.c)} "
                              f"({value_text(kind, new, self.c)})")

    def tick(self) -> None:
        now = self.c.clock.now()
        mono = self.c.clock.monotonic()
        for q in list(self.pending):
            if mono >= q.deadline:
                self._close(q, "timeout")
        last, self._last_tick = self._last_tick, now
        if last is None or not self._timed or now <= last:
            return
        if now - last > timedelta(hours=1):
            last = now - timedelta(minutes=1)  # after a long sleep, only what is due now
        for r in self._timed:
            try:
                at = hhmm(r.trigger.get("at", ""))
            except InvalidValue:
                continue
            day = last.date()
            while day <= now.date():
                moment = datetime(day.year, day.month, day.day, at // 60, at % 60, tzinfo=now.tzinfo)
                if last < moment <= now and moment.weekday() in r.trigger.get("days", []):
                    self._fire(r, f"it is {clock(mm_text(at), self.c)} on a {moment.strftime('%A')}")
                day += timedelta(days=1)

    # ---------------------------------------------------------------- running
    def _fire(self, r: Routine, why: str) -> None:
        blocked = why_blocked(self.c, r, self._place)
        now = self.c.simulator.now()  # the time base why_blocked's cooldown reads (issue 16)
        if blocked:
            self._log(r, f"{why}, but {blocked}", "skipped", [])
            return
        did, asked = self._act(r, r.actions, why)
        with self.c.store.write():
            self.c.store.routines.set_fired(r.id, now.timestamp())
        self._routines = [replace_fired(x, now.timestamp()) if x.id == r.id else x for x in self._routines]
        self._reindex_fired(r.id, now.timestamp())
        failed = did and all(d.refused for d in did)
        self._log(r, why, "asked" if asked else ("failed" if failed else "done"), did)
        acted = [d for d, a in zip(did, r.actions) if a.get("type") in ("home", "scene", "car")]
        if acted:
            self.c.notice(f"{r.name}: {acted[0].text}", "warning" if acted[0].refused else "information")

    def _reindex_fired(self, rid: int, at: float) -> None:
        for table in (self._by_path, self._by_device):
            for key, items in table.items():
                table[key] = [replace_fired(x, at) if x.id == rid else x for x in items]
        self._geo = [replace_fired(x, at) if x.id == rid else x for x in self._geo]
        self._timed = [replace_fired(x, at) if x.id == rid else x for x in self._timed]

    def _act(self, r: Routine, actions: list, why: str) -> tuple[list[Step], bool]:
        did, asked = [], False
        with self.c.user_action(f"the routine {r.name}", "routine"):  # one undo step (tui/controller/undo.py)
            for act in actions:
                if act.get("type") == "ask":
                    self._ask(r, act)
                    asked = True
                    did.append(Step(f"asked: {question_prompt(self.c, act.get('action', {}))}?"))
                    continue
                did.append(do_action(self.c, act))
        return did, asked

    # ---------------------------------------------------------------- questions
    def _ask(self, r: Routine, act: dict) -> Question:
        return self._questions.ask(r, act, question_prompt(self.c, act.get("action", {})))

    def question(self) -> Question | None:
        """The question on screen now (the oldest one waiting)."""
        return self._questions.first()

    def answer(self, yes: bool, question_id: int | None = None) -> Step | None:
        """Enter (yes) or Esc (skip) on the question: what came of it (None: it was already closed)."""
        return self._close(self._questions.find(question_id), "yes" if yes else "skip")

    def _close(self, q: Question, outcome: str) -> Step | None:
        if not self._questions.close(q, outcome):
            return None
        try:
            r = self.get(q.routine_id)
        except UnknownName:
            return Step("The routine is gone.", refused=True)
        go = outcome == "yes" or (outcome == "timeout" and q.on_timeout == "do")
        if not go:
            why = "you skipped it" if outcome == "skip" else "nobody answered"
            self._log(r, f"{q.prompt}? {why}", "declined", [])
            return Step(f"Skipped: {q.prompt.lower()}.")
        result = do_action(self.c, q.action)
        why = "you said yes" if outcome == "yes" else f"nobody skipped it in {q.seconds} s"
        self._log(r, f"{q.prompt}? {why}", "failed" if result.refused else "done", [result])
        return result

    # ---------------------------------------------------------------- by hand, dry, the log
    def run(self, ref, source: str = "ui") -> list[str]:
        """Run a routine now, by hand: its actions (questions are asked), without trigger or conditions."""
        r = self.get(ref)
        if self.c.get(VALET, False):
            raise NotAllowed("Routines are off in valet mode.")
        if r.profile_id is not None and r.profile_id != self.c.active_profile_id():
            raise NotAllowed(f"{r.name} belongs to {self.owner(r)}.")
        did, _ = self._act(r, r.actions, f"run by hand {channel_text(source)}")
        self._log(r, f"run by hand {channel_text(source)}", "done", did)
        return [d.text for d in did]

    def dry_run(self, ref) -> DryRun:
        """What the routine would do if its trigger came now: whether a condition stops it, and what
        each action would do (nothing is changed)."""
        r = self.get(ref)
        blocked = why_blocked(self.c, r, self._place)
        steps = [would_do(self.c, a) for a in r.actions]
        self._log(r, "what would it do now", "dry", steps, dry=True)
        return DryRun(r.name, blocked, steps)

    def _log(self, r: Routine, why: str, outcome: str, did: list, dry: bool = False) -> None:
        with self.c.store.write():
            self.c.store.routines.log_run(r.id, why, outcome, [str(d) for d in did], dry,
                                          self.c.clock.now().isoformat(timespec="seconds"))
        if not dry:
            self.c.events.publish(RoutineRan(r.id, outcome, why))


def replace_fired(r: Routine, at: float) -> Routine:
    from dataclasses import replace

    return replace(r, last_fired_at=at)
