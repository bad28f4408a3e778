"""Database files from elsewhere: the first released schema migrates and keeps its data; a newer schema
and a damaged file are refused with a clear message (library, CLI and app), never a raw database error."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from jtwg import db
from jtwg.config import PROJECT_ROOT
from jtwg.errors import DatabaseDamaged, DatabaseTooNew
from jtwg.services import audit
from jtwg.store import groups
from jtwg.store.actions import action_id_by_code, get_action_item

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "schema_0001.duckdb"


def test_the_fixture_is_small_and_holds_only_the_first_migration():
    assert FIXTURE.stat().st_size < 600_000
    conn = duckdb.connect(str(FIXTURE), read_only=True)
    try:
        assert [r[0] for r in conn.execute("SELECT name FROM schema_migration").fetchall()] == ["0001_foundation"]
    finally:
        conn.close()


def test_the_first_released_schema_migrates_and_keeps_its_data(tmp_path, actor):
    path = tmp_path / "old.duckdb"
    shutil.copy(FIXTURE, path)
    conn = db.connect(path)
    try:
        assert db.applied_migrations(conn) == [name for name, _ in db.migrations()]
        group = groups.get_group(conn, code="NE-NG")
        assert group.name.en == "Joint working group (fixture)"
        item = get_action_item(conn, action_id=action_id_by_code(conn, code="A1-01"))
        assert (item.text.fr, item.progress_pct, item.evidence) == (
            "Partager le formulaire d'orientation", 40, '=HYPERLINK("http://example.org")')
        entries, total = audit.search(conn, actor=actor, where=audit.AuditFilter())
        assert total == 1 and entries[0]["note"] == "first schema"
        assert conn.execute("SELECT value FROM app_setting WHERE key = 'fixture'").fetchone() == ("first released schema",)
    finally:
        conn.close()
    db.connect(path).close()   # opening again applies nothing and keeps working


def _future(path: Path) -> Path:
    conn = db.connect(path)
    conn.execute("INSERT INTO schema_migration (name) VALUES ('9990_from_the_future'), ('9991_more')")
    conn.close()
    return path


def test_a_newer_schema_is_refused_naming_the_versions(tmp_path):
    path = _future(tmp_path / "future.duckdb")
    latest = db.migrations()[-1][0]
    for read_only in (False, True):
        with pytest.raises(DatabaseTooNew) as info:
            db.connect(path, read_only=read_only)
        en, fr = info.value.message("en"), info.value.message("fr")
        assert "9990_from_the_future, 9991_more" in en and latest in en and "newer version" in en
        assert "9990_from_the_future" in fr and "plus récente" in fr
    conn = duckdb.connect(str(path))   # nothing was changed in the file
    assert conn.execute("SELECT count(*) FROM schema_migration").fetchone()[0] == len(db.migrations()) + 2
    conn.close()


def _truncated(path: Path) -> Path:
    conn = db.connect(path)
    conn.execute("CREATE TABLE filler AS SELECT range AS i, repeat('x', 50) AS s FROM range(20000)")
    conn.execute("CHECKPOINT")
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


@pytest.mark.parametrize("damage", ["truncated", "text", "zeros", "other_program"])
def test_a_damaged_or_foreign_file_is_reported_clearly(tmp_path, damage):
    path = tmp_path / "bad.duckdb"
    if damage == "truncated":
        _truncated(path)
    elif damage == "text":
        path.write_text("name,role\nada,member\n" * 50)
    elif damage == "zeros":
        path.write_bytes(b"\0" * 40_000)
    else:   # a sound DuckDB file that some other program made
        other = duckdb.connect(str(path))
        other.execute("CREATE TABLE sales (id INTEGER, amount DECIMAL(9, 2))")
        other.close()
    with pytest.raises(DatabaseDamaged) as info:
        db.connect(path)
    assert "not a jtwg database, or it is damaged" in info.value.message("en")
    assert "n'est pas une base de données jtwg" in info.value.message("fr")


def _cli(path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**__import__("os").environ, "JTWG_DB": str(path)}
    return subprocess.run([sys.executable, "-m", "jtwg", *args, "users", "list"], env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_cli_says_so_in_the_users_language(tmp_path):
    future = _cli(_future(tmp_path / "future.duckdb"), "--lang", "fr")
    assert future.returncode == 1 and "Traceback" not in future.stderr
    assert "version plus récente de jtwg" in future.stderr and "9990_from_the_future" in future.stderr
    damaged = _cli(_truncated(tmp_path / "cut.duckdb"))
    assert damaged.returncode == 1 and "Traceback" not in damaged.stderr
    assert "not a jtwg database, or it is damaged" in damaged.stderr and "IO Error" not in damaged.stderr


@pytest.mark.parametrize("lang, expected", [("en", "newer version of jtwg"), ("fr", "version plus récente de jtwg")])
def test_the_app_says_so_in_the_users_language(tmp_path, monkeypatch, lang, expected):
    monkeypatch.setenv("JTWG_DB", str(_future(tmp_path / "future.duckdb")))
    monkeypatch.setenv("JTWG_LANG", lang)
    monkeypatch.chdir(PROJECT_ROOT)
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
        assert not at.exception
        assert any(expected in e.value and "9990_from_the_future" in e.value for e in at.error)
    finally:
        st.cache_resource.clear()


def test_init_force_replaces_a_damaged_or_newer_file(tmp_path):
    from jtwg.commands.init import create_database

    for path in (_future(tmp_path / "future.duckdb"), _truncated(tmp_path / "cut.duckdb")):
        create_database(path, with_demo=False, force=True, demo_dir=PROJECT_ROOT / "data" / "demo")
        db.connect(path).close()
