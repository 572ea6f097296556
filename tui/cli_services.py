"""Connected services, the partner ledger and media from the command line.

    smartcockpit services list [--json]
    smartcockpit services buy music monthly [--pin 1234] [--yes]
    smartcockpit services trial music | keep music yearly | cancel music [--yes] | receipts
    smartcockpit ledger [--month 2026-11] [--csv] [--json] [--pin 0000]
    smartcockpit ledger simulate [MONTHS]   (a what-if: changes nothing)
    smartcockpit media now | play [QUERY] | pause | next | previous | source FM | volume 20 | list FM
"""

from __future__ import annotations


import click

from tui.cli import authorized, NEGATIVE_OK, emit, fail, open_controller


def _offer_dict(o) -> dict:
    return {
        "id": o.id, "name": o.name, "category": o.category, "status": o.status, "note": o.note,
        "currency": o.currency, "prices": {plan: str(v) for plan, v in o.prices.items()},
        "trial_days": o.trial_days if not o.trial_used else 0, "transfer": o.transfer, "feature": o.feature,
        "until": o.until.isoformat() if o.until else None,
    }


@click.group("services")
def services():
    """Connected services bought in the car: catalog, trials, purchases, cancelling, receipts."""


@services.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def services_list(ctx, as_json):
    """The services this car can run, with prices in the car's currency and what you have."""
    c = open_controller(ctx)
    offers = c.services.catalog()
    lines = [f"Services for the {c.car.title} ({c.services.currency}), profile {c.active_profile_name()}:"]
    for o in offers:
        status = {"built_in": "built in", "trial": "trial", "active": "active", "lifetime": "lifetime",
                  "available": ""}[o.status]
        prices = "  ".join(o.price_text(p) for p in o.prices) if o.status != "built_in" else "no charge"
        lines.append(f"  {o.id:<15} {o.name:<24} {prices}" + (f"  [{status}] {o.note}" if status else ""))
    for name, why in c.services.not_offered():
        lines.append(f"  (not offered) {name}: {why}")
    emit([_offer_dict(o) for o in offers], as_json, lines)


@services.command("buy")
@click.argument("service")
@click.argument("plan", type=click.Choice(["monthly", "yearly", "lifetime"], case_sensitive=False))
@click.option("--pin", "pin", help="The profile's PIN (asked when it has one and none is given).")
@click.option("--yes", is_flag=True, help="Do not ask before buying.")
@click.pass_context
def services_buy(ctx, service, plan, pin, yes):
    """Buy SERVICE with PLAN (monthly, yearly or lifetime)."""
    c = open_controller(ctx)
    quote = c.services.quote(service, plan)
    decision = c.authority.decide("services.buy", source="cli")
    if decision.refused:  # before asking anything
        fail(decision.reason)
    if not yes and not click.confirm(f"{quote.text} Buy?", default=False):
        fail("Nothing bought.")
    receipt = authorized(lambda p: c.services.buy(service, plan, pin=p, source="cli"), pin)
    click.echo(f"Bought. Receipt {receipt.id}: {c.services.receipt_line(receipt)}")


@services.command("trial")
@click.argument("service")
@click.pass_context
def services_trial(ctx, service):
    """Start the free trial of SERVICE (it ends by itself; nothing is charged)."""
    c = open_controller(ctx)
    p = c.services.start_trial(service, source="cli")
    click.echo(f"Trial started; it ends on {c.date_text(p.period_end)} and nothing is charged unless you choose a plan.")


@services.command("keep")
@click.argument("service")
@click.argument("plan", type=click.Choice(["monthly", "yearly", "lifetime", "none"], case_sensitive=False))
@click.option("--pin", "pin", help="The profile's PIN.")
@click.pass_context
def services_keep(ctx, service, plan, pin):
    """Say yes (or 'none' for no) to continuing SERVICE with PLAN after its trial."""
    c = open_controller(ctx)
    chosen = None if plan.lower() == "none" else plan.lower()
    authorized(lambda p: c.services.keep_after_trial(service, chosen, pin=p, source="cli"), pin)
    click.echo("The trial will end by itself." if chosen is None else f"After the trial: {chosen}.")


@services.command("cancel")
@click.argument("service")
@click.option("--yes", is_flag=True, help="Do not ask before cancelling.")
@click.pass_context
def services_cancel(ctx, service, yes):
    """Cancel SERVICE now; the prorated refund is shown before you confirm."""
    c = open_controller(ctx)
    quote = c.services.cancel_quote(service)
    if not yes and not click.confirm(quote.text, default=False):
        fail("Nothing cancelled.")
    c.services.cancel(service, source="cli")
    from tui.controller.ledger import money_text

    click.echo(f"Cancelled. Refund: {money_text(quote.refund, quote.currency)}.")


@services.command("receipts")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def services_receipts(ctx, as_json):
    """Every charge, renewal, refund and trial of the profile at the wheel."""
    c = open_controller(ctx)
    receipts = c.services.receipts()
    emit([r.__dict__ for r in receipts], as_json,
         [c.services.receipt_line(r) for r in receipts] or ["No receipts yet."])


@click.group("ledger", invoke_without_command=True)
@click.option("--month", "month", help="The month, YYYY-MM (default: this month).")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--pin", "pin", help="The operator PIN, when one is set.")
@click.pass_context
def ledger(ctx, month, as_csv, as_json, pin):
    """Partner settlement per brand and month: vehicles with access, fees, sign-ups, incentives, net."""
    if ctx.invoked_subcommand is not None:
        return  # each subcommand decides itself (so `ledger simulate --help` asks no PIN)
    c = _operator(ctx, pin)
    c.tick()
    s = c.ledger.settlement(month)
    if as_csv:
        click.echo(c.ledger.csv(s.month), nl=False)
        return
    rows = [ln.row(s.month) for ln in s.lines]
    emit(rows, as_json, _settlement_lines(s, " (open: fees so far)" if s.open else ""))


def _operator(ctx, pin: str | None):
    """The controller, once the operator is let in: valet, parked, a PIN set by the owner; asked
    for (hidden) when not given with the group's --pin."""
    c = open_controller(ctx)
    authorized(lambda p: c.ledger.open_for_operator(p, source="cli"), pin)
    return c


def _settlement_lines(s, status: str) -> list[str]:
    """The month's table: one row per brand, then one total per currency ("Total in EUR")."""
    from tui.controller.ledger import money_text

    lines = [f"Settlement {s.month}{status}",
             f"{'Brand':<16}{'Cars':>5}{'Fees':>12}{'Sign-ups':>9}{'Incentives':>12}{'Net':>12}"]
    for ln in [*s.lines, *s.totals().values()]:
        lines.append(f"{ln.label:<16}{ln.vehicles:>5}{money_text(ln.fees, ln.currency):>12}{ln.signups:>9}"
                     f"{money_text(ln.incentives, ln.currency):>12}{money_text(ln.net, ln.currency):>12}")
    if not s.lines:
        lines.append("No movements.")
    return lines


@ledger.command("simulate")
@click.argument("months", type=int, default=1)
@click.pass_context
def ledger_simulate(ctx, months):
    """What-if: what MONTHS more months would bring (renewals, trial ends, access fees), worked out on
    a copy. Nothing real changes: the driver's subscriptions and trials, the ledger, the calendar."""
    c = _operator(ctx, ctx.parent.params.get("pin"))
    c.tick()
    seen = c.ledger.what_if(months)
    plural = "s" if months != 1 else ""
    lines = [f"What if {months} month{plural} passed: a what-if on a copy, nothing was changed "
             f"(it is still {seen.start_month} now)."]
    for s in seen.closed:
        lines += ["", *_settlement_lines(s, " (closed, in the what-if)")]
    lines += ["", "The driver would be told:" if seen.happenings else "Nothing would happen to the driver's services."]
    lines += [f"  {text}" for text in seen.happenings]
    click.echo("\n".join(lines))


@ledger.command("set-pin")
@click.option("--new", "new_pin", prompt="New operator PIN", hide_input=True, confirmation_prompt=True)
@click.option("--owner-pin", "owner_pin", default=None,
              help="The car owner's PIN (scripts; otherwise asked for, hidden, when the owner has one).")
@click.pass_context
def ledger_set_pin(ctx, new_pin, owner_pin):
    """Set or change the operator PIN that guards the partner settlement (the car's owner decides)."""
    c = open_controller(ctx)
    authorized(lambda p: c.ledger.set_operator_pin(new_pin, owner_pin=p, source="cli"), owner_pin)
    click.echo("Operator PIN set.")


@click.group("media")
def media():
    """What plays: sources, play/pause, next/previous, volume."""


def _now_text(c) -> str:
    now = c.media.now_playing()
    if now is None:
        return "Nothing is playing."
    return f"{now.source_name}: {now.line}  (volume {c.media.volume()})"


@media.command("now")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def media_now(ctx, as_json):
    """What is playing."""
    c = open_controller(ctx)
    now = c.media.now_playing()
    emit(now.__dict__ if now else None, as_json, [_now_text(c)])


@media.command("play")
@click.argument("query", nargs=-1)
@click.pass_context
def media_play(ctx, query):
    """Play a station, playlist, artist, song or genre (resume without QUERY)."""
    c = open_controller(ctx)
    c.media.play(" ".join(query) or None, source="cli")
    click.echo(_now_text(c))


def _simple(name, method, doc):
    @click.pass_context
    def command(ctx):
        c = open_controller(ctx)
        getattr(c.media, method)(source="cli")
        click.echo(_now_text(c))

    command.__doc__ = doc
    media.command(name)(command)


_simple("pause", "pause", "Pause.")
_simple("next", "next", "Next track or station.")
_simple("previous", "previous", "Previous track or station.")


@media.command("source")
@click.argument("source")
@click.pass_context
def media_source(ctx, source):
    """Switch to FM, AM, DAB, STREAMING, USB or PHONE."""
    c = open_controller(ctx)
    c.media.set_source(source, source="cli")
    click.echo(_now_text(c))


@media.command("volume", context_settings=NEGATIVE_OK)
@click.argument("value", type=int)
@click.pass_context
def media_volume(ctx, value):
    """Set the volume (0 to 100)."""
    c = open_controller(ctx)
    c.media.set_volume(value, source="cli")
    click.echo(f"Volume {c.media.volume()}.")


@media.command("list")
@click.argument("source", default="FM")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def media_list(ctx, source, as_json):
    """What a source offers (stations, playlists, tracks)."""
    c = open_controller(ctx)
    items = c.media.items(source)
    emit([i.__dict__ for i in items], as_json,
         [f"{'P' + str(i.preset) if i.preset else '  '} {i.title:<28} {i.detail}" for i in items])


COMMANDS = [services, ledger, media]
