"""What leaves the car: a setting a person changed on a profile that syncs goes into the outbox in
the same transaction as the change (a write hook, like climate's zone sync), stamped with the
hybrid logical clock; what was changed another way (saved at once, imported, renamed, a PIN) is
found by comparing the profile with what this car last synced (`reconcile`). Only the groups the
driver agreed to, never the Guest's, never in valet mode; a PIN hash only with consent."""

from __future__ import annotations

from store.sync import META, Change
from tui.controller.profiles.rules import PEOPLE_SOURCES
from tui.controller.sync.consent import allowed


class OutboxMixin:
    """`Sync`'s outbox; uses `c`, `store` and `_stamp()`."""

    def _capture(self, controller, changes, source: str) -> None:
        """The write hook: runs inside the change's transaction, after the profile remembered it."""
        if source not in PEOPLE_SOURCES or not self.paired:
            return
        pid = controller.active_profile_id()
        sp = self._syncing(pid)
        if sp is None:
            return
        if "history" in sp.groups:  # an item played joins the profile's history (only with its consent)
            from tui.controller.media import URI

            uri = next((new for path, _old, new in changes if path == URI and new), None)
            if uri:
                from tui.controller.sync import extras_home

                extras_home.record(self, pid, "played", str(uri), self._played_label(str(uri)))
        saved = self.store.profiles.prefs(pid)  # remembered ones (not changes waiting for a choice)
        prefs = [saved[path] for path, _old, _new in changes if path in saved and allowed(path, sp.groups)]
        if prefs:
            self._enqueue(pid, [self._change(p) for p in prefs])

    def _played_label(self, uri: str) -> str:
        try:
            _source, title, _artist, station = self.c.media._resolve(uri)
        except Exception:  # an item the catalogue no longer has: its uri names it
            return uri
        return station or title or uri

    def _syncing(self, pid):
        """The profile's sync row when it syncs now (paired, consent on, not the Guest, not valet)."""
        if pid is None:
            return None
        sp = self.store.sync.profile(pid)
        if sp is None or not sp.enabled:
            return None
        p = self.store.profiles.get(pid)
        if p is None or p.is_guest or self.c.profiles.valet_active():
            return None
        return sp

    @staticmethod
    def _change(pref) -> Change:
        return Change(pref.path, pref.value, pref.relative, pref.model_id, "")

    def _enqueue(self, pid: int, changes: list[Change]) -> int:
        """Into the outbox what differs from what this car last synced, all with one new clock.
        The caller holds the transaction (or one is opened)."""
        shadow = self.store.sync.shadow(pid)
        out = self.store.sync.outbox(pid)
        fresh = [c for c in changes if (pid, c.path) in out or not _same(shadow.get(c.path), c)]
        if not fresh:
            return 0
        with self.store.write():
            stamp = self._stamp()
            self.store.sync.put("sync_outbox", pid, [Change(c.path, c.value, c.relative, c.model_id, stamp)
                                                     for c in fresh])
        return len(fresh)

    def meta(self, pid: int, sp=None) -> dict:
        """The profile's identity as it roams: looks, whether it has a PIN, its consent; the PIN's
        salted hash only when its owner agreed (share_pin)."""
        p = self.store.profiles.get(pid)
        sp = sp or self.store.sync.profile(pid)
        out = {"initials": p.initials, "colour": p.colour, "has_pin": p.has_pin or bool(sp and sp.locked),
               "groups": list(sp.groups) if sp else [], "share_pin": bool(sp and sp.share_pin)}
        if sp and sp.share_pin and p.has_pin:
            digest, salt = self.store.profiles.pin_hash(pid)
            out["pin"] = {"hash": digest, "salt": salt}
        return out

    def reconcile(self, pid: int) -> int:
        """Put into the outbox whatever of the profile differs from what this car last synced and
        is not there yet (changes made without a write: saved at once, imported, a PIN set)."""
        sp = self._syncing(pid)
        if sp is None:
            return 0
        saved = self.store.profiles.prefs(pid)
        changes = [self._change(p) for path, p in saved.items() if allowed(path, sp.groups)]
        changes.append(Change(META, self.meta(pid, sp), None, None, ""))
        from tui.controller.sync import extras

        changes += extras.local(self.store, pid, sp.groups, self)
        shadow, out = self.store.sync.shadow(pid), self.store.sync.outbox(pid)
        todo = [c for c in changes if not _same(out[(pid, c.path)] if (pid, c.path) in out else shadow.get(c.path), c)]
        return self._enqueue(pid, todo) if todo else 0


def _same(seen: Change | None, c: Change) -> bool:
    return seen is not None and seen.value == c.value and type(seen.value) is type(c.value) and \
        seen.relative == c.relative
