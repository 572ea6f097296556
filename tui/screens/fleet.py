"""The fleet operator's screen, behind the operator PIN (Services > f): rollouts on the left; on the
right the selected rollout's progress and failure rate per group, brand or model, as a table and a
bar chart drawn in the terminal (plotext). Releases and a new simulated fleet are one key away; the
simulated fleet can report in the background while the operator watches the thresholds work.

The PIN typed on the way in stays with the screen while it shows: every action passes it to the
controller, which checks it again (tui.controller.fleet.Fleet asks the authority each time)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui.controller import CockpitError
from tui.screens.authorize import ask_then, authorize
from tui.screens.base import CockpitScreen
from tui.screens.dialogs import ChoiceScreen, PromptScreen
from tui.screens.fleet_releases import ReleasesScreen, plan_rollout, rules_text
from tui.widgets.menu_list import MenuItem, MenuList

VIEWS = ("groups", "brands", "models")
RUN_EVERY_S = 0.25  # the background run: one batch of reports this often
RUN_BATCH = 250


def open_fleet(app) -> None:
    """The operator PIN first (the authority refuses while moving, in valet mode, or before the
    car's owner set an operator PIN), then the fleet screen."""
    from tui.controller.fleet import Fleet

    fleet = Fleet(app.controller)

    def check(pin):
        try:
            fleet.open_for_operator(pin)
        except CockpitError as exc:
            app.notify(str(exc), severity="warning", timeout=3)
            return
        app.push_screen(FleetScreen(fleet, pin))

    authorize(app, "fleet.read", check, pin_prompt="Operator PIN for the fleet")


def failure_chart(names: list[str], rates: list[float], threshold: float, width: int, height: int) -> Text:
    """The failure rate per group, brand or model as bars, and the error threshold as a dotted line
    across them (where the rollout stops itself), drawn by plotext (5 or 6)."""
    import plotext as plt

    names, rates = names or ["-"], rates or [0.0]
    title = f"failed % of finished · ┈ {threshold:g} % stops it"
    width, height = max(30, width), max(6, height)
    if hasattr(plt, "clear_figure"):  # plotext 5
        plt.clear_figure()
        plt.plotsize(width, height)
        plt.theme("dark")
        plt.bar(names, rates)
        plt.hline(threshold)
        plt.title(title)
        return Text.from_ansi(plt.build())
    figure = plt.figure  # plotext 6
    figure.clear()
    figure.plot_size(width, height)
    figure.theme("dark")
    figure.draw(figure.bar(names, rates))
    figure.line(threshold, style="dotted")
    figure.title(title)
    return Text.from_ansi(figure.build().string())


class FleetScreen(CockpitScreen):
    SETUP = True  # operator work waits until the car is parked
    CRUMBS = ("Services", "Fleet")
    HELP = ("Rollouts of releases over the simulated fleet. n plans a rollout, s starts it, p pauses, r resumes "
            "(a pause for approval starts the next group), x starts the next group by hand, c cancels, t retries "
            "the failed cars. v shows groups, brands or models. b lets the simulated cars report one batch, a runs "
            "them in the background until the rollout stops; w sets the simulated cars' failure rates per brand or "
            "model. e lists releases and adds one (its rules picked from the catalog, signed into the update "
            "repository); f makes a new fleet.")
    BINDINGS = [
        Binding("n", "new", "New"),
        Binding("s", "start", "Start"),
        Binding("p", "pause", "Pause"),
        Binding("r", "resume", "Resume"),
        Binding("v", "view", "View"),
        Binding("a", "run", "Run", show=False),
        Binding("b", "batch", "Batch", show=False),
        Binding("x", "next", "Next group", show=False),
        Binding("c", "cancel", "Cancel", show=False),
        Binding("t", "retry", "Retry", show=False),
        Binding("e", "releases", "Releases", show=False),
        Binding("f", "generate", "New fleet", show=False),
        Binding("w", "rates", "Failure rates", show=False),
    ]

    def __init__(self, fleet, pin: str | None) -> None:
        super().__init__()
        self.fleet = fleet
        self.pin = pin
        self.view = "groups"
        self.selected: int | None = None
        self._runner = None
        from tui.controller.fleet.simulate import SimulatedCars

        self.rates = "default=2%"
        self.cars = SimulatedCars(seed=20)

    def compose_body(self):
        with Horizontal(id="fleet-cols"):
            yield MenuList(id="rollouts")
            with Vertical(id="fleet-detail"):
                yield Static(id="fleet-head")
                yield Static(id="fleet-table")
                yield Static(id="fleet-chart")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_rollouts()
        self.query_one("#rollouts", MenuList).focus()
        self.call_after_refresh(self.render_detail)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_rollouts()
        self.render_detail()

    def on_unmount(self) -> None:
        self.stop_run()

    def on_resize(self, event) -> None:
        super().on_resize(event)
        self.render_detail()

    # ------------------------------------------------------------------ what shows
    def refresh_rollouts(self) -> None:
        menu = self.query_one("#rollouts", MenuList)
        rollouts = list(reversed(self.fleet.rollouts()))
        if self.selected is None and rollouts:
            self.selected = rollouts[0].id
        items = [MenuItem(str(r.id), r.name, r.status) for r in rollouts]
        menu.set_items(items or [MenuItem("-", "No rollouts yet", "n plans one")])
        if self.selected is not None:
            try:
                menu.highlighted = menu.get_option_index(str(self.selected))
            except Exception:
                pass

    def on_option_list_option_highlighted(self, event) -> None:
        option_id = getattr(event.option, "id", None)
        if option_id and option_id != "-" and option_id.isdigit() and int(option_id) != self.selected:
            self.selected = int(option_id)
            self.render_detail()

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        if event.item_id.isdigit():
            self.selected = int(event.item_id)
            self.render_detail()

    def render_detail(self) -> None:
        if self.gone:
            return
        head = self.query_one("#fleet-head", Static)
        table_holder = self.query_one("#fleet-table", Static)
        chart_holder = self.query_one("#fleet-chart", Static)
        if self.selected is None:
            cars = self.fleet.car_count()
            head.update(f"Fleet: {cars:,} cars, {len(self.fleet.releases())} releases.\n"
                        + ("n plans a rollout of a release; e adds releases." if cars else
                           "f makes a simulated fleet; e adds releases."))
            table_holder.update("")
            chart_holder.update("")
            return
        by = {"groups": (), "brands": ("brand_id",), "models": ("model_id",)}[self.view]
        v = self.fleet.status(self.selected, by)
        r = v.rollout
        line = f"{r.name} · {r.status}" + (" · running in the background" if self._runner else "")
        reason = r.pause_reason or ", ".join(f"{n:,} not planned ({why})" for why, n in
                                             sorted(r.skipped.items(), key=lambda kv: -kv[1])[:1])
        head.update(Text(line + ("\n" + reason if reason else ""), no_wrap=False))
        rows = {"groups": v.groups, "brands": v.brands, "models": v.models}[self.view]
        rows = sorted(rows, key=lambda p: -p.failure_rate) if self.view != "groups" else rows
        width, height = self.app.size.width, self.app.size.height
        groups = self.view == "groups"
        room = len(rows) + 1 if groups else max(3, (height - 16) // 2)
        shown = [*rows, v.overall] if groups else rows[:room]
        table = Table(expand=True, padding=(0, 1), show_edge=False, box=None)
        label = {"groups": "Group", "brands": "Brand (worst first)", "models": "Model (worst first)"}[self.view]
        columns = [(label, "left"), *([("State", "left")] if groups else []), ("Cars", "right"), ("Done", "right"),
                   ("Failed", "right")]
        for name, justify in columns:
            table.add_column(name, justify=justify, no_wrap=True)
        for p in shown:
            table.add_row(p.name[:26], *([p.status or ""] if groups else []), f"{p.total:,}", f"{p.progress:.0f}%",
                          f"{p.failure_rate:.1f}%", style="bold" if p is v.overall else "")
        if len(rows) > len(shown) and not groups:
            table.add_row(f"+ {len(rows) - len(shown)} more", "", "", "")
        table_holder.update(table)
        chart_rows = rows if groups else shown
        # bars named by the group, the brand, or the model without its brand and year
        names = [p.name if groups else p.name[:8] if self.view == "brands" else " ".join(p.name.split()[1:-1])[:8]
                 for p in chart_rows]
        used = 2 + (2 if reason else 1) + len(shown) + 1 + (1 if len(rows) > len(shown) else 0)
        chart_width = chart_holder.size.width or (width - 30)
        chart_holder.update(failure_chart(names, [p.failure_rate for p in chart_rows], r.error_threshold,
                                          chart_width - 1, height - used - 5))

    # ------------------------------------------------------------------ actions
    def _do(self, call, done=None) -> bool:
        ok = self.attempt(call, done)
        self.refresh_rollouts()
        self.render_detail()
        return ok

    def _need_rollout(self) -> int | None:
        if self.selected is None:
            self.app.notify("No rollout yet: n plans one.", severity="warning", timeout=2)
        return self.selected

    def action_view(self) -> None:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self.render_detail()

    def action_new(self) -> None:
        releases = self.fleet.releases()
        if not releases:
            self.app.notify("No releases yet: e adds one.", severity="warning", timeout=2)
            return
        from tui.controller.fleet.versions import label

        items = [MenuItem(str(r.id), f"{label(r.component)} {r.version}", rules_text(r.rules) or "every car")
                 for r in reversed(releases)][:9]

        def planned(r):
            self.selected = r.id
            self.refresh_rollouts()
            self.render_detail()

        def chosen_release(release_id):
            if release_id is not None:
                plan_rollout(self, self.fleet, self.pin, int(release_id), planned)

        self.app.push_screen(ChoiceScreen("Roll out which release?", items), chosen_release)

    def _act(self, name: str, done) -> None:
        rid = self._need_rollout()
        if rid is None:
            return
        call = getattr(self.fleet, name)
        self._do(lambda: call(rid, pin=self.pin), done)

    def action_start(self) -> None:
        self._act("start", "Started: group 1 gets the release.")

    def action_pause(self) -> None:
        self.stop_run()
        self._act("pause", "Paused.")

    def action_resume(self) -> None:
        self._act("resume", "Resumed.")

    def action_next(self) -> None:
        self._act("start_next", "The next group started.")

    def action_retry(self) -> None:
        self._act("retry", lambda n: f"{n:,} failed cars get it again.")

    def action_cancel(self) -> None:
        rid = self._need_rollout()
        if rid is None:
            return
        self.stop_run()
        ask_then(self.app, lambda _pin: self._act("cancel", lambda n: f"Cancelled; {n:,} cars will not get it."),
                 question=f"Cancel rollout {rid}? Cars that have not finished will not get the release.",
                 yes="Cancel it", no="Keep it")

    # ------------------------------------------------------------------ the simulated fleet reporting
    def action_batch(self) -> None:
        rid = self._need_rollout()
        if rid is not None:
            self._do(lambda: self.fleet.simulate(rid, RUN_BATCH, pin=self.pin, cars=self.cars),
                     lambda res: f"{res.applied:,} cars reported."
                     + (f" {res.reason}" if res.status == "paused" else ""))

    def action_run(self) -> None:
        if self._runner is not None:
            self.stop_run()
            self.render_detail()
            return
        rid = self._need_rollout()
        if rid is None:
            return
        try:  # the operator's PIN once for the run; each batch then goes without asking
            self.fleet.check_manager(self.pin)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        self._runner = self.set_interval(RUN_EVERY_S, self._tick)
        self.render_detail()

    def _tick(self) -> None:
        rid = self.selected
        try:
            result = self.fleet.advance(rid, RUN_BATCH, self.cars)
        except CockpitError as exc:
            self.stop_run()
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        if result.status != "running" or (result.applied == 0 and not result.started_groups):
            self.stop_run()
            self.app.notify(result.reason or f"Rollout {result.status}.", timeout=4,
                            severity="warning" if result.status == "paused" else "information")
        self.refresh_rollouts()
        self.render_detail()

    def action_rates(self) -> None:
        from tui.controller.fleet.simulate import SimulatedCars, parse_rates

        def chosen(text):
            if text is None:
                return
            try:
                rates = parse_rates(text)
            except CockpitError as exc:
                self.app.notify(str(exc), severity="warning", timeout=3)
                return
            self.rates = text.strip() or "default=2%"
            self.cars = SimulatedCars(rates, seed=20)
            self.app.notify(f"The simulated cars fail at {self.rates}.", timeout=2)

        self.app.push_screen(PromptScreen("Failure rates of the simulated cars", self.rates, max_length=200,
                                          note="Per brand or model: jeep=10%,fiat-500e-2024=0.3,default=2%"),
                             chosen)

    def stop_run(self) -> None:
        if self._runner is not None:
            self._runner.stop()
            self._runner = None

    # ------------------------------------------------------------------ releases and the fleet
    def action_releases(self) -> None:
        self.app.push_screen(ReleasesScreen(self.fleet, self.pin))

    def action_generate(self) -> None:
        def count(text):
            if text is None:
                return
            digits = text.replace(",", "").replace("_", "").strip()
            if not digits.isdigit():
                self.app.notify(f"{text!r} is not a number of cars.", severity="warning", timeout=3)
                return

            def make(_pin):
                self.stop_run()
                self.selected = None
                self._do(lambda: self.fleet.generate(int(digits), pin=self.pin),
                         lambda n: f"A fleet of {n:,} cars.")

            ask_then(self.app, make, question="A new fleet replaces the cars and ends every rollout. Go on?",
                     yes="New fleet", no="Keep")

        self.app.push_screen(PromptScreen("How many cars?", "10000", max_length=9), count)


__all__ = ["FleetScreen", "ReleasesScreen", "open_fleet", "failure_chart"]
