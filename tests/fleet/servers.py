"""A real nats-server for the fleet's transport tests: a free loopback port, its config, JetStream
store and log in tmp_path, stopped in teardown (terminate, wait, kill)."""

from __future__ import annotations

import pytest

from tui.controller.net.nats import LocalServer


@pytest.fixture
def nats_server(tmp_path):
    server = LocalServer(tmp_path / "nats", name="fleet").start()
    yield server
    server.stop()
