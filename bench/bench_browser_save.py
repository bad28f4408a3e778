"""A real browser saving action items: the time from the click on save to the saved state shown, and the bytes
on the wire per save and per page switch.

    python bench/bench_browser_save.py [--sizes demo,20k] [--saves 50] [--switches 5] [--role secretariat]

The app runs as `streamlit run server.py` on a copy of each scaled database (bench/scale.py) and Debian's
Chromium drives it through Playwright: sign in through the sign-in form, switch Overview -> Action items and
back `--switches` times, then open the tracker (for a member: on their sub-committee, the only items they may
update) and save `--saves` status changes (Open <-> In progress) of its first two items in turn. Secretariat by
default, as the issue's figures; `--role member` at 20 k (the demo has one item of the member's sub-committee).

Times are taken in the page's clock: from the click on save to the "Action item … saved." message of that save
on screen (`shown_ms`), and to the end of the script run that drew it (`done_ms`); a page switch from the click
on its link to the end of its run. Bytes: websocket frame payloads received and sent (Streamlit does not
compress them by default, so the payload is what travels, give or take a few bytes of frame header per frame)
plus HTTP request and response headers and bodies, from just before the click until the run is over.
One JSON object per line, then a short summary. Targets: a save shown within 150 ms p50 and under 20 KB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from bench._browser import Meter, open_signed_in, spread, switch_page, wait_run_done  # noqa: E402
from bench.scale import ACCOUNTS, working_copy  # noqa: E402
from tests.support.live import browser, running_server, settle  # noqa: E402

TARGET_SHOWN_MS = 150
TARGET_BYTES = 20_000

# The success message of this save: one that was not on the page before the click.
SAVED_SHOWN = """(code) => {
  const b = window.__bench, click = b.clicks[b.clicks.length - 1];
  for (const e of document.querySelectorAll('[data-testid="stAlertContentSuccess"]')) {
    if (!e.__benchSeen && e.textContent.includes(`Action item ${code} saved.`)) return performance.now() - click;
  }
  return false;
}"""
NO_SAVED_MESSAGE = """() => ![...document.querySelectorAll('[data-testid="stAlertContentSuccess"]')]
  .some(e => e.textContent.includes('saved.'))"""
MARK_SEEN = """() => document.querySelectorAll('[data-testid="stAlertContentSuccess"]').forEach(e => { e.__benchSeen = true; })"""


def choose_status(form, page, status: str) -> None:
    box = form.get_by_role("combobox", name="Status", exact=True)
    box.click()
    if box.get_attribute("aria-expanded") != "true":
        box.press("ArrowDown")
    page.get_by_role("option").filter(has_text=status).first.click()
    page.get_by_role("option").first.wait_for(state="detached")


def switches(page, meter: Meter, count: int) -> dict[str, list]:
    """Overview -> Action items and back, `count` times each: (ms, bytes received, bytes sent) per switch."""
    out: dict[str, list] = {"overview->actions": [], "actions->overview": []}
    for _ in range(count):
        for name, title in (("overview->actions", "Action items"), ("actions->overview", "Overview")):
            settle(page, timeout=180_000)
            meter.reset()
            ms = switch_page(page, title)
            page.wait_for_timeout(100)   # frames that follow the end of the run (page info)
            out[name].append((ms, meter.reading()))
    return out


def pick_item(page, code: str) -> None:
    """Choose the item `code` in the tracker's edit form and wait for the page's run."""
    box = page.get_by_role("combobox", name="Action item", exact=True)
    if box.input_value().startswith(f"{code} — "):
        return
    box.click()
    if box.get_attribute("aria-expanded") != "true":
        box.press("ArrowDown")
    page.get_by_role("option").filter(has_text=f"{code} — ").first.click()
    # The run for the chosen item ends with the previous save's message gone.
    page.wait_for_function(NO_SAVED_MESSAGE, polling="raf", timeout=180_000)
    settle(page, timeout=180_000)


def saves(page, meter: Meter, url: str, role: str, count: int) -> tuple[list[str], list]:
    """Change the status of the first two listed items in turn, `count` saves: (shown ms, done ms, bytes) each.

    Two items, as someone updating a list does: choosing the next item reruns the page, which takes the
    previous save's message away, so each save's message is a new one on the page (not timed)."""
    codes = ACCOUNTS[role].get("subcommittee_codes")
    page.goto(f"{url}/actions" + (f"?subcommittee={codes[0]}" if codes else ""))
    settle(page, timeout=180_000)
    box = page.get_by_role("combobox", name="Action item", exact=True)
    box.click()
    if box.get_attribute("aria-expanded") != "true":
        box.press("ArrowDown")
    try:
        page.get_by_role("option").nth(1).wait_for(timeout=10_000)
    except PlaywrightTimeout:
        pass
    items = [o.split(" — ")[0].strip() for o in page.get_by_role("option").all_inner_texts()[:2]]
    box.press("Escape")
    if len(items) < 2:
        raise SystemExit(f"the tracker lists {len(items)} item(s) for {role}: two are needed")
    out = []
    for i in range(count):
        code = items[i % len(items)]
        pick_item(page, code)
        form = page.get_by_test_id("stForm")
        current = form.get_by_role("combobox", name="Status", exact=True).input_value()
        choose_status(form, page, "Open" if current == "In progress" else "In progress")
        page.evaluate(MARK_SEEN)
        meter.reset()
        form.get_by_role("button", name="Save the update").click()
        shown = page.wait_for_function(SAVED_SHOWN, arg=code, polling="raf").json_value()
        done = wait_run_done(page, since=shown)
        page.wait_for_timeout(100)
        out.append((shown, done, meter.reading()))
    return items, out


def run(size: str, role: str, saves_count: int, switch_count: int) -> list[dict]:
    db_file = working_copy(size)
    try:
        return _run(db_file, size, role, saves_count, switch_count)
    finally:
        shutil.rmtree(db_file.parent, ignore_errors=True)


def _run(db_file: Path, size: str, role: str, saves_count: int, switch_count: int) -> list[dict]:
    records = []
    with running_server(db_file, timeout=120) as (url, _), browser() as b:
        meter = Meter()
        page = open_signed_in(b, url, role, meter=meter)
        for name, rows in switches(page, meter, switch_count).items():
            records.append({"bench": "browser_switch", "size": size, "role": role, "switch": name, "count": len(rows),
                            "ms": spread([ms for ms, _ in rows]),
                            "received_bytes": round(statistics.median(r["received"] for _, r in rows)),
                            "sent_bytes": round(statistics.median(r["sent"] for _, r in rows)),
                            "http_requests": round(statistics.median(r["http_requests"] for _, r in rows))})
        items, rows = saves(page, meter, url, role, saves_count)
        records.append({"bench": "browser_save", "size": size, "role": role, "items": items, "saves": len(rows),
                        "shown_ms": spread([s for s, _, _ in rows]), "done_ms": spread([d for _, d, _ in rows]),
                        "received_bytes": round(statistics.median(r["received"] for _, _, r in rows)),
                        "received_bytes_max": max(r["received"] for _, _, r in rows),
                        "sent_bytes": round(statistics.median(r["sent"] for _, _, r in rows)),
                        "ws_frames_received": round(statistics.median(r["ws_frames_received"] for _, _, r in rows)),
                        "http_requests": round(statistics.median(r["http_requests"] for _, _, r in rows))})
        page.context.close()
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="demo,20k", help="demo, 20k, 200k")
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--switches", type=int, default=5, help="page switches each way")
    parser.add_argument("--role", default="secretariat", choices=sorted(ACCOUNTS))
    args = parser.parse_args()
    results = []
    for size in args.sizes.split(","):
        for record in run(size, args.role, args.saves, args.switches):
            print(json.dumps(record), flush=True)
            results.append(record)
    print(f"\nreal browser, signed in as {args.role} (targets: save shown within {TARGET_SHOWN_MS} ms p50, "
          f"under {TARGET_BYTES // 1000} KB on the wire)")
    for r in results:
        if r["bench"] == "browser_save":
            s, d = r["shown_ms"], r["done_ms"]
            print(f"  {r['size']:5} save ×{r['saves']}: shown p50 {s['p50']:.0f} ms, p95 {s['p95']:.0f}, max {s['max']:.0f}; "
                  f"run over p50 {d['p50']:.0f} ms; {r['received_bytes'] / 1000:.1f} KB received, "
                  f"{r['sent_bytes'] / 1000:.1f} KB sent per save")
        else:
            m = r["ms"]
            print(f"  {r['size']:5} {r['switch']}: p50 {m['p50']:.0f} ms, max {m['max']:.0f}; "
                  f"{r['received_bytes'] / 1000:.1f} KB received, {r['sent_bytes'] / 1000:.1f} KB sent per switch")


if __name__ == "__main__":
    main()
