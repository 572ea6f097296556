"""The car reads its update repositories from a web server: tuf's Updater with its urllib3 fetcher
against a real HTTP server (python's http.server on 127.0.0.1, in a thread, serving the repository
folder), `update check --repo http://...`, an install downloaded over HTTP and checked against the
signed hashes; a tampered file, a server that is gone and an address that is not one, each refused
in a sentence. The folder path keeps working (the other tests here)."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.controller import Controller
from tui.controller.updates import repository


class QuietHandler(SimpleHTTPRequestHandler):
    requests: list = []

    def log_message(self, format, *args):  # noqa: A002 - the server's own signature
        QuietHandler.requests.append(self.path)


@pytest.fixture
def served(tmp_path):
    """A car's database, its update repository with head unit 5.3.0 assigned, served over HTTP."""
    db = tmp_path / "cockpit.db"
    c = Controller.open(db)
    try:
        folder = c.updates.repository()
        repository.init_keys(folder)
        repository.publish_release(folder, "head-unit", "5.3.0", b"image " * 30000, [c.updates.hardware()["head-unit"]],
                                   notes="Faster maps")
        repository.assign(folder, c.car.vin, "head-unit", "5.3.0")
    finally:
        c.close()
    QuietHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield db, folder, f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def run(db, *args):
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    assert "Traceback" not in result.output
    return result


def test_check_and_install_over_http(served):
    db, folder, url, _server = served
    checked = run(db, "update", "check", "--repo", url + "/", "--json")
    assert checked.exit_code == 0, checked.output
    head = json.loads(checked.output)["components"][0]
    assert head["version"] == "5.2.0" and head["update"]["version"] == "5.3.0"
    assert "/director/metadata/timestamp.json" in QuietHandler.requests  # tuf fetched it from the server
    c = Controller.open(db)
    try:
        job = c.updates.available()[0]
        assert job.target["source"] == url + "/image/targets"
        assert c.store.settings.get("updates.repository") == url
    finally:
        c.close()
    installed = run(db, "update", "install", "head-unit", "--yes", "--json")
    assert installed.exit_code == 0, installed.output
    assert json.loads(installed.output)["state"] == "done"
    assert any(p.startswith("/image/targets/head-unit/5.3.0/") for p in QuietHandler.requests)
    again = json.loads(run(db, "update", "check", "--json").output)  # the URL is kept
    assert again["components"][0]["version"] == "5.3.0" and again["components"][0]["update"] is None


def test_a_file_changed_on_the_server_is_not_installed(served):
    db, folder, url, _server = served
    assert run(db, "update", "check", "--repo", url).exit_code == 0
    image = next((folder / "image" / "targets").rglob("*.bin"))
    image.write_bytes(image.read_bytes().replace(b"image", b"evil!", 1))  # same length, another hash
    installed = run(db, "update", "install", "head-unit", "--yes")
    assert installed.exit_code != 0 and "hash or length differs" in installed.output
    c = Controller.open(db)
    try:
        assert c.updates.installed()["head-unit"] == "5.2.0" and c.updates.problems() == []
    finally:
        c.close()


def test_a_server_that_is_gone_and_an_address_that_is_not_one(served):
    db, _folder, url, server = served
    server.shutdown()
    server.server_close()
    gone = run(db, "update", "check", "--repo", url)
    assert gone.exit_code != 0 and "could not be reached" in gone.output
    bad = run(db, "update", "check", "--repo", "http://")
    assert bad.exit_code != 0 and "not a web address" in bad.output
    query = run(db, "update", "check", "--repo", "http://127.0.0.1:1/repo?x=1")
    assert query.exit_code != 0 and "no query" in query.output
    nowhere = run(db, "update", "check", "--repo", str(db.parent / "no-such-folder"))
    assert nowhere.exit_code != 0 and "There is no folder" in nowhere.output
    c = Controller.open(db)
    try:
        assert c.store.settings.get("updates.repository") is None  # every refusal left it as it was
    finally:
        c.close()


def test_a_folder_path_still_works(served):
    db, folder, _url, _server = served
    checked = run(db, "update", "check", "--repo", str(folder), "--json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.output)["components"][0]["update"]["version"] == "5.3.0"


async def test_the_screen_installs_over_http_reading_on_a_worker_thread(served, monkeypatch):
    from tui.app import CockpitApp
    from tui.controller.updates.install import Installer
    from tui.screens import dialogs

    monkeypatch.setattr(dialogs, "KEY_GUARD_S", 0.0)
    db, _folder, url, _server = served
    assert run(db, "update", "check", "--repo", url).exit_code == 0
    threads = []
    real = Installer.read

    def noted(target, offset, size):
        threads.append(threading.current_thread())
        return real(target, offset, size)

    monkeypatch.setattr(Installer, "read", staticmethod(noted))
    c = Controller.open(db)
    c.updates.chunk = 64 * 1024
    app = CockpitApp(c)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("end", "left", "enter")
            for _ in range(300):
                if type(app.screen).__name__ == "SoftwareUpdateScreen" and not app.screen.checking:
                    break
                await pilot.pause(0.02)
            await pilot.press("enter")
            for _ in range(100):
                if type(app.screen).__name__ == "ConfirmScreen":
                    break
                await pilot.pause(0.02)
            await pilot.press("right", "enter")
            for _ in range(1000):
                if c.updates.installed()["head-unit"] == "5.3.0" and c.updates.running() is None:
                    break
                await pilot.pause(0.02)
            assert c.updates.installed()["head-unit"] == "5.3.0"
    finally:
        c.close()
    assert len(threads) >= 3 and threading.main_thread() not in threads  # every read off the UI thread
    assert any(p.startswith("/image/targets/head-unit/5.3.0/") for p in QuietHandler.requests)
