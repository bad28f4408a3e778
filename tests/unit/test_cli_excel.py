"""`jtwg export|import workplan|actions`: files reopened and checked, dry runs, one line per error, non-zero exit."""

from __future__ import annotations

import io
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


def status_of(path, code):
    conn = db.connect(path)
    try:
        return conn.execute("SELECT status, progress_pct FROM action_item WHERE code = ?", [code]).fetchone()
    finally:
        conn.close()


def test_export_workplan_of_one_subcommittee_in_french(demo_db, tmp_path, capsys):
    out = tmp_path / "wp.xlsx"
    assert main(["export", "workplan", "-o", str(out), "--subcommittee", "IP", "--lang", "fr"]) == 0
    assert str(out) in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out)["Plan de travail"]
    assert sheet["C1"].value == "Activité (EN)"
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["IP-01", "IP-02"]


def test_export_unknown_subcommittee_is_one_clear_line(demo_db, tmp_path, capsys):
    assert main(["export", "actions", "-o", str(tmp_path / "a.xlsx"), "--subcommittee", "ZZ"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "error: Unknown sub-committee: ZZ." and not (tmp_path / "a.xlsx").exists()


def test_template_needs_no_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JTWG_DB", str(tmp_path / "none.duckdb"))
    assert main(["export", "actions", "--template", "-o", str(tmp_path / "t.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0]
    assert sheet.max_row == 1 and sheet["A1"].value == "Code"


def test_round_trip_dry_run_then_import(demo_db, tmp_path, capsys):
    out = tmp_path / "actions.xlsx"
    assert main(["export", "actions", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "A4-04":
            row[header.index("Status")].value = "Done"
            row[header.index("Update note")].value = "Mapping report shared"
    book.save(out)
    capsys.readouterr()
    assert main(["import", "actions", str(out), "--dry-run"]) == 0
    assert "0 new, 1 changed, 6 unchanged" in capsys.readouterr().out
    assert status_of(demo_db, "A4-04")[0] == "in_progress"
    assert main(["import", "actions", str(out)]) == 0
    assert "Imported: 0 new, 1 changed" in capsys.readouterr().out
    assert status_of(demo_db, "A4-04") == ("done", 100)


def test_import_with_errors_prints_one_line_each_and_changes_nothing(demo_db, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Code", "Statut", "Avancement (%)", "Échéance"])
    sheet.append(["A4-04", "Réalisé", 100, None])
    sheet.append(["A4-03", "Fini", 200, "bientôt"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    assert main(["--lang", "fr", "import", "actions", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == "erreur : 3 problème(s) trouvé(s) : rien n'a été enregistré.".replace(" :", "\u00a0:")
    assert len(err) == 4 and all(line.startswith("Ligne 3, colonne") for line in err[1:])
    assert status_of(demo_db, "A4-04")[0] == "in_progress"


def test_not_a_workbook_and_missing_file(demo_db, tmp_path, capsys):
    path = tmp_path / "notes.xlsx"
    path.write_text("just text")
    assert main(["import", "workplan", str(path)]) == 1
    assert "The file is not an Excel workbook (.xlsx): nothing was imported." in capsys.readouterr().err
    assert main(["import", "workplan", str(tmp_path / "missing.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "Cannot read" in err and "Traceback" not in err


def test_the_installed_command_runs(demo_db, tmp_path):
    out = tmp_path / "wp.xlsx"
    done = subprocess.run([sys.executable, "-m", "jtwg", "export", "workplan", "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert openpyxl.load_workbook(io.BytesIO(out.read_bytes())).worksheets[0].max_row == 10
