"""Driver profiles: a person's settings, carried from car to car (``controller.profiles``).

- `rules`: which car settings belong to a person (PERSONAL_RULES, `personal_rule`) and the limits
  the domain shares (the Guest, how many profiles, names, remembering, the valet signals).
- `report`: `ApplyReport` / `ApplyItem`, what a switch did, in categories (applied, adapted...).
- `adapt`: cross-car adaptation: preferences recorded and fitted to this car, climate zones
  mapped, and the plan of a switch.
- `switching`: switching the profile at the wheel, and remembering changes made while driving.
- `people`: finding and listing profiles (`ProfileInfo`); create, rename, update, delete, PINs.
- `valet`: valet mode, its locked settings, speed cap and hidden home.
- `history`: a profile's changes a page at a time (`HistoryPage`), and undo of any one.
- `transfer`: export to and import from a JSON file (`FileExists`, `ImportProblems`).
- `service`: `Profiles`, the one object made of the mixins above, hung off the Controller.

Everything is importable from here, as it was when the profiles were one module.
"""

from __future__ import annotations

from tui.controller.profiles.adapt import LABELS, SEAT_PREFIX, ZONE_FALLBACK, ZONE_NAMES, ZONE_RE
from tui.controller.profiles.history import PAGE, HistoryEntry, HistoryPage
from tui.controller.profiles.people import PinRequired, ProfileInfo
from tui.controller.profiles.report import ADAPTED, APPLIED, CATEGORY_TITLES, HELD, MISSING, ApplyItem, ApplyReport
from tui.controller.profiles.rules import (BIDI_MARKS, COLOURS, DEFAULT_VALET_CAP, GUEST, MAX_NAME, MAX_PROFILES,
                                           NOT_IN_NAMES, PEOPLE_SOURCES, PERSONAL_RULES, REMEMBER, VALET, VALET_CAP,
                                           personal_rule)
from tui.controller.profiles.service import Profiles
from tui.controller.profiles.switching import DecisionNeeded
from tui.controller.profiles.transfer import (EXPORT_FORMAT, EXPORT_VERSION, MAX_IMPORT_BYTES, FileExists,
                                              ImportProblems)

__all__ = ["FileExists", "Profiles", "ApplyReport", "ApplyItem", "ProfileInfo", "HistoryEntry", "HistoryPage", "PinRequired",
           "DecisionNeeded", "ImportProblems", "personal_rule", "VALET", "APPLIED", "ADAPTED", "MISSING", "HELD",
           "CATEGORY_TITLES", "REMEMBER"]
