"""Profile sync over NATS JetStream: how fast a change in one car is visible in another, a full
profile's first sync, and many cars on one local server.

    .venv/bin/python tests/perf/bench_sync.py [--changes 30] [--cars 1000] [--no-cluster]

1. Change in car A to visible in car B: A's driver changes a setting (written, remembered, in the
   outbox in one transaction), A sends it (compare-and-set on the bucket), B is following (a key
   watch) and takes it in (opened, checked, merged, stored). Timed from the write in A to the
   value stored in B's profile. On one server, then on a three-server cluster (replicas=3).
2. A full profile's first sync: every setting of a profile sent by A, then a car new to the
   account taking all of it (its profile made, every setting checked and stored).
3. N simulated cars connected to one local server, each subscribed to the account's profile key
   (what a following car hears); A sends a change; the time until each car heard it, and the
   memory of the server and of the process holding the N connections.
4. Car A through its own leaf node of the hub (JetStream domain "hub"), car B on the hub: as 1.
5. Removing a car: the account key rotated (a new epoch wrapped for the remaining car, the
   account's documents sealed again), timed in the removing car.

Everything runs on loopback with real nats-server processes in a temporary folder. Both cars
live in this one process (two database files), on one asyncio loop, as in the app.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def two_cars(folder: Path, urls: list[str], urls_b: list[str] | None = None, domain_a: str | None = None,
             names: str = "ab"):
    from tui.controller import Controller
    from tui.controller.sync.crypto import new_secret

    secret = new_secret()
    cars = []
    for n in names:
        c = Controller.open(folder / f"{n}.db")
        c.sync.connect(",".join(urls if n == "a" or not urls_b else urls_b), domain_a if n == "a" else None)
        c.sync.join(secret, "bench")
        cars.append(c)
    cars[0].sync.consent("Driver", enabled=True)
    return cars


async def propagation(folder: Path, urls: list[str], changes: int, replicas: int, urls_b: list[str] | None = None,
                      domain_a: str | None = None) -> tuple[list[float], float, float]:
    from tui.controller.sync.engine import SyncEngine

    a, b = two_cars(folder, urls, urls_b, domain_a)
    ea = await SyncEngine(a.sync, urls, replicas).open()
    t0 = time.perf_counter()
    await ea.sync_all()  # the full profile, first time
    first_send = (time.perf_counter() - t0) * 1000
    eb = await SyncEngine(b.sync, urls_b or urls, replicas).open()
    t0 = time.perf_counter()
    await eb.sync_all()  # a car new to the account takes it all
    first_take = (time.perf_counter() - t0) * 1000
    follow = asyncio.ensure_future(eb.follow(None, poll=0.05))
    await asyncio.sleep(0.3)
    pid = b.store.profiles.by_name("Driver (2)").id
    uid = a.store.sync.profile(a.active_profile_id()).uid
    times = []
    for n in range(changes):
        value = 17.0 + (n % 20) * 0.5 if n % 2 else 27.0 - (n % 20) * 0.5
        if a.get(TEMP) == value:
            value += 0.5
        t0 = time.perf_counter()
        a.set(TEMP, value)
        await ea.sync_profile(uid)
        while b.store.profiles.prefs(pid)[TEMP].value != value:
            await asyncio.sleep(0.0005)
        times.append((time.perf_counter() - t0) * 1000)
    follow.cancel()
    await ea.close()
    await eb.close()
    a.close()
    b.close()
    return times, first_send, first_take


async def many_cars(folder: Path, url: str, n_cars: int, server_pid: int) -> dict:
    from tui.controller.net.nats import Link
    from tui.controller.sync.engine import BUCKET, SyncEngine

    a, _b = two_cars(folder, [url])
    ea = await SyncEngine(a.sync, [url]).open()
    await ea.sync_all()
    uid = a.store.sync.profile(a.active_profile_id()).uid
    subject = f"$KV.{BUCKET}.p.{a.sync.keys().account}.{uid}"
    before_client, before_server = rss_mb(), rss_mb(server_pid)
    heard: dict[int, float] = {}
    links = []
    t0 = time.perf_counter()
    for i in range(n_cars):
        link = await Link(url, name=f"sim-{i}").connect()

        async def on_message(_subject, _data, i=i):
            heard.setdefault(i, time.perf_counter())

        await link.subscribe(subject, on_message)
        links.append(link)
    connect_s = time.perf_counter() - t0
    for link in links[-1:]:
        await link.flush()
    rounds = []
    for r in range(3):
        heard.clear()
        a.set(TEMP, 20.0 + r)
        t0 = time.perf_counter()
        await ea.sync_profile(uid)
        deadline = time.perf_counter() + 30
        while len(heard) < n_cars and time.perf_counter() < deadline:
            await asyncio.sleep(0.005)
        rounds.append(([(t - t0) * 1000 for t in heard.values()], len(heard)))
    out = {"cars": n_cars, "connect_s": connect_s, "client_mb": rss_mb() - before_client,
           "server_mb": rss_mb(server_pid), "server_before_mb": before_server,
           "median_ms": statistics.median([statistics.median(t) for t, _ in rounds]),
           "p95_ms": statistics.median([pct(t, 95) for t, _ in rounds]),
           "heard": min(h for _, h in rounds)}
    for link in links:
        await link.close()
    await ea.close()
    a.close()
    return out


async def rotation(folder: Path, url: str) -> float:
    """ms for car A to remove car C: the next epoch made, wrapped for B, the documents sealed again."""
    from tui.controller.sync.engine import SyncEngine

    cars = two_cars(folder, [url], names="abc")
    engines = [await SyncEngine(c.sync, [url]).open() for c in cars]
    for e in engines + engines:  # each registers, then each learns the others' public keys
        await e.sync_all()
    t0 = time.perf_counter()
    await engines[0].remove_car(cars[2].sync.car_id)
    took = (time.perf_counter() - t0) * 1000
    for e in engines:
        await e.close()
    for c in cars:
        c.close()
    return took


def main() -> None:
    from tui.controller.net.nats import LocalServer, local_cluster

    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=30)
    ap.add_argument("--cars", type=int, default=1000)
    ap.add_argument("--no-cluster", action="store_true")
    ap.add_argument("--no-leaf", action="store_true")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = LocalServer(folder / "one").start()
        try:
            (folder / "s1").mkdir()
            times, send, take = asyncio.run(propagation(folder / "s1", [server.url], args.changes, 1))
            rows.append(("change A -> visible in B, one server: median / p95 (ms)",
                         f"{statistics.median(times):.1f} / {pct(times, 95):.1f}", f"{len(times)} changes"))
            rows.append(("full profile first sync: A sends (ms)", f"{send:.1f}", "65 settings, sealed"))
            rows.append(("full profile first sync: new car B takes all (ms)", f"{take:.1f}", "profile made, all checked"))
            (folder / "many").mkdir()
            many = asyncio.run(many_cars(folder / "many", server.url, args.cars, server.process.pid))
            rows.append((f"{many['cars']:,} simulated cars: connect all (s)", f"{many['connect_s']:.1f}", ""))
            rows.append((f"{many['cars']:,} cars: change heard, median / p95 (ms)",
                         f"{many['median_ms']:.1f} / {many['p95_ms']:.1f}", f"{many['heard']:,} of {many['cars']:,} heard"))
            rows.append((f"{many['cars']:,} cars: server memory, RSS (MB)",
                         f"{many['server_mb']:.0f}", f"{many['server_before_mb']:.0f} MB before"))
            rows.append((f"{many['cars']:,} cars: client process memory added (MB)", f"{many['client_mb']:.0f}",
                         "all connections in one Python process"))
            (folder / "rot").mkdir()
            took = asyncio.run(rotation(folder / "rot", server.url))
            rows.append(("remove a car: key rotated, documents sealed again (ms)", f"{took:.1f}",
                         "3 cars, 1 profile; in the removing car"))
        finally:
            server.stop()
        if not args.no_leaf:
            from tui.controller.net.nats import free_port
            from tests.sync.servers import wait_jetstream

            hub = LocalServer(folder / "hub", name="hub", domain="hub", leafnode_port=free_port())
            leaf = LocalServer(folder / "leaf", name="leaf-a", domain="car-a",
                               hubs=[f"nats-leaf://127.0.0.1:{hub.leafnode_port}"])
            try:
                hub.start()
                leaf.start()
                wait_jetstream(leaf.url, domain="hub")
                (folder / "l1").mkdir()
                times, _, _ = asyncio.run(propagation(folder / "l1", [leaf.url], args.changes, 1, [hub.url], "hub"))
                rows.append(("change A (on a leaf node) -> visible in B (on the hub): median / p95 (ms)",
                             f"{statistics.median(times):.1f} / {pct(times, 95):.1f}", f"{len(times)} changes"))
            finally:
                leaf.stop()
                hub.stop()
        if not args.no_cluster:
            cluster = local_cluster(folder / "cluster", 3)
            try:
                for s in cluster:
                    s.start()
                from tests.sync.servers import wait_cluster_ready

                wait_cluster_ready([s.url for s in cluster])
                (folder / "c1").mkdir()
                times, _, _ = asyncio.run(propagation(folder / "c1", [s.url for s in cluster], args.changes, 3))
                rows.append(("change A -> visible in B, 3-server cluster R3: median / p95 (ms)",
                             f"{statistics.median(times):.1f} / {pct(times, 95):.1f}", f"{len(times)} changes"))
            finally:
                for s in cluster:
                    s.stop()
    w = max(len(r[0]) for r in rows)
    print(f"{'figure':<{w}}  {'value':<14}  note")
    print(f"{'-' * w}  {'-' * 14}  {'-' * 30}")
    for name, value, note in rows:
        print(f"{name:<{w}}  {value:<14}  {note}")


if __name__ == "__main__":
    main()
