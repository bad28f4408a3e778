"""`jtwg export brief`: writes a Word file; bad input gives one clear line in the chosen language."""

import pytest
from docx import Document

from jtwg.cli import main


@pytest.fixture
def demo_db(demo_db_file, monkeypatch):
    monkeypatch.setenv("JTWG_DB", str(demo_db_file))
    monkeypatch.setenv("JTWG_USER", "sec")   # commands act as a real account (tests/support/users.py)
    return demo_db_file


def test_writes_the_brief_in_french(demo_db, tmp_path, capsys):
    out = tmp_path / "note.docx"
    assert main(["export", "brief", "--group", "NE-NG", "--lang", "fr", "-o", str(out)]) == 0
    assert "Note d'avancement enregistrée" in capsys.readouterr().out
    doc = Document(str(out))
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == ["Note d'avancement"]
    assert not list(tmp_path.glob("*.part"))


def test_both_languages_with_filters(demo_db, tmp_path):
    out = tmp_path / "brief.docx"
    assert main(["export", "brief", "--lang", "both", "--delegation", "NE", "--period", "all", "-o", str(out)]) == 0
    titles = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Title"]
    assert titles == ["Progress brief", "Note d'avancement"]


@pytest.mark.parametrize("args, message", [
    (["--group", "XX"], "Unknown working group: XX"),
    (["--delegation", "ZZ"], "Unknown delegation: ZZ (choose one of: NE, NG, secretariat)"),
    (["-o", "{tmp}/brief.txt"], "give a name ending in .docx"),
    (["-o", "{tmp}/missing/brief.docx"], "does not exist"),
    (["--period", "decade"], "invalid choice"),
])
def test_bad_input_is_one_clear_line(demo_db, tmp_path, capsys, args, message):
    argv = ["export", "brief", "--lang", "en", "-o", str(tmp_path / "b.docx")]
    argv += [a.format(tmp=tmp_path) for a in args]
    assert main(argv) != 0
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "b.docx").exists()


def test_missing_database_is_explained(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JTWG_DB", str(tmp_path / "none.duckdb"))
    assert main(["--lang", "fr", "export", "brief", "--lang", "en", "-o", str(tmp_path / "b.docx")]) == 1
    err = capsys.readouterr().err
    assert "jtwg init" in err and not (tmp_path / "none.duckdb").exists()


def test_lang_is_required(demo_db, tmp_path, capsys):
    assert main(["export", "brief", "-o", str(tmp_path / "b.docx")]) == 2
    assert "--lang" in capsys.readouterr().err
