"""How much of the French minutes jtwg writes by itself: generation, translation memory, Apertium.

Part 1 — the 4th meeting: the French of its meeting-specific texts is removed, then brought back by
generation alone, generation + a memory built from the other meetings, and with Apertium as well.
Part 2 — a routine follow-up (5th) meeting built here in the bench's own database (standard items,
matters arising from the 4th meeting's open actions, a few decisions and action points in the
reference's style), with the memory built from the earlier meetings.

Shares are of characters: of the exported French Word document (everything in it, headings and
attendance included), and of the meeting-specific texts. "No typing" counts generated texts and exact
memory matches (an exact match still wants a glance, in bulk); fuzzy matches and machine drafts want
editing. Run: PYTHONPATH=. python bench/bench_bilingual.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from datetime import date, time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402

from jtwg import db  # noqa: E402
from jtwg.commands.init import create_database  # noqa: E402
from jtwg.services.exports import export_minutes  # noqa: E402
from jtwg.models import (  # noqa: E402
    ActionPointCreate, ActionReview, Actor, AgendaItemCreate, AttendanceCreate, Bilingual, DecisionCreate,
    MeetingCreate, MinuteEntryCreate, SessionCreate, TranslationStatus as S,
)
from jtwg.services.meetings import agenda, attendance, drafting, planning  # noqa: E402
from jtwg.services.translation import generation as gen  # noqa: E402
from jtwg.services.translation import memory as tm  # noqa: E402
from jtwg.services.translation import review  # noqa: E402
from jtwg.services.translation.engines import ApertiumEngine  # noqa: E402
from jtwg.services.translation.texts import meeting_texts  # noqa: E402
from jtwg.store import groups, meetings  # noqa: E402
from jtwg.store import translation as tstore  # noqa: E402

SEC = Actor.system("bench")
NO_TYPING = {S.GENERATED, S.TM_EXACT, S.REVIEWED}


def doc_chars(content: bytes) -> int:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return sum(len(p.strip()) for p in parts)


def french_doc(conn, meeting_id: int) -> int:
    return doc_chars(export_minutes(conn, meeting_id=meeting_id, lang="fr", profile="internal", actor=SEC,
                                    override_reason="bench measurement").content)


def fresh_db(folder: Path, name: str) -> Path:
    path = folder / name
    create_database(path, with_demo=True, force=False, demo_dir=ROOT / "data" / "demo")
    return path


def strip_french(conn, meeting_id: int) -> dict[str, str]:
    """Remove the French of every text of the meeting; the reference French by ref."""
    reference = {}
    for text in meeting_texts(conn, meeting_id=meeting_id):
        reference[text.ref] = text.value.fr
        tstore.write_text(conn, entity=text.entity, entity_id=text.entity_id, field=text.field,
                          value=Bilingual.of(text.value.en, "", source="en"), actor=SEC)
    return reference


def shares(conn, meeting_id: int, french_len: dict[str, int], doc_total: int) -> dict[str, float]:
    texts = meeting_texts(conn, meeting_id=meeting_id)
    specific = sum(french_len[x.ref] for x in texts)
    by = {status: sum(french_len[x.ref] for x in texts if x.status is status) for status in S}
    no_typing = sum(by[s] for s in NO_TYPING)
    with_edits = no_typing + by[S.TM_FUZZY] + by[S.MACHINE]
    return {
        "specific_no_typing": no_typing / specific, "specific_filled": with_edits / specific,
        "doc_no_typing": (doc_total - specific + no_typing) / doc_total,
        "doc_filled": (doc_total - specific + with_edits) / doc_total,
        "to_type": sum(1 for x in texts if x.status is S.MISSING),
        "to_review": sum(1 for x in texts if x.status not in (S.MISSING, S.GENERATED)),
        "paragraphs": len(texts),
    }


def report(title: str, figures: dict[str, float], seconds: float) -> None:
    print(f"  {title:<44} doc {figures['doc_no_typing']:6.1%} no typing ({figures['doc_filled']:6.1%} filled) · "
          f"meeting-specific {figures['specific_no_typing']:6.1%} ({figures['specific_filled']:6.1%}) · "
          f"to type {figures['to_type']:3d}, to review {figures['to_review']:3d} of {figures['paragraphs']} "
          f"· {seconds:5.1f} s")


def fourth_meeting(folder: Path) -> None:
    conn = db.connect(fresh_db(folder, "fourth.duckdb"))
    group = groups.get_group(conn, code=None)
    fourth = meetings.meeting_id(conn, group_id=group.id, sequence_no=4)
    doc_total = french_doc(conn, fourth)
    reference = strip_french(conn, fourth)
    french_len = {ref: len(fr) for ref, fr in reference.items()}
    print(f"4th meeting: French document {doc_total} characters, meeting-specific French "
          f"{sum(french_len.values())} characters in {len(reference)} texts")
    start = time.perf_counter()
    review.fill(conn, meeting_id=fourth, actor=SEC, target="fr", fuzzy=False)
    # Generation alone: the memory is still empty.
    report("generation alone", shares(conn, fourth, french_len, doc_total), time.perf_counter() - start)
    start = time.perf_counter()
    added = tm.build(conn, actor=SEC, exclude_meeting_id=fourth)
    review.fill(conn, meeting_id=fourth, actor=SEC, target="fr", fuzzy=False)
    report(f"+ memory of meetings 1–3 ({added} segments), exact", shares(conn, fourth, french_len, doc_total),
           time.perf_counter() - start)
    start = time.perf_counter()
    review.fill(conn, meeting_id=fourth, actor=SEC, target="fr", fuzzy=True)
    report("+ fuzzy matches", shares(conn, fourth, french_len, doc_total), time.perf_counter() - start)
    start = time.perf_counter()
    result = review.fill(conn, meeting_id=fourth, actor=SEC, target="fr", engine=ApertiumEngine())
    report("+ Apertium rough draft", shares(conn, fourth, french_len, doc_total), time.perf_counter() - start)
    for error in result.errors:
        print("  engine:", error)
    conn.close()


TYPED = [
    # (kind, English typed by the secretariat in the reference's style)
    ("entry", "The minutes of the previous meeting had been shared beforehand by ICMPD in English and French."),
    ("entry", "The total time allotted to the sub-committees' breakout session was one hour."),
    ("entry", "Each sub-committee presented the progress of its action plan since the last meeting."),
    ("entry", "NAPTIP and ANLTP/TIM reported on joint operations along the border corridor during the quarter."),
    ("decision", "Cross-border cooperation between the CSO networks of both countries should be strengthened."),
    ("action", "ICMPD to circulate the updated work plan to both parties within 7 days."),
    ("action", "ANLTP/TIM and NAPTIP to share the list of focal points for each sub-committee."),
]


def follow_up_meeting(folder: Path) -> None:
    conn = db.connect(fresh_db(folder, "fifth.duckdb"))
    group = groups.get_group(conn, code=None)
    fourth = meetings.get_meeting(conn, meeting_id=meetings.meeting_id(conn, group_id=group.id, sequence_no=4))
    ratio = sum(len(x.value.fr) for x in meeting_texts(conn, meeting_id=fourth.id)) / \
        sum(len(x.value.en) for x in meeting_texts(conn, meeting_id=fourth.id))
    added = tm.build(conn, actor=SEC)
    plan = planning.suggest_plan(conn, group_id=group.id)
    fifth = planning.plan_meeting(conn, group_id=group.id, actor=SEC, data=MeetingCreate(
        sequence_no=plan.sequence_no, start_date=date(2022, 7, 12), end_date=date(2022, 7, 13),
        venue="NAPTIP Headquarters", city=plan.city, host_country=plan.host_country, host_acronym=plan.host_acronym),
        sessions=[SessionCreate(ref="d1", day_no=1, start_time="09:00")])
    for ref, delegation in (("dg-anltp", "NE"), ("dg-naptip", "NG")):
        attendance.add_attendance(conn, meeting_id=fifth, actor=SEC, data=AttendanceCreate(
            person_ref=ref, delegation=delegation, role="co_chair"))
    agenda.add_standard_items(conn, meeting_id=fifth, actor=SEC)
    items = {i.kind.value: i for i in meetings.list_agenda_items(conn, meeting_id=fifth)}
    people = {p.ref: p for p in groups.list_people(conn)}
    host = people["dg-naptip"]
    add_entry = lambda item, text: drafting.add_entry(conn, item_id=item, actor=SEC,  # noqa: E731
                                                 data=MinuteEntryCreate(entry_type="statement", text=text))
    add_entry(items["opening"].id, gen.opening(name=host.display_name, gender=host.gender, at=clock(9, 30)))
    drafting.add_decision(conn, item_id=items["adoption_of_agenda"].id, actor=SEC,
                     data=DecisionCreate(decision_type="adopted", text=gen.agenda_adopted()))
    drafting.add_decision(conn, item_id=items["adoption_of_minutes"].id, actor=SEC,
                     data=DecisionCreate(decision_type="adopted", mode="unanimous", text=gen.minutes_adopted(sequence_no=4)))
    # Matters arising: an outcome for every open action of earlier meetings; two with a typed note.
    notes = iter([Bilingual.of("The draft was shared with both parties for comments."),
                  Bilingual.of("The donor confirmed that a request can be submitted before the end of the year.")])
    for n, matter in enumerate(agenda.matters_arising(conn, meeting_id=fifth, actor=SEC)):
        action = matter.action
        agenda.record_review(conn, meeting_id=fifth, action_id=action.id, expected_version=action.version, actor=SEC,
                          today=date(2022, 7, 13), review=ActionReview(
                              status="in_progress" if n % 2 else "done", note=next(notes, None) if n < 2 else None))
    item = agenda.add_agenda_item(conn, meeting_id=fifth, actor=SEC, data=AgendaItemCreate(
        label="d", kind="substantive", title=Bilingual.of("Progress of the sub-committees' action plans"),
        confidentiality="restricted"))
    for kind, text in TYPED:
        if kind == "entry":
            add_entry(item, Bilingual.of(text))
        elif kind == "decision":
            drafting.add_decision(conn, item_id=item, actor=SEC, data=DecisionCreate(decision_type="agreed", text=Bilingual.of(text)))
        else:
            drafting.add_action_point(conn, item_id=item, actor=SEC, data=ActionPointCreate(
                text=Bilingual.of(text), owner_acronym="ICMPD", due_anchor="meeting_end", due_offset_days=7))
    drafting.add_decision(conn, item_id=items["next_meeting"].id, actor=SEC, data=DecisionCreate(
        decision_type="agreed", text=gen.next_meeting(start=date(2022, 11, 8), end=date(2022, 11, 9), city="Niamey")))
    add_entry(items["aob"].id, gen.closing(name=host.display_name, gender=host.gender, at=clock(16, 30)))
    texts = meeting_texts(conn, meeting_id=fifth)
    # French length of a text: its French when written, else its English times the 4th meeting's FR/EN ratio.
    estimate = lambda x: len(x.value.fr) if x.value.fr else round(len(x.value.en) * ratio)  # noqa: E731
    print(f"Routine 5th meeting: {len(texts)} texts ({sum(1 for x in texts if x.status is S.GENERATED)} generated "
          f"while drafting); memory of meetings 1–4: {added} segments; FR/EN length ratio {ratio:.2f}")
    steps = [("generation (while drafting) alone", dict(use_generation=True, fuzzy=False), False),
             ("+ memory, exact", dict(use_generation=True, fuzzy=False), True),
             ("+ fuzzy matches", dict(use_generation=True, fuzzy=True), True),
             ("+ Apertium rough draft", dict(engine=ApertiumEngine()), True)]
    conn.execute("DELETE FROM tm_segment")     # first step: generation alone, without the memory
    for title, options, with_memory in steps:
        if with_memory and not tstore.count_segments(conn):
            tm.build(conn, actor=SEC)
        start = time.perf_counter()
        review.fill(conn, meeting_id=fifth, actor=SEC, target="fr", **options)
        seconds = time.perf_counter() - start
        french_len = {x.ref: estimate(x) for x in meeting_texts(conn, meeting_id=fifth)}
        for x in meeting_texts(conn, meeting_id=fifth):   # drafts stand for a French of the estimated length
            if x.status in (S.MACHINE, S.TM_FUZZY):
                french_len[x.ref] = round(len(x.value.en) * ratio)
        report(title, shares(conn, fifth, french_len, french_doc(conn, fifth)), seconds)
    conn.close()


def main() -> int:
    if not ApertiumEngine.available():
        print("Apertium is missing: run scripts/install-system-deps.sh")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        fourth_meeting(Path(folder))
        print()
        follow_up_meeting(Path(folder))
    print("\nTarget: at least 60 % of a routine meeting's French needs no typing (doc, no typing).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
