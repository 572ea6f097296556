"""`home serve` says at once what is wrong with its broker instead of retrying for ever: a host that
cannot be one is refused before any connection, and a broker nothing answers for is said to be
unreachable (the hostile-text walk over every command once hung here)."""

from __future__ import annotations

from click.testing import CliRunner

from tests.mqtt.broker import free_port
from tui.cli import main


def serve(db, url: str):
    return CliRunner().invoke(main, ["--db", str(db), "home", "serve", "--broker", url, "--for", "1"])


def test_a_host_that_cannot_be_one_is_refused(tmp_path):
    for url in ("../../../../etc/passwd", "mqtt://bad_host!:1883", "mqtt://" + "x" * 300, "mqtt://é.local"):
        result = serve(tmp_path / "h.db", url)
        assert result.exit_code == 1, (url, result.output)
        assert "host name or address" in result.output or "A broker is" in result.output, (url, result.output)
        assert "Traceback" not in result.output


def test_a_broker_nothing_answers_for_is_unreachable(tmp_path):
    result = serve(tmp_path / "h.db", f"mqtt://127.0.0.1:{free_port()}")
    assert result.exit_code == 1, result.output
    assert "is not reachable" in result.output and "Serving" not in result.output
