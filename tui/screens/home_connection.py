"""Settings > Smart home connection: which home the car talks to (the simulated one, or a real one
through an MQTT broker with Home Assistant discovery), and how it reaches the broker: host, port,
user, password, TLS CA file and client certificate, discovery prefix, the alarm's code; "Test
connection" tries it without saving. Nothing is kept until Save (the owner's, parked, as the
authority asks); the password and the alarm code are never shown, only whether they are set.

Renders and dispatches only: controller.home.connection holds every rule.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.widgets import Static

from tui.controller import CockpitError
from tui.controller.restrictions import PARKED_ONLY
from tui.messages import ControllerChanged
from tui.screens.authorize import authorize
from tui.screens.base import CockpitScreen
from tui.screens.dialogs import PromptScreen
from tui.widgets.menu_list import MenuItem, MenuList

# field -> (label, prompt, secret)
FIELDS = {
    "host": ("Broker host", "The broker's host name or address (e.g. 192.0.2.10)", False),
    "port": ("Port", "The broker's port (1883, or 8883 with TLS)", False),
    "username": ("User", "The user name on the broker (empty: none)", False),
    "password": ("Password", "The password (typed, never shown; empty: none)", True),
    "ca_file": ("TLS CA file", "The CA certificate file that signed the broker's (empty: no TLS)", False),
    "cert_file": ("Client certificate", "The car's client certificate file (empty: none)", False),
    "key_file": ("Client key", "The client certificate's key file (empty: none)", False),
    "prefix": ("Discovery prefix", "The discovery prefix (default homeassistant)", False),
    "alarm_code": ("Alarm code", "The alarm's own code, for an alarm that asks for one (never shown)", True),
}


class HomeConnectionScreen(CockpitScreen):
    CRUMBS = ("Settings", "Smart home connection")
    HELP = ("Which home the car talks to. Enter changes a row; Test connection tries the broker without "
            "saving; Save keeps it (the owner's, parked). The password never shows.")

    def __init__(self) -> None:
        super().__init__()
        home = self.controller.home
        self.draft = home.connection.read()
        self.use_broker = home.connection.kind() == "mqtt"

    def compose_body(self):
        yield Static("", id="connection-state")
        yield MenuList(self.items(), id="connection")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_rows()
        self.query_one(MenuList).focus()

    @on(ControllerChanged)
    def rows_follow(self, message: ControllerChanged) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        self.query_one("#connection-state", Static).update(f"Now: {self.controller.home.connection.describe()}")
        self.query_one(MenuList).set_items(self.items())

    def items(self) -> list[MenuItem]:
        d = self.draft
        moving = self.controller.restrictions().moving
        parked = PARKED_ONLY if moving else None
        rows = [MenuItem("use", "Home", "MQTT broker (Home Assistant discovery)" if self.use_broker
                         else "Simulated home", parked)]
        for name, (label, _prompt, secret) in FIELDS.items():
            value = getattr(d, name)
            shown = ("set" if value else "not set") if secret else (str(value) if value not in ("", None) else "—")
            rows.append(MenuItem(name, label, shown, parked))
        rows.append(MenuItem("test", "Test connection", "try the broker now, without saving", parked))
        rows.append(MenuItem("save", "Save", "keep these settings and use this home", parked))
        return rows

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        item = event.menu.item(event.item_id)
        if item is None:
            return
        if item.disabled_reason:
            self.app.notify(item.disabled_reason, severity="warning", timeout=2)
            return
        if item.id == "use":
            self.use_broker = not self.use_broker
            self.refresh_rows()
        elif item.id in FIELDS:
            label, prompt, secret = FIELDS[item.id]
            value = "" if secret else str(getattr(self.draft, item.id) or "")
            self.app.push_screen(PromptScreen(prompt, value=value, max_length=300),
                                 lambda text, name=item.id: self._edited(name, text))
        elif item.id == "test":
            self.app.notify("Trying the broker…", timeout=2)
            self._test(self.draft)
        elif item.id == "save":
            authorize(self.app, "home.place", self._save, doing=self.controller.home.connection.DOING, yes="Save",
                      question="Save the smart home connection? The car's home commands (unlock, disarm, the garage) "
                               "go where it says.")

    def _edited(self, name: str, text: str | None) -> None:
        if text is None:
            return
        text = text.strip()
        if name == "port":
            try:
                value = int(text)
            except ValueError:
                self.app.notify("A port is a number from 1 to 65535.", severity="warning", timeout=2)
                return
        else:
            value = text
        self.draft = replace(self.draft, **{name: value})
        if name == "ca_file" and text:
            self.draft = replace(self.draft, tls=True)
        self.refresh_rows()

    @work(thread=True, exclusive=True, group="home-connection-test")
    def _test(self, draft) -> None:
        try:
            text, severity = self.controller.home.connection.test(draft), "information"
        except CockpitError as exc:
            text, severity = str(exc), "warning"
        self.app.call_from_thread(self.app.notify, text, severity=severity, timeout=4)

    def _save(self, pin) -> None:
        self.attempt(lambda: self.controller.home.connection.save(self.draft, self.use_broker, pin=pin, source="ui"),
                     None, self.refresh_rows)
