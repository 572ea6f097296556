"""Climate: temperature per zone, sync, fan, air, A/C, recirculation, defrost, seat heating and
cooling, the heated wheel. Left/Right change a row, Enter toggles."""

from __future__ import annotations

from textual.widgets import Static

from tui.screens.vehicle import ControlsScreen, line


class ClimateScreen(ControlsScreen):
    CRUMBS = ("Climate",)
    HELP = "Temperature per zone, fan, air, A/C and defrost, seat and wheel heating. Left/Right change a row."
    DOMAIN = staticmethod(lambda c: c.climate)

    def compose_top(self):
        yield line("climate-summary")

    def refresh_top(self) -> None:
        c = self.controller
        zones = len(c.climate.zones())
        cabin = c.climate.temperature_text(c.get("Vehicle.Cabin.HVAC.AmbientAirTemperature"))
        outside = c.climate.temperature_text(c.get("Vehicle.Exterior.AirTemperature"))
        sync = " · zones synced" if c.climate.synced() else ""
        self.query_one("#climate-summary", Static).update(
            f"Inside {cabin} · outside {outside} · {zones} zone{'s' if zones != 1 else ''}{sync}", layout=False)
