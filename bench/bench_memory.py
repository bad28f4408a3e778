"""Server memory with 1 and with 20 browser sessions, with the personal-data models off and on.

    python bench/bench_memory.py [--size 20k] [--sessions 20] [--ner off,on]

The app runs as `streamlit run server.py` on a copy of the scaled database; each session is its own browser
context of Debian's Chromium (its own cookie, so its own server session), signed in as a sub-committee member
through the sign-in form, with the overview and then the action tracker opened. With the models on (the
default), the first session also opens the meetings page, whose export panel loads the English and French
name-recognition models (jtwg.services.personal_data.load_models: once per server process). The models off
is `JTWG_NER=off`.

Memory is read from /proc: the resident set (RSS) of the server process and its children, and their
proportional share (PSS, shared pages split between the processes that map them), after the server started,
with 1 session and with all of them open. One JSON object per line, then a short summary.
Target: under 400 MB with 20 sessions.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._browser import open_signed_in, switch_page  # noqa: E402
from bench.scale import working_copy  # noqa: E402
from tests.support.live import browser, running_server, settle  # noqa: E402

TARGET_MB = 400


def process_tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return pids


def memory_mb(pid: int) -> dict[str, float]:
    """RSS and PSS of the process `pid` and its children, in MB."""
    rss = pss = 0
    pids = process_tree(pid)
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                name, _, rest = line.partition(":")
                if name in ("Rss", "Pss"):
                    kb = int(rest.split()[0])
                    rss, pss = (rss + kb, pss) if name == "Rss" else (rss, pss + kb)
        except OSError:
            pass
    return {"rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1), "processes": len(pids)}


def open_session(b, url: str, role: str, *, load_models: bool):
    page = open_signed_in(b, url, role)       # the first page behind the sign-in: the overview
    switch_page(page, "Action items")
    if load_models:
        switch_page(page, "Meetings")
        page.get_by_text("Name-recognition models loaded.").wait_for(timeout=300_000)
    settle(page, timeout=180_000)
    return page


def run(size: str, sessions: int, ner: str, role: str) -> list[dict]:
    db_file = working_copy(size)
    records = []

    def record(state: str, count: int, pid: int) -> None:
        records.append({"bench": "memory", "size": size, "ner": ner, "state": state, "sessions": count, **memory_mb(pid)})
        print(json.dumps(records[-1]), flush=True)

    try:
        with running_server(db_file, timeout=120, env={"JTWG_NER": ner}) as (url, proc), browser() as b:
            record("started", 0, proc.pid)
            pages = [open_session(b, url, role, load_models=ner == "on")]
            record("open", 1, proc.pid)
            for _ in range(sessions - 1):
                pages.append(open_session(b, url, role, load_models=False))
            pages[-1].wait_for_timeout(2000)
            record("open", len(pages), proc.pid)
            for page in pages:
                page.context.close()
    finally:
        shutil.rmtree(db_file.parent, ignore_errors=True)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="20k", help="demo, 20k, 200k")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--ner", default="off,on", help="the personal-data models: off, on or both")
    parser.add_argument("--role", default="member")
    args = parser.parse_args()
    results = []
    for ner in args.ner.split(","):
        results += run(args.size, args.sessions, ner, args.role)
    print(f"\nserver memory at {args.size} (streamlit and its children; target under {TARGET_MB} MB with 20 sessions)")
    for r in results:
        print(f"  models {r['ner']:3}  {r['state']:7} {r['sessions']:2} session(s): RSS {r['rss_mb']:6.0f} MB, PSS {r['pss_mb']:6.0f} MB")


if __name__ == "__main__":
    main()
