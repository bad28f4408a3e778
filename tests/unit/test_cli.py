"""The jtwg command: init with and without demo data, refusal to overwrite, clear one-line errors."""

import os
import subprocess
import sys

import pytest

from jtwg import db
from jtwg.cli import main


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "x.duckdb"
    monkeypatch.setenv("JTWG_DB", str(path))
    return path


def test_init_demo_then_refuse_then_force(db_path, capsys):
    assert main(["init", "--demo"]) == 0
    assert "NE-NG" in capsys.readouterr().out
    conn = db.connect(db_path)
    assert conn.execute("SELECT count(*) FROM meeting").fetchone()[0] == 4
    assert conn.execute("SELECT title.fr FROM agenda_item WHERE label = 'Agenda Item 2'").fetchone()[0].startswith("Situation des centres")
    conn.close()
    assert main(["init", "--demo"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err and "Traceback" not in err
    assert main(["--lang", "fr", "init"]) == 1
    assert "Utilisez --force" in capsys.readouterr().err
    assert main(["init", "--if-missing"]) == 0
    assert main(["init", "--force"]) == 0
    conn = db.connect(db_path)
    assert conn.execute("SELECT count(*) FROM meeting").fetchone()[0] == 0
    conn.close()


def test_force_refuses_while_the_database_is_open_elsewhere(db_path, capsys):
    assert main(["init", "--demo"]) == 0
    env = {**os.environ, "JTWG_DB": str(db_path)}
    holder = subprocess.Popen([sys.executable, "-c", "import sys, duckdb, time; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        out = subprocess.run([sys.executable, "-m", "jtwg", "init", "--force", "--demo"], env=env,
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 1
        assert "in use by another program" in out.stderr and "Traceback" not in out.stderr
    finally:
        holder.kill()
        holder.wait()
    conn = db.connect(db_path)
    assert conn.execute("SELECT count(*) FROM meeting").fetchone()[0] == 4
    conn.close()


def test_bad_arguments_give_one_line(capsys):
    assert main(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "jtwg --help" in err
    assert main(["init", "--force", "--if-missing"]) == 2


def test_broken_demo_file_is_reported_and_leaves_nothing(db_path, tmp_path, monkeypatch, capsys):
    broken = tmp_path / "demo"
    broken.mkdir()
    for name in ("group.yaml", "meetings.yaml", "workplan.yaml", "mou.yaml"):
        (broken / name).write_text("organisations: [unclosed", encoding="utf-8")
    monkeypatch.setenv("JTWG_DEMO_DIR", str(broken))
    assert main(["init", "--demo"]) == 1
    assert "demo files could not be read" in capsys.readouterr().err
    assert not db_path.exists() and not list(db_path.parent.glob("*.new*"))


def test_console_script_help():
    out = subprocess.run([sys.executable, "-m", "jtwg", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "init" in out.stdout
