"""The TUF checks with real signed metadata made at test time: the car installs only what the
director and the image repository agree on, for its hardware id; never an older version
(rollback), never after expired metadata (freeze), never a file whose hash or length differs,
never metadata signed by keys it does not trust, never a mix of the two repositories."""

from __future__ import annotations

import shutil
import stat
from datetime import datetime, timedelta, timezone

import pytest

from tests.updates.test_install import finish, versions
from tui.controller.updates import repository
from tui.controller.updates.repository import metadata_dir, targets_dir


def offers(c) -> dict:
    verdict = c.updates.check()
    assert verdict.error is None, verdict.error
    return {o.component: o.version for o in verdict.offers}


def test_keys_are_private_and_never_replaced(controller, repo):
    keys = repo.folder / "keys"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    pems = sorted(p.name for p in keys.glob("*.pem"))
    assert len(pems) == 8 and "director-timestamp.pem" in pems and "image-root.pem" in pems
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in keys.glob("*.pem"))
    before = (keys / "image-root.pem").read_bytes()
    with pytest.raises(repository.RepositoryError, match="already holds keys"):
        repository.init_keys(repo.folder)
    assert (keys / "image-root.pem").read_bytes() == before


def test_what_both_agree_on_is_offered(controller, repo):
    repo.release("head-unit", "5.3.0", notes="Faster maps")
    repo.release("connectivity", "1.9.3", assign=False)  # published, but not for this car
    assert offers(controller) == {"head-unit": "5.3.0"}
    assert [r["version"] for r in repository.releases(repo.folder)] == ["1.9.3", "5.3.0"]
    assert repository.assignments(repo.folder)[0]["car_id"] == controller.car.vin


def test_a_tampered_file_is_never_installed(controller, repo):
    made = repo.release("head-unit", "5.3.0")
    controller.updates.check()
    file = targets_dir(repo.folder) / made["path"]
    data = bytearray(file.read_bytes())
    data[100] ^= 0xFF  # same length, other bytes
    file.write_bytes(bytes(data))
    controller.updates.install("head-unit")
    progress = finish(controller)
    assert progress.state == "failed"
    assert "hash or length differs from the signed metadata" in progress.message
    assert versions(controller)["head-unit"][:2] == ("5.2.0", "A")


def test_a_file_of_another_length_is_never_installed(controller, repo):
    made = repo.release("head-unit", "5.3.0")
    controller.updates.check()
    file = targets_dir(repo.folder) / made["path"]
    file.write_bytes(file.read_bytes() + b"and a little extra")
    controller.updates.install("head-unit")
    progress = finish(controller)
    assert progress.state == "failed" and "longer than its signed length" in progress.message
    assert versions(controller)["head-unit"][:2] == ("5.2.0", "A")


@pytest.mark.parametrize("repo_name, label", [("director", "director"), ("image", "image repository")])
def test_expired_metadata_is_refused_freeze_attack(controller, repo, repo_name, label):
    repo.release("head-unit", "5.3.0")
    past = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)
    repository.resign(repo.folder, repo_name, timestamp_expires=past)
    verdict = controller.updates.check()
    assert verdict.offers == []
    assert verdict.error == (f"Updates refused: the {label} can't be trusted, its signed metadata has expired "
                             "(a freeze attack, or a server that stopped signing).")
    repository.resign(repo.folder, repo_name)  # the server signs again: updates flow again
    assert offers(controller) == {"head-unit": "5.3.0"}


def test_old_metadata_replayed_is_refused_rollback_attack(controller, repo):
    meta = metadata_dir(repo.folder, "director")
    old = {path.name: path.read_bytes() for path in meta.glob("*.json")}
    repo.release("head-unit", "5.3.0")
    assert offers(controller) == {"head-unit": "5.3.0"}  # the car now trusts the newer versions
    for name, data in old.items():  # an attacker serves the older, validly signed, empty director
        (meta / name).write_bytes(data)
    verdict = controller.updates.check()
    assert verdict.offers == []
    assert "its metadata went back to an older version (a rollback attack)" in verdict.error


def test_an_older_version_is_never_installed(controller, repo):
    repo.release("head-unit", "5.3.0")
    controller.updates.check()
    controller.updates.install("head-unit")
    assert finish(controller).state == "done"
    repo.release("head-unit", "5.2.9")  # validly signed by both, but older than what runs
    verdict = controller.updates.check()
    assert verdict.offers == []
    assert verdict.refused["head-unit"] == ("Head unit 5.2.9 is older than the installed 5.3.0: "
                                            "a car never goes back (rollback refused).")
    assert controller.updates.available() == []


def test_director_and_image_must_agree_on_the_file(controller, repo):
    repo.release("head-unit", "5.3.0")
    path = f"{controller.car.vin}/head-unit"
    name = repository.bin_for(repo.folder, path)
    director = repository._load(repo.folder, "director", name)
    director.signed.targets[path].hashes["sha256"] = "0" * 64  # the director (validly signed) names another file
    repository._publish_bins(repo.folder, {name: director})
    verdict = controller.updates.check()
    assert verdict.offers == []
    assert "the director and the image repository disagree on the file" in verdict.refused["head-unit"]


def test_a_director_target_the_image_repository_lacks_is_refused(controller, repo):
    repo.release("head-unit", "5.3.0")
    path = f"{controller.car.vin}/head-unit"
    name = repository.bin_for(repo.folder, path)
    director = repository._load(repo.folder, "director", name)
    target = director.signed.targets[path]
    target.unrecognized_fields["custom"]["image_path"] = "head-unit/6.0.0/head-unit-6.0.0.bin"
    target.unrecognized_fields["custom"]["version"] = "6.0.0"
    repository._publish_bins(repo.folder, {name: director})
    verdict = controller.updates.check()
    assert verdict.offers == []
    assert "the image repository has no such release" in verdict.refused["head-unit"]


def test_metadata_from_another_repository_is_refused_mix_and_match(controller, repo, tmp_path):
    repo.release("head-unit", "5.3.0")
    offers(controller)  # the car trusts this director's keys
    other = tmp_path / "other"
    repository.init_keys(other)
    repository.publish_release(other, "head-unit", "9.0.0", b"evil" * 100, [repo.hw("head-unit")])
    repository.assign(other, controller.car.vin, "head-unit", "9.0.0")
    for path in metadata_dir(other, "director").glob("*.json"):  # another director's files served here
        if path.name[0].isalpha():  # every role but the numbered roots
            shutil.copyfile(path, metadata_dir(repo.folder, "director") / path.name)
    verdict = controller.updates.check()
    assert verdict.offers == []
    assert "the director can't be trusted, its metadata is not signed by the keys the car trusts" in verdict.error


def test_edited_metadata_is_refused(controller, repo):
    repo.release("head-unit", "5.3.0")
    path = metadata_dir(repo.folder, "image") / "timestamp.json"
    text = path.read_text()
    assert '"snapshot.json":{"version":' in text
    path.write_text(text.replace('"snapshot.json":{"version":', '"snapshot.json":{"version":1', 1))
    verdict = controller.updates.check()
    assert verdict.offers == [] and "the image repository can't be trusted" in verdict.error


def test_only_for_this_cars_hardware(controller, repo):
    repo.release("head-unit", "5.3.0", hardware_ids=["stla-medium/head-unit"], assign=False)
    repository.assign(repo.folder, controller.car.vin, "head-unit", "5.3.0")
    verdict = controller.updates.check()
    assert verdict.offers == []
    assert verdict.refused["head-unit"] == ("Head unit 5.3.0 was assigned for hardware stla-medium/head-unit, "
                                            "not this car's stla-brain/head-unit.")
    with pytest.raises(Exception, match="not built for stla-brain/head-unit"):
        repository.assign(repo.folder, controller.car.vin, "head-unit", "5.3.0", hardware_id="stla-brain/head-unit")


def test_a_release_never_changes(controller, repo):
    repo.release("head-unit", "5.3.0")
    with pytest.raises(repository.RepositoryError, match="already published"):
        repository.publish_release(repo.folder, "head-unit", "5.3.0", b"other", [repo.hw("head-unit")])


def test_the_daily_renewal_keeps_a_car_updating(controller, repo):
    repo.release("head-unit", "5.3.0")
    soon = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=2)
    repository.resign(repo.folder, "director", timestamp_expires=soon)
    assert repository.renew(repo.folder) == ["director"]  # within 12 h of expiring: signed again
    assert repository.renew(repo.folder) == []
    assert offers(controller) == {"head-unit": "5.3.0"}


def test_the_demo_repository(controller):
    assert controller.updates.ensure_demo()
    assert not controller.updates.ensure_demo()  # made once
    assert offers(controller) == {"head-unit": "5.3.0"}
    past = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)
    repository.resign(controller.updates.repository(), timestamp_expires=past)
    assert "expired" in controller.updates.check().error
    controller.updates.ensure_demo()  # opening the tile again: the demo's repository signs again
    assert controller.updates.check().error is None
    assert stat.S_IMODE(controller.updates.folder().stat().st_mode) == 0o700
