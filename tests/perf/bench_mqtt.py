"""The smart home over MQTT, measured in the full app (headless, 80x24) against a real Mosquitto on
a free loopback port:

1. key press on a favourite -> the message on the device's command topic (median, p95): the
   porch light (favourite 2, a Zigbee2MQTT-style JSON light), toggled by its key on the Smart Home
   screen; measured from just before the key is sent to when the device's own connection receives
   the command (same process, same clock);
2. a device's state message -> the Smart Home screen's favourite row shows it (median, p95), one
   message every 0.2 s (the screen redraws for a bridged home's bursts at most every 0.1 s: a
   message within 0.1 s of the last redraw waits for the next);
3. how many discovered devices the Smart Home screen holds while its key latency (a Down or Up key
   event to the highlight having moved) stays within 1.2x of the simulated home's: the same keys
   on the simulated home, then on bridged homes of growing size (10 devices a room) whose plugs
   send 20 state messages a second meanwhile (each burst redraws the screen).

    .venv/bin/python tests/perf/bench_mqtt.py [--presses 30] [--sizes 100,500,1000,2000,4000]

Prints a table. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.mqtt.broker import Mosquitto  # noqa: E402
from tests.mqtt.devices import LIGHT, LOCK, PLUG, Devices  # noqa: E402

WITHIN = 1.2


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


class TimedDevices(Devices):
    """The test devices, noting when each command arrives."""

    def __init__(self, url: str) -> None:
        self.arrivals: list[tuple[float, str, str]] = []
        self.arrived = threading.Condition()
        super().__init__(url)

    def _command(self, topic: str, payload: bytes, retain: bool) -> None:
        with self.arrived:
            self.arrivals.append((time.perf_counter(), topic, payload.decode()))
            self.arrived.notify_all()
        super()._command(topic, payload, retain)


def configure(db: Path, broker: Mosquitto, prefix: str) -> None:
    """Settings > Smart home connection, as saved: the broker and its discovery prefix."""
    from store.home_connection import HomeConnection
    from tui.controller import Controller

    c = Controller.open(db)
    c.store.home_connection.write(HomeConnection(host="127.0.0.1", port=broker.port, prefix=prefix))
    with c.store.write():
        c.store.home.set_backend("mqtt")
    c.close()


async def until(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.001)
    return condition()


async def open_smart_home(pilot) -> None:
    from tui.screens.smart_home import SmartHomeScreen

    pilot.app.open_menu("smart_home")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SmartHomeScreen), pilot.app.screen


def fav_text(app, slot: int) -> str:
    from tui.screens.smart_home import SectionMenu

    menu = app.screen.query_one(SectionMenu)
    try:
        return str(menu.get_option(f"fav:{slot}").prompt)
    except Exception:  # noqa: BLE001 - not there (yet)
        return ""


async def key_latency(pilot, presses: int) -> list[float]:
    """From a key event (Down, then Up) to the highlight having moved, polled every millisecond (not
    `pilot.press`, whose wait for an idle app has a floor of about 60 ms)."""
    from textual import events

    from tui.screens.smart_home import SectionMenu

    app = pilot.app
    menu = app.screen.query_one(SectionMenu)
    times = []
    for i in range(presses):
        key = "down" if i % 2 == 0 else "up"
        before = menu.highlighted
        t = time.perf_counter()
        app.post_message(events.Key(key, None))
        await until(lambda: menu.highlighted != before, timeout=5)
        times.append(time.perf_counter() - t)
        await asyncio.sleep(0.02)
    return times


def favourite_and_state(work: Path, broker: Mosquitto, presses: int) -> list[tuple[str, str, str]]:
    from tui.app import CockpitApp
    from tui.controller import Controller

    devices = TimedDevices(broker.url)
    devices.announce(LIGHT, LOCK, PLUG)
    db = work / "fav.db"
    configure(db, broker, "homeassistant")
    rows = []

    async def run() -> None:
        c = Controller.open(db, staged=True)
        app = CockpitApp(c)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert await until(lambda: c.home.backend.get("light.porch") is not None
                               and c.home.backend.get("light.porch").state in ("on", "off"))
            await open_smart_home(pilot)
            assert await until(lambda: "Porch light" in fav_text(app, 2))
            key_to_command = []
            for _ in range(presses):
                seen = len(devices.arrivals)
                t = time.perf_counter()
                await pilot.press("2")
                with devices.arrived:
                    devices.arrived.wait_for(lambda: len(devices.arrivals) > seen, timeout=10)
                key_to_command.append(devices.arrivals[seen][0] - t)
                await until(lambda: "sent" not in fav_text(app, 2), timeout=10)  # confirmed before the next
            state_to_tile = []
            for i in range(presses):
                await asyncio.sleep(0.2)  # one message at a time: bursts closer than 0.1 s share a redraw
                want = "off" if "Enter: off" in fav_text(app, 2) else "on"
                t = time.perf_counter()
                devices.link.publish("zigbee2mqtt/Porch", json.dumps({"state": want.upper(), "brightness": 254}))
                hint = f"Enter: {'off' if want == 'on' else 'on'}"  # the row says what Enter does next
                await until(lambda: hint in fav_text(app, 2), timeout=10)
                state_to_tile.append(time.perf_counter() - t)
            rows.append(("favourite key -> command on the device's topic (median / p95)",
                         f"{ms(statistics.median(key_to_command))} / {ms(p95(key_to_command))}", f"{presses} presses"))
            rows.append(("device state message -> favourite row shows it (median / p95)",
                         f"{ms(statistics.median(state_to_tile))} / {ms(p95(state_to_tile))}", f"{presses} messages"))
        c.home.stop()
        c.close()

    try:
        asyncio.run(run())
    finally:
        devices.stop()
    return rows


def announce_many(broker: Mosquitto, prefix: str, n: int) -> None:
    from tui.controller.net.mqtt import BrokerSettings, MqttLink

    link = MqttLink(BrokerSettings.from_url(broker.url)).start()
    assert link.wait_connected(10)
    futures = []
    for i in range(n):
        futures.append(link.publish(f"{prefix}/switch/bench/plug_{i}/config", json.dumps({
            "name": f"Plug {i}", "cmd_t": f"{prefix}/plug/{i}/set", "stat_t": f"{prefix}/plug/{i}/state",
            "uniq_id": f"{prefix}_plug{i}", "dev": {"ids": [f"{prefix}_plug{i}"], "name": f"Plug {i}",
                                                    "sa": f"Room {i // 10:03d}"}}), retain=True))
        if len(futures) >= 500:
            for f in futures:
                f.result(30)
            futures = []
    for f in futures:
        f.result(30)
    link.stop()


class Chatter:
    """A home that talks while the driver presses keys: `rate` state messages a second to random
    discovered plugs (what a busy Zigbee network sends)."""

    def __init__(self, broker: Mosquitto, prefix: str, n: int, rate: float = 20.0) -> None:
        from tui.controller.net.mqtt import BrokerSettings, MqttLink

        self.prefix, self.n, self.rate = prefix, n, rate
        self.link = MqttLink(BrokerSettings.from_url(broker.url)).start()
        self.running = threading.Event()
        self.sent = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        import random

        rng = random.Random(1)
        self.link.wait_connected(10)
        while self.running.is_set():
            i = rng.randrange(self.n)
            self.link.publish(f"{self.prefix}/plug/{i}/state", rng.choice(("ON", "OFF")))
            self.sent += 1
            time.sleep(1 / self.rate)

    def __enter__(self):
        self.running.set()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running.clear()
        self.thread.join(5)
        self.link.stop()


def screen_latency(db: Path, presses: int, devices: int, chatter=None) -> float:
    """Median key latency on the Smart Home screen (the home this database is set to use)."""
    from tui.app import CockpitApp
    from tui.controller import Controller

    out = {}

    async def run() -> None:
        c = Controller.open(db, staged=True)
        app = CockpitApp(c)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            if devices:
                assert await until(lambda: len(c.home.backend.entities()) >= devices, timeout=120), \
                    len(c.home.backend.entities())
            await open_smart_home(pilot)
            await pilot.pause()
            await key_latency(pilot, 4)  # warm up
            if chatter is None:
                times = await key_latency(pilot, presses)
            else:
                with chatter:
                    times = await key_latency(pilot, presses)
            out["median"], out["p95"] = statistics.median(times), p95(times)
            screen = app.screen
            refresh = []
            for _ in range(20):  # what one burst from the home costs the screen (a full redraw)
                t = time.perf_counter()
                screen.refresh_menu()
                refresh.append(time.perf_counter() - t)
            out["refresh"] = statistics.median(refresh)
        c.home.stop()
        c.close()

    asyncio.run(run())
    return out


def capacity(work: Path, broker: Mosquitto, presses: int, sizes: list[int]) -> list[tuple[str, str, str]]:
    from tui.controller import Controller

    sim_db = work / "sim.db"
    Controller.open(sim_db).close()
    sim = screen_latency(sim_db, presses, 0)
    base = sim["median"]
    rows = [("Smart Home key latency, simulated home (median / p95)", f"{ms(base)} / {ms(sim['p95'])}",
             f"the reference; a redraw {ms(sim['refresh'])}")]
    held, within = 0, True
    for n in sizes:
        prefix = f"bench{n}"
        announce_many(broker, prefix, n)
        db = work / f"bridged{n}.db"
        configure(db, broker, prefix)
        got = screen_latency(db, presses, n, Chatter(broker, prefix, n))
        ratio = got["median"] / base if base else float("inf")
        rows.append((f"key latency, {n} devices ({n // 10} rooms), 20 states/s (median / p95)",
                     f"{ms(got['median'])} / {ms(got['p95'])}", f"{ratio:.2f}x; a redraw {ms(got['refresh'])}"))
        within = within and ratio <= WITHIN  # every size up to this one held
        if within:
            held = n
    rows.append((f"devices the screen holds within {WITHIN}x of the simulated home's key latency",
                 f">= {held}" if held == sizes[-1] else str(held), f"sizes tried: {', '.join(map(str, sizes))}"))
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--presses", type=int, default=30)
    p.add_argument("--sizes", default="100,500,1000,2000,4000")
    a = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scmqtt"))
    broker = Mosquitto(work / "broker").start()
    try:
        rows = favourite_and_state(work, broker, a.presses)
        rows += capacity(work, broker, a.presses, [int(s) for s in a.sizes.split(",")])
    finally:
        broker.stop()
    print(f"{'figure':72} {'value':24} note")
    for figure, value, note in rows:
        print(f"{figure:72} {value:24} {note}")


if __name__ == "__main__":
    main()
