"""`smartcockpit home ...` and `smartcockpit routine ...`: the smart home and routines from the
command line, through the same controller (and rules) as the screens.

    smartcockpit home list [--json]
    smartcockpit home do "garage door" open [--pin 1234]
    smartcockpit home do thermostat temperature 21
    smartcockpit home scene "Good night" [--pin 1234]
    smartcockpit home simulate "kitchen window" open     # the simulated home's sensors
    smartcockpit home place [LAT LON | --here] [--near 300]
    smartcockpit home serve [--broker mqtt://host:port]   # the simulated home as MQTT devices
    smartcockpit --home mqtt://host:port home list       # a real home over MQTT (Home Assistant discovery)
    smartcockpit routine list [--json]
    smartcockpit routine run "Open the garage on arrival" [--dry] [--yes]
    smartcockpit routine log [NAME] [--json]
    smartcockpit routine on|off NAME
"""

from __future__ import annotations

import sys

import click

from tui.cli import NEGATIVE_OK, authorized, emit, fail, open_controller


@click.group("home")
def home():
    """The smart home: devices, actions, scenes."""


def home_controller(ctx):
    """The controller, its home's connection (a bridged home's) let go when the command ends."""
    c = open_controller(ctx)
    ctx.call_on_close(c.home.stop)  # runs before the controller closes (last registered, first run)
    return c


@home.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (Home Assistant state objects).")
@click.pass_context
def home_list(ctx, as_json):
    """Every device by room, with its state and what it can do."""
    c = home_controller(ctx)
    h = c.home
    if h.hidden():
        fail("The home is hidden in valet mode.")
    place = h.place()
    data = {
        "home": {"name": place.name, "latitude": place.latitude, "longitude": place.longitude,
                 "near_m": place.near_m, "backend": h.backend.kind, "distance_m": h.distance_m()},
        "devices": [dict(e.ha_state(), actions=[a.name for a in h.actions(e)]) for e in h.devices()],
        "favourites": [{"key": f.slot, "name": f.label, "kind": f.kind, "target": f.target} for f in h.favourites()],
        "scenes": [{"id": s.id, "name": s.name, "actions": s.actions, "builtin": s.builtin} for s in h.scenes()],
    }
    lines = []
    for room in h.rooms():
        lines.append(f"{room.name}")
        for e in room.entities:
            acts = ", ".join(a.name for a in h.actions(e))
            lines.append(f"  {e.name:<26} {h.state_text(e):<22} {e.entity_id}" + (f"  [{acts}]" if acts else ""))
    lines.append("Favourites: " + ", ".join(f"{f.slot} {f.label}" for f in h.favourites()))
    lines.append("Scenes: " + ", ".join(s.name for s in h.scenes()))
    emit(data, as_json, lines)


@home.command("do", context_settings=NEGATIVE_OK)
@click.argument("device")
@click.argument("action")
@click.argument("value", required=False)
@click.option("--pin", "pin", help="Your PIN, for unlocking, disarming, or opening the garage from afar.")
@click.pass_context
def home_do(ctx, device, action, value, pin):
    """Do ACTION on DEVICE (name or entity id), e.g. `home do "porch light" on`, `home do thermostat temperature 21`."""
    c = home_controller(ctx)
    e = c.home.device_for(device, action)  # "garage open": the door, not the garage light
    click.echo(authorized(lambda p: c.home.do(e, action, value, pin=p, source="cli"), pin))


@home.command("scene")
@click.argument("name")
@click.option("--pin", "pin", help="Your PIN, when the scene opens the garage from afar or disarms.")
@click.pass_context
def home_scene(ctx, name, pin):
    """Run a scene (Arrive home, Leave home, Good night, or your own)."""
    c = home_controller(ctx)
    scene = c.home.scene(name)
    run = authorized(lambda p: c.home.run_scene(scene.id, pin=p, source="cli"), pin)
    for line in run.lines():
        click.echo(line)


@home.command("log")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--limit", default=30, show_default=True, help="How many entries.")
@click.pass_context
def home_log(ctx, as_json, limit):
    """What was asked of the home (newest first): when, from where, and what happened."""
    c = home_controller(ctx)
    c.authority.require("data.read", source="cli")
    if c.home.hidden():
        fail("The home is hidden in valet mode.")
    entries = c.store.home.recent_log(max(1, min(limit, 1000)))
    data = [{"at": e.at, "entity_id": e.entity_id, "service": e.service, "data": e.data, "source": e.source,
             "result": e.result} for e in entries]
    hmi, now = c.hmi_units(), c.clock.now()
    from tui.controller.labels import channel_name

    emit(data, as_json, [f"{hmi.when_text(e.at, now)}  {channel_name(e.source):<12} {e.result[:1].upper()}{e.result[1:]}"
                         for e in entries])  # who in words; the device and what happened in the result


@home.command("place")
@click.argument("latitude", required=False, type=float)
@click.argument("longitude", required=False, type=float)
@click.option("--here", is_flag=True, help="Home is where the car is now.")
@click.option("--near", "near_m", type=float, help="How close counts as home, in metres (50-5000).")
@click.option("--pin", "pin", help="The owner's PIN (scripts; otherwise asked for, hidden).")
@click.pass_context
def home_place(ctx, latitude, longitude, here, near_m, pin):
    """Show or set where home is (for arriving and leaving). Setting it is the owner's, parked."""
    c = home_controller(ctx)
    if here:
        authorized(lambda p: c.home.set_here(pin=p, source="cli"), pin)
    elif latitude is not None and longitude is not None:
        authorized(lambda p: c.home.set_place(latitude, longitude, near_m, pin=p, source="cli"), pin)
    elif latitude is not None or longitude is not None:
        fail("Give both a latitude and a longitude, or --here.")
    elif near_m is not None:
        place = c.home.place()
        authorized(lambda p: c.home.set_place(place.latitude, place.longitude, near_m, pin=p, source="cli"), pin)
    place = c.home.place()
    click.echo(f"{place.name}: {place.latitude:.5f}, {place.longitude:.5f}; near = {c.home.distance_text(place.near_m)}; "
               f"the car is {c.home.distance_text()} away.")


@home.command("simulate")
@click.argument("device")
@click.argument("state", type=click.Choice(["open", "closed", "on", "off"]))
@click.pass_context
def home_simulate(ctx, device, state):
    """Make a sensor of the simulated home report (a door opens): `home simulate "kitchen window" open`."""
    from tui.controller.home import SimulatedHome

    c = home_controller(ctx)
    if not isinstance(c.home.backend, SimulatedHome):
        fail("Only the simulated home can be told what its sensors see.")
    e = c.home.device(device)
    if e.domain != "binary_sensor":
        fail(f"{e.name} is not a door or window sensor; use `home do` to command devices.")
    c.home.backend.simulate(e.entity_id, "on" if state in ("open", "on") else "off", source="cli")
    click.echo(f"{e.name}: {'open' if state in ('open', 'on') else 'closed'}.")


@home.command("serve")
@click.option("--broker", "broker_url", metavar="URL", help="mqtt://host:port (default: the saved connection's).")
@click.option("--for", "duration", type=float, help="Stop after this many seconds (default: until Ctrl+C).")
@click.pass_context
def home_serve(ctx, broker_url, duration):
    """Publish the simulated home as MQTT devices with Home Assistant discovery, and carry out the
    commands that arrive (a car started with `--home mqtt://...`, or Home Assistant, controls it)."""
    import signal

    from tui.controller.home import SimulatedHome
    from tui.controller.home.connection import settings_of
    from tui.controller.home.serve import HomeServer
    from tui.controller.net.mqtt import BrokerSettings, check_settings

    c = open_controller(ctx)
    if not isinstance(c.home.backend, SimulatedHome):
        fail("`home serve` serves the simulated home; this database's home is a broker (Settings > Smart home "
             "connection, or leave out --home).")
    if broker_url:
        settings = BrokerSettings.from_url(broker_url)
    else:
        conn = c.home.connection.read()
        if not conn.configured:
            fail("Say which broker: --broker mqtt://host:port (or save one in Settings > Smart home connection).")
        settings = settings_of(conn)
    check_settings(settings)  # a host that cannot be one is refused before any connection is tried
    server = HomeServer(c, settings)
    signal.signal(signal.SIGTERM, lambda *_: server.stop())
    try:
        server.run(duration, on_serving=lambda: click.echo(
            f"Serving the simulated home on {settings.describe()}; Ctrl+C stops.", err=True))
    except KeyboardInterrupt:
        server.stop()
        server.link.stop()
    click.echo(f"Stopped after {server.handled} command{'s' if server.handled != 1 else ''}.", err=True)


@click.group("routine")
def routine():
    """Routines: list, run (or dry-run), switch on or off, and their log."""


@routine.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def routine_list(ctx, as_json):
    """Every routine: on or off, whose, and what it does."""
    c = open_controller(ctx)
    c.authority.require("data.read", source="cli")
    rs = c.routines.list()
    data = [{"id": r.id, "name": r.name, "enabled": r.enabled, "for": c.routines.owner(r), "trigger": r.trigger,
             "conditions": r.conditions, "actions": r.actions, "description": c.routines.describe(r)} for r in rs]
    lines = [f"{'on ' if r.enabled else 'off'}  {r.name}  ({c.routines.owner(r)})\n     {c.routines.describe(r)}"
             for r in rs]
    emit(data, as_json, lines)


@routine.command("run")
@click.argument("name")
@click.option("--dry", is_flag=True, help="Only say what it would do now; change nothing.")
@click.option("--yes", "yes", is_flag=True, help="Answer yes to the routine's questions.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def routine_run(ctx, name, dry, yes, as_json):
    """Run a routine now (its actions; trigger and conditions are skipped), or --dry to see what it would do."""
    c = open_controller(ctx)
    c.authority.require("data.read", source="cli")
    if dry:
        result = c.routines.dry_run(name)
        emit({"routine": result.routine, "blocked": result.blocked, "steps": result.steps}, as_json, result.lines())
        return
    did = c.routines.run(name, source="cli")
    answers = []
    while c.routines.question() is not None:
        q = c.routines.question()
        interactive = sys.stdin.isatty() and not as_json
        agree = yes or (interactive and click.confirm(f"{q.prompt}?", default=False))
        answer = c.routines.answer(agree, q.id)
        answers.extend([answer.text] if answer is not None else [])
    emit({"routine": c.routines.get(name).name, "did": did, "answers": answers}, as_json, did + answers)


@routine.command("log")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def routine_log(ctx, name, as_json):
    """What routines did and why (newest first)."""
    c = open_controller(ctx)
    c.authority.require("data.read", source="cli")
    names = {r.id: r.name for r in c.routines.list()}
    runs = c.routines.runs(name, 50)
    data = [{"at": r.at, "routine": names.get(r.routine_id), "outcome": r.outcome, "why": r.why, "did": r.did}
            for r in runs]
    emit(data, as_json, [f"{c.routines.when_text(r.at)}  {names.get(r.routine_id)}: {r.outcome} - {r.why}" +
                         (f" -> {'; '.join(r.did)}" if r.did else "") for r in runs])


@routine.command("on")
@click.argument("name")
@click.pass_context
def routine_on(ctx, name):
    """Switch a routine on."""
    c = open_controller(ctx)
    click.echo(f"{c.routines.set_enabled(name, True).name} is on.")


@routine.command("off")
@click.argument("name")
@click.pass_context
def routine_off(ctx, name):
    """Switch a routine off."""
    c = open_controller(ctx)
    click.echo(f"{c.routines.set_enabled(name, False).name} is off.")


COMMANDS = [home, routine]
