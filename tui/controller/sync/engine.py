"""The network side of profile sync, on asyncio (beside Textual's loop in the app, in
`asyncio.run` on the command line): one JetStream key-value bucket holds each profile's sealed
document under `p.<account>.<profile>` (compare-and-set on its revision: a writer that read an
older revision reads again and merges), one stream keeps the change log (`log.<account>.<profile>`,
message ids de-duplicated by the server), the account's cars are `c.<account>.<car>` and pairing
codes live a few minutes in a bucket of their own. Every database step is a call into `Sync` on
the same thread; nothing here decides what a setting becomes."""

from __future__ import annotations

import asyncio
import json
import os

from tui.controller.net.nats import Link, LinkError, RevisionConflict
from tui.controller.sync.arrival import Replayed
from tui.controller.sync.crypto import Refused, open_secret, seal_secret

BUCKET, STREAM, PAIRING = "profiles", "PROFILE_LOG", "pairing"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
PAIRING_TTL = 600.0
CAS_ATTEMPTS = 12
RETRY_SECONDS = 1.0  # after a failed send (the server, or a leaf node's hub, away)


class SyncEngine:
    def __init__(self, sync, urls: list[str] | None = None, replicas: int = 1, timeout: float = 5.0):
        self.sync = sync
        acct = sync.account()
        self.urls = urls or (acct.url.split(",") if acct.url else [])
        if not self.urls:
            raise LinkError("No server yet: smartcockpit cloud connect nats://HOST:PORT first.")
        self.replicas = replicas
        self.timeout = timeout
        self.link: Link | None = None
        self.kv = None
        self._lock = asyncio.Lock()
        self.cas_retries = 0  # compare-and-set lost to another writer, read again and merged
        self._watches = []

    # ------------------------------------------------------------------ connection
    async def open(self) -> "SyncEngine":
        self.link = Link(self.urls, name=f"smartcockpit-{self.sync.car_id}", on_state=self._on_state,
                         timeout=self.timeout, domain=self.sync.account().domain)
        await self.link.connect()
        self.kv = await self.link.bucket(BUCKET, history=16, replicas=self.replicas)
        if self.sync.paired:
            await self.link.stream(STREAM, ["log.>"], replicas=self.replicas)
        return self

    def _on_state(self, state: str) -> None:
        if self.sync.paired:
            self.sync._tell("synced" if state == "online" and not self.sync.store.sync.outbox_count()
                            else "offline" if state != "online" else "syncing")

    async def close(self) -> None:
        for w in self._watches:
            await w.stop()
        self._watches = []
        if self.link is not None:
            await self.link.close()

    def _key(self, uid: str) -> str:
        return f"p.{self.sync.keys().account}.{uid}"

    # ------------------------------------------------------------------ one profile
    async def sync_profile(self, uid: str) -> bool:
        """Merge the server's document of the profile into this car and write back this car's
        edits (compare-and-set on the revision). True when something was written."""
        async with self._lock:
            keys = self.sync.keys()
            sp = self.sync.store.sync.by_uid(uid)
            if sp is not None:
                self.sync.reconcile(sp.profile_id)
            for _ in range(CAS_ATTEMPTS):
                entry = await self.kv.get(self._key(uid))
                doc, replayed, reseal = None, False, False
                if entry is not None:
                    try:
                        env, doc = await self._open(entry.value, uid)
                        keys = self.sync.keys()  # a new epoch may have been learnt
                        reseal = env["key"] != keys.key_id  # sealed with a retired epoch: seal it anew
                        self.sync.arrive(uid, doc)
                    except Replayed as exc:  # the server went back: this car writes the newer state back
                        self.sync.store_log("refused", f"revision {entry.revision} of {uid}: {exc}",
                                            sp.profile_id if sp else None)
                        replayed = True
                    except Refused as exc:
                        pid = sp.profile_id if sp else None
                        self.sync.store_log("refused", f"revision {entry.revision} of {uid}: {exc}", pid)
                        return False
                if entry is None and sp is not None and sp.enabled and sp.doc_hlc:  # the server lost it
                    self.sync.store_log("refused", f"{uid} is missing on the server", sp.profile_id)
                    replayed, doc = True, {"settings": {}}
                out = self.sync.healed(uid, doc) if replayed else self.sync.outgoing(uid, doc)
                if out is None and reseal and self.sync.store.sync.by_uid(uid) is not None:
                    out = doc, doc["hlc"], []  # nothing to add here: the same document, sealed anew
                if out is None:
                    return False
                new_doc, stamp, sent = out
                data = keys.seal(uid, self.sync.car_id, stamp, new_doc)
                try:
                    if entry is None:
                        revision = await self.kv.create(self._key(uid), data)
                    else:
                        revision = await self.kv.update(self._key(uid), data, last=entry.revision)
                except RevisionConflict:
                    self.cas_retries += 1
                    continue  # another car wrote meanwhile: read again and merge
                self.sync.acked(uid, sent, stamp, revision, len(data))
                if replayed:
                    over = f"over revision {entry.revision}" if entry is not None else "where it was missing"
                    self.sync.store_log("healed", f"revision {revision} of {uid}: the newer state written back {over}",
                                        sp.profile_id if sp else None)
                try:
                    await self.link.publish(f"log.{keys.account}.{uid}", data,
                                            msg_id=f"{self.sync.car_id}.{uid}.{stamp}")
                except Exception as exc:  # the log is a copy: the bucket holds the truth
                    self.sync.store_log("refused", f"change log not written: {exc}"[:200])
                return True
            raise LinkError("The server kept changing under this car; try again.")

    async def _open(self, data: bytes, profile: str) -> tuple[dict, dict]:
        """Open a sealed value; one sealed with an epoch this car does not hold yet is opened after
        taking that epoch's key from its wrap for this car (made by a car of the account)."""
        try:
            return self.sync.keys().open(data, profile, self.sync.members())
        except Refused as exc:
            if "another key" not in str(exc) or not await self.learn_key(data):
                raise
        return self.sync.keys().open(data, profile, self.sync.members())

    async def learn_key(self, data: bytes) -> bool:
        """Take the epoch a value was sealed with from the wrap another car left for this one.
        False when there is none (this car was removed, or joined by passphrase after a rotation)."""
        from tui.controller.sync.crypto import envelope, unwrap_epoch, wrap_sender

        key_id = envelope(data)["key"]
        acct = self.sync.keys().account
        entry = await self.kv.get(f"k.{acct}.{key_id}.{self.sync.car_id}")
        if entry is None or entry.value is None:
            return False
        sender = wrap_sender(entry.value)
        sender_pub = self.sync.store.sync.car_keys().get(sender)
        if not sender_pub:
            raise Refused(f"a key wrap from {sender[:40]}, not a car of the account")
        private, _ = self.sync.car_key()
        epoch, key = unwrap_epoch(private, sender_pub, acct, key_id, self.sync.car_id, entry.value)
        self.sync.take_epoch(key_id, epoch, key, f"from car {sender}")
        return True

    # ------------------------------------------------------------------ everything
    async def sync_all(self) -> dict:
        """Register this car, send every pending edit, take every profile of the account."""
        self.sync._tell("syncing")
        await self.register_car()
        if not self.sync.paired:
            return {"sent": 0, "profiles": 0, "removed": True}
        local = [sp.uid for sp in self.sync.store.sync.profiles() if sp.enabled]
        remote = [k.split(".", 2)[2] for k in await self.kv.keys(f"p.{self.sync.keys().account}.*")]
        sent = 0
        for uid in dict.fromkeys(local + remote):
            sent += await self.sync_profile(uid)
        self.sync._tell("synced" if not self.sync.store.sync.outbox_count() else "syncing")
        return {"sent": sent, "profiles": len(dict.fromkeys(local + remote)), "removed": False}

    async def send_pending(self) -> int:
        """Send the profiles that have edits waiting (what the app does as the driver changes things)."""
        self.sync._tell("syncing")
        pids = {pid for pid, _path in self.sync.store.sync.outbox()}
        sent = 0
        for sp in self.sync.store.sync.profiles():
            if sp.profile_id in pids:
                sent += await self.sync_profile(sp.uid)
        self.sync._tell("synced" if not self.sync.store.sync.outbox_count() else "syncing")
        return sent

    async def follow(self, seconds: float | None = None, poll: float = 0.2) -> None:
        """Stay in sync: take each profile as it changes on the server (a watch) and send this
        car's edits as they are made; `seconds` None: until cancelled."""
        acct = self.sync.keys().account

        async def on_profile(entry):
            if entry.value is None:
                return
            try:
                await self.sync_profile(entry.key.split(".", 2)[2])
            except Exception as exc:  # the watch goes on; the next change or poll tries again
                self.sync.store_log("refused", f"arrival not taken: {type(exc).__name__}")

        self._watches.append(await self.kv.watch(f"p.{acct}.*", on_profile))
        loop = asyncio.get_running_loop()
        end = None if seconds is None else loop.time() + seconds
        next_reconcile = retry_at = noted_at = loop.time()
        while end is None or loop.time() < end:
            await asyncio.sleep(poll)
            if not self.sync.alive() or not self.sync.paired:
                return
            if loop.time() >= next_reconcile:  # changes made without a write (presets, a PIN, a save)
                next_reconcile = loop.time() + 2.0
                for sp in self.sync.store.sync.profiles():
                    if sp.enabled:
                        self.sync.reconcile(sp.profile_id)
            if self.link.connected and self.sync.store.sync.outbox_count() and loop.time() >= retry_at:
                try:
                    await self.send_pending()
                except (LinkError, asyncio.TimeoutError, OSError):
                    self.sync._tell("offline")
                    retry_at = loop.time() + RETRY_SECONDS
                except Exception as exc:  # nats-py errors while the server (or a leaf node's hub) is away
                    self.sync._tell("offline")
                    if self.link.connected and loop.time() >= noted_at:  # noted now and then, not each try
                        self.sync.store_log("refused", f"sync interrupted: {type(exc).__name__}")
                        noted_at = loop.time() + 30
                    retry_at = loop.time() + RETRY_SECONDS

    # ------------------------------------------------------------------ cars and pairing
    async def register_car(self) -> list[tuple[str, str]]:
        keys = self.sync.keys()
        acct = self.sync.account()
        mine = f"c.{keys.account}.{acct.car_id}"
        if acct.registered and await self.kv.get(mine) is None:
            self.sync.leave("removed from the account by another car", asked=False)
            return []
        _, pub = self.sync.car_key()
        known = self.sync.store.sync.car_keys()
        if not acct.registered or known.get(acct.car_id) != pub:  # (again, with its public key)
            with self.sync.store.write():
                stamp = self.sync._stamp()
            doc = {"profile": "car", "hlc": stamp, "title": self.sync.c.car.title, "pub": pub}
            await self.kv.put(mine, self.sync.keys().seal("car", acct.car_id, stamp, doc))
            with self.sync.store.write():
                self.sync.store.sync.set_account(registered=1)
            self.sync.c.wrote()
        cars = []
        for key in await self.kv.keys(f"c.{keys.account}.*"):
            entry = await self.kv.get(key)
            try:
                _env, doc = await self._open(entry.value, "car") if entry else (None, None)
            except Refused:
                continue
            if doc:
                p = doc.get("pub")
                cars.append((key.split(".", 2)[2], str(doc.get("title", "?"))[:60],
                             p if isinstance(p, str) and len(p) == 64 else None))
        with self.sync.store.write():
            self.sync.store.sync.set_cars(cars)
        self.sync.c.wrote()
        return cars

    async def remove_car(self, car_id: str) -> None:
        """Take the car out of the account and rotate the account's key, so that it cannot read
        what is written after: a new random key (the next epoch), wrapped for each remaining car
        with that car's own key, and the account's current documents sealed again with it."""
        await self.kv.delete(f"c.{self.sync.keys().account}.{car_id}")
        self.sync.store_log("removed", f"removed car {car_id} from the account")
        await self.register_car()
        await self.rotate()

    async def rotate(self) -> int:
        from tui.controller.sync.crypto import key_id_of, wrap_epoch

        old = self.sync.keys()
        epoch, key = old.epoch + 1, os.urandom(32)
        key_id = key_id_of(key)
        private, _ = self.sync.car_key()
        me = self.sync.car_id
        wrapped, without = 0, []
        for car, pub in self.sync.store.sync.car_keys().items():
            if car != me and pub:
                await self.kv.put(f"k.{old.account}.{key_id}.{car}",
                                  wrap_epoch(private, pub, old.account, epoch, key, me, car))
                wrapped += 1
            elif car != me:
                without.append(car)  # never published a key: it needs a pairing code again
        members = self.sync.members()
        self.sync.take_epoch(key_id, epoch, key, f"made here after removing a car; wrapped for {wrapped} car(s)"
                             + (f"; not for {', '.join(without)} (no public key: pair it again)" if without else ""))
        keys = self.sync.keys()
        resealed = 0
        for name in await self.kv.keys(f"p.{old.account}.*") + await self.kv.keys(f"c.{old.account}.*"):
            for _ in range(CAS_ATTEMPTS):
                entry = await self.kv.get(name)
                if entry is None or entry.value is None:
                    break
                try:
                    env, doc = keys.open(entry.value, None, members)
                except Refused:
                    break  # not ours to carry over (a removed car's, a broken one): left as it is
                if env["key"] == keys.key_id:
                    break
                try:
                    await self.kv.update(name, keys.seal(env["profile"], env["car"], env["hlc"], doc),
                                         last=entry.revision)
                    resealed += 1
                    break
                except RevisionConflict:
                    continue
        self.sync.store_log("rotated", f"{resealed} document(s) sealed again with epoch {epoch}")
        return epoch

    async def offer_code(self) -> str:
        """A short code for another car to join this car's account; it works once, for 10 minutes.
        It carries the account's current key epoch: this car first makes sure it holds it."""
        await self.register_car()
        if not self.sync.paired:
            raise Refused("this car is no longer in the account")
        raw = "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in os.urandom(10))
        code = f"{raw[:5]}-{raw[5:]}"
        secret, ring = bytes.fromhex(self.sync.account().secret), self.sync.keys().ring()
        payload = secret if not ring else json.dumps({"s": secret.hex(), "k": [[k, e, v.hex()] for k, e, v in ring]}).encode()
        slot, sealed = await asyncio.to_thread(seal_secret, code, payload)
        bucket = await self.link.bucket(PAIRING, history=1, replicas=self.replicas, ttl=PAIRING_TTL)
        await bucket.put(slot, sealed)
        return code

    async def accept_code(self, code: str, pin: str | None = None, source: str = "ui") -> None:
        from tui.controller.sync.crypto import code_key

        slot, _ = await asyncio.to_thread(code_key, code)
        bucket = await self.link.bucket(PAIRING, history=1, replicas=self.replicas, ttl=PAIRING_TTL)
        entry = await bucket.get(slot)
        if entry is None or entry.value is None:
            raise Refused("that pairing code is unknown or has expired")
        secret, ring = _payload(await asyncio.to_thread(open_secret, code, entry.value))
        self.sync.join(secret, "a pairing code", pin=pin, source=source, ring=ring)
        await bucket.delete(slot)  # a code works once
        self.kv = await self.link.bucket(BUCKET, history=16, replicas=self.replicas)
        await self.link.stream(STREAM, ["log.>"], replicas=self.replicas)


def _payload(data: bytes) -> tuple[bytes, list]:
    """A pairing code's payload: the account's secret alone (32 bytes), or with its later epochs."""
    if len(data) == 32:
        return data, []
    try:
        d = json.loads(data)
        return bytes.fromhex(d["s"]), [(str(k), int(e), bytes.fromhex(v)) for k, e, v in d["k"]]
    except (ValueError, KeyError, TypeError):
        raise Refused("that pairing code carries no account") from None


async def run_once(sync, urls=None, replicas: int = 1) -> dict:
    engine = await SyncEngine(sync, urls, replicas).open()
    try:
        return await engine.sync_all()
    finally:
        await engine.close()
