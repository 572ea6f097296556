"""Profiles > Sync: the account, its cars, the last sync, pending changes, each profile's consent,
and conflicts with both values and the driver's choice. Rules live in tui.controller.sync; this
screen asks, shows and dispatches (the authority's flow for every change)."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import Static

from tui.controller import CockpitError
from tui.controller.restrictions import PARKED_ONLY
from tui.messages import ControllerChanged
from tui.screens.authorize import authorize
from tui.screens.base import ListScreen
from tui.screens.dialogs import ChoiceScreen, PromptScreen
from tui.widgets.menu_list import MenuItem, MenuList

STATE_TEXT = {"off": "not in an account", "offline": "offline: changes wait in the outbox",
              "syncing": "syncing", "synced": "synced"}


class SyncScreen(ListScreen):
    CRUMBS = ("Profiles", "Sync")
    HELP = ("Which profiles follow their driver to the account's other cars, what waits to be sent, and "
            "settings both cars changed while apart: Enter on a profile turns its sync on or off, Enter on a "
            "conflict keeps one of the two values, Enter on another car removes it from the account. s syncs "
            "now. Pairing (parked): a new account, a code shown here and entered in the other car.")
    BINDINGS = [Binding("s", "sync_now", "Sync now", show=True)]
    _code: str | None = None  # a pairing code shown (until the screen is left)

    NOTE_ID = "sync-note"
    LIST_ID = "sync-rows"

    @on(ControllerChanged)
    def follows(self, message: ControllerChanged) -> None:
        """Sync's own news, another profile or process, or a person's change (the outbox grew);
        not the car's readings (the simulator sends ten a second)."""
        from tui.controller.sync import SyncChanged

        if message.stale or isinstance(message.event, SyncChanged) or (
                message.changes and message.source not in ("simulator", "system")):
            self.reload()

    def reload(self) -> None:
        st = self.controller.sync.status()
        note = self.query_one("#sync-note", Static)
        if st.paired and self._code:
            note.update(f"Pairing code: {self._code}  (enter it in the other car, parked; once, within 10 minutes)")
        elif st.paired:
            epoch = self.controller.sync.keys().epoch
            note.update(f"Account {st.account[:12]}{f' (key {epoch})' if epoch else ''} · "
                        f"{STATE_TEXT.get(st.state, st.state)} · "
                        f"last sync {self.controller.hmi_units().datetime_text(st.last_sync) if st.last_sync else 'never'}")
        else:
            note.update("This car is in no account yet: smartcockpit cloud pair (parked).")
        parked = None if not self.controller.restrictions().moving else PARKED_ONLY
        items = [MenuItem("server", f"Server: {st.url or 'none yet'}", "Enter to change", parked)]
        if st.paired:
            items.append(MenuItem("code", "Show a pairing code", "for another car to join (10 minutes)", parked))
        else:
            items.append(MenuItem("new", "New account on this car", "then show its code in your other cars", parked))
            items.append(MenuItem("join", "Join with a code", "shown by a car already in the account", parked))
        items.append(MenuItem("pending", f"Pending changes: {st.pending}", "sent when the server is reachable"))
        for k in self.controller.sync.conflicts():
            here = f"here {k['here']}" + (" (newer)" if k["newer"] == "here" else "")
            other = f"other car {k['other']}" + (" (newer)" if k["newer"] == "other" else "")
            items.append(MenuItem(f"conflict:{k['id']}", f"Conflict: {k['profile']} · {k['label']}", f"{here} · {other}"))
        for p in st.profiles:
            if p["guest"]:
                items.append(MenuItem(f"profile:{p['id']}", f"{p['profile']}: never syncs", "the guest stays in this car",
                                      "The guest profile never syncs."))
                continue
            detail = ", ".join(p["groups"]) if p["sync"] else "stays in this car"
            if p["locked"]:
                detail += " · locked: its PIN stayed on its car"
            items.append(MenuItem(f"profile:{p['id']}", f"{p['profile']}: sync {'on' if p['sync'] else 'off'}", detail))
            if p.get("home_unavailable"):
                items.append(MenuItem(f"home:{p['id']}", f"{p['profile']}: home favourites unavailable here",
                                      ", ".join(p["home_unavailable"]) + " · kept for the other cars"))
        for car in st.cars:
            mine = " (this car)" if car["car"] == st.car_id else ""
            items.append(MenuItem(f"car:{car['car']}", f"Car: {car['title']}{mine}",
                                  "Enter: leave the account" if mine else f"{car['car']} · Enter removes it", parked))
        self.query_one(MenuList).set_items(items)

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        item = event.menu.item(event.item_id)
        if item is not None and item.disabled_reason:
            self.app.notify(item.disabled_reason, severity="warning", timeout=2)
            return
        kind, _, key = event.item_id.partition(":")
        if kind == "profile":
            self._toggle(int(key))
        elif kind == "home":
            self.app.notify("This car's home has no such device or scene; the favourites stay in the profile "
                            "for the cars whose home has them.", timeout=4)
        elif kind == "conflict":
            self._settle(int(key))
        elif event.item_id.startswith("car:"):
            self._remove(event.item_id[4:])
        elif event.item_id == "server":
            self.app.push_screen(PromptScreen("Server (nats://host:port; a cluster: several, by commas)",
                                              self.controller.sync.status().url or "", max_length=300),
                                 self._server)
        elif event.item_id == "new":
            authorize(self.app, "sync.pair", self._new_account)
        elif event.item_id == "join":
            self.app.push_screen(PromptScreen("Pairing code from the other car", max_length=11), self._join)
        elif event.item_id == "code":
            self.run_worker(self._offer(), exclusive=True)

    # ------------------------------------------------------------------ pairing
    def _server(self, url) -> None:
        if url:
            try:
                self.controller.sync.connect(url)
            except CockpitError as exc:
                self.app.notify(str(exc), severity="warning", timeout=3)
            self.reload()

    def _new_account(self, pin) -> None:
        from tui.controller.sync.crypto import new_secret

        try:
            self.controller.sync.join(new_secret(), "a new account", pin=pin)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
        self.reload()

    def _join(self, code) -> None:
        if code:
            authorize(self.app, "sync.pair", lambda pin: self.run_worker(self._accept(code, pin), exclusive=True))

    async def _network(self, work, done: str | None = None):
        """Run `work(engine)` on this loop (the network never blocks a key); one sentence on failure."""
        from tui.controller.net.nats import LinkError
        from tui.controller.sync.crypto import Refused
        from tui.controller.sync.engine import SyncEngine

        try:
            engine = await SyncEngine(self.controller.sync).open()
            try:
                result = await work(engine)
            finally:
                await engine.close()
        except (LinkError, Refused, CockpitError, OSError, TimeoutError) as exc:
            self.app.notify(str(exc) or type(exc).__name__, severity="warning", timeout=4)
            return None
        if done:
            self.app.notify(done, timeout=3)
        if not self.gone:
            self.reload()
        return result

    async def _offer(self) -> None:
        code = await self._network(lambda engine: engine.offer_code())
        if code and not self.gone:
            self._code = code
            self.reload()

    async def _accept(self, code: str, pin) -> None:
        async def work(engine):
            await engine.accept_code(code, pin=pin)
            return await engine.sync_all()

        await self._network(work, "This car joined the account.")

    def _remove(self, car_id: str) -> None:
        sync = self.controller.sync
        if car_id == sync.car_id:
            authorize(self.app, "sync.pair", lambda pin: self._leave(pin), doing="leave the account")
            return

        async def work(engine):
            await engine.remove_car(car_id)

        authorize(self.app, "sync.pair", lambda pin: self.run_worker(
            self._network(work, "That car is no longer in the account."), exclusive=True),
                  doing=f"remove {car_id} from the account")

    def _leave(self, pin) -> None:
        try:
            self.controller.sync.leave(pin=pin)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
        self.reload()

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
