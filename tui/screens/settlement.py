"""Partner settlement, behind the operator PIN: per brand and month, the vehicles with access, the
access fees the automaker pays, the sign-ups made in the car and the incentives the provider pays,
and the net; a bar chart drawn in the terminal (plotext); CSV export; months can be simulated."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Static

from tui.controller import CockpitError
from tui.controller.ledger import money_text, next_month, previous_month
from tui.messages import ControllerChanged
from tui.screens.authorize import authorize
from tui.screens.base import CockpitScreen
from tui.screens.dialogs import PinScreen


def open_settlement(app) -> None:
    """The operator's screen. The first time, the car's owner sets an operator PIN (the owner's PIN
    when the owner has one); then the operator PIN opens it. The authority decides every step."""
    ledger = app.controller.ledger

    if not ledger.has_operator_pin():
        def first(owner_pin):
            def new(pin):
                if not pin:
                    return

                def second(again):
                    if again != pin:
                        app.notify("The two PINs differ. Nothing was set.", severity="warning", timeout=3)
                        return
                    try:
                        ledger.set_operator_pin(pin, owner_pin=owner_pin)
                    except CockpitError as exc:
                        app.notify(str(exc), severity="warning", timeout=3)
                        return
                    app.notify("Operator PIN set.", timeout=2)
                    app.push_screen(SettlementScreen())

                app.push_screen(PinScreen("Type the new operator PIN again"), second)

            app.push_screen(PinScreen("Set an operator PIN for the partner settlement"), new)

        authorize(app, "ledger.set_pin", first)
        return

    def check(pin):
        try:
            ledger.open_for_operator(pin)
        except CockpitError as exc:
            app.notify(str(exc), severity="warning", timeout=3)
            return
        app.push_screen(SettlementScreen())

    authorize(app, "ledger.read", check, pin_prompt="Operator PIN for the partner settlement")


def chart(settlement, width: int, height: int) -> Text:
    """Access fees and incentives per brand as a bar chart in the terminal (plotext 5 or 6)."""
    import plotext as plt

    lines = settlement.lines
    names = [ln.brand[:10] for ln in lines] or ["-"]
    fees = [float(ln.fees) for ln in lines] or [0.0]
    incentives = [float(ln.incentives) for ln in lines] or [0.0]
    title = "Left bar: access fees · right bar: incentives (each brand's currency)"
    width, height = max(30, width), max(8, height)
    if hasattr(plt, "clear_figure"):  # plotext 5
        plt.clear_figure()
        plt.plotsize(width, height)
        plt.theme("dark")
        plt.multiple_bar(names, [fees, incentives], labels=["access fees", "incentives"])
        plt.title(title)
        return Text.from_ansi(plt.build())
    figure = plt.figure  # plotext 6: the explicit figure
    figure.clear()
    figure.plot_size(width, height)
    figure.theme("dark")
    figure.draw(figure.bar(names, [fees, incentives]))
    figure.title(title)
    return Text.from_ansi(figure.build().string())


class SettlementScreen(CockpitScreen):
    SETUP = True  # shopping waits until the car is parked, also when it starts moving here
    CRUMBS = ("Services", "Settlement")
    HELP = ("Partner settlement: per brand and month, cars with software access, access fees, sign-ups in the "
            "car, incentives and the net to the automaker. Left/Right change the month, x exports CSV, "
            "m simulates the next month.")
    BINDINGS = [
        Binding("left,h", "month(-1)", "Month", key_display="←→"),
        Binding("right,l", "month(1)", "Next month", show=False),
        Binding("x", "export", "CSV"),
        Binding("m", "simulate", "Simulate"),
    ]

    def __init__(self, month: str | None = None) -> None:
        super().__init__()
        self.month = month

    def compose_body(self):
        yield Static(id="settlement-table")
        yield Static(id="settlement-chart")

    def on_mount(self) -> None:
        super().on_mount()
        self.month = self.month or self.controller.ledger.current_month()
        self.call_after_refresh(self.render_month)

    @on(ControllerChanged)
    def month_follows(self, message: ControllerChanged) -> None:
        self.render_month()

    def on_resize(self, event) -> None:
        super().on_resize(event)
        if self.month:
            self.render_month()

    def render_month(self) -> None:
        s = self.controller.ledger.settlement(self.month)
        table = Table(title=f"Settlement {s.month}" + ("  (open: fees if nothing changes)" if s.open else "")
                      + "  · net = incentives − fees, for the automaker",
                      expand=True, padding=(0, 1), title_style="bold")
        for name, justify in (("Brand", "left"), ("Cars", "right"), ("Access fees", "right"), ("Sign-ups", "right"),
                              ("Incentives", "right"), ("Net", "right")):
            table.add_column(name, justify=justify, no_wrap=True)
        for ln in [*s.lines, *s.totals().values()]:
            style = "bold" if ln.brand == "Total" else ""
            table.add_row(ln.brand + (f" {ln.currency}" if ln.brand == "Total" else ""), str(ln.vehicles),
                          money_text(ln.fees, ln.currency), str(ln.signups), money_text(ln.incentives, ln.currency),
                          money_text(ln.net, ln.currency), style=style)
        if not s.lines:
            table.add_row("No movements", "", "", "", "", "")
        self.query_one("#settlement-table", Static).update(table)
        holder = self.query_one("#settlement-chart", Static)
        rows = 2 + len(s.lines) + len(s.totals()) + 3
        height = max(8, self.app.size.height - rows - 5)
        holder.update(chart(s, max(30, self.app.size.width - 4), height))

    def action_month(self, direction: int) -> None:
        self.month = next_month(self.month) if direction > 0 else previous_month(self.month)
        self.render_month()

    def action_export(self) -> None:
        try:
            path = self.controller.ledger.export_csv(self.month)
        except (CockpitError, OSError) as exc:
            self.app.notify(f"Could not export: {exc}", severity="warning", timeout=3)
            return
        self.app.notify(f"Exported to {path}", timeout=4)

    def action_simulate(self) -> None:
        try:
            now = self.controller.ledger.simulate_months(1)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        self.month = previous_month(now)
        self.render_month()
        self.app.notify(f"Simulated a month: {self.month} is closed.", timeout=2)
