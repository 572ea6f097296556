"""The wire module against a real Mosquitto: plain, password, TLS (CA and client certificate), last
will, reconnect with backoff, and publishing while the broker is away."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from tests.mqtt.broker import free_port
from tests.mqtt.helpers import Inbox, wait_for
from tui.controller.errors import InvalidValue
from tui.controller.net.mqtt import BrokerSettings, BrokerUnreachable, MqttLink, check_settings, try_connection


def link(settings, inbox=None, **kw) -> MqttLink:
    return MqttLink(settings, on_message=inbox, min_backoff=0.1, max_backoff=0.5, **kw).start()


def test_settings_from_url_and_describe_without_password():
    s = BrokerSettings.from_url("mqtt://car:pa%40ss@192.0.2.10:1884")
    assert (s.host, s.port, s.username, s.password, s.uses_tls) == ("192.0.2.10", 1884, "car", "pa@ss", False)
    assert "pa@ss" not in s.describe() and "pa@ss" not in repr(s)
    assert BrokerSettings.from_url("mqtts://broker.local").port == 8883
    assert BrokerSettings.from_url("10.0.0.2").port == 1883
    with pytest.raises(InvalidValue):
        BrokerSettings.from_url("http://x:1")
    with pytest.raises(InvalidValue, match="not a readable file"):
        check_settings(BrokerSettings("h", ca_file="/nonexistent/ca.pem"))


def test_publish_and_receive(broker):
    inbox = Inbox()
    a = link(BrokerSettings.from_url(broker.url), inbox)
    a.subscribe("t/#")
    b = link(BrokerSettings.from_url(broker.url))
    try:
        assert a.wait_connected(5) and b.wait_connected(5)
        b.publish_wait("t/1", "hello")
        assert wait_for(lambda: inbox.on("t/1") == [b"hello"])
    finally:
        a.stop()
        b.stop()


def test_password_broker(password_broker):
    good = BrokerSettings.from_url(password_broker.url, username="car", password="s3cret-pass")
    assert "Connected" in try_connection(good)
    with pytest.raises(BrokerUnreachable, match="refused the user name or password"):
        try_connection(BrokerSettings.from_url(password_broker.url, username="car", password="wrong"))
    with pytest.raises(BrokerUnreachable):
        try_connection(BrokerSettings.from_url(password_broker.url))


def test_tls_broker_with_ca_file(tls_broker, test_ca):
    ok = BrokerSettings.from_url(tls_broker.url, ca_file=test_ca.ca_file)
    assert "(TLS)" in try_connection(ok)
    with pytest.raises(BrokerUnreachable, match="TLS certificate"):
        try_connection(BrokerSettings.from_url(tls_broker.url, ca_file=test_ca.other_ca_file))
    # a plain client at a TLS port gets nowhere
    with pytest.raises(BrokerUnreachable):
        try_connection(BrokerSettings.from_url(f"mqtt://127.0.0.1:{tls_broker.port}"), timeout=2)


def test_tls_with_client_certificate(mtls_broker, test_ca):
    with_cert = BrokerSettings.from_url(mtls_broker.url, ca_file=test_ca.ca_file, cert_file=test_ca.client_cert,
                                        key_file=test_ca.client_key)
    assert "Connected" in try_connection(with_cert)
    with pytest.raises(BrokerUnreachable):
        try_connection(BrokerSettings.from_url(mtls_broker.url, ca_file=test_ca.ca_file), timeout=3)


def test_nothing_listening_is_one_sentence():
    with pytest.raises(BrokerUnreachable, match="Nothing answers"):
        try_connection(BrokerSettings("127.0.0.1", free_port()), timeout=2)


def test_birth_and_last_will_when_the_car_dies(broker, tmp_path):
    """A process with a will is killed (no clean disconnect): the broker publishes its 'offline'."""
    watcher_inbox = Inbox()
    watcher = link(BrokerSettings.from_url(broker.url), watcher_inbox)
    watcher.subscribe("car/availability")
    script = textwrap.dedent(f"""
        import sys, time
        from tui.controller.net.mqtt import BrokerSettings, MqttLink
        l = MqttLink(BrokerSettings("127.0.0.1", {broker.port}, keepalive=5),
                     will=("car/availability", "offline", True), birth=("car/availability", "online", True)).start()
        assert l.wait_connected(10)
        print("up", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=tmp_path,
                            env={"PYTHONPATH": str(__import__("pathlib").Path(__file__).resolve().parents[2])})
    try:
        assert proc.stdout.readline().strip() == "up"
        assert wait_for(lambda: watcher_inbox.last("car/availability") == b"online")
        proc.kill()
        proc.wait(5)
        assert wait_for(lambda: watcher_inbox.last("car/availability") == b"offline", timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        watcher.stop()
    # retained: a newcomer sees it too
    late = Inbox()
    newcomer = link(BrokerSettings.from_url(broker.url), late)
    newcomer.subscribe("car/availability")
    try:
        assert wait_for(lambda: late.last("car/availability") == b"offline")
    finally:
        newcomer.stop()


def test_clean_stop_says_offline_itself(broker):
    inbox = Inbox()
    watcher = link(BrokerSettings.from_url(broker.url), inbox)
    watcher.subscribe("c/avail")
    car = link(BrokerSettings.from_url(broker.url), will=("c/avail", "offline", True), birth=("c/avail", "online", True))
    try:
        assert wait_for(lambda: inbox.last("c/avail") == b"online")
        car.stop()
        assert wait_for(lambda: inbox.last("c/avail") == b"offline")
    finally:
        watcher.stop()


def test_broker_restart_reconnects_and_resubscribes(broker):
    inbox = Inbox()
    states = []
    a = MqttLink(BrokerSettings.from_url(broker.url), on_message=inbox, on_state=states.append,
                 min_backoff=0.1, max_backoff=0.4).start()
    a.subscribe("r/#")
    try:
        assert a.wait_connected(5)
        broker.stop()
        assert wait_for(lambda: not a.connected, timeout=10)
        t0 = time.monotonic()
        with pytest.raises(BrokerUnreachable, match="not reachable"):
            a.publish("r/x", "now")
        assert time.monotonic() - t0 < 0.5  # fails at once, nothing queued (not a timed assertion of speed:
        # a queued publish would wait here until the broker came back)
        broker.start()
        assert wait_for(lambda: a.connected, timeout=15)
        b = link(BrokerSettings.from_url(broker.url))
        try:
            assert b.wait_connected(5)
            b.publish_wait("r/after", "back")
            assert wait_for(lambda: inbox.on("r/after") == [b"back"])
        finally:
            b.stop()
        assert states[:3] == [True, False, True]
        assert a.connects == 2
    finally:
        a.stop()


def test_oversized_messages_are_dropped(broker):
    inbox = Inbox()
    a = MqttLink(BrokerSettings.from_url(broker.url), on_message=inbox, max_payload=1000).start()
    a.subscribe("big/#")
    b = link(BrokerSettings.from_url(broker.url))
    try:
        assert a.wait_connected(5) and b.wait_connected(5)
        b.publish_wait("big/1", b"x" * 5000)
        b.publish_wait("big/2", b"small")
        assert wait_for(lambda: inbox.on("big/2") == [b"small"])
        assert inbox.on("big/1") == [] and a.dropped == 1
    finally:
        a.stop()
        b.stop()


def test_a_password_file_written_without_mosquitto_passwd(tmp_path):
    from tests.mqtt.broker import Mosquitto

    b = Mosquitto(tmp_path / "pwfile", users={"car": "other-pass"}, use_passwd_tool=False).start()
    try:
        assert "Connected" in try_connection(BrokerSettings.from_url(b.url, username="car", password="other-pass"))
        with pytest.raises(BrokerUnreachable, match="refused the user name or password"):
            try_connection(BrokerSettings.from_url(b.url, username="car", password="nope"))
    finally:
        b.stop()


@pytest.mark.parametrize("error,sentence", [
    ("[code:134] Bad user name or password", "The broker refused the user name or password."),
    ("[code:5] Not authorized", "The broker refused the user name or password."),
    ("[Errno 111] Connect call failed ('127.0.0.1', 51345)", "Nothing answers at that address and port."),
    ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", "The broker's TLS certificate was not accepted"),
    ("Operation timed out", "The broker did not answer in time."),
])
def test_failures_are_one_sentence(error, sentence):
    from tui.controller.net.mqtt import reason

    assert reason(Exception(error)).startswith(sentence)
