"""`jtwg export minutes` end to end, and letterhead base documents checked before they are stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from jtwg import db
from jtwg.cli import main
from jtwg.commands.init import create_database
from jtwg.errors import InvalidInput, PermissionDenied
from jtwg.export.letterhead import check_docx
from jtwg.services.exports import current_letterhead, letterhead_bytes, remove_letterhead, save_letterhead
from jtwg.services.exports import export_minutes
from jtwg.models import Actor, MinuteEntryCreate
from jtwg.store import meetings
from jtwg.models.users import UserCreate
from jtwg.services import auth
from jtwg.store.records import rows
from tests.conftest import DEMO_DIR
from tests.export.conftest import all_text, reopen


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "jtwg.duckdb"
    create_database(path, with_demo=True, force=False, demo_dir=DEMO_DIR)
    conn = db.connect(path)
    auth.create_user(conn, data=UserCreate(username="cli-tester", role="secretariat", password="correct horse battery"),
                     actor=Actor.system("test-setup"))
    conn.close()
    monkeypatch.setenv("JTWG_DB", str(path))
    monkeypatch.setenv("JTWG_USER", "cli-tester")
    return path


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_export_minutes_writes_a_word_file_and_logs_it(db_path, tmp_path, capsys):
    out = tmp_path / "minutes.docx"
    assert main(["export", "minutes", "--meeting", "4", "--group", "NE-NG", "--lang", "both", "--profile", "restricted",
                 "-o", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    doc = reopen(out.read_bytes())
    assert "Procès-verbal de la quatrième réunion" in all_text(doc)
    conn = db.connect(db_path)
    log = rows(conn, "SELECT actor, action, changes FROM change_log WHERE action = 'export'")
    conn.close()
    assert len(log) == 1 and log[0]["actor"] == "cli-tester" and '"restricted"' in log[0]["changes"]


def test_export_minutes_refuses_bad_input_with_one_line(db_path, tmp_path, capsys):
    out = tmp_path / "m.docx"
    assert main(["export", "minutes", "--meeting", "9", "--lang", "en", "--profile", "public", "-o", str(out)]) == 1
    assert "Unknown meeting: 9" in _one_error_line(capsys)
    assert main(["export", "minutes", "--meeting", "4", "--lang", "de", "--profile", "public", "-o", str(out)]) == 2
    assert "invalid choice: 'de'" in _one_error_line(capsys)
    assert main(["export", "minutes", "--meeting", "4", "--lang", "en", "--profile", "secret", "-o", str(out)]) == 2
    _one_error_line(capsys)
    assert main(["export", "minutes", "--meeting", "4", "--lang", "en", "--profile", "public", "-o", str(tmp_path / "m.pdf")]) == 1
    assert "must end in .docx" in _one_error_line(capsys)
    assert main(["export", "minutes", "--meeting", "4", "--lang", "en", "--profile", "public", "-o", str(tmp_path / "no" / "m.docx")]) == 1
    assert "folder does not exist" in _one_error_line(capsys)
    assert main(["export", "minutes", "--meeting", "4", "--group", "XX", "--lang", "en", "--profile", "public", "-o", str(out)]) == 1
    assert "Unknown working group" in _one_error_line(capsys)
    assert not out.exists()


def test_gate_blocks_the_cli_until_a_reason_is_given(db_path, tmp_path, capsys):
    conn = db.connect(db_path)
    aob = next(i for i in meetings.list_agenda_items(conn, meeting_id=4) if i.label == "AOB")
    meetings.add_minute_entry(conn, item=aob, data=MinuteEntryCreate(text={"en": "Mrs. Quilla Vantorp spoke.", "fr": "Mme Quilla Vantorp a parlé."}),
                              actor=Actor(username="t", role="secretariat"))
    conn.close()
    out = tmp_path / "m.docx"
    args = ["export", "minutes", "--meeting", "4", "--lang", "en", "--profile", "public", "-o", str(out)]
    assert main(args) == 1
    # One line saying why and how to override, then every finding located as the document prints it.
    err = capsys.readouterr().err
    assert err.splitlines() == [
        'error: Export blocked by the personal-data check: 1 finding(s). Correct the texts or override with a reason. '
        'To export anyway, add --override-reason "…" (logged).',
        "  - AOB, paragraph 2 (EN): “Mrs Q… V…” names someone who is not in the group's directory."]
    assert not out.exists()
    assert main(["--lang", "fr"] + args) == 1
    err = capsys.readouterr().err.splitlines()
    assert "contrôle des données personnelles" in err[0]
    assert err[1].replace("\u202f", " ").replace("\u00a0", " ") == \
        "  - Divers, paragraphe 2 (EN) : « Mrs Q… V… » désigne une personne qui n'est pas dans l'annuaire du groupe."
    assert main(args + ["--override-reason", "ok"]) == 1
    assert "at least ten characters" in _one_error_line(capsys)
    assert main(args + ["--override-reason", "Speaker is a public official; cleared"]) == 0
    assert "overridden" in capsys.readouterr().out
    conn = db.connect(db_path)
    notes = [r["note"] for r in rows(conn, "SELECT note FROM change_log WHERE action = 'override'")]
    conn.close()
    assert notes == ["Speaker is a public official; cleared"]


def test_cli_without_a_database_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JTWG_DB", str(tmp_path / "none.duckdb"))
    assert main(["export", "minutes", "--meeting", "4", "--lang", "en", "--profile", "public", "-o", str(tmp_path / "m.docx")]) == 1
    assert "jtwg init" in _one_error_line(capsys)
    assert not (tmp_path / "none.duckdb").exists()


def _docx_bytes(header: str = "Letterhead of the secretariat") -> bytes:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = header
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize("content, key", [
    (b"", "letterhead.empty"),
    (b"%PDF-1.7 not a word file", "letterhead.not_docx"),
    (_zip({"hello.txt": "x"}), "letterhead.not_docx"),
    (_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<broken"}), "letterhead.not_docx"),
    (_zip({"[Content_Types].xml": "application/vnd.ms-word.document.macroEnabled.main+xml vbaProject",
           "word/document.xml": "<w:document/>"}), "letterhead.macros"),
])
def test_letterhead_must_be_a_real_docx(content, key):
    with pytest.raises(InvalidInput) as exc:
        check_docx(content)
    assert exc.value.problems[0][1] == key


def test_letterhead_is_stored_used_and_removed(export_conn, reference_id, secretariat):
    with pytest.raises(PermissionDenied):
        save_letterhead(export_conn, filename="x.docx", content=_docx_bytes(), actor=Actor(username="m", role="member"))
    save_letterhead(export_conn, filename="icmpd.docx", content=_docx_bytes(), actor=secretariat)
    info = current_letterhead(export_conn)
    assert info.filename == "icmpd.docx" and info.uploaded_by == "test-secretariat" and info.size > 1000
    assert letterhead_bytes(export_conn)[:2] == b"PK"
    doc = reopen(export_minutes(export_conn, meeting_id=reference_id, lang="en", profile="public", actor=secretariat).content)
    assert doc.sections[0].header.paragraphs[0].text == "Letterhead of the secretariat"
    assert remove_letterhead(export_conn, actor=secretariat) == 1 and current_letterhead(export_conn) is None
    doc = reopen(export_minutes(export_conn, meeting_id=reference_id, lang="en", profile="public", actor=secretariat).content)
    assert "Letterhead" not in all_text(doc)


def test_export_minutes_of_an_earlier_version(db_path, tmp_path, capsys):
    """`--version N`: version 1, circulated then corrected in version 2, exports the text that was circulated."""
    from datetime import date

    from jtwg.models import MinuteEntryUpdate
    from jtwg.services.meetings import drafting, lifecycle
    from jtwg.services.meetings.minutes import minutes_view

    secretariat = Actor(username="cli-tester", role="secretariat")
    conn = db.connect(db_path)
    lifecycle.circulate(conn, meeting_id=4, actor=secretariat, today=date(2022, 6, 15))
    entry = next(e for iv in minutes_view(conn, meeting_id=4).all_items for e in iv.entries
                 if e.text.en.startswith("The impact is most visible"))
    lifecycle.new_version(conn, meeting_id=4, reason="Corrections from a delegation", actor=secretariat)
    edited = "EDITED AFTER CIRCULATION: the impact is felt across the whole region."
    drafting.update_entry(conn, entry_id=entry.id, expected_version=entry.version, actor=secretariat,
                          data=MinuteEntryUpdate(entry_type=entry.entry_type, text={"en": edited, "fr": edited}))
    conn.close()
    args = ["export", "minutes", "--meeting", "4", "--lang", "en", "--profile", "internal"]
    assert main(args + ["--version", "1", "-o", str(tmp_path / "v1.docx")]) == 0
    first = all_text(reopen((tmp_path / "v1.docx").read_bytes()))
    assert entry.text.en in first and edited not in first
    assert main(args + ["-o", str(tmp_path / "latest.docx")]) == 0
    assert edited in all_text(reopen((tmp_path / "latest.docx").read_bytes()))
    capsys.readouterr()
    assert main(args + ["--version", "7", "-o", str(tmp_path / "v7.docx")]) == 1
    assert "these minutes have no version 7" in _one_error_line(capsys) and not (tmp_path / "v7.docx").exists()
