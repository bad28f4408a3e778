"""Shared pieces of the meeting workspace sections: the frozen-minutes notice, item names, people and organisation pickers."""

from __future__ import annotations

import streamlit as st

from jtwg.i18n import agenda_label, label, t
from jtwg.models import AgendaItem, Minutes
from jtwg.ui.context import PageContext


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
