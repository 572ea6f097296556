"""Driver profiles: a person's settings, carried from car to car (``controller.profiles``).

`service`: the whole domain, as it was in tui/controller/profiles.py (its split into modules follows).
Everything is importable from here, as it was when the profiles were one module.
"""

from __future__ import annotations

from tui.controller.profiles.service import (ADAPTED, APPLIED, BIDI_MARKS, CATEGORY_TITLES, COLOURS, DEFAULT_VALET_CAP,
                                             EXPORT_FORMAT, EXPORT_VERSION, GUEST, HELD, LABELS, MAX_IMPORT_BYTES,
                                             MAX_NAME, MAX_PROFILES, MISSING, NOT_IN_NAMES, PAGE, PEOPLE_SOURCES,
                                             PERSONAL_RULES, REMEMBER, SEAT_PREFIX, VALET, VALET_CAP, ZONE_FALLBACK,
                                             ZONE_NAMES, ZONE_RE, ApplyItem, ApplyReport, DecisionNeeded, FileExists,
                                             HistoryEntry, HistoryPage, ImportProblems, PinRequired, ProfileInfo,
                                             Profiles, personal_rule)

__all__ = ["FileExists", "Profiles", "ApplyReport", "ApplyItem", "ProfileInfo", "HistoryEntry", "HistoryPage", "PinRequired",
           "DecisionNeeded", "ImportProblems", "personal_rule", "VALET", "APPLIED", "ADAPTED", "MISSING", "HELD",
           "CATEGORY_TITLES", "REMEMBER"]
