"""The smart home and routine tables: an older database upgrades, rows round-trip, deleting a
profile takes its own routines and scenes with it, and a failed write leaves nothing behind."""

from __future__ import annotations

import sqlite3

import pytest

from store import open_store
from tui.controller import Controller


def test_a_database_from_before_the_home_upgrades(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    c.close()
    con = sqlite3.connect(db_path)
    for table in ("routine_runs", "routines", "home_log", "home_scenes", "home_favourites", "home_entities", "home"):
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m030_home', 'm031_routines')")
    con.execute("DELETE FROM app_settings WHERE key = 'routines_seeded'")
    con.commit()
    con.close()
    c = Controller.open(db_path, clock=clock)
    assert c.store.backup_path is not None  # the copy made before the upgrade
    assert c.home.device("garage door").state == "closed"
    assert len(c.routines.list()) == 4
    c.close()


def test_rows_round_trip(db_path):
    s = open_store(db_path)
    with s.write():
        s.home.set_place("Cottage", 45.0, 7.5, 200)
        s.home.add_entity("light.x", "X", "Attic", None, "off", {"brightness": 10}, 0, 1.5)
        s.home.save_state("light.x", "on", {"brightness": 99}, 2.5)
        s.home.set_favourite(3, "entity", "light.x")
        sid = s.home.add_scene("Mine", [{"device": "light.x", "action": "on"}])
        rid = s.routines.add("R", {"type": "manual"}, [], [{"type": "notice", "text": "x"}])
        s.routines.log_run(rid, "because", "done", ["notice: x"])
    e = s.home.entity("light.x")
    assert (e.state, e.attributes, e.room, e.updated_at) == ("on", {"brightness": 99}, "Attic", 2.5)
    assert s.home.place().name == "Cottage" and s.home.favourites()[0].slot == 3
    assert [x.name for x in s.home.scenes()] == ["Mine"]
    with s.write():
        s.home.delete_scene(sid)
        s.home.set_favourite(4, "scene", str(sid))
        s.home.delete_scene(sid)
    assert [f.slot for f in s.home.favourites()] == [3]
    run = s.routines.runs(rid)[0]
    assert (run.why, run.outcome, run.did) == ("because", "done", ["notice: x"])
    s.close()


def test_a_profile_takes_its_routines_and_scenes_along(db_path):
    s = open_store(db_path)
    with s.write():
        p = s.profiles.add("Temp", "TE", "#123456")
        s.routines.add("Theirs", {"type": "manual"}, [], [], profile_id=p.id)
        s.home.add_scene("Their scene", [], profile_id=p.id)
    with s.write():
        s.profiles.delete(p.id)
    assert s.routines.by_name("Theirs") is None and s.home.scenes() == []
    s.close()


def test_a_failed_write_leaves_nothing(db_path):
    s = open_store(db_path)
    with pytest.raises(RuntimeError):
        with s.write():
            s.routines.add("Half", {"type": "manual"}, [], [])
            raise RuntimeError("killed mid-write")
    assert s.routines.by_name("Half") is None
    with pytest.raises(Exception):
        with s.write():
            s.home.set_favourite(7, "entity", "light.x")  # keys are 1 to 6
    assert s.home.favourites() == []
    s.close()
