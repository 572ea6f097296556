"""Software updates: "any updates?". No updates domain exists on this console yet; the answer says
honestly what is known (whether this car can update over the air) until one does."""

from __future__ import annotations

from tui.controller.assistant.engine import call_with_source, intent


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
    updates = getattr(turn.c, "updates", None)
    if updates is not None:
        for name in ("summary", "check", "available"):
            method = getattr(updates, name, None)
            if callable(method):
                result = call_with_source(method)
                if isinstance(result, str):
                    return result
                if isinstance(result, (list, tuple)):
                    if not result:
                        return "No updates available; the software is up to date."
                    first = result[0]
                    title = getattr(first, "title", None) or getattr(first, "version", None) or str(first)
                    return f"{len(result)} update{'s' if len(result) != 1 else ''} available: {title}."
    ota = bool(turn.c.car.model.features.get("ota"))
    version = turn.c.about()["version"]
    if ota:
        return f"SmartCockpit {version}. This car updates over the air; no update service is set up here yet."
    return f"SmartCockpit {version}. This car does not update over the air; a dealer installs updates."
