"""Menus as OptionList (fast at any length), with 1-9 to jump straight to an item."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.controller import restrictions
from tui.widgets.fit import Row, fit


# Lists whose items act rather than lead somewhere (by widget id): the profiles to switch to and a
# profile's own actions, Media's sources and what they play, the services on offer.
ACTING_LISTS = frozenset({"profiles", "profile-actions", "media-sources", "media-items", "offers"})
MOVING_JUMP = "While moving a number only highlights: Enter confirms."


@dataclass
class MenuItem:
    id: str
    title: str
    detail: str = ""
    disabled_reason: str | None = None  # shown dimmed with the reason (e.g. "Available when parked")


class MenuList(OptionList):
    """A vertical menu. Enter, Space or 1-9 open an item; j/k move like arrows."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter,space", "select", "Open", show=True, key_display="⏎"),
        # Home goes home from anywhere (UX.md), not to the list's first row as in Textual's lists
        Binding("home", "app.go_home", "Home", show=False),
    ]

    class Chosen(Message):
        def __init__(self, menu: "MenuList", item_id: str) -> None:
            self.menu = menu
            self.item_id = item_id
            super().__init__()

        @property
        def control(self) -> "MenuList":
            return self.menu

    def __init__(self, items: list[MenuItem] | None = None, *, max_items: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.max_items = max_items
        self._items: list[MenuItem] = []
        self._all_items: list[MenuItem] = []
        self._restrictions = None  # the controller's, as last applied by the screen
        self._shown: tuple | None = None  # (items, restrictions, max_items) as last drawn
        if items:
            self.set_items(items)

    def apply_restrictions(self, r) -> None:
        """While moving: at most 50 items per list and no text longer than 80 characters (the rows
        on screen are capped at 6 by the stylesheet). Re-renders only when that changes."""
        if self._restrictions == r:
            return
        self._restrictions = r
        if self._all_items:
            self.set_items(self._all_items)

    def set_items(self, items: list[MenuItem], keep: bool = True) -> None:
        """Show these items (keep: the highlight stays on the same item id). The same items under
        the same restrictions change nothing: a screen refreshing on mount, on resume and on each
        highlight would otherwise rebuild the list, and lay out the screen, every time."""
        shown = (list(items), self._restrictions, self.max_items)
        if shown == self._shown:
            if not keep and self._items:
                self.highlighted = 0
            return
        self._shown = shown
        current = self.highlighted_option.id if keep and self.highlighted_option is not None else None
        if self.max_items is not None:
            items = items[: self.max_items]
        self._all_items = list(items)
        options = None
        r = self._restrictions
        cap = restrictions.cap_items(len(items), r) if r is not None else None
        if cap is not None:
            hidden = len(items) - (cap - 1)
            items = items[: cap - 1]
            more = Text(f"   {hidden} more: {restrictions.PARKED_ONLY.lower()}", style="dim italic")
            options = [Option(more, id="-more-when-parked", disabled=True)]
        self._items = items
        rows = [Option(self._as_row(self.render_item(i, n)), id=i.id) for n, i in enumerate(items, 1)]
        self.set_options(rows + (options or []))
        if current is not None:
            try:
                self.highlighted = self.get_option_index(current)
                return
            except Exception:
                pass
        if items:
            self.highlighted = 0

    def render_item(self, item: MenuItem, number: int) -> Text:
        text = Row(indent=2)
        text.append(f"{number} " if number <= 9 else "  ", style="dim")
        dim = item.disabled_reason is not None
        text.append(item.title, style="dim" if dim else "bold")
        detail = item.disabled_reason if dim else item.detail
        if detail:
            text.append("  ")
            text.append(detail, style="dim italic" if dim else "")
        return self.fit(text)

    def fit(self, text: Text) -> Text:
        """At most 80 characters (terminal cells) while moving (decided by the controller), cut
        with "…"."""
        r = self._restrictions
        if r is not None and r.max_text is not None and text.cell_len > r.max_text:
            indent = getattr(text, "indent", None)
            text = fit(text, r.max_text)
            if indent is not None:
                text = Row.of(text, indent)
        return text

    @staticmethod
    def _as_row(prompt):
        """What a list draws for a row: a Row (its wrapped lines indented under its text, past the
        key column), whatever Text a screen's render_item made."""
        return Row.of(prompt) if isinstance(prompt, Text) else prompt

    def replace_option_prompt(self, option_id: str, prompt):
        return super().replace_option_prompt(option_id, self._as_row(prompt))

    def replace_option_prompt_at_index(self, index: int, prompt):
        return super().replace_option_prompt_at_index(index, self._as_row(prompt))

    # ---- PageUp/PageDown guard (workaround for Textual 8.2.x, seen with 8.2.8): OptionList's page
    # moves read the line of the highlighted option from its layout (OptionList._move_page,
    # `self._index_to_line[self.highlighted]`), which a list that has no room yet has not made (not
    # laid out yet, or a terminal below 80x24 that shows only "make the window larger"): KeyError and
    # the app stopped. The same crash reported against Textual's own Select overlay:
    # https://github.com/kagan-sh/kagan-legacy/issues/31. With no room a page is the whole list: go
    # to the last / first item. Test: tests/tui/test_menu_list.py::test_page_keys_on_a_list_with_no_room
    def action_page_down(self) -> None:
        if self.highlighted is not None and not self.scrollable_content_region:
            self.action_last()
            return
        super().action_page_down()

    def action_page_up(self) -> None:
        if self.highlighted is not None and not self.scrollable_content_region:
            self.action_first()
            return
        super().action_page_up()
    # ---- end of the PageUp/PageDown guard

    def choose(self, item_id: str) -> None:
        """Choose an item as Enter on it would (the assistant and the command palette open a menu's
        section this way): the screen's handler of MenuList.Chosen does the rest."""
        self.post_message(self.Chosen(self, item_id))

    def item(self, item_id: str) -> MenuItem | None:
        return next((i for i in self._items if i.id == item_id), None)

    JUMP_SELECTS = True  # a number key picks the item; lists where it only highlights say False
    # Whether choosing an item does something with consequences (switches a profile, plays, buys):
    # while the car moves a number key then only highlights it and Enter confirms (UX.md, "Keys never
    # go where the driver did not aim them"). None: decided by the list's id (ACTING_LISTS); a
    # subclass or an instance may say True or False itself.
    ACTS: bool | None = None

    def acts_on_choose(self) -> bool:
        return self.ACTS if self.ACTS is not None else self.id in ACTING_LISTS

    def car_moving(self) -> bool:
        """The car moves: by the restrictions the screen last applied, else the screen's class."""
        r = self._restrictions
        if r is not None:
            return bool(r.moving)
        try:
            return self.screen.has_class("moving")
        except Exception:  # not on a screen (yet)
            return False

    def jump(self, number: int) -> None:
        if 1 <= number <= len(self._items):
            self.highlighted = number - 1
            if not self.JUMP_SELECTS:
                return
            if self.acts_on_choose() and self.car_moving():
                if self._items[number - 1].disabled_reason is None:
                    self.app.notify(MOVING_JUMP, timeout=1.5)
                return
            self.action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and event.option.id != "-more-when-parked":
            self.post_message(self.Chosen(self, event.option.id))
