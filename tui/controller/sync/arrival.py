"""What arrives: a profile's document from the server, opened (tui/controller/sync/crypto.py),
checked in every part like an imported file, merged setting by setting with what this car knows
(merge.py), stored as the profile's body-relative intent, and adapted to this car when that
profile is at the wheel (the profiles' own plan: seat travel, zones, ranges). A profile new to
this car arrives without rights, and locked when it has a PIN whose hash was not shared. And what
leaves: the document to write back with this car's edits, and what to note once the server took it."""

from __future__ import annotations

import math

from store.profiles import Preference
from store.sync import META, Change
from tui.controller.errors import CockpitError
from tui.controller.events import ContextChanged
from tui.controller.profiles.rules import MAX_PROFILES
from tui.controller.sync import clock as hlc
from tui.controller.sync import extras, extras_home
from tui.controller.sync.consent import allowed, check_groups
from tui.controller.sync.crypto import Refused
from tui.controller.sync.merge import Merge, merge

MAX_SETTINGS = 400


class Replayed(Refused):
    """The server holds an older document than this car already took (put back, or replayed)."""


class ArrivalMixin:
    """`Sync`'s arrivals and departures; uses `c`, `store`, `_stamp()`, `_observe()`, `reconcile()`."""

    # ------------------------------------------------------------------ checking what arrived
    def _checked(self, doc: dict) -> dict[str, Change]:
        settings = doc.get("settings")
        if not isinstance(settings, dict) or len(settings) > MAX_SETTINGS or not hlc.valid(doc.get("hlc")):
            raise Refused("a document without a valid list of settings")
        out = {}
        signals = self.c.signal_catalog
        from tui.controller.signals import effective, validate

        for path, item in settings.items():
            if not isinstance(item, dict) or not hlc.valid(item.get("h")) or item["h"] > doc["hlc"]:
                raise Refused(f"a setting without a valid clock ({str(path)[:60]})")
            if path == META:
                out[path] = Change(path, self._checked_meta(item.get("v")), None, None, item["h"])
                continue
            if isinstance(path, str) and path.startswith("@"):
                out[path] = Change(path, extras.check(path, item.get("v")), None, None, item["h"])
                continue
            if path not in signals or not self.c.profiles.is_personal(path):
                raise Refused(f"{str(path)[:60]!r} is not a setting a profile carries")
            try:
                value = validate(effective(signals[path], None), item.get("v"))
            except CockpitError as exc:
                raise Refused(f"{path}: {exc}") from None
            relative, model = item.get("r"), item.get("m")
            if relative is not None and (isinstance(relative, bool) or not isinstance(relative, (int, float))
                                         or not math.isfinite(relative) or not 0 <= relative <= 1):
                raise Refused(f"{path}: a relative position outside 0..1")
            if model is not None and (not isinstance(model, str) or len(model) > 80):
                raise Refused(f"{path}: not a model id")
            out[path] = Change(path, value, relative, model, item["h"])
        return out

    def _checked_meta(self, meta) -> dict:
        if not isinstance(meta, dict):
            raise Refused("a profile without its description")
        try:
            checked = {"initials": self.c.profiles.check_initials(meta.get("initials")),
                       "colour": self.c.profiles.check_colour(meta.get("colour")),
                       "has_pin": bool(meta.get("has_pin")), "groups": list(check_groups(meta.get("groups") or [])),
                       "share_pin": bool(meta.get("share_pin"))}
        except CockpitError as exc:
            raise Refused(f"the profile's description: {exc}") from None
        pin = meta.get("pin")
        if pin is not None:
            if not (isinstance(pin, dict) and all(isinstance(pin.get(k), str) and len(pin[k]) < 400
                                                  for k in ("hash", "salt"))):
                raise Refused("the profile's PIN record is malformed")
            checked["pin"] = {"hash": pin["hash"], "salt": pin["salt"]}
        return checked

    # ------------------------------------------------------------------ taking it in
    def arrive(self, uid: str, doc: dict) -> Merge:
        """Merge a profile's opened document into this car, in one transaction. Refused (nothing
        changed, logged by the caller) when it is older than one already taken, or malformed."""
        sp = self.store.sync.by_uid(uid)
        if sp is None and self.store.sync.forgotten(uid):
            return Merge()  # deleted on this car: it does not come back
        remote = self._checked(doc)
        if sp is not None and doc["hlc"] < sp.doc_hlc:
            raise Replayed(f"a replayed old revision ({doc['hlc'][:16]} is older than {sp.doc_hlc[:16]})")
        if sp is not None and doc["hlc"] == sp.doc_hlc:
            return Merge()
        if sp is not None and not sp.enabled:
            return Merge()  # the driver switched sync off for it on this car
        with self.store.write():
            if sp is None:
                sp = self._new_profile(uid, doc, remote.get(META))
            pid = sp.profile_id
            self._observe(doc["hlc"])
            accepted = {p: ch for p, ch in remote.items() if p == META or allowed(p, sp.groups)}
            history = accepted.pop(extras_home.HISTORY, None)
            outbox = {path: ch for (_pid, path), ch in self.store.sync.outbox(pid).items()}
            shadow = self.store.sync.shadow(pid)
            outbox.pop(extras_home.HISTORY, None)
            m = merge(accepted, shadow, outbox)
            if history is not None and history.hlc > getattr(shadow.get(history.path), "hlc", ""):
                self._union_history(pid, history)
            prefs = [Preference(ch.path, ch.value, ch.relative, ch.model_id) for ch in m.take
                     if not ch.path.startswith("@")]
            if prefs:
                self.store.profiles.put_prefs(pid, prefs)
            for ch in m.take:
                if ch.path == META:
                    self._take_meta(pid, ch.value)
                elif ch.path.startswith("@"):
                    extras.take(self.store, pid, ch.path, ch.value, sync=self)
            self.store.sync.put("sync_shadow", pid, m.take + [remote[c.path] for c in m.sent if c.path in remote])
            self.store.sync.drop_outbox(pid, m.sent)
            for local, rem, chosen in m.conflicts:
                self.store.sync.add_conflict(pid, local.path, local, rem, chosen)
                self.store.sync.log("conflict", f"{local.path}: both cars changed it; kept the newer ({chosen})", pid)
            self.store.sync.set_profile(pid, doc_hlc=doc["hlc"])
            if m.take:
                self.store.sync.log("arrival", f"{len(m.take)} setting(s) from car {str(doc.get('car', '?'))[:40]}",
                                    pid)
        self.c.wrote()
        if m.take:
            self._to_car(pid)
            self.c.events.publish(ContextChanged("profile"))
            if any(ch.path == extras_home.HOME for ch in m.take):
                from tui.controller.home.entities import HomeChanged

                self.c.events.publish(HomeChanged("favourites"))
        return m

    def _union_history(self, pid: int, remote: Change) -> None:
        """History merges as a union (no conflict to ask about): the other car's items join this
        car's, and the union goes back when it holds more than what arrived. In the transaction."""
        extras.take(self.store, pid, remote.path, remote.value, sync=self)
        self.store.sync.put("sync_shadow", pid, [remote])
        union = extras_home.history_value(self.store, pid)
        self.store.sync.drop_outbox(pid, [ch for (_p, path), ch in self.store.sync.outbox(pid).items()
                                          if path == remote.path])
        if union != remote.value:
            self._enqueue(pid, [Change(remote.path, union, None, None, "")])

    def _new_profile(self, uid: str, doc: dict, meta: Change | None):
        if meta is None:
            raise Refused("a new profile without its description")
        profiles = [p for p in self.store.profiles.list() if not p.is_guest]
        if len(profiles) >= MAX_PROFILES:
            raise Refused(f"this car keeps {MAX_PROFILES} profiles besides the guest; no room for another")
        name = doc.get("name") if isinstance(doc.get("name"), str) else "Driver"
        try:
            name = self.c.profiles.check_name(name)
        except CockpitError:
            base = "".join(ch for ch in str(name) if ch.isprintable())[:20].strip() or "Driver"
            name = next(f"{base} ({n})" for n in range(2, 99)
                        if self.store.profiles.by_name(f"{base} ({n})") is None)
        v = meta.value
        p = self.store.profiles.add(name, v["initials"], v["colour"], permissions={"home_security": False,
                                                                                     "purchases": False})
        sp = self.store.sync.add_profile(p.id, uid, enabled=True, groups=v["groups"] or ("comfort",))
        self.store.sync.log("arrival", f"profile {name} joined this car", p.id)
        return sp

    def _take_meta(self, pid: int, meta: dict) -> None:
        self.store.profiles.update(pid, initials=meta["initials"], colour=meta["colour"])
        fields = {"groups": meta["groups"] or ["comfort"], "share_pin": meta["share_pin"]}
        p = self.store.profiles.get(pid)
        if "pin" in meta:
            if self.store.profiles.pin_hash(pid) != (meta["pin"]["hash"], meta["pin"]["salt"]):
                self.store.profiles.set_pin(pid, meta["pin"]["hash"], meta["pin"]["salt"])
            fields["locked"] = False
        elif meta["has_pin"] and not p.has_pin:
            fields["locked"] = True  # its PIN stayed on the car it was set on: locked here until then
        self.store.sync.set_profile(pid, **fields)

    def _to_car(self, pid: int) -> None:
        """The profile at the wheel takes what arrived, adapted to this car (not in valet mode)."""
        if pid != self.c.active_profile_id() or self.c.profiles.valet_active():
            return
        try:
            values, _ = self.c.profiles.plan(pid, render=False)
            if values:
                self.c.set_many(values, source="profile", profile_id=pid)
        except CockpitError as exc:
            self.store_log("refused", f"not applied to the car: {exc}", pid)

    def store_log(self, kind: str, detail: str, pid: int | None = None) -> None:
        with self.store.write():
            self.store.sync.log(kind, detail, pid)
        self.c.wrote()

    # ------------------------------------------------------------------ sending
    def outgoing(self, uid: str, remote_doc: dict | None) -> tuple[dict, str, list[Change]] | None:
        """The document to write back (the server's with this car's edits over it), its clock and
        the edits it carries; None when there is nothing to send."""
        sp = self.store.sync.by_uid(uid)
        if sp is None or self._syncing(sp.profile_id) is None:
            return None
        out = [ch for (_pid, _path), ch in self.store.sync.outbox(sp.profile_id).items()]
        if not out:
            return None
        settings = dict(remote_doc["settings"]) if remote_doc else {}
        for ch in out:
            settings[ch.path] = _item(ch)
        with self.store.write():
            stamp = self._stamp()
        self.c.wrote()
        name = self.store.profiles.get(sp.profile_id).name
        return {"profile": uid, "hlc": stamp, "name": name, "settings": settings}, stamp, out

    def healed(self, uid: str, old_doc: dict) -> tuple[dict, str, list[Change]] | None:
        """The document to write over a replayed older one: the old one with every setting this car
        knows a newer clock for (what it last synced, and its pending edits) put back over it. None
        when this car knows nothing newer."""
        sp = self.store.sync.by_uid(uid)
        if sp is None or self._syncing(sp.profile_id) is None:
            return None
        settings = dict(old_doc.get("settings") or {})
        known = {**self.store.sync.shadow(sp.profile_id),
                 **{path: ch for (_pid, path), ch in self.store.sync.outbox(sp.profile_id).items()}}
        newer = [ch for path, ch in known.items()
                 if ch.hlc and (path not in settings or settings[path].get("h", "") < ch.hlc)]
        if not newer:
            return None
        for ch in newer:
            settings[ch.path] = _item(ch)
        with self.store.write():
            stamp = self._stamp()
        self.c.wrote()
        name = self.store.profiles.get(sp.profile_id).name
        pending = [ch for (_pid, _path), ch in self.store.sync.outbox(sp.profile_id).items()]
        return {"profile": uid, "hlc": stamp, "name": name, "settings": settings}, stamp, pending

    def acked(self, uid: str, sent: list[Change], stamp: str, revision: int, size: int) -> None:
        """The server took the document at `revision`: those edits are sent (one log row)."""
        sp = self.store.sync.by_uid(uid)
        from store.vehicles import now_iso

        with self.store.write():
            self.store.sync.drop_outbox(sp.profile_id, sent)
            self.store.sync.put("sync_shadow", sp.profile_id, sent)
            self.store.sync.set_profile(sp.profile_id, doc_hlc=stamp)
            self.store.sync.set_account(last_sync=now_iso())
            self.store.sync.log("upload", f"revision {revision}: {len(sent)} setting(s), {size:,} bytes sealed",
                                sp.profile_id)
        self.c.wrote()


def _item(ch: Change) -> dict:
    """A setting as a document carries it: value, share of the travel, model, clock."""
    return {k: v for k, v in {"v": ch.value, "r": ch.relative, "m": ch.model_id, "h": ch.hlc}.items()
            if v is not None or k == "v"}
