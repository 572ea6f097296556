"""Profiles > Sync: the account, its cars, the last sync, pending changes, each profile's consent,
and conflicts with both values and the driver's choice. Rules live in tui.controller.sync; this
screen asks, shows and dispatches (the authority's flow for every change)."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import Static

from tui.controller import CockpitError
from tui.messages import ControllerChanged
from tui.screens.authorize import authorize
from tui.screens.base import CockpitScreen
from tui.screens.dialogs import ChoiceScreen
from tui.widgets.menu_list import MenuItem, MenuList

STATE_TEXT = {"off": "not in an account", "offline": "offline: changes wait in the outbox",
              "syncing": "syncing", "synced": "synced"}


class SyncScreen(CockpitScreen):
    CRUMBS = ("Profiles", "Sync")
    HELP = ("Which profiles follow their driver to the account's other cars, what waits to be sent, and "
            "settings both cars changed while apart: Enter on a profile turns its sync on or off, Enter on a "
            "conflict keeps one of the two values. s syncs now. Pair cars with `smartcockpit cloud pair`.")
    BINDINGS = [Binding("s", "sync_now", "Sync now", show=True)]

    def compose_body(self):
        yield Static("", id="sync-note")
        yield MenuList(id="sync-rows")

    def on_mount(self) -> None:
        super().on_mount()
        self.reload()
        self.query_one(MenuList).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload()

    @on(ControllerChanged)
    def follows(self, message: ControllerChanged) -> None:
        self.reload()

    def reload(self) -> None:
        st = self.controller.sync.status()
        note = self.query_one("#sync-note", Static)
        if st.paired:
            note.update(f"Account {st.account[:12]} · {STATE_TEXT.get(st.state, st.state)} · "
                        f"last sync {(st.last_sync or 'never')[:16].replace('T', ' ')}")
        else:
            note.update("This car is in no account yet: smartcockpit cloud pair (parked).")
        items = [MenuItem("pending", f"Pending changes: {st.pending}", "sent when the server is reachable")]
        for k in self.controller.sync.conflicts():
            here = f"here {k['here']}" + (" (newer)" if k["newer"] == "here" else "")
            other = f"other car {k['other']}" + (" (newer)" if k["newer"] == "other" else "")
            items.append(MenuItem(f"k{k['id']}", f"Conflict: {k['profile']} · {k['label']}", f"{here} · {other}"))
        for p in st.profiles:
            if p["guest"]:
                items.append(MenuItem(f"p{p['id']}", f"{p['profile']}: never syncs", "the guest stays in this car",
                                      "The guest profile never syncs."))
                continue
            detail = ", ".join(p["groups"]) if p["sync"] else "stays in this car"
            if p["locked"]:
                detail += " · locked: its PIN stayed on its car"
            items.append(MenuItem(f"p{p['id']}", f"{p['profile']}: sync {'on' if p['sync'] else 'off'}", detail))
        for car in st.cars:
            mine = " (this car)" if car["car"] == st.car_id else ""
            items.append(MenuItem(f"c{car['car']}", f"Car: {car['title']}{mine}", car["car"]))
        self.query_one(MenuList).set_items(items)

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        item = event.menu.item(event.item_id)
        if item is not None and item.disabled_reason:
            self.app.notify(item.disabled_reason, severity="warning", timeout=2)
            return
        if event.item_id.startswith("p"):
            self._toggle(int(event.item_id[1:]))
        elif event.item_id.startswith("k"):
            self._settle(int(event.item_id[1:]))

    def _toggle(self, pid: int) -> None:
        sync = self.controller.sync
        on_now = any(p["id"] == pid and p["sync"] for p in sync.consents())

        def do(pin):
            try:
                sync.consent(pid, enabled=not on_now, pin=pin)
            except CockpitError as exc:
                self.app.notify(str(exc), severity="warning", timeout=3)
            self.reload()

        authorize(self.app, "sync.consent", do, target=pid)

    def _settle(self, conflict_id: int) -> None:
        found = [k for k in self.controller.sync.conflicts() if k["id"] == conflict_id]
        if not found:
            return
        k = found[0]
        choices = [MenuItem("local", f"Keep this car's: {k['here']}", "newer" if k["newer"] == "here" else "older"),
                   MenuItem("remote", f"Keep the other car's: {k['other']}",
                            "newer" if k["newer"] == "other" else "older")]

        def chosen(keep):
            if keep is None:
                return
            def do(pin):
                try:
                    self.controller.sync.resolve(conflict_id, keep, pin=pin)
                except CockpitError as exc:
                    self.app.notify(str(exc), severity="warning", timeout=3)
                self.reload()

            authorize(self.app, "profile.edit", do, target=k["profile_id"])

        self.app.push_screen(ChoiceScreen(f"{k['profile']} · {k['label']}: which value?", choices), chosen)

    def action_sync_now(self) -> None:
        from tui.controller.sync.runner import start_in_background

        sync = self.controller.sync
        if not sync.paired:
            self.app.notify("Pair this car first: smartcockpit cloud pair.", severity="warning", timeout=3)
            return
        start_in_background(sync)
        self.app.notify("Syncing.", timeout=2)
