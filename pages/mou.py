"""MoU: the agreement, its provisions and the commitments that track each one."""

import streamlit as st

from jtwg.i18n import format_date, label, t, typographic
from jtwg.store import mou as mou_store
from jtwg.ui.common import header, table
from jtwg.ui.context import guard, page_context

RAG_ICON = {"red": "🔴", "amber": "🟠", "green": "🟢"}

ctx = page_context()
if ctx:
    with guard(ctx.lang):
        lang, d = ctx.lang, ctx.directory
        header(ctx, "mou.title")
        agreement = mou_store.get_mou(ctx.cur, group_id=ctx.group.id)
        if agreement is None:
            st.info(t("mou.none", lang))
            st.stop()
        st.subheader(typographic(agreement.title.get(lang), lang))
        if agreement.signed_on:
            st.markdown(t("mou.signed", lang, place=agreement.signed_place or "", date=format_date(agreement.signed_on, lang)))
        if agreement.in_force_from and agreement.duration_months:
            st.caption(t("mou.in_force", lang, date=format_date(agreement.in_force_from, lang), months=agreement.duration_months))
        if agreement.illustrative:
            st.warning(t("mou.illustrative", lang), icon=":material/info:")
        commitments = mou_store.list_commitments(ctx.cur, mou_id=agreement.id)
        for provision in mou_store.list_provisions(ctx.cur, mou_id=agreement.id):
            ref = (t("mou.article_paragraph", lang, article=provision.article, paragraph=provision.paragraph)
                   if provision.paragraph else t("mou.article", lang, article=provision.article))
            heading = f" — {provision.heading.get(lang)}" if provision.heading else ""
            with st.container(border=True):
                st.markdown(f"**{ref}{heading}**")
                st.markdown(typographic(provision.text.get(lang), lang))
                if provision.subcommittee_id:
                    st.caption(t("mou.subcommittee", lang, name=d.subcommittee(provision.subcommittee_id, lang)))
                mine = [c for c in commitments if c.provision_id == provision.id]
                if not mine:
                    st.caption(t("mou.no_commitments", lang))
                    continue
                table([{
                    "code": c.code, "commitment": c.description.get(lang),
                    "responsible": ", ".join(d.org(o) for o in c.responsible_org_ids),
                    "due": format_date(c.due_date, lang, "medium") if c.due_date else (c.recurrence or ""),
                    "status": label(c.status, lang),
                    "rag": f"{RAG_ICON.get(c.rag.value, '')} {label(c.rag, lang)}" if c.rag else "",
                    "reason": c.rag_reason.get(lang) if c.rag_reason else "",
                    "evidence": c.evidence.get(lang) if c.evidence else "",
                } for c in mine], {
                    "code": "mou.col_code", "commitment": "mou.col_commitment", "responsible": "mou.col_responsible",
                    "due": "mou.col_due", "status": "mou.col_status", "rag": "mou.col_rag", "reason": "mou.col_reason",
                    "evidence": "mou.col_evidence",
                }, lang)
