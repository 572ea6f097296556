"""`smartcockpit profile ...`: driver profiles from the command line (the same controller as the app).

    smartcockpit profile list [--json]
    smartcockpit profile switch NAME [--pin 1234] [--keep-changes | --restore] [--json]
    smartcockpit profile export NAME -o FILE [--pin 1234]
    smartcockpit profile import FILE [--name NEW] [--json]
    smartcockpit profile history NAME [--before ID] [--json]
"""

from __future__ import annotations

import sys

import click

from tui.cli import emit, open_controller


@click.group("profile")
def profile():
    """Driver profiles: list, switch, export, import, history."""


def _pin(c, name: str, pin: str | None, doing: str) -> str | None:
    """The PIN from --pin, or asked for (hidden) on a terminal when the profile has one."""
    info = c.profiles.get(name)
    if info.has_pin and pin is None and sys.stdin.isatty():
        pin = click.prompt(f"PIN to {doing} {info.name}", hide_input=True, default="", show_default=False) or None
    return pin


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
    pin = _pin(c, name, pin, "switch to")
    if keep is None and c.profiles.needs_decision() and sys.stdin.isatty() and not as_json:
        n = c.profiles.needs_decision()
        keep = click.confirm(f"{c.active_profile_name()} has {n} change(s) made while driving. Save them to the profile?",
                             default=True)
    report = c.profiles.switch(name, pin=pin, keep_changes=keep, source="cli")
    lines = [report.summary()]
    for item in report.items:
        if item.category != "applied":
            lines.append(f"  {item.category:<8} {item.label}: {item.value}" + (f" ({item.detail})" if item.detail else ""))
    emit(report.to_dict(), as_json, lines)


@profile.command("export")
@click.argument("name")
@click.option("-o", "--output", "output", required=True, type=str,
              help="The JSON file to write (a folder gets NAME.smartcockpit.json).")
@click.option("--pin", "pin", help="The profile's PIN, when it has one.")
@click.pass_context
def profile_export(ctx, name, output, pin):
    """Write a profile to a JSON file (versioned; never its PIN)."""
    c = open_controller(ctx)
    pin = _pin(c, name, pin, "export")
    path = c.profiles.export(name, output, pin=pin)
    click.echo(f"Exported {c.profiles.get(name).name} to {path}")


@profile.command("import")
@click.argument("file", type=str)
@click.option("--name", "name", help="Import under another name (when the name is taken here).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def profile_import(ctx, file, name, as_json):
    """Import a profile file. Every value is checked first; on any problem nothing is imported."""
    from tui.controller.profiles import ImportProblems

    c = open_controller(ctx)
    try:
        info = c.profiles.import_file(file, name=name)
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


@profile.command("history")
@click.argument("name")
@click.option("--before", "before", type=int, help="Show changes older than this id (the next page).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def profile_history(ctx, name, before, as_json):
    """A profile's changes, newest first, 20 at a time."""
    if before is not None and not 1 <= before <= 2**63 - 1:  # SQLite's integers end at 2**63 - 1
        from tui.cli import fail

        fail("--before takes a change id from the history (a whole number from 1 up).")
    c = open_controller(ctx)
    page = c.profiles.history(name, before_id=before)
    data = {"entries": [e.__dict__ for e in page.entries], "next_before": page.before_id}
    lines = [f"{e.id:>8} {e.at[:19]} {e.label}: {e.old} -> {e.new} ({e.source}){'  undone' if e.undone else ''}"
             for e in page.entries] or ["No changes yet."]
    if page.before_id:
        lines.append(f"More: --before {page.before_id}")
    emit(data, as_json, lines)


COMMANDS = [profile]
