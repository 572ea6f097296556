"""What is allowed while the car moves (UX.md, after NHTSA's visual-manual guidelines and
Android Automotive's UX restrictions). Decided here; every screen obeys."""

from __future__ import annotations

from dataclasses import dataclass

MAX_TEXT_MOVING = 80
MAX_ROWS_MOVING = 6
MAX_ITEMS_MOVING = 50
MAX_DEPTH = 3


@dataclass(frozen=True)
class Restrictions:
    """What the car's motion allows on screen now."""

    moving: bool
    text_entry: bool  # free text: names, search boxes, PIN set-up, pairing
    setup: bool  # set-up flows (pairing, profile creation, routines editor)
    max_visible_rows: int | None
    max_items: int | None
    max_depth: int
    max_text: int | None
    animation: bool
    in_gear: bool = False  # standing still out of Park (in D at a junction): stopped, not parked

    @property
    def state(self) -> str:
        """The word for the driver, agreeing with the gear shown beside it: "Moving", "Stopped" (in
        a gear at 0) or "Parked" (in P)."""
        if self.moving:
            return "Moving"
        return "Stopped" if self.in_gear else "Parked"


PARKED = Restrictions(False, True, True, None, None, MAX_DEPTH, None, True)
MOVING = Restrictions(True, False, False, MAX_ROWS_MOVING, MAX_ITEMS_MOVING, MAX_DEPTH, MAX_TEXT_MOVING, False)
STOPPED = Restrictions(False, True, True, None, None, MAX_DEPTH, None, True, in_gear=True)
PARK_GEAR = 126


def restrictions_for(speed_kmh: float | None, gear) -> Restrictions:
    """Moving means a speed above 0. At 0 km/h the screens allow what they allow parked, but a car
    in a gear other than P reads "Stopped" (never "D 0 mph · Parked")."""
    if speed_kmh and speed_kmh > 0:
        return MOVING
    if gear is not None and gear != PARK_GEAR:
        return STOPPED
    return PARKED


def cells(text: str) -> int:
    """How many terminal cells `text` takes (UX.md: an emoji or a CJK character two, a combining
    accent none). Plain Python, as the controller is: the widgets measure with Rich's cell widths."""
    import unicodedata

    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def short(text: str, limit: int | None) -> str:
    """Cut text to the limit, in terminal cells, with an ellipsis (answers while moving: at most 80)."""
    if limit is None or cells(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = cells(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


PARKED_ONLY = "Available when parked"


def screen_block(r: Restrictions, *, text_entry: bool = False, setup: bool = False, depth: int = 0) -> str | None:
    """Why a screen cannot be shown now (None: it can). Decided here, obeyed by every screen:
    while moving, no free text entry, no set-up flows, and nothing deeper than MAX_DEPTH."""
    if not r.moving:
        return None
    if text_entry and not r.text_entry:
        return PARKED_ONLY
    if setup and not r.setup:
        return PARKED_ONLY
    if depth > r.max_depth:
        return PARKED_ONLY
    return None


def cap_items(count: int, r: Restrictions) -> int | None:
    """How many items a list may show in total now (None: all of them)."""
    if r.max_items is None or count <= r.max_items:
        return None
    return r.max_items


def fit_text(text: str, r: Restrictions) -> str:
    """Text as it may be shown now: at most 80 characters while moving."""
    return short(text, r.max_text)


def animation_level(r: Restrictions) -> str:
    """Textual's App.animation_level: no animation while moving."""
    return "full" if r.animation else "none"
