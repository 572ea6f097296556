"""Trips (Drive > Trips): today's and this week's totals, then every trip newest first, one line
each in one list (paged 50 at a time: no widget per row). Enter shows a trip's details; E exports
every trip as CSV beside the database."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static

from tui.controller import CockpitError
from tui.screens.base import CockpitScreen
from tui.widgets.menu_list import MenuItem, MenuList

PAGE = 50


class TripsScreen(CockpitScreen):
    CRUMBS = ("Drive", "Trips")
    HELP = ("Every drive is a trip: newest first, with today's and this week's totals. Enter: details; n / p: older "
            "/ newer; V: per day, per week, trips; E: export all as CSV beside the database.")
    BINDINGS = [
        Binding("n,pagedown", "page(1)", "Older", show=True),
        Binding("p,pageup", "page(-1)", "Newer", show=False),
        Binding("e", "export", "Export", show=True),
        Binding("v", "view", "Per day/week", show=True),
    ]
    VIEWS = ("trips", "day", "week")

    def __init__(self) -> None:
        super().__init__()
        self.first = 0
        self._views = {}
        self.view = "trips"

    def compose_body(self):
        yield Static("", id="trips-totals", classes="panel-line")
        yield Static("", id="trips-title", classes="panel-line")
        yield MenuList(id="trips")

    def on_mount(self) -> None:
        super().on_mount()
        self.load()
        self.query_one(MenuList).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.load()

    def action_view(self) -> None:
        self.view = self.VIEWS[(self.VIEWS.index(self.view) + 1) % len(self.VIEWS)]
        self.load()

    def load(self) -> None:
        trips = self.controller.trips
        if self.view != "trips":
            self._views = {}
            rows = trips.breakdown(self.view, 12 if self.view == "week" else 14)
            self.query_one(MenuList).set_items(
                [MenuItem(f"t{i}", f"{t.label:<14} {t.trips:>2} trips  {t.distance}  {t.duration}", t.used)
                 for i, t in enumerate(rows)], keep=False)
            self.query_one("#trips-title", Static).update(f"Per {self.view}, newest first · V: "
                                                         f"{'per week' if self.view == 'day' else 'the trips'}")
            return
        try:
            views = trips.views(PAGE, self.first)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        day, week = trips.totals("day"), trips.totals("week")
        self.query_one("#trips-totals", Static).update(
            f"{day.label}: {day.trips} · {day.distance} · {day.duration}   "
            f"{week.label}: {week.trips} · {week.distance} · {week.used}")
        self._views = {str(v.id): v for v in views}
        self.query_one(MenuList).set_items(
            [MenuItem(str(v.id), f"{v.started}  {v.distance}  {v.duration}  {v.average}", v.efficiency) for v in views],
            keep=False)
        total = trips.count()
        self.query_one("#trips-title", Static).update(
            f"Trips {self.first + 1}-{self.first + len(views)} of {total}" if views else "No trips yet: drive (S on Drive).")

    def action_page(self, direction: int) -> None:
        offset = max(0, self.first + PAGE * direction)
        if offset != self.first and offset < max(1, self.controller.trips.count()):
            self.first = offset
            self.load()

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        v = self._views.get(event.item_id)
        if v is not None:
            self.app.notify(f"{v.started}-{v.ended} · {v.start_place} → {v.end_place} · {v.distance} in {v.duration}, "
                            f"{v.average} · {v.used} · {v.efficiency}", timeout=6)

    def action_export(self, force: bool = False) -> None:
        from tui.controller.errors import FileExists
        from tui.screens.dialogs import ConfirmScreen

        try:
            path, rows = self.controller.trips.export(self.controller.trips.beside_database(), force=force)
        except FileExists as exc:  # an export from before: replaced only with a yes
            self.app.push_screen(ConfirmScreen(str(exc), yes="Replace"),
                                 lambda yes: self.action_export(force=True) if yes else None)
            return
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=4)
            return
        self.app.notify(f"{rows} trips written to {path}", timeout=4)
