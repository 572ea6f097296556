"""End to end on a real broker, two processes: `smartcockpit home serve` publishes the simulated
home as MQTT devices; a car (`smartcockpit --home mqtt://...`, another process and database) lists
and controls it, with the same rules as on the simulated home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.mqtt.helpers import wait_for

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, db: Path, input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "tui", "--db", str(db), *args], capture_output=True, text=True,
                          env=env, timeout=timeout, input=input)


@pytest.fixture
def served(broker, tmp_path):
    """The simulated home of its own database, served on the broker by another process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tui", "--db", str(tmp_path / "house.db"), "home", "serve",
                             "--broker", broker.url, "--for", "120"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert "Serving the simulated home" in proc.stderr.readline()
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def test_a_car_controls_the_served_home_over_the_broker(broker, served, tmp_path):
    car = tmp_path / "car.db"
    listed = cli("--home", broker.url, "home", "list", "--json", db=car)
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    assert data["home"]["backend"] == "mqtt"
    devices = {d["entity_id"]: d for d in data["devices"]}
    # the same entity ids as the simulated home (default_entity_id): favourites and scenes carry over
    assert {"cover.garage_door", "lock.front_door", "light.porch", "climate.thermostat",
            "alarm_control_panel.home_alarm"} <= set(devices)
    assert devices["lock.front_door"]["state"] == "locked"
    assert devices["light.porch"]["attributes"]["friendly_name"] == "Porch light"
    assert [f["name"] for f in data["favourites"]] == ["Garage door", "Porch light", "Front door", "Alarm",
                                                       "Thermostat"]

    on = cli("--home", broker.url, "home", "do", "porch light", "brightness", "40", db=car)
    assert on.returncode == 0, on.stderr
    assert on.stdout.strip() == "Porch light: brightness 40 % done."
    after = json.loads(cli("--home", broker.url, "home", "list", "--json", db=car).stdout)
    porch = next(d for d in after["devices"] if d["entity_id"] == "light.porch")
    assert porch["state"] == "on" and porch["attributes"]["brightness"] == 102

    # a security command asks the car's own authority, then goes to the house
    from tui.controller import Controller

    c = Controller.open(car)
    c.security.set_pin("2468")
    c.close()
    refused = cli("--home", broker.url, "home", "do", "front door", "unlock", db=car, input="")
    assert refused.returncode == 1 and "PIN" in refused.stderr
    unlocked = cli("--home", broker.url, "home", "do", "front door", "unlock", db=car, input="2468\n")
    assert unlocked.returncode == 0, unlocked.stderr
    assert unlocked.stdout.strip() == "Front door: unlock done."


def test_two_controllers_in_one_process(broker, tmp_path, db_path):
    """The same, with the house served on a thread of its own (its controller opened there)."""
    import threading

    from tui.controller import Controller
    from tui.controller.home.connection import use_broker_for_this_run
    from tui.controller.home.serve import HomeServer
    from tui.controller.net.mqtt import BrokerSettings

    servers = []

    def serve():
        house = Controller.open(tmp_path / "house.db")
        server = HomeServer(house, BrokerSettings.from_url(broker.url))
        servers.append(server)
        server.run(60)
        house.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert wait_for(lambda: servers and servers[0].link.connected)
    use_broker_for_this_run(broker.url)
    try:
        car = Controller.open(db_path)
        try:
            assert car.home.device("garage door").state == "closed"
            car.home.run_scene("Good night")
            assert wait_for(lambda: car.home.device("living room blinds").state in ("closing", "closed"),
                            poll=car.home.tick)
            assert car.home.device("alarm").state in ("arming", "armed_night")
        finally:
            car.home.stop()
            car.close()
    finally:
        use_broker_for_this_run(None)
        servers[0].stop()
        thread.join(10)
