"""`smartcockpit simulate [ROUTE] [--speedup N]`: drive a route from the command line.

    smartcockpit simulate                       # the built-in route: home, town, highway, home
    smartcockpit simulate trip.json --speedup 10
    smartcockpit simulate --speedup 60 --quiet  # no progress lines, just the summary
    smartcockpit simulate --end-l3 highway      # end an eyes-off condition (speed, highway, driver):
                                                #   a running smartcockpit asks the driver to take over

ROUTE is a JSON file: {"name": "...", "points": [{"lat": 45.07, "lon": 7.68, "speed": 50}, ...]}
(speed in km/h at each point, 0 = stop there; an optional "temp" in °C). The values go into the
database as the car's readings (source "simulator"), so a running `smartcockpit` on the same
database shows the drive live. Ctrl+C ends the drive parked and switched off.
"""

from __future__ import annotations

import math
import time

import click

from tui.cli import fail, open_controller

SPEEDUP = (1, 1000)
RATE = (1, 50)


def in_range(option: str, value: float, bounds: tuple[float, float]) -> float:
    """value, when it is a number within bounds; otherwise one sentence and exit code 1. (click's
    FloatRange lets nan through: every comparison with nan is false.)"""
    low, high = bounds
    if not math.isfinite(value) or not low <= value <= high:
        fail(f"{option} must be a number from {low} to {high}.")
    return value


@click.command("simulate")
@click.argument("route", required=False, type=str)
@click.option("--speedup", type=float, default=1, show_default=True,
              help=f"Times faster than real time, {SPEEDUP[0]} to {SPEEDUP[1]} (1 = real time).")
@click.option("--rate", type=float, default=10, show_default=True,
              help=f"Updates written per second of wall time, {RATE[0]} to {RATE[1]}.")
@click.option("--quiet", is_flag=True, help="Print only the summary at the end.")
@click.option("--end-l3", "end_l3", type=click.Choice(["speed", "highway", "driver", "monitoring"]),
              help="Instead of driving: end one of eyes-off's conditions (faster than 60 km/h, leaving the "
                   "highway, driver monitoring off); a running smartcockpit shows the timed take-over.")
@click.pass_context
def simulate(ctx, route, speedup, rate, quiet, end_l3):
    """Drive a route (the built-in one, or a JSON file of points with speeds)."""
    if end_l3:  # issue 17: the handover is kept in the database, so the app's countdown starts
        c = open_controller(ctx)
        click.echo(c.simulator.end_condition("monitoring" if end_l3 == "driver" else end_l3))
        click.echo(c.driver_assistance.handover.outcome_text())
        return
    speedup = in_range("--speedup", speedup, SPEEDUP)
    rate = in_range("--rate", rate, RATE)
    c = open_controller(ctx)
    sim = c.simulator
    planned = c.navigation.route() if route is None else None  # the route `nav to NAME` chose (issue 17)
    sim.load(planned or route)
    sim.set_speedup(speedup)
    sim.rate_hz = rate
    length = sim.route.length_m / 1000
    click.echo(f"{sim.route.name}: {len(sim.route.points)} points, {length:.1f} km, {sim.speedup}x in a "
               f"{c.car.title}. Ctrl+C stops.")
    click.echo(sim.start())
    last_line = 0.0
    _stop_on_signals()  # SIGTERM and SIGHUP end the drive parked, as Ctrl+C does
    try:
        while sim.state == "running":
            time.sleep(1 / rate)
            sim.pump()
            now = time.monotonic()
            if not quiet and now - last_line >= 1.0:
                last_line = now
                d = c.drive.dashboard()
                click.echo(f"{d.trip:>18}  {d.gear} {d.speed:>8}  {d.energy}  {d.outside}  "
                           f"{sim.status().progress * 100:3.0f} %")
    except KeyboardInterrupt:
        click.echo("")
        click.echo(sim.stop())
        return
    d = c.drive.dashboard()
    click.echo(f"Arrived: {d.trip}, {d.energy}, range {d.range}. Parked and switched off.")


def _stop_on_signals() -> None:
    """A terminal closed (SIGHUP) or a `kill` (SIGTERM) ends the drive parked and switched off, like
    Ctrl+C. SIGKILL cannot be caught: then the car's speed reading simply expires (a reading nobody
    refreshes counts as parked after a few seconds, see Controller.motion)."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)


COMMANDS = [simulate]
