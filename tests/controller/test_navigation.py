"""Navigation (issue 17): destinations (home from the smart home's place, work, saved, recent), a
route the simulator drives from here, distance left and ETA following the drive, arrival (an
alert, the recent list, and arrival routines running from the position), the service's gate, and
no typed names while moving."""

from __future__ import annotations

import json

import pytest

from tui.controller import Controller
from tui.controller.errors import InvalidValue, NotAllowed, UnknownName
from tui.controller.simulator import Point, distance_m

LAT = "Vehicle.CurrentLocation.Latitude"
LON = "Vehicle.CurrentLocation.Longitude"


@pytest.fixture
def nav(controller):
    controller.services.start_trial("traffic")
    return controller


def drive_to_end(c, seconds=3600):
    sim = c.simulator
    sim.set_speedup(60)
    sim.start()
    for _ in range(seconds):
        c.clock.advance(1)
        sim.pump()
        c.tick()
        if sim.state == "finished":
            break
    return sim.state


def test_destinations_home_work_saved_recent(nav):
    c = nav
    names = [(d.name, d.kind) for d in c.navigation.destinations()]
    assert names[:2] == [("Home", "home"), ("Work", "work")]
    home = c.home.place()
    assert (c.navigation.find("home").latitude, c.navigation.find("HOME").longitude) == (home.latitude, home.longitude)
    c.navigation.save_here("Gym")
    assert ("Gym", "saved") in [(d.name, d.kind) for d in c.navigation.destinations()]
    with pytest.raises(UnknownName, match="Known: Home, Work, Gym"):
        c.navigation.find("Moon")
    c.navigation.forget("Gym")
    assert "Gym" not in [d.name for d in c.navigation.destinations()]


def test_navigation_needs_its_service(controller):
    with pytest.raises(NotAllowed):
        controller.navigation.go("Work")


def test_a_route_to_work_is_driven_and_followed(nav):
    c = nav
    g = c.navigation.go("Work")
    assert c.simulator.route.name == "To Work" and c.simulator.route_id == "nav"
    first = c.simulator.route.points[0]
    assert distance_m(first, Point(c.get(LAT), c.get(LON), 0)) < 1  # from where the car is
    assert g.left_m == pytest.approx(c.simulator.route.length_m, rel=0.01)
    assert "Work" in [d.name for d in c.navigation.destinations() if d.kind == "recent"] or \
        c.store.places.by_name("Work") is not None
    c.simulator.set_speedup(30)
    c.simulator.start()
    for _ in range(10):
        c.clock.advance(1)
        c.simulator.pump()
    later = c.navigation.guidance()
    assert later.left_m < g.left_m - 500  # distance left follows the drive
    assert later.eta > c.clock.now()
    assert "left, arrive" in c.navigation.status_text()


def test_arrival_is_an_alert_and_arrival_routines_run(nav):
    c = nav
    c.navigation.go("Work")
    assert drive_to_end(c) == "finished"
    c.simulator.stop()
    c.tick()
    assert c.navigation.active() is None
    assert c.alerts.list(source="navigation")[0].text == "Arrived at Work."
    assert [d.name for d in c.navigation.destinations() if d.kind == "recent"] == []  # Work is Work, not recent
    # home again: the demo routine "Open the garage on arrival" reacts to the position
    ran = []
    c.subscribe(lambda e: ran.append(type(e).__name__))
    c.navigation.go("Home")
    assert drive_to_end(c) == "finished"
    c.simulator.stop()
    c.tick()
    assert c.alerts.list(source="navigation")[0].text == "Arrived at Home."
    assert c.home.place().presence == "home"
    assert "QuestionAsked" in ran, ran  # "Open the garage on arrival" asks first


def test_while_moving_no_typed_names(nav):
    c = nav
    c.simulator.start()
    c.clock.advance(5)
    c.simulator.pump()
    with pytest.raises(NotAllowed, match="parked"):
        c.navigation.save_here("Corner shop")
    saved = c.navigation.save_here()
    assert saved.name.startswith("Saved ")
    c.navigation.go("Work")  # a saved destination while moving: fine, and the drive goes on
    assert c.simulator.state == "running"


def test_already_there_and_cancel(nav):
    c = nav
    c.navigation.save_here("Here")
    with pytest.raises(InvalidValue, match="already at Here"):
        c.navigation.go("Here")
    c.navigation.go("Work")
    assert c.navigation.cancel() == "Route cancelled."
    assert c.navigation.guidance() is None and c.navigation.cancel() == "No route to cancel."


def test_another_process_sees_the_route(nav, db_path, clock):
    nav.navigation.go("Work")
    other = Controller.open(db_path, clock=clock)
    try:
        g = other.navigation.guidance()
        assert g.destination.name == "Work" and g.left_m > 1000
    finally:
        other.close()


@pytest.mark.parametrize("words, intent", [("navigate home", "nav.go"), ("drive to work", "nav.go"),
                                           ("how long until I arrive", "nav.eta"), ("cancel the route", "nav.cancel")])
def test_the_assistant_understands(nav, words, intent):
    assert nav.assistant.ask(words).intent == intent


def test_the_assistant_navigates_and_tells_the_eta(nav):
    c = nav
    reply = c.assistant.ask("navigate home")
    assert reply.text.startswith("Route to Home:") and c.navigation.active().name == "Home"
    assert c.assistant.ask("how long until I arrive").text == c.navigation.status_text()
    assert "Known: Home, Work" in c.assistant.ask("navigate to the moon").text
    assert c.assistant.ask("open settings").intent == "app.open"  # screens stay screens
    assert c.assistant.ask("cancel the route").text == "Route cancelled."
    assert c.assistant.ask("how long until I arrive").text == "No route. Choose a destination."


# ------------------------------------------------------------------ the command line
def test_cli_nav_to_status_saved_and_refusals(cli):
    assert cli("services", "trial", "traffic").exit_code == 0
    r = cli("nav", "places", "--json")
    assert [p["name"] for p in json.loads(r.output)][:2] == ["Home", "Work"]
    r = cli("nav", "to", "work", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["destination"] == "Work"
    status = json.loads(cli("nav", "status", "--json").output)
    assert status["left_m"] > 1000 and status["text"].startswith("To Work:")
    r = cli("nav", "to", "the", "moon")
    assert r.exit_code == 1 and "No destination called 'the moon'" in r.output and "Traceback" not in r.output
    assert cli("nav", "saved", "add", "Gym").exit_code == 1  # without --here: says where
    r = cli("nav", "saved", "add", "Gym", "--here")
    assert r.exit_code == 0 and r.output.startswith("Saved Gym")
    assert "Gym" in cli("nav", "places").output
    assert cli("nav", "cancel").output.strip() == "Route cancelled."
    assert json.loads(cli("nav", "status", "--json").output) is None


def test_cli_simulate_drives_the_chosen_route(cli):
    cli("services", "trial", "traffic")
    cli("nav", "to", "Home")
    r = cli("simulate", "--speedup", "1000", "--rate", "50", "--quiet")
    assert r.exit_code == 0 and "To Home" in r.output
    alerts = json.loads(cli("alerts", "list", "--source", "navigation", "--json").output)
    assert alerts[0]["text"] == "Arrived at Home."


def test_a_route_chosen_before_is_the_one_driven_after_a_restart(nav, db_path, clock):
    nav.navigation.go("Work")
    other = Controller.open(db_path, clock=clock)
    try:
        assert other.simulator.route.name == "To Work" and other.simulator.route_id == "nav"
    finally:
        other.close()


def test_valet_mode_hides_the_places(nav):
    c = nav
    c.navigation.save_here("Gym")
    c.set("Vehicle.Private.SmartCockpit.Valet.IsActive", True, source="system")
    assert c.navigation.destinations() == []
    with pytest.raises(NotAllowed, match="valet"):
        c.navigation.go("Gym")
    c.set("Vehicle.Private.SmartCockpit.Valet.IsActive", False, source="system")
    assert "Gym" in [d.name for d in c.navigation.destinations()]
