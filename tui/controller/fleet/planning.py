"""Planning a rollout: which cars it reaches (its filter and the release's rules), the chain each
car installs, and which group each car joins.

Groups, as hawkBit's: by percentage (cumulative: the default 1 %, 10 %, 50 %, 100 % is a first group
of 1 % of the cars, a second up to 10 %, ...) or by filter (brand, model, region), or both. A car's
place is a hash of its id and the rollout's id, a number in [0, 1): stable (the same car lands in
the same group every time the rollout is planned) and independent of brand and model, so every
group holds the same mix of brands and models as the whole fleet. A car joins the first group
whose filter it matches and whose percentage its place is under.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.controller.errors import InvalidValue
from tui.controller.fleet.compat import CarFacts, Incompatible, Resolver
from tui.controller.fleet.versions import COMPONENTS

DEFAULT_PERCENTAGES = (1, 10, 50, 100)
FILTER_KEYS = {"brand": "brands", "brands": "brands", "model": "models", "models": "models",
               "region": "regions", "regions": "regions"}
SCALE = float(2 ** 64)
MASK = 2 ** 64 - 1


def place(rollout_id: int, car_id: int) -> float:
    """The car's stable place in [0, 1) for this rollout: SplitMix64's finalizer over the pair (a
    bijective mix whose output bits each depend on every input bit), as a fraction."""
    z = ((rollout_id << 32) ^ car_id) * 0x9E3779B97F4A7C15 & MASK
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & MASK
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & MASK
    return (z ^ (z >> 31)) / SCALE


def touched(release, releases) -> tuple[str, ...]:
    """The components whose installed version can change this release's plan for a car: its own,
    and those any release's rules name (a superset of the chain's, cheap to know)."""
    names = {release.component}
    for r in (release, *releases):
        names.add(r.component)
        for key in ("min_installed", "requires"):
            names.update(r.rules.get(key, {}))
    return tuple(c for c in COMPONENTS if c in names)


def normalize_filter(spec: dict | None) -> dict:
    """{"brand": "fiat"} or {"brands": ["fiat", "jeep"]} -> {"brands": ["fiat", "jeep"]}."""
    found: dict = {}
    for key, value in (spec or {}).items():
        if key not in FILTER_KEYS:
            raise InvalidValue(f"{key!r} is not a filter: brand, model or region.")
        names = [value] if isinstance(value, str) else list(value or [])
        names = [str(n).strip() for n in names if str(n).strip()]
        if names:
            found[FILTER_KEYS[key]] = sorted(set(found.get(FILTER_KEYS[key], [])) | set(names))
    return found


def matches(flt: dict, brand_id: str, model_id: str, region: str) -> bool:
    return ((not flt.get("brands") or brand_id in flt["brands"])
            and (not flt.get("models") or model_id in flt["models"])
            and (not flt.get("regions") or region in flt["regions"]))


def group_specs(percentages=None, filters=None) -> list[dict]:
    """Groups from filters ({"name":..., "filter":{...}, "percent":...}) and/or percentages
    (cumulative, rising, the last at most 100). No groups: the default percentages."""
    groups: list[dict] = []
    for f in filters or []:
        flt = normalize_filter(f.get("filter"))
        percent = float(f.get("percent", 100))
        name = f.get("name") or " ".join(v for vs in flt.values() for v in vs) or "all"
        groups.append({"name": name, "filter": flt, "percent": percent})
    if percentages or not groups:
        previous = 0.0
        for p in percentages or DEFAULT_PERCENTAGES:
            p = float(p)
            if not previous < p <= 100:
                raise InvalidValue("Group percentages rise from above 0 to at most 100 (as 1,10,50,100).")
            groups.append({"name": f"{p:g} %", "filter": {}, "percent": p})
            previous = p
    for g in groups:
        if not 0 < g["percent"] <= 100:
            raise InvalidValue("A group's percentage is above 0 and at most 100.")
    return groups


@dataclass
class Plan:
    targets: list = field(default_factory=list)  # (car_id, group_no, plan text: release ids)
    totals: list = field(default_factory=list)  # cars per group, by group number - 1
    skipped: dict = field(default_factory=dict)  # reason -> cars


def plan_rollout(rollout_id: int, release, releases, car_rows, ota_models: set, flt: dict,
                 groups: list[dict]) -> Plan:
    """car_rows: (id, brand_id, model_id, platform, architecture, region, *versions of
    touched(release, releases) in that order)."""
    resolver = Resolver(releases)
    out = Plan(totals=[0] * len(groups))
    skipped, targets, totals = out.skipped, out.targets, out.totals
    components = touched(release, releases)
    memo: dict = {}  # (model, platform, architecture, versions) -> (ok, plan text or reason)
    bounds = [(no, g["percent"] / 100, g["filter"]) for no, g in enumerate(groups, 1)]
    base = dict.fromkeys(COMPONENTS, "0")  # components no rule looks at
    for row in car_rows:
        car_id, brand, model, platform, architecture, region = row[:6]
        if flt and not matches(flt, brand, model, region):
            continue
        key = row[1:5] + row[6:]
        answer = memo.get(key)
        if answer is None:
            facts = CarFacts(brand, model, platform, architecture, model in ota_models,
                             {**base, **dict(zip(components, row[6:]))})
            try:
                answer = (True, ",".join(str(r.id) for r in resolver.plan(release, facts)))
            except Incompatible as exc:
                answer = (False, str(exc))
            memo[key] = answer
        if not answer[0]:
            skipped[answer[1]] = skipped.get(answer[1], 0) + 1
            continue
        where = place(rollout_id, car_id)
        for no, bound, gflt in bounds:
            if where < bound and (not gflt or matches(gflt, brand, model, region)):
                targets.append((car_id, no, answer[1]))
                totals[no - 1] += 1
                break
        else:
            skipped["in no group"] = skipped.get("in no group", 0) + 1
    return out


__all__ = ["place", "touched", "plan_rollout", "group_specs", "normalize_filter", "matches", "Plan",
           "DEFAULT_PERCENTAGES"]
