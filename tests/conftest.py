"""Deterministic fixtures shared by unit, AppTest and browser tests: real DuckDB databases with the demo group."""

from __future__ import annotations

from pathlib import Path

import pytest

from jtwg import db, demo
from jtwg.commands.init import create_database
from jtwg.config import PROJECT_ROOT
from jtwg.models import Actor
from jtwg.store import groups

DEMO_DIR = PROJECT_ROOT / "data" / "demo"


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


@pytest.fixture
def demo_db_file(tmp_path) -> Path:
    """A database file built by `jtwg init --demo`'s own code."""
    path = tmp_path / "jtwg.duckdb"
    create_database(path, with_demo=True, force=False, demo_dir=DEMO_DIR)
    return path
