"""The dataclasses the store hands out: plain rows, no rules, no widgets."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Signal:
    """A VSS signal of the catalog: its path, datatype, unit, range and allowed values."""

    path: str
    datatype: str
    type: str
    unit: str | None
    min: float | None
    max: float | None
    allowed: tuple | None
    description: str
    origin: str

    @classmethod
    def from_row(cls, row: dict) -> "Signal":
        allowed = json.loads(row["allowed"]) if row["allowed"] else None
        return cls(row["path"], row["datatype"], row["type"], row["unit"], row["min"], row["max"],
                   tuple(allowed) if allowed else None, row["description"] or "", row["origin"])


@dataclass(frozen=True)
class Capability:
    """What one model has of one signal: its own range, step and allowed values, and a factory value."""

    path: str
    min: float | None
    max: float | None
    step: float | None
    allowed: tuple | None
    default: Any

    @classmethod
    def from_row(cls, row: dict) -> "Capability":
        allowed = json.loads(row["allowed"]) if row["allowed"] else None
        default = json.loads(row["default_value"]) if row["default_value"] is not None else None
        return cls(row["path"], row["min"], row["max"], row["step"], tuple(allowed) if allowed else None, default)


@dataclass(frozen=True)
class Brand:
    """One of the 14 brands: names, market, currency, theme colours and partner rates."""

    id: str
    name: str
    title: str
    logo: str
    market: str
    currency: str
    theme: dict
    rates: dict

    @classmethod
    def from_row(cls, row: dict) -> "Brand":
        return cls(row["id"], row["name"], row["title"], row["logo"], row["market"], row["currency"],
                   json.loads(row["theme"]), json.loads(row["rates"]))


@dataclass(frozen=True)
class Model:
    """A model of the catalog: brand, year, platform, architecture, powertrain, head unit."""

    id: str
    brand_id: str
    name: str
    model_year: int
    platform: str
    architecture: str
    powertrain: str
    head_unit: str
    features: dict = field(hash=False, compare=False)

    @classmethod
    def from_row(cls, row: dict) -> "Model":
        return cls(row["id"], row["brand_id"], row["name"], row["model_year"], row["platform"],
                   row["architecture"], row["powertrain"], row["head_unit"], json.loads(row["features"]))


@dataclass(frozen=True)
class Vehicle:
    """A car known to this cockpit, by VIN."""

    vin: str
    model_id: str
    nickname: str | None
    created_at: str


@dataclass(frozen=True)
class AuditEntry:
    """One change of one signal: who, from where, old and new value, and whether undone."""

    id: int
    vin: str
    profile_id: int | None
    path: str
    old: Any
    new: Any
    source: str
    at: str
    undone: bool

    @classmethod
    def from_row(cls, row) -> "AuditEntry":
        id_, vin, profile_id, path, old, new, source, at, undone = row
        return cls(id_, vin, profile_id, path, _load(old), _load(new), source, at, bool(undone))


@dataclass(frozen=True)
class Profile:
    """A driver profile as stored: name, initials, colour, PIN hash, permissions."""

    id: int
    name: str
    initials: str
    colour: str
    is_guest: bool
    permissions: dict = field(hash=False, compare=False)
    has_pin: bool = False
    created_at: str = ""
    is_owner: bool = False  # the car's owner: grants rights, sets the home's place and the operator PIN


def _load(text):
    return None if text is None else json.loads(text)
