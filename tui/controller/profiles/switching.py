"""Switching the profile at the wheel (one transaction, with its apply report kept for the screens
and for another process), and what becomes of the changes a person makes while driving: remembered
in the profile automatically, or held until they choose to save or restore. The Guest forgets."""

from __future__ import annotations

from tui.controller.errors import InvalidValue, NotAllowed
from tui.controller.events import ContextChanged
from tui.controller.profiles.adapt import SEAT_PREFIX
from tui.controller.profiles.report import ApplyReport
from tui.controller.profiles.rules import PEOPLE_SOURCES, REMEMBER


class DecisionNeeded(NotAllowed):
    """The profile at the wheel asks what to do with changes made while driving: save or restore."""


class SwitchingMixin:
    """`Profiles`' switching and remembering; `last_report` is the last switch's report."""

    def _load_report(self) -> None:
        saved = self.store.settings.get("profiles.last_report")
        if saved:
            try:
                self.last_report = ApplyReport.from_dict(saved)
            except (KeyError, TypeError):
                self.last_report = None

    # ------------------------------------------------------------------ switching
    def moves_seat(self, profile) -> bool:
        """True when switching to the profile would move the driver seat (the screen warns first)."""
        values, _ = self.plan(profile)
        return any(p.startswith(SEAT_PREFIX) and self.is_position(p) for p in values)

    def needs_decision(self) -> int:
        """How many changes made while driving wait for "save to profile or restore?" (0: none)."""
        pid = self.c.active_profile_id()
        if pid is None or self.store.profiles.get(pid) is None:
            return 0
        return self.store.profiles.pending_count(pid)

    def switch(self, profile, pin: str | None = None, keep_changes: bool | None = None,
               source: str = "ui") -> ApplyReport:
        """Make the profile the one at the wheel and apply its preferences, all in one transaction.
        The authority decides (valet, the profile's PIN; the screens and the assistant ask the yes
        for a seat that moves before calling this)."""
        target = self._resolve(profile)
        self.c.authority.require("profile.switch", pin=pin, target=target.id, source=source)
        leaving = self.store.profiles.get(self.c.active_profile_id()) if self.c.active_profile_id() is not None else None
        pending = self.store.profiles.pending_count(leaving.id) if leaving and leaving.id != target.id else 0
        if pending and keep_changes is None:
            raise DecisionNeeded(f"{leaving.name} has {pending} change{'s' if pending != 1 else ''} made while driving: "
                                 "save them to the profile or restore?")
        values, report = self.plan(target, render=False)
        s = self.store
        with s.write():
            if leaving is not None and leaving.id != target.id:
                if pending:
                    if keep_changes:
                        s.profiles.put_prefs(leaving.id, list(s.profiles.prefs(leaving.id, pending=True).values()))
                    s.profiles.clear_prefs(leaving.id, pending=True)
                if leaving.is_guest:
                    s.profiles.clear_prefs(leaving.id)  # the Guest forgets when someone else takes the car
            s.settings.set("active_profile_id", target.id)
            back = f"switch back to {leaving.name} in Profiles" if leaving and leaving.id != target.id else \
                "change the settings again"
            with self.c.user_action(f"the switch to {target.name}", "profile", undoable=False,
                                    why_not=f"Undo does not take back a profile switch: {back}."):
                self.c.set_many(values, source="profile", profile_id=target.id)
            self._render(report)  # values read in the units the profile just set (its Fahrenheit, its miles)
            s.settings.set("profiles.last_report", report.to_dict())
        self.c.wrote()
        self.last_report = report
        self.c.events.publish(ContextChanged("profile"))
        return report

    def use_guest(self) -> ApplyReport:
        """Switch to the Guest; changes made while driving are kept by the profile that leaves."""
        guest = next(p for p in self.store.profiles.list() if p.is_guest)
        return self.switch(guest, keep_changes=True if self.needs_decision() else None)

    def save_pending(self, keep: bool) -> int:
        """Save (True) or drop (False) the active profile's changes waiting for a choice; how many."""
        pid = self.c.active_profile_id()
        n = self.store.profiles.pending_count(pid)
        with self.store.write():
            if keep:
                self.store.profiles.put_prefs(pid, list(self.store.profiles.prefs(pid, pending=True).values()))
            self.store.profiles.clear_prefs(pid, pending=True)
        return n

    # ------------------------------------------------------------------ remembering changes
    def _remember(self, controller, changes, source: str) -> None:
        if source not in PEOPLE_SOURCES or self._valet_changing or self.valet_active():
            return
        pid = controller.active_profile_id()
        if pid is None:
            return
        prefs = [self._record(path, new) for path, _old, new in changes if path in self._personal_paths and new is not None]
        if not prefs:
            return
        profile = self.store.profiles.get(pid)
        if profile is None:
            return
        ask = not profile.is_guest and self.store.profiles.remember(pid) == "ask"
        self.store.profiles.put_prefs(pid, prefs, pending=ask)

    def _on_event(self, event) -> None:
        """Another process (the CLI) may have switched profile: pick up its report. (An undo is
        remembered by the write hook, in the undo's own transaction.)"""
        if isinstance(event, ContextChanged) and event.what == "external":
            self._load_report()

    def restore_saved(self, pin: str | None = None) -> ApplyReport:
        """Drop the changes made while driving and put the profile's saved settings back on the car."""
        pid = self.c.active_profile_id()
        with self.store.write():
            self.store.profiles.clear_prefs(pid, pending=True)
        return self.switch(pid, pin=pin, keep_changes=False)

    def set_remember(self, mode: str, profile=None, pin: str | None = None) -> None:
        if mode not in REMEMBER:
            raise InvalidValue("Choose remember automatically or ask when switching away.")
        p = self._editable(profile, pin, parked=False)
        with self.store.write():
            self.store.profiles.set_remember(p.id, mode)
            if mode == "auto":
                pending = self.store.profiles.prefs(p.id, pending=True)
                if pending:
                    self.store.profiles.put_prefs(p.id, list(pending.values()))
                    self.store.profiles.clear_prefs(p.id, pending=True)
        self.c.events.publish(ContextChanged("profile"))

    def save_current(self, profile=None, pin: str | None = None) -> int:
        """Save this car's current personal settings into the profile; how many."""
        p = self._editable(profile, pin, parked=False)
        prefs = self.snapshot()
        with self.store.write():
            self.store.profiles.put_prefs(p.id, prefs)
            self.store.profiles.clear_prefs(p.id, pending=True)
        return len(prefs)
