"""The wire module against a real nats-server: a bucket with revisions, compare-and-set, history and
watches; a stream that stores a message id once; reconnecting after the server comes back."""

from __future__ import annotations

import asyncio

import pytest

from tui.controller.net.nats import Link, LocalServer, RevisionConflict


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


def test_bucket_revisions_compare_and_set_history_and_watch(nats_server):
    async def go():
        link = await Link(nats_server.url).connect()
        kv = await link.bucket("profiles", history=8)
        assert await kv.get("p.a") is None
        r1 = await kv.create("p.a", b"one")
        with pytest.raises(RevisionConflict):
            await kv.create("p.a", b"again")
        r2 = await kv.update("p.a", b"two", last=r1)
        assert r2 > r1
        with pytest.raises(RevisionConflict):  # a writer that read r1 loses
            await kv.update("p.a", b"stale", last=r1)
        got = await kv.get("p.a")
        assert (got.value, got.revision) == (b"two", r2)
        assert [e.value for e in await kv.history("p.a")] == [b"one", b"two"]
        seen = []
        done = asyncio.Event()

        async def on_entry(e):
            seen.append(e.value)
            if e.value == b"three":
                done.set()

        watch = await kv.watch("p.>", on_entry)
        await kv.update("p.a", b"three", last=r2)
        await asyncio.wait_for(done.wait(), 5)
        await watch.stop()
        assert seen[-1] == b"three"
        assert await kv.keys() == ["p.a"]
        await link.close()

    run(go())


def test_stream_keeps_a_message_id_once(nats_server):
    async def go():
        link = await Link(nats_server.url).connect()
        await link.stream("LOG", ["log.>"])
        s1, dup1 = await link.publish("log.x", b"hello", msg_id="m-1")
        s2, dup2 = await link.publish("log.x", b"hello", msg_id="m-1")
        assert (s1, dup1, dup2) == (s2, False, True)
        await link.publish("log.x", b"second", msg_id="m-2")
        assert [d for _, d in await link.messages("LOG", "log.x")] == [b"hello", b"second"]
        await link.close()

    run(go())


def test_reconnects_when_the_server_comes_back(tmp_path):
    server = LocalServer(tmp_path / "n").start()
    servers = [server]
    states = []
    try:
        async def go():
            link = await Link(server.url, on_state=states.append).connect()
            kv = await link.bucket("b")
            await kv.put("k", b"1")
            server.stop()
            for _ in range(200):
                if link.state == "offline":
                    break
                await asyncio.sleep(0.02)
            assert link.state == "offline"
            servers.append(LocalServer(tmp_path / "n", port=server.port).start())  # same store: the bucket is still there
            for _ in range(400):
                if link.state == "online":
                    break
                await asyncio.sleep(0.02)
            assert link.state == "online"
            assert (await kv.get("k")).value == b"1"
            await link.close()

        run(go())
    finally:
        for each in servers:  # the restarted one too: no server outlives its test
            each.stop()


def test_unreachable_server_is_one_sentence():
    from tui.controller.net.nats import LinkError, free_port

    async def go():
        with pytest.raises(LinkError, match="Cannot reach"):
            await Link(f"nats://127.0.0.1:{free_port()}", timeout=0.5).connect()

    run(go())


def test_cloud_serve_runs_a_server_until_stopped(tmp_path):
    import subprocess
    import sys
    import time

    from tui.controller.net.nats import free_port, port_answers

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tui", "--db", str(tmp_path / "car.db"), "cloud", "serve",
                             "--port", str(port), "--folder", str(tmp_path / "cloud")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert f"nats://127.0.0.1:{port}" in line
        assert port_answers(port)

        async def use():
            link = await Link(f"nats://127.0.0.1:{port}").connect()
            kv = await link.bucket("demo")
            await kv.put("k", b"v")
            await link.close()

        run(use())
        assert (tmp_path / "cloud" / "smartcockpit-cloud.conf").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    deadline = time.monotonic() + 5
    while port_answers(port) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not port_answers(port)  # the server went with the command


@pytest.mark.parametrize("domain", ["", " ", 'hub" }\nlisten: 0.0.0.0:4222', "hüb", "x" * 41, "a.b"])
def test_a_domain_that_could_break_the_config_is_refused(tmp_path, domain):
    """A JetStream domain and a hub's URL go into the generated server config: anything but a short
    ASCII name, or nats-leaf://HOST:PORT, is refused before a file is written or a server started."""
    from tui.controller.net.nats import LinkError, LocalServer, jetstream_domain, leaf_url

    folder = tmp_path / "cloud"
    with pytest.raises(LinkError, match="JetStream domain"):
        LocalServer(folder, domain=domain)
    assert not folder.exists()
    assert jetstream_domain("hub-1_a") == "hub-1_a" and jetstream_domain(None) is None
    for bad in ("", "nats://h:1", 'nats-leaf://h:1" }', "nats-leaf://h", "nats-leaf://u:p@h:1", "nats-leaf://h:1/x"):
        with pytest.raises(LinkError, match="nats-leaf://HOST:PORT"):
            leaf_url(bad)
    assert leaf_url("nats-leaf://127.0.0.1:7422") == "nats-leaf://127.0.0.1:7422"
