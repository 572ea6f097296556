"""The questions routines ask before they act ("Open the garage door? 10 s - Enter: open, Esc:
skip"): a question, the events that show it and close it, and the questions waiting for an
answer. What an answer does is the engine's (engine.py)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from tui.controller.errors import UnknownName
from tui.controller.events import Event
from tui.controller.routines.vocabulary import Routine


@dataclass(frozen=True)
class Question:
    """A routine asks before it acts; the action happens at the end of the countdown unless skipped
    (or, with on_timeout="skip", only when confirmed)."""

    id: int
    routine_id: int
    routine_name: str
    prompt: str  # "Open the garage door"
    yes_label: str  # "open"
    seconds: int
    deadline: float  # controller.clock.monotonic()
    action: dict
    on_timeout: str  # "do" | "skip"

    def remaining(self, now: float) -> int:
        return max(0, int(self.deadline - now + 0.999))

    def text(self, now: float) -> str:
        return f"{self.prompt}? {self.remaining(now)} s - Enter: {self.yes_label}, Esc: skip"


@dataclass(frozen=True)
class QuestionAsked(Event):
    question: Question  # the app shows it over whatever screen is up


@dataclass(frozen=True)
class QuestionClosed(Event):
    question_id: int
    outcome: str  # "yes" | "skip" | "timeout"


class Questions:
    """The questions waiting for an answer, oldest first (``controller.routines.pending``)."""

    def __init__(self, controller) -> None:
        self.c = controller
        self._ids = itertools.count(1)
        self.pending: list[Question] = []

    def ask(self, r: Routine, act: dict, prompt: str) -> Question:
        """Ask before the action inside an "ask" action; its countdown starts now."""
        inner = act.get("action", {})
        yes = inner.get("action", "yes") if inner.get("type") == "home" else "yes"
        yes = {"on": "turn on", "off": "turn off"}.get(yes, yes.replace("_", " "))
        q = Question(next(self._ids), r.id, r.name, prompt, yes, int(act.get("seconds", 10)),
                     self.c.clock.monotonic() + int(act.get("seconds", 10)), inner, act.get("on_timeout", "do"))
        self.pending.append(q)
        self.c.events.publish(QuestionAsked(q))
        return q

    def first(self) -> Question | None:
        """The question on screen now (the oldest one waiting)."""
        return self.pending[0] if self.pending else None

    def find(self, question_id: int | None = None) -> Question:
        """A question waiting (the oldest when no id is given)."""
        q = next((x for x in self.pending if question_id is None or x.id == question_id), None)
        if q is None:
            raise UnknownName("There is no question waiting.")
        return q

    def close(self, q: Question, outcome: str) -> bool:
        """Take a question off the screen; False when it was closed already."""
        if q not in self.pending:
            return False
        self.pending.remove(q)
        self.c.events.publish(QuestionClosed(q.id, outcome))
        return True
