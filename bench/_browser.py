"""What the browser benchmarks share: a live server on a scaled database, signed-in pages, and a meter of the
bytes on the wire (websocket frames and HTTP) and of script runs, read in the page's own clock."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from bench.scale import ACCOUNTS, PASSWORD
from tests.support.live import settle

# Run in every document before its scripts: the time of each click on a button and of each change of the
# app's script state ("running", "notRunning"...), in performance.now() milliseconds.
PAGE_CLOCK = """
window.__bench = {clicks: [], states: []};
document.addEventListener('click', (e) => {
  if (e.target.closest && e.target.closest('button, a, [role="option"]')) window.__bench.clicks.push(performance.now());
}, true);
new MutationObserver((records) => {
  for (const r of records) {
    const state = r.target.getAttribute('data-test-script-state');
    if (state) window.__bench.states.push([state, performance.now()]);
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""

# The time from the last click to the end of the run it started: a "running" state after the click, then
# the first "notRunning" after that; false until then. With `since` (ms after the click): the first
# "notRunning" from then on (the run that drew something seen at that time).
RUN_DONE = """(since) => {
  const b = window.__bench, click = b.clicks[b.clicks.length - 1];
  if (click === undefined) return false;
  let ran = false;
  for (const [state, t] of b.states) {
    if (t < click) continue;
    if (state === 'running') ran = true;
    else if (state === 'notRunning' && (since === null ? ran : t >= click + since)) return t - click;
  }
  if (since !== null && document.querySelector('[data-testid="stApp"]').getAttribute('data-test-script-state') === 'notRunning')
    return Math.max(since, b.states[b.states.length - 1][1] - click);
  return false;
}"""


@dataclass
class Meter:
    """Bytes of websocket frames (both ways) and of HTTP requests and responses since the last `reset`."""

    received: int = 0
    sent: int = 0
    frames_received: int = 0
    frames_sent: int = 0
    requests: list = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("websocket", self._websocket)
        page.on("requestfinished", lambda request: self.requests.append(request))

    def _websocket(self, ws) -> None:
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    @staticmethod
    def _size(payload) -> int:
        return len(payload.encode("utf-8")) if isinstance(payload, str) else len(payload)

    def _received(self, payload) -> None:
        self.received += self._size(payload)
        self.frames_received += 1

    def _sent(self, payload) -> None:
        self.sent += self._size(payload)
        self.frames_sent += 1

    def reset(self) -> None:
        self.received = self.sent = self.frames_received = self.frames_sent = 0
        self.requests.clear()

    def reading(self) -> dict[str, int]:
        """What went over the wire since the last reset: websocket payloads, and HTTP headers and bodies."""
        http_in = http_out = 0
        for request in self.requests:
            sizes = request.sizes()
            http_in += sizes["responseHeadersSize"] + max(sizes["responseBodySize"], 0)
            http_out += sizes["requestHeadersSize"] + max(sizes["requestBodySize"], 0)
        return {"ws_received": self.received, "ws_sent": self.sent, "ws_frames_received": self.frames_received,
                "ws_frames_sent": self.frames_sent, "http_requests": len(self.requests),
                "http_received": http_in, "http_sent": http_out,
                "received": self.received + http_in, "sent": self.sent + http_out}


def open_signed_in(browser, url: str, role: str, *, meter: Meter | None = None):
    """A new browser context (its own cookie, so its own server session) signed in as `role` through the
    real sign-in form; returns its page, on the first page behind the sign-in."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    context.add_init_script(PAGE_CLOCK)
    page = context.new_page()
    page.set_default_timeout(180_000)
    if meter is not None:
        meter.attach(page)
    page.goto(url)
    settle(page, timeout=180_000)
    form = page.get_by_test_id("stForm")
    form.locator("input[type=text]").fill(ACCOUNTS[role]["username"])
    form.locator("input[type=password]").fill(PASSWORD)
    # The server sets the session cookie in its answer to /session/start, then sends the browser back.
    with page.expect_response(lambda r: "/session/start" in r.url):
        form.get_by_test_id("stFormSubmitButton").locator("button").click()
    page.get_by_test_id("stSidebarNavLink").first.wait_for()
    settle(page, timeout=180_000)
    return page


def wait_run_done(page, since: float | None = None, timeout: float = 180_000) -> float:
    """Milliseconds from the last click to the end of the script run it started (or of the run going on
    `since` ms after the click)."""
    return page.wait_for_function(RUN_DONE, arg=since, polling="raf", timeout=timeout).json_value()


def switch_page(page, title: str) -> float:
    """Click the sidebar link `title` and wait for the page's run to end; milliseconds."""
    page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
    return wait_run_done(page)


def spread(values: list[float]) -> dict[str, float]:
    """p50, p95 (nearest rank) and max."""
    ordered = sorted(values)
    rank = max(0, -(-95 * len(ordered) // 100) - 1)
    return {"p50": round(statistics.median(ordered), 1), "p95": round(ordered[rank], 1), "max": round(ordered[-1], 1)}
