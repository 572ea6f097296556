"""The demo: an image repository and a director beside the database, made the first time the
Software Update tile is opened, with every component's installed version published and one
update waiting for the demo car (a head unit release with its notes), so a person can try it."""

from __future__ import annotations

import hashlib

from tui.controller.updates import repository
from tui.controller.updates.components import COMPONENTS

DEMO_RELEASE = ("head-unit", "5.3.0",
                "Maps start twice as fast; the assistant answers on every seat; fixes Bluetooth audio dropping "
                "out after a call.")
MARKER = "DEMO"
DEMO_SIZE = 1536 * 1024  # big enough to watch the progress bar for a few seconds


def payload(component_id: str, version: str, size: int) -> bytes:
    """Deterministic stand-in bytes for an image (a real image would come from the build)."""
    seed = hashlib.sha256(f"{component_id} {version}".encode()).digest()
    block = hashlib.sha256(seed).digest() * 2048  # 64 KiB
    return (block * (size // len(block) + 1))[:size]


def ensure_demo(updates) -> bool:
    """Make the demo repository when this car has none (True if it did). A repository chosen with
    `update keys init --folder` or one that exists already is left alone; the demo's own is kept
    signed (its timestamp lasts a day: the demo plays the repository's daily renewal)."""
    if updates.store.settings.get("updates.repository"):
        return False
    return build(updates.repository(), updates.hardware(), updates.vin)


def build(folder, hardware: dict, vin: str) -> bool:
    """The demo repository in `folder` (files only, no database: any thread may run it)."""
    if (folder / "keys").exists():
        if (folder / MARKER).exists():
            repository.renew(folder)
        return False
    repository.init_keys(folder)
    (folder / MARKER).write_text("Made by SmartCockpit for the demo car; `update keys init` makes a real one.\n")
    for comp in COMPONENTS:
        repository.publish_release(folder, comp.id, comp.factory_version, payload(comp.id, comp.factory_version, 4096),
                                   [hardware[comp.id]], notes="The version the car left the factory with.")
    component_id, version, notes = DEMO_RELEASE
    repository.publish_release(folder, component_id, version, payload(component_id, version, DEMO_SIZE),
                               [hardware[component_id]], notes=notes)
    repository.assign(folder, vin, component_id, version)
    return True


__all__ = ["ensure_demo", "build", "DEMO_RELEASE", "payload"]
