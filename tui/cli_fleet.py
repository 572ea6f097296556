"""The fleet operator's commands (every one asks the operator PIN: --pin, a hidden prompt or stdin).

    smartcockpit fleet generate [N] [--seed 20]
    smartcockpit fleet release add head-unit 6.0.0 [--brand jeep] [--model ...] [--platform "STLA Large"]
                                   [--architecture "STLA Brain"] [--min head-unit=5.1] [--requires connectivity=2.0]
                                   [--notes TEXT] [--repository FOLDER [--file PATH]]   (signed at once)
    smartcockpit fleet release list
    smartcockpit fleet release publish RELEASE --repository FOLDER   (signs it into the image repository)
    smartcockpit fleet rollout create RELEASE [--groups 1,10,50,100] [--group brand=fiat] [--brand B] [--model M]
                                      [--region R] [--success 90] [--error 5] [--min-finished 20] [--approval]
    smartcockpit fleet rollout start|pause|resume|next|cancel|retry ID
    smartcockpit fleet rollout status [ID]
    smartcockpit fleet rollout simulate ID [--reports 1000] [--rates jeep=10%,default=1%] [--seed 20]
    smartcockpit fleet rollout deliver ID [--repository FOLDER] [--nats URL] [--limit 10000]
    smartcockpit fleet rollout collect ID --nats URL [--limit 10000]   (the cars' reports, in a batch)
Every command takes --json.
"""

from __future__ import annotations

import click

from tui.cli import authorized, emit, fail, open_controller

PIN_HELP = "The operator PIN (asked at a hidden prompt or read from stdin when not given)."


def _fleet(ctx):
    from tui.controller.fleet import Fleet

    return Fleet(open_controller(ctx))


def _refused_first(f, action: str) -> None:
    """A refusal (valet, moving, no operator PIN set) is said before any PIN is asked."""
    decision = f.c.authority.decide(action, source="cli")
    if decision.refused:
        fail(decision.reason)


def _operator(f, pin) -> None:
    _refused_first(f, "fleet.read")
    authorized(lambda p: f.open_for_operator(p, source="cli"), pin)


def _manage(f, pin, call):
    """Run call(pin) as a fleet.manage action, asking the PIN when none was given."""
    _refused_first(f, "fleet.manage")
    return authorized(call, pin)


def _pairs(values, what: str) -> dict:
    out = {}
    for v in values:
        name, sep, version = v.partition("=")
        if not sep or not name.strip() or not version.strip():
            fail(f"{v!r} is not {what} (component=version, as connectivity=2.0).")
        out[name.strip()] = version.strip()
    return out


def _release_dict(r) -> dict:
    return {"id": r.id, "component": r.component, "version": r.version, "notes": r.notes, "rules": r.rules,
            "created_at": r.created_at}


def _release_line(r) -> str:
    from tui.controller.fleet.versions import label

    rules = "; ".join(f"{k}: {', '.join(v) if isinstance(v, list) else ', '.join(f'{c} {x}' for c, x in v.items())}"
                      for k, v in r.rules.items())
    return f"  {r.id:>3}  {label(r.component):<24} {r.version:<10} {rules or 'every car'}"


@click.group("fleet")
def fleet():
    """The fleet operator's console: a simulated fleet, releases, rollouts (operator PIN)."""


@fleet.command("generate")
@click.argument("count", type=int, default=10_000)
@click.option("--seed", type=int, default=20, help="The same seed gives the same fleet.")
@click.option("--pin", help=PIN_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def fleet_generate(ctx, count, seed, pin, as_json):
    """Replace the simulated fleet with COUNT cars (default 10,000) over the catalog's brands, models,
    regions and installed versions. Rollouts not finished end (cancelled)."""
    f = _fleet(ctx)
    n = _manage(f, pin, lambda p: f.generate(count, seed=seed, pin=p, source="cli"))
    by_brand = f.cars_by("brand_id")
    emit({"cars": n, "brands": by_brand}, as_json,
         [f"Fleet of {n:,} cars over {len(by_brand)} brands and {len(f.cars_by('model_id'))} models."])


# ---------------------------------------------------------------------- releases
@fleet.group("release")
def release():
    """Releases of a component, with the cars they are for."""


@release.command("add")
@click.argument("component")
@click.argument("version")
@click.option("--notes", default="", help="Release notes.")
@click.option("--brand", "brands", multiple=True, help="Only these brands (repeat).")
@click.option("--model", "models", multiple=True, help="Only these models (repeat).")
@click.option("--platform", "platforms", multiple=True, help="Only these platforms (repeat).")
@click.option("--architecture", "architectures", multiple=True, help="Only these electrical architectures.")
@click.option("--min", "min_installed", multiple=True, help="component=version the car must run already.")
@click.option("--requires", "requires", multiple=True, help="component=version needed (installed first).")
@click.option("--repository", "folder", type=click.Path(file_okay=False),
              help="Sign it into this update repository's image repository at once (`update keys init` made it).")
@click.option("--file", "image", type=click.Path(dir_okay=False),
              help="The release's file to sign (default: the demo builder's simulated image).")
@click.option("--pin", help=PIN_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def release_add(ctx, component, version, notes, brands, models, platforms, architectures, min_installed, requires,
                folder, image, pin, as_json):
    """Release VERSION of COMPONENT (head-unit, driver-assistance, battery-management, connectivity,
    language-pack); with --repository, signed into the image repository in the same step."""
    if image and not folder:
        fail("--file goes with --repository (the file is signed into it).")
    f = _fleet(ctx)
    rules = {"brands": list(brands), "models": list(models), "platforms": list(platforms),
             "architectures": list(architectures), "min_installed": _pairs(min_installed, "a minimum version"),
             "requires": _pairs(requires, "a requirement")}
    r = _manage(f, pin, lambda p: f.add_release(component, version, notes, rules, pin=p, source="cli",
                                                folder=folder, image=image))
    emit({**_release_dict(r), "signed_into": folder}, as_json,
         [f"Release {r.id}:", _release_line(r)] + ([f"Signed into {folder}."] if folder else []))


@release.command("list")
@click.option("--pin", help=PIN_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def release_list(ctx, pin, as_json):
    """Every release and its rules."""
    f = _fleet(ctx)
    _operator(f, pin)
    rs = f.releases()
    emit([_release_dict(r) for r in rs], as_json, ["Releases:" if rs else "No releases yet."]
         + [_release_line(r) for r in rs])


@release.command("publish")
@click.argument("release_id", type=int)
@click.option("--repository", "folder", required=True, type=click.Path(file_okay=False),
              help="The update repository (made by `smartcockpit update keys init`).")
@click.option("--pin", help=PIN_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def release_publish(ctx, release_id, folder, pin, as_json):
    """Sign RELEASE_ID into the image repository, for the hardware its rules allow."""
    f = _fleet(ctx)
    done = _manage(f, pin, lambda p: f.publish_release(release_id, folder, pin=p, source="cli"))
    emit(done, as_json, [f"Published {done['path']} ({done['length']:,} bytes, sha256 {done['sha256'][:16]}…)."])


# ---------------------------------------------------------------------- rollouts
@fleet.group("rollout")
def rollout():
    """Rollouts of a release in groups that stop themselves."""


def _group_filter(text: str) -> dict:
    """'brand=fiat;percent=50;name=Fiat first' -> a group."""
    group: dict = {"filter": {}}
    for part in text.split(";"):
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not value:
            fail(f"{text!r} is not a group (brand=fiat, model=..., region=EU-West; percent=50; name=...).")
        if key == "percent":
            try:
                group["percent"] = float(value)
            except ValueError:
                fail(f"{value!r} is not a percentage.")
        elif key == "name":
            group["name"] = value
        else:
            group["filter"].setdefault(key, []).extend(v.strip() for v in value.split(","))
    return group


def _view_dict(f, rid: int) -> dict:
    return f.status(rid).to_dict()


def _view_lines(f, rid: int, by: str = "group") -> list[str]:
    v = f.status(rid, {"group": (), "brand": ("brand_id",), "model": ("model_id",)}[by])
    r = v.rollout
    lines = [f"Rollout {r.id} {r.name!r}: {r.status}" + (f" ({r.pause_reason})" if r.pause_reason else ""),
             f"  release {v.release.id}: {v.release.component} {v.release.version}; success {r.success_threshold:g} %,"
             f" error {r.error_threshold:g} % after {r.error_min_finished} finished"
             + ("; pauses for approval" if r.approval else ""),
             f"  {by:<28} {'status':<10} {'cars':>7} {'done':>7} {'failed':>7} {'progress':>9} {'fail rate':>9}"]
    rows = {"group": v.groups, "brand": v.brands, "model": v.models}[by]
    for g in [*rows, v.overall]:
        lines.append(f"  {g.name[:28]:<28} {(g.status or ''):<10} {g.total:>7,} {g.done:>7,} {g.errors:>7,} "
                     f"{g.progress:>8.1f}% {g.failure_rate:>8.1f}%")
    for reason, n in sorted(r.skipped.items(), key=lambda kv: -kv[1]):
        lines.append(f"  not planned: {n:,} ({reason})")
    return lines


@rollout.command("create")
@click.argument("release_id", type=int)
@click.option("--name", default="", help="A name (default: the component and version).")
@click.option("--groups", "percentages", help="Cumulative percentages, as 1,10,50,100 (the default).")
@click.option("--group", "groups", multiple=True, help="A group by filter: brand=fiat;percent=50;name=Fiat first.")
@click.option("--brand", "brands", multiple=True, help="Only cars of these brands.")
@click.option("--model", "models", multiple=True, help="Only cars of these models.")
@click.option("--region", "regions", multiple=True, help="Only cars in these regions.")
@click.option("--success", type=float, default=90.0, show_default=True, help="% of a group installed: next group.")
@click.option("--error", type=float, default=5.0, show_default=True, help="% of finished cars failed: pause.")
@click.option("--min-finished", type=int, default=20, show_default=True, help="Finished cars before errors count.")
@click.option("--approval", is_flag=True, help="Pause for approval before each next group.")
@click.option("--pin", help=PIN_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def rollout_create(ctx, release_id, name, percentages, groups, brands, models, regions, success, error, min_finished,
                   approval, pin, as_json):
    """Plan a rollout of RELEASE_ID over the fleet (ready to start)."""
    f = _fleet(ctx)
    pcts = None
    if percentages:
        try:
            pcts = [float(p) for p in percentages.split(",") if p.strip()]
        except ValueError:
            fail(f"{percentages!r} is not a list of percentages (as 1,10,50,100).")
    target = {"brands": list(brands), "models": list(models), "regions": list(regions)}
    r = _manage(f, pin, lambda p: f.create_rollout(
        release_id, name, pcts, [_group_filter(g) for g in groups], target, success, error, min_finished, approval,
        pin=p, source="cli"))
    emit(_view_dict(f, r.id), as_json, _view_lines(f, r.id))


def _action(name: str, doc: str):
    @rollout.command(name, help=doc)
    @click.argument("rollout_id", type=int)
    @click.option("--pin", help=PIN_HELP)
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @click.pass_context
    def command(ctx, rollout_id, pin, as_json):
        f = _fleet(ctx)
        call = {"start": f.start, "pause": f.pause, "resume": f.resume, "next": f.start_next, "cancel": f.cancel,
                "retry": f.retry}[name]
        done = _manage(f, pin, lambda p: call(rollout_id, pin=p, source="cli"))
        lines = _view_lines(f, rollout_id)
        if name in ("cancel", "retry"):
            lines.insert(0, f"{done:,} cars {'cancelled' if name == 'cancel' else 'sent their assignment again'}.")
        emit(_view_dict(f, rollout_id), as_json, lines)

    return command


for _name, _doc in (("start", "Start rollout ID: its first group gets the release."),
                    ("pause", "Pause rollout ID: no new group starts."),
                    ("resume", "Resume rollout ID (a pause for approval starts the group that waited)."),
                    ("next", "Start the next group of rollout ID by hand."),
                    ("cancel", "Cancel rollout ID: cars not finished are cancelled."),
                    ("retry", "Send the failed cars of rollout ID their assignment again.")):
    _action(_name, _doc)


@rollout.command("status")
@click.argument("rollout_id", type=int, required=False)
@click.option("--by", type=click.Choice(["group", "brand", "model"]), default="group", show_default=True,
              help="Rows per group, brand or model (JSON has all three).")
@click.option("--pin", help=PIN_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def rollout_status(ctx, rollout_id, by, pin, as_json):
    """Progress and failure rate per group, brand or model; no ID: every rollout."""
    f = _fleet(ctx)
    _operator(f, pin)
    if rollout_id is not None:
        emit(_view_dict(f, rollout_id), as_json, _view_lines(f, rollout_id, by))
        return
    rs = f.rollouts()
    emit([_view_dict(f, r.id) for r in rs], as_json,
         [f"  {r.id:>3}  {r.status:<9} {r.name}" for r in rs] or ["No rollouts yet."])


@rollout.command("simulate")
@click.argument("rollout_id", type=int)
@click.option("--reports", type=int, default=1000, show_default=True, help="Cars that report in this batch.")
@click.option("--rates", default="", help="Failure rates: jeep=10%,fiat-500e-2024=0.3,default=1%.")
@click.option("--seed", type=int, default=20, show_default=True)
@click.option("--nats", "url", help="Through this NATS server, as real cars: assignments out, reports back.")
@click.option("--pin", help=PIN_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def rollout_simulate(ctx, rollout_id, reports, rates, seed, url, pin, as_json):
    """The simulated fleet's running cars report success or failure (one batch)."""
    from tui.controller.fleet.simulate import SimulatedCars, parse_rates

    f = _fleet(ctx)
    parsed = parse_rates(rates)
    if url:
        from tui.controller.fleet import transport

        _manage(f, pin, lambda p: f.check_manager(p, source="cli"))
        f.status(rollout_id, by=())  # refuses a rollout that does not exist
        cars = SimulatedCars(parsed, seed)
        result = _over_nats(url, lambda link: transport.simulated_round(link, f, rollout_id, reports, cars))
    else:
        result = _manage(f, pin, lambda p: f.simulate(rollout_id, reports, parsed, seed, pin=p, source="cli"))
    lines = [f"{result.applied:,} reports applied, {result.ignored:,} ignored."]
    if result.started_groups:
        lines.append("Started group " + ", ".join(map(str, result.started_groups)) + ".")
    emit({"applied": result.applied, "ignored": result.ignored, "started_groups": list(result.started_groups),
          "paused_at": result.paused_at, "rollout": _view_dict(f, rollout_id)}, as_json,
         lines + _view_lines(f, rollout_id))


def _over_nats(url: str, work):
    """Run `await work(link)` on a fresh connection to the NATS server at `url`."""
    import asyncio

    from tui.controller.net.nats import Link, LinkError

    async def go():
        link = await Link(url).connect()
        try:
            return await work(link)
        finally:
            await link.close()

    try:
        return asyncio.run(asyncio.wait_for(go(), 120))
    except (LinkError, asyncio.TimeoutError, OSError) as exc:
        why = str(exc).strip() or f"The NATS server did not answer in time ({type(exc).__name__})."
        fail(f"{why.rstrip('.')}. Nothing was marked sent or taken.")


@rollout.command("deliver")
@click.argument("rollout_id", type=int)
@click.option("--repository", "folder", type=click.Path(file_okay=False),
              help="The update repository whose director signs the assignments.")
@click.option("--nats", "url", help="Publish the assignments to this NATS server (fleet.assign.<VIN>).")
@click.option("--limit", type=int, default=10_000, show_default=True, help="Assignments in this batch.")
@click.option("--pin", help=PIN_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def rollout_deliver(ctx, rollout_id, folder, url, limit, pin, as_json):
    """Send a batch of rollout ID's waiting assignments: signed by the director when --repository
    is given, published over NATS when --nats is given, then marked sent."""
    f = _fleet(ctx)
    carry = None
    if url:
        from tui.controller.fleet import transport

        carry = lambda batch: _over_nats(url, lambda link: transport.send(link, batch))  # noqa: E731

    batch = _manage(f, pin, lambda p: f.deliver(rollout_id, folder, limit, pin=p, source="cli", carry=carry))
    how = [w for w, on in (("signed by the director", folder), ("published over NATS", url)) if on and batch]
    emit([a.to_dict() for a in batch], as_json,
         [f"{len(batch):,} assignments sent" + (f" ({', '.join(how)})." if how else ".")])


@rollout.command("collect")
@click.argument("rollout_id", type=int)
@click.option("--nats", "url", required=True, help="The NATS server the cars report to.")
@click.option("--limit", type=int, default=10_000, show_default=True, help="Reports in this batch.")
@click.option("--pin", help=PIN_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def rollout_collect(ctx, rollout_id, url, limit, pin, as_json):
    """Take a batch of the cars' status reports for rollout ID from NATS (fleet.report.<ID>)."""
    from tui.controller.fleet import transport

    f = _fleet(ctx)
    _manage(f, pin, lambda p: f.check_manager(p, source="cli"))
    reports, mark = _over_nats(url, lambda link: transport.collect(link, rollout_id, f.report_mark(rollout_id), limit))
    result = f.receive_by_vin(rollout_id, reports, mark)
    lines = [f"{len(reports):,} reports taken: {result.applied:,} applied, {result.ignored:,} ignored."]
    emit({"taken": len(reports), "applied": result.applied, "ignored": result.ignored,
          "started_groups": list(result.started_groups), "paused_at": result.paused_at,
          "rollout": _view_dict(f, rollout_id)}, as_json, lines + _view_lines(f, rollout_id))


COMMANDS = [fleet]
