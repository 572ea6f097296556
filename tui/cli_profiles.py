"""`smartcockpit profile ...`: driver profiles from the command line (the same controller as the app).

    smartcockpit profile list [--json]
    smartcockpit profile switch NAME [--pin 1234] [--keep-changes | --restore] [--json]
    smartcockpit profile export NAME -o FILE [--pin 1234]
    smartcockpit profile import FILE [--name NEW] [--json]
    smartcockpit profile history NAME [--before ID] [--pin PIN] [--json]
    smartcockpit profile create NAME [--with-pin] [--owner-pin PIN] [--json]
    smartcockpit profile pin NAME [--remove] [--pin PIN]

PINs are read from a hidden prompt on a terminal or from standard input, one per line; --pin and
--owner-pin exist for scripts (they land in the shell history).
"""

from __future__ import annotations

import sys

import click

from tui.cli import authorized, emit, fail, open_controller, read_pin
from tui.controller.errors import CockpitError


@click.group("profile")
def profile():
    """Driver profiles: list, switch, export, import, history."""


@profile.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def profile_list(ctx, as_json):
    """The profiles, the one at the wheel marked with *."""
    c = open_controller(ctx)
    if c.profiles.valet_active():
        emit({"valet": True, "profiles": []}, as_json, ["Valet mode is on: profiles are hidden."])
        return
    items = c.profiles.list()
    data = [{"id": p.id, "name": p.name, "initials": p.initials, "colour": p.colour, "guest": p.is_guest,
             "pin": p.has_pin, "active": p.active, "remember": p.remember, "preferences": p.preferences,
             "permissions": p.permissions} for p in items]
    lines = [f"{'*' if p.active else ' '} {p.name:<24} {p.initials:<3} {p.preferences:>3} preferences"
             f"{'  PIN' if p.has_pin else ''}{'  guest' if p.is_guest else ''}" for p in items]
    emit(data, as_json, lines)


@profile.command("switch")
@click.argument("name")
@click.option("--pin", "pin", help="The profile's PIN, when it has one (asked for on a terminal).")
@click.option("--keep-changes/--restore", "keep", default=None,
              help="What to do with changes made while driving, when the profile at the wheel asks.")
@click.option("--json", "as_json", is_flag=True, help="Print the apply report as JSON.")
@click.pass_context
def profile_switch(ctx, name, pin, keep, as_json):
    """Switch to a profile and apply its preferences to this car."""
    c = open_controller(ctx)
    if keep is None and c.profiles.needs_decision() and sys.stdin.isatty() and not as_json:
        n = c.profiles.needs_decision()
        keep = click.confirm(f"{c.active_profile_name()} has {n} change(s) made while driving. Save them to the profile?",
                             default=True)
    report = authorized(lambda p: c.profiles.switch(name, pin=p, keep_changes=keep, source="cli"), pin)
    lines = [report.summary()]
    for item in report.items:
        if item.category != "applied":
            lines.append(f"  {item.category:<8} {item.label}: {item.value}" + (f" ({item.detail})" if item.detail else ""))
    emit(report.to_dict(), as_json, lines)


@profile.command("export")
@click.argument("name")
@click.option("-o", "--output", "output", required=True, type=str,
              help="The JSON file to write (a folder gets NAME.smartcockpit.json).")
@click.option("--pin", "pin", help="The profile's PIN (scripts; otherwise asked for, hidden, when it has one).")
@click.option("--force", is_flag=True, help="Replace the file when it exists.")
@click.pass_context
def profile_export(ctx, name, output, pin, force):
    """Write a profile to a JSON file (versioned; never its PIN). An existing file is kept unless --force."""
    from tui.controller.profiles import FileExists

    c = open_controller(ctx)
    try:
        path = authorized(lambda p: c.profiles.export(name, output, pin=p, force=force, source="cli"), pin)
    except FileExists as exc:
        fail(f"{exc.path} already exists; nothing was written. Add --force to replace it.")
    click.echo(f"Exported {c.profiles.get(name).name} to {path}")


@profile.command("import")
@click.argument("file", type=str)
@click.option("--name", "name", help="Import under another name (when the name is taken here).")
@click.option("--owner-pin", "owner_pin", help="The car owner's PIN (scripts; otherwise asked for, hidden).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def profile_import(ctx, file, name, owner_pin, as_json):
    """Import a profile file. Every value is checked first; on any problem nothing is imported."""
    from tui.controller.profiles import ImportProblems

    c = open_controller(ctx)
    try:
        info = authorized(lambda p: c.profiles.import_file(file, name=name, owner_pin=p, source="cli"), owner_pin)
    except ImportProblems as exc:
        if as_json:
            click.echo(__import__("json").dumps({"imported": False, "problems": exc.problems}, indent=2))
        else:
            from tui.cli import printable

            click.echo(f"smartcockpit: {len(exc.problems)} problem(s) in {printable(str(file))}; nothing was imported:",
                       err=True)
            for problem in exc.problems[:20]:
                click.echo(f"  - {printable(problem)}", err=True)
            if len(exc.problems) > 20:
                click.echo(f"  ... and {len(exc.problems) - 20} more.", err=True)
        sys.exit(1)
    emit({"imported": True, "id": info.id, "name": info.name, "preferences": info.preferences}, as_json,
         [f"Imported {info.name} with {info.preferences} preferences."])


@profile.command("create")
@click.argument("name")
@click.option("--initials", help="1 to 3 letters (default: from the name).")
@click.option("--colour", help="#RRGGBB (default: the next free colour).")
@click.option("--with-pin", "with_pin", is_flag=True,
              help="Give the new profile a PIN: typed twice at a hidden prompt, or one line of standard input.")
@click.option("--owner-pin", "owner_pin", help="The car owner's PIN (scripts; otherwise asked for, hidden).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def profile_create(ctx, name, initials, colour, with_pin, owner_pin, as_json):
    """Create a profile from this car's current settings (parked). It has no security or purchase
    rights until the owner grants them. Needs the owner's PIN when the owner has one."""
    c = open_controller(ctx)
    decision = c.authority.decide("profile.create", source="cli")
    if decision.refused:
        fail(decision.reason)
    c.profiles.check_name(name)
    new_pin = _new_pin(f"PIN for {name}") if with_pin else None
    info = authorized(lambda p: c.profiles.create(name, initials=initials, colour=colour, pin=new_pin, owner_pin=p,
                                                  source="cli"), owner_pin)
    emit({"created": True, "id": info.id, "name": info.name, "pin": info.has_pin, "permissions": info.permissions},
         as_json, [f"Created {info.name}{' with a PIN' if info.has_pin else ''}. It may not unlock, disarm or buy "
                   "until the owner allows it."])


def _new_pin(prompt: str) -> str:
    """A new PIN: typed twice at a hidden prompt on a terminal, or the next line of standard input."""
    from tui.controller.security import check_pin_format

    if sys.stdin is not None and sys.stdin.isatty():
        pin = click.prompt(prompt, hide_input=True, confirmation_prompt=True, err=True)
    else:
        pin = read_pin(prompt) or ""
    try:
        return check_pin_format(pin)
    except CockpitError as exc:
        fail(str(exc))


@profile.command("pin")
@click.argument("name")
@click.option("--remove", is_flag=True, help="Remove the PIN instead of setting one.")
@click.option("--pin", "pin", help="The current PIN, or the owner's when setting another's first PIN "
                                   "(scripts only: it lands in the shell history; otherwise asked for, hidden).")
@click.pass_context
def profile_pin(ctx, name, remove, pin):
    """Set, change or remove a profile's PIN (parked). The new PIN is typed twice at a hidden prompt,
    or read from standard input, one line each: the current PIN (when asked), then the new one."""
    c = open_controller(ctx)
    target = c.profiles.get(name)
    decision = c.authority.decide("profile.pin", target=target.id, source="cli")
    if decision.refused:
        fail(decision.reason)
    current = pin
    if decision.asks and decision.pin and current is None:
        current = read_pin(decision.reason.rstrip("."))
        if current is None:
            fail(f"{decision.reason} Type it at the prompt, give it on standard input, or (in scripts) --pin.")
    new_pin = None if remove else _new_pin(f"New PIN for {target.name}")
    c.profiles.set_pin(new_pin, current, target.id, source="cli")
    click.echo(f"{target.name}'s PIN {'removed' if remove else 'set'}.")


@profile.command("history")
@click.argument("name")
@click.option("--before", "before", type=int, help="Show changes older than this id (the next page).")
@click.option("--pin", "pin", help="Its PIN, for another profile's history (scripts; otherwise asked for, hidden).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def profile_history(ctx, name, before, pin, as_json):
    """A profile's changes, newest first, 20 at a time."""
    if before is not None and not 1 <= before <= 2**63 - 1:  # SQLite's integers end at 2**63 - 1
        from tui.cli import fail

        fail("--before takes a change id from the history (a whole number from 1 up).")
    c = open_controller(ctx)
    page = authorized(lambda p: c.profiles.history(name, before_id=before, pin=p, source="cli"), pin)
    data = {"entries": [e.__dict__ for e in page.entries], "next_before": page.before_id}
    lines = [f"{e.id:>8} {e.when} {e.label}: {e.old} -> {e.new} ({e.by}){'  undone' if e.undone else ''}"
             for e in page.entries] or ["No changes yet."]
    if page.before_id:
        lines.append(f"More: --before {page.before_id}")
    emit(data, as_json, lines)


COMMANDS = [profile]
