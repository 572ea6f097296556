"""What a driver agreed to let roam, per profile: sync on or off, and which groups. A profile's
settings fall in groups by the profiles' own rules (tui/controller/profiles/rules.py)."""

from __future__ import annotations

from tui.controller.profiles.rules import personal_rule

GROUPS = {
    "comfort": "Seats, mirrors, wheel, climate, lights, display and driving",
    "media": "Volume, radio presets and media favourites",
    "home": "Home favourites",
    "history": "History of changes",
}
DEFAULT_GROUPS = ("comfort", "media")
# the profiles' groups of settings -> the consent group that carries them
_OF_PROFILE_GROUP = {"Media": "media"}


def group_of(path: str) -> str | None:
    """The consent group of a profile setting (None: not a setting a profile carries)."""
    if path.startswith("@"):  # what a profile carries besides settings (extras.py)
        from tui.controller.sync.extras import EXTRAS

        return EXTRAS.get(path)
    rule = personal_rule(path)
    if rule is None:
        return None
    return _OF_PROFILE_GROUP.get(rule[0], "comfort")


def allowed(path: str, groups) -> bool:
    group = group_of(path)
    return group is not None and group in groups


def check_groups(groups) -> tuple[str, ...]:
    from tui.controller.errors import InvalidValue

    out = tuple(dict.fromkeys(g.strip() for g in groups if g.strip()))
    bad = [g for g in out if g not in GROUPS]
    if bad:
        raise InvalidValue(f"{bad[0]!r} is not a sync group: choose from {', '.join(GROUPS)}.")
    return out
