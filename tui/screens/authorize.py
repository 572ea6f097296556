"""One flow for every sensitive action on a screen: ask the authority, then a yes (default No)
when it asks for one, then the PIN when it asks for one, then do it.

The screens decide nothing: tui.controller.authority answers allow, ask (confirm / PIN, whose) or
refuse with the sentence shown. The controller call that follows checks the same answer again
(and the PIN), so a screen that forgot a step still could not get past it.
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


def _confirm_screen(question: str, yes: str, no: str) -> ConfirmScreen:
    try:  # a sensitive dialog: its answer only from keys pressed after it is shown
        return ConfirmScreen(question, yes=yes, no=no, sensitive=True)
    except TypeError:  # an older ConfirmScreen without the guard
        return ConfirmScreen(question, yes=yes, no=no)


def authorize(app, action: str, then: Callable[[str | None], None], *, target: int | None = None,
              doing: str | None = None, question: str | None = None, yes: str = "Yes", no: str = "No",
              pin_prompt: str | None = None) -> None:
    """Ask what the authority asks for, then call then(pin) (pin None when none was asked).
    A refusal is a warning and nothing else; No, Escape or an empty PIN pad do nothing."""
    decision = decide(app, action, target=target, doing=doing)
    if decision is None:
        return
    if decision.refused:
        app.notify(decision.reason, severity="warning", timeout=3)
        return

    def ask_pin() -> None:
        if not decision.pin:
            then(None)
            return
        app.push_screen(PinScreen(pin_prompt or decision.reason), lambda pin: then(pin) if pin else None)

    if decision.confirm:
        app.push_screen(_confirm_screen(question or decision.reason, yes, no), lambda ok: ask_pin() if ok else None)
    else:
        ask_pin()


async def authorize_wait(app, action: str, *, target: int | None = None, doing: str | None = None,
                         question: str | None = None, yes: str = "Yes", no: str = "No",
                         pin_prompt: str | None = None) -> tuple[bool, str | None]:
    """The same flow from a worker: (go ahead, pin)."""
    decision = decide(app, action, target=target, doing=doing)
    if decision is None:
        return False, None
    if decision.refused:
        app.notify(decision.reason, severity="warning", timeout=3)
        return False, None
    if decision.confirm and not await app.push_screen_wait(_confirm_screen(question or decision.reason, yes, no)):
        return False, None
    if not decision.pin:
        return True, None
    pin = await app.push_screen_wait(PinScreen(pin_prompt or decision.reason))
    return (True, pin) if pin else (False, None)


__all__ = ["authorize", "authorize_wait", "decide"]
