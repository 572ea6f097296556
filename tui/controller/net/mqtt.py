"""MQTT wire code (aiomqtt 2.x over paho-mqtt 2.x): one connection to a broker, kept up by itself.

`MqttLink` runs an asyncio event loop on a thread of its own, beside the app's (Textual's) loop, so
no network wait ever blocks a key and the SQLite connection stays on the thread that opened it.
What arrives is handed to `on_message(topic, payload, retain)` on that network thread: the caller
only queues it (tui/controller/home/bridge.py drains the queue on the controller's thread and
turns it into controller events). Publishing is thread-safe and never waits for a reconnect: while
the broker is unreachable a publish fails at once with `BrokerUnreachable`.

The connection comes back by itself with exponential backoff (0.5 s doubling to 30 s, with
jitter); the subscriptions are made again on every connect; a last will and a birth message (the
retained "online"/"offline" pair of Home Assistant's availability) are set per link. TLS takes a CA
file and an optional client certificate; user and password are sent only as MQTT asks.

Nothing here is imported at start-up: aiomqtt is loaded when a link starts.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import random
import re
import threading
from dataclasses import dataclass, field, replace
from typing import Callable
from urllib.parse import unquote, urlsplit

from tui.controller.net import valid_host
from tui.controller.errors import CockpitError, InvalidValue

log = logging.getLogger("smartcockpit.mqtt")

MIN_BACKOFF_S = 0.5
MAX_BACKOFF_S = 30.0
MAX_PAYLOAD = 256 * 1024  # bigger messages are logged and dropped (a device never needs more)


class BrokerUnreachable(CockpitError):
    """The broker can't be reached now; nothing was sent."""


@dataclass(frozen=True)
class BrokerSettings:
    """Where the broker is and how to log in. `password` never appears in repr or describe()."""

    host: str
    port: int = 1883
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    tls: bool = False
    client_id: str | None = None
    keepalive: int = 30

    @property
    def uses_tls(self) -> bool:
        return self.tls or bool(self.ca_file) or bool(self.cert_file)

    def describe(self) -> str:
        """host:port, who, TLS: what a person may read (no password)."""
        who = f"{self.username}@" if self.username else ""
        return f"{who}{self.host}:{self.port}" + (" (TLS)" if self.uses_tls else "")

    @classmethod
    def from_url(cls, url: str, **extra) -> "BrokerSettings":
        """mqtt://[user[:password]@]host[:port] or mqtts://... (TLS, port 8883 by default)."""
        text = (url or "").strip()
        if any(ch.isspace() or not ch.isprintable() for ch in text):  # urlsplit would drop them silently
            raise InvalidValue("A broker is mqtt://host:port, e.g. mqtt://192.0.2.10:1883.")
        if "://" not in text:
            text = "mqtt://" + text
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError:
            raise InvalidValue("A broker is mqtt://host:port, e.g. mqtt://192.0.2.10:1883.") from None
        if parts.scheme not in ("mqtt", "mqtts", "tcp", "ssl") or not parts.hostname:
            raise InvalidValue("A broker is mqtt://host:port, e.g. mqtt://192.0.2.10:1883.")
        tls = parts.scheme in ("mqtts", "ssl")
        settings = cls(parts.hostname, port or (8883 if tls else 1883),
                       unquote(parts.username) if parts.username else None,
                       unquote(parts.password) if parts.password else None, tls=tls)
        return replace(settings, **extra) if extra else settings


def check_settings(s: BrokerSettings) -> None:
    """A clear sentence for settings that can't work (before any connection is tried)."""
    import os

    if not valid_host(s.host):
        raise InvalidValue("Give the broker's host name or address (like homeassistant.local or 192.0.2.10).")
    if not 1 <= int(s.port) <= 65535:
        raise InvalidValue("A port is 1 to 65535.")
    for label, path in (("CA file", s.ca_file), ("Client certificate", s.cert_file), ("Client key", s.key_file)):
        if path and not os.path.isfile(path):
            raise InvalidValue(f"{label} {path} is not a readable file.")
    if s.key_file and not s.cert_file:
        raise InvalidValue("A client key needs its client certificate.")
    if s.password and not s.username:
        raise InvalidValue("A password needs a user name.")


def _tls_params(s: BrokerSettings):
    import ssl

    import aiomqtt

    if not s.uses_tls:
        return None
    return aiomqtt.TLSParameters(ca_certs=s.ca_file or None, certfile=s.cert_file or None,
                                 keyfile=s.key_file or None, cert_reqs=ssl.CERT_REQUIRED)


def reason(exc: BaseException) -> str:
    """One sentence for why a connection failed (no traceback, no secret)."""
    text = str(exc) or exc.__class__.__name__
    low = text.lower()
    if "not authori" in low or "bad user name" in low or re.search(r"code:(4|5|134|135)\]", low):
        return "The broker refused the user name or password."
    if "certificate" in low or "ssl" in low or "tls" in low:
        return f"The broker's TLS certificate was not accepted ({text[:80]})."
    if "refused" in low or "errno 111" in low:
        return "Nothing answers at that address and port."
    if "timed out" in low or "timeout" in low:
        return "The broker did not answer in time."
    if "name or service" in low or "nodename" in low or "resolution" in low:
        return "That host name is not known."
    return text[:120]


Will = tuple  # (topic, payload, retain)


class MqttLink:
    """One kept-up connection. Callbacks run on the network thread: they must only queue."""

    def __init__(self, settings: BrokerSettings, *, on_message: Callable[[str, bytes, bool], None] | None = None,
                 on_state: Callable[[bool], None] | None = None, will: Will | None = None,
                 birth: Will | None = None, min_backoff: float = MIN_BACKOFF_S, max_backoff: float = MAX_BACKOFF_S,
                 max_payload: int = MAX_PAYLOAD) -> None:
        self.settings = settings
        self.on_message = on_message or (lambda topic, payload, retain: None)
        self.on_state = on_state or (lambda connected: None)
        self.will = will
        self.birth = birth
        self.min_backoff, self.max_backoff = min_backoff, max_backoff
        self.max_payload = max_payload
        self.last_error: str | None = None
        self.dropped = 0  # oversized messages dropped
        self.connects = 0  # successful connections so far
        self._subscriptions: dict[str, int] = {}
        self._client = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._main: asyncio.Task | None = None
        self._stopping = threading.Event()
        self._up = threading.Event()
        self._wake: asyncio.Event | None = None

    # ---------------------------------------------------------------- state
    @property
    def connected(self) -> bool:
        return self._up.is_set()

    def wait_connected(self, timeout: float) -> bool:
        return self._up.wait(timeout)

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> "MqttLink":
        if self._thread is not None:
            return self
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            self._wake = asyncio.Event()
            self._main = loop.create_task(self._keep_up())
            ready.set()
            try:
                loop.run_until_complete(self._main)
            except asyncio.CancelledError:
                pass
            finally:
                left = [t for t in asyncio.all_tasks(loop) if not t.done()]
                for task in left:  # publishes still waiting for a broker that went away
                    task.cancel()
                if left:
                    loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name=f"mqtt {self.settings.host}:{self.settings.port}",
                                        daemon=True)
        self._thread.start()
        ready.wait(5)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Disconnect cleanly (the broker does not send the last will for a clean disconnect, so a
        link with one publishes it itself first) and end the thread."""
        if self._thread is None:
            return
        self._stopping.set()
        loop = self._loop
        try:
            if loop is not None and not loop.is_closed():
                fut = asyncio.run_coroutine_threadsafe(self._say_goodbye(), loop)
                try:
                    fut.result(timeout)
                except Exception:  # noqa: BLE001 - a broker that is gone: nothing to say goodbye to
                    pass
                if self._main is not None:
                    loop.call_soon_threadsafe(self._main.cancel)
        except RuntimeError:  # the loop closed meanwhile: the thread is ending by itself
            pass
        self._thread.join(timeout)
        self._thread = None

    async def _say_goodbye(self) -> None:
        client = self._client
        if client is not None and self.will is not None and self.connected:
            topic, payload, retain = self.will
            await client.publish(topic, payload, qos=1, retain=retain, timeout=2)

    # ---------------------------------------------------------------- subscriptions and publishing
    def subscribe(self, topic_filter: str, qos: int = 1) -> concurrent.futures.Future | None:
        """Subscribe now (if connected: a Future that ends with the broker's acknowledgement, after
        which its retained messages are on their way) and again on every reconnect."""
        self._subscriptions[topic_filter] = qos
        client = self._client
        if self.connected and self._loop is not None and client is not None:
            return asyncio.run_coroutine_threadsafe(client.subscribe(topic_filter, qos=qos), self._loop)
        return None

    def publish(self, topic: str, payload: str | bytes, retain: bool = False, qos: int = 1,
                timeout: float = 5.0) -> concurrent.futures.Future:
        """Hand one message to the network thread; a Future that ends when the broker has it. While
        the broker can't be reached, BrokerUnreachable at once (nothing is queued for later)."""
        if not self.connected or self._loop is None or self._client is None:
            raise BrokerUnreachable(self.unreachable_text())
        client = self._client
        return asyncio.run_coroutine_threadsafe(
            client.publish(topic, payload, qos=qos, retain=retain, timeout=timeout), self._loop)

    def publish_wait(self, topic: str, payload: str | bytes, retain: bool = False, qos: int = 1,
                     timeout: float = 5.0) -> None:
        """publish() and wait until the broker has it (not for the caller on the app's thread)."""
        fut = self.publish(topic, payload, retain, qos, timeout)
        try:
            fut.result(timeout + 1)
        except Exception as exc:  # noqa: BLE001 - every failure is one sentence
            raise BrokerUnreachable(f"Not sent: {reason(exc)}") from None

    def unreachable_text(self) -> str:
        why = f" ({self.last_error.rstrip('.')})" if self.last_error else ""
        return f"The home's broker {self.settings.host}:{self.settings.port} is not reachable{why}."

    # ---------------------------------------------------------------- the connection, kept up
    def _client_for(self):
        import aiomqtt

        s = self.settings
        will = None
        if self.will is not None:
            topic, payload, retain = self.will
            will = aiomqtt.Will(topic, payload, qos=1, retain=retain)
        client = aiomqtt.Client(s.host, s.port, username=s.username, password=s.password, identifier=s.client_id,
                                will=will, keepalive=s.keepalive, tls_params=_tls_params(s), timeout=5,
                                max_queued_incoming_messages=20000)
        client.pending_calls_threshold = 5000  # a discovery announcement is hundreds of publishes at once
        return client

    async def _keep_up(self) -> None:
        import aiomqtt

        backoff = self.min_backoff
        while not self._stopping.is_set():
            try:
                async with self._client_for() as client:
                    self._client = client
                    for topic_filter, qos in list(self._subscriptions.items()):
                        await client.subscribe(topic_filter, qos=qos)
                    if self.birth is not None:
                        topic, payload, retain = self.birth
                        await client.publish(topic, payload, qos=1, retain=retain)
                    self.last_error = None
                    self.connects += 1
                    backoff = self.min_backoff
                    self._up.set()
                    self._safe(self.on_state, True)
                    async for message in client.messages:
                        self._deliver(message)
            except aiomqtt.MqttError as exc:
                self.last_error = reason(exc)
                log.info("mqtt %s: %s", self.settings.describe(), self.last_error)
            except OSError as exc:  # TLS files that can't be read, and the like
                self.last_error = reason(exc)
                log.info("mqtt %s: %s", self.settings.describe(), self.last_error)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - whatever breaks a connection, the link tries again
                self.last_error = reason(exc)
                log.warning("mqtt %s: unexpected %r", self.settings.describe(), exc)
            finally:
                was_up = self._up.is_set()
                self._up.clear()
                self._client = None
                if was_up:
                    self._safe(self.on_state, False)
            if self._stopping.is_set():
                break
            delay = backoff * (0.8 + 0.4 * random.random())
            backoff = min(self.max_backoff, backoff * 2)
            await asyncio.sleep(delay)

    def _deliver(self, message) -> None:
        payload = message.payload
        if isinstance(payload, str):
            payload = payload.encode()
        elif payload is None:
            payload = b""
        elif not isinstance(payload, (bytes, bytearray)):
            payload = str(payload).encode()
        if len(payload) > self.max_payload:
            self.dropped += 1
            log.warning("mqtt: dropped a %d-byte message on %s (over %d bytes)", len(payload), message.topic.value,
                        self.max_payload)
            return
        self._safe(self.on_message, message.topic.value, bytes(payload), bool(message.retain))

    @staticmethod
    def _safe(callback, *args) -> None:
        try:
            callback(*args)
        except Exception:  # noqa: BLE001 - a listener's bug must not take the connection down
            log.exception("mqtt: a listener failed")


def try_connection(settings: BrokerSettings, timeout: float = 5.0) -> str:
    """Connect once and disconnect: a sentence saying it worked, or BrokerUnreachable saying why.
    Runs its own short-lived loop on a thread of its own (callable from any thread; blocks the
    caller up to `timeout`, so a screen calls it from a worker)."""
    check_settings(settings)
    result: dict = {}

    async def attempt() -> None:
        import aiomqtt

        s = settings
        async with aiomqtt.Client(s.host, s.port, username=s.username, password=s.password,
                                  tls_params=_tls_params(s), timeout=timeout, keepalive=10):
            result["ok"] = True

    def run() -> None:
        try:
            asyncio.run(asyncio.wait_for(attempt(), timeout))
        except Exception as exc:  # noqa: BLE001 - one sentence, whatever went wrong
            result["error"] = reason(exc) if not isinstance(exc, asyncio.TimeoutError) else \
                "The broker did not answer in time."

    thread = threading.Thread(target=run, name="mqtt test", daemon=True)
    thread.start()
    thread.join(timeout + 2)
    if result.get("ok"):
        return f"Connected to {settings.describe()}."
    raise BrokerUnreachable(f"Could not connect to {settings.describe()}: {result.get('error', 'no answer')}")
