"""Drive: a live dashboard (speed, gear, charge or fuel, range, outside temperature, driver
assistance, trip, driving mode) fed by the vehicle simulator; S starts, pauses or resumes the drive, P
pauses, F speeds it up and Shift+F slows it down, X stops and parks."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from tui.controller import CockpitError
from tui.controller.text import home_relative
from tui.screens.base import CockpitScreen
from tui.screens.vehicle import ControlsScreen
from tui.widgets.control_list import ControlList
from tui.widgets.menu_list import MenuItem, MenuList


class ModeList(ControlList):
    """The driving-mode row: Left/Right as everywhere, kept out of the footer (the row shows ‹ ›),
    which has the simulator's keys instead."""

    BINDINGS = [
        Binding("left,h", "change(-1)", "Change", show=False),
        Binding("right,l", "change(1)", "More", show=False),
    ]


def ensure_simulator_pump(app) -> None:
    """The app pumps the controller's simulator about rate_hz times a second, on every screen,
    once started (the controller's own 1 s tick would be too coarse for a live dashboard)."""
    if getattr(app, "_simulator_pump", None) is not None:
        return
    sim = app.controller.simulator

    def pump() -> None:
        try:
            sim.pump()
        except CockpitError as exc:
            sim.pause()
            app.notify(f"Drive paused: {exc}", severity="warning", timeout=3)

    app._simulator_pump = app.set_interval(1 / sim.rate_hz, pump, name="simulator")


class DriveScreen(ControlsScreen):
    CRUMBS = ("Drive",)
    HELP = ("The live dashboard. S starts, pauses or resumes the drive, P pauses, F speeds it up, Shift+F "
            "slows it down, X stops and parks, R chooses the route, C charging, T trips.")
    DOMAIN = staticmethod(lambda c: c.drive)
    BINDINGS = [
        Binding("s", "sim('toggle')", "Run/Pause", show=True),
        Binding("p", "sim('pause')", "Pause", show=False),
        Binding("f", "sim('faster')", "Faster", show=True),
        Binding("F", "sim('slower')", "Slower", show=False, key_display="Shift+F"),  # on the keys line
        Binding("x", "sim('stop')", "Park", show=True),
        Binding("r", "routes", "Route", show=False),  # named on the simulator line (the footer is full)
        Binding("n", "navigation", "Navigate", show=False),  # navigation (issue 17), named on the sim line
        Binding("e", "end_condition", "End L3 condition", show=False),  # try the Level 3 handover (issue 17)
        Binding("c", "open_charging", "Charging", show=False),  # charging and trips (issue 17), on the sim line
        Binding("t", "open_trips", "Trips", show=False),
    ]

    def compose_top(self):
        yield Static("", id="dashboard")
        yield Static("", id="sim-line", classes="panel-line")
        # the keys the footer has no room for (at 80 columns the simulator line had cut them off)
        yield Static("Shift+F slower · R route · N navigate · E end L3 · C charging · T trips", id="drive-keys",
                     classes="panel-line")

    def compose_body(self):
        yield from self.compose_top()
        yield ModeList(self.domain, self.SECTION, id="controls")

    def on_mount(self) -> None:
        super().on_mount()
        ensure_simulator_pump(self.app)

    def refresh_top(self) -> None:
        d = self.controller.drive.dashboard()
        grid = Table.grid(padding=(0, 3), expand=True)
        for _ in range(3):
            grid.add_column()
        speed = Text()
        speed.append(d.speed, style="bold")
        speed.append(f"   {d.gear}", style="bold reverse")
        grid.add_row(speed, Text(f"Mode {d.mode}"), Text(f"Ignition {d.ignition}"))
        grid.add_row(Text(d.energy), Text(f"Range {d.range}"), Text(f"Outside {d.outside}"))
        grid.add_row(Text(f"Assist: {d.assist}"), Text(f"Trip {d.trip}"), Text(d.status, style="bold"))
        self.query_one("#dashboard", Static).update(grid, layout=False)  # fixed height: no layout pass
        self.query_one("#sim-line", Static).update(f"Simulator: {d.simulator}", layout=False)

    def action_routes(self) -> None:
        self.app.push_screen(RouteScreen())

    def on_menu_list_chosen(self, event) -> None:
        """The assistant's "open charging" / "show my trips" choose these by name (drive/charging)."""
        if event.item_id in ("charging", "trips"):
            event.stop()
            self.action_open_charging() if event.item_id == "charging" else self.action_open_trips()

    def action_open_charging(self) -> None:
        from tui.screens.charging import ChargingScreen

        self.app.push_screen(ChargingScreen())

    def action_open_trips(self) -> None:
        from tui.screens.trips import TripsScreen

        self.app.push_screen(TripsScreen())

    def action_navigation(self) -> None:
        from tui.screens.navigation import NavigationScreen

        self.app.push_screen(NavigationScreen())

    def action_end_condition(self) -> None:
        """Simulate the end of a Level 3 condition (issue 17): the car asks the driver to take over."""
        from tui.screens.dialogs import ChoiceScreen

        items = [MenuItem("highway", "Leave the highway"), MenuItem("speed", "Faster than 60 km/h"),
                 MenuItem("monitoring", "Driver monitoring off")]

        def chosen(which: str | None) -> None:
            if which:
                try:
                    self.say(self.controller.simulator.end_condition(which))
                except CockpitError as exc:
                    self.say(str(exc), "warning", 3)

        self.app.push_screen(ChoiceScreen("Simulate: end which eyes-off condition?", items), chosen)

    def action_sim(self, what: str) -> None:
        sim = self.controller.simulator
        try:
            if what == "start":
                text = sim.start()
            elif what == "toggle":
                text = sim.toggle()
            elif what == "pause":
                text = sim.pause()
            elif what == "faster":
                text = f"Simulator speed: {sim.faster()}x"
            elif what == "slower":
                text = f"Simulator speed: {sim.slower()}x"
            else:
                text = sim.stop()
        except CockpitError as exc:
            self.say(str(exc), "warning", 3)
            return
        self.say(text)
        self.redraw()


def palette_commands(app):
    """Drive > Charging and Drive > Trips by name in the command palette (issue 17)."""
    def open_under_drive(action: str) -> None:
        if app.open_menu("drive") and isinstance(app.screen, DriveScreen):  # Drive is kept: it may be the same screen
            getattr(app.screen, action)()

    yield "Open Drive > Charging", lambda: open_under_drive("action_open_charging"), \
        "charge limit plug cheap hours departure precondition"
    yield "Open Drive > Trips", lambda: open_under_drive("action_open_trips"), "trips distance totals export csv"


class RouteScreen(CockpitScreen):
    """Choose the route the simulator drives: the built-in one or a JSON file of your own in the
    `routes` folder beside the database. A set-up task: available when parked."""

    CRUMBS = ("Drive", "Route")
    HELP = "Choose a route for the simulator. Your own: JSON files in a routes folder beside the database."
    SETUP = True

    def compose_body(self):
        yield Static(f"Your own routes go in {home_relative(self.controller.simulator.routes_dir())}", classes="panel-line")
        yield MenuList(self.items(), id="routes")

    def items(self) -> list[MenuItem]:
        sim = self.controller.simulator
        return [MenuItem(rid, name, "● current" if rid == sim.route_id else "") for rid, name in sim.routes()]

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(MenuList).focus()

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        try:
            route = self.controller.simulator.load_named(event.item_id)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        length = self.controller.hmi_units().length_text(route.length_m)
        self.app.notify(f"Route: {route.name}, {length}. S starts it.", timeout=2)
        self.action_back()
