"""`smartcockpit charging ...` and `smartcockpit trips ...`: charging and trips from the command line.

    smartcockpit charging status [--json]            # plug, charging, limit, time to full, schedule
    smartcockpit charging limit 90                   # the charge limit in %
    smartcockpit charging current 12                 # the charging current in A
    smartcockpit charging schedule 01:00 06:00 [--days weekdays] | schedule off
    smartcockpit charging depart 07:30 [--days weekdays] | depart off   # cabin preconditioned
    smartcockpit charging start | stop | port open | port close
    smartcockpit charging plug | unplug [--charge MINUTES --speedup N]  # the simulator's hand
    smartcockpit charging history [--json] [--limit N]
    smartcockpit trips list [--json] [--limit N]
    smartcockpit trips totals [--by day|week] [--count N] [--json]
    smartcockpit trips export FILE                   # CSV, 0600; a pipe or a device is refused

Energy flows on the controller's clock, while `smartcockpit` runs (and the simulator's speed-up):
`charging plug --charge 30 --speedup 60` plugs in and charges for 30 simulated minutes here.
"""

from __future__ import annotations

import time

import click

from tui.cli import emit, fail, open_controller


@click.group("charging")
def charging():
    """Charge limit, current, cheap hours, departure preconditioning, the port and the history."""


def _status_data(c) -> dict:
    st = c.charging.status()
    return {"plugged": st.plugged, "charging": st.charging, "port_open": st.flap_open, "charge_percent": round(st.soc, 1),
            "limit_percent": st.limit, "current_a": st.current_a, "power_kw": st.power_kw,
            "time_to_full_s": st.time_to_full_s, "range_added_km_per_h": st.range_added_km_per_h,
            "schedule": {"enabled": st.scheduled, "text": st.schedule}, "departure": st.departure,
            "preconditioning": st.preconditioning, "state": st.state}


def _show_status(c, as_json: bool) -> None:
    from tui.controller.charging import duration_text

    d = _status_data(c)
    lines = [f"{d['charge_percent']:.0f} % · {d['state']}",
             f"Limit {d['limit_percent']} % · current {d['current_a']} A ({d['power_kw']:g} kW) · "
             f"adds {c.charging.range_added_text()}",
             f"Time to full: {duration_text(d['time_to_full_s']) if d['time_to_full_s'] else '—'}",
             f"Cheap hours: {d['schedule']['text'] if d['schedule']['enabled'] else 'off'}",
             f"Departure: {d['departure']}"]
    emit(d, as_json, lines)


@charging.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def charging_status(ctx, as_json):
    """Plug and charging state, limit, current, time to full, cheap hours, departure."""
    _show_status(open_controller(ctx), as_json)


@charging.command("limit")
@click.argument("percent", type=int)
@click.pass_context
def charging_limit(ctx, percent):
    """Set the charge limit (50 to 100 %, in steps of 5)."""
    click.echo(open_controller(ctx).charging.set_limit(percent, source="cli"))


@charging.command("current")
@click.argument("amps", type=int)
@click.pass_context
def charging_current(ctx, amps):
    """Set the highest charging current in A."""
    click.echo(open_controller(ctx).charging.set_current(amps, source="cli"))


@charging.command("schedule")
@click.argument("start")
@click.argument("end", required=False)
@click.option("--days", default=None, help="weekdays, weekend, every day, or MO,TU,... (default: as set).")
@click.pass_context
def charging_schedule(ctx, start, end, days):
    """Cheap hours: charge from START to END (local time), or `schedule off`."""
    c = open_controller(ctx)
    if start.lower() == "off":
        click.echo(c.charging.set_schedule(enabled=False, source="cli"))
        return
    if end is None:
        fail("Give the cheap hours' end too: `charging schedule 01:00 06:00`.")
    click.echo(c.charging.set_schedule(start, end, days, True, source="cli"))


@charging.command("depart")
@click.argument("at")
@click.option("--days", default=None, help="weekdays, weekend, every day, or MO,TU,... (default: as set).")
@click.pass_context
def charging_depart(ctx, at, days):
    """A departure time (the cabin is preconditioned before it), or `depart off`."""
    c = open_controller(ctx)
    if at.lower() == "off":
        click.echo(c.charging.set_departure(enabled=False, source="cli"))
        return
    click.echo(c.charging.set_departure(at, days, True, source="cli"))


@charging.command("start")
@click.pass_context
def charging_start(ctx):
    """Charge now (also outside the cheap hours)."""
    click.echo(open_controller(ctx).charging.start(source="cli"))


@charging.command("stop")
@click.pass_context
def charging_stop(ctx):
    """Stop charging."""
    click.echo(open_controller(ctx).charging.stop(source="cli"))


@charging.command("port")
@click.argument("action", type=click.Choice(["open", "close"]))
@click.pass_context
def charging_port(ctx, action):
    """Open or close the charge port."""
    click.echo(open_controller(ctx).charging.set_flap(action == "open", source="cli"))


def _plug(ctx, plugged: bool, minutes: float, speedup: float) -> None:
    c = open_controller(ctx)
    click.echo(c.simulator.plug(plugged))
    if minutes <= 0 or not plugged:
        return
    c.simulator.set_speedup(speedup)
    wall = minutes * 60 / c.simulator.speedup
    deadline = time.monotonic() + wall
    c.tick()
    try:
        while time.monotonic() < deadline and (c.charging.status().charging or c.charging.should_charge(c.clock.now())):
            time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
            c.catch_up()  # a running app on the same car charges too: they share the time
            c.tick()
    except KeyboardInterrupt:
        click.echo("")
    c.tick()
    _show_status(c, False)


@charging.command("plug")
@click.option("--charge", "minutes", type=click.FloatRange(0, 24 * 60), default=0,
              help="Then charge here for this many simulated minutes.")
@click.option("--speedup", type=click.FloatRange(1, 1000), default=60, show_default=True,
              help="Times faster than real time while charging here.")
@click.pass_context
def charging_plug(ctx, minutes, speedup):
    """The simulator plugs the charging cable in (the car must be parked)."""
    _plug(ctx, True, minutes, speedup)


@charging.command("unplug")
@click.pass_context
def charging_unplug(ctx):
    """The simulator pulls the charging cable out."""
    _plug(ctx, False, 0, 1)


@charging.command("history")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.pass_context
def charging_history(ctx, as_json, limit):
    """Charging sessions, newest first: when, where, from and to what charge, the energy."""
    c = open_controller(ctx)
    sessions = c.charging.history(limit, 0, source="cli")
    data = [{"started": s.started_at, "ended": s.ended_at, "place": s.place, "from_percent": s.from_soc,
             "to_percent": s.to_soc, "energy_kwh": round(s.energy_kwh, 3)} for s in sessions]
    lines = [f"{s['started']}  {s['place'] or '—'}  {s['from_percent']:.0f} → {s['to_percent']:.0f} %  "
             f"{s['energy_kwh']:.1f} kWh{'' if s['ended'] else '  (charging)'}" for s in data] or ["No charging sessions yet."]
    emit(data, as_json, lines)


@click.group("trips")
def trips():
    """Every drive is a trip: the list, with totals, and a CSV export."""


@trips.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.pass_context
def trips_list(ctx, as_json, limit):
    """Trips, newest first, then today's and this week's totals."""
    c = open_controller(ctx)
    rows = c.trips.list(limit, 0, source="cli")
    data = {"trips": [{"started": t.started_at, "ended": t.ended_at, "from": t.start_place, "to": t.end_place,
                       "distance_m": t.distance_m, "duration_s": t.duration_s, "energy_kwh": t.energy_kwh,
                       "fuel_l": t.fuel_l} for t in rows]}
    totals = [c.trips.totals("day"), c.trips.totals("week")]
    data["totals"] = [{"period": t.label, "trips": t.trips, "distance": t.distance, "duration": t.duration,
                       "used": t.used} for t in totals]
    views = [c.trips.view(t) for t in rows]
    lines = [f"{v.started}  {v.start_place} → {v.end_place}  {v.distance}  {v.duration}  {v.average}  {v.used}  "
             f"{v.efficiency}" for v in views] or ["No trips yet."]
    lines += [f"{t.label}: {t.trips} trips, {t.distance}, {t.duration}, {t.used}" for t in totals]
    emit(data, as_json, lines)


@trips.command("totals")
@click.option("--by", "period", type=click.Choice(["day", "week"]), default="day", show_default=True)
@click.option("--count", type=click.IntRange(1, 366), default=7, show_default=True, help="How many days or weeks back.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def trips_totals(ctx, period, count, as_json):
    """Trips, distance, time and energy or fuel per day or per week, newest first."""
    c = open_controller(ctx)
    c.authority.require("data.read", source="cli")
    rows = c.trips.breakdown(period, count)
    data = [{"period": t.label, "trips": t.trips, "distance": t.distance, "duration": t.duration, "used": t.used}
            for t in rows]
    emit(data, as_json, [f"{t.label:<16} {t.trips:>3} trips  {t.distance:>10}  {t.duration:>12}  {t.used}" for t in rows])


@trips.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace the file when it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def trips_export(ctx, file, force, as_json):
    """Write every trip as CSV to FILE (0600). An existing file is kept unless --force."""
    from tui.controller.errors import FileExists

    try:
        path, rows = open_controller(ctx).trips.export(file, force=force, source="cli")
    except FileExists as exc:
        fail(f"{exc.path} already exists; nothing was written. Add --force to replace it.")
    emit({"file": str(path), "trips": rows}, as_json, [f"{rows} trips written to {path}."])


COMMANDS = [charging, trips]
