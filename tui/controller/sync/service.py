"""`Sync` (``controller.sync``): the car's side of profiles that roam. Its account (paired or not,
the cars of the account), each profile's consent, the outbox and its clock, conflicts and the
driver's choice, the indicator (off, offline, syncing, synced) and the upload log. The network
part is `SyncEngine` (engine.py), made only when syncing: nats-py and cryptography are not loaded
before."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from store.sync import META, Change
from tui.controller.errors import InvalidValue, NotAllowed, UnknownName
from tui.controller.events import ContextChanged, Event
from tui.controller.sync.arrival import ArrivalMixin
from tui.controller.sync.clock import HybridClock
from tui.controller.sync.consent import DEFAULT_GROUPS, GROUPS, check_groups
from tui.controller.sync.outbox import OutboxMixin

INDICATOR = {"off": "", "offline": "offline", "syncing": "syncing", "synced": "synced"}


@dataclass(frozen=True)
class SyncChanged(Event):
    """The sync indicator or what the Sync screen shows changed."""

    state: str


@dataclass(frozen=True)
class SyncStatus:
    paired: bool
    url: str | None
    account: str  # the routing id (a hash), "" when not paired
    car_id: str
    state: str
    last_sync: str | None
    pending: int
    conflicts: int
    cars: list
    profiles: list

    def to_dict(self) -> dict:
        return dict(self.__dict__)


class Sync(OutboxMixin, ArrivalMixin):
    def __init__(self, controller):
        self.c = controller
        self.store = controller.store
        self.state = "off"
        self._paired: bool | None = None
        self._keys = None
        self.runner = None  # the app's background engine, when one runs
        controller.add_write_hook(self._capture)
        controller.subscribe(self._on_event)

    def started(self) -> None:
        if self.paired:
            self.state = "offline"
            from tui.controller.sync.runner import start_in_background

            start_in_background(self)

    def tick(self) -> None:
        """About once a second in the app: a car in an account keeps a background sync running
        (started again if it stopped). Nothing happens without an event loop (the command line)."""
        if self.paired and (self.runner is None or self.runner.done()):
            from tui.controller.sync.runner import start_in_background

            start_in_background(self)

    def alive(self) -> bool:
        """False once the controller's database is closed (a background sync then stops)."""
        try:
            self.store.db.execute("SELECT 1")
            return True
        except Exception:
            return False

    def _on_event(self, event) -> None:
        if isinstance(event, ContextChanged) and event.what == "external":
            self._paired, self._keys = None, None
        elif type(event).__name__ == "HomeChanged" and getattr(event, "what", "") == "favourites" and self.paired:
            pid = self.c.active_profile_id()  # taken now: the driver may switch profile before the next sync
            if pid is not None and self._syncing(pid) is not None:
                self.reconcile(pid)
        elif isinstance(event, ContextChanged) and event.what == "profile" and self.paired:
            self._home_to_car()
        elif type(event).__name__ == "NavigationChanged" and getattr(event, "what", "") == "route":
            self._destination_to_history()

    def _home_to_car(self) -> None:
        """A profile that carries home favourites takes the wheel: the car's keys become its own."""
        from tui.controller.sync import extras_home

        pid = self.c.active_profile_id()
        sp = self._syncing(pid)
        value = extras_home.known(self, pid, extras_home.HOME) if sp and "home" in sp.groups else None
        if value is None or self.c.home.hidden():
            return
        if [f for f in extras_home.car_favourites(self)] == [f for f in value["favourites"]
                                                             if extras_home.resolve(self, *f[1:]) is not None]:
            return
        with self.store.write():
            extras_home.apply_home(self, value)
        self.c.wrote()
        from tui.controller.home.entities import HomeChanged

        self.c.events.publish(HomeChanged("favourites"))

    def _destination_to_history(self) -> None:
        """A route was set: the destination joins the profile's history, only with its consent."""
        pid = self.c.active_profile_id()
        sp = self._syncing(pid) if self.paired else None
        d = self.c.navigation.active() if sp and "history" in sp.groups else None
        if d is not None:
            from tui.controller.sync import extras_home

            extras_home.record(self, pid, "destination", d.name, d.name, d.latitude, d.longitude)
            self.c.wrote()

    def home_favourites(self, profile=None) -> list[dict]:
        """The profile's home favourites, each marked available in this car's home or not."""
        from tui.controller.sync import extras_home

        return self._home_view(self.c.profiles._resolve(profile).id)

    def _home_view(self, pid: int) -> list[dict]:
        from tui.controller.sync import extras_home

        return extras_home.favourites_view(self, pid)

    def history(self, profile=None, pin: str | None = None, source: str = "ui") -> dict:
        """The profile's recent destinations and items played, as they roam (another profile's:
        its PIN, as for its history of changes)."""
        from tui.controller.sync import extras_home

        p = self.c.profiles._resolve(profile)
        self.c.authority.require("profile.history", pin=pin, target=p.id, source=source)
        return extras_home.history_value(self.store, p.id)

    # ------------------------------------------------------------------ the account
    def account(self):
        acct = self.store.sync.account()
        if acct is None:
            with self.store.write():
                acct = self.store.sync.ensure_account("car-" + os.urandom(6).hex())
            self.c.wrote()
        return acct

    @property
    def paired(self) -> bool:
        if self._paired is None:
            acct = self.store.sync.account()
            self._paired = bool(acct and acct.secret)
        return self._paired

    @property
    def car_id(self) -> str:
        return self.account().car_id

    def keys(self):
        if self._keys is None:
            acct = self.account()
            if not acct.secret:
                raise NotAllowed("This car is not in an account yet: pair it first (smartcockpit cloud pair).")
            from tui.controller.sync.crypto import AccountKeys

            self._keys = AccountKeys.of(bytes.fromhex(acct.secret), self.store.sync.keyring())
        return self._keys

    def car_key(self) -> tuple[str, str]:
        """This car's own X25519 key pair (private, public), hex; made the first time."""
        from tui.controller.sync.crypto import car_keypair, public_of

        acct = self.account()
        if not acct.car_key:
            private, _ = car_keypair()
            with self.store.write():
                self.store.sync.set_account(car_key=private)
            self.c.wrote()
            acct = self.account()
        return acct.car_key, public_of(acct.car_key)

    def members(self) -> set[str]:
        """The account's cars as this car last saw them (itself included)."""
        return set(self.store.sync.car_keys()) | {self.car_id}

    def take_epoch(self, key_id: str, epoch: int, key: bytes, how: str) -> None:
        with self.store.write():
            self.store.sync.add_key(key_id, epoch, key)
            self.store.sync.log("rotated", f"account key epoch {epoch} ({how})")
        self.c.wrote()
        self._keys = None

    def connect(self, url: str, domain: str | None = None) -> str:
        """The server(s) this car syncs through; `domain`: the hub's JetStream domain when the
        server is the car's own leaf node of that hub."""
        from tui.controller.net.nats import LinkError, jetstream_domain, server_urls

        try:
            urls = server_urls(url)
            domain = jetstream_domain(domain)
        except LinkError as exc:
            raise InvalidValue(str(exc)) from None
        self.account()
        with self.store.write():
            self.store.sync.set_account(url=",".join(urls), domain=domain or None)
        self.c.wrote()
        return ",".join(urls)

    def join(self, secret: bytes, how: str, pin: str | None = None, source: str = "ui", ring=()) -> None:
        """Make this car one of the account's (a new account, a passphrase or a pairing code; a
        code also brings the account's later key epochs, `ring`)."""
        self.c.authority.require("sync.pair", pin=pin, source=source)
        from store.vehicles import now_iso

        self.account()
        with self.store.write():
            self.store.sync.set_account(secret=secret.hex(), joined_at=now_iso(), registered=0)
            self.store.sync.clear_keys()
            for key_id, epoch, key in ring:
                self.store.sync.add_key(key_id, epoch, key)
            self.store.sync.log("paired", f"joined an account ({how})")
        self.c.wrote()
        self._paired, self._keys = True, None
        self._tell("offline")

    def leave(self, why: str = "left the account", pin: str | None = None, source: str = "ui",
              asked: bool = True) -> None:
        """Forget the account on this car (its profiles stay, as they are, on the car)."""
        if asked:
            self.c.authority.require("sync.pair", pin=pin, source=source)
        with self.store.write():
            self.store.sync.set_account(secret=None, registered=0)
            self.store.sync.set_cars([])
            self.store.sync.clear_keys()
            self.store.sync.log("removed", why)
        self.c.wrote()
        self._paired, self._keys = False, None
        self._tell("off")

    # ------------------------------------------------------------------ consent
    def consent(self, profile=None, enabled: bool | None = None, groups=None, share_pin: bool | None = None,
                pin: str | None = None, source: str = "ui"):
        """Sync on or off for a profile, which groups, and whether its PIN hash may leave this car.
        The Guest never syncs."""
        p = self.c.profiles._resolve(profile)
        self.c.authority.require("sync.consent", pin=pin, target=p.id, source=source)
        if share_pin:
            self.c.authority.require("sync.share_pin", pin=pin, target=p.id, source=source)
        fields = {}
        if enabled is not None:
            fields["enabled"] = bool(enabled)
        if groups is not None:
            fields["groups"] = check_groups(groups)
        if share_pin is not None:
            fields["share_pin"] = bool(share_pin)
        with self.store.write():
            if self.store.sync.profile(p.id) is None:
                self.store.sync.add_profile(p.id, "p" + os.urandom(8).hex(), groups=DEFAULT_GROUPS)
            if fields:
                self.store.sync.set_profile(p.id, **fields)
            if "groups" in fields:  # what the driver no longer agrees to send does not leave
                from tui.controller.sync.consent import allowed

                self.store.sync.drop_outbox(p.id, [ch for (_pid, path), ch in self.store.sync.outbox(p.id).items()
                                                   if path != META and not allowed(path, fields["groups"])])
            self.store.sync.log("consent", "sync " + ", ".join(f"{k}={v}" for k, v in fields.items()), p.id)
        self.c.wrote()
        self.reconcile(p.id)
        self._tell(self.state)
        return self.store.sync.profile(p.id)

    def consents(self) -> list[dict]:
        rows = {sp.profile_id: sp for sp in self.store.sync.profiles()}
        out = []
        for p in self.store.profiles.list():
            sp = rows.get(p.id)
            out.append({"profile": p.name, "id": p.id, "guest": p.is_guest, "sync": bool(sp and sp.enabled),
                        "groups": list(sp.groups) if sp else list(DEFAULT_GROUPS), "share_pin": bool(sp and sp.share_pin),
                        "locked": bool(sp and sp.locked and not p.has_pin),
                        "home_unavailable": [f"{f['name']} (key {f['key']})" for f in self._home_view(p.id)
                                             if not f["available"]]})
        return out

    def locked(self, profile_id: int) -> bool:
        """Arrived from another car with a PIN whose hash stayed there: locked until its PIN is
        shared from that car or set here."""
        sp = self.store.sync.profile(profile_id)
        p = self.store.profiles.get(profile_id)
        return bool(sp and sp.locked and p is not None and not p.has_pin)

    # ------------------------------------------------------------------ the clock
    def _stamp(self) -> str:
        """A new hybrid logical clock reading, kept in the database (the caller holds the write)."""
        acct = self.account()
        clock = HybridClock(acct.car_id, self._wall_ms, acct.hlc)
        stamp = clock.now()
        self.store.sync.set_account(hlc=stamp)
        return stamp

    def _observe(self, stamp: str) -> None:
        acct = self.account()
        clock = HybridClock(acct.car_id, self._wall_ms, acct.hlc)
        clock.observe(stamp)
        self.store.sync.set_account(hlc=clock.last)

    def _wall_ms(self) -> int:
        return int(self.c.clock.now().timestamp() * 1000)

    # ------------------------------------------------------------------ conflicts
    def conflicts(self, open_only: bool = True) -> list[dict]:
        names = {p.id: p.name for p in self.store.profiles.list()}
        out = []
        for k in self.store.sync.conflicts(open_only):
            label = {META: "Profile (looks, PIN)", "@media": "Radio presets and media favourites",
                     "@home": "Home favourites"}.get(
                k.path) or self.c.profiles._label(k.path)
            plain = (lambda v: json.dumps(v)[:60]) if k.path.startswith("@") else (
                lambda v, path=k.path: self.c.profiles._plain(path, v))
            out.append({"id": k.id, "profile": names.get(k.profile_id, "?"), "profile_id": k.profile_id, "path": k.path, "label": label,
                        "here": plain(k.local_value), "other": plain(k.remote_value),
                        "here_value": k.local_value, "other_value": k.remote_value,
                        "chosen": k.chosen, "newer": "here" if k.local_hlc > k.remote_hlc else "other",
                        "resolved": k.resolved})
        return out

    def resolve(self, conflict_id: int, keep: str, pin: str | None = None, source: str = "ui") -> None:
        """The driver's choice: keep the value set here ("local") or the other car's ("remote").
        A choice other than the one taken becomes a new edit, sent on the next sync."""
        if keep not in ("local", "remote"):
            raise InvalidValue("Keep the value set here (local) or the other car's (remote).")
        found = [k for k in self.store.sync.conflicts(open_only=True) if k.id == conflict_id]
        if not found:
            raise UnknownName("There is no such open conflict.")
        k = found[0]
        self.c.authority.require("profile.edit", pin=pin, target=k.profile_id, source=source)
        with self.store.write():
            self.store.sync.resolve_conflict(k.id, keep)
            if keep != k.chosen:
                from store.profiles import Preference
                from tui.controller.sync import extras

                value = k.local_value if keep == "local" else k.remote_value
                if k.path == META:
                    self._take_meta(k.profile_id, self._checked_meta(value))
                elif k.path.startswith("@"):
                    extras.take(self.store, k.profile_id, k.path, value, sync=self)
                else:
                    self.store.profiles.put_prefs(k.profile_id, [Preference(k.path, value, None, None)])
                self._enqueue(k.profile_id, [Change(k.path, value, None, None, "")])
        self.c.wrote()
        if keep != k.chosen:
            self._to_car(k.profile_id)
        self._tell(self.state)

    # ------------------------------------------------------------------ status
    def _tell(self, state: str) -> None:
        changed = state != self.state
        self.state = state
        self.c.events.publish(SyncChanged(state))
        return changed

    def indicator(self) -> str:
        return INDICATOR.get(self.state if self.paired else "off", "")

    def status(self) -> SyncStatus:
        acct = self.account()
        return SyncStatus(bool(acct.secret), acct.url, self.keys().account if acct.secret else "", acct.car_id,
                          self.state if acct.secret else "off", acct.last_sync, self.store.sync.outbox_count(),
                          len(self.store.sync.conflicts()), [{"car": c, "title": t, "seen": s}
                                                             for c, t, s in self.store.sync.cars()],
                          self.consents())

    def uploads(self, limit: int = 50):
        return self.store.sync.entries("upload", limit)

    def log(self, limit: int = 50):
        return self.store.sync.entries(None, limit)


__all__ = ["Sync", "SyncChanged", "SyncStatus", "GROUPS", "INDICATOR"]
