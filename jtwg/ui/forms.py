"""The forms kit: one way for every page to run a change, report it, enter bilingual text and reset a form.

- `flash` keeps a message for the next run (a save reruns the page, which would wipe a message shown now);
  `show_flash` shows it once, where the page calls it.
- `run_change` calls a service: on success it flashes the message and reruns, on failure it shows why in
  the user's language (`report_error`); nothing is half-saved because services work in transactions.
- `bilingual_input` draws an English and a French box side by side and returns one `Bilingual`.
- `forget` drops widget state (by exact keys or by prefix) so a form opens afresh.
- `opened_version` remembers the version of a record a form was opened at, so a save made meanwhile by
  someone else is refused as stale instead of silently overwritten.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import streamlit as st
from pydantic import ValidationError

from jtwg import db
from jtwg.errors import InvalidInput, JtwgError
from jtwg.i18n import LANGS, t
from jtwg.models import Bilingual, Lang
from jtwg.validation import describe

log = logging.getLogger("jtwg.ui")
FLASH_KEY = "_flash"
KINDS = ("success", "info", "warning")


def flash(kind: str, text: str) -> None:
    """Keep a message ("success", "info" or "warning") to show on the next run of the page."""
    if kind not in KINDS:
        raise ValueError(f"not a message kind: {kind}")
    st.session_state[FLASH_KEY] = (kind, text)


def show_flash() -> None:
    """Show the kept message once, if any."""
    kept = st.session_state.pop(FLASH_KEY, None)
    if kept:
        kind, text = kept
        icons = {"success": ":material/check_circle:", "info": ":material/info:", "warning": ":material/warning:"}
        getattr(st, kind)(text, icon=icons[kind])


def report_error(exc: Exception, lang: str) -> None:
    """A clear message in the user's language for any error; never a traceback."""
    exc = db.translated(exc) or exc   # a save that lost a race outside a transaction block
    if isinstance(exc, ValidationError):
        st.error("\n".join(f"- {line}" for line in describe(exc, lang)))
    elif isinstance(exc, InvalidInput):
        lines = [t("invalid.field", lang, field=f, message=t(k, lang, **p)) for f, k, p in exc.problems]
        # The headline alone (JtwgError's message), then one bullet per problem.
        st.error("\n".join([JtwgError.message(exc, lang), *[f"- {line}" for line in lines]]))
    elif isinstance(exc, JtwgError):
        st.error(exc.message(lang))
    else:
        ref = uuid.uuid4().hex[:8]
        log.exception("unexpected error %s", ref)
        st.error(t("app.unexpected", lang, ref=ref))


def run_change(lang: str, change: Callable[[], Any], success_key: str, *, forget_keys: tuple[str, ...] = (),
               **params: object) -> bool:
    """Call a service; on success flash `success_key` and rerun, else show why and return False.

    A change may return a dict of extra message parameters (e.g. how many rows it imported). The widget
    state under `forget_keys` (exact keys or prefixes ending in "_") is dropped on success.
    """
    try:
        result = change()
    except Exception as exc:  # noqa: BLE001 - the edge: any error becomes a message
        if type(exc).__module__.startswith("streamlit"):
            raise
        report_error(exc, lang)
        return False
    if isinstance(result, dict):
        params = {**params, **result}
    if forget_keys:
        forget(*forget_keys)
    flash("success", t(success_key, lang, **params))
    st.rerun()
    return True


def to_bilingual(en: str, fr: str, lang: str, current: Bilingual | None = None) -> Bilingual:
    """The two text boxes as one Bilingual (empty when both are); unchanged text keeps its source and state.

    The language the user reads in is the source when it has text.
    """
    en, fr = en.strip(), fr.strip()
    if current is not None and (en, fr) == (current.en, current.fr):
        return current
    if not (en or fr):
        return Bilingual()
    mine = en if lang == "en" else fr
    source = lang if mine else Lang(lang).other.value
    return Bilingual.of(en, fr, source=source)


def bilingual_input(key: str, label_key: str, lang: str, value: Bilingual | None = None, *, area: bool = False,
                    height: int | None = None, max_chars: int = 5000) -> Bilingual:
    """An English and a French box side by side (keys `{key}_en`, `{key}_fr`), read as one Bilingual."""
    field = t(label_key, lang)
    left, right = st.columns(2)
    boxes = []
    for column, code in zip((left, right), LANGS):
        caption = t(f"forms.in_{code}", lang, field=field)
        text = value.get(code, fallback=False) if value else ""
        if area:
            boxes.append(column.text_area(caption, value=text, key=f"{key}_{code}", max_chars=max_chars,
                                          **({"height": height} if height else {})))
        else:
            boxes.append(column.text_input(caption, value=text, key=f"{key}_{code}", max_chars=max_chars))
    return to_bilingual(*boxes, lang, value)


def optional_bilingual(value: Bilingual) -> Bilingual | None:
    return None if value.is_empty else value


def forget(*keys_or_prefixes: str) -> None:
    """Drop widget state so a form opens afresh.

    A name ending in "_" is a prefix: every key starting with it goes. Any other name drops that key and
    its per-language copies ("name::en", see `ui.query.lang_widget`), not keys that merely start alike
    ("pick_1" leaves "pick_10").
    """
    for name in keys_or_prefixes:
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(name)]:
            if name.endswith("_") or key == name or key.startswith(name + "::"):
                del st.session_state[key]


def opened_version(kind: str, record_id: int, version: int, probe: str) -> int:
    """The version of a record its form was opened at.

    Kept while the form's widgets live (`probe` is one of its widget keys, with "{v}" standing for the
    version), so a save made meanwhile by someone else is caught as stale; started afresh from the saved
    version when the form is opened again, or after a save (`run_change(..., forget_keys=(opened_key(…),))`).
    """
    key = opened_key(kind, record_id)
    loaded = st.session_state.get(key)
    if loaded is None or probe.format(v=loaded) not in st.session_state:
        loaded = st.session_state[key] = version
    return loaded


def opened_key(kind: str, record_id: int) -> str:
    """Where `opened_version` keeps the version; forget it after a save so the form reopens from the new one."""
    return f"_opened_{kind}_{record_id}"
