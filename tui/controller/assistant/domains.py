"""Guessing helpers, left only for the smart-home intents (intents_home.py) until they call the
home domain's typed methods directly, as the other intents now do (`turn.c.media.pause(...)`).

`method` finds a method among a few usual names, `invoke` passes arguments by the names the
method declares (source="assistant", pin=...), `pass_item` guesses whether it takes an id, a name
or the object, and `ident`/`name_of`/`field` try several attribute names. Nothing here writes on
its own. Delete this module when intents_home.py no longer imports it.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable

from tui.controller.assistant.engine import SOURCE
from tui.controller.errors import CockpitError

_PARAMS: dict[Any, tuple] = {}


def domain(controller, name: str):
    return getattr(controller, name, None)


def method(obj, *names: str) -> Callable | None:
    if obj is None:
        return None
    for name in names:
        found = getattr(obj, name, None)
        if callable(found):
            return found
    return None


def params(fn: Callable) -> tuple[dict, bool]:
    key = getattr(fn, "__func__", fn)
    known = _PARAMS.get(key)
    if known is None:
        try:
            sig = inspect.signature(fn)
            known = ({n: p for n, p in sig.parameters.items() if n != "self"},
                     any(p.kind is p.VAR_KEYWORD for p in sig.parameters.values()))
        except (TypeError, ValueError):
            known = ({}, True)
        _PARAMS[key] = known
    return known


def invoke(fn: Callable, *args, **named):
    """Call fn with the positional args, plus each named value the function accepts (source, pin, ...)."""
    declared, var_kw = params(fn)
    positional = [n for n, p in declared.items() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    taken = set(positional[: len(args)])
    kwargs = {}
    for name, value in named.items():
        if name in taken:
            continue
        if value is None and name not in ("pin",):
            continue
        if name in declared or var_kw:
            if name == "pin" and value is None and name not in declared:
                continue
            kwargs[name] = value
    if ("source" in declared or var_kw) and "source" not in kwargs:
        kwargs["source"] = SOURCE
    return fn(*args, **kwargs)


def first_param(fn: Callable) -> str | None:
    declared, _ = params(fn)
    for name, p in declared.items():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            return name
    return None


def ident(item) -> Any:
    for attr in ("id", "entity_id", "key", "slug"):
        value = getattr(item, attr, None)
        if value is not None:
            return value
    if isinstance(item, dict):
        for attr in ("id", "entity_id", "key"):
            if attr in item:
                return item[attr]
    return item


def name_of(item) -> str:
    for attr in ("name", "title", "label", "friendly_name"):
        value = getattr(item, attr, None)
        if value is None and isinstance(item, dict):
            value = item.get(attr)
        if value:
            return str(value)
    return str(item)


def field(item, *attrs, default=None):
    for attr in attrs:
        value = getattr(item, attr, None)
        if value is None and isinstance(item, dict):
            value = item.get(attr)
        if value is not None:
            return value
    return default


def listing(obj, *names: str) -> list:
    """The items a domain lists (devices, profiles, stations, services), or [] when it has no such list."""
    fn = method(obj, *names)
    if fn is None:
        for name in names:
            value = getattr(obj, name, None) if obj is not None else None
            if isinstance(value, (list, tuple, dict)):
                return list(value.values()) if isinstance(value, dict) else list(value)
        return []
    try:
        result = fn()
    except (CockpitError, TypeError):
        return []
    if isinstance(result, dict):
        return list(result.values())
    return list(result or [])


def pass_item(fn: Callable, item) -> Any:
    """What to pass for an item to a method: its id unless the parameter asks for a name or the object."""
    p = first_param(fn) or ""
    if "name" in p:
        return name_of(item)
    if p in ("profile", "device", "item", "service", "station", "entity"):
        return item
    return ident(item)
