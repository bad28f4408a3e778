"""Where a page spends its server time: cProfile over AppTest reruns of one page, signed in as one role.

    python bench/profile_page.py pages/overview.py [--size 20k] [--role secretariat] [--repeat 2] [--top 30]

Prints the functions with the most cumulative time (own code and libraries), to find what to fix first.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import sign_in_state, working_copy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page")
    parser.add_argument("--size", default="20k")
    parser.add_argument("--role", default="secretariat")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    os.chdir(ROOT)
    db_file = working_copy(args.size)
    os.environ["JTWG_DB"] = str(db_file)

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.session_state["lang"] = "en"
    sign_in_state(at, db_file, args.role)
    at.run()
    at.switch_page(args.page).run()
    if at.exception:
        raise SystemExit(f"{args.page}: {at.exception[0].value}")
    # AppTest runs the script on a thread of its own: profile the threads started during the reruns too.
    import threading

    profilers = [cProfile.Profile()]
    plain_run = threading.Thread.run

    def profiled_run(thread):
        profiler = cProfile.Profile()
        profilers.append(profiler)
        profiler.enable()
        try:
            plain_run(thread)
        finally:
            profiler.disable()

    threading.Thread.run = profiled_run
    profilers[0].enable()
    for _ in range(args.repeat):
        at.run()
    profilers[0].disable()
    threading.Thread.run = plain_run
    stats = pstats.Stats(profilers[0])
    for p in profilers[1:]:
        stats.add(p)
    stats.sort_stats(args.sort).print_stats(args.top)

if __name__ == "__main__":
    main()
