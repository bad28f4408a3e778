"""Whole-process times of the command line: `jtwg --help` and a minutes export, next to pandoc on the same content.

    python bench/bench_cli.py [--repeat 10]

Each figure is the median wall time of a fresh process (start-up, imports, the work, exit), as a secretariat
scripting the CLI would see it, with its peak memory; the empty interpreter's time is printed for scale. pandoc
converts the minutes' own content as markdown (bench/bench_export.py builds it) when pandoc is installed.
The first export of the demo's minutes runs the personal-data check's language models on the texts that need
them (their findings are then kept, table name_analysis); later exports of the same texts read them back.
Both are printed. Targets: `jtwg --help` under 150 ms, a minutes export under 0.5 s.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import ACCOUNTS, working_copy  # noqa: E402

MEETING = 4   # the demo's reference meeting


PEAK_MB: dict[str, float] = {}
# Each run is started from a small launcher that times it and reads its peak memory (a child forked from this
# process would count this process's memory as its own).
LAUNCHER = ("import json, resource, subprocess, sys, time; started = time.perf_counter(); "
            "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
            "print(json.dumps([time.perf_counter() - started, done.returncode, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))")


def process_time(command: list[str], repeat: int, env: dict[str, str], name: str = "") -> float:
    runs, peak = [], 0.0
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", LAUNCHER, *command], env=env, check=True, capture_output=True, text=True)
        seconds, code, max_kb = json.loads(out.stdout)
        if code != 0:
            raise SystemExit(f"{' '.join(command)} failed")
        runs.append(seconds)
        peak = max(peak, max_kb / 1024)
    if name:
        PEAK_MB[name] = peak
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
    # An installed program runs from its compiled bytecode: let the children write it (one warm-up run below).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    python = sys.executable
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "minutes.docx"
        process_time([python, "-m", "jtwg", "--help"], 1, env)   # writes the bytecode of the modules it imports
        figures["python (empty)"] = process_time([python, "-c", "pass"], args.repeat, env, "python (empty)")
        figures["jtwg --help"] = process_time([python, "-m", "jtwg", "--help"], args.repeat, env, "jtwg --help")
        export = [python, "-m", "jtwg", "export", "minutes", "--meeting", str(MEETING), "--lang", "both", "--profile",
                  "restricted", "-o", str(out), "--user", ACCOUNTS["secretariat"]["username"]]
        figures["first export (models)"] = process_time(export, 1, env, "first export (models)")
        figures["jtwg export minutes"] = process_time(export, args.repeat, env, "jtwg export minutes")
        if shutil.which("pandoc"):
            source = Path(folder) / "minutes.md"
            source.write_text(minutes_markdown(db_file), encoding="utf-8")
            figures["pandoc (same minutes)"] = process_time(
                ["pandoc", "-f", "markdown", "-t", "docx", "-o", str(Path(folder) / "pandoc.docx"), str(source)],
                args.repeat, env, "pandoc (same minutes)")
    for name, seconds in figures.items():
        print(json.dumps({"bench": "cli", "command": name, "median_s": round(seconds, 4),
                          "peak_mb": round(PEAK_MB.get(name, 0.0), 1)}))
    print(f"\nwhole-process time, median of {args.repeat} runs (the first export: one run), peak memory")
    for name, seconds in figures.items():
        print(f"  {name:24} {seconds * 1000:7.0f} ms  {PEAK_MB.get(name, 0.0):6.0f} MB")
    if "pandoc (same minutes)" not in figures:
        print("  pandoc: not installed here (scripts/install-system-deps.sh installs it)")
    print("targets: jtwg --help < 150 ms, export < 500 ms")


if __name__ == "__main__":
    main()
