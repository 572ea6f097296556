"""Driver Assist (AutoDrive): the systems this car has, and hands-free / eyes-off with the reason
when they are not available now."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import Static

from tui.messages import ControllerChanged
from tui.screens.vehicle import ControlsScreen, line


class DriverAssistanceScreen(ControlsScreen):
    CRUMBS = ("Driver Assist",)
    HELP = "Adaptive cruise, lane keeping, obstacle detection, driver monitoring, hands-free and eyes-off."
    DOMAIN = staticmethod(lambda c: c.driver_assistance)
    BINDINGS = [Binding("s", "services", "Get hands-free")]

    def compose_top(self):
        yield line("assist-summary")

    def refresh_top(self) -> None:
        a = self.controller.driver_assistance
        self.query_one("#assist-summary", Static).update(f"AutoDrive Level {a.level()} · {a.state_text()}",
                                                              layout=False)

    def action_services(self) -> None:
        """One key from the reason to the service that provides hands-free driving (issue 7)."""
        from tui.screens.services import open_for_feature

        open_for_feature(self.app, "autodrive.hands_free")

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "services":
            return self.controller.driver_assistance.needs_service()
        return super().check_action(action, parameters)

    @on(ControllerChanged)
    def services_key_follows(self, message: ControllerChanged) -> None:
        self.refresh_bindings()  # the Services key shows only while the service is missing
