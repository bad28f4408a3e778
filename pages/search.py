"""Search: one box across meetings, agenda items, minutes text, decisions and action items, in both languages."""

import streamlit as st

from jtwg.i18n import ordinal, t, typographic
from jtwg.models import Confidentiality
from jtwg.services.search import search
from jtwg.ui.display import confidential_badge, header
from jtwg.ui.context import guard, page_context

KIND_ICONS = {"meeting": ":material/groups:", "agenda_item": ":material/list:", "minute_entry": ":material/notes:",
              "decision": ":material/gavel:", "action_item": ":material/task_alt:"}

ctx = page_context("search")
if ctx:
    with guard(ctx.lang):
        lang = ctx.lang
        header(ctx, "search.title", "search.intro")
        query = st.text_input(t("search.box", lang), key="search_query", placeholder=t("search.placeholder", lang),
                              max_chars=200, icon=":material/search:")
        if query.strip():
            hits = search(ctx.cur, group_id=ctx.group.id, query=query, actor=ctx.actor)
            st.caption(t("search.count", lang, count=len(hits)))
            for n, hit in enumerate(hits):
                with st.container(border=True):
                    where = [t(f"search.kind_{hit.kind}", lang)]
                    if hit.meeting_seq:
                        where.append(t("workspace.meeting_short", lang, ordinal=ordinal(hit.meeting_seq, lang)))
                    if hit.item_label:
                        where.append(hit.item_label)
                    if hit.code:
                        where.append(hit.code)
                    badge = f" {confidential_badge(lang)}" if hit.confidentiality == Confidentiality.CONFIDENTIAL.value else ""
                    st.markdown(f"{KIND_ICONS[hit.kind]} **{' · '.join(where)}**{badge}  \n"
                                + typographic(hit.snippet(query, lang), lang))
                    if hit.kind == "action_item":
                        st.page_link("pages/actions.py", label=t("search.open_actions", lang), icon=":material/arrow_forward:")
                    if hit.meeting_id is not None:
                        section = "drafting" if hit.item_id and hit.kind != "meeting" else "minutes"
                        params = {"meeting": str(hit.meeting_id), "section": section}
                        if hit.item_id:
                            params["item"] = str(hit.item_id)
                        st.page_link("pages/meetings.py", label=t("search.open_meeting", lang,
                                                                  ordinal=ordinal(hit.meeting_seq, lang)),
                                     icon=":material/arrow_forward:", query_params=params)
