"""Software updates on this car from the command line.

    smartcockpit update keys init [--folder DIR]        keys and both signed repositories (image, director)
    smartcockpit update check [--repo DIR|URL] [--json] verify both repositories (a folder or http(s)://); what
                                                        can be installed
    smartcockpit update install COMPONENT [--yes] [--pin PIN] [--json]
    smartcockpit update postpone COMPONENT | schedule COMPONENT   a day later, or tonight at 02:00
    smartcockpit update history [COMPONENT] [--json]
    smartcockpit update sync --nats URL                 the fleet's assignments in, this car's reports out
    smartcockpit update fail-next POINT                 the simulator's hook: the next install fails there
"""

from __future__ import annotations

import click

from tui.cli import authorized, emit, fail, open_controller


def _minutes(seconds) -> str:
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    return f", about {seconds // 60} min {seconds % 60:02d} s left" if seconds >= 60 else f", about {seconds} s left"


def _status_rows(c) -> list[dict]:
    return [{"component": s.component.id, "name": s.name, "version": s.version, "slot": s.active_slot,
             "other_slot_version": s.other_version,
             "update": ({"version": s.job.version, "state": s.job.state, "not_before": s.job.not_before,
                         "notes": s.job.target.get("custom", {}).get("notes", "")} if s.job else None)}
            for s in c.updates.status()]


@click.group("update")
def update():
    """Software updates for this car: signed, checked, installed to the spare slot, rolled back on failure."""


@update.group("keys")
def keys():
    """The signing keys of the update repositories."""


@keys.command("init")
@click.option("--folder", type=click.Path(file_okay=False), help="Where (default: beside the database).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def keys_init(ctx, folder, as_json):
    """Make the keys (0600) and the image and director repositories, signed, and use them for this car."""
    from tui.controller.updates.repository import init_keys

    c = open_controller(ctx)
    made = init_keys(folder or c.updates.repository())
    if folder:
        c.updates.set_repository(folder)
    emit(made, as_json, [f"Keys and repositories made in {made['folder']}",
                         *(f"  {repo} {role}: {keyid[:16]}" for repo, roles in made["keys"].items()
                           for role, keyid in roles.items())])


@update.command("check")
@click.option("--repo", "source", help="Read the repositories from here (kept when the check does not fail): a "
                                       "folder, or a web server serving one (http://host:port/path).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def update_check(ctx, source, as_json):
    """Verify both signed repositories and list what this car can install."""
    c = open_controller(ctx)
    verdict = c.updates.check(source)
    if verdict.error:
        fail(verdict.error)
    rows = _status_rows(c)
    lines = []
    for r in rows:
        waiting = r["update"]
        line = f"  {r['name']:<24} {r['version']:<11}"
        if waiting:
            line += f" -> {waiting['version']} ({waiting['state']})" + (f": {waiting['notes']}" if waiting["notes"] else "")
        lines.append(line)
    lines += [f"  refused: {why}" for why in verdict.refused.values()]
    emit({"components": rows, "refused": verdict.refused}, as_json, ["Installed, and updates:", *lines])


@update.command("install")
@click.argument("component")
@click.option("--yes", is_flag=True, help="Do not ask before installing.")
@click.option("--pin", "pin", help="The car owner's PIN, when another driver installs (asked when needed).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def update_install(ctx, component, yes, pin, as_json):
    """Install the waiting update of COMPONENT (head-unit, driver-assistance, battery-management,
    connectivity, language-pack): preconditions, download, verify, install, switch."""
    from tui.controller.updates.components import component as find

    c = open_controller(ctx)
    comp = find(component)
    job = next((j for j in c.updates.available() if j.component == comp.id), None) or c.updates.running()
    if job is None:
        fail(f"No update is waiting for the {comp.name.lower()}: run `smartcockpit update check` first.")
    decision = c.updates.decide(source="cli")
    if decision.refused:
        fail(decision.reason)
    bad = [check.text for check in c.updates.preconditions(comp.id) if not check.ok]
    if bad:
        fail("Not now: " + " ".join(bad))
    if not yes and not click.confirm(f"Install {comp.name} {job.version}? The car can't be driven for about "
                                     f"{comp.install_minutes} min.", default=False):
        fail("Nothing installed.")
    last = [None]

    def show(progress):
        line = f"{progress.phase} {progress.fraction:.0%}{_minutes(progress.seconds_left)}"
        if not as_json and line.split()[0] != last[0]:
            click.echo(line)
            last[0] = line.split()[0]

    progress = authorized(lambda p: c.updates.run(comp.id, on_progress=show, pin=p, source="cli"), pin)
    emit({"component": comp.id, "version": progress.version, "state": progress.state, "message": progress.message},
         as_json, [progress.message])
    if progress.state != "done":
        raise SystemExit(1)


def _later(ctx, component, pin, how: str) -> None:
    c = open_controller(ctx)
    method = c.updates.postpone if how == "postpone" else c.updates.schedule_night
    when = authorized(lambda p: method(component, pin=p, source="cli"), pin)
    click.echo(("Postponed until " if how == "postpone" else "Scheduled for ")
               + f"{c.hmi_units().datetime_text(when)}; it installs only if the car allows it then.")


@update.command("postpone")
@click.argument("component")
@click.option("--pin", "pin", help="The car owner's PIN, when another driver decides.")
@click.pass_context
def update_postpone(ctx, component, pin):
    """Remind me tomorrow: the waiting update of COMPONENT is set aside for a day."""
    _later(ctx, component, pin, "postpone")


@update.command("schedule")
@click.argument("component")
@click.option("--pin", "pin", help="The car owner's PIN, when another driver decides.")
@click.pass_context
def update_schedule(ctx, component, pin):
    """Install the waiting update of COMPONENT tonight at 02:00 (if the car is parked, charged, ...)."""
    _later(ctx, component, pin, "schedule")


@update.command("history")
@click.argument("component", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def update_history(ctx, component, as_json):
    """What was installed, failed or rolled back, newest first (of one COMPONENT, or all)."""
    c = open_controller(ctx)
    rows = c.updates.history(component)
    data = [{"component": h.component, "at": h.at, "from": h.from_version, "to": h.to_version,
             "outcome": h.outcome, "message": h.message} for h in rows]
    emit({"installed": _status_rows(c), "history": data}, as_json,
         [f"{c.hmi_units().datetime_text(h.at)}  {h.component:<19} {h.from_version or '-'} -> {h.to_version}  {h.outcome}"
          for h in rows] or ["No updates installed yet."])


@update.command("sync")
@click.option("--nats", "url", required=True, help="The fleet's NATS server (nats://host:4222).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def update_sync(ctx, url, as_json):
    """Take this car's assignments from the fleet (also those sent while it was offline), check the
    signed repositories, and report how finished updates ended."""
    import asyncio

    from tui.controller.net.nats import Link, LinkError
    from tui.controller.updates.reporting import exchange

    c = open_controller(ctx)

    async def go():
        link = await Link(url).connect()
        try:
            return await exchange(link, c.updates)
        finally:
            await link.close()

    try:
        result = asyncio.run(asyncio.wait_for(go(), 60))
    except (LinkError, asyncio.TimeoutError, OSError) as exc:
        fail((str(exc).strip() or f"The NATS server did not answer in time ({type(exc).__name__}).").rstrip(".") + ".")
    lines = [f"{result['assignments']} assignment(s) for this car, {result['new']} new."]
    if result["error"]:
        lines.append(result["error"])
    lines += [f"Reported rollout {r['rollout']}: {'ok' if r['ok'] else 'failed'} ({r['detail']})"
              for r in result["reported"]]
    emit(result, as_json, lines)


@update.command("fail-next")
@click.argument("point", type=click.Choice(["download", "verify", "install", "boot", "none"]))
@click.pass_context
def update_fail_next(ctx, point):
    """The simulator's hook: make the next install fail at POINT (boot: the new version does not start)."""
    c = open_controller(ctx)
    c.simulator.fail_next_update(None if point == "none" else point)
    click.echo("The next install runs normally." if point == "none" else f"The next install fails at {point}.")


COMMANDS = [update]
