"""Alerts and navigation from the command line (issue 17).

    smartcockpit alerts list [--source car|home|services|security|assist|navigation] [--unread] [--json]
    smartcockpit alerts read [ID] [--source SOURCE] [--json]
    smartcockpit nav to NAME [--json]        (a known destination: Home, Work, a saved or recent place)
    smartcockpit nav status [--json]
    smartcockpit nav places [--json]
    smartcockpit nav saved add NAME --here   (where the car is now)
    smartcockpit nav saved remove NAME
    smartcockpit nav cancel
"""

from __future__ import annotations

import click

from tui.cli import emit, fail, open_controller
from tui.controller.alerts import SOURCES


@click.group("alerts")
def alerts():
    """The alert centre: car, home, services, PIN and driver-assist alerts, newest first."""


@alerts.command("list")
@click.option("--source", type=click.Choice(list(SOURCES)), help="Only this source.")
@click.option("--unread", is_flag=True, help="Only the unread ones.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def alerts_list(ctx, source, unread, as_json):
    """List alerts, newest first (● unread)."""
    c = open_controller(ctx)
    found = c.alerts.list(source, unread_only=unread)
    lines = [f"{c.alerts.unread()} unread."]
    for a in found:
        count = f" ×{a.count}" if a.count > 1 else ""
        lines.append(f"{'●' if not a.read else ' '} {a.id:>4}  {c.alerts.when(a):<18} {a.source_name:<13} "
                     f"{a.severity:<11} {a.text}{count}")
    emit([a.to_json() for a in found], as_json, lines)


@alerts.command("read")
@click.argument("alert_id", required=False, type=int)
@click.option("--source", type=click.Choice(list(SOURCES)), help="Every alert of this source.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def alerts_read(ctx, alert_id, source, as_json):
    """Mark an alert read (by ID), a source's, or all of them."""
    c = open_controller(ctx)
    n = c.alerts.mark_read(alert_id, source)
    emit({"marked_read": n, "unread": c.alerts.unread()}, as_json,
         [f"{n} alert{'s' if n != 1 else ''} marked read; {c.alerts.unread()} unread."])


def _guidance_dict(c, g) -> dict | None:
    if g is None:
        return None
    d = g.destination
    return {"destination": d.name, "kind": d.kind, "latitude": d.latitude, "longitude": d.longitude,
            "left_m": round(g.left_m), "eta": g.eta.isoformat(timespec="seconds"), "arrived": g.arrived,
            "text": c.navigation.status_text()}


@click.group("nav")
def nav():
    """Navigation: destinations, a route the simulator drives, distance left and arrival time."""


@nav.command("to")
@click.argument("name", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def nav_to(ctx, name, as_json):
    """Route to a known destination (Home, Work, a saved or recent place). `smartcockpit simulate`
    then drives it."""
    c = open_controller(ctx)
    g = c.navigation.go(" ".join(name), source="cli")
    emit(_guidance_dict(c, g), as_json, [c.navigation.status_text()])


@nav.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def nav_status(ctx, as_json):
    """Where to, how far along the route, and when."""
    c = open_controller(ctx)
    emit(_guidance_dict(c, c.navigation.guidance()), as_json, [c.navigation.status_text()])


@nav.command("cancel")
@click.pass_context
def nav_cancel(ctx):
    """Cancel the route."""
    click.echo(open_controller(ctx).navigation.cancel())


@nav.command("places")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def nav_places(ctx, as_json):
    """The destinations: Home, Work, saved places, recent ones."""
    c = open_controller(ctx)
    found = c.navigation.destinations()
    emit([{"name": d.name, "kind": d.kind, "latitude": d.latitude, "longitude": d.longitude} for d in found], as_json,
         [f"  {d.name:<24} {d.label:<7} {d.latitude:.5f}, {d.longitude:.5f}" for d in found])


@nav.group("saved")
def saved():
    """Saved places."""


@saved.command("add")
@click.argument("name")
@click.option("--here", is_flag=True, help="Where the car is now (the only way to add one).")
@click.pass_context
def saved_add(ctx, name, here):
    """Save where the car is as NAME."""
    if not here:
        fail("Say where: --here saves where the car is now.")
    place = open_controller(ctx).navigation.save_here(name, source="cli")
    click.echo(f"Saved {place.name} ({place.latitude:.5f}, {place.longitude:.5f}).")


@saved.command("remove")
@click.argument("name")
@click.pass_context
def saved_remove(ctx, name):
    """Forget a saved place."""
    c = open_controller(ctx)
    c.navigation.forget(name)
    click.echo(f"Forgot {name}.")


COMMANDS = [alerts, nav]
