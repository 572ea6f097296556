"""One flow for every sensitive action on a screen: ask the authority, then a yes (default No)
when it asks for one, then the PIN when it asks for one, then do it.

The screens decide nothing: tui.controller.authority answers allow, ask (confirm / PIN, whose) or
refuse with the sentence shown. The controller call that follows checks the same answer again
(and the PIN), so a screen that forgot a step still could not get past it.

- authorize(app, action, then): the authority's answer for an action by name, then its steps.
- follow(app, decision, then): the steps of an answer the screen already has (a home device's,
  from controller.home.decision).
- ask_then(app, then, question=..., pin_prompt=...): the steps themselves, for a question the
  controller asks outside the authority (delete a routine or a scene, undo, run a scene).
A yes asked here is sensitive by default (ConfirmScreen(sensitive=True)): it takes its answer only
from keys pressed after it shows, and never from a bare `y`.
"""

from __future__ import annotations

from typing import Callable

from tui.controller import CockpitError
from tui.screens.dialogs import ConfirmScreen, PinScreen


def decide(app, action: str, *, target: int | None = None, doing: str | None = None):
    """The authority's answer, or None after showing why it could not be asked."""
    try:
        return app.controller.authority.decide(action, target=target, source="ui", doing=doing)
    except CockpitError as exc:
        app.notify(str(exc), severity="warning", timeout=3)
        return None


def refused(app, decision) -> bool:
    """True (after showing the reason as a warning) when the authority said no."""
    if decision.refused:
        app.notify(decision.reason, severity="warning", timeout=3)
    return decision.refused


def _steps(decision, question: str | None, pin_prompt: str | None) -> tuple[str | None, str | None]:
    """(the question to ask or None, the PIN pad's prompt or None) for an answer that asks."""
    return ((question or decision.reason) if decision.confirm else None,
            (pin_prompt or decision.reason) if decision.pin else None)


def ask_then(app, then: Callable[[str | None], None], *, question: str | None = None, yes: str = "Yes",
             no: str = "No", pin_prompt: str | None = None, sensitive: bool = True) -> None:
    """A yes first when there is a question (default No), the PIN when there is a prompt, then
    then(pin) (None when no PIN was asked). No, Escape or an empty PIN pad do nothing."""
    def ask_pin() -> None:
        if pin_prompt is None:
            then(None)
            return
        app.push_screen(PinScreen(pin_prompt), lambda pin: then(pin) if pin else None)

    if question is None:
        ask_pin()
        return
    app.push_screen(ConfirmScreen(question, yes=yes, no=no, sensitive=sensitive),
                    lambda ok: ask_pin() if ok else None)


def follow(app, decision, then: Callable[[str | None], None], *, question: str | None = None, yes: str = "Yes",
           no: str = "No", pin_prompt: str | None = None) -> None:
    """Ask what this answer of the authority asks for, then call then(pin). A refusal is a warning
    and nothing else."""
    if refused(app, decision):
        return
    question, pin_prompt = _steps(decision, question, pin_prompt)
    ask_then(app, then, question=question, yes=yes, no=no, pin_prompt=pin_prompt)


def authorize(app, action: str, then: Callable[[str | None], None], *, target: int | None = None,
              doing: str | None = None, question: str | None = None, yes: str = "Yes", no: str = "No",
              pin_prompt: str | None = None) -> None:
    """Ask the authority about this action, then what it asks for, then call then(pin) (pin None
    when none was asked). A refusal is a warning and nothing else; No, Escape or an empty PIN pad do
    nothing."""
    decision = decide(app, action, target=target, doing=doing)
    if decision is not None:
        follow(app, decision, then, question=question, yes=yes, no=no, pin_prompt=pin_prompt)


async def authorize_wait(app, action: str, *, target: int | None = None, doing: str | None = None,
                         question: str | None = None, yes: str = "Yes", no: str = "No",
                         pin_prompt: str | None = None) -> tuple[bool, str | None]:
    """The same flow from a worker: (go ahead, pin)."""
    decision = decide(app, action, target=target, doing=doing)
    if decision is None or refused(app, decision):
        return False, None
    question, pin_prompt = _steps(decision, question, pin_prompt)
    if question is not None and not await app.push_screen_wait(
            ConfirmScreen(question, yes=yes, no=no, sensitive=True)):
        return False, None
    if pin_prompt is None:
        return True, None
    pin = await app.push_screen_wait(PinScreen(pin_prompt))
    return (True, pin) if pin else (False, None)


__all__ = ["ask_then", "authorize", "authorize_wait", "decide", "follow", "refused"]
