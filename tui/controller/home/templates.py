"""The Jinja forms real devices put in their MQTT discovery (value_template, command_template...),
evaluated safely: no Jinja, no eval, only a small reading of the expression with Python's `ast`.

Understood inside `{{ ... }}`: names (value, value_json, and the caller's: position, code, action,
brightness...), `.key` and `['key']` / `[0]` lookups, literals (true/false/none too), comparisons,
`and`/`or`/`not`, `a if c else b`, + - * / // %, and the filters float, int, round(n), upper,
lower, string, trim, abs, default(x), tojson. Anything else (`{% %}` blocks, calls, `is defined`,
other filters) raises TemplateUnsupported: the caller logs it and ignores the value.
A lookup that finds nothing (a key the message lacks) is `Undefined`: the value is skipped, as
Home Assistant skips a template that renders nothing useful.
"""

from __future__ import annotations

import ast
import json
import math
import re

BLOCK = re.compile(r"\{\{(.*?)\}\}", re.S)
MAX_TEMPLATE = 2000


class TemplateUnsupported(ValueError):
    """A template beyond the forms understood here."""


class _Undefined:
    def __repr__(self) -> str:
        return "Undefined"


Undefined = _Undefined()


def _filters_as_calls(expr: str) -> str:
    """Jinja filters bind tighter than arithmetic (`value | int / 10` is `(value|int) / 10`):
    `x | round(1)` becomes `x.__filter__round(1)`, read back by _eval, outside quotes only."""
    out, quote, i = [], "", 0
    while i < len(expr):
        ch = expr[i]
        if quote:
            out.append(ch)
            if ch == quote:
                quote = ""
            i += 1
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "|":
            m = re.match(r"\|\s*([a-z_]+)\s*(\()?", expr[i:])
            if not m:
                raise TemplateUnsupported("a | without a filter")
            out.append(f".__filter__{m.group(1)}(" + ("" if m.group(2) else ")"))
            i += m.end()
            continue
        out.append(ch)
        i += 1
    return "".join(out)


_CMP = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
        ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
        ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}
_BIN = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
        ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b}
_NAMES = {"true": True, "false": False, "none": None, "True": True, "False": False, "None": None}


def _lookup(obj, key):
    if obj is Undefined:
        return Undefined
    if isinstance(obj, dict):
        return obj.get(key, Undefined)
    if isinstance(obj, list) and isinstance(key, int):
        return obj[key] if -len(obj) <= key < len(obj) else Undefined
    return Undefined


def _eval(node, names: dict):
    if isinstance(node, ast.Expression):
        return _eval(node.body, names)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        if node.id in _NAMES:
            return _NAMES[node.id]
        return Undefined
    if isinstance(node, ast.Attribute):
        return _lookup(_eval(node.value, names), node.attr)
    if isinstance(node, ast.Subscript):
        key = _eval(node.slice, names)
        return _lookup(_eval(node.value, names), key)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, names)
        for op, right_node in zip(node.ops, node.comparators):
            right = _eval(right_node, names)
            fn = _CMP.get(type(op))
            if fn is None:
                raise TemplateUnsupported(f"comparison {type(op).__name__}")
            try:
                if not fn(left, right):
                    return False
            except TypeError:
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, names) for v in node.values]
        if isinstance(node.op, ast.And):
            return all(v and v is not Undefined for v in values)
        return next((v for v in values if v and v is not Undefined), values[-1])
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, names)
        if isinstance(node.op, ast.Not):
            return not v or v is Undefined
        if isinstance(node.op, ast.USub) and isinstance(v, (int, float)):
            return -v
        raise TemplateUnsupported("unary operator")
    if isinstance(node, ast.IfExp):
        test = _eval(node.test, names)
        return _eval(node.body if test and test is not Undefined else node.orelse, names)
    if isinstance(node, ast.BinOp):
        fn = _BIN.get(type(node.op))
        a, b = _eval(node.left, names), _eval(node.right, names)
        if fn is None:
            raise TemplateUnsupported("operator")
        if a is Undefined or b is Undefined:
            return Undefined
        try:
            return fn(a, b)
        except (TypeError, ZeroDivisionError, ValueError):
            return Undefined
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr.startswith("__filter__") and not node.keywords:
        return _filter(_eval(node.func.value, names), node.func.attr[10:], [_eval(a, names) for a in node.args])
    if isinstance(node, ast.Tuple):
        return tuple(_eval(e, names) for e in node.elts)
    if isinstance(node, ast.List):
        return [_eval(e, names) for e in node.elts]
    raise TemplateUnsupported(type(node).__name__)


def _parse(expr: str):
    text = expr.strip()
    try:
        return ast.parse(text, mode="eval")
    except SyntaxError:
        raise TemplateUnsupported(f"cannot read {text[:40]!r}") from None


def _number(v, kind):
    if v is Undefined or v is None:
        return Undefined
    try:
        n = float(v)
    except (TypeError, ValueError):
        return Undefined
    if kind is int:
        return int(n) if math.isfinite(n) else Undefined
    return n


def _filter(value, name: str, args: list):
    if name == "float":
        v = _number(value, float)
        return args[0] if v is Undefined and args else v
    if name == "int":
        v = _number(value, int)
        return args[0] if v is Undefined and args else v
    if name == "round":
        v = _number(value, float)
        if v is Undefined:
            return v
        digits = int(args[0]) if args else 0
        return round(v, digits) if digits else float(round(v))
    if name in ("upper", "lower", "trim", "string"):
        if value is Undefined:
            return value
        s = _text(value)
        return {"upper": s.upper(), "lower": s.lower(), "trim": s.strip(), "string": s}[name]
    if name == "abs":
        v = _number(value, float)
        return v if v is Undefined else abs(v)
    if name in ("default", "d"):
        return (args[0] if args else "") if value is Undefined else value
    if name == "tojson":
        return Undefined if value is Undefined else json.dumps(value)
    raise TemplateUnsupported(f"filter {name}")


def _text(value) -> str:
    """How Jinja prints a value (True/False/None as Python does; 21.0 as 21.0)."""
    if value is None:
        return "None"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def evaluate(expr: str, names: dict):
    """The value of one `{{ }}` expression (may be Undefined)."""
    return _eval(_parse(_filters_as_calls(expr)), names)


def render(template: str, names: dict):
    """A template with its `{{ }}` blocks filled in: the text, or Undefined when a block had
    nothing to show. Raises TemplateUnsupported for forms beyond the ones above."""
    if len(template) > MAX_TEMPLATE or "{%" in template or "{#" in template:
        raise TemplateUnsupported("blocks and long templates")
    out, last = [], 0
    for m in BLOCK.finditer(template):
        out.append(template[last:m.start()])
        value = evaluate(m.group(1), names)
        if value is Undefined:
            return Undefined
        out.append(_text(value))
        last = m.end()
    out.append(template[last:])
    return "".join(out)


def value_names(payload: str) -> dict:
    """`value` and, when the payload is JSON, `value_json` (what HA offers a value_template)."""
    names = {"value": payload}
    try:
        names["value_json"] = json.loads(payload)
    except (ValueError, RecursionError):
        names["value_json"] = Undefined
    return names
