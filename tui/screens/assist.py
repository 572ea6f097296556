"""Driver Assist (AutoDrive): the systems this car has, and hands-free / eyes-off with the reason
when they are not available now."""

from __future__ import annotations

from textual.widgets import Static

from tui.screens.vehicle import ControlsScreen, line


class AssistScreen(ControlsScreen):
    CRUMBS = ("Driver Assist",)
    HELP = "Adaptive cruise, lane keeping, obstacle detection, driver monitoring, hands-free and eyes-off."
    DOMAIN = "assist"

    def compose_top(self):
        yield line("assist-summary")

    def refresh_top(self) -> None:
        a = self.controller.assist
        self.query_one("#assist-summary", Static).update(f"AutoDrive Level {a.level()} · {a.state_text()}",
                                                              layout=False)
