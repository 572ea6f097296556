"""Assignments and status reports over a real nats-server: a batch out, cars (one offline while it
was sent) read theirs, report (one twice), the operator takes the reports in batches from where it
left off; a retry is a new attempt and a stale report of the old one is ignored."""

from __future__ import annotations

import asyncio
import json

from click.testing import CliRunner

from tests.fleet.conftest import PIN, small_fleet
from tests.sync.servers import nats_server  # noqa: F401 (fixture, shared with the sync tests)
from tui.cli import main
from tui.controller.fleet import transport
from tui.controller.net.nats import Link


def over(url, work):
    async def go():
        link = await Link(url).connect()
        try:
            return await work(link)
        finally:
            await link.close()

    return asyncio.run(asyncio.wait_for(go(), 60))


def test_a_rollout_over_nats(controller, fleet, nats_server):  # noqa: F811
    url = nats_server.url
    small_fleet(controller, 12)
    hu = fleet.add_release("head_unit", "6.0.0", pin=PIN)
    r = fleet.create_rollout(hu.id, percentages=[100], success_threshold=100, error_threshold=50,
                             error_min_finished=4, pin=PIN)
    fleet.start(r.id, pin=PIN)
    batch = fleet.deliver(r.id, pin=PIN, carry=lambda b: over(url, lambda link: transport.send(link, b)))
    assert len(batch) == 12 and fleet.outbox(r.id) == []
    # sending the same batch again stores nothing new (message ids)
    assert over(url, lambda link: transport.send(link, batch)) == 0
    vins = [a.vin for a in batch]
    # every car reads its own assignment, also the one that was offline when it was sent
    got = over(url, lambda link: transport.assignments_for(link, vins[5]))
    assert got == [{"rollout": r.id, "car": batch[5].car_id, "vin": vins[5], "attempt": 1,
                    "install": [{"component": "head_unit", "version": "6.0.0"}]}]

    async def cars_report(link):
        for i, vin in enumerate(vins[:8]):
            await transport.report(link, r.id, vin, 1, ok=i % 4 != 0, detail="from the car")
        return await transport.report(link, r.id, vins[1], 1, ok=True)  # said twice

    assert over(url, cars_report) is False  # the server kept one
    reports, mark = over(url, lambda link: transport.collect(link, r.id, fleet.report_mark(r.id)))
    assert len(reports) == 8
    result = fleet.receive_by_vin(r.id, reports, mark)
    assert (result.applied, result.status) == (8, "running")
    assert fleet.report_mark(r.id) == mark
    # nothing new: the next collect takes nothing
    assert over(url, lambda link: transport.collect(link, r.id, fleet.report_mark(r.id)))[0] == []
    # the two failed cars get a new attempt; a stale report of attempt 1 is ignored, attempt 2 counts
    assert fleet.retry(r.id, pin=PIN) == 2
    again = fleet.deliver(r.id, pin=PIN, carry=lambda b: over(url, lambda link: transport.send(link, b)))
    assert sorted(a.attempt for a in again) == [2, 2]
    failed = again[0].vin

    async def late(link):
        await transport.report(link, r.id, failed, 1, ok=True, detail="a late copy")  # deduplicated anyway
        await transport.report(link, r.id, failed, 2, ok=True)

    over(url, late)
    reports, mark = over(url, lambda link: transport.collect(link, r.id, fleet.report_mark(r.id)))
    assert [(x["vin"], x["attempt"]) for x in reports] == [(failed, 2)]
    assert fleet.receive_by_vin(r.id, reports, mark).applied == 1
    # a stale report that got through another way (an old attempt) changes nothing
    other = again[1].vin
    stale = fleet.receive_by_vin(r.id, [{"vin": other, "attempt": 1, "ok": True, "detail": ""}])
    assert (stale.applied, stale.ignored) == (0, 1)
    counts = controller.store.fleet.groups(r.id)[0].counts
    assert (counts["finished"], counts["error"], counts["running"]) == (7, 0, 5)  # 4 silent, 1 retried


def test_the_command_line_delivers_and_collects_over_nats(controller, fleet, nats_server, db_path):  # noqa: F811
    url = nats_server.url
    small_fleet(controller, 6)
    hu = fleet.add_release("head_unit", "6.0.0", pin=PIN)
    r = fleet.create_rollout(hu.id, percentages=[100], pin=PIN)
    fleet.start(r.id, pin=PIN)
    controller.close()
    run = CliRunner()
    out = run.invoke(main, ["--db", str(db_path), "fleet", "rollout", "deliver", str(r.id), "--nats", url,
                            "--pin", PIN])
    assert out.exit_code == 0 and "6 assignments sent (published over NATS)." in out.output, out.output
    sent = over(url, lambda link: transport.assignments_for(link, "VF3S0000000000003"))
    assert sent and sent[0]["install"] == [{"component": "head_unit", "version": "6.0.0"}]
    over(url, lambda link: transport.report(link, r.id, "VF3S0000000000003", 1, ok=True))
    out = run.invoke(main, ["--db", str(db_path), "fleet", "rollout", "collect", str(r.id), "--nats", url,
                            "--pin", PIN, "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["applied"] == 1


def test_an_unreachable_server_marks_nothing_sent(controller, fleet, db_path):
    from tui.controller.net.nats import free_port

    small_fleet(controller, 3)
    hu = fleet.add_release("head_unit", "6.0.0", pin=PIN)
    r = fleet.create_rollout(hu.id, percentages=[100], pin=PIN)
    fleet.start(r.id, pin=PIN)
    controller.close()
    out = CliRunner().invoke(main, ["--db", str(db_path), "fleet", "rollout", "deliver", str(r.id), "--nats",
                                    f"nats://127.0.0.1:{free_port()}", "--pin", PIN])
    assert out.exit_code == 1 and "Nothing was marked sent" in out.output and "Traceback" not in out.output
    from tui.controller import Controller
    from tui.controller.fleet import Fleet

    c = Controller.open(db_path)
    assert len(Fleet(c).outbox(r.id)) == 3
    c.close()


def test_the_simulated_fleet_reports_through_nats_until_the_error_threshold(controller, fleet, nats_server,  # noqa: F811
                                                                           db_path):
    small_fleet(controller, 400)
    hu = fleet.add_release("head_unit", "6.0.0", pin=PIN)
    r = fleet.create_rollout(hu.id, percentages=[25, 100], error_threshold=10, error_min_finished=20, pin=PIN)
    fleet.start(r.id, pin=PIN)
    controller.close()
    run = CliRunner()
    args = ["--db", str(db_path), "fleet", "rollout", "simulate", str(r.id), "--nats", nats_server.url,
            "--reports", "60", "--pin", PIN, "--json"]
    first = json.loads(run.invoke(main, [*args, "--rates", "default=0"]).output)
    assert first["applied"] == 60 and first["rollout"]["status"] == "running"
    out = run.invoke(main, [*args, "--rates", "default=100%"])
    second = json.loads(out.output)
    # 60 finished and fine, then failures: the 7th makes 7 of 67 = 10.4 % > 10 %
    assert second["rollout"]["status"] == "paused" and second["paused_at"] == 6
    assert "7 of 67 finished cars failed" in second["rollout"]["pause_reason"]
