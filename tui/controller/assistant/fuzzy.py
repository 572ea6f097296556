"""Names by fuzzy matching (rapidfuzz): rooms, devices, profiles, stations, modes, menus.

`pick` answers one of three things: the one name meant, several names that fit equally well (the
assistant then asks which, with numbered choices), or nothing.

rapidfuzz (its compiled matchers take 3.5 MB of memory) is loaded the first time a name is not
matched exactly, not with the assistant: a session that never needs it does not carry it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

CUTOFF = 72  # below this a name is not considered at all
CLOSE = 6  # names within this many points of the best are "equally good"


@dataclass
class Pick:
    best: Any = None  # the item meant, when there is exactly one
    label: str = ""
    score: float = 0.0
    ambiguous: list[tuple[str, Any]] = field(default_factory=list)  # (label, item) when several fit

    @property
    def found(self) -> bool:
        return self.best is not None

    @property
    def unsure(self) -> bool:
        return bool(self.ambiguous)


def pick(phrase: str, candidates: Iterable[tuple[str, Any]], cutoff: float = CUTOFF) -> Pick:
    """The item whose label best fits the phrase.

    An exact label (ignoring case) wins outright; otherwise the best weighted ratio above the cutoff,
    unless others come within CLOSE points (then all of them are returned as ambiguous, best first).
    """
    phrase = phrase.strip()
    items = [(str(label), item) for label, item in candidates if label]
    if not phrase or not items:
        return Pick()
    low = phrase.lower()
    exact = [(label, item) for label, item in items if label.lower() == low]
    if len(exact) == 1:
        return Pick(exact[0][1], exact[0][0], 100.0)
    from rapidfuzz import fuzz, process, utils

    labels = [label for label, _ in items]
    found = process.extract(phrase, labels, scorer=fuzz.WRatio, processor=utils.default_process,
                            score_cutoff=cutoff, limit=12)
    if not found:
        return Pick()
    top = found[0][1]
    close = [f for f in found if f[1] >= top - CLOSE]
    if len(close) == 1:
        label, score, index = found[0]
        return Pick(items[index][1], label, score)
    # several fit: a label that contains every word of the phrase beats those that do not
    words = set(low.split())
    containing = [f for f in close if words <= set(f[0].lower().split())]
    if len(containing) == 1:
        label, score, index = containing[0]
        return Pick(items[index][1], label, score)
    seen, ambiguous = set(), []
    for label, score, index in close:
        if label not in seen:
            seen.add(label)
            ambiguous.append((label, items[index][1]))
    if len(ambiguous) == 1:
        return Pick(ambiguous[0][1], ambiguous[0][0], top)
    return Pick(score=top, ambiguous=ambiguous)


def score(phrase: str, label: str) -> float:
    from rapidfuzz import fuzz, utils

    return fuzz.WRatio(phrase, label, processor=utils.default_process)
