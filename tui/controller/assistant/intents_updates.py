"""Software updates: "any updates?". Answered from the updates domain (tui/controller/updates/),
as its screen shows it: the update installing now, else the updates waiting (`available()`, what
the last check found; the assistant does not check itself), else none. A car that does not
update over the air says who installs."""

from __future__ import annotations

from tui.controller.assistant.engine import intent


@intent("updates.check", examples=("any updates?",), priority=14)
def check(req, a):
    if req.has("update") and (req.question or req.has("check", "any", "new", "available", "version") or len(req.words) <= 2):
        if req.has("install", "start", "download", "apply") and not req.question:
            return None
        return {}
    if req.has("version") and req.has("software", "system", "firmware") and req.question:
        return {}
    return None


@check.act
def act_check(turn):
    version = turn.c.about()["version"]
    if not turn.c.car.model.features.get("ota"):
        return f"SmartCockpit {version}. This car does not update over the air; a dealer installs updates."
    updates = turn.c.updates
    names = {s.component.id: s.name for s in updates.status()}
    running = updates.running()
    if running is not None:
        return f"Installing {names.get(running.component, running.component)} {running.version}."
    waiting = updates.available()
    if not waiting:
        return f"SmartCockpit {version}: no update waiting. This car updates over the air."
    first = waiting[0]
    count = f"{len(waiting)} update{'s' if len(waiting) != 1 else ''}"
    return f"{count} available: {names.get(first.component, first.component)} {first.version}."
