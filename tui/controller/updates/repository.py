"""The publishing side of software updates: two signed TUF repositories, as Uptane has them.

INTERFACE (for the fleet, tui/controller/fleet/, and the `update keys init` command)
-----------------------------------------------------------------------------------
One folder (the "update repository") holds both repositories and their keys:

    FOLDER/keys/                  0700; one Ed25519 key per repository and role, PEM PKCS#8, 0600
    FOLDER/image/metadata/        the image repository: 1.root.json, root.json, targets.json,
                                  snapshot.json, timestamp.json (what releases exist: hashes, lengths)
    FOLDER/image/targets/         the release files: <component>/<version>/<component>-<version>.bin
    FOLDER/director/metadata/     the director: what each car should install; its targets role
                                  delegates to 256 hash bins (cars-00.json ... cars-ff.json, TUF's
                                  succinct delegation), so a car fetches its own bin, not the fleet's

    init_keys(folder) -> dict
        Makes the keys and both repositories (root, targets, snapshot, timestamp, each signed).
        Refuses a folder that already has keys (keys are never replaced by accident).
    publish_release(folder, component, version, payload_bytes, hardware_ids, custom=None, notes="") -> dict
        Adds a release to the image repository (target path "<component>/<version>/<component>-<version>.bin",
        custom data: component, version, hardware_ids, release_counter, notes, plus `custom`:
        e.g. brands, models, platforms, min_versions, depends_on for the fleet's compatibility
        rules). A release is immutable: the same component and version again is refused.
        Returns {"path", "length", "sha256", "version", "release_counter"}.
    assign(folder, car_id, component, version, hardware_id=None) -> dict
        The director tells the car `car_id` (its VIN) to install `version` of `component`, for
        its hardware id (components.hardware_id(architecture, component), e.g. "stla-brain/head-unit";
        may be left out when the release names exactly one). Copies the image's length and
        hashes into the director's target "<car_id>/<component>". assign_many(folder, rows) does
        many (rows of (car_id, component, version, hardware_id)) with one signature.
    unassign(folder, car_id, component), releases(folder) -> list[dict], assignments(folder) -> list[dict]

`folder` may also be the image/ or director/ subfolder. Metadata expires (timestamp 1 day,
snapshot 7 days, targets 90 days, root 1 year): resign(folder) renews snapshot and timestamp,
renew(folder) does so when the timestamp is about to expire (run it daily).
Keys are made with securesystemslib's CryptoSigner (pyca/cryptography); nothing here is a
home-made primitive. Imported only when updates are used (tuf is not loaded at start-up).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tui.controller.errors import CockpitError, InvalidValue, UnknownName
from tui.controller.updates.components import check_version, component as find_component, version_key

REPOS = ("image", "director")
ROLES = ("root", "targets", "snapshot", "timestamp")
EXPIRY = {"root": timedelta(days=365), "targets": timedelta(days=90), "snapshot": timedelta(days=7),
          "timestamp": timedelta(days=1)}
SPEC_VERSION = "1.0.31"
BIN_BITS = 8  # the director's assignments in 2**8 bins: at 100,000 cars about 390 a bin
BIN_PREFIX = "cars"


class RepositoryError(CockpitError):
    """A publishing problem, in one sentence."""


def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def top(folder) -> Path:
    """The update repository's folder, given it or one of its image/ and director/ subfolders."""
    folder = Path(folder).expanduser()
    if folder.name in REPOS and (folder.parent / "keys").is_dir():
        return folder.parent
    return folder


def metadata_dir(folder, repo: str) -> Path:
    return top(folder) / repo / "metadata"


def targets_dir(folder) -> Path:
    return top(folder) / "image" / "targets"


# ---------------------------------------------------------------------------- keys
def _key_file(folder: Path, repo: str, role: str) -> Path:
    return folder / "keys" / f"{repo}-{role}.pem"


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    os.chmod(path, 0o600)


def _signer(folder: Path, repo: str, role: str):
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from securesystemslib.signer import CryptoSigner

    path = _key_file(folder, repo, role)
    if not path.exists():
        raise RepositoryError(f"No {repo} {role} key in {folder / 'keys'}: run `smartcockpit update keys init` first.")
    return CryptoSigner(load_pem_private_key(path.read_bytes(), password=None))


def _write_atomic(path: Path, data: bytes) -> None:
    """Readers (a car checking) see the old file or the new one, never half of one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def init_keys(folder) -> dict:
    """Make the keys (0600 in a 0700 folder) and both repositories, signed."""
    from securesystemslib.signer import CryptoSigner
    from tuf.api.metadata import Metadata, Root, Snapshot, Targets, Timestamp

    folder = top(folder)
    keys = folder / "keys"
    if keys.exists() and any(keys.glob("*.pem")):
        raise RepositoryError(f"{keys} already holds keys; they were left as they are.")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    keys.mkdir(exist_ok=True, mode=0o700)
    os.chmod(keys, 0o700)
    made = {}
    for repo in REPOS:
        signers = {role: CryptoSigner.generate_ed25519() for role in ROLES}
        for role, signer in signers.items():
            _write_private(_key_file(folder, repo, role), signer.private_bytes)
        now = _utcnow()
        root = Root(version=1, spec_version=SPEC_VERSION, expires=now + EXPIRY["root"], consistent_snapshot=False)
        for role, signer in signers.items():
            root.add_key(signer.public_key, role)
        meta = metadata_dir(folder, repo)
        meta.mkdir(parents=True, exist_ok=True)
        root_md = Metadata(root)
        root_md.sign(signers["root"])
        data = root_md.to_bytes()
        _write_atomic(meta / "1.root.json", data)
        _write_atomic(meta / "root.json", data)
        targets = Metadata(Targets(version=1, spec_version=SPEC_VERSION, expires=now + EXPIRY["targets"]))
        snapshot = Metadata(Snapshot(version=1, spec_version=SPEC_VERSION, expires=now + EXPIRY["snapshot"]))
        if repo == "director":
            _make_bins(meta, targets, snapshot, signers["targets"], now)
        targets.sign(signers["targets"])
        _write_atomic(meta / "targets.json", targets.to_bytes())
        snapshot.signed.meta["targets.json"].version = 1
        snapshot.sign(signers["snapshot"])
        _write_atomic(meta / "snapshot.json", snapshot.to_bytes())
        timestamp = Metadata(Timestamp(version=1, spec_version=SPEC_VERSION, expires=now + EXPIRY["timestamp"]))
        timestamp.signed.snapshot_meta.version = 1
        timestamp.sign(signers["timestamp"])
        _write_atomic(meta / "timestamp.json", timestamp.to_bytes())
        made[repo] = {role: signers[role].public_key.keyid for role in ROLES}
    (folder / "image" / "targets").mkdir(parents=True, exist_ok=True)
    return {"folder": str(folder), "keys": made}


def _make_bins(meta: Path, targets, snapshot, signer, now: datetime) -> None:
    """The director's targets delegate every car's path to a hash bin signed by the same online key."""
    from tuf.api.metadata import Delegations, MetaFile, Metadata, SuccinctRoles, Targets

    key = signer.public_key
    succinct = SuccinctRoles([key.keyid], 1, BIN_BITS, BIN_PREFIX)
    targets.signed.delegations = Delegations({key.keyid: key}, succinct_roles=succinct)
    for name in succinct.get_roles():
        md = Metadata(Targets(version=1, spec_version=SPEC_VERSION, expires=now + EXPIRY["targets"]))
        md.sign(signer)
        _write_atomic(meta / f"{name}.json", md.to_bytes())
        snapshot.signed.meta[f"{name}.json"] = MetaFile(version=1)


# ---------------------------------------------------------------------------- signing
def _load(folder: Path, repo: str, role: str):
    from tuf.api.metadata import Metadata

    path = metadata_dir(folder, repo) / f"{role}.json"
    if not path.exists():
        raise RepositoryError(f"No {repo} repository in {folder}: run `smartcockpit update keys init` first.")
    return Metadata.from_file(str(path))


def _publish_targets(folder: Path, repo: str, targets_md, *, snapshot_expires: datetime | None = None,
                     timestamp_expires: datetime | None = None) -> None:
    """Sign the new targets, then a snapshot naming it, then a timestamp naming that."""
    now = _utcnow()
    meta = metadata_dir(folder, repo)
    targets_md.signed.version += 1
    targets_md.signed.expires = now + EXPIRY["targets"]
    targets_md.signatures.clear()
    targets_md.sign(_signer(folder, repo, "targets"))
    _write_atomic(meta / "targets.json", targets_md.to_bytes())
    resign(folder, repo, snapshot_expires=snapshot_expires, timestamp_expires=timestamp_expires)


def resign(folder, repo: str | None = None, *, snapshot_expires: datetime | None = None,
           timestamp_expires: datetime | None = None) -> None:
    """A new snapshot and timestamp (the daily renewal that keeps cars from seeing a freeze)."""
    folder = top(folder)
    for name in ([repo] if repo else REPOS):
        now = _utcnow()
        meta = metadata_dir(folder, name)
        targets = _load(folder, name, "targets")
        snapshot = _load(folder, name, "snapshot")
        snapshot.signed.meta["targets.json"].version = targets.signed.version
        snapshot.signed.version += 1
        snapshot.signed.expires = snapshot_expires or now + EXPIRY["snapshot"]
        snapshot.signatures.clear()
        snapshot.sign(_signer(folder, name, "snapshot"))
        _write_atomic(meta / "snapshot.json", snapshot.to_bytes())
        timestamp = _load(folder, name, "timestamp")
        timestamp.signed.snapshot_meta.version = snapshot.signed.version
        timestamp.signed.version += 1
        timestamp.signed.expires = timestamp_expires or now + EXPIRY["timestamp"]
        timestamp.signatures.clear()
        timestamp.sign(_signer(folder, name, "timestamp"))
        _write_atomic(meta / "timestamp.json", timestamp.to_bytes())


def renew(folder, within: timedelta = timedelta(hours=12)) -> list[str]:
    """Re-sign snapshot and timestamp of each repository whose timestamp expires within `within`
    (what a repository's online service does every day). Returns the repositories renewed."""
    folder = top(folder)
    renewed = []
    for name in REPOS:
        if _load(folder, name, "timestamp").signed.expires - _utcnow() < within:
            resign(folder, name)
            renewed.append(name)
    return renewed


# ---------------------------------------------------------------------------- the image repository
def release_path(component_id: str, version: str) -> str:
    return f"{component_id}/{version}/{component_id}-{version}.bin"


def publish_release(folder, component: str, version: str, payload_bytes: bytes, hardware_ids,
                    custom: dict | None = None, notes: str = "") -> dict:
    from tuf.api.metadata import TargetFile

    folder = top(folder)
    comp = find_component(component)
    version = check_version(version)
    hardware_ids = [str(h) for h in ([hardware_ids] if isinstance(hardware_ids, str) else hardware_ids)]
    if not hardware_ids:
        raise InvalidValue("A release names at least one hardware id.")
    targets = _load(folder, "image", "targets")
    path = release_path(comp.id, version)
    if path in targets.signed.targets:
        raise RepositoryError(f"{comp.name} {version} is already published; a release never changes.")
    counter = 1 + max((t.custom.get("release_counter", 0) for t in targets.signed.targets.values()
                       if t.custom.get("component") == comp.id), default=0)
    file = targets_dir(folder) / path
    file.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(file, bytes(payload_bytes))
    info = TargetFile.from_data(path, bytes(payload_bytes), ["sha256"])
    info.unrecognized_fields["custom"] = {
        **(custom or {}), "component": comp.id, "version": version, "hardware_ids": hardware_ids,
        "release_counter": counter, "notes": str(notes or (custom or {}).get("notes", ""))}
    targets.signed.targets[path] = info
    _publish_targets(folder, "image", targets)
    return {"path": path, "length": info.length, "sha256": info.hashes["sha256"], "version": version,
            "release_counter": counter}


def releases(folder) -> list[dict]:
    targets = _load(top(folder), "image", "targets")
    out = [{"path": p, "length": t.length, "sha256": t.hashes.get("sha256"), **t.custom}
           for p, t in targets.signed.targets.items()]
    return sorted(out, key=lambda r: (r.get("component", ""), version_key(r.get("version", "0"))))


# ---------------------------------------------------------------------------- the director
def director_path(car_id: str, component_id: str) -> str:
    return f"{car_id}/{component_id}"


def assign(folder, car_id: str, component: str, version: str, hardware_id: str | None = None) -> dict:
    return assign_many(folder, [(car_id, component, version, hardware_id)])[0]


def _bins(folder: Path):
    return _load(folder, "director", "targets").signed.delegations.succinct_roles


def bin_for(folder, path: str) -> str:
    """The director's hash bin that holds this target path."""
    return _bins(top(folder)).get_role_for_target(path)


def _publish_bins(folder: Path, bins: dict) -> None:
    """Sign the changed bins, then a snapshot naming their versions, then a timestamp."""
    now = _utcnow()
    meta = metadata_dir(folder, "director")
    signer = _signer(folder, "director", "targets")
    snapshot = _load(folder, "director", "snapshot")
    for name, md in bins.items():
        md.signed.version += 1
        md.signed.expires = now + EXPIRY["targets"]
        md.signatures.clear()
        md.sign(signer)
        _write_atomic(meta / f"{name}.json", md.to_bytes())
        snapshot.signed.meta[f"{name}.json"].version = md.signed.version
    _write_atomic(meta / "snapshot.json", snapshot.to_bytes())  # resign() signs it with the new versions
    resign(folder, "director")


def assign_many(folder, rows) -> list[dict]:
    from tuf.api.metadata import TargetFile

    folder = top(folder)
    image = _load(folder, "image", "targets").signed.targets
    succinct = _bins(folder)
    bins: dict = {}
    done = []
    for car_id, component, version, hardware_id in rows:
        comp = find_component(component)
        version = check_version(version)
        car_id = str(car_id).strip()
        if not car_id or "/" in car_id:
            raise InvalidValue(f"{car_id!r} is not a car id.")
        release = image.get(release_path(comp.id, version))
        if release is None:
            raise UnknownName(f"{comp.name} {version} is not published in the image repository.")
        hw = release.custom.get("hardware_ids", [])
        if hardware_id is None:
            if len(hw) != 1:
                raise InvalidValue(f"{comp.name} {version} is for {', '.join(hw)}: say which hardware id.")
            hardware_id = hw[0]
        if hardware_id not in hw:
            raise InvalidValue(f"{comp.name} {version} is not built for {hardware_id}.")
        path = director_path(car_id, comp.id)
        info = TargetFile(release.length, dict(release.hashes), path)
        info.unrecognized_fields["custom"] = {"car_id": car_id, "component": comp.id, "version": version,
                                              "hardware_id": hardware_id, "image_path": release.path}
        name = succinct.get_role_for_target(path)
        if name not in bins:
            bins[name] = _load(folder, "director", name)
        bins[name].signed.targets[path] = info
        done.append({"path": path, "car_id": car_id, "component": comp.id, "version": version,
                     "hardware_id": hardware_id, "length": release.length, "sha256": release.hashes.get("sha256")})
    if bins:
        _publish_bins(folder, bins)
    return done


def unassign(folder, car_id: str, component: str) -> bool:
    folder = top(folder)
    path = director_path(car_id, find_component(component).id)
    name = _bins(folder).get_role_for_target(path)
    md = _load(folder, "director", name)
    gone = md.signed.targets.pop(path, None)
    if gone is not None:
        _publish_bins(folder, {name: md})
    return gone is not None


def assignments(folder) -> list[dict]:
    folder = top(folder)
    out = []
    for name in _bins(folder).get_roles():
        for p, t in _load(folder, "director", name).signed.targets.items():
            out.append({"path": p, "length": t.length, "sha256": t.hashes.get("sha256"), **t.custom})
    return sorted(out, key=lambda r: r["path"])


__all__ = ["init_keys", "publish_release", "assign", "assign_many", "unassign", "releases", "assignments", "resign", "renew",
           "bin_for",
           "RepositoryError", "release_path", "director_path", "metadata_dir", "targets_dir", "top"]
