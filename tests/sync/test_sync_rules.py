"""The sync rules in process: the clock, the merge, the outbox in the change's own transaction,
consent, the Guest, PINs, and what the server sees; hostile messages refused, logged, nothing
changed. Two controllers on two database files and a real nats-server."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest

from store.sync import Change
from tests.sync.cars import FAN, TEMP
from tui.controller import Controller
from tui.controller.errors import NotAllowed
from tui.controller.sync.clock import HybridClock
from tui.controller.sync.crypto import AccountKeys, Refused, new_secret
from tui.controller.sync.engine import BUCKET, SyncEngine, run_once
from tui.controller.sync.merge import merge


def test_hybrid_clock_orders_an_edit_after_what_it_saw_even_with_a_slow_wall_clock():
    fast = HybridClock("a", lambda: 5_000)
    slow = HybridClock("b", lambda: 1_000)
    seen = fast.now()
    slow.observe(seen)
    assert slow.now() > seen
    again = HybridClock("b", lambda: 1_000, slow.last)  # kept across restarts
    assert again.now() > seen


def ch(path, value, stamp):
    return Change(path, value, None, None, stamp)


def test_merge_per_setting():
    shadow = {"x": ch("x", 1, "1"), "y": ch("y", 1, "1"), "z": ch("z", 1, "3")}
    remote = {"x": ch("x", 2, "4"), "y": ch("y", 5, "2"), "z": ch("z", 0, "2"), "w": ch("w", 9, "5")}
    outbox = {"y": ch("y", 7, "6"), "v": ch("v", 3, "6")}
    m = merge(remote, shadow, outbox)
    assert [c.path for c in m.take] == ["x", "w"]  # newer, untouched here
    assert [(loc.value, rem.value, chosen) for loc, rem, chosen in m.conflicts] == [(7, 5, "local")]
    assert {c.path for c in m.send} == {"y", "v"}
    assert [c.path for c in m.stale] == ["z"]  # older than what this car knew: a replay, ignored


@pytest.fixture
def cars(tmp_path, nats_server):
    secret = new_secret()
    made = []
    for name in ("a", "b"):
        c = Controller.open(tmp_path / f"{name}.db")
        c.sync.connect(nats_server.url)
        c.sync.join(secret, "test")
        made.append(c)
    made[0].profiles.create("Ana")
    made[0].profiles.switch("Ana")
    made[0].sync.consent("Ana", enabled=True)
    yield made
    for c in made:
        c.close()


def sync(c):
    return asyncio.run(asyncio.wait_for(run_once(c.sync), 30))


def test_the_outbox_is_filled_in_the_changes_transaction_and_the_guest_never_syncs(cars):
    a, _ = cars
    sync(a)
    refuse = [True]

    def later_hook(controller, changes, source):  # a follow-up refused after the sync hook ran
        if refuse[0]:
            raise NotAllowed("refused")

    a.add_write_hook(later_hook)
    with pytest.raises(NotAllowed):
        a.set(TEMP, 23.0)
    assert a.store.sync.outbox() == {}  # rolled back with the change: one transaction
    refuse[0] = False
    a.set(TEMP, 23.0)
    assert [k[1] for k in a.store.sync.outbox()] == [TEMP]
    with pytest.raises(NotAllowed, match="guest profile never syncs"):
        a.sync.consent("Guest", enabled=True)
    a.profiles.use_guest()
    a.set(FAN, 80)
    assert [k[1] for k in a.store.sync.outbox()] == [TEMP]  # the Guest's change stays here


def test_a_change_arrives_adapted_and_the_server_sees_only_ciphertext(cars, nats_server):
    a, b = cars
    a.set(TEMP, 22.5)
    sync(a)
    sync(b)
    ana = b.store.profiles.by_name("Ana")
    assert b.store.profiles.prefs(ana.id)[TEMP].value == 22.5
    b.profiles.switch("Ana")
    assert b.get(TEMP) == 22.5  # applied to the car with the profile's own rules

    async def raw():
        from tui.controller.net.nats import Link
        link = await Link(nats_server.url).connect()
        kv = await link.bucket(BUCKET)
        keys = await kv.keys()
        values = [(await kv.get(k)).value for k in keys]
        await link.close()
        return keys, values

    keys, values = asyncio.run(raw())
    envs = [json.loads(v) for v in values]
    assert all(set(env) == {"v", "acct", "profile", "car", "hlc", "key", "nonce", "ct"} for env in envs)
    # What the server can read (keys and routing fields) names nothing; the ciphertext is random
    # bytes, so a three-letter word may turn up in its base64 by chance: it is checked by opening.
    readable = " ".join([*keys, *(json.dumps({k: v for k, v in e.items() if k not in ("nonce", "ct")}) for e in envs)])
    assert "Temperature" not in readable and "Ana" not in readable and "22.5" not in readable
    account = b.sync.keys()
    plains = []
    for data, env in zip(values, envs):
        _, doc = account.open(data)
        plain = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
        assert plain not in data and base64.b64encode(plain) not in data  # sealed, not merely encoded
        plains.append(plain)
    assert any(b'"Ana"' in p and b"22.5" in p for p in plains)  # the profile travelled, sealed
    with pytest.raises(Refused):
        AccountKeys.of(new_secret()).open(values[0])  # another account's key opens nothing


def test_a_pin_protected_profile_arrives_locked_unless_its_owner_shares_the_hash(cars):
    a, b = cars
    a.profiles.set_pin("2468", profile="Ana")
    sync(a)
    sync(b)
    ana = b.store.profiles.by_name("Ana")
    assert b.sync.locked(ana.id)
    with pytest.raises(NotAllowed, match="arrived locked"):
        b.profiles.switch("Ana", pin="2468")
    digest, _ = a.store.profiles.pin_hash(a.store.profiles.by_name("Ana").id)
    assert digest not in json.dumps([e.detail for e in a.sync.log()])
    a.sync.consent("Ana", share_pin=True, pin="2468")
    sync(a)
    sync(b)
    assert not b.sync.locked(ana.id)
    b.profiles.switch("Ana", pin="2468")  # the same PIN opens it here
    assert b.active_profile_name() == "Ana"


# ---------------------------------------------------------------------- hostile
def _put(url, key, value):
    async def go():
        from tui.controller.net.nats import Link
        link = await Link(url).connect()
        kv = await link.bucket(BUCKET)
        if key is None:
            found = await kv.keys("p.>")
            k = found[0]
            hist = await kv.history(k)
            await link.close()
            return k, hist
        await kv.put(key, value)
        await link.close()

    return asyncio.run(go())


def _tampered(value: bytes) -> bytes:
    env = json.loads(value)
    ct = bytearray(__import__("base64").b64decode(env["ct"]))
    ct[5] ^= 1
    env["ct"] = __import__("base64").b64encode(bytes(ct)).decode()
    return json.dumps(env).encode()


@pytest.mark.parametrize("attack", ["tampered", "replayed", "other account", "oversized", "swapped key"])
def test_hostile_messages_are_refused_logged_and_change_nothing(cars, nats_server, attack):
    a, b = cars
    a.set(TEMP, 21.0)
    sync(a)
    a.set(TEMP, 24.0)
    sync(a)
    sync(b)
    ana = b.store.profiles.by_name("Ana").id
    before = dict(b.store.profiles.prefs(ana))
    key, history = _put(nats_server.url, None, None)
    latest = history[-1].value
    env = json.loads(latest)
    if attack == "tampered":
        bad = _tampered(latest)
    elif attack == "replayed":
        bad = history[0].value  # an older revision, genuine, put back as the newest
    elif attack == "oversized":
        bad = latest + b" " * 70_000
    else:
        other = AccountKeys.of(new_secret())
        doc = {"profile": env["profile"], "hlc": "9" * 16 + ".00000.evil", "settings": {}}
        bad = other.seal(env["profile"], "evil", doc["hlc"], doc)
        if attack == "swapped key":  # routed as ours, sealed with another key
            e2 = json.loads(bad)
            e2["acct"] = env["acct"]
            bad = json.dumps(e2).encode()
    _put(nats_server.url, key, bad)
    sync(b)
    assert b.store.profiles.prefs(ana) == before
    refused = b.store.sync.entries("refused")
    assert refused, "the refusal is logged"
    reason = refused[0].detail
    assert {"tampered": "tampered", "replayed": "replayed", "other account": "another account",
            "oversized": "oversized", "swapped key": "another key"}[attack] in reason


def test_same_passphrase_same_account_and_a_short_one_refused(tmp_path):
    from tui.controller.errors import InvalidValue
    from tui.controller.sync.crypto import secret_from_passphrase

    one = AccountKeys.of(secret_from_passphrase("correct horse battery staple"))
    two = AccountKeys.of(secret_from_passphrase("correct  horse battery staple "))
    assert one == two and one.account != AccountKeys.of(secret_from_passphrase("another long passphrase")).account
    with pytest.raises(InvalidValue):
        secret_from_passphrase("short")


def test_consent_is_kept_across_restarts_and_valet_stops_sync(tmp_path, cars):
    a, _ = cars
    a.sync.consent("Ana", groups=["comfort"], share_pin=None)
    path = a.store.path
    again = Controller.open(path)
    try:
        row = [p for p in again.sync.consents() if p["profile"] == "Ana"][0]
        assert row["sync"] and row["groups"] == ["comfort"]
        again.set("Vehicle.Cabin.Infotainment.Media.Volume", 55)  # media: not agreed to
        waiting = [path for _pid, path in again.store.sync.outbox()]
        assert waiting and not [p for p in waiting if ".Media." in p]
        again.profiles.valet_on("1357")
        assert again.sync._syncing(again.active_profile_id()) is None  # valet: nothing leaves
    finally:
        again.close()


def test_removing_a_car_from_the_account(cars):
    a, b = cars
    sync(a)
    sync(b)
    sync(a)  # a learns of b
    assert len(a.store.sync.cars()) == 2

    async def remove():
        engine = await SyncEngine(a.sync).open()
        try:
            await engine.remove_car(b.sync.car_id)
        finally:
            await engine.close()

    asyncio.run(remove())
    assert [car for car, _t, _s in a.store.sync.cars()] == [a.sync.car_id]
    result = sync(b)
    assert result["removed"] and not b.sync.paired  # b forgot the account when it next connected
    assert b.store.sync.entries("removed")


def test_pairing_code_works_once(cars, tmp_path, nats_server):
    from tui.controller.sync.crypto import Refused

    a, _ = cars
    c = Controller.open(tmp_path / "c.db")
    try:
        c.sync.connect(nats_server.url)

        async def go():
            ea = await SyncEngine(a.sync).open()
            code = await ea.offer_code()
            await ea.close()
            ec = await SyncEngine(c.sync).open()
            try:
                await ec.accept_code(code)
                with pytest.raises(Refused, match="unknown or has expired"):
                    await ec.accept_code(code)
                with pytest.raises(Refused):
                    await ec.accept_code("AAAAA-BBBBB")
            finally:
                await ec.close()

        asyncio.run(go())
        assert c.sync.keys().account == a.sync.keys().account
    finally:
        c.close()


def test_radio_presets_and_favourites_roam_with_the_media_group(cars):
    a, b = cars
    stations = a.media.items("FM")
    first, second = stations[0].uri, stations[1].uri
    a.media.save_preset(first, 3)
    a.media.toggle_favourite(second)
    sync(a)
    sync(b)
    b.profiles.switch("Ana")
    assert [(p.preset, p.uri) for p in b.media.presets("FM")] == [(3, first)]
    assert b.media.is_favourite(second)
    a.sync.consent("Ana", groups=["comfort"])  # media no longer agreed to
    a.media.save_preset(second, 4)
    sync(a)
    sync(b)
    assert [(p.preset, p.uri) for p in b.media.presets("FM")] == [(3, first)]


def test_compare_and_set_catches_two_cars_writing_at_once_and_both_edits_survive(cars):
    a, b = cars
    sync(a)
    sync(b)
    b.profiles.switch("Ana")
    a.set(TEMP, 20.0)
    b.set(FAN, 70)
    uid = a.store.sync.profile(a.active_profile_id()).uid

    async def both():
        ea, eb = await SyncEngine(a.sync).open(), await SyncEngine(b.sync).open()
        bucket_update = ea.kv.update
        raced = []

        async def b_writes_first(key, value, last):
            # car B writes between car A's read and car A's write, every time, whatever the load
            # (left to two tasks on one loop, the order was a matter of luck)
            if not raced:
                raced.append(await eb.sync_profile(uid))
            return await bucket_update(key, value, last=last)

        ea.kv.update = b_writes_first
        try:
            await ea.sync_profile(uid)
            return raced, ea.cas_retries, eb.cas_retries
        finally:
            await ea.close()
            await eb.close()

    raced, retries_a, retries_b = asyncio.run(both())
    assert raced == [True] and retries_b == 0  # B wrote its edit at once
    assert retries_a == 1  # A's write met B's newer revision: A read again, merged, wrote
    sync(a)
    sync(b)
    for c in (a, b):
        prefs = c.store.profiles.prefs(c.store.profiles.by_name("Ana").id)
        assert (prefs[TEMP].value, prefs[FAN].value) == (20.0, 70)
        assert c.store.sync.outbox_count() == 0 and c.sync.conflicts() == []


def test_a_profile_deleted_here_does_not_come_back(cars):
    a, b = cars
    sync(a)
    sync(b)
    b.profiles.delete("Ana")
    a.set(TEMP, 26.0)
    sync(a)
    sync(b)
    assert b.store.profiles.by_name("Ana") is None
