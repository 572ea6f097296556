"""The fleet signs with the car half's TUF repositories: a release published into the image
repository, a batch of a rollout's assignments signed by the director, and a car of the fleet,
verifying as Uptane does, is offered exactly its chain for its own hardware."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.fleet.conftest import PIN, small_fleet
from tui.cli import main
from tui.controller.errors import NotAllowed


@pytest.fixture
def repo(tmp_path):
    from tui.controller.updates import repository

    folder = tmp_path / "update-repo"
    repository.init_keys(folder)
    return folder


def test_a_rollout_signed_end_to_end_reaches_a_car_that_verifies_it(controller, fleet, repo, tmp_path):
    from tui.controller.updates import repository, trust
    from tui.controller.updates.components import hardware_id

    small_fleet(controller, 30)
    conn = fleet.add_release("connectivity", "2.0.0", pin=PIN)
    hu = fleet.add_release("head_unit", "6.0.0", "Faster maps", {"requires": {"connectivity": "2.0"},
                                                                 "platforms": ["STLA Medium"]}, pin=PIN)
    published = fleet.publish_release(hu.id, repo, pin=PIN)
    assert published["path"] == "head-unit/6.0.0/head-unit-6.0.0.bin"
    image = {r["path"]: r for r in repository.releases(repo)}
    assert image[published["path"]]["hardware_ids"] == ["stla-brain/head-unit"]  # STLA Medium is STLA Brain
    assert image[published["path"]]["depends_on"] == {"connectivity": "2.0"}
    r = fleet.create_rollout(hu.id, percentages=[100], pin=PIN)
    fleet.start(r.id, pin=PIN)
    # the chain's connectivity release is not in the image repository yet: nothing is signed or sent
    with pytest.raises(NotAllowed, match="not published in the image repository. Nothing was assigned."):
        fleet.deliver(r.id, repo, pin=PIN)
    assert repository.assignments(repo) == [] and len(fleet.outbox(r.id)) == 30
    fleet.publish_release(conn.id, repo, pin=PIN)
    batch = fleet.deliver(r.id, repo, limit=10, pin=PIN)
    assert len(batch) == 10 and len(fleet.outbox(r.id)) == 20
    assert len(repository.assignments(repo)) == 20  # two components for each of 10 cars
    car = controller.store.fleet.car(batch[0].car_id)
    hardware = {c: hardware_id(car.architecture, c) for c in ("head-unit", "connectivity")}
    installed = {"head-unit": car.versions["head_unit"], "connectivity": car.versions["connectivity"]}
    verdict = trust.verify(tmp_path / "car", repo, car.vin, hardware, installed)
    assert verdict.error is None and verdict.refused == {}
    assert sorted((o.component, o.version) for o in verdict.offers) == [("connectivity", "2.0.0"),
                                                                         ("head-unit", "6.0.0")]
    # a car of the fleet that was not in the batch is offered nothing yet
    other = controller.store.fleet.car(fleet.outbox(r.id)[0].car_id)
    assert trust.verify(tmp_path / "other", repo, other.vin, hardware, installed).offers == []


def test_the_command_line_publishes_and_delivers(controller, fleet, repo, db_path):
    small_fleet(controller, 5)
    hu = fleet.add_release("head_unit", "6.0.0", pin=PIN)
    r = fleet.create_rollout(hu.id, percentages=[100], pin=PIN)
    fleet.start(r.id, pin=PIN)
    controller.close()
    run = CliRunner()
    out = run.invoke(main, ["--db", str(db_path), "fleet", "release", "publish", str(hu.id), "--repository",
                            str(repo), "--pin", PIN, "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["path"] == "head-unit/6.0.0/head-unit-6.0.0.bin"
    out = run.invoke(main, ["--db", str(db_path), "fleet", "rollout", "deliver", str(r.id), "--repository",
                            str(repo), "--pin", PIN, "--json"])
    assert out.exit_code == 0, out.output
    sent = json.loads(out.output)
    assert len(sent) == 5 and sent[0]["install"] == [{"component": "head_unit", "version": "6.0.0"}]
    again = run.invoke(main, ["--db", str(db_path), "fleet", "release", "publish", str(hu.id), "--repository",
                              str(repo), "--pin", PIN])
    assert again.exit_code == 1 and "already published" in again.output
