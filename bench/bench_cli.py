"""Whole-process times of the command line: `jtwg --help` and a minutes export, next to pandoc on the same content.

    python bench/bench_cli.py [--repeat 10]

Each figure is the median wall time of a fresh process (start-up, imports, the work, exit), as a secretariat
scripting the CLI would see it; the empty interpreter's time is printed for scale. pandoc converts the
minutes' own content as markdown (bench/bench_export.py builds it) when pandoc is installed.
Targets: `jtwg --help` under 150 ms, a minutes export under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import ACCOUNTS, working_copy  # noqa: E402

MEETING = 4   # the demo's reference meeting


def process_time(command: list[str], repeat: int, env: dict[str, str]) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def minutes_markdown(db_file: Path) -> str:
    """The reference meeting's minutes (restricted profile) as the markdown pandoc is given."""
    from bench.bench_export import markdown_of
    from jtwg import db
    from jtwg.export.minutes_doc import build_minutes_document
    from jtwg.services.directory import Directory
    from jtwg.services.meetings.minutes import minutes_view
    from jtwg.services.redaction import AliasIndex
    from jtwg.store import groups, meetings

    conn = db.connect(db_file)
    try:
        group = groups.list_groups(conn)[0]
        meeting = next(m for m in meetings.list_meetings(conn, group_id=group.id)
                       if m.sequence_no == MEETING and m.subcommittee_id is None)
        view = minutes_view(conn, meeting_id=meeting.id)
        document = build_minutes_document(view, Directory.load(conn, group_id=group.id), "restricted",
                                          aliases=AliasIndex.load(conn))
        return markdown_of(document)
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    db_file = working_copy("demo")
    env = {**os.environ, "JTWG_DB": str(db_file), "PYTHONPATH": str(ROOT)}
    python = sys.executable
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "minutes.docx"
        figures["python (empty)"] = process_time([python, "-c", "pass"], args.repeat, env)
        figures["jtwg --help"] = process_time([python, "-m", "jtwg", "--help"], args.repeat, env)
        figures["jtwg export minutes"] = process_time(
            [python, "-m", "jtwg", "export", "minutes", "--meeting", str(MEETING), "--lang", "both", "--profile",
             "restricted", "-o", str(out), "--user", ACCOUNTS["secretariat"]["username"]], args.repeat, env)
        if shutil.which("pandoc"):
            source = Path(folder) / "minutes.md"
            source.write_text(minutes_markdown(db_file), encoding="utf-8")
            figures["pandoc (same minutes)"] = process_time(
                ["pandoc", "-f", "markdown", "-t", "docx", "-o", str(Path(folder) / "pandoc.docx"), str(source)],
                args.repeat, env)
    for name, seconds in figures.items():
        print(json.dumps({"bench": "cli", "command": name, "median_s": round(seconds, 4)}))
    print(f"\nwhole-process time, median of {args.repeat} runs")
    for name, seconds in figures.items():
        print(f"  {name:24} {seconds * 1000:7.0f} ms")
    if "pandoc (same minutes)" not in figures:
        print("  pandoc: not installed here (scripts/install-system-deps.sh installs it)")
    print("targets: jtwg --help < 150 ms, export < 500 ms")


if __name__ == "__main__":
    main()
