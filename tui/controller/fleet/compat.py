"""Which release a car may take, and the chain of releases it needs first.

A release's rules (all optional):
- brands, models, platforms, architectures: the car must be one of these;
- min_installed {component: version}: the car must already run at least this (a stepping stone:
  never satisfied by another release of the same rollout);
- requires {component: version}: after the install the car must run at least this; when it does
  not, the lowest release of that component that reaches it and that the car may take is put
  before it in the car's plan (and its own requirements before it, a chain);
- a model without over-the-air updates takes none; a release older than what the car runs is a
  downgrade and is refused; the same version is "up to date".
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.errors import InvalidValue
from tui.controller.fleet.versions import COMPONENTS, check, component_of, label, parse

LIST_RULES = ("brands", "models", "platforms", "architectures")
VERSION_RULES = ("min_installed", "requires")
MAX_CHAIN = 8


class Incompatible(Exception):
    """This car can't take this release: the reason, in words."""


@dataclass(frozen=True)
class CarFacts:
    """What the rules look at: the car's brand, model, platform, architecture, whether the model
    takes updates over the air, and its installed versions."""

    brand_id: str
    model_id: str
    platform: str
    architecture: str
    ota: bool
    versions: dict


def normalize_rules(rules: dict | None) -> dict:
    """Rules as stored: lists of names, and {component: version} maps checked and named by id."""
    out: dict = {}
    for key, value in (rules or {}).items():
        if key in LIST_RULES:
            names = [value] if isinstance(value, str) else list(value or [])
            names = [str(n).strip() for n in names if str(n).strip()]
            if names:
                out[key] = sorted(set(names))
        elif key in VERSION_RULES:
            pairs = {component_of(c): check(v) for c, v in dict(value or {}).items()}
            if pairs:
                out[key] = dict(sorted(pairs.items()))
        else:
            raise InvalidValue(f"{key!r} is not a release rule: one of {', '.join(LIST_RULES + VERSION_RULES)}.")
    return out


def not_matched(rules: dict, brand_id: str, model_id: str, platform: str, architecture: str) -> str | None:
    """The first of brand, model, platform, architecture the list rules leave out, or None."""
    for key, value, what in (("brands", brand_id, "brand"), ("models", model_id, "model"),
                             ("platforms", platform, "platform"), ("architectures", architecture, "architecture")):
        allowed = rules.get(key)
        if allowed and value not in allowed:
            return what
    return None


def model_matches(rules: dict, model) -> bool:
    """Is this catalog model (store.records.Model) one the list rules allow?"""
    return not_matched(rules, model.brand_id, model.id, model.platform, model.architecture) is None


def own_reason(release, car: CarFacts) -> str | None:
    """Why this car can't take this release by itself (its requirements aside), or None."""
    rules = release.rules
    if not car.ota:
        return "no over-the-air updates on this model"
    outside = not_matched(rules, car.brand_id, car.model_id, car.platform, car.architecture)
    if outside:
        return f"{outside} not in the release"
    for comp, minimum in rules.get("min_installed", {}).items():
        if parse(car.versions[comp]) < parse(minimum):
            return f"needs {label(comp)} {minimum} installed first"
    have = car.versions[release.component]
    if parse(release.version) < parse(have):
        return f"downgrade refused ({label(release.component)} {have} installed)"
    if parse(release.version) == parse(have):
        return "up to date"
    return None


class Resolver:
    """Plans for one release over many cars, remembering answers per (model, installed versions)."""

    def __init__(self, releases):
        self.by_component: dict[str, list] = {c: [] for c in COMPONENTS}
        for r in releases:
            self.by_component.setdefault(r.component, []).append(r)
        for rs in self.by_component.values():
            rs.sort(key=lambda r: parse(r.version))
        self._memo: dict = {}

    def plan(self, release, car: CarFacts) -> list:
        """The releases to install in order (the chain first, `release` last); raises Incompatible."""
        key = (release.id, car.model_id, car.brand_id, car.platform, car.architecture, car.ota,
               tuple(car.versions[c] for c in COMPONENTS))
        found = self._memo.get(key)
        if found is None:
            try:
                found = self._need(release, car, dict(car.versions), ())[0]
            except Incompatible as exc:
                found = exc
            self._memo[key] = found
        if isinstance(found, Incompatible):
            raise found
        return found

    def _need(self, release, car: CarFacts, planned: dict, chain: tuple) -> tuple[list, dict]:
        if release.component in chain or len(chain) > MAX_CHAIN:
            raise Incompatible(f"a dependency loop through {label(release.component)}")
        reason = own_reason(release, car)
        if reason:
            raise Incompatible(reason)
        steps: list = []
        planned = dict(planned)
        for comp, minimum in release.rules.get("requires", {}).items():
            if parse(planned[comp]) >= parse(minimum):
                continue
            last = None
            for candidate in self.by_component.get(comp, []):
                if parse(candidate.version) < parse(minimum):
                    continue
                try:
                    more, planned_after = self._need(candidate, car, planned, chain + (release.component,))
                except Incompatible as exc:
                    last = exc
                    continue
                steps += more
                planned = planned_after
                break
            else:
                why = f": {last}" if last else ": no such release"
                raise Incompatible(f"needs {label(comp)} {minimum} or later{why}")
        planned[release.component] = release.version
        return steps + [release], planned


__all__ = ["CarFacts", "Incompatible", "Resolver", "normalize_rules", "own_reason", "not_matched", "model_matches", "LIST_RULES", "VERSION_RULES"]
