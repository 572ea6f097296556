"""Pilot journeys: buying (asks first, default No, PIN), cancelling with the refund shown first,
trials, the partner settlement behind the operator PIN, receipts, and the Services tile."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tui.widgets.tile_grid import TileGrid
from tui.screens.dialogs import ConfirmScreen, PinScreen
from tui.screens.services import ChoiceScreen, ReceiptsScreen, ServicesScreen
from tui.screens.settlement import SettlementScreen
from tui.widgets.menu_list import MenuList


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def text_of(widget) -> str:
    """What a Static shows, as plain text (Rich tables included)."""
    import io

    from rich.console import Console

    content = widget.content if isinstance(widget, Static) else widget
    if hasattr(content, "plain"):
        return content.plain
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


async def open_services(app, pilot):
    app.open_menu("services")
    await pilot.pause()
    assert isinstance(app.screen, ServicesScreen)


async def test_buying_asks_which_plan_then_asks_first_with_no_as_default(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_services(app, pilot)
        await pilot.press("enter")  # Music Streaming is first
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("2")  # yearly
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "$109.00 a year" in app.screen.question
        await pilot.press("enter")  # the focused answer is No
        await pilot.pause()
        assert controller.store.services.all() == []
        await pilot.press("enter", "2")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert controller.services.offer("music").status == "active"
        assert any("is yours" in n for n in notes(app))
        assert "active" in str(app.screen.query_one("#offers", MenuList).get_option("music").prompt)


async def test_buying_with_a_pin_and_a_wrong_pin(app, controller):
    controller.security.set_pin("2468")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_services(app, pilot)
        await pilot.press("3")  # Live Traffic Navigation
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1", "tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PinScreen)
        await pilot.press(*"1111", "enter")
        await pilot.pause()
        assert controller.services.offer("traffic").status == "available"
        assert any("Wrong PIN" in n for n in notes(app))
        await pilot.press("enter", "1", "tab", "enter")
        await pilot.pause()
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        assert controller.services.offer("traffic").status == "active"


async def test_a_profile_without_the_purchase_permission_is_told_at_once(app, controller):
    with controller.store.write():
        controller.store.profiles.update(controller.active_profile_id(), permissions={"purchases": False})
    async with app.run_test(size=(100, 30)) as pilot:
        await open_services(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ServicesScreen)
        assert any("may not buy services" in n for n in notes(app))


async def test_cancelling_shows_the_refund_before_confirming(app, controller, clock):
    controller.services.buy("music", "monthly")
    clock.advance(10 * 86400)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_services(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "20 of 30 days are unused: you get $7.33 back" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert controller.services.offer("music").status == "active"
        await pilot.press("c", "y")
        await pilot.pause()
        assert controller.services.offer("music").status == "available"
        assert any("Refund $7.33" in n for n in notes(app))


async def test_trial_key_starts_a_trial_that_never_renews_unasked(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_services(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        offer = controller.services.offer("music")
        assert offer.status == "trial" and offer.purchase.then_plan is None
        assert any("It ends by itself" in n for n in notes(app))
        detail = text_of(app.screen.query_one("#offer-detail", Static))
        assert "nothing is charged" in detail


async def test_built_in_hardware_cannot_be_bought(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_services(app, pilot)
        await pilot.press("9")  # Heated Seats: built into the Wagoneer S
        await pilot.pause()
        assert isinstance(app.screen, ServicesScreen)
        assert any("built into this car" in n for n in notes(app))


async def test_receipts_list_every_charge_and_refund(app, controller):
    controller.services.buy("music", "monthly")
    controller.services.cancel("music")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_services(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ReceiptsScreen)
        menu = app.screen.query_one(MenuList)
        lines = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert "Refund" in lines[0] and "Charge" in lines[1]


async def test_settlement_sets_then_asks_the_operator_pin(app, controller, db_path):
    controller.services.buy("music", "monthly")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_services(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PinScreen)
        await pilot.press(*"4321", "enter")
        await pilot.pause()
        await pilot.press(*"4321", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SettlementScreen)
        await pilot.pause()
        table = text_of(app.screen.query_one("#settlement-table", Static))
        assert "Settlement 2026-11" in table and "Jeep" in table and "$11.00" in table and "$8.10" in table
        assert "█" in text_of(app.screen.query_one("#settlement-chart", Static))
        await pilot.press("x")
        await pilot.pause()
        exported = Path(db_path).parent / "settlement-2026-11.csv"
        assert "Jeep" in exported.read_text()
        await pilot.press("m")  # a what-if (issue 16): the real month and books stay as they are
        await pilot.pause()
        assert app.screen.whatif is not None and not app.screen.whatif.settlement.open
        assert app.screen.month == "2026-11" and controller.ledger.current_month() == "2026-11"
        assert controller.ledger.settlement("2026-11").open
        await pilot.press("m")  # back to the real books
        await pilot.press("left")
        assert app.screen.month == "2026-10"
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, ServicesScreen)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"0000", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, SettlementScreen)
        assert any("Wrong PIN" in n for n in notes(app))


async def test_services_tile_summarises_what_is_active(app, controller):
    controller.services.start_trial("music")
    controller.services.buy("traffic", "monthly")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tile = app.screen.query_one(TileGrid).tile_text("services")
        assert "1 active · 1 trial" in tile


async def test_after_a_trial_the_driver_chooses_and_the_choice_is_kept(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_services(app, pilot)
        await pilot.press("t", "a")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("3")  # "Yes, then yearly": a paid plan, so it asks first (No by default)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "yearly" in app.screen.question
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert controller.services.entitlement("music").then_plan == "yearly"
        await pilot.press("a", "1")  # "No, let it end"
        await pilot.pause()
        assert controller.services.entitlement("music").then_plan is None


async def test_a_purchase_from_the_command_line_shows_on_the_open_screen(app, controller, db_path, clock):
    from tui.controller import Controller

    async with app.run_test(size=(100, 30)) as pilot:
        await open_services(app, pilot)
        other = Controller.open(db_path, clock=clock)  # `smartcockpit services buy ...` in another process
        try:
            other.services.buy("hotspot", "monthly")
        finally:
            other.close()
        app._tick()  # the app's once-a-second tick picks up what another process wrote
        await pilot.pause()
        assert "active" in str(app.screen.query_one("#offers", MenuList).get_option("hotspot").prompt)
