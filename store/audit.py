"""The audit log: every change of vehicle state, who made it, and from where."""

from __future__ import annotations

from store.records import AuditEntry

COLUMNS = "id, vin, profile_id, path, old, new, source, at, undone"


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
