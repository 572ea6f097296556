"""The car's side of the fleet: assignments taken (also those sent while it was offline) as notices,
the signed repositories still deciding what installs, and one status report per rollout and attempt
once it ended; over a real nats-server too."""

from __future__ import annotations

import asyncio
import json

from click.testing import CliRunner

from tests.sync.servers import nats_server  # noqa: F401 (fixture, shared with the sync tests)
from tests.updates.test_install import finish
from tui.cli import main
from tui.controller import Controller
from tui.controller.fleet import transport
from tui.controller.fleet.delivery import Assignment
from tui.controller.net.nats import Link
from tui.controller.updates import reporting
from tui.controller.updates import repository


def assignment(c, rollout=7, attempt=1, version="5.3.0", vin=None) -> dict:
    return {"rollout": rollout, "car": 1, "vin": vin or c.car.vin, "attempt": attempt,
            "install": [{"component": "head_unit", "version": version}]}


def test_a_report_once_the_assignment_ended(controller, repo):
    repo.release("head-unit", "5.3.0")
    received = [assignment(controller), assignment(controller, rollout=8, vin="SOMEOTHERCAR"), {"rubbish": 1}]
    assert reporting.remember(controller.updates, received) == 1
    assert reporting.due(controller.updates) == []  # not installed yet: nothing to say
    controller.updates.check()
    controller.updates.install("head-unit")
    finish(controller)
    reports = reporting.due(controller.updates)
    assert [(r.rollout, r.attempt, r.ok, r.detail) for r in reports] == [(7, 1, True, "Installed head-unit 5.3.0.")]
    reporting.sent(controller.updates, reports)
    assert reporting.due(controller.updates) == []  # said once


def test_a_rollback_is_reported_as_a_failure_and_a_retry_is_a_new_attempt(controller, repo):
    repo.release("head-unit", "5.3.0")
    reporting.remember(controller.updates, [assignment(controller)])
    controller.updates.check()
    controller.updates.fail_next("boot")
    controller.updates.install("head-unit")
    finish(controller)
    [report] = reporting.due(controller.updates)
    assert not report.ok and report.detail == "5.3.0 did not start; rolled back to 5.2.0 (slot A)."
    reporting.sent(controller.updates, [report])
    controller.clock.advance(60)
    assert reporting.remember(controller.updates, [assignment(controller, attempt=2)]) == 1  # the retry
    assert reporting.due(controller.updates) == []  # its outcome is not known yet
    controller.updates.check()
    controller.updates.install("head-unit")
    finish(controller)
    assert [(r.attempt, r.ok) for r in reporting.due(controller.updates)] == [(2, True)]


def over(url, work):
    async def go():
        link = await Link(url).connect()
        try:
            return await work(link)
        finally:
            await link.close()

    return asyncio.run(asyncio.wait_for(go(), 60))


def test_over_nats_with_the_car_offline_when_sent(tmp_path, nats_server):  # noqa: F811
    db = tmp_path / "car.db"
    url = nats_server.url
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(db), "update", "keys", "init"]).exit_code == 0
    c = Controller.open(db)
    vin, folder, hw = c.car.vin, c.updates.repository(), c.updates.hardware()["head-unit"]
    c.close()
    repository.publish_release(folder, "head-unit", "5.3.0", b"new head unit " * 5000, [hw])
    repository.assign(folder, vin, "head-unit", "5.3.0")
    # the operator sends while the car is not connected
    sent = over(url, lambda link: transport.send(link, [Assignment(7, 1, vin, (("head_unit", "5.3.0"),))]))
    assert sent == 1
    synced = runner.invoke(main, ["--db", str(db), "update", "sync", "--nats", url, "--json"])
    assert synced.exit_code == 0, synced.output
    first = json.loads(synced.output)
    assert first["assignments"] == 1 and first["new"] == 1 and first["offers"] == ["5.3.0"]
    assert first["reported"] == []
    assert runner.invoke(main, ["--db", str(db), "update", "install", "head-unit", "--yes"]).exit_code == 0
    second = json.loads(runner.invoke(main, ["--db", str(db), "update", "sync", "--nats", url, "--json"]).output)
    assert [(r["rollout"], r["ok"]) for r in second["reported"]] == [(7, True)]
    third = json.loads(runner.invoke(main, ["--db", str(db), "update", "sync", "--nats", url, "--json"]).output)
    assert third["reported"] == []  # once
    reports, _mark = over(url, lambda link: transport.collect(link, 7))
    assert reports == [{"vin": vin, "attempt": 1, "ok": True, "detail": "Installed head-unit 5.3.0."}]


def test_no_server_is_one_sentence(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "c.db"), "update", "sync", "--nats",
                                       "nats://127.0.0.1:1"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("smartcockpit: ") and len(result.output.strip().splitlines()) == 1
