"""The profiles tables: migration m010 on a fresh file and on a file from the release before it,
preferences deleted with their profile, and the history query walking the partial index."""

from __future__ import annotations

import sqlite3

from store import open_store
from store.migrations import migrations
from store.profiles import Preference


def test_fresh_file_has_the_profile_tables_and_the_history_index(tmp_path):
    s = open_store(tmp_path / "a.db")
    names = set(s.db.table_names())
    assert {"profile_prefs", "profile_pending", "valet"} <= names
    plan = s.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM audit INDEXED BY audit_profile_people WHERE profile_id = 1 AND source IN "
        "('ui', 'assistant', 'routine', 'profile', 'cli', 'undo') ORDER BY id DESC LIMIT 21").fetchall()
    detail = " ".join(r[-1] for r in plan)
    assert "audit_profile_people" in detail and "TEMP B-TREE" not in detail
    s.close()


def test_a_file_from_before_the_profiles_release_upgrades(tmp_path):
    path = tmp_path / "old.db"
    s = open_store(path)
    with s.write():
        p = s.profiles.add("Old", "OL", "#123456")
    s.close()
    # take the file back to before m010: drop what m010 made and forget that it ran
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP TABLE profile_prefs; DROP TABLE profile_pending; DROP TABLE valet; DROP INDEX audit_profile_people;"
        "ALTER TABLE profiles DROP COLUMN remember;"
        f"DELETE FROM {migrations().migrations_table} WHERE name = 'm010_profile_preferences';"
    )
    conn.commit()
    conn.close()
    s = open_store(path)
    assert s.profiles.by_name("Old").id == p.id
    assert s.profiles.remember(p.id) == "auto" and s.profiles.prefs(p.id) == {}
    assert s.backup_path is not None and s.backup_path.exists()
    s.close()


def test_preferences_go_with_their_profile(tmp_path):
    s = open_store(tmp_path / "a.db")
    with s.write():
        p = s.profiles.add("Ada", "AD", "#123456")
        s.profiles.put_prefs(p.id, [Preference("Vehicle.Cabin.Infotainment.Media.Volume", 30, None, "m")])
        s.profiles.put_prefs(p.id, [Preference("Vehicle.Cabin.Infotainment.Media.Volume", 31, None, "m")],
                             pending=True)
    assert s.profiles.prefs(p.id)["Vehicle.Cabin.Infotainment.Media.Volume"].value == 30
    assert s.profiles.pending_count(p.id) == 1
    with s.write():
        s.profiles.delete(p.id)
    assert s.db.execute("SELECT count(*) FROM profile_prefs").fetchone()[0] == 0
    assert s.db.execute("SELECT count(*) FROM profile_pending").fetchone()[0] == 0
    s.close()
