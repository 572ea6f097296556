"""Charging (Drive > Charging): plug and charging state, time to full, range added, and the rows to
change: charging on/off, the port, the limit, the current, cheap hours, a departure with the cabin
preconditioned. S opens the history of charging sessions (paged, one list, no widget per row)."""

from __future__ import annotations

from datetime import datetime

from textual.binding import Binding
from textual.widgets import Static

from tui.controller import CockpitError
from tui.screens.base import CockpitScreen
from tui.screens.vehicle import ControlsScreen, line
from tui.widgets.menu_list import MenuItem, MenuList

PAGE = 50


class ChargingScreen(ControlsScreen):
    CRUMBS = ("Drive", "Charging")
    HELP = ("Plug and charging state, time to full. Left/Right change a row (times by 15 min), Enter toggles; "
            "S: the history of charging sessions.")
    DOMAIN = staticmethod(lambda c: c.charging)
    BINDINGS = [Binding("s", "history", "Sessions", show=True)]

    def compose_top(self):
        yield line("charging-summary")

    def refresh_top(self) -> None:
        c = self.controller
        if not c.charging.available:
            text = f"{c.car.title} has no battery to charge."
        else:
            st = c.charging.status()
            text = f"{st.soc:.0f} % · {st.state}"
        self.query_one("#charging-summary", Static).update(text, layout=False)

    def action_history(self) -> None:
        if self.controller.charging.available:
            self.app.push_screen(ChargingHistoryScreen())


class ChargingHistoryScreen(CockpitScreen):
    CRUMBS = ("Drive", "Charging", "History")
    HELP = "Charging sessions, newest first: when, where, from and to what charge, the energy. n / p: older / newer."
    BINDINGS = [
        Binding("n,pagedown", "page(1)", "Older", show=True),
        Binding("p,pageup", "page(-1)", "Newer", show=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.first = 0

    def compose_body(self):
        yield Static("", id="sessions-title", classes="panel-line")
        yield MenuList(id="sessions")

    def on_mount(self) -> None:
        super().on_mount()
        self.load()
        self.query_one(MenuList).focus()

    def load(self) -> None:
        c = self.controller
        try:
            sessions = c.charging.history(PAGE, self.first)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        hmi, now = c.hmi_units(), c.clock.now()
        items = []
        for s in sessions:
            when = hmi.when_text(datetime.fromisoformat(s.started_at), now)
            to = "now" if s.ended_at is None else hmi.time_text(datetime.fromisoformat(s.ended_at).astimezone(now.tzinfo))
            items.append(MenuItem(str(s.id), f"{when}-{to}  {s.from_soc:.0f} → {s.to_soc:.0f} %  {s.energy_kwh:.1f} kWh",
                                  s.place or "—"))
        self.query_one(MenuList).set_items(items, keep=False)
        total = c.charging.history_count()
        page = f"{self.first + 1}-{self.first + len(items)} of {total}" if items else "No charging sessions yet."
        self.query_one("#sessions-title", Static).update(page)

    def action_page(self, direction: int) -> None:
        offset = max(0, self.first + PAGE * direction)
        if offset != self.first and offset < max(1, self.controller.charging.history_count()):
            self.first = offset
            self.load()
