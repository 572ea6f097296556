"""Alerts (issue 17): the controller's alert centre, newest first, with its source and time; a
source filter (f), Enter or r marks the highlighted one read, a marks all shown read, m opens the
app's message log (every toast said on screen, tui/screens/messages.py). Opened with ! on any
screen and from the palette."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Static

from tui.controller.alerts import SOURCES, AlertsChanged
from tui.messages import ControllerChanged
from tui.screens.base import CockpitScreen
from tui.widgets.menu_list import MenuItem, MenuList

MARKS = {"information": ("·", ""), "warning": ("!", "bold yellow"), "error": ("✖", "bold red")}
FILTERS = (None, *SOURCES)


class AlertList(MenuList):
    JUMP_SELECTS = False  # a number only highlights: marking read is Enter or r
    ACTS = False

    def render_item(self, item: MenuItem, number: int) -> Text:
        severity, unread = item.detail.split(":")
        mark, style = MARKS.get(severity, MARKS["information"])
        text = Text()
        text.append("● " if unread == "1" else "  ", style="bold")
        text.append(f"{mark} ", style=style)
        text.append(item.title, style="bold" if unread == "1" else "")
        return self.fit(text)


class AlertsScreen(CockpitScreen):
    CRUMBS = ("Alerts",)
    HELP = ("The car's, the home's, the services', the PINs' and driver assistance's alerts, newest first. "
            "● unread. f shows one source, Enter or r marks one read, a all shown, m the past messages.")
    BINDINGS = [
        Binding("r", "read_one", "Read", show=True),
        Binding("a", "read_all", "All read", show=True),
        Binding("f", "filter", "Source", show=True),
        Binding("m", "messages", "Messages", show=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.source: str | None = None

    def compose_body(self):
        yield Static("", id="alerts-summary")
        yield AlertList(id="alerts")
        yield Static("", id="alerts-empty")

    def on_mount(self) -> None:
        super().on_mount()
        self.reload()
        self.query_one(AlertList).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload()

    @on(ControllerChanged)
    def _changed(self, message: ControllerChanged) -> None:
        if isinstance(message.event, AlertsChanged) or message.stale:
            self.reload()

    def reload(self) -> None:
        alerts = self.controller.alerts
        shown = alerts.list(self.source)
        items = [MenuItem(str(a.id), self._line(a), f"{a.severity}:{0 if a.read else 1}") for a in shown]
        self.query_one(AlertList).set_items(items)
        which = SOURCES[self.source] if self.source else "All sources"
        self.query_one("#alerts-summary", Static).update(
            Text.assemble((which, "bold"), f" · {alerts.unread()} unread · f: source, r: read, m: messages"))
        self.query_one("#alerts-empty", Static).update("" if items else "No alerts here.")

    def _line(self, a) -> str:
        count = f" ×{a.count}" if a.count > 1 else ""
        return f"{self.controller.alerts.when(a)}  {a.source_name}: {a.text}{count}"

    def _highlighted(self) -> int | None:
        option = self.query_one(AlertList).highlighted_option
        return int(option.id) if option is not None and option.id and option.id.isdigit() else None

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        if event.item_id.isdigit():
            self.controller.alerts.mark_read(int(event.item_id))
            self.reload()

    def action_read_one(self) -> None:
        alert_id = self._highlighted()
        if alert_id is not None:
            self.controller.alerts.mark_read(alert_id)
            self.reload()

    def action_read_all(self) -> None:
        n = self.controller.alerts.mark_read(source=self.source)
        self.reload()
        self.app.notify(f"{n} alert{'s' if n != 1 else ''} marked read." if n else "Nothing unread.", timeout=1.5)

    def action_filter(self) -> None:
        self.source = FILTERS[(FILTERS.index(self.source) + 1) % len(FILTERS)]
        self.reload()

    def action_messages(self) -> None:
        from tui.screens.messages import MessagesScreen

        self.app.push_screen(MessagesScreen())
