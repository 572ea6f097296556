"""The keys that work on a screen, read from its active bindings (the focused widget's, its
containers', the screen's and, outside a dialog, the app's), as the footer reads them (those marked
show): help lists them all, so it names no key that does nothing here and misses none that does (a
key whose check_action says False is not active, and neither listed nor shown).

key_lines(screen): one line per action (Left/Right of change(-1)/change(1) on one line, the moves
of a list or grid on one, 1 to 9 on one), the screen's own keys first, then those that work on every
screen (the app's, Back, Home, Help, moving in a list). A dialog's lines are its own only: Textual
stops the binding chain at a modal screen, and a dialog has its own footer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.binding import Binding

# actions that move the highlight or the view: two lines in help, with every screen's keys
MOVES = {"cursor_up": "move", "cursor_down": "move", "cursor_left": "move", "cursor_right": "move",
         "move": "move", "scroll_up": "move", "scroll_down": "move", "scroll_left": "move",
         "scroll_right": "move", "first": "page, last", "last": "page, last",
         "scroll_home": "page, last", "scroll_end": "page, last",
         "page_up": "page, last", "page_down": "page, last"}
# The keys every screen has (tui/screens/base.py) and the app's: listed under "On every screen",
# in the few words the help's short columns have room for
EVERYWHERE = {"back": "back", "app.go_home": "home screen", "app.help": "this help", "jump": "n-th item",
              "quit": "quit", "undo": "undo", "assistant": "ask", "command_palette": "palette",
              "alerts": "alerts, messages"}
# Key names as help writes them (the footer keeps Textual's short forms)
NAMES = {"backspace": "Backspace", "escape": "Escape", "enter": "Enter", "space": "Space", "tab": "Tab",
         "shift+tab": "Shift+Tab", "home": "Home", "end": "End", "pageup": "PgUp", "pagedown": "PgDn",
         "up": "↑", "down": "↓", "left": "←", "right": "→", "question_mark": "?", "exclamation_mark": "!",
         "slash": "/", "colon": ":", "delete": "Delete", "insert": "Insert", "plus": "+", "minus": "-",
         "full_stop": ".", "comma": ",", "ctrl+pageup": "Ctrl+PgUp", "ctrl+pagedown": "Ctrl+PgDn"}
# Textual's own keys on every screen that a driver has no use for here (focus cycling, copying a
# selection): they work, but are not ours to explain
UNLISTED = {"app.focus_next", "app.focus_previous", "screen.copy_text", "copy_text", "page_left", "page_right"}


@dataclass
class KeyLine:
    keys: list[str]  # as shown: "←→", "⏎", "1-9"
    description: str
    actions: list[str] = field(default_factory=list)  # the bindings' actions, as written
    everywhere: bool = False  # works on every screen (the app's keys, Back, Home, Help, moves)
    shown: bool = False  # the footer shows it

    @property
    def text(self) -> str:
        return ", ".join(self.keys)


def _declared_in(node, binding) -> type | None:
    """The class of `node` whose BINDINGS declare this binding (the first in the MRO)."""
    for cls in type(node).__mro__:
        for item in cls.__dict__.get("BINDINGS", ()):
            action = item.action if isinstance(item, Binding) else item[1]
            keys = item.key if isinstance(item, Binding) else item[0]
            if action == binding.action and binding.key in [k.strip() for k in keys.split(",")]:
                return cls
    return None


def declared_by_textual(node, binding) -> bool:
    """Whether a binding comes from a Textual class (a list's cursor keys, a scroll view's)."""
    cls = _declared_in(node, binding)
    return cls is not None and cls.__module__.startswith("textual.")


def _everywhere(app, screen, node, binding, base: str) -> bool:
    if screen.is_modal:  # a dialog's keys are its own
        return False
    if node is app or base in EVERYWHERE or base in MOVES:
        return True
    return declared_by_textual(node, binding)


def key_name(key: str) -> str:
    """A key as help writes it: "Backspace", "Ctrl+Z", "?", "F1", "h"."""
    if key in NAMES:
        return NAMES[key]
    if "+" in key:
        *mods, last = key.split("+")
        return "+".join([*(m.capitalize() for m in mods), key_name(last) if len(last) > 1 else last.upper()])
    if len(key) > 1 and key[0] == "f" and key[1:].isdigit():
        return key.upper()
    return key


def _join(names: list[str]) -> list[str]:
    """Key names once each, digits "1".."9" as "1-9"."""
    unique = sorted(dict.fromkeys(names), key=lambda name: len(name) > 1)  # g before Home
    digits = [d for d in unique if d.isdigit() and len(d) == 1]
    if len(digits) > 2:
        rest = [d for d in unique if d not in digits]
        return [f"{min(digits)}-{max(digits)}", *rest]
    return unique


def key_lines(screen) -> list[KeyLine]:
    """Every key that works on `screen` now, one line per action, its own first (see the module)."""
    app = screen.app
    groups: dict[tuple[bool, str], KeyLine] = {}
    descriptions: dict[tuple[bool, str], list[tuple[bool, str]]] = {}
    for key, active in screen.active_bindings.items():
        b, node = active.binding, active.node
        if b.action in UNLISTED:
            continue
        base = b.action.split("(")[0]
        everywhere = _everywhere(app, screen, node, b, base)
        # one line per action and meaning: change(-1)/change(1) "Change" share one, "Less" and
        # "More" have one each; every move of the highlight shares one
        name = MOVES.get(base) or (base if base in EVERYWHERE else f"{base}|{b.description}")
        group = (everywhere, name)
        line = groups.get(group)
        if line is None:
            line = groups[group] = KeyLine([], "", everywhere=everywhere)
            descriptions[group] = []
        line.keys.append(key_name(key))
        if b.action not in line.actions:
            line.actions.append(b.action)
        line.shown = line.shown or b.show
        descriptions[group].append((b.show, MOVES.get(base) or b.description or ""))
    out = []
    for group, line in groups.items():
        line.keys = _join(line.keys)
        words = descriptions[group]
        shown = [d for s, d in words if s and d]
        chosen = list(dict.fromkeys(shown or [d for _, d in words if d]))
        base = line.actions[0].split("(")[0]
        if base in EVERYWHERE:
            chosen = [EVERYWHERE[base]]
        line.description = " / ".join(chosen) or group[1].replace("_", " ")
        out.append(line)
    return [line for line in out if not line.everywhere] + [line for line in out if line.everywhere]


__all__ = ["KeyLine", "declared_by_textual", "key_lines", "key_name"]
