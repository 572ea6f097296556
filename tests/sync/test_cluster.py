"""A three-server JetStream cluster started by the test (routes between them, the bucket and the
change log with 3 replicas): one server is killed while two cars sync; nothing acked is lost, sync
goes on through the other two, and the killed server rejoins with every acked value."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest

from tests.sync.cars import FAN, TEMP
from tui.controller import Controller
from tui.controller.net.nats import Link, LocalServer
from tui.controller.sync.crypto import new_secret
from tui.controller.sync.engine import BUCKET, run_once


def sync(c, urls, tries: int = 20):
    """One sync; while the cluster elects new leaders a request may time out: try again."""
    for n in range(tries):
        try:
            return asyncio.run(asyncio.wait_for(run_once(c.sync, urls, replicas=3), 20))
        except Exception:
            if n == tries - 1:
                raise
            time.sleep(0.5)


@pytest.mark.slow  # a cluster forms, loses a member while a car syncs, and takes it back: 20-45 s
def test_one_server_killed_while_cars_sync(nats_cluster, tmp_path):
    urls = [s.url for s in nats_cluster]
    secret = new_secret()
    a, b = (Controller.open(tmp_path / f"{n}.db") for n in "ab")
    try:
        for c in (a, b):
            c.sync.connect(",".join(urls))
            c.sync.join(secret, "test")
        a.sync.consent("Driver", enabled=True)
        sync(a, urls)  # the bucket and the log made with 3 replicas
        # car A's own process follows the account and sends each change as it is made; the driver
        # changes settings every 0.3 s; one server is killed in the middle of it
        follower = subprocess.Popen([sys.executable, "-m", "tui", "--db", str(a.store.path), "cloud", "sync",
                                     "--watch", "20"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        victim = nats_cluster[0]
        acked = {}
        try:
            time.sleep(2.0)
            for n in range(10):
                a.set(TEMP, 17.0 + n * 0.5)
                acked[TEMP] = 17.0 + n * 0.5
                if n % 2:
                    a.set(FAN, 40 + 5 * n)
                    acked[FAN] = 40 + 5 * n
                if n == 4:
                    victim.stop(kill=True)
                time.sleep(0.3)
            deadline = time.monotonic() + 40
            while a.store.sync.outbox_count() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            follower.terminate()
            follower.wait(timeout=20)
        uploads = a.store.sync.entries("upload")
        assert len(uploads) >= 3  # it kept sending before, during and after the kill
        assert a.store.sync.outbox_count() == 0
        sync(b, urls)
        arrived = b.store.profiles.by_name("Driver (2)")
        prefs = b.store.profiles.prefs(arrived.id)
        assert {p: prefs[p].value for p in acked} == acked  # nothing acked is lost
        back = LocalServer(victim.folder, port=victim.port, name=victim.name, cluster=victim.cluster,
                           cluster_port=victim.cluster_port, routes=victim.routes).start()
        nats_cluster[0] = back

        async def read_from_rejoined():
            link = await Link([back.url], timeout=5).connect()
            try:
                kv = await link.bucket(BUCKET)
                keys = await kv.keys("p.>")
                return [(await kv.get(k)).revision for k in keys]
            finally:
                await link.close()

        async def newest():
            link = await Link(urls[1:], timeout=5).connect()
            try:
                kv = await link.bucket(BUCKET)
                return [(await kv.get(k)).revision for k in await kv.keys("p.>")]
            finally:
                await link.close()

        want = None
        for _ in range(20):  # the two left may still be electing leaders: ask again
            try:
                want = asyncio.run(asyncio.wait_for(newest(), 15))
                break
            except Exception:
                time.sleep(0.5)
        assert want
        deadline = time.monotonic() + 30
        got = None
        while time.monotonic() < deadline:
            try:
                got = asyncio.run(asyncio.wait_for(read_from_rejoined(), 10))
                if got == want:
                    break
            except Exception:
                pass
            time.sleep(0.5)
        assert got == want  # the rejoined server serves the latest revisions
        a.set(TEMP, 25.0)
        sync(a, [back.url])  # and takes writes again
        sync(b, urls)
        assert b.store.profiles.prefs(arrived.id)[TEMP].value == 25.0
    finally:
        a.close()
        b.close()
