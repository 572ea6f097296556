"""A profile's history: its changes from the audit log, newest first, a page at a time (another
profile's history only as the authority allows), and undo of any one change on this car."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.controller.errors import NotAllowed, UnknownName
from tui.controller.labels import change_words, channel_name

PAGE = 20


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: str
    path: str
    label: str
    old: str
    new: str
    source: str
    vin: str
    undone: bool
    undoable: bool
    why_not: str = ""
    when: str = ""  # local day and time in the driver's time format
    by: str = ""  # who/where in plain words: "Screen", "Voice", "Profile switch" (labels.channel_name)


@dataclass(frozen=True)
class HistoryPage:
    entries: list[HistoryEntry]
    before_id: int | None  # pass to history() for the next (older) page; None when this is the last
    page: int


class HistoryMixin:
    """`Profiles`' history pages and undo."""

    def history(self, profile=None, before_id: int | None = None, page: int = 1, limit: int = PAGE,
                pin: str | None = None, source: str = "ui") -> HistoryPage:
        """The profile's changes from the audit log, newest first, one page at a time. Another
        profile's history needs that profile's PIN when it has one."""
        p = self._resolve(profile)
        self.c.authority.require("profile.history", pin=pin, target=p.id, source=source)
        rows = self.store.profiles.history(p.id, before_id, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        vin = self.c.car.vin
        entries = []
        for e in rows:
            why = ""
            if e.undone:
                why = "already undone"
            elif e.vin != vin:
                why = "in another car"
            elif not self.c.has(e.path):
                why = "not on this car"
            name, old, new = change_words(e.path, self._plain_any(e.path, e.old), self._plain_any(e.path, e.new),
                                          e.old, e.new)
            entries.append(HistoryEntry(e.id, e.at, e.path, name, old, new, e.source, e.vin, e.undone, not why, why,
                                        self._when(e.at), channel_name(e.source)))
        return HistoryPage(entries, rows[-1].id if more and rows else None, page)

    def _when(self, at: str) -> str:
        """An audit time as the driver reads it: local day and time in their time format."""
        from datetime import datetime

        try:
            moment = datetime.fromisoformat(at).astimezone(self.c.clock.now().tzinfo)
        except (TypeError, ValueError):
            return at
        today, hmi = self.c.clock.now().date(), self.c.hmi_units()
        day = ("Today" if moment.date() == today else hmi.day_month_text(moment) if moment.year == today.year
               else hmi.date_text(moment))
        return f"{day} {hmi.time_text(moment)}"

    def _plain_any(self, path: str, value) -> str:
        return "—" if value is None else self._plain(path, value)

    def undo(self, audit_id: int, source: str = "ui") -> Any:
        """Undo one change from the history (any of them, not only the last)."""
        self._no_valet()
        entry = self.store.audit.get(audit_id)
        if entry is None:
            raise UnknownName("That change is not in the history.")
        if entry.vin != self.c.car.vin:
            raise NotAllowed("That change was made in another car; undo it there.")
        with self.store.write():  # the undo and the profile remembering it: one transaction
            event = self.c.undo_entry(audit_id)
            self._remember(self.c, [(event.path, event.old, event.new)], "undo")
        return event
