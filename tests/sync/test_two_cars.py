"""Two cars as two processes (two database files) and one real nats-server: a change in car A
appears in car B; both edit while the server is down, then merge with the conflict shown; a car
killed mid-sync loses nothing and duplicates nothing."""

from __future__ import annotations

import asyncio
import json
import random
import time

import pytest

from tests.sync.cars import FAN, TEMP, Car, paired_pair
from tui.controller.net.nats import LocalServer


def test_a_change_in_car_a_appears_in_car_b(nats_server, tmp_path):
    a, b = paired_pair(tmp_path, nats_server.url)
    # A's Driver arrives in B beside B's own Driver, without rights
    names = {p["name"]: p for p in b.json("profile", "list")}
    assert "Driver (2)" in names and names["Driver (2)"]["permissions"] == {"home_security": False, "purchases": False}
    follower = b.spawn("cloud", "sync", "--watch", "6")  # B stays connected, taking changes live
    time.sleep(1.5)
    a.run("state", "set", TEMP, "24.5")
    a.run("cloud", "sync")
    assert follower.wait(timeout=30) == 0
    assert b.prefs("Driver (2)")[TEMP] == 24.5
    status = b.json("cloud", "status")
    assert status["pending"] == 0 and len(status["cars"]) == 2
    assert a.json("cloud", "status")["account"] == status["account"]
    uploads = a.json("cloud", "log", "--uploads")
    assert uploads and all(e["kind"] == "upload" and e["profile"] == "Driver" for e in uploads)


@pytest.mark.slow  # some 30 command-line runs, about 15 s
def test_both_edit_while_the_server_is_down_then_the_conflict_is_shown(tmp_path):
    server = LocalServer(tmp_path / "nats").start()
    try:
        a, b = paired_pair(tmp_path, server.url)
        b.run("profile", "switch", "Driver (2)")
        server.stop()
        a.run("state", "set", TEMP, "19")
        a.run("state", "set", FAN, "40")  # only A changes the fan: no conflict there
        assert a.run("cloud", "sync", check=False).returncode == 1  # offline: kept in the outbox
        time.sleep(0.01)
        b.run("state", "set", TEMP, "26")  # later: the newer one
        assert a.json("cloud", "status")["pending"] >= 2
        server = LocalServer(tmp_path / "nats", port=server.port).start()
        a.run("cloud", "sync")
        b.run("cloud", "sync")
        a.run("cloud", "sync")
        found = b.json("cloud", "conflicts")
        assert len(found) == 1
        k = found[0]
        assert k["path"] == TEMP and k["here_value"] == 26 and k["other_value"] == 19
        assert k["newer"] == "here" and k["chosen"] == "local"  # the newer, marked as such
        assert b.prefs("Driver (2)")[FAN] == 40  # what only one car changed just merged
        assert a.prefs("Driver")[TEMP] == 26  # the newer won on both cars for now
        # the driver picks the other value in B: it becomes the value everywhere
        b.run("cloud", "conflicts", "--keep", str(k["id"]), "remote")
        assert b.json("cloud", "conflicts") == []
        b.run("cloud", "sync")
        a.run("cloud", "sync")
        assert a.prefs("Driver")[TEMP] == 19 and b.prefs("Driver (2)")[TEMP] == 19
    finally:
        server.stop()


@pytest.mark.slow  # some 25 command-line runs, about 15 s
def test_a_car_killed_mid_sync_loses_nothing_and_duplicates_nothing(nats_server, tmp_path):
    a, b = paired_pair(tmp_path, nats_server.url)
    rnd = random.Random(19)
    want = {}
    for round_ in range(4):
        value = 18 + round_ + 0.5
        a.run("state", "set", TEMP, str(value))
        want[TEMP] = value
        proc = a.spawn("cloud", "sync")
        time.sleep(rnd.uniform(0.05, 0.6))  # somewhere in start-up, connecting, merging or writing
        proc.kill()
        proc.wait(timeout=10)
    a.run("cloud", "sync")
    assert a.json("cloud", "status")["pending"] == 0
    b.run("cloud", "sync")
    assert b.prefs("Driver (2)")[TEMP] == want[TEMP]

    async def log_ids():
        from tui.controller.net.nats import Link
        link = await Link(nats_server.url).connect()
        try:
            msgs = await link.messages("PROFILE_LOG", "log.>")
        finally:
            await link.close()
        return [json.loads(d)["hlc"] for _, d in msgs]

    stamps = asyncio.run(log_ids())
    assert stamps and len(stamps) == len(set(stamps))  # each upload logged once
    uploads = [e for e in a.json("cloud", "status")["profiles"] if e["profile"] == "Driver"]
    assert uploads[0]["sync"]
