"""Key rotation when a car is removed (it cannot read what is written after; the others go on),
and a server put back to an older document healed by the car that holds the newer state. Cars
are controllers on their own database files; the server is a real nats-server."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.sync.cars import FAN, TEMP
from tests.sync.test_sync_rules import _put, cars, sync  # noqa: F401  (the two-car fixture)
from tui.controller import Controller
from tui.controller.net.nats import Link
from tui.controller.sync.crypto import Refused
from tui.controller.sync.engine import BUCKET, SyncEngine


def _raw(url, key):
    async def go():
        link = await Link(url).connect()
        try:
            entry = await (await link.bucket(BUCKET)).get(key)
            return entry.value
        finally:
            await link.close()

    return asyncio.run(go())


def _engine(c, call):
    async def go():
        engine = await SyncEngine(c.sync).open()
        try:
            return await call(engine)
        finally:
            await engine.close()

    return asyncio.run(go())


@pytest.fixture
def three(cars, tmp_path, nats_server):
    a, b = cars
    c = Controller.open(tmp_path / "c.db")
    c.sync.connect(nats_server.url)
    c.sync.join(bytes.fromhex(a.sync.account().secret), "test")
    a.set(TEMP, 21.0)
    for car in (a, b, c, a, b, c):  # each registers, then each learns the others' public keys
        sync(car)
    yield a, b, c
    c.close()


def _ana(c):
    return c.store.profiles.prefs(c.store.profiles.by_name("Ana").id)


def test_a_removed_car_cannot_read_what_is_written_after_and_the_others_go_on(three, nats_server):
    a, b, c = three
    uid = a.store.sync.profile(a.active_profile_id()).uid
    key = f"p.{a.sync.keys().account}.{uid}"
    assert _ana(c)[TEMP].value == 21.0
    _engine(a, lambda e: e.remove_car(c.sync.car_id))
    assert a.sync.keys().epoch == 1
    assert a.store.sync.entries("rotated")
    a.set(TEMP, 25.0)
    sync(a)

    # C kept the account's secret, but not the new epoch: refused, logged, nothing taken
    with pytest.raises(Refused, match="another key"):
        c.sync.keys().open(_raw(nats_server.url, key), uid)
    assert _engine(c, lambda e: e.sync_profile(uid)) is False
    assert "another key" in c.store.sync.entries("refused")[0].detail
    assert _ana(c)[TEMP].value == 21.0
    assert c.sync.keys().epoch == 0

    # B takes the new epoch from the wrap A left for it, and both go on syncing
    sync(b)
    assert b.sync.keys().epoch == 1 and b.sync.keys().key_id == a.sync.keys().key_id
    assert _ana(b)[TEMP].value == 25.0
    b.profiles.switch("Ana")
    b.set(FAN, 60)
    sync(b)
    sync(a)
    assert _ana(a)[FAN].value == 60
    assert json.loads(_raw(nats_server.url, key))["key"] == a.sync.keys().key_id

    # what C writes with the key it kept is refused by the others (a retired epoch, not a member)
    doc = {"profile": uid, "hlc": "9" * 16 + ".00000." + c.sync.car_id, "name": "Ana",
           "settings": {TEMP: {"v": 16.0, "h": "9" * 16 + ".00000." + c.sync.car_id}}}
    _put(nats_server.url, key, c.sync.keys().seal(uid, c.sync.car_id, doc["hlc"], doc))
    sync(b)
    assert _ana(b)[TEMP].value == 25.0
    assert "retired key" in b.store.sync.entries("refused")[0].detail
    assert "another key" not in b.store.sync.entries("refused")[0].detail


def test_a_car_paired_by_code_after_a_rotation_gets_the_current_epoch(three, tmp_path, nats_server):
    a, b, c = three
    _engine(a, lambda e: e.remove_car(c.sync.car_id))
    d = Controller.open(tmp_path / "d.db")
    try:
        d.sync.connect(nats_server.url)
        code = _engine(b, lambda e: e.offer_code())  # B had not synced since: offering, it takes the epoch
        _engine(d, lambda e: e.accept_code(code))
        assert d.sync.keys().key_id == a.sync.keys().key_id
        sync(d)
        assert _ana(d)[TEMP].value == 21.0
    finally:
        d.close()


def test_a_server_put_back_to_an_older_document_is_healed_by_the_car_that_knows_better(cars, nats_server):
    a, b = cars
    a.set(TEMP, 21.0)
    sync(a)
    a.set(TEMP, 24.0)
    sync(a)
    sync(b)
    key, history = _put(nats_server.url, None, None)
    _put(nats_server.url, key, history[0].value)  # the server goes back to revision 1
    sync(b)
    assert "replayed" in b.store.sync.entries("refused")[0].detail
    assert b.store.sync.entries("healed")
    uid = key.split(".", 2)[2]
    _env, doc = a.sync.keys().open(_raw(nats_server.url, key), uid)
    assert doc["settings"][TEMP]["v"] == 24.0  # the newer state is back on the server
    before = len(a.store.sync.entries("refused"))
    sync(a)
    assert len(a.store.sync.entries("refused")) == before  # A takes the healed document as it is
    assert _ana(a)[TEMP].value == 24.0


def test_a_document_the_server_lost_is_written_back(cars, nats_server):
    a, b = cars
    a.set(TEMP, 22.5)
    sync(a)
    sync(b)
    uid = a.store.sync.profile(a.active_profile_id()).uid
    key = f"p.{a.sync.keys().account}.{uid}"

    async def delete():
        link = await Link(nats_server.url).connect()
        try:
            await (await link.bucket(BUCKET)).delete(key)
        finally:
            await link.close()

    asyncio.run(delete())
    sync(b)
    assert "missing on the server" in b.store.sync.entries("refused")[0].detail
    assert "where it was missing" in b.store.sync.entries("healed")[0].detail
    _env, doc = a.sync.keys().open(_raw(nats_server.url, key), uid)
    assert doc["settings"][TEMP]["v"] == 22.5 and "@profile" in doc["settings"]
    sync(a)
    assert not a.store.sync.entries("refused") and _ana(a)[TEMP].value == 22.5
