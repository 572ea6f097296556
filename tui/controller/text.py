"""Free text a person types for a name (a car's nickname, a profile, a routine, a device):
one clear refusal for what cannot be a name, the same rule for every domain.

    clean_name(text, "nickname") -> "Dad's car"   (or raises InvalidValue)
"""

from __future__ import annotations

import unicodedata

from tui.controller.errors import InvalidValue

NAME_LIMIT = 40
# explicit direction marks and overrides: they reorder what is shown around them (spoofing)
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def clean_name(text: str | None, what: str = "name", limit: int = NAME_LIMIT, required: bool = True) -> str | None:
    """The name without surrounding spaces; refused when empty (if required), longer than `limit`,
    or holding control, line-break or direction-override characters. Letters of any script,
    emoji and combining accents are welcome."""
    if text is None:
        if required:
            raise InvalidValue(f"Please enter a {what}.")
        return None
    name = unicodedata.normalize("NFC", str(text)).strip()
    if not name:
        if required:
            raise InvalidValue(f"Please enter a {what}.")
        return None
    if len(name) > limit:
        raise InvalidValue(f"A {what} can be at most {limit} characters long.")
    for ch in name:
        if ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            raise InvalidValue(f"A {what} can only hold letters, digits, spaces and punctuation.")
    return name


def home_relative(path) -> str:
    """A path in the home folder as ~/..., shorter to read on a small screen."""
    from pathlib import Path

    home, full = Path.home(), Path(str(path))
    try:
        return "~/" + str(full.relative_to(home))
    except ValueError:
        return str(full)
