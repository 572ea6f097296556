"""NATS JetStream, spoken through nats-py: a connection that reconnects by itself, key-value buckets
(revisions, compare-and-set on the revision, history, watches) and streams (publish with a message
id the server de-duplicates, subscribe), and a local `nats-server -js` started from a generated
config (the demo's `smartcockpit cloud serve`, and the tests, alone or as a cluster).

General on purpose: profile sync uses a bucket and a stream by name; the fleet may deliver update
assignments over the same calls. No rule lives here. nats-py is imported when a link is made.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable

NATS_SERVER = "nats-server"
MAX_VALUE = 256 * 1024  # the largest value a bucket takes (the server refuses more)


class LinkError(Exception):
    """The server cannot be reached or refused the request (one sentence)."""


class RevisionConflict(LinkError):
    """compare-and-set: the key's revision is no longer the one the writer read."""


@dataclass(frozen=True)
class Entry:
    key: str
    value: bytes | None  # None: the key was deleted
    revision: int


# ---------------------------------------------------------------------- the client side
class Bucket:
    """A JetStream key-value bucket: every put gets a revision; update(last=rev) only succeeds when
    the key is still at that revision (compare-and-set)."""

    def __init__(self, kv, name: str):
        self._kv = kv
        self.name = name

    async def get(self, key: str) -> Entry | None:
        from nats.js.errors import KeyDeletedError, KeyNotFoundError

        try:
            e = await self._kv.get(key)
        except (KeyNotFoundError, KeyDeletedError):
            return None
        return Entry(e.key, e.value, e.revision)

    async def put(self, key: str, value: bytes) -> int:
        return await self._kv.put(key, value)

    async def create(self, key: str, value: bytes) -> int:
        """Write a key that must not exist yet (RevisionConflict if it does)."""
        from nats.js.errors import KeyWrongLastSequenceError

        try:
            return await self._kv.create(key, value)
        except KeyWrongLastSequenceError:
            raise RevisionConflict(f"{key} exists already.") from None

    async def update(self, key: str, value: bytes, last: int) -> int:
        """Write only if the key is still at revision `last`; the new revision."""
        from nats.js.errors import KeyWrongLastSequenceError

        try:
            return await self._kv.update(key, value, last=last)
        except KeyWrongLastSequenceError:
            raise RevisionConflict(f"{key} changed since revision {last}.") from None

    async def delete(self, key: str) -> None:
        await self._kv.delete(key)

    async def history(self, key: str) -> list[Entry]:
        from nats.js.errors import NoKeysError

        try:
            found = await self._kv.history(key)
        except NoKeysError:
            return []
        return [Entry(e.key, e.value if e.operation is None else None, e.revision) for e in found]

    async def keys(self, pattern: str = ">") -> list[str]:
        from nats.js.errors import NoKeysError

        try:  # filtered here: nats-server before 2.10 ignores the filters a client sends
            found = await self._kv.keys()
        except NoKeysError:
            return []
        return [k for k in found if _matches(pattern, k)]

    async def watch(self, pattern: str, on_entry: Callable[[Entry], Awaitable[None]]) -> "Watch":
        """Call `on_entry` for each change of the keys matching `pattern` from now on (the latest
        value of each first). Stop it with `await watch.stop()`."""
        watcher = await self._kv.watch(pattern)

        async def pump():
            async for e in watcher:
                if e is None:
                    continue
                await on_entry(Entry(e.key, e.value if e.operation is None else None, e.revision))

        return Watch(watcher, asyncio.ensure_future(pump()))


class _DomainWrites:
    """A JetStream context whose publishes to a key-value subject go through a domain's API prefix."""

    def __init__(self, js, prefix: str):
        self._inner, self._prefix = js, prefix

    def __getattr__(self, name):
        return getattr(self._inner, name)

    async def publish(self, subject: str, *args, **kwargs):
        if subject.startswith("$KV."):
            subject = self._prefix + subject
        return await self._inner.publish(subject, *args, **kwargs)


def _matches(pattern: str, key: str) -> bool:
    """A NATS subject pattern: `*` one token, `>` the rest."""
    want, have = pattern.split("."), key.split(".")
    for i, token in enumerate(want):
        if token == ">":
            return len(have) > i
        if i >= len(have) or (token != "*" and token != have[i]):
            return False
    return len(have) == len(want)


class Watch:
    def __init__(self, watcher, task: asyncio.Future):
        self._watcher, self._task = watcher, task

    async def stop(self) -> None:
        self._task.cancel()
        try:
            await self._watcher.stop()
        except Exception:  # the connection may be gone already
            pass


def jetstream_domain(domain: str | None) -> str | None:
    """A JetStream domain as servers and clients take it (ASCII letters, digits, - and _, at most
    40), or None when none is given; LinkError with a sentence for anything else (it goes into a
    server's config file and into subject names)."""
    import re

    if domain is None:
        return None
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", domain):
        raise LinkError("A JetStream domain is a short name of letters, digits, - and _ (at most 40).")
    return domain


def leaf_url(url: str) -> str:
    """nats-leaf://HOST:PORT of a hub's leaf node port, or LinkError with a sentence."""
    from urllib.parse import urlsplit

    from tui.controller.net import valid_host

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (parts is None or parts.scheme != "nats-leaf" or not valid_host(parts.hostname) or port is None
            or parts.username or parts.password or parts.path not in ("", "/") or parts.query or parts.fragment):
        raise LinkError("Give the hub's leaf node port as nats-leaf://HOST:PORT.")
    return f"nats-leaf://{parts.hostname}:{port}"


def server_urls(text: str | list[str]) -> list[str]:
    """nats://HOST:PORT or tls://HOST:PORT, several by commas (a cluster): the URLs, or LinkError
    with a sentence for one that cannot be a server (checked before any connection is tried)."""
    from urllib.parse import urlsplit

    from tui.controller.net import valid_host

    urls = [u.strip() for u in (text.split(",") if isinstance(text, str) else text) if u and u.strip()]
    if not urls:
        raise LinkError("Give the server as nats://HOST:PORT (a cluster: several, by commas).")
    for url in urls:
        if any(ch.isspace() or not ch.isprintable() for ch in url):  # urlsplit would drop them silently
            raise LinkError("A server URL has no spaces or control characters: nats://HOST:PORT.")
        try:
            parts = urlsplit(url if "://" in url else "nats://" + url)
            port = parts.port
        except ValueError:
            port, parts = -1, None
        if parts is None or parts.scheme not in ("nats", "tls") or not valid_host(parts.hostname) or port == -1:
            raise LinkError("Give the server as nats://HOST:PORT (a cluster: several, by commas).")
    return urls


class Link:
    """One connection to a NATS server or cluster, reconnecting by itself (`servers` may name every
    server of a cluster). `state` is "connecting", "online" or "offline"; `on_state` hears it."""

    def __init__(self, servers: list[str] | str, name: str = "smartcockpit",
                 on_state: Callable[[str], None] | None = None, timeout: float = 5.0, domain: str | None = None):
        self.servers = server_urls(servers)
        self.domain = domain or None  # the hub's JetStream domain, when the server is a leaf node of it
        self.name = name
        self.on_state = on_state
        self.timeout = timeout
        self.state = "connecting"
        self._nc = None
        self._js = None

    def _tell(self, state: str) -> None:
        self.state = state
        if self.on_state is not None:
            self.on_state(state)

    async def connect(self, attempts: int = 1) -> "Link":
        import nats
        from nats.errors import NoServersError

        async def disconnected():
            self._tell("offline")

        async def reconnected():
            self._tell("online")

        async def error(exc):  # reconnection is nats-py's; errors are only noted
            pass

        answers = [await asyncio.to_thread(_answers, url) for url in self.servers]
        if not any(answers):
            self._tell("offline")  # nats-py would retry a first connection forever
            raise LinkError(f"Cannot reach {', '.join(self.servers)}: no answer.")
        try:
            self._nc = await nats.connect(
                servers=self.servers, name=self.name, connect_timeout=self.timeout,
                max_reconnect_attempts=-1, reconnect_time_wait=0.25, allow_reconnect=True,
                disconnected_cb=disconnected, reconnected_cb=reconnected, error_cb=error,
                ping_interval=5, max_outstanding_pings=2, drain_timeout=2)
        except (NoServersError, OSError, asyncio.TimeoutError) as exc:
            self._tell("offline")
            raise LinkError(f"Cannot reach {', '.join(self.servers)}: {exc or 'no answer'}.") from None
        self._js = self._nc.jetstream(timeout=self.timeout, domain=self.domain)
        self._tell("online")
        return self

    @property
    def connected(self) -> bool:
        return self._nc is not None and self._nc.is_connected

    async def close(self) -> None:
        if self._nc is not None:
            try:
                await self._nc.drain()
            except Exception:
                await self._nc.close()
            self._nc = None
        self._tell("offline")

    # -- key-value buckets
    async def bucket(self, name: str, history: int = 16, replicas: int = 1, max_value: int = MAX_VALUE,
                     ttl: float | None = None) -> Bucket:
        """The bucket by name, made with these settings when it does not exist yet."""
        from nats.js.errors import BucketNotFoundError

        try:
            kv = await self._js.key_value(name)
        except BucketNotFoundError:
            kv = await self._js.create_key_value(bucket=name, history=history, replicas=replicas,
                                                 max_value_size=max_value, ttl=ttl)
        if self.domain:
            # nats-py writes a key to $KV.<bucket>.<key>, which a leaf node does not carry to the hub
            # (the hub denies $KV.> across a leaf connection); nats.go writes through the domain's
            # API prefix, $JS.<domain>.API.$KV.<bucket>.<key>, which the hub maps to its own stream.
            kv._js = _DomainWrites(kv._js, f"$JS.{self.domain}.API.")
        return Bucket(kv, name)

    # -- streams
    async def stream(self, name: str, subjects: list[str], replicas: int = 1, max_msg: int = MAX_VALUE,
                     duplicate_window: float = 120.0) -> None:
        """Make the stream when it does not exist (messages with the same id within the window are
        stored once)."""
        from nats.js.errors import NotFoundError

        try:
            await self._js.stream_info(name)
        except NotFoundError:
            from nats.js.api import StreamConfig

            await self._js.add_stream(StreamConfig(name=name, subjects=subjects, num_replicas=replicas,
                                                   max_msg_size=max_msg, duplicate_window=duplicate_window))

    async def publish(self, subject: str, data: bytes, msg_id: str | None = None) -> tuple[int, bool]:
        """Store a message in the stream that holds `subject`: (its sequence, whether the server
        had it already under that id)."""
        headers = {"Nats-Msg-Id": msg_id} if msg_id else None
        ack = await self._js.publish(subject, data, headers=headers)
        return ack.seq, bool(ack.duplicate)

    async def messages(self, stream: str, subject: str, limit: int = 10_000) -> list[tuple[int, bytes]]:
        """Every stored message of `subject` (sequence, data), oldest first, up to `limit`."""
        from nats.js.api import ConsumerConfig, DeliverPolicy
        from nats.errors import TimeoutError as NatsTimeout

        sub = await self._js.pull_subscribe(subject, stream=stream,
                                            config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
        out: list[tuple[int, bytes]] = []
        try:
            while len(out) < limit:
                try:
                    batch = await sub.fetch(min(256, limit - len(out)), timeout=0.5)
                except (NatsTimeout, asyncio.TimeoutError):  # nats-py raises either when none is left
                    break
                for m in batch:
                    out.append((m.metadata.sequence.stream, m.data))
                    await m.ack()
                if batch and batch[-1].metadata.num_pending == 0:
                    break  # the stream's last message for this subject: no need to wait for a timeout
        finally:
            await sub.unsubscribe()
        return out

    async def subscribe(self, subject: str, on_message: Callable[[str, bytes], Awaitable[None]]):
        """Plain (not stored) messages on `subject`; returns the subscription (`await s.unsubscribe()`)."""
        async def handler(msg):
            await on_message(msg.subject, msg.data)

        return await self._nc.subscribe(subject, cb=handler)

    async def flush(self) -> None:
        await self._nc.flush(timeout=self.timeout)


# ---------------------------------------------------------------------- a local server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    from urllib.parse import urlparse

    u = urlparse(url if "://" in url else "nats://" + url)
    return port_answers(u.port or 4222, u.hostname or "127.0.0.1")


def port_answers(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


class LocalServer:
    """`nats-server -js` on a loopback port, from a config generated in `folder` (its JetStream
    store and log stay there). With `cluster` (a name) and `routes` (other members' cluster
    ports) it is one member of a cluster."""

    def __init__(self, folder: Path, port: int | None = None, name: str = "cockpit",
                 cluster: str | None = None, cluster_port: int | None = None, routes: list[int] = (),
                 max_payload: int = 1024 * 1024, domain: str | None = None, leafnode_port: int | None = None,
                 hubs: list[str] = ()):
        self.folder = Path(folder)
        self.port = port or free_port()
        self.name = name
        self.cluster = cluster
        self.cluster_port = cluster_port or (free_port() if cluster else None)
        self.routes = list(routes)
        self.max_payload = max_payload
        # its JetStream domain (a hub and its leaf nodes each have their own); checked, as the hubs
        # are, because both are written into the config file
        self.domain = jetstream_domain(domain)
        self.leafnode_port = leafnode_port  # a hub: where leaf nodes connect
        self.hubs = [leaf_url(u) for u in hubs]  # a leaf node: the hub(s) it connects to
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def config_path(self) -> Path:
        return self.folder / f"{self.name}.conf"

    def config(self) -> str:
        store = self.folder / f"{self.name}-js"
        lines = [f'server_name: "{self.name}"', "host: 127.0.0.1", f"port: {self.port}",
                 f"max_payload: {self.max_payload}",
                 f'jetstream {{ store_dir: "{store}", max_memory_store: 64MB, max_file_store: 1GB'
                 + (f', domain: "{self.domain}"' if self.domain else "") + " }",
                 f'log_file: "{self.folder / (self.name + ".log")}"']
        if self.leafnode_port:
            lines.append(f"leafnodes {{ host: 127.0.0.1, port: {self.leafnode_port} }}")
        if self.hubs:
            remotes = ", ".join(f'{{ url: "{u}" }}' for u in self.hubs)
            lines.append(f"leafnodes {{ reconnect: 1, remotes: [{remotes}] }}")
        if self.cluster:
            routes = ", ".join(f'"nats-route://127.0.0.1:{p}"' for p in self.routes)
            lines.append(f'cluster {{ name: "{self.cluster}", host: 127.0.0.1, port: {self.cluster_port}, '
                         f"routes: [{routes}] }}")
        return "\n".join(lines) + "\n"

    def start(self, wait: float = 10.0) -> "LocalServer":
        binary = shutil.which(NATS_SERVER) or (f"/usr/sbin/{NATS_SERVER}" if os.path.exists(f"/usr/sbin/{NATS_SERVER}")
                                               else None)
        if binary is None:
            raise LinkError("nats-server is not installed (Debian: apt-get install nats-server).")
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.config_path.write_text(self.config())
        self.process = subprocess.Popen([binary, "-c", str(self.config_path)], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + wait
        while not port_answers(self.port):
            if self.process.poll() is not None:
                raise LinkError(f"nats-server stopped at once (see {self.folder / (self.name + '.log')}).")
            if time.monotonic() > deadline:
                self.stop()
                raise LinkError(f"nats-server did not answer on port {self.port} within {wait:g} s.")
            time.sleep(0.02)
        return self

    def stop(self, kill: bool = False) -> None:
        p = self.process
        if p is None or p.poll() is not None:
            return
        if kill:
            p.kill()
        else:
            p.terminate()
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=5)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def local_cluster(folder: Path, size: int = 3, name: str = "cockpit") -> list[LocalServer]:
    """`size` servers (not started) routed to each other: one JetStream cluster."""
    ports = [free_port() for _ in range(size)]
    return [LocalServer(Path(folder), name=f"{name}-{i}", cluster=name, cluster_port=ports[i],
                        routes=[p for j, p in enumerate(ports) if j != i]) for i in range(size)]


__all__ = ["Link", "Bucket", "Entry", "Watch", "LocalServer", "LinkError", "RevisionConflict", "free_port",
           "local_cluster", "MAX_VALUE"]
