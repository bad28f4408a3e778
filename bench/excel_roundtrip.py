"""Excel round trip at scale: export, preview and apply an import of N activities and N action items; prints seconds."""

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
from jtwg.excel import actions_sheet, workplan_sheet  # noqa: E402
from jtwg.excel.importer import apply_import, preview_import  # noqa: E402
from jtwg.models import Actor  # noqa: E402
from jtwg.store import groups  # noqa: E402

TODAY = date(2022, 6, 15)


def grown(rows: int) -> tuple:
    """The demo group plus `rows` new activities and action items, imported through the framework itself."""
    conn = db.connect(":memory:")
    demo.load_demo(conn, ROOT / "data" / "demo")
    group = groups.get_group(conn)
    actor = Actor.system("bench")
    for sheet_module, adapter, header, make in (
        (workplan_sheet, workplan_sheet.WorkplanAdapter, ["Code", "Sub-committee (code)", "Activity (EN)", "Start", "End", "Lead"],
         lambda i: [f"B-{i:05d}", ["PR", "PV", "IP", "PRM"][i % 4], f"Activity {i}", date(2022, 3, 1) + timedelta(days=i % 200),
                    date(2022, 9, 1) + timedelta(days=i % 200), "NAPTIP"]),
        (actions_sheet, actions_sheet.ActionsAdapter, ["Code", "Action (EN)", "Owner", "Due date", "Meeting no."],
         lambda i: [f"BA-{i:05d}", f"Follow up item {i}", "ICMPD", date(2022, 4, 1) + timedelta(days=i % 300), 4]),
    ):
        book = openpyxl.Workbook()
        book.active.append(header)
        for i in range(rows):
            book.active.append(make(i))
        out = io.BytesIO()
        book.save(out)
        started = time.perf_counter()
        apply_import(conn, adapter(group.id, TODAY), out.getvalue(), actor)
        print(f"import {rows} new rows into {sheet_module.__name__.split('.')[-1]}: {time.perf_counter() - started:.2f} s")
    return conn, group


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=500)
    args = parser.parse_args()
    conn, group = grown(args.rows)
    for name, export, adapter in (("workplan", workplan_sheet.export_workplan, workplan_sheet.WorkplanAdapter),
                                  ("actions", actions_sheet.export_actions, actions_sheet.ActionsAdapter)):
        started = time.perf_counter()
        data = export(conn, group_id=group.id, actor=Actor.system("bench"), lang="fr", today=TODAY)
        exported = time.perf_counter() - started
        started = time.perf_counter()
        preview = preview_import(conn, adapter(group.id, TODAY), data)
        previewed = time.perf_counter() - started
        assert preview.ok and not preview.of("changed"), preview.problems[:3]
        print(f"{name}: {len(preview.rows)} rows, export {exported:.2f} s ({len(data) / 1024:.0f} KiB), "
              f"preview of the unchanged re-import {previewed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
