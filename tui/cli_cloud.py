"""`smartcockpit cloud ...`: profiles that roam between cars over NATS JetStream.

    smartcockpit cloud serve [--port N] [--folder DIR]     a local nats-server -js for a demo
    smartcockpit cloud connect URL [--json]                 the server (or cluster: URLs by commas)
    smartcockpit cloud pair [--new | --code CODE | --passphrase] [--json]
    smartcockpit cloud status [--json]
    smartcockpit cloud sync [--watch SECONDS] [--json]
    smartcockpit cloud conflicts [--keep ID local|remote] [--json]
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
@click.pass_context
def cloud_serve(ctx, port, folder):
    """Run a local NATS server with JetStream for a demo, until Ctrl+C."""
    from tui.controller.net.nats import LinkError, LocalServer, port_answers

    base = Path(folder) if folder else Path(ctx.obj["db"]).expanduser().parent / "cloud"
    if port_answers(port):
        fail(f"Port {port} is taken already; choose another with --port.")
    server = LocalServer(base, port=port, name="smartcockpit-cloud")
    try:
        server.start()
    except (LinkError, OSError) as exc:
        fail(str(exc))

    def stop(*_):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    click.echo(f"NATS with JetStream on {server.url} (data in {base}). "
               f"In each car: smartcockpit cloud connect {server.url}")
    sys.stdout.flush()
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


COMMANDS = [cloud]
