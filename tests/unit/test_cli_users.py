"""`jtwg users`: add (password from stdin), list, disable/enable, reset-password, clear errors."""

import io
import sys

import pytest

from jtwg import db
from jtwg.cli import main
from jtwg.services import auth

GOOD = "correct horse battery"


@pytest.fixture
def db_path(demo_db_file, monkeypatch):
    monkeypatch.setenv("JTWG_DB", str(demo_db_file))
    return demo_db_file


def run(monkeypatch, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_add_list_disable_reset(db_path, monkeypatch, capsys):
    assert run(monkeypatch, ["users", "add", "Amina", "--role", "member", "--delegation", "NE", "--subcommittee", "PR",
                             "--password-stdin"], GOOD + "\n") == 0
    assert "amina" in capsys.readouterr().out
    assert run(monkeypatch, ["--lang", "fr", "users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "amina\tMembre de sous-comité\tNE\tPR" in listing
    assert run(monkeypatch, ["users", "disable", "amina"]) == 0
    assert "disabled" in capsys.readouterr().out
    assert run(monkeypatch, ["users", "reset-password", "amina", "--password-stdin"], "another good one\n") == 0
    conn = db.connect(db_path)
    try:
        user = auth.get_user(conn, username="amina")
        assert user.disabled
        assert run(monkeypatch, ["users", "disable", "amina", "--enable"]) == 0
    finally:
        conn.close()


def test_errors_are_one_clear_line(db_path, monkeypatch, capsys):
    assert run(monkeypatch, ["users", "add", "bob", "--role", "member", "--password-stdin"], "short\n") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "12" in err and "Traceback" not in err
    assert run(monkeypatch, ["users", "add", "sec", "--role", "observer", "--password-stdin"], GOOD + "\n") == 1
    assert "already exists" in capsys.readouterr().err
    assert run(monkeypatch, ["--lang", "fr", "users", "disable", "nobody"]) == 1
    assert "Compte inconnu" in capsys.readouterr().err
    assert run(monkeypatch, ["users", "add", "bob", "--role", "king"]) == 2


def test_first_run_without_a_terminal_explains(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JTWG_DB", str(tmp_path / "empty.duckdb"))
    assert run(monkeypatch, ["users", "first-run"]) == 0
    assert "jtwg users add" in capsys.readouterr().out
