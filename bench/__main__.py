"""Every benchmark end to end: `python -m bench [--sizes demo,20k] [--roles secretariat,member] [--repeat 3]`.

Runs, each as its own process so one's imports and caches do not flatter another's figures:
  bench/page_outputs.py compare   the overview and tracker at 20 k are what they were before the optimisations
  bench/bench_pages.py            server time of every page per role and size, next to an empty script
  bench/bench_cli.py              whole-process `jtwg --help` and minutes export, next to pandoc
and, with --all, every other benchmark script in bench/ (exports against pandoc, search, brief, roll-up, Excel
round trips, personal-data recall, bilingual share, backups, sign-in timing, and in a real browser: 50 saves
and page switches with their bytes on the wire, server memory with 1 and 20 sessions), each without arguments.
It prints their figures (one JSON object per line, then each one's summary). The first run builds the
databases of each size (bench/scale.py; about two minutes for 20 k), later runs reuse them.
Exits non-zero if a script fails or the page outputs differ from the record.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="demo,20k", help="database sizes for the page times: demo, 20k, 200k")
    parser.add_argument("--roles", default="secretariat,member")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--all", action="store_true", help="also every other benchmark script in bench/")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    steps = [
        ["bench/page_outputs.py", "compare"],
        ["bench/bench_pages.py", "--sizes", args.sizes, "--roles", args.roles, "--repeat", str(args.repeat)],
        ["bench/bench_cli.py", "--repeat", str(max(args.repeat, 5))],
    ]
    if args.all:
        core = {step[0] for step in steps} | {"bench/profile_page.py", "bench/scale.py"}
        steps += [[f"bench/{p.name}"] for p in sorted((ROOT / "bench").glob("*.py"))
                  if not p.name.startswith("_") and f"bench/{p.name}" not in core]
    failed = []
    for step in steps:
        print(f"\n== {' '.join(step)}", flush=True)
        if subprocess.run([sys.executable, *step], cwd=ROOT, env=env).returncode != 0:
            failed.append(step[0])
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
