"""Time the side-by-side Word export of the reference meeting and of a synthetic 100-item meeting against pandoc on the same content.

    python3 bench/bench_export.py [--repeat 5]

jtwg's time covers building the profile's content, the personal-data gate and writing the .docx from the
meeting's structured minutes; pandoc's covers converting equivalent markdown (the same paragraphs as EN | FR
table rows, the same action and attendance tables) to .docx. Target: a ratio (jtwg / pandoc) of 1 or less.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtwg import db, demo  # noqa: E402
from jtwg.export.docx_minutes import render_minutes_docx  # noqa: E402
from jtwg.export.minutes_doc import Line, PageBreak, TableBlock, build_minutes_document  # noqa: E402
from jtwg.services.exports import export_minutes  # noqa: E402
from jtwg.models import (  # noqa: E402
    ActionItemCreate, Actor, AgendaItemCreate, DecisionCreate, MeetingCreate, MinuteEntryCreate, MinutesCreate,
    SessionCreate,
)
from jtwg.services.directory import Directory  # noqa: E402
from jtwg.services.meetings.minutes import minutes_view  # noqa: E402
from jtwg.services.exports import document_findings  # noqa: E402
from jtwg.services.personal_data import Detector  # noqa: E402
from jtwg.store import actions, groups, meetings  # noqa: E402

ACTOR = Actor(username="bench", role="secretariat")


def synthetic_meeting(conn, items: int = 100) -> int:
    """A two-day meeting with `items` agenda items, each with two paragraphs, a decision and an action point."""
    group = groups.get_group(conn)
    start = date(2023, 3, 6)
    meeting_id = meetings.create_meeting(conn, group_id=group.id, actor=ACTOR, data=MeetingCreate(
        sequence_no=90, start_date=start, end_date=start + timedelta(days=1), venue="Conference Centre", city="Abuja",
        host_country="NG", introduction={"en": "A synthetic meeting for timing exports. " * 8, "fr": "Une réunion fictive pour mesurer les exports. " * 8},
        objectives=[{"en": f"Objective {i}", "fr": f"Objectif {i}"} for i in range(1, 4)], status="held"))
    meeting = meetings.get_meeting(conn, meeting_id=meeting_id)
    meetings.add_minutes_version(conn, meeting=meeting, data=MinutesCreate(prepared_by_acronym="ICMPD", place_of_issue="Abuja",
                                                                           date_of_issue=start + timedelta(days=7)), actor=ACTOR)
    sessions = [meetings.add_session(conn, meeting=meeting, data=SessionCreate(ref=f"d{d}", day_no=d, start_time="09:00"), actor=ACTOR)
                for d in (1, 2)]
    for n in range(1, items + 1):
        item_id = meetings.add_agenda_item(conn, meeting=meeting, session_id=sessions[n > items // 2], actor=ACTOR, data=AgendaItemCreate(
            label=f"Agenda Item {n}", kind="substantive", confidentiality="restricted",
            title={"en": f"Topic number {n} on cross-border cooperation", "fr": f"Sujet numéro {n} sur la coopération transfrontalière"}))
        item = meetings.get_agenda_item(conn, item_id=item_id)
        for k in range(2):
            meetings.add_minute_entry(conn, item=item, actor=ACTOR, data=MinuteEntryCreate(text={
                "en": f"Paragraph {k + 1} of item {n}: both delegations reported progress on joint investigations, referrals "
                      "and awareness-raising, and agreed on the next steps to be taken before the following meeting.",
                "fr": f"Paragraphe {k + 1} du point {n} : les deux délégations ont fait état de progrès dans les enquêtes "
                      "conjointes, le référencement et la sensibilisation, et sont convenues des prochaines étapes."}))
        meetings.add_decision(conn, item=item, actor=ACTOR, data=DecisionCreate(decision_type="agreed", mode="consensus", text={
            "en": f"The JTWG agreed on the follow-up of item {n}.", "fr": f"Le GTTC est convenu du suivi du point {n}."}))
        actions.create_action_item(conn, group_id=group.id, agenda_item_id=item_id, actor=ACTOR, data=ActionItemCreate(
            code=f"S-{n:03d}", meeting_seq=90, owner_acronym="ICMPD", due_date=start + timedelta(days=30 + n),
            text={"en": f"ICMPD to follow up item {n}.", "fr": f"L'ICMPD assure le suivi du point {n}."}))
    return meeting_id


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split()) or " "


def markdown_of(document) -> str:
    """The same content as the side-by-side export, as pandoc markdown: EN | FR rows, then the tables."""
    out: list[str] = []
    pending: list[Line] = []

    def flush() -> None:
        if pending:
            out.append("| English | Français |\n|---|---|")
            out.extend(f"| {_cell(line.text['en'])} | {_cell(line.text['fr'])} |" for line in pending)
            out.append("")
            pending.clear()

    for block in document.blocks:
        if isinstance(block, Line):
            pending.append(block)
            continue
        flush()
        if isinstance(block, TableBlock):
            headers = [f"{c.header['en']} / {c.header['fr']}" for c in block.columns]
            out.append("| " + " | ".join(headers) + " |\n|" + "---|" * len(headers))
            for row in block.rows:
                cells = [row] if not isinstance(row, list) else row
                texts = [_cell(f"{c.text['en']} / {c.text['fr']}") for c in cells]
                out.append("| " + " | ".join(texts + [" "] * (len(headers) - len(texts))) + " |")
            out.append("")
        elif isinstance(block, PageBreak):
            out.append("\\newpage\n")
    flush()
    return "\n".join(out)


def time_jtwg(conn, meeting_id: int, repeat: int) -> tuple[float, float, int]:
    """Median seconds: from the structured minutes to .docx bytes; and the whole export from the database."""
    view = minutes_view(conn, meeting_id=meeting_id)
    directory = Directory.load(conn, group_id=view.meeting.group_id)
    detector = Detector.load(conn)
    render, full, size = [], [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        document = build_minutes_document(view, directory, "restricted", aliases=detector.aliases)
        document_findings(conn, document, view, ("en", "fr"), profile="restricted", detector=detector)
        size = len(render_minutes_docx(document, "both"))
        render.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        export_minutes(conn, meeting_id=meeting_id, lang="both", profile="restricted", actor=ACTOR)
        full.append(time.perf_counter() - t0)
    return statistics.median(render), statistics.median(full), size


def time_pandoc(markdown: str, repeat: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "minutes.md", Path(tmp) / "minutes.docx"
        source.write_text(markdown, encoding="utf-8")
        runs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", str(target), str(source)], check=True)
            runs.append(time.perf_counter() - t0)
        return statistics.median(runs), target.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not shutil.which("pandoc"):
        print("pandoc is not installed: run scripts/install-system-deps.sh", file=sys.stderr)
        return 1
    conn = db.connect(":memory:")
    demo.load_demo(conn, ROOT / "data" / "demo")
    group = groups.get_group(conn)
    cases = {"reference meeting (4th)": meetings.meeting_id(conn, group_id=group.id, sequence_no=4),
             "synthetic, 100 agenda items": synthetic_meeting(conn)}
    version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"Side-by-side (both) export, restricted profile; median of {args.repeat} runs; peer: {version}")
    print(f"{'meeting':30} {'jtwg render':>12} {'jtwg export':>12} {'pandoc':>9} {'ratio':>7} {'docx KB':>9} {'pandoc KB':>10}")
    worst = 0.0
    for name, meeting_id in cases.items():
        render, full, size = time_jtwg(conn, meeting_id, args.repeat)
        view = minutes_view(conn, meeting_id=meeting_id)
        document = build_minutes_document(view, Directory.load(conn, group_id=view.meeting.group_id), "restricted")
        peer, peer_size = time_pandoc(markdown_of(document), args.repeat)
        ratio = render / peer
        worst = max(worst, ratio)
        print(f"{name:30} {render:11.3f}s {full:11.3f}s {peer:8.3f}s {ratio:7.2f} {size / 1024:9.0f} {peer_size / 1024:10.0f}")
    print(f"ratio = jtwg render / pandoc; target <= 1.00: {'met' if worst <= 1 else 'NOT met'} (worst {worst:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
