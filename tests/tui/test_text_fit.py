"""Text that fits (issue 16): every widget that puts text into a width measures it in terminal
cells (an emoji or a CJK character is two, a combining accent none) and cuts it with "…", never
mid-glyph; a row that wraps goes on under its text. One test per kind of widget, at 80x24, with
wide text: the line as drawn fits its room (its right border stays where it belongs) and ends with
"…" where it was cut.

Before: "Ana Müller 🚗 at the / whee" on the Profiles tile, "P 0 km/h · Norma" (Drive),
"Auto · warm whit" (Lights), "Passenger mirror left / ri" (Mirrors), wrapped rows back at the
first column."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.app import App

from tests.tui.waits import until
from tui.controller.controls import Control
from tui.screens.dialogs import ChoiceScreen, ConfirmScreen
from tui.widgets.breadcrumbs import Breadcrumbs
from tui.widgets.control_list import ControlList
from tui.widgets.fit import ELLIPSIS, Row, cut, fit, pad, wrap
from tui.widgets.menu_list import MenuItem, MenuList
from tui.widgets.menu_row import item_row
from tui.widgets.status_bar import StatusBar
from tui.widgets.tile_grid import TileGrid

SIZE = (80, 24)
EMOJI = "Ana Müller 🚗 🚙 at the wheel on the long road home"
CJK = "東京タワーの近くに住んでいる運転手さんの車と荷物"
ACCENTS = "Zoe\u0308 A\u030angstro\u0308m Łukasiewicz Ñan\u0303ez a long combining name"
WIDE = [EMOJI, CJK, ACCENTS]


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def line_with(app, words: str) -> str:
    found = [line for line in screen_lines(app) if words in line]
    assert found, (words, "\n".join(screen_lines(app)))
    return found[0]


def cell_at(line: str, index: int) -> int:
    """The terminal column of the character at `index`."""
    return cell_len(line[:index])


def char_at_cell(line: str, x: int) -> str:
    """The character drawn at terminal column `x`."""
    for i, ch in enumerate(line):
        if cell_at(line, i) == x:
            return ch
    return ""


# ---------------------------------------------------------------------------- the measuring itself
@pytest.mark.parametrize("text", WIDE)
@pytest.mark.parametrize("width", [1, 2, 5, 9, 16, 17, 23])
def test_cut_and_pad_measure_cells_and_end_with_an_ellipsis(text, width):
    out = cut(text, width)
    assert cell_len(out) <= width and out.endswith(ELLIPSIS)
    assert "\ufffd" not in out and not out[:-1].endswith(" ")  # never half a glyph, no space before …
    assert cell_len(pad(text, width)) == width
    assert cut("short", width + 5) == "short"


@pytest.mark.parametrize("text", WIDE)
def test_wrap_keeps_every_line_in_its_cells_and_the_last_one_shown_says_more(text):
    lines = wrap(text, 16, 2)
    assert len(lines) == 2 and all(line.cell_len <= 16 for line in lines)
    assert lines[-1].plain.endswith(ELLIPSIS)
    assert fit(lines[0], 5).cell_len <= 5


# ---------------------------------------------------------------------------- the home grid
async def test_a_tile_fits_a_long_emoji_name_and_ends_with_an_ellipsis(app, controller):
    controller.profiles.rename("Driver", "Ana Müller 🚗 東京タワー運転手")
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.screen.query(TileGrid))
        grid = app.screen.query_one(TileGrid)
        width = grid.tile_region(1).width
        tile = grid.tile_text("profiles").split("\n")
        assert all(cell_len(line) == width for line in tile), tile
        assert all(line[-1] in "│┃╮╯┓┛" for line in tile)  # the right border where it belongs
        summary = [line[1:-1].strip() for line in tile[2:4]]
        assert summary[0].startswith("Ana Müller 🚗") and summary[1].endswith(ELLIPSIS), summary
        # and on screen: the tiles right of it keep their borders in their columns
        row = [line for line in screen_lines(app) if "Ana Müller 🚗" in line and "│" in line][0]
        left, right = grid.tile_region(1), grid.tile_region(2)
        x0 = grid.content_region.x
        assert char_at_cell(row, x0 + left.right - 1) in "│┃" and char_at_cell(row, x0 + right.x) in "│┃", row


async def test_a_tile_summary_comes_whole_and_wraps_at_words(app, controller):
    """The finding: "Ana Müller 🚗 at the / whee" (the controller cut the line at 24 characters,
    then the tile wrapped what was left). The whole line fits two lines of the tile."""
    controller.profiles.rename("Driver", "Ana Müller 🚗")
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.screen.query(TileGrid))
        grid = app.screen.query_one(TileGrid)
        summary = [line[1:-1].strip() for line in grid.tile_text("profiles").split("\n")[2:4]]
        assert summary == ["Ana Müller 🚗 at", "the wheel"]


# ---------------------------------------------------------------------------- the status bar
async def test_the_status_bar_measures_an_emoji_name_in_cells(app, controller):
    controller.profiles.rename("Driver", "Ana Müller 🚗 東京タワー運転手")
    async with app.run_test(size=SIZE) as pilot:
        assert await until(pilot, lambda: app.screen.query(StatusBar))
        await pilot.pause()
        bar = line_with(app, "Ana Müller")
        assert cell_len(bar) == SIZE[0]
        assert bar.rstrip().endswith("Parked")  # the driving state always shows, in full
        assert ELLIPSIS in bar  # the name (or the car's) gave way, cut with an ellipsis


# ---------------------------------------------------------------------------- breadcrumbs
class OneWidget(App):
    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self):
        yield self.widget


@pytest.mark.parametrize("text", WIDE)
async def test_breadcrumbs_cut_with_an_ellipsis(text):
    crumbs = Breadcrumbs()
    app = OneWidget(crumbs)
    async with app.run_test(size=SIZE) as pilot:
        crumbs.show("JEEP", (text, text, text))
        await pilot.pause()
        line = screen_lines(app)[0]
        assert cell_len(line) == SIZE[0]
        assert line.rstrip().endswith(ELLIPSIS), line


# ---------------------------------------------------------------------------- menu rows
@pytest.mark.parametrize("text", WIDE)
async def test_a_long_menu_row_wraps_under_its_title(text):
    menu = MenuList([MenuItem("a", text, text), MenuItem("b", "Second")])
    app = OneWidget(menu)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = [line for line in screen_lines(app) if line.strip(" │╭╮╰╯─▊▎▔▁")]
        first = [i for i, line in enumerate(lines) if "1 " in line][0]
        start = cell_at(lines[first], lines[first].index("1 ")) + 2  # where the title starts
        follow = lines[first + 1]
        assert "2 Second" not in follow  # the row did wrap
        assert cell_at(follow, len(follow) - len(follow.lstrip(" │▊"))) == start  # indented under it
        assert all(cell_len(line) == SIZE[0] for line in lines)


@pytest.mark.parametrize("text", WIDE)
async def test_a_title_cut_to_its_column_ends_with_an_ellipsis(text):
    class Named(MenuList):
        def render_item(self, item, number):
            return item_row(item, number, width=14)

    app = OneWidget(Named([MenuItem("a", text, "detail"), MenuItem("b", "Short", "detail")]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cut_row, short_row = line_with(app, "1 "), line_with(app, "2 Short")
        title = cut_row[cut_row.index("1 ") + 2:cut_row.index(" detail")]
        assert title.rstrip().endswith(ELLIPSIS) and cell_len(title) == 14
        assert cell_at(cut_row, cut_row.index(" detail")) == cell_at(short_row, short_row.index(" detail"))


async def test_while_moving_a_row_is_cut_at_80_cells_with_an_ellipsis(app, controller):
    controller.set_many({"Vehicle.Speed": 50.0}, source="simulator")
    menu = MenuList([MenuItem("a", CJK * 3, CJK)])
    menu.apply_restrictions(controller.restrictions())
    prompt = menu.get_option_at_index(0).prompt
    assert isinstance(prompt, Row) and prompt.cell_len <= 80 and prompt.plain.endswith(ELLIPSIS)


# ---------------------------------------------------------------------------- setting and control rows
class Domain:
    """A domain as ControlList asks it: rows of controls."""

    def controls(self, section=None):
        return [Control("a", EMOJI, "On", "toggle"), Control("b", CJK, "50 %", "range"),
                Control("c", ACCENTS, "Off", "toggle"), Control("d", "Short", "1", "range")]


async def test_control_rows_cut_their_labels_and_keep_the_values_in_one_column():
    app = OneWidget(ControlList(Domain()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = [line_with(app, f"{n} ") for n in "1234"]
        columns = {cell_at(row, row.index("‹")) for row in rows}
        assert len(columns) == 1, rows  # the values line up: every label measured in cells
        for row in rows[:3]:
            assert row[:row.index("‹")].rstrip().endswith(ELLIPSIS), row


async def test_the_mirrors_row_is_cut_with_an_ellipsis(app, controller):
    from tests.tui.test_screen_journeys import tile

    async with app.run_test(size=SIZE) as pilot:
        for key in tile("seats") + ["down"] * 3 + ["enter"]:
            await pilot.press(key)
            await pilot.pause()
        assert await until(pilot, lambda: "Mirrors" in screen_lines(app)[0])
        row = line_with(app, "Passenger mirror left")
        assert "Passenger mirror left / r… ‹" in row, row


# ---------------------------------------------------------------------------- dialogs
async def test_a_choice_dialog_wraps_long_rows_inside_its_box(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ChoiceScreen("Which one?", [MenuItem("a", CJK, EMOJI), MenuItem("b", ACCENTS)]))
        assert await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.pause()
        lines = screen_lines(app)
        first = [i for i, line in enumerate(lines) if "1 東京" in line][0]
        box_left = cell_at(lines[first], lines[first].index("│"))
        box_right = cell_at(lines[first], lines[first].rindex("│"))
        title = cell_at(lines[first], lines[first].index("1 東京")) + 2
        follow = lines[first + 1]
        inner = follow[follow.index("│") + 1:follow.rindex("│")]
        assert cell_at(follow, follow.index("│")) == box_left and cell_at(follow, follow.rindex("│")) == box_right
        assert cell_at(follow, follow.index("│") + 1 + len(inner) - len(inner.lstrip())) == title


async def test_a_question_wraps_inside_its_box(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ConfirmScreen(f"{EMOJI} {CJK} {ACCENTS}?"))
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause()
        box = app.screen.query_one(".dialog-box").region
        lines = screen_lines(app)[box.y + 1:box.bottom - 1]
        assert any("🚗" in line for line in lines) and any("東京" in line for line in lines)
        for line in lines:  # every line of the box, emoji and CJK included, inside its frame
            assert char_at_cell(line, box.x) == "┃" and char_at_cell(line, box.right - 1) == "┃", line


class Refusing:
    def controls(self, section=None):
        return [Control("a", "Hands-free (Level 2+)", "Off", "toggle",
                        f"Needs AutoDrive Hands-Free: get it in Services. {CJK} {EMOJI}"),
                Control("b", "Short", "1", "range")]


async def test_a_long_reason_goes_on_under_itself_past_the_label():
    app = OneWidget(ControlList(Refusing()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        first = [i for i, line in enumerate(lines) if "Hands-free" in line][0]
        start = cell_at(lines[first], lines[first].index("Needs"))
        follow = lines[first + 1]
        body = follow.lstrip(" │▊")
        assert body and not body.startswith("2 ")
        assert cell_at(follow, len(follow) - len(body)) == start, (lines[first], follow)


@pytest.mark.parametrize("text", WIDE)
def test_the_controllers_cut_measures_cells_as_rich_does(text):
    """restrictions.short (answers and notes while moving, at most 80 cells) counts without Rich,
    as Rich does for emoji, CJK and combining accents."""
    from tui.controller import restrictions

    assert restrictions.cells(text) == cell_len(text)
    for limit in (5, 12, 17):
        out = restrictions.short(text * 3, limit)
        assert cell_len(out) <= limit and out.endswith(ELLIPSIS)
    assert restrictions.short(text, 200) == text
