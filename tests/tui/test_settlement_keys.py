"""The partner settlement screen (Services > o, operator PIN): its grouped bar chart has brand
labels, every series named with its value and a legend, and fits 80 columns; "m" shows a what-if of
the month closing that never touches the driver's real trials, subscriptions, ledger or the app's
month (issue 16). Reached by keys, as the operator would."""

from __future__ import annotations

import re
from decimal import Decimal

from rich.console import Console

from tests.tui.waits import must
from tui.controller.ledger import Settlement, BrandSettlement
from tui.screens.settlement import SERIES, SettlementScreen, chart

PIN = "1111"


async def open_settlement(app, pilot) -> SettlementScreen:
    """Ctrl+P, "services", Enter; o; the operator PIN; Enter."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"services")
    await pilot.pause(0.2)
    await pilot.press("enter")
    await must(pilot, lambda: type(app.screen).__name__ == "ServicesScreen")
    await pilot.press("o")
    await must(pilot, lambda: type(app.screen).__name__ == "PinScreen")
    await pilot.press(*PIN, "enter")
    await must(pilot, lambda: isinstance(app.screen, SettlementScreen))
    await pilot.pause()
    return app.screen


def shown(screen) -> str:
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


def books(c) -> tuple:
    return "\n".join(c.store.db.conn.iterdump()), c.ledger.now(), c.clock.now()


def lines_of(text, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(text)
    return console.export_text().splitlines()


def test_the_chart_names_each_brand_and_series_and_fits_80_columns():
    s = Settlement("2026-11", [BrandSettlement("fiat", "Fiat", "EUR", 1, fees=Decimal("1.50")),
                               BrandSettlement("jeep", "Jeep", "USD", 1, fees=Decimal("2.90"),
                                               signups=1, incentives=Decimal("11.00"))])
    lines = lines_of(chart(s, 76), 76)
    assert all(len(line) <= 76 for line in lines)
    brand_rows = [line for line in lines if line.startswith(("Fiat", "Jeep"))]
    assert [row.split()[0] for row in brand_rows] == ["Fiat", "Jeep"]  # labelled groups
    for name, meaning, _, _ in SERIES:
        assert sum(name in line for line in lines) >= 3  # one row per brand plus the legend
        assert meaning in "\n".join(lines)
    fiat_incentives = next(line for line in lines if "Incentives" in line and "€0.00" in line)
    assert "·" in fiat_incentives  # nothing to draw is shown as nothing, with its value
    jeep_incentives = next(line for line in lines if "Incentives" in line and "$11.00" in line)
    jeep_fees = next(line for line in lines if "Access fees" in line and "$2.90" in line)
    assert jeep_incentives.count("█") > jeep_fees.count("█") > 0  # bars to scale within the currency


async def test_simulate_month_is_a_what_if_and_changes_nothing(app, controller):
    controller.services.start_trial("handsfree")
    controller.services.buy("music", "monthly")
    controller.ledger.set_operator_pin(PIN)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settlement(app, pilot)
        assert "Total in USD" in shown(screen) and "Jeep" in shown(screen)
        before = books(controller)
        await pilot.press("m")
        await must(pilot, lambda: "WHAT-IF" in shown(screen))
        text = shown(screen)
        assert "nothing real changed" in text
        assert "AutoDrive Hands-Free trial ended" in text
        assert books(controller) == before
        assert [p.service_id for p in controller.store.services.active() if p.plan == "trial"] == ["handsfree"]
        assert controller.ledger.current_month() == "2026-11"
        await pilot.press("m")  # back to the real books
        await must(pilot, lambda: "WHAT-IF" not in shown(screen))
        assert "open: fees if nothing changes" in shown(screen)
        assert books(controller) == before


def test_settlement_what_if_at_80x24(fixed_app, fixed_controller, snap_compare):
    fixed_controller.services.start_trial("handsfree")
    fixed_controller.services.buy("music", "monthly")
    fixed_controller.ledger.set_operator_pin(PIN)

    async def run_before(pilot):
        screen = await open_settlement(fixed_app, pilot)
        await pilot.press("m")
        await must(pilot, lambda: "WHAT-IF" in shown(screen))

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=run_before)


def test_settlement_two_currencies_at_80x24(fixed_app, fixed_controller, snap_compare):
    fixed_controller.add_vehicle("fiat-500e-2024")
    fixed_controller.ledger.set_operator_pin(PIN)

    async def run_before(pilot):
        await open_settlement(fixed_app, pilot)

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=run_before)


async def test_four_brands_scroll_at_80x24_and_no_bar_row_wraps(app, controller):
    for model in ("fiat-500e-2024", "peugeot-e-208-2024", "vauxhall-corsa-electric-2024"):
        controller.add_vehicle(model)
    controller.ledger.set_operator_pin(PIN)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settlement(app, pilot)
        assert "Total in GBP" in shown(screen) and "provider → automaker" not in shown(screen)
        for _ in range(15):
            await pilot.press("down")
        await must(pilot, lambda: "(bars scaled within each currency)" in shown(screen))
        text = shown(screen)
        assert "Vauxhall     Access fees" in text and "£1.70" in text
        rows = [line for line in text.splitlines() if "Access fees  " in line or "Incentives  " in line]
        assert rows and all(re.search(r"[$€£]\d+\.\d\d", line) for line in rows), rows  # amount on its row
