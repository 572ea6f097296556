"""The media, services and ledger tables: a database made before them upgrades and keeps its
data; rows round-trip through the query objects; a deleted profile keeps its receipts."""

from __future__ import annotations

import sqlite3

from store import open_store
from store.migrations import migrations
from tui.controller import Controller


def test_a_database_from_before_issue_7_upgrades(tmp_path):
    path = tmp_path / "old.db"
    c = Controller.open(path)
    with c.store.write():
        c.store.profiles.add("Kept", "KE", "#123456")
    c.close()
    conn = sqlite3.connect(path)
    for table in ("media_presets", "media_favourites", "media_positions", "service_receipts",
                  "service_purchases", "ledger_entries", "ledger_fleet"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m040_media', 'm041_services', 'm042_ledger')")
    conn.commit()
    conn.close()
    store = open_store(path)
    try:
        assert store.backup_path is not None  # a copy was made before upgrading
        assert {"media_presets", "service_purchases", "ledger_entries"} <= set(store.db.table_names())
        assert store.profiles.by_name("Kept") is not None
        assert not migrations().pending(store.db.database)
    finally:
        store.close()


def test_purchases_receipts_and_ledger_rows_round_trip(controller):
    controller.services.buy("music", "monthly")
    p = controller.store.services.active()[0]
    assert (p.service_id, p.plan, p.price, p.auto_renew, p.transfer) == ("music", "monthly", "10.99", True, "profile")
    r = controller.store.services.receipts(purchase_id=p.id)[0]
    assert (r.kind, r.amount, r.currency) == ("charge", "10.99", "USD")
    kinds = [e.kind for e in controller.store.ledger.entries()]
    assert kinds == ["sale", "incentive"]
    assert controller.store.ledger.fleet()[0].brand_id == "jeep"


def test_a_deleted_profile_keeps_its_receipts_and_the_car_keeps_car_services(controller):
    with controller.store.write():
        sam = controller.store.profiles.add("Sam", "SA", "#00FF00", permissions={"home_security": True, "purchases": True})
        controller.store.settings.set("active_profile_id", sam.id)
    controller.services.buy("hotspot", "lifetime")
    controller.media.set_source("FM")
    controller.media.save_preset(controller.media.items("FM")[1].uri)
    with controller.store.write():
        controller.store.settings.set("active_profile_id", controller.store.profiles.by_name("Driver").id)
        controller.store.profiles.delete(sam.id)
    assert len(controller.store.services.receipts()) == 1
    assert controller.store.services.all()[0].profile_id is None
    assert controller.feature_block("wifi.hotspot") is None  # stays with the car
    assert controller.store.db.execute("SELECT count(*) FROM media_presets").fetchone()[0] == 0
