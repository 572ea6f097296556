"""What the last profile switch did (applied, adapted, not on this car, with details), and a profile's
history of changes, newest first, a page at a time, with undo of any one change."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Static

from tui.controller import CockpitError
from tui.controller.profiles import ADAPTED, APPLIED, CATEGORY_TITLES, HELD, MISSING
from tui.messages import ControllerChanged
from tui.screens.base import CockpitScreen
from tui.screens.authorize import ask_then
from tui.widgets.menu_list import MenuItem, MenuList

ORDER = (ADAPTED, MISSING, HELD, APPLIED)
MARKS = {APPLIED: "✓", ADAPTED: "~", MISSING: "✗", HELD: "…"}


class ReportList(MenuList):
    def render_item(self, item: MenuItem, number: int) -> Text:
        if item.id.startswith("h:"):
            return Text(item.title, style="bold underline")
        text = Text()
        category = item.id.split(":", 1)[0]
        text.append(f"{MARKS.get(category, ' ')} ", style="bold")
        text.append(item.title)
        if item.detail:
            text.append("  ")
            text.append(item.detail, style="dim")
        return text


class ApplyReportScreen(CockpitScreen):
    CRUMBS = ("Profiles", "Apply report")
    HELP = "What the last profile switch did on this car. Enter shows the details of a row."
    BINDINGS = [Binding("a", "toggle_applied", "Show applied", show=True)]

    def __init__(self) -> None:
        super().__init__()
        self.show_applied = False

    def compose_body(self):
        yield Static("", id="report-summary")
        yield ReportList(id="report")
        yield Static("", id="report-detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.reload()
        self.query_one(ReportList).focus()

    def reload(self) -> None:
        report = self.controller.profiles.last_report
        summary = self.query_one("#report-summary", Static)
        if report is None:
            summary.update("No profile has been switched to yet.")
            self.query_one(ReportList).set_items([])
            return
        summary.update(f"{report.summary()} · in the {report.car}")
        items = []
        for category in ORDER:
            rows = report.of(category)
            if not rows or (category == APPLIED and not self.show_applied):
                continue
            items.append(MenuItem(f"h:{category}", f"{CATEGORY_TITLES[category]} ({len(rows)})"))
            for n, row in enumerate(rows):
                items.append(MenuItem(f"{category}:{n}", f"{row.label}: {row.value}", row.group))
        if not self.show_applied and report.of(APPLIED):
            items.append(MenuItem("h:more", f"{len(report.of(APPLIED))} applied as saved: press a to list them"))
        menu = self.query_one(ReportList)
        menu.set_items(items, keep=False)
        if len(items) > 1 and items[0].id.startswith("h:"):
            menu.highlighted = 1  # the first row, not its heading
        self._show_detail()

    def _row(self, item_id: str):
        report = self.controller.profiles.last_report
        category, _, n = item_id.partition(":")
        if report is None or category not in CATEGORY_TITLES or not n.isdigit():
            return None
        rows = report.of(category)
        return rows[int(n)] if int(n) < len(rows) else None

    def _show_detail(self) -> None:
        option = self.query_one(ReportList).highlighted_option
        row = self._row(option.id) if option is not None and option.id else None
        detail = self.query_one("#report-detail", Static)
        if row is None:
            detail.update("")
            return
        why = row.detail or ("set as saved in the profile" if row.category == APPLIED else "")
        detail.update(f"{row.label} · {CATEGORY_TITLES[row.category]}: {row.value}" + (f" — {why}" if why else ""))

    def on_option_list_option_highlighted(self, event) -> None:
        self._show_detail()

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        row = self._row(event.item_id)
        if row is not None:
            self.app.notify(f"{row.label}: {row.detail or 'applied as saved'} ({row.path})", timeout=5)

    def action_toggle_applied(self) -> None:
        self.show_applied = not self.show_applied
        self.reload()


class HistoryScreen(CockpitScreen):
    HELP = ("A profile's changes, newest first. n / PageDown older, p / PageUp newer; Enter or u undoes the "
            "highlighted change (asks first).")
    BINDINGS = [
        Binding("n,pagedown", "older", "Older", show=True),
        Binding("p,pageup", "newer", "Newer", show=True),
        Binding("u", "undo_selected", "Undo", show=True),
    ]

    def __init__(self, profile_id: int, pin: str | None = None) -> None:
        super().__init__()
        self.profile_id = profile_id
        self.pin = pin  # another profile's history: its PIN, checked by the authority on each page
        self.cursors: list[int | None] = [None]  # before_id of each page seen so far
        self.page = None

    @property
    def CRUMBS(self):  # noqa: N802
        try:
            return ("Profiles", self.controller.profiles.get(self.profile_id).name, "History")
        except CockpitError:
            return ("Profiles", "History")

    def compose_body(self):
        yield Static("", id="history-title")
        yield MenuList(id="history")

    def on_mount(self) -> None:
        super().on_mount()
        self.load()
        self.query_one(MenuList).focus()

    @on(ControllerChanged)
    def first_page_follows(self, message: ControllerChanged) -> None:
        if message.changes and len(self.cursors) == 1:
            self.load()

    def load(self) -> None:
        try:
            self.page = self.controller.profiles.history(self.profile_id, before_id=self.cursors[-1],
                                                         page=len(self.cursors), pin=self.pin)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        moving = self.controller.restrictions().moving
        entries = self.page.entries[:6] if moving else self.page.entries
        items = []
        for e in entries:
            when = e.when
            state = f"  ({e.why_not})" if e.why_not else ""
            items.append(MenuItem(str(e.id), f"{when}  {e.label}: {e.old} → {e.new}", f"{e.by}{state}"))
        menu = self.query_one(MenuList)
        menu.set_items(items, keep=False)
        more = " · n: older" if self.page.before_id else ""
        newer = " · p: newer" if len(self.cursors) > 1 else ""
        title = f"Page {self.page.page}{more}{newer}" if items else "No changes yet."
        self.query_one("#history-title", Static).update(title)

    def action_older(self) -> None:
        if self.page is not None and self.page.before_id:
            self.cursors.append(self.page.before_id)
            self.load()

    def action_newer(self) -> None:
        if len(self.cursors) > 1:
            self.cursors.pop()
            self.load()

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        self._undo(int(event.item_id))

    def action_undo_selected(self) -> None:
        option = self.query_one(MenuList).highlighted_option
        if option is not None and option.id:
            self._undo(int(option.id))

    def _undo(self, audit_id: int) -> None:
        entry = next((e for e in self.page.entries if e.id == audit_id), None) if self.page else None
        if entry is None:
            return
        if not entry.undoable:
            self.app.notify(f"Cannot undo: {entry.why_not}.", severity="warning", timeout=3)
            return

        def done(_pin=None) -> None:
            try:
                event = self.controller.profiles.undo(audit_id)
            except CockpitError as exc:
                self.app.notify(str(exc), severity="warning", timeout=3)
                return
            self.app.notify(self.controller.undone_text(event), timeout=2)
            self.load()

        ask_then(self.app, done, question=f"Undo this change? {entry.label} goes back to {entry.old}.", yes="Undo")
