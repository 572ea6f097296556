"""Media: now playing, sources on the left (FM, AM, DAB, Streaming, USB, Phone, Favourites), what the
source offers on the right; play/pause, next/previous, volume, presets and favourites per profile.
Streaming needs the Music Streaming service: the screen says so and `s` opens Services."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from tui.controller.media import presettable
from tui.messages import ControllerChanged
from tui.screens.base import CockpitScreen
from tui.widgets.menu_list import MenuItem, MenuList

FAVOURITES = "FAV"
VOLUME = "Vehicle.Cabin.Infotainment.Media.Volume"


def volume_bar(value: int, width: int = 20) -> str:
    filled = round(value / 100 * width)
    return "█" * filled + "░" * (width - filled)


class MediaScreen(CockpitScreen):
    CRUMBS = ("Media",)
    HELP = ("What plays: pick a source on the left and a station or track on the right. p plays or pauses, "
            "n and b skip, + and - change the volume, a keeps a station as a preset, f a favourite.")
    BINDINGS = [
        Binding("p", "toggle_play", "Play"),
        Binding("n", "next", "Next", show=False),
        Binding("b", "previous", "Prev", show=False),
        Binding("plus,equals_sign", "volume(1)", "Vol", key_display="+-"),
        Binding("minus", "volume(-1)", "Vol-", show=False),
        Binding("m", "mute", "Mute", show=False),
        Binding("a", "preset", "Preset", show=False),
        Binding("f", "favourite", "Fav", show=False),
        Binding("s", "services", "Services"),
        Binding("right,l,tab", "items", "Items", show=False),
        Binding("left,h,shift+tab", "sources", "Sources", show=False),
    ]

    def compose_body(self):
        yield Static(id="media-now")
        with Horizontal(id="media-cols"):  # the column titles are the lists' border titles
            sources = MenuList(id="media-sources")
            sources.border_title = "Source"
            yield sources
            yield MenuList(id="media-items")
        yield Static("", id="media-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_all()
        sources = self.query_one("#media-sources", MenuList)
        now = self.controller.media.now_playing()
        if now is not None:
            self._highlight_source(now.source)
        sources.focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_all()

    def start_over(self) -> None:
        super().start_over()
        now = self.controller.media.now_playing()
        if now is not None:  # as on a first visit: the source playing is highlighted
            self._highlight_source(now.source)

    @on(ControllerChanged)
    def all_follow(self, message: ControllerChanged) -> None:
        self.refresh_all()

    # ------------------------------------------------------------------ rendering
    def refresh_all(self) -> None:
        self.show_now()
        sources = self.query_one("#media-sources", MenuList)
        sources.set_items(self.source_items())
        self.show_items(self.current_source())
        self.refresh_bindings()

    def source_items(self) -> list[MenuItem]:
        media = self.controller.media
        items = [MenuItem(code, name, "", "no plan" if block else None) for code, name, block in media.sources()]
        items.append(MenuItem(FAVOURITES, "Favourites", f"{len(media.favourites())}"))
        return items

    def current_source(self) -> str:
        option = self.query_one("#media-sources", MenuList).highlighted_option
        return option.id if option is not None and option.id else "FM"

    def _highlight_source(self, code: str) -> None:
        sources = self.query_one("#media-sources", MenuList)
        try:
            sources.highlighted = sources.get_option_index(code)
        except Exception:
            pass

    def show_now(self) -> None:
        c = self.controller
        now = c.media.now_playing()
        volume = c.media.volume()
        text = Text(no_wrap=True, overflow="ellipsis")
        if now is None:
            text.append("Nothing playing", style="bold")
            text.append("\nChoose a source and press Enter.")
        else:
            text.append(f"{now.source_name}", style="bold")
            if now.station:
                text.append(f" · {now.station}")
            text.append("   ")
            text.append("▶ Playing" if now.playing else "⏸ Paused", style="bold reverse" if now.playing else "bold")
            text.append("\n")
            text.append(now.title, style="bold")
            if now.artist:
                text.append(f" – {now.artist}")
        text.append(f"\nVolume {volume_bar(volume)} {volume}" + ("  (muted)" if volume == 0 else ""))
        text.append("  n/b skip · m mute · a preset · f fav", style="dim")
        self.query_one("#media-now", Static).update(text)

    def show_items(self, code: str) -> None:
        media = self.controller.media
        limits = self.controller.restrictions()
        menu = self.query_one("#media-items", MenuList)
        hint = self.query_one("#media-hint", Static)
        menu.max_items = limits.max_items
        hint.update("")
        if code == FAVOURITES:
            menu.border_title = "Favourites"
            items = [MenuItem(i.uri, i.title, i.detail) for i in media.favourites()]
            if not items:
                items = [MenuItem("-", "No favourites yet", "f keeps what plays", "f keeps what plays")]
            menu.set_items(items)
            return
        block = media.source_block(code)
        names = dict((c_, n) for c_, n, _ in media.sources())
        menu.border_title = names.get(code, code)
        if block:
            menu.set_items([MenuItem("-", "Streaming is not available", block, block)])
            hint.update(Text(f"{block}  Press s for Services.", style="bold"))
            return
        current = (self.controller.media.now_playing() or None)
        items = []
        for i in media.items(code):
            mark = f"P{i.preset} " if i.preset else ""
            playing = "  ♪" if i.holds(current) else ""
            items.append(MenuItem(i.uri, f"{mark}{i.title}{playing}", i.detail))
        menu.set_items(items)

    def on_option_list_option_highlighted(self, event) -> None:
        if event.option_list.id == "media-sources" and event.option.id:
            self.show_items(event.option.id)

    # ------------------------------------------------------------------ actions
    def _do(self, change, done: str | None = None) -> bool:
        return self.attempt(change, done or "", self.refresh_all, done_for=1.5)

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        media = self.controller.media
        if event.menu.id == "media-sources":
            code = event.item_id
            item = event.menu.item(code)
            if item is not None and item.disabled_reason:
                block = self.controller.media.source_block(code) or item.disabled_reason
                self.app.notify(f"{block} Press s for Services.", severity="warning", timeout=3)
                return
            if code != FAVOURITES:
                self._do(lambda: media.set_source(code))
            self.action_items()
            return
        if event.item_id == "-":
            item = event.menu.item("-")
            self.app.notify(item.detail if item else "Nothing here.", timeout=2)
            return
        self._do(lambda: media.play_uri(event.item_id))

    def action_toggle_play(self) -> None:
        self._do(lambda: self.controller.media.toggle_play())

    def action_next(self) -> None:
        self._do(lambda: self.controller.media.next())

    def action_previous(self) -> None:
        self._do(lambda: self.controller.media.previous())

    def action_volume(self, direction: int) -> None:
        self._do(lambda: self.controller.media.volume_step(direction), None)
        self.app.notify(f"Volume {self.controller.media.volume()}", timeout=1)

    def action_mute(self) -> None:
        media = self.controller.media
        self._do(lambda: media.unmute() if media.volume() == 0 else media.mute())

    def _target_uri(self) -> str | None:
        menu = self.query_one("#media-items", MenuList)
        if menu.has_focus and menu.highlighted_option is not None and menu.highlighted_option.id not in (None, "-"):
            return menu.highlighted_option.id
        now = self.controller.media.now_playing()
        return now.uri if now is not None else None

    def action_preset(self) -> None:
        uri = self._target_uri()
        if not presettable(uri):
            self.app.notify("Presets are for radio stations: highlight one first.", timeout=2)
            return
        result = {}
        if self._do(lambda: result.setdefault("slot", self.controller.media.toggle_preset(uri))):
            slot = result.get("slot")
            self.app.notify(f"Saved as preset {slot}." if slot else "Preset removed.", timeout=1.5)

    def action_favourite(self) -> None:
        uri = self._target_uri()
        result = {}
        if self._do(lambda: result.setdefault("added", self.controller.media.toggle_favourite(uri))):
            self.app.notify("Added to favourites." if result["added"] else "Removed from favourites.", timeout=1.5)

    def action_services(self) -> None:
        from tui.screens.services import open_for_feature

        open_for_feature(self.app, "media.streaming")

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "services":
            return self.controller.feature_block("media.streaming") is not None
        return True

    def action_items(self) -> None:
        self.query_one("#media-items", MenuList).focus()

    def action_sources(self) -> None:
        self.query_one("#media-sources", MenuList).focus()
