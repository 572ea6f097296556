"""controller.home.connection: saved in a 0600 file beside the database, checked, asked of the
authority, never in a profile export or in what the CLI prints; `--home` for one run."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tui.controller.errors import InvalidValue, NotAllowed

ROOT = Path(__file__).resolve().parents[2]
VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"


def test_save_choose_and_go_back(controller, db_path, broker):
    home = controller.home
    assert home.connection.kind() == "simulated" and home.connection.describe() == "simulated home"
    conn = replace(home.connection.read(), host="127.0.0.1", port=broker.port, username="car", password="pw-123",
                   alarm_code="4321")
    assert home.connection.save(conn, use=True) == f"The home is now 127.0.0.1:{broker.port}."
    try:
        assert home.backend.kind == "mqtt"
        path = Path(str(db_path) + ".home-connection.json")
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert json.loads(path.read_text())["password"] == "pw-123"
        assert "pw-123" not in repr(home.connection.read()) and "4321" not in repr(home.connection.read())
        assert "pw-123" not in json.dumps(controller.profiles.export_data())
        assert controller.store.home.place().backend == "mqtt"
    finally:
        assert home.connection.save(home.connection.read(), use=False) == "The home is the simulated one again."
    assert home.backend.kind == "simulated"
    assert home.connection.read().password == "pw-123"  # kept for next time


@pytest.mark.parametrize("change,why", [
    ({"host": "bad host"}, "host name"),
    ({"host": "h", "port": 0}, "port is 1 to 65535"),
    ({"host": "h", "ca_file": "/nonexistent/ca.pem"}, "not a readable file"),
    ({"host": "h", "password": "x"}, "needs a user name"),
    ({"host": "h", "prefix": "home/#"}, "discovery prefix"),
])
def test_settings_that_cannot_work_are_refused(controller, change, why):
    conn = replace(controller.home.connection.read(), **change)
    with pytest.raises(InvalidValue, match=why):
        controller.home.connection.save(conn, use=True)
    assert controller.home.backend.kind == "simulated"


def test_the_authority_decides(controller):
    conn = replace(controller.home.connection.read(), host="127.0.0.1")
    controller.security.set_pin("2468")
    with pytest.raises(NotAllowed, match="PIN"):
        controller.home.connection.save(conn, use=False)
    controller.set(VALET, True, source="system")
    with pytest.raises(NotAllowed, match="valet"):
        controller.home.connection.save(conn, use=False, pin="2468")


def test_home_option_refuses_a_url_that_cannot_work(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-m", "tui", "--db", str(tmp_path / "c.db"), "--home", "http://x:1",
                          "home", "list"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1 and out.stderr.strip() == \
        "smartcockpit: A broker is mqtt://host:port, e.g. mqtt://192.0.2.10:1883."
    assert "Traceback" not in out.stderr


def test_cli_with_no_broker_says_so(tmp_path):
    from tests.mqtt.broker import free_port

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-m", "tui", "--db", str(tmp_path / "c.db"), "--home",
                          f"mqtt://127.0.0.1:{free_port()}", "home", "do", "porch light", "on"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1, out.stdout
    assert "is not reachable (Nothing answers at that address and port)" in out.stderr
    assert "Traceback" not in out.stderr
