"""The assistant's engine: the intent registry, a turn (one request being carried out), replies,
questions back to the driver (numbered choices, yes/no, PIN) and the request history.

An intent is a pair of plain functions: `match(request, assistant) -> slots or None` (reads only)
and `act(turn) -> reply text` (changes things only through the controller and its typed domains,
`turn.c.media`, `turn.c.services`, ..., calling their methods with source "assistant"). The domain
an intent names is one of the Controller's (composition.py); every Controller has them all, built
at start or on first use, so every intent is available.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from tui.controller.assistant.words import learn, tidy, tokens_of
from tui.controller.composition import DOMAIN_ORDER, ON_FIRST_USE

SOURCE = "assistant"
# help groups some areas together: "help with seats" covers the mirrors too
TOPIC_OF = {"mirrors": "seats", "assist": "drive", "display": "lights", "settings": "car", "updates": "car"}
TOPIC_ORDER = ("climate", "seats", "lights", "drive", "body", "car", "media", "home", "profiles", "services", "app")


# ---------------------------------------------------------------------------- replies
@dataclass
class Reply:
    text: str
    intent: str | None = None
    slots: dict = field(default_factory=dict)
    acted: bool = False  # something was changed (in the car, the home, a profile, a service)
    navigate: str | None = None  # "home", "back", a menu id, or "menu/section": the UI goes there
    needs: str | None = None  # "choice", "confirm" or "pin": the assistant asked something back
    choices: list[str] = field(default_factory=list)
    refused: bool = False  # a rule said no (range, permission, valet, moving, ...)
    understood: bool = True

    def to_dict(self) -> dict:
        return {
            "reply": self.text, "intent": self.intent, "slots": self.slots, "acted": self.acted,
            "navigate": self.navigate, "needs": self.needs, "choices": list(self.choices),
            "refused": self.refused, "understood": self.understood,
        }


class Ask(Exception):
    """Raised inside an intent's act to ask the driver something back."""

    kind = ""

    def __init__(self, question: str):
        super().__init__(question)
        self.question = question


class NeedChoice(Ask):
    kind = "choice"

    def __init__(self, question: str, options: list[tuple[str, dict]]):
        super().__init__(question)
        self.options = options  # (label, slots to add)


class NeedConfirm(Ask):
    kind = "confirm"


class NeedPin(Ask):
    kind = "pin"


# ---------------------------------------------------------------------------- intents
@dataclass
class Intent:
    name: str  # "topic.action", e.g. "climate.temperature"
    match: Callable[..., dict | None]
    act: Callable[["Turn"], str | None]
    domain: str | None = None  # the Controller's domain it acts through (None: the car itself)
    examples: tuple[str, ...] = ()
    priority: int = 50  # lower is tried first
    order: int = 0

    @property
    def topic(self) -> str:
        area = self.name.split(".", 1)[0]
        return TOPIC_OF.get(area, area)


class Registry:
    def __init__(self) -> None:
        self._intents: list[Intent] = []
        self._sorted: list[Intent] | None = None

    def intent(self, name: str, *, domain: str | None = None, examples=(), priority: int = 50):
        """Decorator for a match function; the act function is attached with `.act`."""
        if domain is not None and domain not in DOMAIN_ORDER + ON_FIRST_USE:
            raise ValueError(f"{name}: the Controller has no domain {domain!r}")

        def wrap(match):
            learn([w for e in examples for w in tokens_of(tidy(e))])
            item = Intent(name, match, _no_act, domain, tuple(examples), priority, len(self._intents))
            self._intents.append(item)
            self._sorted = None

            def act(fn):
                item.act = fn
                return fn

            match.act = act
            match.intent = item
            return match

        return wrap

    def all(self) -> list[Intent]:
        if self._sorted is None:
            self._sorted = sorted(self._intents, key=lambda i: (i.priority, i.order))
        return self._sorted

    def get(self, name: str) -> Intent | None:
        return next((i for i in self._intents if i.name == name), None)


def _no_act(turn):  # pragma: no cover - every intent attaches its own
    return None


REGISTRY = Registry()
intent = REGISTRY.intent


# ---------------------------------------------------------------------------- a turn
class Turn:
    """One request being carried out: the controller, the slots, and what was done."""

    def __init__(self, assistant, request, intent: Intent, slots: dict, *, confirmed: bool = False,
                 pin: str | None = None):
        self.assistant = assistant
        self.c = assistant.c
        self.request = request
        self.intent = intent
        self.slots = slots
        self.confirmed = confirmed
        self.pin = pin
        self.acted = False
        self.navigate: str | None = None
        self.refused = False

    # -- the car, through the controller (validation, guards, audit, undo, events)
    def set(self, path: str, value: Any):
        event = self.c.set(path, value, source=SOURCE)
        self.acted = True
        return event

    def set_many(self, values: dict):
        events = self.c.set_many(values, source=SOURCE)
        self.acted = True
        return events

    def step(self, path: str, direction: int):
        event = self.c.step(path, direction, source=SOURCE)
        self.acted = True
        return event

    def has(self, path: str) -> bool:
        return self.c.has(path)

    def get(self, path: str, default=None):
        return self.c.get(path, default)

    def fmt(self, path: str, value: Any = None) -> str:
        return self.c.format(path, value)

    def label(self, path: str) -> str:
        return self.c.spec(path).label

    # -- asking back
    def confirm(self, question: str) -> None:
        """Sensitive actions ask first (the menus do too); the answer comes back as a new turn."""
        if not self.confirmed:
            raise NeedConfirm(question)

    def require_pin(self, action: str) -> str | None:
        """Security actions need the PIN of the profile at the wheel, checked here as the menus do.
        `action` reads like "unlock the front door". A profile without a PIN confirms instead."""
        security = self.c.security
        if not security.has_pin():
            self.confirm(f"{action[:1].upper()}{action[1:]}?")
            return None
        if self.pin is None:
            raise NeedPin(f"Say your PIN to {action}.")
        security.verify(self.pin)
        return self.pin

    def choose(self, question: str, options: list[tuple[str, dict]]) -> None:
        raise NeedChoice(question, options)


__all__ = ["Reply", "Intent", "Registry", "REGISTRY", "intent", "Turn", "NeedChoice", "NeedConfirm", "NeedPin",
           "Ask", "SOURCE"]
