"""`jtwg export mou` and `jtwg import mou`: the two-sheet workbook reopened and checked, dry run, one line per error."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest

from jtwg import db
from jtwg.cli import main


@pytest.fixture
def demo_db(demo_db_file, monkeypatch):
    monkeypatch.setenv("JTWG_DB", str(demo_db_file))
    monkeypatch.setenv("JTWG_USER", "sec")   # commands act as a real account (tests/support/users.py)
    return demo_db_file


def query(path, sql, params=()):
    conn = db.connect(path)
    try:
        return conn.execute(sql, list(params)).fetchall()
    finally:
        conn.close()


def mou_tables(path) -> tuple:
    return tuple(query(path, f"SELECT * FROM {t} ORDER BY id") for t in ("mou_provision", "commitment")) + (
        query(path, "SELECT * EXCLUDE (created_at) FROM commitment_activity ORDER BY ALL"),
        query(path, "SELECT count(*) FROM change_log"))


def test_export_in_french_and_one_subcommittee(demo_db, tmp_path, capsys):
    out = tmp_path / "mou.xlsx"
    assert main(["export", "mou", "-o", str(out), "--lang", "fr"]) == 0
    assert str(out) in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Dispositions", "Engagements", "Notes"]
    assert book["Engagements"]["A1"].value == "Code" and book["Engagements"].max_row == 8
    assert main(["export", "mou", "-o", str(out), "--subcommittee", "PR"]) == 0
    book = openpyxl.load_workbook(out)
    assert [r[0] for r in book["Commitments"].iter_rows(min_row=2, values_only=True)] == ["C-4.1"]


def test_template_needs_no_database(tmp_path, monkeypatch):
    monkeypatch.setenv("JTWG_DB", str(tmp_path / "none.duckdb"))
    assert main(["export", "mou", "--template", "-o", str(tmp_path / "t.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book["Provisions"].max_row == 1 and book["Commitments"].max_row == 1


def test_round_trip_dry_run_then_import(demo_db, tmp_path, capsys):
    out = tmp_path / "mou.xlsx"
    assert main(["export", "mou", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    sheet = book["Commitments"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "C-6.1":
            row[header.index("Status")].value = "In progress"
            row[header.index("Rating (red/amber/green)")].value = "Amber"
            row[header.index("Reason for the rating (EN)")].value = "Contact points proposed"
            row[header.index("Activities (codes)")].value = "IP-02"
    book["Provisions"].append(["9", None, "Review", "Revue", "The Parties review this Memorandum.", None, None, "PRM"])
    sheet.append(["C-9.1", "9", "Hold a review meeting.", None, "NAPTIP, ANLTP/TIM", "2023-11-16"])
    book.save(out)
    capsys.readouterr()
    assert main(["import", "mou", str(out), "--dry-run"]) == 0
    assert capsys.readouterr().out.strip() == "Checked, nothing saved: 2 new, 1 changed, 13 unchanged."
    assert query(demo_db, "SELECT status FROM commitment WHERE code = 'C-6.1'") == [("not_started",)]
    assert main(["import", "mou", str(out)]) == 0
    assert "Imported: 2 new, 1 changed, 13 unchanged." in capsys.readouterr().out
    assert query(demo_db, "SELECT status, rag FROM commitment WHERE code = 'C-6.1'") == [("in_progress", "amber")]
    assert query(demo_db, "SELECT v.code FROM commitment_activity l JOIN activity v ON v.id = l.activity_id "
                          "JOIN commitment c ON c.id = l.commitment_id WHERE c.code = 'C-6.1'") == [("IP-02",)]
    assert query(demo_db, "SELECT p.article FROM commitment c JOIN mou_provision p ON p.id = c.provision_id "
                          "WHERE c.code = 'C-9.1'") == [("9",)]
    # Exported again, the file re-imports unchanged.
    assert main(["export", "mou", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["import", "mou", str(out), "--dry-run"]) == 0
    assert "0 new, 0 changed, 16 unchanged" in capsys.readouterr().out


def test_import_with_errors_prints_one_line_each_and_changes_nothing(demo_db, tmp_path, capsys):
    book = openpyxl.Workbook()
    provisions = book.active
    provisions.title = "Dispositions"
    provisions.append(["Article", "Paragraphe", "Texte (FR)"])
    provisions.append(["9", None, "Les Parties réexaminent le protocole."])
    commitments = book.create_sheet("Engagements")
    commitments.append(["Code", "Disposition (article.paragraphe)", "Statut", "Appréciation (rouge/orange/vert)", "Échéance"])
    commitments.append(["C-4.1", None, "En cours", "Rouge", "31/10/2022"])
    commitments.append(["C-6.1", None, "Fini", None, "bientôt"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    before = mou_tables(demo_db)
    assert main(["--lang", "fr", "import", "mou", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == "erreur\u00a0: 3 problème(s) trouvé(s)\u00a0: rien n'a été enregistré."
    assert len(err) == 4 and all(line.startswith("Feuille «\u00a0Engagements\u00a0», ligne") for line in err[1:])
    assert "ligne 2, colonne «\u00a0Motif de l'appréciation (EN)\u00a0»" in err[1]
    assert any("«\u00a0Fini\u00a0»" in line for line in err) and any("«\u00a0bientôt\u00a0»" in line for line in err)
    assert mou_tables(demo_db) == before


def test_not_a_workbook_and_missing_file(demo_db, tmp_path, capsys):
    path = tmp_path / "mou.xlsx"
    path.write_text("just text")
    assert main(["import", "mou", str(path)]) == 1
    assert "The file is not an Excel workbook (.xlsx): nothing was imported." in capsys.readouterr().err
    assert main(["import", "mou", str(tmp_path / "missing.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "Cannot read" in err and "Traceback" not in err


def test_the_installed_command_runs(demo_db, tmp_path):
    out = tmp_path / "mou.xlsx"
    done = subprocess.run([sys.executable, "-m", "jtwg", "export", "mou", "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-m", "jtwg", "import", "mou", str(out), "--dry-run"], capture_output=True, text=True)
    assert done.returncode == 0 and "0 new, 0 changed, 14 unchanged" in done.stdout, done.stderr
