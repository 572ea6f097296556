"""The components a car updates and their version numbers ("major.minor.patch", compared as numbers)."""

from __future__ import annotations

import re
from functools import lru_cache

from store.fleet import COMPONENT_COLUMNS
from tui.controller.errors import InvalidValue

COMPONENTS = COMPONENT_COLUMNS
LABELS = {
    "head_unit": "head unit",
    "driver_assistance": "driver assistance",
    "battery_management": "battery management",
    "connectivity": "connectivity",
    "language_pack": "assistant language pack",
}
ALIASES = {"hu": "head_unit", "adas": "driver_assistance", "bms": "battery_management", "tcu": "connectivity",
           "lang": "language_pack", "language": "language_pack"}
VERSION = re.compile(r"^\d{1,4}(\.\d{1,4}){0,3}$")


def component_of(name: str) -> str:
    """A component by its id, label or short name ("hu", "head unit", "head-unit")."""
    key = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    key = ALIASES.get(key, key)
    for comp, label in LABELS.items():
        if key in (comp, label.replace(" ", "_")):
            return comp
    raise InvalidValue(f"{name!r} is not a component: one of {', '.join(COMPONENTS)}.")


@lru_cache(maxsize=4096)
def parse(version: str) -> tuple[int, ...]:
    """'5.10.2' -> (5, 10, 2, 0): numbers, padded so that '5.1' equals '5.1.0'."""
    text = str(version).strip()
    if not VERSION.match(text):
        raise InvalidValue(f"{version!r} is not a version (numbers with dots, as 5.2.1).")
    parts = tuple(int(p) for p in text.split("."))
    return parts + (0,) * (4 - len(parts))


def check(version: str) -> str:
    parse(version)
    return str(version).strip()


def label(component: str) -> str:
    return LABELS.get(component, component)


__all__ = ["COMPONENTS", "LABELS", "component_of", "parse", "check", "label"]
