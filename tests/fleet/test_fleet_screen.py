"""The operator's fleet screen, by keys: Services > f, the operator PIN, releases, a rollout planned,
started, reported on in batches and in the background until a threshold stops it; an 80x24 snapshot."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Static

from tests.tui.waits import must
from tests.fleet.conftest import PIN
from tui.screens.dialogs import ChoiceScreen, ConfirmScreen, PinScreen, PromptScreen
from tui.screens.fleet import FleetScreen, ReleasesScreen
from tui.screens.fleet_releases import NewReleaseScreen
from tui.screens.services import ServicesScreen


@pytest.fixture(autouse=True)
def _no_key_guard(monkeypatch):
    from tui.screens import dialogs

    monkeypatch.setattr(dialogs, "KEY_GUARD_S", 0.0)


def text_of(widget) -> str:
    content = widget.content if isinstance(widget, Static) else widget
    if hasattr(content, "plain"):
        return content.plain
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


async def enter_fleet(app, pilot, pin=PIN):
    app.open_menu("services")
    await must(pilot, lambda: isinstance(app.screen, ServicesScreen))
    await pilot.press("f")
    await must(pilot, lambda: isinstance(app.screen, PinScreen))
    await pilot.press(*pin, "enter")
    await pilot.pause()


def detail(app) -> str:
    return "\n".join(text_of(app.screen.query_one(f"#fleet-{part}", Static)) for part in ("head", "table", "chart"))


async def test_a_rollout_by_keys_until_the_error_threshold_stops_it(app, controller):
    from tui.controller.fleet import Fleet

    controller.ledger.set_operator_pin(PIN)
    Fleet(controller).generate(3000, pin=PIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_fleet(app, pilot)
        assert isinstance(app.screen, FleetScreen)
        assert "Fleet: 3,000 cars, 0 releases." in detail(app)
        await pilot.press("e")  # releases
        await must(pilot, lambda: isinstance(app.screen, ReleasesScreen))
        await pilot.press("n")  # the form: the version typed, the rest as it comes (every car)
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen))
        await pilot.press("2")
        await must(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"6.0.0", "enter")
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen) and app.screen.version == "6.0.0")
        await pilot.press("s")
        await must(pilot, lambda: isinstance(app.screen, ReleasesScreen))
        assert [r.version for r in controller.store.fleet.releases()] == ["6.0.0"]
        await pilot.press("backspace")
        await must(pilot, lambda: isinstance(app.screen, FleetScreen))
        await pilot.press("n")  # a rollout: which release, then which groups
        await must(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("1")
        await must(pilot, lambda: isinstance(app.screen, ChoiceScreen) and app.screen.question == "Groups")
        await pilot.press("1")
        await must(pilot, lambda: isinstance(app.screen, FleetScreen))
        rollout = controller.store.fleet.rollouts()[0]
        assert rollout.status == "ready" and "1 %" in detail(app) and "scheduled" in detail(app)
        await pilot.press("s")
        await must(pilot, lambda: controller.store.fleet.rollout(rollout.id).status == "running")
        await pilot.press("b")  # one batch: group 1 reports and group 2 starts
        await must(pilot, lambda: controller.store.fleet.groups(rollout.id)[1].status == "running")
        assert "finished" in detail(app) and "┈ 5 % stops it" in detail(app)
        await pilot.press("v")  # brands, worst first
        await must(pilot, lambda: "Brand (worst first)" in detail(app))
        await pilot.press("v")
        await must(pilot, lambda: "Model (worst first)" in detail(app))
        await pilot.press("v")
        await must(pilot, lambda: "Group" in detail(app))
        await pilot.press("w")  # the simulated cars start failing: the emergency stop
        await must(pilot, lambda: isinstance(app.screen, PromptScreen))
        app.screen.query_one("Input").value = ""
        await pilot.press(*"default=50%", "enter")
        await must(pilot, lambda: isinstance(app.screen, FleetScreen))
        assert app.screen.cars.rate("jeep", "jeep-compass-2026") == 0.5
        await pilot.press("a")  # run in the background
        await must(pilot, lambda: controller.store.fleet.rollout(rollout.id).status == "paused", tries=500)
        await must(pilot, lambda: app.screen._runner is None)
        assert "more than 5 %" in detail(app) and "█" in detail(app)  # the failure rate, drawn
        assert controller.store.fleet.groups(rollout.id)[2].status == "scheduled"
        await pilot.press("t")  # retry the failed cars
        await pilot.press("r")
        await must(pilot, lambda: controller.store.fleet.rollout(rollout.id).status == "running")
        await pilot.press("c")  # cancel asks first
        await must(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("left", "enter")
        await must(pilot, lambda: controller.store.fleet.rollout(rollout.id).status == "cancelled")


async def test_a_wrong_pin_keeps_the_fleet_closed(app, controller):
    controller.ledger.set_operator_pin(PIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_fleet(app, pilot, pin="1111")
        await must(pilot, lambda: isinstance(app.screen, ServicesScreen))
        assert not any(isinstance(s, FleetScreen) for s in app.screen_stack)


async def test_without_an_operator_pin_the_fleet_says_who_sets_one(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("services")
        await must(pilot, lambda: isinstance(app.screen, ServicesScreen))
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ServicesScreen)
        assert any("No operator PIN is set yet" in str(n.message) for n in app._notifications)


@pytest.fixture
def fixed_app(fixed_controller):
    from tui.app import CockpitApp
    from tui.controller.fleet import Fleet
    from tui.controller.fleet.simulate import SimulatedCars

    controller = fixed_controller
    controller.ledger.set_operator_pin(PIN)
    f = Fleet(controller)
    f.generate(5000, pin=PIN)
    f.add_release("connectivity", "2.0.0", pin=PIN)
    rel = f.add_release("head_unit", "6.0.0", rules={"requires": {"connectivity": "2.0"}}, pin=PIN)
    r = f.create_rollout(rel.id, pin=PIN)
    f.start(r.id, pin=PIN)
    cars = SimulatedCars({"jeep": 0.2}, seed=4)
    for _ in range(3):
        f.advance(r.id, 200, cars)
    return CockpitApp(controller)


def test_fleet_screen_80x24(fixed_app, snap_compare):
    async def open_fleet(pilot):
        await enter_fleet(pilot.app, pilot)
        await must(pilot, lambda: isinstance(pilot.app.screen, FleetScreen))
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_fleet)


def test_fleet_screen_brands_80x24(fixed_app, snap_compare):
    async def open_brands(pilot):
        await enter_fleet(pilot.app, pilot)
        await must(pilot, lambda: isinstance(pilot.app.screen, FleetScreen))
        await pilot.press("v")
        await must(pilot, lambda: "Brand (worst first)" in detail(pilot.app))
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_brands)
