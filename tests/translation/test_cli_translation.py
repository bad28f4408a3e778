"""`jtwg translate`, `jtwg export|import xliff`, `jtwg export|import tmx` on a real database file."""

import shutil

import pytest
from translate.storage import tmx, xliff

from jtwg import db
from jtwg.cli import main


@pytest.fixture
def db_file(tmp_path, monkeypatch, demo_db_template):
    path = tmp_path / "jtwg.duckdb"
    shutil.copy(demo_db_template, path)
    monkeypatch.setenv("JTWG_DB", str(path))
    monkeypatch.setenv("JTWG_USER", "sec")   # commands act as a real account (tests/support/users.py)
    return path


def test_tmx_export_import_and_translate(db_file, tmp_path, capsys):
    # The demo has no memory yet: a TMX built from a translator's pairs fills it.
    memory = tmx.tmxfile(sourcelanguage="en", targetlanguage="fr")
    unit = memory.addsourceunit("Any other business")
    unit.target = "Questions diverses"
    (tmp_path / "in.tmx").write_bytes(bytes(memory))
    assert main(["import", "tmx", str(tmp_path / "in.tmx"), "--dry-run"]) == 0
    assert "1 new pairs" in capsys.readouterr().out
    assert main(["--lang", "fr", "import", "tmx", str(tmp_path / "in.tmx")]) == 0
    assert "; 2 segments ajoutés" in capsys.readouterr().out.replace("\u00a0", " ")
    assert main(["export", "tmx", "-o", str(tmp_path / "out.tmx")]) == 0
    back = tmx.tmxfile((tmp_path / "out.tmx").read_bytes())
    assert [(u.source, u.target) for u in back.units] == [("Any other business", "Questions diverses")]
    # translate with no engine on the 4th meeting: everything there is reviewed, nothing to fill.
    assert main(["translate", "--meeting", "4", "--to", "fr", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would fill: 0" in out and "Reviewed:" in out


def test_xliff_export_edit_import(db_file, tmp_path, capsys):
    out = tmp_path / "m4.xlf"
    assert main(["export", "xliff", "--meeting", "4", "--to", "fr", "-o", str(out)]) == 0
    assert "texts" in capsys.readouterr().out
    doc = xliff.xlifffile.parsestring(out.read_bytes())
    first = doc.units[0]
    first.target = first.target + " (révisé)"
    out.write_bytes(bytes(doc))
    assert main(["import", "xliff", str(out), "--dry-run"]) == 0
    assert "Would import 1 translations" in capsys.readouterr().out
    assert main(["import", "xliff", str(out)]) == 0
    assert "Imported 1 translations" in capsys.readouterr().out
    conn = db.connect(db_file)
    assert conn.execute("SELECT count(*) FROM text_review WHERE status = 'external'").fetchone()[0] == 1
    conn.close()
    # A broken file is one clear line.
    (tmp_path / "bad.xlf").write_text("nonsense")
    assert main(["import", "xliff", str(tmp_path / "bad.xlf")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
