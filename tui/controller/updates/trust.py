"""The car's side of signed updates: what it may install, verified with python-tuf as Uptane does.

The car keeps its own trusted copy of each repository's metadata (root first, provisioned once,
then whatever verified) under its updates folder, and refreshes both with tuf's ngclient
Updater: root -> timestamp -> snapshot -> targets, signatures, thresholds, versions never going
back (rollback) and expiry (freeze) all checked there. Then, per component, it installs only what
both agree on: the director's target for this car and this hardware id, and the image
repository's target of the same path with the same length and hashes and the same hardware id;
never an older version than the one installed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from tui.controller.updates.components import COMPONENTS, newer
from tui.controller.updates.location import is_url, join
from tui.controller.updates.repository import director_path, metadata_dir, targets_dir, top


def _fetcher_class():
    from tuf.api.exceptions import DownloadHTTPError
    from tuf.ngclient import FetcherInterface

    class FolderFetcher(FetcherInterface):
        """Reads `file://` URLs inside one folder (a repository copied to the car, a USB stick, a
        mounted share); a missing file answers 404 as a web server would."""

        def __init__(self, root: Path):
            self.root = Path(root).resolve()

        def _fetch(self, url: str):
            parsed = urlparse(url)
            if parsed.scheme != "file":
                raise DownloadHTTPError(f"not a file URL: {url}", 400)
            path = Path(unquote(parsed.path)).resolve()
            if self.root not in path.parents:
                raise DownloadHTTPError(f"outside the repository: {url}", 403)
            try:
                data = path.read_bytes()
            except (FileNotFoundError, IsADirectoryError):
                raise DownloadHTTPError(f"not found: {url}", 404) from None
            return iter([data])

    return FolderFetcher


@dataclass(frozen=True)
class Offer:
    """An update both repositories agree on, for this car."""

    component: str
    version: str
    target: dict  # path, length, hashes, custom (the image's), source (where the file is read)

    @property
    def notes(self) -> str:
        return self.target.get("custom", {}).get("notes", "")


@dataclass
class Verdict:
    offers: list[Offer] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # component -> why it was refused
    error: str | None = None  # the repositories could not be trusted at all


def trust_dir(car_folder: Path, repo: str) -> Path:
    return Path(car_folder) / "trust" / repo


HTTP_TIMEOUT_S = 10
ROOT_MAX = 512 * 1024  # the most a first root may weigh when it comes from a web server


def provision(car_folder: Path, repository, fetcher=None) -> bool:
    """Give the car the repositories' first roots (done once, as at the factory). True if it did.
    From a web server (a URL) they come through tuf's fetcher (`fetcher`)."""
    made = False
    for repo in ("image", "director"):
        mine = trust_dir(car_folder, repo)
        if (mine / "root.json").exists():
            continue
        if is_url(repository):
            data = fetcher.download_bytes(join(repository, repo, "metadata", "1.root.json"), ROOT_MAX)
            mine.mkdir(parents=True, exist_ok=True, mode=0o700)
            (mine / "root.json").write_bytes(data)
            made = True
            continue
        source = metadata_dir(repository, repo) / "1.root.json"
        if not source.exists():
            return False
        mine.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copyfile(source, mine / "root.json")
        made = True
    return made


def _base_url(repository, repo: str) -> str:
    if is_url(repository):
        return join(repository, repo, "metadata") + "/"
    return metadata_dir(repository, repo).resolve().as_uri() + "/"


def _updater(car_folder: Path, repository, repo: str, fetcher):
    from tuf.ngclient import Updater

    return Updater(metadata_dir=str(trust_dir(car_folder, repo)), metadata_base_url=_base_url(repository, repo),
                   fetcher=fetcher, bootstrap=None)


def _why(exc: Exception) -> str:
    from tuf.api import exceptions as tx

    name = type(exc).__name__
    if isinstance(exc, tx.ExpiredMetadataError):
        return "its signed metadata has expired (a freeze attack, or a server that stopped signing)"
    if isinstance(exc, tx.BadVersionNumberError):
        return "its metadata went back to an older version (a rollback attack)"
    if isinstance(exc, tx.UnsignedMetadataError):
        return "its metadata is not signed by the keys the car trusts"
    if isinstance(exc, tx.LengthOrHashMismatchError):
        return "its metadata does not match what the snapshot signed"
    if isinstance(exc, tx.DownloadError) or type(exc).__module__.startswith("urllib3"):
        return "it could not be reached"
    return f"its metadata did not verify ({name})"


def verify(car_folder: Path, repository, vin: str, hardware: dict[str, str],
           installed: dict[str, str | None]) -> Verdict:
    """What this car may install now. `hardware`: component -> this car's hardware id;
    `installed`: component -> the version it runs."""
    from tuf.api import exceptions as tx

    verdict = Verdict()
    unreachable: tuple = (tx.DownloadError,)  # what a fetch raises when the repository can't be read
    if is_url(repository):
        import urllib3
        from tuf.ngclient import Urllib3Fetcher

        fetcher = Urllib3Fetcher(socket_timeout=HTTP_TIMEOUT_S)  # tuf's own HTTP fetcher (urllib3)
        source = join(repository, "image", "targets")
        unreachable += (urllib3.exceptions.HTTPError,)  # a refused connection comes as urllib3's own
    else:
        repository = top(repository)
        fetcher = _fetcher_class()(repository)
        source = str(targets_dir(repository).resolve())
    try:
        provision(car_folder, repository, fetcher)
    except (*unreachable, OSError) as exc:
        verdict.error = f"Updates refused: the update repository at {repository} could not be reached ({exc})."
        return verdict
    updaters = {}
    for repo in ("director", "image"):
        if not (trust_dir(car_folder, repo) / "root.json").exists():
            verdict.error = "This car has no trusted root for its update repositories."
            return verdict
        try:
            updaters[repo] = _updater(car_folder, repository, repo, fetcher)
            updaters[repo].refresh()
        except (tx.RepositoryError, *unreachable, OSError, ValueError) as exc:
            label = "director" if repo == "director" else "image repository"
            verdict.error = f"Updates refused: the {label} can't be trusted, {_why(exc)}."
            return verdict
    director, image = updaters["director"], updaters["image"]
    for comp in COMPONENTS:
        try:
            wanted = director.get_targetinfo(director_path(vin, comp.id))
        except (tx.RepositoryError, *unreachable) as exc:
            verdict.refused[comp.id] = f"The director's list for this car did not verify: {_why(exc)}."
            continue
        if wanted is None:
            continue  # nothing assigned to this car for this component
        custom = wanted.custom or {}
        version = str(custom.get("version", ""))
        mine = hardware.get(comp.id)
        if custom.get("hardware_id") != mine:
            verdict.refused[comp.id] = (f"{comp.name} {version} was assigned for hardware "
                                        f"{custom.get('hardware_id')}, not this car's {mine}.")
            continue
        path = custom.get("image_path", "")
        try:
            release = image.get_targetinfo(path) if path else None
        except (tx.RepositoryError, *unreachable) as exc:
            verdict.refused[comp.id] = f"The image repository did not verify: {_why(exc)}."
            continue
        if release is None:
            verdict.refused[comp.id] = (f"{comp.name} {version}: the director and the image repository disagree "
                                        "(the image repository has no such release).")
            continue
        rcustom = release.custom or {}
        if (release.length != wanted.length or release.hashes != wanted.hashes or rcustom.get("version") != version
                or rcustom.get("component") != comp.id):
            verdict.refused[comp.id] = (f"{comp.name} {version}: the director and the image repository disagree "
                                        "on the file (length, hashes or version); nothing is installed.")
            continue
        if mine not in rcustom.get("hardware_ids", []):
            verdict.refused[comp.id] = f"{comp.name} {version} is not built for this car's hardware ({mine})."
            continue
        if not newer(version, installed.get(comp.id)):
            if version != installed.get(comp.id):
                verdict.refused[comp.id] = (f"{comp.name} {version} is older than the installed "
                                            f"{installed.get(comp.id)}: a car never goes back (rollback refused).")
            continue
        target = {"path": release.path, "length": release.length, "hashes": dict(release.hashes),
                  "custom": dict(rcustom), "source": source}
        verdict.offers.append(Offer(comp.id, version, target))
    return verdict


__all__ = ["verify", "provision", "Offer", "Verdict", "trust_dir"]
