"""Partner settlement, behind the operator PIN: per brand and month, the vehicles with access, the
access fees the automaker pays, the sign-ups made in the car and the incentives the provider pays,
and the net; a grouped bar chart with brand labels and a legend; CSV export; and a what-if of the
next month (worked out on a copy by the controller: nothing real changes)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.controller import CockpitError
from tui.controller.ledger import money, money_text, next_month, previous_month
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


# the chart's series: (name on each row, what it is in the legend, colour, the figures of a line)
SERIES = (
    ("Access fees", "automaker → provider", "red", lambda ln: ln.fees),
    ("Incentives", "provider → automaker", "green", lambda ln: ln.incentives),
    ("Driver sales", "drivers → provider", "cyan", lambda ln: ln.sales),
)
EIGHTHS = " ▏▎▍▌▋▊▉"
BRAND_CELLS, SERIES_CELLS, VALUE_CELLS = 12, 13, 11


def bar(value, top, cells: int) -> str:
    """A horizontal bar `cells` wide at full scale, to the eighth of a cell; anything above zero
    shows at least a sliver, zero shows a dot (a bar that is not there is still seen as nothing)."""
    if value <= 0 or top <= 0:
        return "·"
    eighths = max(1, round(float(value) / float(top) * cells * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def fit(text: str, cells: int) -> str:
    return text if len(text) <= cells else text[: cells - 1] + "…"


def chart(settlement, width: int) -> Text:
    """Per brand, one bar per series (grouped), scaled within each currency (amounts in different
    currencies are never compared), each row named, each value written; a legend underneath."""
    out = Text(no_wrap=True, overflow="ellipsis")  # a bar row never wraps; the legend is wrapped here
    cells = max(8, width - BRAND_CELLS - SERIES_CELLS - VALUE_CELLS - 3)
    tops = {}
    for ln in settlement.lines:
        top = max(money(series(ln)) for *_, series in SERIES)
        tops[ln.currency] = max(tops.get(ln.currency, 0), top)
    for number, ln in enumerate(settlement.lines):
        if number:
            out.append("\n")
        for index, (name, _, colour, series) in enumerate(SERIES):
            value = money(series(ln))
            brand = fit(ln.label, BRAND_CELLS) if index == 0 else ""
            out.append(f"{brand:<{BRAND_CELLS}} ", style="bold")
            out.append(f"{name:<{SERIES_CELLS}} ", style=colour)
            drawn = bar(value, tops[ln.currency], cells)
            out.append(drawn, style=colour)
            out.append(" " * (cells - len(drawn) + 1))
            out.append(f"{money_text(value, ln.currency):>{VALUE_CELLS}}\n")
    if not settlement.lines:
        out.append("No movements this month: nothing to chart.\n", style="dim")
    out.append("\n")
    used = 0  # the legend wraps between its items, never inside one
    items = [(f"{name}: {meaning}", colour) for name, meaning, colour, _ in SERIES]
    for text, colour in [*items, ("(bars scaled within each currency)", None)]:
        cells = len(text) + (2 if colour else 0)
        if used and used + 2 + cells > width:
            out.append("\n")
            used = 0
        elif used:
            out.append("  ")
            used += 2
        if colour:
            out.append("█ ", style=colour)
        out.append(text, style="" if colour else "dim")
        used += cells
    return out


class SettlementScreen(CockpitScreen):
    SETUP = True  # shopping waits until the car is parked, also when it starts moving here
    CRUMBS = ("Services", "Settlement")
    HELP = ("Partner settlement: per brand and month, cars with software access, access fees, sign-ups in the "
            "car, incentives and the net to the automaker (incentives minus fees). Left/Right change the month, "
            "Up/Down scroll, x exports CSV, m shows a what-if of the month closing (worked out on a copy: nothing real changes; "
            "m again goes back).")
    BINDINGS = [
        Binding("left,h", "month(-1)", "Month", key_display="←→"),
        Binding("right,l", "month(1)", "Next month", show=False),
        Binding("x", "export", "CSV"),
        Binding("m", "simulate", "What-if"),
    ]
    def __init__(self, month: str | None = None) -> None:
        super().__init__()
        self.month = month
        self.whatif = None  # the what-if shown, or None: the real books

    def compose_body(self):
        with VerticalScroll(id="settlement-scroll"):
            yield Static(id="settlement-table")
            yield Static(id="settlement-whatif")
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
        whatif = self.whatif
        s = whatif.settlement if whatif else self.controller.ledger.settlement(self.month)
        if whatif:
            title = Text.assemble(("WHAT-IF ", "reverse bold"), f"{s.month} as it would close · nothing real changed")
        else:
            title = Text(f"Settlement {s.month}" + (" · open: fees if nothing changes" if s.open else " · closed"))
        table = Table(title=title, expand=True, padding=(0, 1), title_style="bold")
        for name, justify in (("Brand", "left"), ("Cars", "right"), ("Access fees", "right"), ("Sign-ups", "right"),
                              ("Incentives", "right"), ("Net", "right")):
            table.add_column(name, justify=justify, no_wrap=True, overflow="ellipsis")
        totals = list(s.totals().values())
        for ln in [*s.lines, *totals]:
            table.add_row(ln.label, str(ln.vehicles), money_text(ln.fees, ln.currency), str(ln.signups),
                          money_text(ln.incentives, ln.currency), money_text(ln.net, ln.currency),
                          style="bold" if ln in totals else "", end_section=ln is s.lines[-1] if s.lines else False)
        if not s.lines:
            table.add_row("No movements", "", "", "", "", "")
        self.query_one("#settlement-table", Static).update(table)
        notes = self.query_one("#settlement-whatif", Static)
        notes.display = whatif is not None
        if whatif:
            told = whatif.happenings or ["Nothing would happen to the driver's services."]
            notes.update("If the month closed, the driver would be told:\n" + "\n".join(f"• {t}" for t in told))
        width = self.query_one("#settlement-scroll").size.width or self.app.size.width
        # its padding, and room for the scroll bar that shows when the brands do not fit
        self.query_one("#settlement-chart", Static).update(chart(s, width - 4))

    def action_month(self, direction: int) -> None:
        if self.whatif is not None:
            self.whatif = None  # back to the real books
        else:
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
        """A what-if of the month closing; m again goes back to the real books."""
        if self.whatif is not None:
            self.whatif = None
            self.render_month()
            return
        try:
            self.whatif = self.controller.ledger.what_if(1)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        self.render_month()
