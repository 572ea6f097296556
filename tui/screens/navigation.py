"""Drive > Navigation (issue 17): where to (Home, Work, saved and recent places, each with how far
it is), Enter routes there and the simulator drives it; the line on top follows the drive
(distance left, arrival time). A saves where the car is (named when parked, by the clock while
moving: nothing is typed while moving), D forgets a saved place, C cancels the route."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import Static

from tui.controller import CockpitError
from tui.messages import ControllerChanged
from tui.screens.base import ListScreen
from tui.widgets.menu_list import MenuItem, MenuList

LAT = "Vehicle.CurrentLocation.Latitude"


class NavigationScreen(ListScreen):
    CRUMBS = ("Drive", "Navigation")
    HELP = ("Choose a destination and press Enter: the simulator drives the route (S on Drive starts it). "
            "A saves this place, D forgets one, C cancels the route.")
    BINDINGS = [
        Binding("a", "save_here", "Save here", show=True),
        Binding("d", "forget", "Forget", show=True),
        Binding("c", "cancel_route", "Cancel route", show=True),
    ]

    NOTE_ID = "nav-status"
    NOTE_CLASSES = "panel-line"
    LIST_ID = "destinations"

    @on(ControllerChanged)
    def _changed(self, message: ControllerChanged) -> None:
        if type(message.event).__name__ == "NavigationChanged" or message.stale:
            self.reload()
        elif LAT in message.paths:
            self.show_status()

    _shown_status = None

    def show_status(self) -> None:
        text = self.controller.navigation.status_text()
        if text != self._shown_status:  # the drive moves it ten times a second; the words change less
            self._shown_status = text
            self.query_one("#nav-status", Static).update(text, layout=False)

    def reload(self) -> None:
        self.show_status()
        nav = self.controller.navigation
        block = self.controller.feature_block("nav.live_traffic")
        try:
            here = nav.here()
        except CockpitError:
            here = None
        items = []
        for d in nav.destinations():
            far = ""
            if here is not None:
                from tui.controller.simulator import Point, distance_m

                far = self.controller.hmi_units().far_text(distance_m(Point(*here, 0), Point(d.latitude, d.longitude, 0)))
            kind = d.label if d.kind in ("saved", "recent") else ""
            items.append(MenuItem(f"d:{d.name}", d.name, " · ".join(x for x in (kind, far) if x), block))
        self.query_one(MenuList).set_items(items)

    def _highlighted(self) -> str | None:
        option = self.query_one(MenuList).highlighted_option
        return option.id[2:] if option is not None and option.id and option.id.startswith("d:") else None

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        if not event.item_id.startswith("d:"):
            return
        try:
            self.controller.navigation.go(event.item_id[2:])
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        sim = self.controller.simulator
        then = "" if sim.state == "running" else " S on Drive starts the drive."
        self.app.notify(self.controller.navigation.status_text() + then, timeout=3)
        self.reload()

    def action_save_here(self) -> None:
        if self.controller.restrictions().moving:
            self._save(None)
            return
        from tui.screens.dialogs import PromptScreen

        def named(name: str | None) -> None:
            if name is not None:
                self._save(name)

        self.app.push_screen(PromptScreen("Name this place", note="Saved where the car is now.", max_length=40), named)

    def _save(self, name: str | None) -> None:
        try:
            place = self.controller.navigation.save_here(name)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        self.app.notify(f"Saved: {place.name}.", timeout=2)
        self.reload()

    def action_forget(self) -> None:
        name = self._highlighted()
        if name is None:
            return
        try:
            self.controller.navigation.forget(name)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        self.app.notify(f"Forgot {name}.", timeout=2)
        self.reload()

    def action_cancel_route(self) -> None:
        self.app.notify(self.controller.navigation.cancel(), timeout=2)
        self.reload()
