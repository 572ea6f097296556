"""MenuList.set_items: the same items change nothing (no rebuild, the highlight stays); other items,
another cap or keep=False do what they say."""

from __future__ import annotations

from textual.app import App

from tui.widgets.menu_list import MenuItem, MenuList

ITEMS = [MenuItem(f"s{n}", f"Station {n}", f"{88 + n}.1 MHz") for n in range(1, 8)]


class ListApp(App):
    def compose(self):
        yield MenuList(list(ITEMS), id="stations")


async def test_the_same_items_again_change_nothing():
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        menu = app.query_one(MenuList)
        menu.highlighted = 4
        first = menu.get_option_at_index(0)
        menu.set_items([MenuItem(i.id, i.title, i.detail) for i in ITEMS])  # equal, not the same objects
        await pilot.pause()
        assert menu.get_option_at_index(0) is first  # not rebuilt
        assert menu.highlighted == 4
        menu.set_items(list(ITEMS), keep=False)  # unchanged, but the caller wants the top
        assert menu.highlighted == 0


async def test_changed_items_and_a_new_cap_are_drawn():
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        menu = app.query_one(MenuList)
        menu.highlighted = 2
        changed = list(ITEMS)
        changed[2] = MenuItem("s3", "Station 3", "now playing")
        menu.set_items(changed)
        await pilot.pause()
        assert "now playing" in menu.get_option_at_index(2).prompt.plain
        assert menu.highlighted == 2  # the same item id keeps the highlight
        menu.max_items = 3
        menu.set_items(changed)
        assert menu.option_count == 3
        menu.max_items = None
        menu.set_items(changed)
        assert menu.option_count == 7


class NoRoomApp(App):
    """A list with no room, as under 80x24 where the screen shows only "make the window larger"."""

    CSS = "#stations { height: 0; }"

    def compose(self):
        yield MenuList(list(ITEMS), id="stations")


async def test_page_keys_on_a_list_with_no_room():
    """Textual 8.2.x: PageUp/PageDown on an OptionList that has not laid out its lines raised
    KeyError (OptionList._move_page) and stopped the app; MenuList goes to the last/first item."""
    from textual.widgets import OptionList

    app = NoRoomApp()
    async with app.run_test(size=(60, 12)) as pilot:
        menu = app.query_one(MenuList)
        menu.focus()
        menu.highlighted = 2
        await pilot.press("pagedown")
        assert menu.highlighted == len(ITEMS) - 1
        await pilot.press("pageup")
        assert menu.highlighted == 0
        assert app.is_running
        # Textual's own page move still fails here: when it no longer does, the guard in
        # MenuList (action_page_up/action_page_down) can go
        menu.highlighted = 2
        try:
            OptionList.action_page_down(menu)
        except KeyError:
            pass
        else:  # pragma: no cover - a newer Textual
            raise AssertionError("OptionList pages a list with no room now: remove MenuList's page guard")
