"""`smartcockpit cloud ...`: profiles that roam between cars over NATS JetStream.

    smartcockpit cloud serve [--port N] [--folder DIR]     a local nats-server -js for a demo
    smartcockpit cloud connect URL [--json]                 the server (or cluster: URLs by commas)
    smartcockpit cloud pair [--new | --code CODE | --passphrase] [--json]
    smartcockpit cloud status [--json]
    smartcockpit cloud sync [--watch SECONDS] [--json]
    smartcockpit cloud conflicts [--keep ID local|remote] [--json]
    smartcockpit cloud share NAME [--on | --off] [--groups comfort,media] [--share-pin | --no-share-pin]
    smartcockpit cloud log [--uploads] [--json]              every upload, arrival, refusal, pairing

Pairing (parked, the car's owner): `--new` makes an account on this car; `cloud pair` on a car in an
account shows a short code (once, 10 minutes) that `cloud pair --code CODE` takes on the other car;
or give both cars the same `--passphrase` (read from a hidden prompt or standard input).
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from tui.cli import emit, fail, open_controller


@click.group("cloud")
def cloud():
    """Profiles that follow their driver to any car (NATS JetStream, end-to-end encrypted)."""


@cloud.command("serve")
@click.option("--port", type=int, default=4222, show_default=True, help="The loopback port to listen on.")
@click.option("--folder", type=click.Path(file_okay=False), default=None,
              help="Where the server keeps its data and log (default: cloud/ beside the database).")
@click.option("--domain", default=None, help="Its JetStream domain (a hub with leaf nodes: say, hub).")
@click.option("--leafnodes", "leafnodes", type=int, default=None, metavar="PORT",
              help="Accept leaf nodes (cars' own servers) on this loopback port.")
@click.option("--leaf", "hub", default=None, metavar="URL",
              help="Run as a leaf node of the hub at nats-leaf://HOST:PORT (the car's own server).")
@click.pass_context
def cloud_serve(ctx, port, folder, domain, leafnodes, hub):
    """Run a local NATS server with JetStream for a demo, until Ctrl+C: the hub, or with --leaf a
    car's own leaf node of it (the car then connects to it with --domain set to the hub's)."""
    from tui.controller.net.nats import LinkError, LocalServer, port_answers

    base = Path(folder) if folder else Path(ctx.obj["db"]).expanduser().parent / ("cloud-leaf" if hub else "cloud")
    if hub is not None and domain is None:
        domain = "car"  # a leaf node keeps its own JetStream apart from the hub's
    try:  # checked before anything starts (an empty value is refused, not taken for none)
        server = LocalServer(base, port=port, name="smartcockpit-leaf" if hub is not None else "smartcockpit-cloud",
                             domain=domain, leafnode_port=leafnodes, hubs=[hub] if hub is not None else [])
    except LinkError as exc:
        fail(str(exc))
    if port_answers(port):
        fail(f"Port {port} is taken already; choose another with --port.")
    def stop(*_):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)  # before the start: a stop while it starts still ends the server
    try:
        server.start()
    except (LinkError, OSError) as exc:
        fail(str(exc))
    except BaseException:
        server.stop()
        raise
    extra = f", leaf nodes on nats-leaf://127.0.0.1:{leafnodes}" if leafnodes else ""
    how = (f"In this car: smartcockpit cloud connect {server.url} --domain HUB_DOMAIN" if hub
           else f"In each car: smartcockpit cloud connect {server.url}")
    click.echo(f"NATS with JetStream on {server.url}{extra} (data in {base}). {how}")
    sys.stdout.flush()
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def _sync(ctx):
    return open_controller(ctx).sync


def _network(call):
    """Run a coroutine against the server; a network or protocol problem is one sentence."""
    import asyncio

    from tui.controller.errors import CockpitError
    from tui.controller.net.nats import LinkError
    from tui.controller.sync.crypto import Refused

    try:
        return asyncio.run(asyncio.wait_for(call(), 60))
    except (LinkError, Refused, CockpitError) as exc:
        fail(str(exc))
    except (asyncio.TimeoutError, OSError) as exc:
        fail(f"The server did not answer in time ({type(exc).__name__}); nothing was lost, try again.")


def _confirm(question: str, yes: bool) -> None:
    if not yes and not (sys.stdin.isatty() and click.confirm(question, default=False)):
        fail("Nothing changed (answer yes, or --yes).")


@cloud.command("connect")
@click.argument("url")
@click.option("--domain", default=None, help="The hub's JetStream domain, when URL is the car's own leaf node.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def cloud_connect(ctx, url, domain, as_json):
    """The NATS server (or cluster: several URLs, by commas) this car syncs through."""
    from tui.controller.errors import CockpitError

    try:
        urls = _sync(ctx).connect(url, domain)
    except CockpitError as exc:
        fail(str(exc))
    emit({"url": urls}, as_json, [f"This car syncs through {urls}."])


@cloud.command("pair")
@click.option("--new", "new", is_flag=True, help="Make a new account on this car.")
@click.option("--code", help="Join the account of the car that showed this code.")
@click.option("--passphrase", "use_passphrase", is_flag=True, help="Join by the account passphrase (asked for).")
@click.option("--remove", "remove", metavar="CAR", help="Remove a car (its id, from cloud status) from the account.")
@click.option("--leave", is_flag=True, help="This car leaves the account (its profiles stay here).")
@click.option("--pin", help="The owner's PIN (scripts; otherwise asked for).")
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def cloud_pair(ctx, new, code, use_passphrase, remove, leave, pin, yes, as_json):
    """Pair this car with a driver's account (parked, the owner), show a code for another car, or
    remove a car."""
    from tui.cli import authorized, read_pin
    from tui.controller.errors import CockpitError

    sync = _sync(ctx)
    try:
        if sum(map(bool, (new, code, use_passphrase, remove, leave))) > 1:
            fail("Choose one of --new, --code, --passphrase, --remove, --leave.")
        if new or code or use_passphrase or leave:
            decision = sync.c.authority.decide("sync.pair", source="cli")
            if decision.refused:
                fail(decision.reason)
            if decision.confirm:
                _confirm("Leave the account?" if leave else "Pair this car with the account?", yes)
        if new or use_passphrase:
            from tui.controller.sync import crypto

            if new:
                secret, how = crypto.new_secret(), "a new account"
            else:
                phrase = read_pin("Account passphrase")
                if not phrase:
                    fail("Give the account passphrase at the prompt or on standard input.")
                secret, how = crypto.secret_from_passphrase(phrase), "the account passphrase"
            authorized(lambda p: sync.join(secret, how, pin=p, source="cli"), pin)
            emit({"paired": True, "account": sync.keys().account}, as_json,
                 [f"This car is in the account ({how}). `smartcockpit cloud pair` shows a code for another car."])
            return
        if leave:
            authorized(lambda p: sync.leave(pin=p, source="cli"), pin)
            emit({"paired": False}, as_json, ["This car left the account; its profiles stay here."])
            return
        from tui.controller.sync.engine import SyncEngine

        if code:
            async def join():
                engine = await SyncEngine(sync).open()
                try:
                    await authorized_async(lambda p: engine.accept_code(code, pin=p, source="cli"), pin)
                    return await engine.sync_all()
                finally:
                    await engine.close()

            _network(join)
            emit({"paired": True, "account": sync.keys().account}, as_json, ["This car joined the account."])
            return
        if remove:
            sync.c.authority.require("sync.pair", pin=pin, source="cli") if pin else authorized(
                lambda p: sync.c.authority.require("sync.pair", pin=p, source="cli"), pin)
            _confirm(f"Remove {remove} from the account?", yes)

            async def drop():
                engine = await SyncEngine(sync).open()
                try:
                    await engine.remove_car(remove)
                finally:
                    await engine.close()

            _network(drop)
            emit({"removed": remove}, as_json, [f"{remove} is no longer in the account."])
            return
        if not sync.paired:
            fail("This car is not in an account: --new, --passphrase, or --code CODE from a car that is.")

        async def offer():
            engine = await SyncEngine(sync).open()
            try:
                return await engine.offer_code()
            finally:
                await engine.close()

        shown = _network(offer)
        emit({"code": shown, "minutes": 10}, as_json,
             [f"Pairing code: {shown}", "On the other car (parked): smartcockpit cloud pair --code " + shown,
              "It works once, for 10 minutes."])
    except CockpitError as exc:
        fail(str(exc))


async def authorized_async(call, pin):
    """authorized() for a coroutine: the PIN asked once when the authority needs it."""
    from tui.cli import read_pin
    from tui.controller.authority import PinNeeded

    try:
        return await call(pin)
    except PinNeeded as exc:
        if pin is not None:
            raise
        entered = read_pin(str(exc).rstrip("."))
        if entered is None:
            fail(f"{exc} Type it at the prompt, give it on standard input, or (in scripts) --pin.")
        return await call(entered)


@cloud.command("status")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def cloud_status(ctx, as_json):
    """Account, cars, last sync, pending changes, conflicts, and each profile's consent."""
    st = _sync(ctx).status()
    lines = [f"Account: {st.account or 'none (smartcockpit cloud pair)'}", f"Server: {st.url or 'none'}",
             f"This car: {st.car_id}", f"Last sync: {st.last_sync or 'never'}",
             f"Pending changes: {st.pending}", f"Conflicts: {st.conflicts}"]
    lines += [f"  car {c['car']}  {c['title']}" for c in st.cars]
    lines += [f"  {p['profile']:<24} {'sync on ' + ','.join(p['groups']) if p['sync'] else 'sync off'}"
              f"{'  PIN shared' if p['share_pin'] else ''}{'  locked' if p['locked'] else ''}"
              for p in st.profiles if not p["guest"]]
    emit(st.to_dict(), as_json, lines)


@cloud.command("sync")
@click.option("--watch", "watch", type=float, default=0, help="Stay connected this many seconds, taking changes live.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def cloud_sync(ctx, watch, as_json):
    """Send this car's changes and take the account's, now."""
    sync = _sync(ctx)
    if not sync.paired:
        fail("This car is not in an account: smartcockpit cloud pair --new (or --code, --passphrase).")
    from tui.controller.sync.engine import SyncEngine

    async def go():
        engine = await SyncEngine(sync).open()
        try:
            result = await engine.sync_all()
            if watch > 0:
                await engine.follow(watch)
                result = await engine.sync_all()
            return result
        finally:
            await engine.close()

    result = _network(go)
    result["pending"] = sync.store.sync.outbox_count()
    result["conflicts"] = len(sync.store.sync.conflicts())
    emit(result, as_json, [f"Synced {result['profiles']} profile(s); sent {result['sent']}; "
                           f"{result['pending']} pending, {result['conflicts']} conflict(s)."])


@cloud.command("conflicts")
@click.option("--keep", nargs=2, metavar="ID local|remote", help="Settle a conflict: keep this car's value or the other's.")
@click.option("--pin", help="The profile's PIN (scripts; otherwise asked for).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def cloud_conflicts(ctx, keep, pin, as_json):
    """Settings both cars changed while apart: both values, the newer taken for now (marked)."""
    from tui.cli import authorized
    from tui.controller.errors import CockpitError

    sync = _sync(ctx)
    if keep:
        try:
            authorized(lambda p: sync.resolve(int(keep[0]), keep[1], pin=p, source="cli"), pin)
        except (CockpitError, ValueError) as exc:
            fail(str(exc) if isinstance(exc, CockpitError) else "Give the conflict's number.")
    found = sync.conflicts()
    emit(found, as_json, [f"#{k['id']} {k['profile']}: {k['label']}: here {k['here']}"
                          f"{' (newer)' if k['newer'] == 'here' else ''}, other car {k['other']}"
                          f"{' (newer)' if k['newer'] == 'other' else ''}; using "
                          f"{'here' if k['chosen'] == 'local' else 'other car'}" for k in found] or ["No conflicts."])


@cloud.command("share")
@click.argument("name")
@click.option("--on/--off", "enabled", default=None, help="Sync this profile or not.")
@click.option("--groups", help="Comma-separated: comfort, media, home, history.")
@click.option("--share-pin/--no-share-pin", "share_pin", default=None,
              help="Let the profile's PIN hash go to the account's other cars (else it arrives locked).")
@click.option("--pin", help="The profile's PIN (scripts; otherwise asked for).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def cloud_share(ctx, name, enabled, groups, share_pin, pin, as_json):
    """A profile's consent: sync on or off, which groups, whether its PIN hash may leave this car."""
    from tui.cli import authorized
    from tui.controller.errors import CockpitError

    sync = _sync(ctx)
    try:
        sp = authorized(lambda p: sync.consent(name, enabled=enabled, groups=groups.split(",") if groups else None,
                                               share_pin=share_pin, pin=p, source="cli"), pin)
    except CockpitError as exc:
        fail(str(exc))
    emit({"profile": name, "sync": sp.enabled, "groups": list(sp.groups), "share_pin": sp.share_pin}, as_json,
         [f"{name}: sync {'on' if sp.enabled else 'off'} ({', '.join(sp.groups)})"
          f"{', PIN hash shared' if sp.share_pin else ''}."])


@cloud.command("history")
@click.argument("name")
@click.option("--pin", help="The profile's PIN (another profile's history; otherwise asked for).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def cloud_history(ctx, name, pin, as_json):
    """A profile's recent destinations and items played, as they roam (with its history consent)."""
    from tui.cli import authorized
    from tui.controller.errors import CockpitError

    sync = _sync(ctx)
    try:
        found = authorized(lambda p: sync.history(name, pin=p, source="cli"), pin)
    except CockpitError as exc:
        fail(str(exc))
    lines = [f"{at[:16].replace('T', ' ')}  to {place}" for place, _lat, _lon, at in found["destinations"]]
    lines += [f"{at[:16].replace('T', ' ')}  played {label}" for _uri, label, at in found["played"]]
    emit(found, as_json, lines or [f"No history for {name} (it is written down only with its history consent)."])


@cloud.command("log")
@click.option("--uploads", is_flag=True, help="Only what this car sent.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def cloud_log(ctx, uploads, limit, as_json):
    """What this car sent and took, and what it refused (newest first)."""
    c = open_controller(ctx)
    decision = c.authority.decide("data.read", source="cli")
    if decision.refused:
        fail(decision.reason)
    names = {p.id: p.name for p in c.profiles.list()}
    found = c.sync.uploads(limit) if uploads else c.sync.log(limit)
    emit([{"at": e.at, "kind": e.kind, "profile": names.get(e.profile_id), "detail": e.detail} for e in found],
         as_json, [f"{c.hmi_units().datetime_text(e.at)}  {e.kind:<8} {names.get(e.profile_id, '-'):<12} {e.detail}"
                   for e in found] or ["Nothing yet."])


COMMANDS = [cloud]
