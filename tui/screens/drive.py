"""Drive: a live dashboard (speed, gear, charge or fuel, range, outside temperature, driver
assistance, trip, driving mode) fed by the vehicle simulator; S starts, pauses or resumes the drive, P
pauses, F speeds it up, X stops and parks."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from tui.controller import CockpitError
from tui.screens.vehicle import ControlsScreen


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
    HELP = "The live dashboard. S starts, pauses or resumes the drive, P pauses, F speeds it up, X stops and parks."
    DOMAIN = "drive"
    BINDINGS = [
        Binding("s", "sim('toggle')", "Run/Pause", show=True),
        Binding("p", "sim('pause')", "Pause", show=False),
        Binding("f", "sim('faster')", "Faster", show=True),
        Binding("x", "sim('stop')", "Park", show=True),
    ]

    def compose_top(self):
        yield Static("", id="dashboard")
        yield Static("", id="sim-line", classes="panel-line")

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
        grid.add_row(Text(f"Assist: {d.assist}"), Text(f"Trip {d.trip}"), Text("Moving" if d.moving else "Parked",
                                                                             style="bold"))
        self.query_one("#dashboard", Static).update(grid, layout=False)  # fixed height: no layout pass
        self.query_one("#sim-line", Static).update(f"Simulator: {d.simulator}", layout=False)

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
            else:
                text = sim.stop()
        except CockpitError as exc:
            self.say(str(exc), "warning", 3)
            return
        self.say(text)
        self.redraw()
