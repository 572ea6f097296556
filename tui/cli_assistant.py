"""`smartcockpit say "TEXT"`: the assistant from the command line (the same engine as the bar).

    smartcockpit say "set the driver side to 21"
    smartcockpit say "unlock the car" --pin 1234
    smartcockpit say "open the window" --json      # {"reply", "intent", "slots", "acted", ...}
    smartcockpit say 2                             # answers "Which window? 1 driver, 2 passenger, ..."

The exit code is 1 when the request was refused (out of range, not on this car, wrong PIN, ...) or
not understood, 0 otherwise (also when the assistant asks something back).
"""

from __future__ import annotations

import sys

import click

from tui.cli import emit, open_controller


@click.command("say")
@click.argument("text", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: reply, intent, slots, acted, and what it asks back.")
@click.option("--pin", "pin", help="The PIN, when the request is a security action (unlock, disarm, ...).")
@click.option("--yes", "yes", is_flag=True, help="Answer yes when the assistant asks to confirm.")
@click.pass_context
def say(ctx, text, as_json, pin, yes):
    """Ask the assistant something in plain words, as you would in the car."""
    c = open_controller(ctx)
    request = " ".join(text)
    reply = c.assistant.ask(request)
    interactive = sys.stdin.isatty() and not as_json
    # a request may ask more than once (valet mode: yes first, then a PIN): answer each in turn
    for _ in range(3):
        if reply.needs == "pin":
            if pin is None and interactive:
                pin = click.prompt(reply.text, hide_input=True, default="", show_default=False) or None
            if pin is None:
                break
            reply, pin = c.assistant.answer(pin=pin), None
        elif reply.needs == "confirm":
            if yes:
                reply, yes = c.assistant.answer(confirm=True), False
            elif interactive:
                reply = c.assistant.answer(confirm=click.confirm(reply.text, default=False))
            else:
                break
        else:
            break
    data = reply.to_dict()
    emit(data, as_json, [reply.text])
    if c.__dict__.get("body") is not None and c.body.moving():  # windows move at their motor's speed
        from tui.cli_body import wait_for_motion

        wait_for_motion(c)
    if reply.refused or not reply.understood:
        sys.exit(1)


COMMANDS = [say]
