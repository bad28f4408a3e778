"""Shared pieces of the meeting workspace: bilingual inputs, running a change with a clear outcome, pickers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from jtwg.i18n import agenda_label, label, ordinal, t
from jtwg.models import AgendaItem, Bilingual, Minutes
from jtwg.ui.context import PageContext, show_error

FLASH_KEY = "_meetings_flash"


def bilingual_input(lang: str, key: str, label_key: str, value: Bilingual | None = None, *, area: bool = True,
                    height: int = 100) -> Bilingual:
    """An English and a French box side by side; the language the user reads in is the source."""
    left, right = st.columns(2)
    boxes = []
    for column, code in ((left, "en"), (right, "fr")):
        text = value.get(code, fallback=False) if value else ""
        caption = f"{t(label_key, lang)} ({code.upper()})"
        if area:
            boxes.append(column.text_area(caption, value=text, key=f"{key}_{code}", height=height))
        else:
            boxes.append(column.text_input(caption, value=text, key=f"{key}_{code}"))
    en_text, fr_text = boxes
    source = "fr" if (lang == "fr" and fr_text) or not en_text else "en"
    return Bilingual.of(en_text, fr_text, source=source) if (en_text or fr_text) else Bilingual()


def optional_bilingual(value: Bilingual) -> Bilingual | None:
    return None if value.is_empty else value


def run_change(ctx: PageContext, change: Callable[[], Any], success_key: str, **params: object) -> bool:
    """Call a service; on success remember a message and rerun, else show why (nothing is half-saved).

    A change may return a dict of extra message parameters (e.g. how many rows it imported).
    """
    try:
        result = change()
    except Exception as exc:  # noqa: BLE001 - the edge: any error becomes a message
        if type(exc).__module__.startswith("streamlit"):
            raise
        show_error(exc, ctx.lang)
        return False
    if isinstance(result, dict):
        params = {**params, **result}
    st.session_state[FLASH_KEY] = t(success_key, ctx.lang, **params)
    st.rerun()
    return True


def show_flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def frozen_notice(ctx: PageContext, minutes: Minutes | None) -> bool:
    """True (with a notice) when the meeting's minutes can no longer be edited in place."""
    if minutes is None or not minutes.is_frozen:
        return False
    st.info(t("workspace.frozen", ctx.lang, version=minutes.version_no, status=label(minutes.status, ctx.lang).lower()),
            icon=":material/lock:")
    return True


def item_name(item: AgendaItem, lang: str) -> str:
    return " – ".join(x for x in (agenda_label(item.label, lang), item.title.get(lang)) if x)


def org_options(ctx: PageContext) -> list[str]:
    return [""] + sorted(o.acronym for o in ctx.directory.orgs.values())


def person_options(ctx: PageContext) -> dict[str, str]:
    """ref -> how the person is shown (by role when the name is not published)."""
    people = sorted(ctx.directory.people.values(), key=lambda p: p.display_name)
    return {"": t("common.none", ctx.lang), **{p.ref: ctx.directory.person(p.id, ctx.lang) for p in people}}


def person_ref(ctx: PageContext, person_id: int | None) -> str:
    person = ctx.directory.people.get(person_id)
    return person.ref if person else ""


def meeting_name(m, lang: str) -> str:
    return t("workspace.meeting_name", lang, ordinal=ordinal(m.sequence_no, lang), city=m.city or "")
