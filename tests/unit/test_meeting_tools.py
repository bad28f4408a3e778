"""Participant-list import (CSV and Excel, all or nothing), search, and calendar files (service and CLI)."""

import io
from datetime import date

import pytest
from icalendar import Calendar
from openpyxl import Workbook

from jtwg.cli import main
from jtwg.errors import InvalidInput
from jtwg.models import Actor, MeetingCreate
from jtwg.services.meetings import attendance, planning
from jtwg.services.calendar import group_calendar, meeting_calendar
from jtwg.services.meetings.participants import parse_participants, read_table
from jtwg.services.search import search
from jtwg.store import meetings as store

CSV_OK = ("Nom;Organisation;Délégation;Rôle;Représenté par;Modalité\n"
          "Aisha Musa;NAPTIP;Nigeria;Participante;;À distance\n"
          "Idrissa Kané;ANLTP/TIM;NE;presenter;dg-anltp;in_person\n").encode("utf-8")


def fifth(conn, group, actor):
    return planning.plan_meeting(conn, group_id=group.id, actor=actor, data=MeetingCreate(
        sequence_no=5, start_date=date(2022, 7, 12), end_date=date(2022, 7, 13), city="Abuja"))


def test_csv_with_french_headers_and_labels_is_imported(demo_conn, group, actor):
    meeting_id = fifth(demo_conn, group, actor)
    records = parse_participants(demo_conn, read_table("liste.csv", CSV_OK))
    assert [(r.display_name, r.delegation, r.role.value, r.mode.value, r.represented_person_ref) for r in records] == [
        ("Aisha Musa", "NG", "participant", "remote", None), ("Idrissa Kané", "NE", "presenter", "in_person", "dg-anltp")]
    assert attendance.import_attendance(demo_conn, meeting_id=meeting_id, records=records, actor=actor) == 2
    assert len(store.list_attendance(demo_conn, meeting_id=meeting_id)) == 2


def test_workbook_with_bad_rows_reports_each_and_imports_nothing(demo_conn, group, actor):
    meeting_id = fifth(demo_conn, group, actor)
    book = Workbook()
    sheet = book.active
    sheet.append(["person", "name", "organisation", "delegation", "role", "mode"])
    sheet.append(["dg-naptip", None, None, "NG", "co_chair", "in_person"])
    sheet.append([None, "Jane Roe", "NOPE", "NG", "participant", None])
    sheet.append([None, "John Doe", "ICMPD", "Atlantis", "boss", "teleport"])
    sheet.append(["dg-naptip", None, None, "NG", "co_chair", None])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(InvalidInput) as caught:
        parse_participants(demo_conn, read_table("list.xlsx", buffer.getvalue()))
    assert [p[0] for p in caught.value.problems] == ["#3 organisation", "#4 delegation", "#4 role", "#4 mode", "#5 person"]
    assert caught.value.params["count"] == 3
    assert store.list_attendance(demo_conn, meeting_id=meeting_id) == []


def test_unreadable_participant_files_get_clear_messages(demo_conn):
    for name, content, key in (("a.pdf", b"%PDF", "invalid.file_type"), ("a.xlsx", b"not a zip", "invalid.not_a_workbook"),
                               ("a.csv", b"", "invalid.empty_file"), ("a.csv", b"foo,bar\n1,2\n", "invalid.participant_headers"),
                               ("a.csv", "name,delegation\nÉ,NE\n".encode("latin-1"), "invalid.not_utf8")):
        with pytest.raises(InvalidInput) as caught:
            read_table(name, content)
        assert caught.value.problems[0][1] == key


def test_import_is_all_or_nothing_inside_the_store(demo_conn, group, actor):
    meeting_id = fifth(demo_conn, group, actor)
    records = parse_participants(demo_conn, read_table("l.csv", b"person,delegation\ndg-anltp,NE\n"))
    attendance.import_attendance(demo_conn, meeting_id=meeting_id, records=records, actor=actor)
    again = parse_participants(demo_conn, read_table("l.csv", b"person,delegation\ndg-naptip,NG\ndg-anltp,NE\n"))
    with pytest.raises(Exception):
        attendance.import_attendance(demo_conn, meeting_id=meeting_id, records=again, actor=actor)
    assert len(store.list_attendance(demo_conn, meeting_id=meeting_id)) == 1   # dg-naptip was rolled back


def test_search_is_accent_insensitive_bilingual_and_hides_confidential_content(demo_conn, group, actor):
    kinds = lambda q, who=actor: {(h.kind, h.meeting_seq) for h in search(demo_conn, group_id=group.id, query=q, actor=who)}  # noqa: E731
    assert ("agenda_item", 4) in kinds("CENTRES D ACCUEIL") and ("agenda_item", 4) in kinds("shelters")
    assert ("minute_entry", 4) in kinds("reintegration")            # matches "réintégration" and "reintegration"
    assert ("action_item", 4) in kinds("a4-02")
    assert ("meeting", 4) in kinds("régional")                        # an objective
    assert ("decision", 4) in kinds("comodereront")                   # "comodéreront": a decision, accents ignored
    assert ("minute_entry", 4) in kinds("enquete financiere")         # the DST's recommendation, a statement
    observer = Actor(username="donor", role="observer")
    assert ("agenda_item", 4) in kinds("NG-VoT-2021-01") and ("agenda_item", 4) not in kinds("NG-VoT-2021-01", observer)
    assert search(demo_conn, group_id=group.id, query=" ", actor=actor) == []


def test_meeting_calendar_is_a_valid_all_day_event(demo_conn, group):
    fourth = store.meeting_id(demo_conn, group_id=group.id, sequence_no=4)
    cal = Calendar.from_ical(meeting_calendar(demo_conn, meeting_id=fourth, lang="fr", actor=Actor(username="donor", role="observer")))
    (event,) = cal.walk("VEVENT")
    assert str(event["summary"]) == "4e réunion du GTTC – Niamey"
    assert event.decoded("dtstart") == date(2022, 2, 3) and event.decoded("dtend") == date(2022, 2, 5)
    assert "Noom Hotel, Niamey, Niger" == str(event["location"])


def test_group_calendar_has_meetings_and_open_action_due_dates(demo_conn, group):
    data, meetings_count, actions_count = group_calendar(demo_conn, group_id=group.id, lang="en", actor=Actor(username="donor", role="observer"))
    events = Calendar.from_ical(data).walk("VEVENT")
    assert meetings_count == 4 and actions_count == 2                   # A4-03 and A4-04 (A4-02 has no due date)
    due = {str(e["summary"]): e for e in events if str(e["summary"]).startswith("Due")}
    assert set(due) == {"Due: action A4-03 (NAPTIP)", "Due: action A4-04 (ANLTP/TIM)"}
    assert due["Due: action A4-04 (ANLTP/TIM)"].decoded("dtstart") == date(2022, 5, 31)


def test_cli_exports_the_calendar(demo_db_file, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JTWG_DB", str(demo_db_file))
    monkeypatch.setenv("JTWG_USER", "sec")   # commands act as a real account (tests/support/users.py)
    target = tmp_path / "out" / "jtwg.ics"
    assert main(["--lang", "fr", "export", "calendar", "-o", str(target)]) == 0
    assert "4 réunion(s), 2 échéance(s)" in capsys.readouterr().out
    assert len(Calendar.from_ical(target.read_bytes()).walk("VEVENT")) == 6
    assert main(["export", "calendar", "-o", str(tmp_path / "x.txt")]) == 1
    assert "must end in .ics" in capsys.readouterr().err
    monkeypatch.setenv("JTWG_DB", str(tmp_path / "none.duckdb"))
    assert main(["export", "calendar", "-o", str(target)]) == 1
    assert "create it with jtwg init" in capsys.readouterr().err
