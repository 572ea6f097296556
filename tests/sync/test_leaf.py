"""A car that syncs through its own nats-server, a leaf node of the hub (JetStream domain "hub"),
and a car connected to the hub directly: what one changes reaches the other, and a change made
while the leaf is cut off from the hub arrives once the link is back. Cars are processes (the
command line on their own database files); the servers are real."""

from __future__ import annotations

import time

import pytest

from tests.sync.cars import TEMP, UNIT, Car


def _wait(condition, seconds: float = 30.0, step: float = 0.3):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not reached in time")
        time.sleep(step)


@pytest.mark.slow
def test_a_car_on_a_leaf_node_syncs_with_a_car_on_the_hub_and_catches_up_after_a_cut(tmp_path, hub_and_leaf):
    hub, leaf = hub_and_leaf
    a, b = Car(tmp_path, "car-a"), Car(tmp_path, "car-b")
    a.run("cloud", "connect", leaf.url, "--domain", "hub")  # through its own leaf node
    a.run("state", "set", UNIT, "C")
    a.run("cloud", "pair", "--new", "--yes")
    a.run("cloud", "share", "Driver", "--on")
    a.run("state", "set", TEMP, "22")
    a.run("cloud", "sync")
    code = a.json("cloud", "pair")["code"]
    b.run("cloud", "connect", hub.url)  # straight to the hub
    b.run("cloud", "pair", "--code", code, "--yes")
    b.run("cloud", "sync")
    assert b.prefs("Driver (2)")[TEMP] == 22.0  # A's Driver arrives beside B's own

    seen = a.json("cloud", "status")["cars"][0]["seen"]
    watch = a.spawn("cloud", "sync", "--watch", "50")  # car A stays online on its leaf node
    try:
        _wait(lambda: a.json("cloud", "status")["cars"][0]["seen"] != seen)  # it has synced once
        hub.stop()  # the leaf loses its hub; car A still reaches its own server
        a.run("state", "set", TEMP, "19.5")
        time.sleep(1.5)  # car A tries and fails to send: the edit waits in its outbox
        assert a.json("cloud", "status")["pending"] >= 1
        hub.start()  # the link comes back (the leaf node reconnects by itself)

        def arrived():
            done = b.run("cloud", "sync", check=False)
            return done.returncode == 0 and b.prefs("Driver (2)")[TEMP] == 19.5

        _wait(arrived, 40)
        _wait(lambda: a.json("cloud", "status")["pending"] == 0)
    finally:
        watch.terminate()
        watch.wait(timeout=10)


def test_in_process_a_car_on_the_leaf_and_a_car_on_the_hub_share_a_profile(tmp_path, hub_and_leaf):
    """The same, quicker: two controllers, one syncing through the leaf node (domain "hub"), one
    straight to the hub; compare-and-set works across the leaf connection."""
    from tests.sync.test_sync_rules import sync
    from tui.controller import Controller
    from tui.controller.sync.crypto import new_secret

    hub, leaf = hub_and_leaf
    secret = new_secret()
    a, b = Controller.open(tmp_path / "a.db"), Controller.open(tmp_path / "b.db")
    try:
        a.sync.connect(leaf.url, domain="hub")
        b.sync.connect(hub.url)
        for c in (a, b):
            c.sync.join(secret, "test")
        a.profiles.create("Ana")
        a.profiles.switch("Ana")
        a.sync.consent("Ana", enabled=True)
        a.set(TEMP, 23.5)
        sync(a)
        sync(b)
        ana = b.store.profiles.by_name("Ana").id
        assert b.store.profiles.prefs(ana)[TEMP].value == 23.5
        b.profiles.switch("Ana")
        b.set(TEMP, 20.0)
        sync(b)
        sync(a)
        assert a.store.profiles.prefs(a.active_profile_id())[TEMP].value == 20.0
        assert a.store.sync.outbox_count() == 0 and b.store.sync.outbox_count() == 0
    finally:
        a.close()
        b.close()
