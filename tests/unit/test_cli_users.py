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
    monkeypatch.setenv("JTWG_USER", "sec")   # commands act as a real account (tests/support/users.py)
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
    assert "amina\tNE-NG\u00a0: Membre de sous-comité (NE; PR)" in listing
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


def test_a_command_acts_as_the_named_account_with_exactly_its_rights(db_path, monkeypatch, capsys, tmp_path):
    out = tmp_path / "m.docx"
    minutes = ["export", "minutes", "--meeting", "4", "--lang", "en", "-o", str(out)]
    # A member may export the restricted profile, not the internal one; the log names the member.
    assert run(monkeypatch, [*minutes, "--profile", "internal", "--user", "member-ip"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and not out.exists()
    assert run(monkeypatch, [*minutes, "--profile", "restricted", "--user", "member-ip"]) == 0
    capsys.readouterr()
    # A member cannot manage accounts from the command line either.
    assert run(monkeypatch, ["--user", "member-ip", "users", "disable", "sec"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    conn = db.connect(db_path)
    try:
        actors = [r[0] for r in conn.execute("SELECT actor FROM change_log WHERE action = 'export'").fetchall()]
        assert not auth.get_user(conn, username="sec").disabled
    finally:
        conn.close()
    assert actors == ["member-ip"]


def test_unknown_disabled_or_missing_account_is_one_clear_line(db_path, monkeypatch, capsys, tmp_path):
    out = str(tmp_path / "a.xlsx")
    assert run(monkeypatch, ["export", "actions", "-o", out, "--user", "nobody"]) == 1
    assert "No account named nobody" in capsys.readouterr().err
    assert run(monkeypatch, ["users", "disable", "donor"]) == 0
    capsys.readouterr()
    assert run(monkeypatch, ["--lang", "fr", "export", "actions", "-o", out, "--user", "donor"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Le compte donor est désactivé" in err
    monkeypatch.delenv("JTWG_USER")
    assert run(monkeypatch, ["export", "actions", "-o", out]) == 1
    assert "--user NAME" in capsys.readouterr().err


def test_only_the_first_account_is_made_by_the_system(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JTWG_DB", str(tmp_path / "new.duckdb"))
    monkeypatch.delenv("JTWG_USER", raising=False)
    assert run(monkeypatch, ["init"]) == 0
    assert run(monkeypatch, ["users", "add", "first", "--role", "secretariat", "--password-stdin"], GOOD + "\n") == 0
    # With an account in place, adding another needs a secretariat account.
    assert run(monkeypatch, ["users", "add", "second", "--role", "observer", "--password-stdin"], GOOD + "\n") == 1
    assert "--user NAME" in capsys.readouterr().err
    assert run(monkeypatch, ["users", "add", "second", "--role", "observer", "--password-stdin", "--user", "first"],
               GOOD + "\n") == 0
    conn = db.connect(tmp_path / "new.duckdb")
    try:
        log = conn.execute("SELECT actor FROM change_log WHERE entity = 'app_user' AND action = 'create' ORDER BY id").fetchall()
    finally:
        conn.close()
    assert [r[0] for r in log] == ["system (jtwg users add)", "first"]
