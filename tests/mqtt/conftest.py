"""Brokers for the MQTT tests (tests/mqtt/broker.py): each test that asks gets its own."""

from __future__ import annotations

import pytest

from tests.mqtt.broker import Mosquitto, TestCA


@pytest.fixture
def broker(tmp_path):
    b = Mosquitto(tmp_path / "broker").start()
    yield b
    b.stop()


@pytest.fixture
def password_broker(tmp_path):
    b = Mosquitto(tmp_path / "broker-pw", users={"car": "s3cret-pass"}).start()
    yield b
    b.stop()


@pytest.fixture
def test_ca(tmp_path):
    return TestCA(tmp_path / "ca")


@pytest.fixture
def tls_broker(tmp_path, test_ca):
    b = Mosquitto(tmp_path / "broker-tls", tls=test_ca).start()
    yield b
    b.stop()


@pytest.fixture
def mtls_broker(tmp_path, test_ca):
    b = Mosquitto(tmp_path / "broker-mtls", tls=test_ca, require_certificate=True).start()
    yield b
    b.stop()


@pytest.fixture
def devices(broker):
    from tests.mqtt.devices import Devices

    d = Devices(broker.url)
    yield d
    d.stop()


@pytest.fixture
def bridged(broker, db_path, clock):
    """A controller whose home is the broker's (as `smartcockpit --home mqtt://...` makes it)."""
    from tui.controller import Controller
    from tui.controller.home.connection import use_broker_for_this_run

    use_broker_for_this_run(broker.url)
    c = Controller.open(db_path, clock=clock)
    try:
        c.home.backend.link.min_backoff = 0.1
        c.home.backend.link.max_backoff = 0.5
        c.home.backend.confirm_timeout = 2.0
        yield c
    finally:
        use_broker_for_this_run(None)
        c.home.stop()
        c.close()


@pytest.fixture
def no_key_guard(monkeypatch):
    """Pilot presses keys within milliseconds: no guard time on sensitive questions (as in tests/tui)."""
    from tui.screens import dialogs

    monkeypatch.setattr(dialogs, "KEY_GUARD_S", 0.0)
