"""One way to find a profile by the name a person types or says, for the command line, the
assistant and the screens alike: case and accents do not matter ("ana muller" is Ana Müller), and
the start of a name, or of one of its words, is enough when only one profile has it ("ana",
"mull"). Several that fit are named back; none is said plainly."""

from __future__ import annotations

import unicodedata
from typing import Iterable, TypeVar

from tui.controller.errors import UnknownName

T = TypeVar("T")


class AmbiguousName(UnknownName):
    """Several profiles fit the name; `options` are their names, to choose from."""

    def __init__(self, message: str, options: list[str]):
        super().__init__(message)
        self.options = options


def fold(text: str) -> str:
    """A name as compared: accents off, case folded, spaces collapsed ("  Ana  MÜLLER" -> "ana muller")."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def resolve(name: str, profiles: Iterable[T]) -> T:
    """The one profile (anything with `.name`) that `name` stands for; UnknownName when none does,
    AmbiguousName when several start with it."""
    wanted = fold(name)
    items = list(profiles)
    if not wanted:
        raise UnknownName("Which profile? Say or type its name.")
    exact = [p for p in items if fold(p.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    starts = [p for p in items if fold(p.name).startswith(wanted)]
    if not starts:  # the start of a later word: "muller" for Ana Müller
        starts = [p for p in items if any(w.startswith(wanted) for w in fold(p.name).split()[1:])]
    if len(starts) == 1:
        return starts[0]
    if starts:
        names = [p.name for p in starts]
        raise AmbiguousName(f"'{name}' could be {', '.join(names[:-1])} or {names[-1]}: say more of the name.",
                            names)
    raise UnknownName(f"There is no profile called {name!r}.")
