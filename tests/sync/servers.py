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


def wait_jetstream(urls, timeout: float = 20.0, replicas: int = 1, domain: str | None = None) -> None:
    """Until JetStream answers at urls (through `domain` when set): a bucket with `replicas` can be
    made or opened (a cluster has elected its meta leader; a leaf node reaches its hub)."""
    async def probe():
        link = await Link(urls, timeout=2.0, domain=domain).connect()
        try:
            await link.bucket("probe", replicas=replicas)
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
            time.sleep(0.2)


def wait_cluster_ready(urls: list[str], timeout: float = 20.0) -> None:
    wait_jetstream(urls, timeout, replicas=3)


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


@pytest.fixture
def hub_and_leaf(tmp_path):
    """A hub (JetStream domain "hub", accepting leaf nodes) and a car's own server as its leaf node
    (JetStream domain "car-a")."""
    from tui.controller.net.nats import free_port

    hub = LocalServer(tmp_path / "hub", name="hub", domain="hub", leafnode_port=free_port())
    leaf = LocalServer(tmp_path / "leaf", name="leaf-a", domain="car-a",
                       hubs=[f"nats-leaf://127.0.0.1:{hub.leafnode_port}"])
    try:
        hub.start()
        leaf.start()
        wait_jetstream(leaf.url, domain="hub")
        yield hub, leaf
    finally:
        leaf.stop()
        hub.stop()
