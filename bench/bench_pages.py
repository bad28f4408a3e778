"""Server time of every registered page, signed in as each role, at the demo, 20 k and 200 k sizes.

    python bench/bench_pages.py [--sizes demo,20k] [--repeat 5] [--roles secretariat,member] [--pages overview,actions]

Each figure is the median time of a whole script run of the page (AppTest: the real app.py, a real DuckDB
file), next to the time of an empty script. One JSON object per line, then a short summary.
Targets: every page under 300 ms at 20 k items and under twice that at 200 k.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import ACCOUNTS, sign_in_state, working_copy  # noqa: E402

PAGES = re.findall(r'st\.Page\(\s*"(pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))
PAGES = [p for p in PAGES if p != "pages/login.py"]


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def empty_script_time(repeat: int) -> float:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "empty.py"
        script.write_text("import streamlit as st\n", encoding="utf-8")
        at = AppTest.from_file(str(script), default_timeout=60)
        at.run()
        return statistics.median(_timed(at.run) for _ in range(repeat))


def page_times(db_file: Path, role: str, repeat: int, only: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """(first run, median rerun) of each page the role may open, in seconds."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from jtwg import db
    from jtwg.services import auth
    from jtwg.services.permissions import may_open_page

    os.environ["JTWG_DB"] = str(db_file)
    st.cache_resource.clear()
    conn = db.connect(db_file)
    user = auth.get_user(conn, username=ACCOUNTS[role]["username"])
    conn.close()
    results = {}
    for page in PAGES:
        name = Path(page).stem
        if not may_open_page(user.actor(), name) or (only and name not in only):
            continue
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.session_state["lang"] = "en"
        sign_in_state(at, db_file, role)
        at.run()
        first = _timed(lambda: at.switch_page(page).run())
        if at.exception:
            raise SystemExit(f"{page} as {role}: {at.exception[0].value}")
        rerun = statistics.median(_timed(at.run) for _ in range(repeat))
        results[name] = (first, rerun)
    st.cache_resource.clear()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="demo,20k")
    parser.add_argument("--roles", default="secretariat,co_chair,member,observer")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", default="", help="page names (file stems) to time; all by default")
    args = parser.parse_args()
    only = {p for p in args.pages.split(",") if p} or None
    os.chdir(ROOT)
    empty = empty_script_time(args.repeat)
    print(json.dumps({"bench": "pages", "page": "(empty script)", "median_s": round(empty, 4)}))
    summary = {}
    for size in args.sizes.split(","):
        db_file = working_copy(size)
        for role in args.roles.split(","):
            for page, (first, rerun) in page_times(db_file, role, args.repeat, only).items():
                print(json.dumps({"bench": "pages", "size": size, "role": role, "page": page,
                                  "first_s": round(first, 4), "median_s": round(rerun, 4)}), flush=True)
                summary[(size, role, page)] = rerun
    sizes = args.sizes.split(",")
    print(f"\nserver time per page, median of {args.repeat} reruns (empty script {empty * 1000:.0f} ms)")
    for role in args.roles.split(","):
        print(f"  as {role}")
        for page in sorted({p for (_, r, p) in summary if r == role}):
            cells = "  ".join(f"{size}: {summary[(size, role, page)] * 1000:7.0f} ms" if (size, role, page) in summary
                              else f"{size}: {'—':>10}" for size in sizes)
            print(f"    {page:10} {cells}")


if __name__ == "__main__":
    main()
