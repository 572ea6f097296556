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
