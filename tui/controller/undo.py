"""Undo takes back a whole user action. A profile switch, a scene, a seat memory, a routine run or
one write of several settings is one step: `Controller.user_action()` groups the audit rows it
writes (store/audit.py's user_actions). Ctrl+Z puts back the newest step of a person's on this
car, all of it in one transaction, and says what it undid in one sentence; a step that cannot be
undone (a profile switch, a scene at home) stops it with a sentence saying so."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from tui.controller.errors import NothingToUndo
from tui.controller.events import StateChanged
from tui.controller.labels import change_words, label

# the writes a person made (readings from the car and the simulator are never undone)
UNDOABLE_SOURCES = ("ui", "assistant", "routine", "profile", "cli")


@dataclass(frozen=True)
class Undone:
    """What one undo put back (newest first) and the sentence that says so."""

    events: tuple[StateChanged, ...]
    text: str


@dataclass
class _Open:
    what: str
    source: str
    undoable: bool
    why_not: str
    after: int
    id: int | None = None


class UndoMixin:
    """`Controller`'s user actions and undo (the controller holds the store, the state, _record)."""

    _action: _Open | None = None

    # ------------------------------------------------------------------ grouping
    @contextmanager
    def user_action(self, what: str, source: str = "ui", undoable: bool = True, why_not: str = ""):
        """Everything written inside is one undo step called `what` ("the Good night scene"). Not
        undoable: Ctrl+Z stops at it and says `why_not`. Nested actions belong to the outer one."""
        if self._action is not None:
            yield
            return
        opened = self._action = _Open(what, source, undoable, why_not, self.store.audit.newest_id())
        try:
            yield
        except BaseException:
            self._action = None
            raise
        self._action = None
        if opened.id is None and not undoable:  # nothing written on the car: still a stop for Ctrl+Z
            with self.store.write():
                self._open_action(opened)
            self.wrote()

    def _open_action(self, opened: _Open) -> int:
        audit = self.store.audit
        if opened.id is None or audit.action(opened.id) is None:  # (its first write may have rolled back)
            opened.id = audit.add_action(self.car.vin, opened.what, opened.source, self.clock.now().isoformat(),
                                         opened.undoable, opened.why_not, opened.after)
        return opened.id

    def _group(self, changes: list, ids: list[int], source: str) -> None:
        """Called by _record, inside the write transaction: tag the rows with the open action; a
        person's single write of several settings is an action of its own."""
        if self._action is not None:
            self.store.audit.tag(ids, self._open_action(self._action))
        elif len(ids) > 1 and source in UNDOABLE_SOURCES:
            what = f"{label(changes[0][0])} and {len(ids) - 1} more setting{'s' if len(ids) > 2 else ''}"
            self.store.audit.tag(ids, self._open_action(_Open(what, source, True, "", ids[0] - 1)))

    # ------------------------------------------------------------------ undo
    def undo(self) -> StateChanged:
        """Put back the last thing a person did on this car; the first change it put back."""
        return self.undo_action().events[0]

    def undo_action(self) -> Undone:
        """Put back the newest step a person took on this car (a whole action, or one change)."""
        self.finish_start()
        audit, vin = self.store.audit, self.car.vin
        while True:
            row = audit.last_undoable(vin, UNDOABLE_SOURCES)
            act = audit.last_action(vin)
            row_action = audit.action_of(row.id) if row is not None else None
            if act is not None and (row is None or act.after_audit_id >= row.id or row_action == act.id):
                if not act.undoable:
                    raise NothingToUndo(act.why_not or f"{act.what[:1].upper()}{act.what[1:]} cannot be undone.")
                rows = [r for r in audit.action_rows(act.id) if r.source in UNDOABLE_SOURCES]
                if rows:
                    return self._undo_rows(rows, act.id, act.what)
                with self.store.write():  # every change of it was undone one by one already
                    audit.mark_action_undone(act.id)
                self.wrote()
                continue
            if row is None:
                raise NothingToUndo("Nothing to undo.")
            if row_action is not None:
                older = audit.action(row_action)
                rows = [r for r in audit.action_rows(row_action) if r.source in UNDOABLE_SOURCES]
                return self._undo_rows(rows, row_action, older.what if older else "")
            event = self.undo_entry(row.id)
            return Undone((event,), self.undone_text(event))

    def _undo_rows(self, rows: list, action_id: int, what: str) -> Undone:
        values: dict = {}
        for entry in rows:  # newest first: the oldest change of a setting says what it was before
            if self.has(entry.path):
                values[entry.path] = entry.old if entry.old is not None else self.spec(entry.path).default
        changes = []
        for path, value in reversed(list(values.items())):
            value = self.validate(path, value, "undo")
            changes.append((path, self._state.get(path), value))
        with self.transaction() as batch:  # every change of the action, and what the hooks do: all or nothing
            events = self._record(batch, changes, self.active_profile_id(), "undo") if changes else []
            for entry in rows:
                self.store.audit.mark_undone(entry.id)
            self.store.audit.mark_action_undone(action_id)
            for hook in self._hooks:
                hook(self, changes, "undo")
        if not events:
            return Undone((), f"Undone: {what} (nothing had to change back).")
        if len(events) == 1:
            return Undone(tuple(events), self.undone_text(events[0]))
        return Undone(tuple(events), f"Undone: {what} ({len(events)} settings put back).")

    def undone_text(self, event: StateChanged) -> str:
        """"Undone: Driver seat heating back to Medium." in the words of the setting's row."""
        name, _, now = change_words(event.path, self.format(event.path, event.old),
                                    self.format(event.path, event.new), event.old, event.new)
        return f"Undone: {name} back to {now}."
