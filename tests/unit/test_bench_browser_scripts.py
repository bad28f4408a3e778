"""The browser benchmarks start with their documented options, and their arithmetic is right (no timing here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script, options", [
    ("bench/bench_browser_save.py", ["--sizes", "--saves", "--switches", "--role"]),
    ("bench/bench_memory.py", ["--size", "--sessions", "--ner", "--role"]),
])
def test_help_lists_the_options(script, options):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, script, "--help"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    for option in options:
        assert option in done.stdout


def test_spread_is_median_nearest_rank_p95_and_max():
    from bench._browser import spread

    assert spread(list(range(1, 101))) == {"p50": 50.5, "p95": 95, "max": 100}
    assert spread([3.0]) == {"p50": 3.0, "p95": 3.0, "max": 3.0}


def test_memory_of_this_process_and_a_child():
    from bench.bench_memory import memory_mb

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        tree = memory_mb(os.getpid())
        assert tree["processes"] >= 2 and tree["rss_mb"] > 5 and 0 < tree["pss_mb"] <= tree["rss_mb"]
    finally:
        child.kill()
        child.wait()
