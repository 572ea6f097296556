"""A release made on the operator's screen, by keys: the form's pickers from the catalog, its
checks (a version that is not one, a downgrade), stored and signed into a real image repository
(the same Fleet.add_release as `fleet release add --repository`), then a rollout by brand groups
planned from the release list; an 80x24 snapshot of the form."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from textual.widgets import Static

from tests.fleet.conftest import PIN
from tests.fleet.test_fleet_screen import enter_fleet, text_of
from tests.tui.waits import must
from tui.controller.errors import CockpitError
from tui.controller.updates import repository
from tui.screens.dialogs import ChoiceScreen, PromptScreen
from tui.screens.fleet import FleetScreen, ReleasesScreen
from tui.screens.fleet_releases import NewReleaseScreen, PickManyScreen


@pytest.fixture(autouse=True)
def _no_key_guard(monkeypatch):
    from tui.screens import dialogs

    monkeypatch.setattr(dialogs, "KEY_GUARD_S", 0.0)


def verdict(app) -> str:
    return text_of(app.screen.query_one("#release-verdict", Static))


async def pick(pilot, app, *titles):
    """Tick these rows of a PickManyScreen by moving to them (as a person: arrows, Enter), then Done."""
    screen = app.screen
    assert isinstance(screen, PickManyScreen)
    for title in titles:
        index = next(i for i, c in enumerate(screen.choices, 1) if c.name == title)
        menu = screen.query_one("#choices")
        while menu.highlighted != index:
            await pilot.press("down" if menu.highlighted < index else "up")
        await pilot.press("enter")
    await pilot.press("d")


async def type_into(pilot, app, text):
    await must(pilot, lambda: isinstance(app.screen, PromptScreen))
    app.screen.query_one("Input").value = ""
    await pilot.press(*text, "enter")


async def row(pilot, app, key):
    """Move the form's highlight to a row and open it with Enter."""
    menu = app.screen.query_one("#release-form")
    index = next(i for i, it in enumerate(menu._items) if it.id == key)
    while menu.highlighted != index:
        await pilot.press("down" if menu.highlighted < index else "up")
    await pilot.press("enter")


async def test_a_release_with_its_rules_picked_checked_signed_and_rolled_out(app, controller):
    from tui.controller.fleet import Fleet

    controller.ledger.set_operator_pin(PIN)
    folder = controller.updates.repository()
    repository.init_keys(folder)
    f = Fleet(controller)
    f.generate(3000, pin=PIN)
    f.add_release("connectivity", "2.0.0", pin=PIN, folder=folder)
    f.add_release("head_unit", "6.1.0", rules={"brands": ["jeep"]}, pin=PIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_fleet(app, pilot)
        await must(pilot, lambda: isinstance(app.screen, FleetScreen))
        await pilot.press("e", "n")
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen))
        assert "Type the version first" in verdict(app)
        await row(pilot, app, "version")
        await type_into(pilot, app, "6.x")
        await must(pilot, lambda: "'6.x' is not a version" in verdict(app))
        await row(pilot, app, "version")
        await type_into(pilot, app, "6.0.5")
        await must(pilot, lambda: "✓ Ready" in verdict(app))  # for every car: Jeeps keep their 6.1.0
        await row(pilot, app, "brands")
        await must(pilot, lambda: isinstance(app.screen, PickManyScreen))
        await pick(pilot, app, "Jeep")
        await must(pilot, lambda: "Downgrade refused" in verdict(app))  # 6.1.0 is out for every Jeep
        await row(pilot, app, "brands")
        await must(pilot, lambda: isinstance(app.screen, PickManyScreen))
        await pick(pilot, app, "Fiat", "Jeep")  # Fiat ticked, Jeep unticked
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen) and "✓ Ready" in verdict(app))
        await row(pilot, app, "models")  # only Fiat's models are offered
        await must(pilot, lambda: isinstance(app.screen, PickManyScreen))
        assert {c.detail for c in app.screen.choices} == {"fiat"}
        await pick(pilot, app, "Fiat 500e 2024")
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen))
        await row(pilot, app, "architectures")
        await must(pilot, lambda: isinstance(app.screen, PickManyScreen))
        await pick(pilot, app, "Atlantis")
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen))
        await row(pilot, app, "min_installed")  # a component, then its version typed
        await must(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("1")
        await type_into(pilot, app, "5.1.0")
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen))
        await row(pilot, app, "requires")  # a component, then one of its releases
        await must(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("4")  # connectivity
        await must(pilot, lambda: isinstance(app.screen, ChoiceScreen) and "Connectivity" in app.screen.question)
        await pilot.press("2")  # connectivity 2.0.0
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen))
        await row(pilot, app, "notes")
        await type_into(pilot, app, "Faster maps.")
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen) and "✓ Ready" in verdict(app))
        await pilot.press("s")
        await must(pilot, lambda: isinstance(app.screen, ReleasesScreen))
        made = controller.store.fleet.releases()[-1]
        assert (made.component, made.version, made.notes) == ("head_unit", "6.0.5", "Faster maps.")
        assert made.rules == {"brands": ["fiat"], "models": ["fiat-500e-2024"], "architectures": ["Atlantis"],
                              "min_installed": {"head_unit": "5.1.0"}, "requires": {"connectivity": "2.0.0"}}
        signed = {(r["component"], r["version"]): r for r in repository.releases(folder)}
        assert ("head-unit", "6.0.5") in signed and ("connectivity", "2.0.0") in signed
        menu = app.screen.query_one("#releases")
        assert "brands fiat" in str(menu.get_option_at_index(0).prompt)
        await pilot.press("1")  # the new release: its rollout, one group per brand picked
        await must(pilot, lambda: isinstance(app.screen, ChoiceScreen) and app.screen.question == "Groups")
        await pilot.press("4")
        await must(pilot, lambda: isinstance(app.screen, PickManyScreen))
        await pick(pilot, app, "Fiat")
        await must(pilot, lambda: isinstance(app.screen, FleetScreen))
        rollout = controller.store.fleet.rollouts()[-1]
        groups = controller.store.fleet.groups(rollout.id)
        assert rollout.release_id == made.id and [g.name for g in groups] == ["Fiat", "100 %"]
        assert app.screen.selected == rollout.id


async def test_a_release_whose_signing_fails_is_not_stored(app, controller, tmp_path):
    from tui.controller.fleet import Fleet

    controller.ledger.set_operator_pin(PIN)
    f = Fleet(controller)
    with pytest.raises(CockpitError, match="There is no file"):
        f.add_release("head_unit", "6.0.0", pin=PIN, folder=tmp_path / "repo", image=tmp_path / "missing.bin")
    with pytest.raises(CockpitError, match="update keys init"):
        f.add_release("head_unit", "6.0.0", pin=PIN, folder=tmp_path / "repo")  # no keys there
    assert controller.store.fleet.releases() == []


@pytest.mark.parametrize("rules, says", [
    ({"brands": ["tesla"]}, "Unknown brand 'tesla'"),
    ({"brands": ["jeep"], "models": ["fiat-500e-2024"]}, "not made by the chosen brands"),
    ({"models": ["fiat-panda-2024"]}, "No model of the catalog that updates over the air"),
    ({"requires": {"head_unit": "5.0"}}, "can't require its own component"),
])
def test_rules_that_can_not_be_are_refused_in_a_sentence(controller, rules, says):
    from tui.controller.fleet import Fleet

    controller.ledger.set_operator_pin(PIN)
    with pytest.raises(CockpitError, match=says):
        Fleet(controller).add_release("head_unit", "6.0.0", rules=rules, pin=PIN)


def test_the_cli_signs_a_file_in_the_same_step(db_path, tmp_path):
    from tui.cli import main
    from tui.controller import Controller

    c = Controller.open(db_path)
    c.ledger.set_operator_pin(PIN)
    c.close()
    db = db_path
    folder = tmp_path / "repo"
    repository.init_keys(folder)
    image = tmp_path / "hu.bin"
    image.write_bytes(b"head unit 6.0.0\n" * 100)
    out = CliRunner().invoke(main, ["--db", str(db), "fleet", "release", "add", "head-unit", "6.0.0", "--brand",
                                    "jeep", "--repository", str(folder), "--file", str(image), "--pin", PIN,
                                    "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["signed_into"] == str(folder)
    signed = [r for r in repository.releases(folder) if r["component"] == "head-unit"]
    assert signed and signed[0]["length"] == 1600
    older = CliRunner().invoke(main, ["--db", str(db), "fleet", "release", "add", "head-unit", "5.9.0", "--brand", "jeep",
                                      "--pin", PIN])
    assert older.exit_code != 0 and "Downgrade refused" in older.output


@pytest.fixture
def form_app(fixed_controller):
    from tui.app import CockpitApp
    from tui.controller.fleet import Fleet

    fixed_controller.ledger.set_operator_pin(PIN)
    f = Fleet(fixed_controller)
    f.generate(1000, pin=PIN)
    f.add_release("connectivity", "2.0.0", pin=PIN)
    return CockpitApp(fixed_controller)


def test_release_form_80x24(form_app, snap_compare):
    async def open_form(pilot):
        app = pilot.app
        await enter_fleet(app, pilot)
        await must(pilot, lambda: isinstance(app.screen, FleetScreen))
        await pilot.press("e", "n")
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen))
        await row(pilot, app, "version")
        await type_into(pilot, app, "6.2.0")
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen))
        await row(pilot, app, "brands")
        await must(pilot, lambda: isinstance(app.screen, PickManyScreen))
        await pick(pilot, app, "Jeep")
        await must(pilot, lambda: isinstance(app.screen, NewReleaseScreen) and "Ready" in verdict(app))
        await pilot.pause()

    assert snap_compare(form_app, terminal_size=(80, 24), run_before=open_form)


async def test_a_release_stored_unsigned_is_signed_with_p(app, controller):
    from tui.controller.fleet import Fleet

    controller.ledger.set_operator_pin(PIN)
    f = Fleet(controller)
    f.add_release("connectivity", "2.0.0", pin=PIN)  # no repository named: stored unsigned
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_fleet(app, pilot)
        await must(pilot, lambda: isinstance(app.screen, FleetScreen))
        await pilot.press("e")
        await must(pilot, lambda: isinstance(app.screen, ReleasesScreen))
        await pilot.press("p")  # no repository yet: said, nothing signed
        await must(pilot, lambda: any("No update repository" in str(n.message) for n in app._notifications))
        folder = controller.updates.repository()
        repository.init_keys(folder)
        await pilot.press("p")
        await must(pilot, lambda: any(r["component"] == "connectivity" for r in repository.releases(folder)))
        await pilot.press("p")  # a release is immutable: the second time is refused in a sentence
        await must(pilot, lambda: any("is already published" in str(n.message) for n in app._notifications))


@pytest.mark.parametrize("preset, title, names", [
    ("6", "One group per region", ["EU-West", "UK"]),
    ("5", "One group per model", ["Fiat 500e 2024"]),
])
async def test_a_rollout_by_region_or_model_groups_from_the_screen(app, controller, preset, title, names):
    """Besides one group per brand, the screen plans one group per model or per region picked (the
    filters hawkBit's groups take; the CLI's --group-filter), in the list's order, then every other car."""
    from tui.controller.fleet import Fleet

    controller.ledger.set_operator_pin(PIN)
    f = Fleet(controller)
    f.generate(2000, pin=PIN)
    made = f.add_release("connectivity", "2.0.0", pin=PIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await enter_fleet(app, pilot)
        await must(pilot, lambda: isinstance(app.screen, FleetScreen))
        await pilot.press("e")
        await must(pilot, lambda: isinstance(app.screen, ReleasesScreen))
        await pilot.press("1")
        await must(pilot, lambda: isinstance(app.screen, ChoiceScreen) and app.screen.question == "Groups")
        assert app.screen.items[int(preset) - 1].title == title
        await pilot.press(preset)
        await must(pilot, lambda: isinstance(app.screen, PickManyScreen))
        await pick(pilot, app, *names)
        await must(pilot, lambda: isinstance(app.screen, FleetScreen))
        rollout = controller.store.fleet.rollouts()[-1]
        groups = controller.store.fleet.groups(rollout.id)
        assert rollout.release_id == made.id and [g.name for g in groups] == [*names, "100 %"]
