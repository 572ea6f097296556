"""Real nats-server processes for the sync tests: one, or a three-server JetStream cluster, each
on free loopback ports with a config generated in tmp_path (store and log there too), stopped in
teardown (terminate, wait, kill)."""

from __future__ import annotations

import asyncio
import time

import pytest

from tui.controller.net.nats import Link, LocalServer, local_cluster


@pytest.fixture
def nats_server(tmp_path):
    server = LocalServer(tmp_path / "nats").start()
    yield server
    server.stop()


def wait_cluster_ready(urls: list[str], timeout: float = 20.0) -> None:
    """Until the cluster has a JetStream meta leader (a bucket can be made with 3 replicas)."""
    async def probe():
        link = await Link(urls, timeout=2.0).connect()
        try:
            await link.bucket("probe", replicas=3)
        finally:
            await link.close()

    deadline = time.monotonic() + timeout
    while True:
        try:
            asyncio.run(probe())
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def nats_cluster(tmp_path):
    servers = local_cluster(tmp_path / "cluster", 3)
    try:
        for s in servers:
            s.start()
        wait_cluster_ready([s.url for s in servers])
        yield servers
    finally:
        for s in servers:
            s.stop()
