"""Time the overview's queries and the Word progress brief (charts drawn by kaleido) on the demo data."""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtwg import db, demo  # noqa: E402
from jtwg.export.brief import render_brief  # noqa: E402
from jtwg.models import Actor  # noqa: E402
from jtwg.services.overview import overview  # noqa: E402

TODAY = date(2022, 6, 15)
SEC_ACTOR = Actor(username="bench", role="secretariat")


def timed(label: str, fn, repeat: int = 1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = fn()
    per_run = (time.perf_counter() - start) / repeat
    print(f"{label:<48} {per_run * 1000:9.1f} ms")
    return result


def main() -> int:
    conn = db.connect(":memory:")
    demo.load_demo(conn, ROOT / "data" / "demo")
    timed("overview read model (all figures), mean of 20", lambda: overview(conn, group_id=1, today=TODAY), 20)
    timed("brief, English, first (starts Chromium)", lambda: render_brief(conn, actor=SEC_ACTOR, group_id=1, today=TODAY, lang="en"))
    timed("brief, English, next", lambda: render_brief(conn, actor=SEC_ACTOR, group_id=1, today=TODAY, lang="en"))
    data = timed("brief, both languages (12 charts)", lambda: render_brief(conn, actor=SEC_ACTOR, group_id=1, today=TODAY, lang="both"))
    print(f"{'size of the bilingual brief':<48} {len(data) / 1024:9.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
