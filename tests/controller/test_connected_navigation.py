"""Nothing is sold that does not exist (issue 17): the navigation service is "Connected
Navigation" and says what it gives (routes to home, work, saved and recent places, distance left
and arrival time, arrival routines) and that there is no traffic data. Its id stays "traffic", so
an existing database keeps its trials, subscriptions and receipts; m161 renames the service in the
alerts it already showed."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from store.services import service_catalog
from tui.cli import main
from tui.controller import Controller

OLD = "Live Traffic Navigation"


def test_the_catalog_promises_only_what_navigation_does():
    service = next(s for s in service_catalog()["services"] if s["id"] == "traffic")
    assert service["name"] == "Connected Navigation"
    summary = service["summary"]
    for gives in ("home, work, saved and recent places", "distance left", "arrival time", "arrival routines"):
        assert gives in summary
    assert summary.endswith("No traffic data.")
    for s in service_catalog()["services"]:  # no other name or summary promises traffic either
        assert "traffic" not in s["name"].lower()
        assert "traffic" not in s["summary"].lower().replace("no traffic data", "")


def test_the_driver_reads_the_new_name_everywhere(controller, db_path):
    offer = controller.services.offer("traffic")
    assert offer.name == "Connected Navigation" and "No traffic data" in offer.summary
    controller.services.start_trial("traffic")
    assert controller.feature_block("nav.live_traffic") is None  # navigation works with it
    listed = CliRunner().invoke(main, ["--db", str(db_path), "services", "list"])
    assert listed.exit_code == 0
    assert "Connected Navigation" in listed.output and OLD not in listed.output
    reply = controller.assistant.ask("what services do I have")
    assert "Connected Navigation" in reply.text and OLD not in reply.text


def test_an_existing_database_keeps_its_subscription_and_reads_the_new_name(tmp_path):
    """A database from before the rename: a yearly plan and the alert that told of it. The upgrade
    (m161, run here on the database as it was) keeps the plan and renames the service in the alert."""
    from store.migrations_later import m161_connected_navigation

    db = tmp_path / "old.db"
    c = Controller.open(db)
    try:
        c.services.buy("traffic", "yearly")
        c.alerts.raise_("services", "renewal", f"{OLD} renews 11/23/2027 for $49.00; cancel any time.",
                        "information")
    finally:
        c.close()
    raw = sqlite3.connect(db)
    with raw:
        m161_connected_navigation(raw)
    raw.close()
    c = Controller.open(db)
    try:
        assert c.services.offer("traffic").status == "active"  # the plan is kept
        texts = [a.text for a in c.alerts.list(source="services")]
        assert texts == ["Connected Navigation renews 11/23/2027 for $49.00; cancel any time."]
    finally:
        c.close()
