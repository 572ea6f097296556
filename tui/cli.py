"""The command line: no subcommand opens the full-screen app; subcommands use the same controller."""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path

import click

from tui import __version__

ENV_DB = "SMARTCOCKPIT_DB"
# commands whose value may be negative (`state set PATH -5`): "-5" is a value, not an unknown option
NEGATIVE_OK = {"ignore_unknown_options": True}


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("smartcockpit", appauthor=False)) / "cockpit.db"


def resolve_db(db: str | None) -> Path:
    if db:
        return Path(db)
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    path = default_db_path()
    # the app's own folder (a folder the person chose is theirs): made 0700 when the database is
    # first opened; one an earlier release made 0755 is tightened here
    from store.db import tighten_folder

    tighten_folder(path.parent)
    return path


MESSAGE_LIMIT = 400


def printable(message: str) -> str:
    """A message safe for the terminal: what a person typed is echoed in refusals, so control
    characters (escape sequences) become visible as \\xNN and a huge value is cut short."""
    out = "".join(ch if ch.isprintable() or ch == "\n" else ascii(ch)[1:-1] for ch in str(message)[: MESSAGE_LIMIT * 2])
    return out if len(out) <= MESSAGE_LIMIT else out[: MESSAGE_LIMIT - 1] + "…"


def fail(message: str, code: int = 1):
    click.echo(f"smartcockpit: {printable(message)}", err=True)
    sys.exit(code)


def offer_restore(path: Path, interactive: bool) -> bool:
    """After a refusal: when a backup exists beside the file, offer to restore it."""
    from store import NewerDatabaseError, backups, restore

    try:
        found = backups(path) if path.exists() and not path.is_dir() else []
    except (OSError, ValueError):
        found = []
    if not found:
        return False
    newest = found[0]
    if not interactive:
        click.echo(f"smartcockpit: a backup exists: {newest.name}. `smartcockpit db restore` puts it back.", err=True)
        return False
    if not click.confirm(f"Restore the backup {newest.name}? The current file is kept as {path.name}.damaged", default=False, err=True):
        return False
    restore(newest, path)
    click.echo(f"Restored {newest.name}.", err=True)
    return True


def open_controller(ctx, interactive: bool = False, staged: bool = False) -> "Controller":  # noqa: F821
    from store import DamagedDatabaseError
    from tui.controller import CockpitError, Controller

    if ctx.obj.get("controller") is None:
        try:
            try:
                controller = Controller.open(ctx.obj["db"], staged=staged)
            except DamagedDatabaseError as exc:
                click.echo(f"smartcockpit: {exc}", err=True)
                if not offer_restore(Path(ctx.obj["db"]), interactive):
                    sys.exit(1)
                controller = Controller.open(ctx.obj["db"], staged=staged)
            if ctx.obj.get("vin"):
                controller.use_vehicle(ctx.obj["vin"])
        except CockpitError as exc:
            fail(str(exc))
        ctx.obj["controller"] = controller
        ctx.call_on_close(controller.close)
    return ctx.obj["controller"]


def read_pin(prompt: str) -> str | None:
    """A PIN typed at a hidden prompt on a terminal, or the first line of standard input (for
    scripts: `printf 1234 | smartcockpit ...`), never an argument that lands in shell history."""
    if sys.stdin is None:
        return None
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, default="", show_default=False, err=True) or None
    try:
        line = sys.stdin.readline(64)
    except (OSError, ValueError):
        return None
    return line.strip() or None


def authorized(call, pin: str | None = None):
    """Run call(pin). When the authority needs a PIN that was not given (--pin), ask for it once:
    at a hidden prompt on a terminal or from standard input; none there is a clear refusal."""
    from tui.controller.authority import PinNeeded

    try:
        return call(pin)
    except PinNeeded as exc:
        if pin is not None:
            raise
        entered = read_pin(str(exc).rstrip("."))
        if entered is None:
            fail(f"{exc} Type it at the prompt, give it on standard input, or (in scripts) --pin.")
        return call(entered)


def emit(data, as_json: bool, text_lines) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for line in text_lines:
            click.echo(line)


class CockpitGroup(click.Group):
    """Turns the controller's refusals into one line on stderr and exit code 1, never a traceback.
    The domains' commands are loaded on first use (DOMAIN_COMMANDS)."""

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *DOMAIN_COMMANDS})

    def get_command(self, ctx, name):
        if name not in self.commands and name in DOMAIN_COMMANDS:
            load_domain_commands(DOMAIN_COMMANDS[name])
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        from tui.controller import CockpitError

        from store import DamagedDatabaseError

        try:
            return super().invoke(ctx)
        except DamagedDatabaseError as exc:
            click.echo(f"smartcockpit: {printable(str(exc))}", err=True)
            offer_restore(Path(ctx.obj["db"]), interactive=False)
            sys.exit(1)
        except CockpitError as exc:
            fail(str(exc))
        except click.UsageError as exc:
            # click's own refusals (a choice that is not one of the list) quote what was typed:
            # shown safely, like every other refusal
            exc.message = printable(exc.message)
            raise


@click.group(cls=CockpitGroup, invoke_without_command=True)
@click.option("--db", "db", type=str, help=f"Database file (default: user data folder; env {ENV_DB}).")
@click.option("--vehicle", "vin", help="Use the car with this VIN.")
@click.option("--home", "home_url", metavar="URL",
              help="The smart home for this run: mqtt://host:port (Home Assistant discovery), or simulated.")
@click.version_option(__version__, prog_name="smartcockpit")
@click.pass_context
def main(ctx, db, vin, home_url):
    """SmartCockpit: the in-car cockpit console. Without a command, opens the full-screen app."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = resolve_db(db)
    ctx.obj["vin"] = vin
    if home_url:  # smart home over MQTT (issue 18): loaded only when asked for
        from tui.controller import CockpitError
        from tui.controller.home.connection import use_broker_for_this_run

        try:
            use_broker_for_this_run(home_url)
        except CockpitError as exc:
            fail(str(exc))
    if ctx.invoked_subcommand is None:
        # Start-up allocates many long-lived objects (Textual, the catalog); the cyclic garbage
        # collector finds nothing to free among them. It is switched back on after the first paint.
        gc.disable()
        # staged: the home screen paints first, the domains are built right after (tui/app.py)
        controller = open_controller(ctx, interactive=sys.stdin.isatty(), staged=True)
        from tui.app import CockpitApp

        CockpitApp(controller, manage_gc=True).run()


# ---------------------------------------------------------------------- state
@main.group()
def state():
    """Read and change vehicle state by VSS path."""


@state.command("get")
@click.argument("paths", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def state_get(ctx, paths, as_json):
    """Print current values (all of them without PATH)."""
    c = open_controller(ctx)
    wanted = list(paths) or c.signal_paths()
    data = {}
    for path in wanted:
        c.spec(path)  # unknown names and signals the car lacks are refused here
        data[path] = c.get(path)
    emit(data, as_json, [f"{p}\t{c.format(p)}" for p in data])


@state.command("set", context_settings=NEGATIVE_OK)
@click.argument("path")
@click.argument("value")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def state_set(ctx, path, value, as_json):
    """Change one setting, validated against this car and the VSS spec."""
    c = open_controller(ctx)
    read, note = c.parse_text(path, value)  # a bare number is in the driver's unit; 72F, 22 °C, 60mph
    event = c.set(path, read, source="cli")
    new = c.get(path)
    data = {"path": path, "value": new, "changed": event is not None,
            "old": event.old if event else new, **({"read_as": note} if note else {})}
    emit(data, as_json, [f"{c.spec(path).label}: {c.format(path)}" + ("" if event else " (unchanged)")]
         + ([f"Read as {note}."] if note else []))


# ---------------------------------------------------------------------- vehicles
@main.group()
def vehicle():
    """The cars this console knows."""


@vehicle.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--catalog", is_flag=True, help="List the models of the catalog instead.")
@click.pass_context
def vehicle_list(ctx, as_json, catalog):
    c = open_controller(ctx)
    if catalog:
        brands = {b.id: b.name for b in c.brands()}
        rows = [{"model": m.id, "brand": brands[m.brand_id], "name": m.name, "year": m.model_year,
                 "platform": m.platform, "powertrain": m.powertrain} for m in c.models()]
        emit(rows, as_json, [f"{r['model']:40} {r['brand']} {r['name']} {r['year']} ({r['platform']}, {r['powertrain']})" for r in rows])
        return
    rows = [car_data(car, car.vin == c.car.vin) for car in c.vehicles()]
    emit(rows, as_json, [f"{'*' if r['active'] else ' '} {r['vin']}  {r['brand']} {r['model']} {r['year']}"
                         + (f"  ({r['nickname']})" if r["nickname"] else "") for r in rows])


def car_data(car, active: bool) -> dict:
    return {"vin": car.vin, "brand": car.brand.name, "model": car.model.name, "model_id": car.model.id,
            "year": car.model.model_year, "nickname": car.nickname, "active": active}


@vehicle.command("use")
@click.argument("vin")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def vehicle_use(ctx, vin, as_json):
    """Make the car with this VIN the current one."""
    c = open_controller(ctx)
    car = c.use_vehicle(vin)
    car = next(v for v in c.vehicles() if v.vin == car.vin)
    emit(car_data(car, True), as_json, [f"Now using {car.vin}: {car.title} {car.model.model_year}"])


@vehicle.command("add")
@click.argument("model_id")
@click.option("--name", "nickname", help="A nickname for the car.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def vehicle_add(ctx, model_id, nickname, as_json):
    """Add a car of a catalog model (see `vehicle list --catalog`) and use it."""
    c = open_controller(ctx)
    car = c.add_vehicle(model_id, nickname)
    emit(car_data(car, True), as_json, [f"Added and now using {car.vin}: {car.title} {car.model.model_year}"])


# ---------------------------------------------------------------------- db
@main.group()
def db():
    """The database file."""


@db.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def db_check(ctx, as_json):
    """Integrity check and schema version; exit code 1 when there are problems."""
    from store import DamagedDatabaseError
    from store.db import inspect_damaged
    from tui.controller import CockpitError, Controller

    path = Path(ctx.obj["db"])
    try:
        ctx.obj["controller"] = c = Controller.open(path)
        ctx.call_on_close(c.close)
    except DamagedDatabaseError as exc:
        problems = inspect_damaged(path) or [str(exc)]
        emit({"database": str(path), "schema_version": None, "ok": False, "problems": problems}, as_json,
             [f"Database: {path}", "Integrity: DAMAGED", *problems])
        offer_restore(path, interactive=False)
        sys.exit(1)
    except CockpitError as exc:
        fail(str(exc))
    problems = c.db_check()
    data = {"database": str(c.store.path), "schema_version": c.store.schema_version(),
            "ok": not problems, "problems": problems}
    emit(data, as_json, [f"Database: {data['database']}", f"Schema version: {data['schema_version']}",
                         "Integrity: ok" if not problems else "Integrity: PROBLEMS", *problems])
    if problems:
        sys.exit(1)


@db.command("backup")
@click.pass_context
def db_backup(ctx):
    """Copy the database beside itself (SQLite backup API)."""
    c = open_controller(ctx)
    click.echo(f"Backed up to {c.store.backup_now()}")


def _restore_allowed(path: Path, pin: str | None, yes: bool) -> None:
    """Ask the authority before anything is replaced; the controller is closed again after."""
    from store import DamagedDatabaseError, StoreError
    from tui.controller import CockpitError, Controller

    try:
        c = Controller.open(path)
    except (DamagedDatabaseError, StoreError):
        return  # nothing readable to ask: the restore is the way back
    try:
        authorized(lambda p: c.authority.require("db.restore", pin=p, source="cli"), pin)
    except CockpitError as exc:
        fail(str(exc))
    finally:
        c.close()


@db.command("restore")
@click.argument("backup_file", required=False, type=str)
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.option("--pin", "pin", help="The car owner's PIN (scripts; otherwise asked for, hidden).")
@click.pass_context
def db_restore(ctx, backup_file, yes, pin):
    """Put a backup back (the newest beside the database without BACKUP_FILE). The car's owner
    decides (the owner's PIN when set), parked, never in valet mode: an old backup must not become
    a way out of valet mode or around a PIN. A database too damaged to open can always be restored."""
    from store import UserError, backups, restore
    from store.db import backup_problem

    path = Path(ctx.obj["db"])
    _restore_allowed(path, pin, yes)
    if backup_file:
        chosen = Path(backup_file)
        problem = backup_problem(chosen, thorough=True)  # read only: the database is not touched
        if problem is not None:
            fail(f"Nothing restored: {problem}.")
    else:
        chosen = next(iter(backups(path)), None)  # empty, damaged or foreign copies are passed over
        if chosen is None:
            fail(f"No usable backup found beside {path}.")
    if not yes and not click.confirm(f"Replace {path} with {chosen.name}?", default=False):
        fail("Nothing restored.")
    try:
        restore(chosen, path)
    except (UserError, OSError) as exc:
        fail(f"Nothing restored: {exc}")
    click.echo(f"Restored {chosen.name} to {path}")


# ---------------------------------------------------------------------- domain commands
# Each domain keeps its commands in its own module (tui/cli_<domain>.py) with a list COMMANDS of
# click commands or groups. They are loaded when one of them is asked for (click's lazy-loading
# pattern): the full-screen app, which starts without a command, does not pay for them.
DOMAIN_COMMANDS = {
    # -- profiles (issue 3)
    "profile": "tui.cli_profiles",
    # -- vehicle controls and drive (issue 4)
    "simulate": "tui.cli_simulate",
    # -- media and services (issue 7)
    "services": "tui.cli_services",
    "ledger": "tui.cli_services",
    "media": "tui.cli_services",
    # -- smart home and routines (issue 5)
    "home": "tui.cli_home",
    "routine": "tui.cli_home",
    # -- assistant (issue 6)
    "say": "tui.cli_assistant",
    # -- profile sync over NATS (issue 19)
    "cloud": "tui.cli_cloud",
    # -- doors, windows, locks and the car's health (issue 17)
    "body": "tui.cli_body",
    # -- alerts and navigation (issue 17)
    "alerts": "tui.cli_nav",
    "nav": "tui.cli_nav",
    # -- charging and trips (issue 17)
    "charging": "tui.cli_charging",
    "trips": "tui.cli_charging",
    # -- software updates and the fleet (issue 20)
    "fleet": "tui.cli_fleet",
    "update": "tui.cli_updates",
}


def load_domain_commands(module_name: str) -> None:
    """Add a domain module's commands to the main group (once)."""
    import importlib

    for command in importlib.import_module(module_name).COMMANDS:
        main.add_command(command)


def load_all_commands() -> click.Group:
    """Every command loaded (for --help listings and tools that walk the whole command tree)."""
    for module_name in dict.fromkeys(DOMAIN_COMMANDS.values()):
        load_domain_commands(module_name)
    return main


if __name__ == "__main__":  # pragma: no cover
    main()
