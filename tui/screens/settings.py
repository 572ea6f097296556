"""Settings: the car (from the catalog; the theme follows the brand), units, display, about."""

from __future__ import annotations

from rich.table import Table
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui.controller import CockpitError
from tui.controller.text import home_relative
from tui.controller.restrictions import PARKED_ONLY
from tui.messages import ControllerChanged
from tui.screens.base import CockpitScreen, PartsScreen
from tui.widgets.menu_list import MenuItem, MenuList
from tui.widgets.setting_list import SettingList

HMI = "Vehicle.Cabin.Infotainment.HMI."
UNIT_PATHS = [
    HMI + "DistanceUnit", HMI + "TemperatureUnit", HMI + "SpeedUnit", HMI + "TimeFormat", HMI + "DateFormat",
    HMI + "FuelVolumeUnit", HMI + "FuelEconomyUnits", HMI + "TirePressureUnit",
]
DISPLAY_PATHS = [
    HMI + "DayNightMode", HMI + "Brightness", "Vehicle.Private.SmartCockpit.Display.Theme", HMI + "FontSize",
    "Vehicle.Private.SmartCockpit.Display.Language", HMI + "IsScreenAlwaysOn",
]


class SettingsScreen(PartsScreen):
    CRUMBS = ("Settings",)
    HELP = "The car this console runs in, units, display and the version."

    def items(self) -> list[MenuItem]:
        c = self.controller
        moving = c.restrictions().moving
        return [
            MenuItem("car", "Car", f"{c.car.title} {c.car.model.model_year}", PARKED_ONLY if moving else None),
            MenuItem("units", "Units", f"{c.format(HMI + 'DistanceUnit')}, {c.format(HMI + 'TemperatureUnit')}, "
                                       f"{c.format(HMI + 'TimeFormat')}"),
            MenuItem("display", "Display", f"{c.format(HMI + 'DayNightMode')}, brightness {c.format(HMI + 'Brightness')}"),
            MenuItem("about", "About", "version, database, schema"),
            MenuItem("home", "Smart home connection", c.home.connection.describe(), PARKED_ONLY if moving else None),
        ]

    @on(ControllerChanged)
    def items_follow(self, message: ControllerChanged) -> None:
        self.query_one(MenuList).set_items(self.items())

    def open_part(self, part_id: str) -> None:
        if part_id == "home":  # smart home over MQTT (issue 18)
            from tui.screens.home_connection import HomeConnectionScreen

            self.app.push_screen(HomeConnectionScreen())
            return
        screen = {"car": CarScreen, "units": UnitsScreen, "display": DisplayScreen, "about": AboutScreen}[part_id]
        self.app.push_screen(screen())


class SettingRowsScreen(CockpitScreen):
    PATHS: list[str] = []

    def compose_body(self):
        yield SettingList(self.controller, self.PATHS, id="settings")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(SettingList).focus()

    @on(ControllerChanged)
    def rows_follow(self, message: ControllerChanged) -> None:
        rows = self.query_one(SettingList)
        if not message.changes:  # another car, profile or process: every row
            rows.reload()
            return
        for path in message.paths:
            rows.refresh_path(path)


class UnitsScreen(SettingRowsScreen):
    CRUMBS = ("Settings", "Units")
    HELP = "Units for distance, temperature, speed, time and date. Left/Right change a row."
    PATHS = UNIT_PATHS


class DisplayScreen(SettingRowsScreen):
    CRUMBS = ("Settings", "Display")
    HELP = "Day or night, brightness, theme, font size and language. Left/Right change a row."
    PATHS = DISPLAY_PATHS


class CarScreen(CockpitScreen):
    CRUMBS = ("Settings", "Car")
    HELP = "Choose the car: a brand on the left, a model on the right. The theme follows the brand."
    BINDINGS = [
        Binding("right,l,tab", "models", "Models", show=False),
        Binding("left,h,shift+tab", "brands", "Brands", show=False),
    ]

    def compose_body(self):
        with Horizontal(id="car-picker"):
            with Vertical(id="brand-col"):
                yield Static("Brand", classes="column-title")
                yield MenuList(id="brands")
            with Vertical(id="model-col"):
                yield Static("Model", classes="column-title")
                yield MenuList(id="models")

    def on_mount(self) -> None:
        super().on_mount()
        brands = self.controller.brands()
        menu = self.query_one("#brands", MenuList)
        menu.set_items([MenuItem(b.id, b.name) for b in brands])
        current = self.controller.car.brand.id
        menu.highlighted = next(i for i, b in enumerate(brands) if b.id == current)
        self.show_models(current)
        menu.focus()

    def show_models(self, brand_id: str) -> None:
        models = self.controller.models(brand_id)
        current = self.controller.car.model.id
        items = [
            MenuItem(m.id, f"{m.name} {m.model_year}" + ("  ●" if m.id == current else ""),
                     f"{m.powertrain} · {m.platform}")
            for m in models
        ]
        menu = self.query_one("#models", MenuList)
        menu.set_items(items, keep=False)
        for i, m in enumerate(models):
            if m.id == current:
                menu.highlighted = i

    def on_option_list_option_highlighted(self, event) -> None:
        if event.option_list.id == "brands" and event.option.id:
            self.show_models(event.option.id)

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        if event.menu.id == "brands":
            self.action_models()
            return
        try:
            car = self.controller.car_for_model(event.item_id)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        self.app.notify(f"Now in a {car.title} {car.model.model_year}", timeout=2)
        self.action_back()

    def action_models(self) -> None:
        self.query_one("#models", MenuList).focus()

    def action_brands(self) -> None:
        self.query_one("#brands", MenuList).focus()


class AboutScreen(CockpitScreen):
    CRUMBS = ("Settings", "About")
    HELP = "Version, database and car details."

    def compose_body(self):
        yield Static(id="about")

    def on_mount(self) -> None:
        super().on_mount()
        info = self.controller.about()
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        names = {
            "version": "SmartCockpit", "database": "Database", "schema_version": "Schema version",
            "vin": "VIN", "car": "Car", "model_year": "Model year", "platform": "Platform",
            "architecture": "Architecture", "head_unit": "Head unit",
        }
        for key, value in info.items():
            table.add_row(names.get(key, key), home_relative(value) if key == "database" else str(value))
        table.add_row("Signals", "COVESA VSS 6.0 (MPL-2.0) + Vehicle.Private.SmartCockpit overlay")
        self.query_one("#about", Static).update(table)

