"""Deterministic fixtures shared by unit, AppTest and browser tests: real DuckDB databases with the demo group."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from jtwg import db, demo
from jtwg.commands.init import create_database
from jtwg.config import PROJECT_ROOT
from jtwg.models import Actor
from jtwg.store import groups

DEMO_DIR = PROJECT_ROOT / "data" / "demo"

# Subprocesses (`python -m jtwg`, `streamlit run`) import this checkout's jtwg, whatever is installed.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
# Installation keys (cookie secret, alias digests) of test runs live in a folder of their own, never the user's.
os.environ.setdefault("JTWG_KEY_DIR", tempfile.mkdtemp(prefix="jtwg-test-keys-"))
# The name recogniser's models take seconds and hundreds of MB to load: tests that need them use the
# `name_models` fixture; the others run the personal-data check on its other signals (aliases, honorifics).
os.environ.setdefault("JTWG_NER", "off")


@pytest.fixture(scope="session")
def name_models_loaded():
    """The English and French pipelines, loaded once for the whole test session."""
    from jtwg.services import personal_data

    previous = os.environ.get("JTWG_NER")
    os.environ["JTWG_NER"] = "on"
    try:
        personal_data.load_models()
    finally:
        os.environ["JTWG_NER"] = previous or "off"
    return True


@pytest.fixture
def name_models(name_models_loaded, monkeypatch):
    """The personal-data check with its name recogniser on, for one test."""
    monkeypatch.setenv("JTWG_NER", "on")


@pytest.fixture
def conn():
    """An empty, migrated in-memory database."""
    c = db.connect(":memory:")
    yield c
    c.close()


@pytest.fixture
def demo_conn():
    """An in-memory database holding the demo group."""
    c = db.connect(":memory:")
    demo.load_demo(c, DEMO_DIR)
    yield c
    c.close()


@pytest.fixture
def group(demo_conn):
    return groups.get_group(demo_conn, code="NE-NG")


@pytest.fixture
def actor():
    return Actor(username="test-secretariat", role="secretariat")


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """Built once: `jtwg init --demo`'s own code, plus one test account per role."""
    from tests.support.users import add_test_accounts

    path = tmp_path_factory.mktemp("template") / "jtwg.duckdb"
    create_database(path, with_demo=True, force=False, demo_dir=DEMO_DIR)
    conn = db.connect(path)
    add_test_accounts(conn)
    conn.execute("CHECKPOINT")
    conn.close()
    return path


@pytest.fixture
def demo_db_file(tmp_path, demo_db_template) -> Path:
    """A fresh copy of the demo database file for one test."""
    path = tmp_path / "jtwg.duckdb"
    shutil.copyfile(demo_db_template, path)
    return path
