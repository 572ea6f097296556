"""What a routine's actions do: one done now (a home device, a scene, a car setting, a notice),
the words of the question asked before one, and what one would do, changing nothing (a dry run).
An action the car or the home refuses says why (a Step marked refused) instead of raising."""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.errors import CockpitError
from tui.controller.routines.describe import describe_action


@dataclass(frozen=True)
class Step:
    """What one action did, as the driver reads it in the log, and whether it was refused."""

    text: str
    refused: bool = False

    @classmethod
    def refusal(cls, why) -> "Step":
        return cls(f"refused: {why}", refused=True)

    def __str__(self) -> str:
        return self.text


def do_action(c, act: dict) -> Step:
    """Do one action now, as the routine (source "routine"): what it did, or why it was refused."""
    kind = act.get("type")
    try:
        if kind == "home":
            return Step(c.home.do(act["device"], act["action"], act.get("value"), source="routine"))
        if kind == "scene":
            run = c.home.run_scene(act["scene"], source="routine")
            return Step(f"scene {run.scene}: " + " ".join(run.lines()))
        if kind == "car":
            path = act["path"]
            if not c.has(path):
                return Step.refusal(f"{c.car.title} has no {path.rsplit('.', 1)[-1]}")
            event = c.set(path, act["value"], source="routine")
            spec = c.spec(path)
            return Step(f"{spec.label} {c.format(path)}" + ("" if event else " (already)"))
        if kind == "notice":
            c.notice(act["text"])
            return Step(f"notice: {act['text']}")
        if kind in ("charging", "precondition"):
            return Step(charging_action(c, act))
    except CockpitError as exc:
        return Step.refusal(exc)
    return Step.refusal(f"unknown action {kind!r}")


def charging_action(c, act: dict) -> str:
    """Charging (issue 17): start or stop now, cheap hours from a time, a limit; or a departure with
    the cabin preconditioned."""
    from tui.controller.charging import DAYS

    days = [DAYS[d] for d in act.get("days", range(7))]
    if act["type"] == "precondition":
        return c.charging.set_departure(act.get("at", "07:30"), days, True, source="routine")
    do = act.get("do")
    if do == "start":
        return c.charging.start(source="routine")
    if do == "stop":
        return c.charging.stop(source="routine")
    if do == "limit":
        return c.charging.set_limit(act.get("value", 80), source="routine")
    return c.charging.set_schedule(act.get("start", "01:00"), act.get("end", "06:00"), days, True, source="routine")


def question_prompt(c, action: dict) -> str:
    """The question before an action, without its question mark: "Turn on the porch light"."""
    if action.get("type") == "home":
        e = c.home.backend.get(action.get("device") or "")
        name = e.name.lower() if e else str(action.get("device"))
        verb = {"on": "Turn on", "off": "Turn off", "arm_away": "Arm", "arm_home": "Arm",
                "arm_night": "Arm"}.get(action.get("action"), str(action.get("action", "")).capitalize())
        return f"{verb} the {name}"
    if action.get("type") == "scene":
        return f"Run {describe_action(action, c)}"
    return describe_action(action, c).capitalize()


def would_do(c, act: dict) -> str:
    """What one action would do now, changing nothing."""
    kind = act.get("type")
    try:
        if kind == "ask":
            inner = act.get("action", {})
            return f"ask \u201c{question_prompt(c, inner)}?\u201d for {act.get('seconds', 10)} s, then " + \
                would_do(c, inner)
        if kind == "home":
            e, a, value = c.home.check(act["device"], act["action"], act.get("value"), source="routine")
            primary_done = {"open": "open", "close": "closed", "lock": "locked", "on": "on", "off": "off"}
            if primary_done.get(a.name) == e.state:
                return f"{e.name}: already {c.home.state_text(e)}, nothing to do"  # the home's words, not HA's
            return f"{e.name}: {a.label.lower()}{'' if value is None else ' ' + str(value)} (now {c.home.state_text(e)})"
        if kind == "scene":
            s = c.home.scene(act["scene"])
            return f"run scene {s.name} ({s.summary()})"
        if kind == "car":
            path = act["path"]
            if not c.has(path):
                return f"would be refused: {c.car.title} has no {path.rsplit('.', 1)[-1]}"
            value = c.validate(path, act["value"], "routine")
            spec = c.spec(path)
            if c.get(path) == value:
                return f"{spec.label}: already {c.format(path, value)}"
            return f"{spec.label}: {c.format(path)} → {c.format(path, value)}"
        if kind == "notice":
            return f"show \u201c{act['text']}\u201d"
        if kind in ("charging", "precondition"):
            c.charging.require()
            return describe_action(act, c)
    except CockpitError as exc:
        return f"would be refused: {exc}"
    return f"unknown action {kind!r}"
