"""The audit log: every change of vehicle state, who made it, and from where."""

from __future__ import annotations

from dataclasses import dataclass

from store.records import AuditEntry

COLUMNS = "id, vin, profile_id, path, old, new, source, at, undone"
ACTION_COLUMNS = "id, vin, what, source, at, undoable, why_not, after_audit_id, undone"


@dataclass(frozen=True)
class UserAction:
    """One thing a person did that wrote several changes (a profile switch, a scene, a preset, a
    routine run): one undo step, or a stop for Ctrl+Z when it cannot be undone (`why_not`)."""

    id: int
    vin: str
    what: str
    source: str
    at: str
    undoable: bool
    why_not: str
    after_audit_id: int
    undone: bool


class AuditQueries:
    def __init__(self, db):
        self.db = db

    def get(self, audit_id: int) -> AuditEntry | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM audit WHERE id = ?", [audit_id]).fetchone()
        return AuditEntry.from_row(row) if row else None

    def last_undoable(self, vin: str, sources: tuple[str, ...]) -> AuditEntry | None:
        marks = ",".join("?" * len(sources))
        row = self.db.execute(
            f"SELECT {COLUMNS} FROM audit WHERE vin = ? AND undone = 0 AND source IN ({marks}) "
            "ORDER BY id DESC LIMIT 1",
            [vin, *sources],
        ).fetchone()
        return AuditEntry.from_row(row) if row else None

    def mark_undone(self, audit_id: int) -> None:
        self.db.execute("UPDATE audit SET undone = 1 WHERE id = ?", [audit_id])

    def page(self, *, vin: str | None = None, profile_id: int | None = None, before_id: int | None = None,
             limit: int = 50) -> list[AuditEntry]:
        """Newest first; keyset paging with before_id keeps every page fast on millions of rows."""
        where, args = [], []
        if vin is not None:
            where.append("vin = ?")
            args.append(vin)
        if profile_id is not None:
            where.append("profile_id = ?")
            args.append(profile_id)
        if before_id is not None:
            where.append("id < ?")
            args.append(before_id)
        sql = f"SELECT {COLUMNS} FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        return [AuditEntry.from_row(r) for r in self.db.execute(sql, [*args, limit]).fetchall()]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM audit").fetchone()[0]

    # ---------------------------------------------------------------- user actions (one undo step each)
    def newest_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]

    def add_action(self, vin: str, what: str, source: str, at: str, undoable: bool, why_not: str,
                   after_audit_id: int) -> int:
        cur = self.db.execute(
            "INSERT INTO user_actions (vin, what, source, at, undoable, why_not, after_audit_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", [vin, what, source, at, int(undoable), why_not, after_audit_id])
        return cur.lastrowid

    def tag(self, ids: list[int], action_id: int) -> None:
        self.db.conn.executemany("UPDATE audit SET action_id = ? WHERE id = ?", [(action_id, i) for i in ids])

    def action(self, action_id: int) -> UserAction | None:
        row = self.db.execute(f"SELECT {ACTION_COLUMNS} FROM user_actions WHERE id = ?", [action_id]).fetchone()
        return _action(row)

    def last_action(self, vin: str) -> UserAction | None:
        """The newest action on this car not undone yet."""
        row = self.db.execute(f"SELECT {ACTION_COLUMNS} FROM user_actions WHERE vin = ? AND undone = 0 "
                              "ORDER BY id DESC LIMIT 1", [vin]).fetchone()
        return _action(row)

    def action_of(self, audit_id: int) -> int | None:
        row = self.db.execute("SELECT action_id FROM audit WHERE id = ?", [audit_id]).fetchone()
        return row[0] if row else None

    def action_rows(self, action_id: int) -> list[AuditEntry]:
        """The changes of an action not undone yet, newest first (the order to put them back)."""
        rows = self.db.execute(f"SELECT {COLUMNS} FROM audit WHERE action_id = ? AND undone = 0 ORDER BY id DESC",
                               [action_id]).fetchall()
        return [AuditEntry.from_row(r) for r in rows]

    def mark_action_undone(self, action_id: int) -> None:
        self.db.execute("UPDATE user_actions SET undone = 1 WHERE id = ?", [action_id])


def _action(row) -> UserAction | None:
    if row is None:
        return None
    id_, vin, what, source, at, undoable, why_not, after, undone = row
    return UserAction(id_, vin, what, source, at, bool(undoable), why_not, after, bool(undone))
