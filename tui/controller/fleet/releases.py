"""A release before it is stored: what the operator may choose for its rules (the catalog's brands,
models, platforms and electrical architectures; the components) and the checks that refuse it in a
sentence, run by the screen's form before anything is asked and by Fleet.add_release for every
entry point (the screen and `fleet release add` go through the same method).

Refused, each with its own sentence:
- a component that is not one of the five, a version that is not numbers with dots (5.2.1);
- a brand, model, platform or architecture the catalog does not have;
- models none of the chosen brands makes (no car would match), rules no over-the-air car matches;
- a release requiring its own component;
- the same version again, and a downgrade: an older version than a release of the component that
  is for the same cars already (every car, or at least these brands/models/platforms/architectures).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.errors import InvalidValue, NotAllowed
from tui.controller.fleet import compat, versions
from tui.controller.fleet.generate import REGIONS

REGION_NAMES = tuple(r for market in REGIONS.values() for r in market)

NOTES_MAX = 2000
IMAGE_MAX = 512 * 2**20


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    detail: str = ""


@dataclass(frozen=True)
class RuleChoices:
    """What a release's rules may name, from the catalog (the screen's pickers show these)."""

    components: tuple
    brands: tuple
    models: tuple  # Choice(id, "Peugeot 3008 2024", brand_id)
    platforms: tuple
    architectures: tuple
    regions: tuple = ()  # where the fleet's cars are sold (a rollout's groups may follow them)

    def of(self, key: str) -> tuple:
        return {"brands": self.brands, "models": self.models, "platforms": self.platforms,
                "architectures": self.architectures, "regions": self.regions, "min_installed": self.components,
                "requires": self.components}[key]


@dataclass(frozen=True)
class Draft:
    """A release that passed every check: ready to store (and to sign)."""

    component: str
    version: str
    notes: str
    rules: dict


def choices(catalog) -> RuleChoices:
    brands = catalog.brands()
    names = {b.id: b.name for b in brands}
    models = catalog.models()
    return RuleChoices(
        components=tuple(Choice(c, versions.label(c)) for c in versions.COMPONENTS),
        brands=tuple(Choice(b.id, b.name) for b in brands),
        models=tuple(Choice(m.id, f"{names.get(m.brand_id, m.brand_id)} {m.name} {m.model_year}", m.brand_id)
                     for m in models),
        platforms=tuple(Choice(p, p) for p in sorted({m.platform for m in models})),
        architectures=tuple(Choice(a, a) for a in sorted({m.architecture for m in models})),
        regions=tuple(Choice(r, r) for r in REGION_NAMES))


def _covers(existing: dict, new: dict) -> bool:
    """Is every car `new` is for also one `existing` is for (per list rule: none, or a superset)?"""
    for key in compat.LIST_RULES:
        theirs = set(existing.get(key, []))
        if theirs and not (new.get(key) and set(new[key]) <= theirs):
            return False
    return True


def check(catalog, released, component: str, version: str, notes: str = "", rules: dict | None = None) -> Draft:
    """Every check a release passes before it is stored; raises InvalidValue or NotAllowed."""
    comp = versions.component_of(component)
    text = str(version or "").strip()
    if not text:
        raise InvalidValue("A release needs a version (numbers with dots, as 6.0.0).")
    version = versions.check(text)
    rules = compat.normalize_rules(rules)
    models = catalog.models()
    known = {"brands": {b.id for b in catalog.brands()}, "models": {m.id for m in models},
             "platforms": {m.platform for m in models}, "architectures": {m.architecture for m in models}}
    for key, names in rules.items():
        if key in known:
            unknown = [n for n in names if n not in known[key]]
            if unknown:
                raise InvalidValue(f"Unknown {key[:-1]} {unknown[0]!r} in the release's rules.")
    by_id = {m.id: m for m in models}
    if rules.get("brands") and rules.get("models"):
        stray = [m for m in rules["models"] if by_id[m].brand_id not in rules["brands"]]
        if stray:
            raise InvalidValue(f"The model {stray[0]!r} is not made by the chosen brands: no car would match.")
    if comp in rules.get("requires", {}):
        raise InvalidValue(f"A {versions.label(comp)} release can't require its own component.")
    if not any(m.features.get("ota") and compat.model_matches(rules, m) for m in models):
        raise NotAllowed("No model of the catalog that updates over the air matches these rules.")
    mine = versions.parse(version)
    for r in released:
        if r.component != comp:
            continue
        theirs = versions.parse(r.version)
        if theirs == mine:
            raise NotAllowed(f"{versions.label(comp).capitalize()} {version} is released already.")
        if theirs > mine and _covers(r.rules, rules):
            raise NotAllowed(f"Downgrade refused: {versions.label(comp)} {r.version} (release {r.id}) is out for "
                             f"these cars already, and {version} is older.")
    return Draft(comp, version, str(notes or "").strip()[:NOTES_MAX], rules)


def read_image(path) -> bytes:
    """The release's file, from a path the operator named (~ allowed)."""
    from pathlib import Path

    text = str(path or "").strip()
    if not text:
        raise InvalidValue("Name the release's file (a path), or let the demo builder make it.")
    file = Path(text).expanduser()
    if file.is_dir():
        raise InvalidValue(f"{text} is a folder, not the release's file.")
    try:
        size = file.stat().st_size
        if size > IMAGE_MAX:
            raise InvalidValue(f"{text} is {size / 2**20:,.0f} MiB: at most {IMAGE_MAX // 2**20} MiB.")
        data = file.read_bytes()
    except FileNotFoundError:
        raise InvalidValue(f"There is no file {text}.") from None
    except OSError as exc:
        raise InvalidValue(f"{text} can't be read ({exc.strerror or type(exc).__name__}).") from None
    if not data:
        raise InvalidValue(f"{text} is empty: a release needs its file.")
    return data


__all__ = ["read_image", "Choice", "RuleChoices", "Draft", "choices", "check", "NOTES_MAX"]
