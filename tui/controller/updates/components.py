"""What can be updated on a car: its components, their hardware ids and how versions compare.

A component is one ECU's software (Uptane's "ECU"): the head unit, driver assistance, battery
management, connectivity and the assistant's language pack. Its hardware id names the hardware it
runs on, from the car's electrical architecture (the catalog's `architecture`), so an image built
for another architecture is never offered to this car.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.controller.errors import InvalidValue, UnknownName


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    install_minutes: int  # how long an install takes the car, the download not counted
    factory_version: str  # what a car of the catalog left the factory with


COMPONENTS: tuple[Component, ...] = (
    Component("head-unit", "Head unit", 20, "5.2.0"),
    Component("driver-assistance", "Driver assistance", 15, "3.1.4"),
    Component("battery-management", "Battery management", 10, "2.0.7"),
    Component("connectivity", "Connectivity", 8, "1.9.2"),
    Component("language-pack", "Language pack", 3, "2026.10.0"),
)
BY_ID = {c.id: c for c in COMPONENTS}
_VERSION = re.compile(r"^\d{1,6}(\.\d{1,6}){0,3}$")


def component(name: str) -> Component:
    """A component by id or by its name ("head-unit", "Head unit", "head unit")."""
    key = str(name).strip().lower().replace(" ", "-").replace("_", "-")
    if key in BY_ID:
        return BY_ID[key]
    for c in COMPONENTS:
        if c.name.lower().replace(" ", "-") == key or c.name.lower().split()[-1] == key:
            return c
    raise UnknownName(f"There is no component {name!r}: " + ", ".join(c.id for c in COMPONENTS) + ".")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def hardware_id(architecture: str, component_id: str) -> str:
    """The hardware id of a component on an electrical architecture: "stla-brain/head-unit"."""
    return f"{slug(architecture)}/{component_id}"


def check_version(text: str) -> str:
    text = str(text).strip()
    if not _VERSION.match(text):
        raise InvalidValue(f"{text!r} is not a version (numbers and dots, such as 5.3.0).")
    return text


def version_key(text: str) -> tuple[int, ...]:
    """For comparing versions: "5.10.0" is after "5.9.3"."""
    return tuple(int(part) for part in check_version(text).split("."))


def newer(candidate: str, installed: str | None) -> bool:
    return installed is None or version_key(candidate) > version_key(installed)


__all__ = ["Component", "COMPONENTS", "BY_ID", "component", "hardware_id", "check_version", "version_key", "newer", "slug"]
