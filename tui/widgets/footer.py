"""The footer of every screen: the keys that work here, drawn by one widget.

Textual's Footer is a row of FooterKey widgets, rebuilt (composed, styled, laid out) on every
bindings signal: a screen being pushed, the focus moving. On our screens its keys were half of all
the widgets, so every menu opening paid for building them. This footer is one line of text: the
same keys, looks (Textual's footer colours and spacing), mouse clicks and hover, repainted when
the keys shown change and never re-laid out.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.widget import Widget


class FooterItem(NamedTuple):
    key: str  # the key to simulate on a click
    key_display: str
    description: str
    enabled: bool
    tooltip: str
    palette: bool = False  # the command palette's key, on the right


class CockpitFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer--key",
        "footer--description",
        "footer--separator",
        "footer--hover",
    }
    DEFAULT_CSS = """
    CockpitFooter {
        dock: bottom;
        height: 1;
        width: 100%;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--separator {
            color: $foreground 20%;
        }
        .footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._items: tuple[FooterItem, ...] = ()
        self._spans: list[tuple[int, int, FooterItem]] = []  # (start x, end x, item) as last drawn
        self._hover: FooterItem | None = None

    # ------------------------------------------------------------------ what it shows
    def items(self) -> tuple[FooterItem, ...]:
        """The keys shown now: the screen's active bindings marked show, then the palette key."""
        try:
            active = self.screen.active_bindings
        except Exception:  # not attached yet
            return ()
        app = self.app
        out, actions = [], set()
        for _, b, enabled, tooltip in active.values():
            if b.show and b.action not in actions:  # one key per action (enter,space: the first)
                actions.add(b.action)
                out.append(FooterItem(b.key, app.get_key_display(b), b.description, enabled, tooltip or ""))
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _, b, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            out.append(FooterItem(b.key, app.get_key_display(b), b.description, enabled,
                                  b.tooltip or b.description, palette=True))
        return tuple(out)

    def descriptions(self) -> list[str]:
        return [item.description for item in self._items]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self._items = self.items()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        items = self.items()
        if items != self._items:
            self._items = items
            self.refresh()

    # ------------------------------------------------------------------ drawing
    def _item_text(self, item: FooterItem, compact: bool = False) -> Text:
        """ " key description " (compact, as Textual draws the palette key: "key description")."""
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        text = Text.assemble((item.key_display if compact else f" {item.key_display} ", key_style))
        if item.description:
            text.append(f" {item.description}" if compact else f"{item.description} ", description_style)
        if item is self._hover and item.enabled:
            text.stylize(self.get_component_rich_style("footer--hover"))
        if not item.enabled:
            text.stylize("dim")
        return text

    def render(self) -> Text:
        width = self.size.width
        left = [i for i in self._items if not i.palette]
        right = [i for i in self._items if i.palette]
        line = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        right_text = Text(no_wrap=True, end="")
        if right:
            right_text.append("▏", self.get_component_rich_style("footer--separator"))
            right_text.append_text(self._item_text(right[0], compact=True))
            right_text.append(" ")
        room = max(0, width - right_text.cell_len)
        for item in left:
            piece = self._item_text(item)
            if line.cell_len + piece.cell_len > room:
                if line.cell_len + piece.cell_len - 1 > room:
                    break  # what does not fit is left out whole, not cut in half
                piece.right_crop(1)  # its trailing space may go
            spans.append((line.cell_len, line.cell_len + piece.cell_len, item))
            line.append_text(piece)
        if right and room < width:
            line.append(" " * (room - line.cell_len))
            spans.append((room + 1, width - 1, right[0]))
            line.append_text(right_text)
        self._spans = spans
        return line

    # ------------------------------------------------------------------ mouse
    def item_at(self, x: int) -> FooterItem | None:
        for start, end, item in self._spans:
            if start <= x < end:
                return item
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self.item_at(event.x)
        if item is not self._hover:
            self._hover = item
            self.tooltip = (item.tooltip or None) if item is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self.item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
