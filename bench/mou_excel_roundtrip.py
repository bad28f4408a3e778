"""MoU workbook at scale: import N provisions with 3 commitments each in one file, then export, preview and re-apply; prints seconds."""

from __future__ import annotations

import argparse
import io
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from jtwg import db, demo  # noqa: E402
from jtwg.excel import mou_sheet  # noqa: E402
from jtwg.excel.importer import apply_import, preview_import  # noqa: E402
from jtwg.models import Actor  # noqa: E402
from jtwg.store import groups  # noqa: E402

ACTIVITIES = ["PV-01", "PV-02", "PR-01", "PR-02", "IP-01", "PRM-02"]


def workbook(provisions: int) -> bytes:
    """`provisions` new articles (100, 101, ...) and three commitments under each, some linked to demo activities."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Provisions"
    sheet.append(["Article", "Paragraph", "Heading (EN)", "Text (EN)", "Text (FR)", "Pillar", "Sub-committee (code)"])
    commitments = book.create_sheet("Commitments")
    commitments.append(["Code", "Provision (article.paragraph)", "Commitment (EN)", "Responsible parties", "Due date",
                        "Status", "Rating (red/amber/green)", "Reason for the rating (EN)", "Activities (codes)"])
    for i in range(provisions):
        article = str(100 + i)
        sheet.append([article, None, f"Heading {i}", f"The Parties shall do thing {i}.", f"Les Parties font la chose {i}.",
                      "Protection", ["PR", "PV", "IP", "PRM"][i % 4]])
        for k in range(3):
            commitments.append([f"B-{i:04d}-{k}", article, f"Commitment {k} of article {article}.", "NAPTIP, ANLTP/TIM",
                                date(2023, 1, 1) + timedelta(days=i % 300), "In progress", "Amber", "Behind schedule.",
                                ACTIVITIES[(i + k) % len(ACTIVITIES)]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(label: str, work):
    started = time.perf_counter()
    result = work()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--provisions", type=int, default=200)
    args = parser.parse_args()
    conn = db.connect(":memory:")
    demo.load_demo(conn, ROOT / "data" / "demo")
    group = groups.get_group(conn)
    actor = Actor.system("bench")
    adapters = mou_sheet.adapters(group.id)
    rows = args.provisions * 4
    data = workbook(args.provisions)
    preview = timed(f"preview {rows} new rows (both sheets)", lambda: preview_import(conn, adapters, data))
    assert preview.ok, [p.message("en") for p in preview.problems[:5]]
    timed(f"apply {rows} new rows in one transaction", lambda: apply_import(conn, adapters, data, actor, previewed=preview))
    exported = timed("export the whole MoU (fr)", lambda: mou_sheet.export_mou(conn, group_id=group.id, actor=actor, lang="fr"))
    print(f"workbook size: {len(exported) / 1024:.0f} KiB")
    again = timed("preview the export (all unchanged)", lambda: preview_import(conn, adapters, exported))
    print(f"counts: {again.counts()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
