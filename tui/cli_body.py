"""`smartcockpit body ...`: the car's doors, windows, locks and health from the command line.

    smartcockpit body status [--json]          # windows, doors, trunks, locks, tyres, warnings
    smartcockpit body window driver 50         # move a window (or the sunroof) and wait for it
    smartcockpit body close-all                # every window and the sunroof, as the car's button
    smartcockpit body lock                     # central locking (unlock: parked; your PIN or a yes;
    smartcockpit body unlock [--pin] [--yes]   #   in valet mode the valet PIN)
    smartcockpit body trunk open [frunk]       # parked only; in valet mode the valet PIN
    smartcockpit body simulate obstacle driver # the simulator's readings: anti-pinch obstacle,
    smartcockpit body simulate leak FL         #   a slow leak, a tyre's pressure, the 12 V
    smartcockpit body simulate tyre RR 28psi   #   battery, the washer fluid ("none" ends them)

Windows move at the motor's speed: the command ticks the car until they stop (at most 15 s), so
a running `smartcockpit` on the same database shows them moving. Readings ("simulate") are
written as the simulator's (source "simulator"); `state set` refuses them as a person's.
"""

from __future__ import annotations

import time

import click

from tui.cli import authorized, emit, fail, open_controller

WAIT_S = 15.0


def wait_for_motion(c) -> None:
    """Tick the car until its windows and sunroof stop (at most WAIT_S): a command ends with them there."""
    deadline = time.monotonic() + WAIT_S
    while c.body.moving() and time.monotonic() < deadline:
        time.sleep(0.2)
        c.tick()


@click.group("body")
def body():
    """Doors, windows, sunroof, trunks, locks and the car's health."""


@body.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def body_status(ctx, as_json):
    """Windows, doors, trunks, locks, tyres, washer fluid, 12 V, service and warning lights."""
    c = open_controller(ctx)
    data = c.body.status()
    data["health"] = dict(c.health.status_lines())
    data["warnings"] = [{"light": w.name, "meaning": w.meaning, "todo": w.todo, "severity": w.severity}
                        for w in c.health.warnings()]
    lines = [f"{name}: {state}" for part in ("openings", "doors", "trunks") for name, state in data[part].items()]
    lines.append(f"Central locking: {'locked' if data['locked'] else 'unlocked'}")
    lines += [f"{name}: {value}" for name, value in data["health"].items()]
    lines += [f"⚠ {w['light']}: {w['meaning']} {w['todo']}" for w in data["warnings"]] or ["No warning lights."]
    emit(data, as_json, lines)


@body.command("window", context_settings={"ignore_unknown_options": True})
@click.argument("which")
@click.argument("percent", type=int)
@click.pass_context
def body_window(ctx, which, percent):
    """Move a window or the sunroof to PERCENT (0 closed, 100 open; -100 tilts the sunroof)."""
    c = open_controller(ctx)
    op = c.body.find(which)
    click.echo(c.body.move_to(op.key, percent, source="cli"))
    wait_for_motion(c)
    click.echo(f"{op.name}: {c.body.opening_text(op)}")


@body.command("close-all")
@click.pass_context
def body_close_all(ctx):
    """Close every window and the sunroof."""
    c = open_controller(ctx)
    click.echo(c.body.close_all(source="cli"))
    wait_for_motion(c)
    still = [op.name for op in c.body.openings() if c.get(op.position)]
    if still:
        fail(f"Not closed: {', '.join(still)} (anti-pinch, or something in the way).")


def carried_out(c, action: str, doing: str, call, pin: str | None, yes: bool) -> str:
    """The authority's answer for the command line (tui/controller/authority.py): a refusal in one
    sentence, its yes asked here (or --yes), its PIN from --pin or the hidden prompt, then call(pin)."""
    decision = c.authority.decide(action, source="cli", doing=doing)
    if decision.refused:
        fail(decision.reason)
    if decision.confirm and not yes and not click.confirm(decision.reason, default=False):
        fail("Nothing done.")
    return authorized(call, pin)


@body.command("lock")
@click.pass_context
def body_lock(ctx):
    """Lock every door and the trunks."""
    click.echo(open_controller(ctx).body.set_locked(True, source="cli"))


@body.command("unlock")
@click.option("--pin", "pin", help="The PIN the car asks (yours, or the valet PIN in valet mode).")
@click.option("--yes", is_flag=True, help="Do not ask before unlocking.")
@click.pass_context
def body_unlock(ctx, pin, yes):
    """Unlock every door and the trunks: parked only, with your PIN (or a yes when you have none)."""
    c = open_controller(ctx)
    click.echo(carried_out(c, "body.unlock", "unlock the car",
                           lambda p: c.body.set_locked(False, "cli", pin=p, confirmed=True), pin, yes))


@body.command("trunk")
@click.argument("action", type=click.Choice(["open", "close"]))
@click.argument("which", required=False, default="rear")
@click.option("--pin", "pin", help="The valet PIN, to open it in valet mode.")
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.pass_context
def body_trunk(ctx, action, which, pin, yes):
    """Open or close the trunk or tailgate (WHICH: rear, the default) or the frunk (front)."""
    c = open_controller(ctx)
    key, name = c.body.trunk_name(which)
    if action == "close":
        click.echo(c.body.set_trunk(key, False, "cli"))
        return
    click.echo(carried_out(c, "body.trunk", f"open the {name.lower()}",
                           lambda p: c.body.set_trunk(key, True, "cli", pin=p, confirmed=True), pin, yes))


READINGS = ("obstacle", "leak", "tyre", "battery", "washer")


@body.command("simulate", context_settings={"ignore_unknown_options": True})
@click.argument("what", type=click.Choice(READINGS))
@click.argument("args", nargs=-1)
@click.pass_context
def body_simulate(ctx, what, args):
    """Put a reading in the car: obstacle WINDOW|any|none, leak WHEEL|none, tyre WHEEL PRESSURE,
    battery VOLTS, washer PERCENT."""
    c = open_controller(ctx)
    need = {"obstacle": 1, "leak": 1, "tyre": 2, "battery": 1, "washer": 1}[what]
    if len(args) != need:
        fail(f"simulate {what} takes {need} value{'s' if need > 1 else ''}: see --help.")
    if what == "obstacle":
        word = args[0].lower()
        text = c.body.simulate_obstacle(word if word in ("any", "none") else c.body.find(args[0]).key)
    elif what == "leak":
        text = c.health.simulate_leak(args[0])
    elif what == "tyre":
        path = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure"
        kpa, _note = c.parse_text(path, args[1])  # 28psi, 2.1 bar, 190 kPa; a bare number: the driver's unit
        text = c.health.set_pressure(args[0], kpa)
    else:
        path = {"battery": "Vehicle.LowVoltageBattery.CurrentVoltage",
                "washer": "Vehicle.Body.Windshield.Front.WasherFluid.Level"}[what]
        value, _note = c.parse_text(path, args[0])
        c.set(path, value, "simulator")
        text = f"{c.spec(path).label}: {c.format(path)}"
    click.echo(text)


COMMANDS = [body]
