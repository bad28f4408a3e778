"""The two HTTP routes that set and clear the session cookie from the server, so that it can be HttpOnly.

After a checked password the page sends the browser to START_PATH with a one-time ticket (jtwg.services.auth,
valid TICKET_SECONDS, deleted when used); the answer sets the cookie and redirects to the app. Sign-out revokes
the token on the server, then sends the browser to END_PATH, whose answer deletes the cookie. A refused ticket
redirects to the sign-in page with a notice, never an error page. Mounted by server.py (`st.App(routes=...)`).
"""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from jtwg.config import cookie_secret, load_settings
from jtwg.errors import JtwgError
from jtwg.services import auth
from jtwg.ui.session import request_cursor

COOKIE = "jtwg_session"
PREFIX = "/session"
START_PATH = f"{PREFIX}/start"
END_PATH = f"{PREFIX}/end"
# Sent by the browser only with requests started from the app's own pages: the cookie never rides along with
# a request another site triggers. Page loads from a link in an e-mail still work: Streamlit reads the cookie
# from its websocket, which the app's own page opens.
SAME_SITE = "strict"
# Notices the sign-in page shows after a redirect (?notice=…), and their catalogue keys.
NOTICES = {"signed_out": "auth.signed_out", "expired": "auth.expired", "ticket": "auth.ticket_refused"}
LANGS = ("en", "fr")

log = logging.getLogger("jtwg.ui")


def base_path() -> str:
    """The app's root path ("/" unless server.baseUrlPath is set)."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def secure(request: Request) -> bool:
    """Whether the browser reached the app over HTTPS, directly or through a proxy that says so."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _back_to_app(notice: str | None, lang: str | None) -> RedirectResponse:
    query = {}
    if notice in NOTICES:
        query["notice"] = notice
    if lang in LANGS:
        query["lang"] = lang
    url = base_path() + (f"?{urlencode(query)}" if query else "")
    response = RedirectResponse(url, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"   # the ticket in this URL goes nowhere else
    return response


def _redeem(ticket: str | None) -> tuple[str, int] | None:
    cur = request_cursor()
    try:
        return auth.redeem_ticket(cur, ticket=ticket, secret=cookie_secret(load_settings()), now=datetime.now())
    finally:
        cur.close()


async def start(request: Request) -> RedirectResponse:
    """Exchange a sign-in ticket for the session cookie, then open the app."""
    lang = request.query_params.get("lang")
    try:
        redeemed = await run_in_threadpool(_redeem, request.query_params.get("ticket"))
    except JtwgError:   # the database cannot be opened: the app itself says why
        log.exception("sign-in ticket not redeemed")
        redeemed = None
    if redeemed is None:
        response = _back_to_app("ticket", lang)
        response.delete_cookie(COOKIE, path=base_path(), secure=secure(request), httponly=True, samesite=SAME_SITE)
        return response
    token, seconds = redeemed
    response = _back_to_app(None, lang)
    response.set_cookie(COOKIE, token, max_age=seconds, path=base_path(), secure=secure(request), httponly=True,
                        samesite=SAME_SITE)
    return response


async def end(request: Request) -> RedirectResponse:
    """Delete the session cookie (its token was already revoked by the sign-out), then open the sign-in page."""
    response = _back_to_app(request.query_params.get("notice"), request.query_params.get("lang"))
    response.delete_cookie(COOKIE, path=base_path(), secure=secure(request), httponly=True, samesite=SAME_SITE)
    return response


ROUTES = [Route(START_PATH, start, methods=["GET"]), Route(END_PATH, end, methods=["GET"])]
