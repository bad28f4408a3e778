"""MoU: the agreement, its provisions with progress, what implements them, (secretariat) links and edits, Excel."""

import streamlit as st

from jtwg.excel import mou_sheet
from jtwg.i18n import t
from jtwg.services import mou as mou_service
from jtwg.services import permissions, workplan
from jtwg.services.meetings import planning
from jtwg.ui import mou as widgets
from jtwg.ui import mou_edit
from jtwg.ui.display import header
from jtwg.ui.context import guard, page_context
from jtwg.ui.excel_panel import excel_panel
from jtwg.ui.forms import show_flash

ctx = page_context("mou")
if ctx:
    with guard(ctx.lang):
        lang = ctx.lang
        header(ctx, "mou.title")
        view = mou_service.mou_view(ctx.cur, group_id=ctx.group.id)
        if view is None:
            st.info(t("mou.none", lang))
            st.stop()
        widgets.agreement(ctx, view.mou)
        widgets.summary(view, lang)

        sections = ["provisions", "lookup"]
        if permissions.allowed(ctx.actor, mou_service.LINK):
            sections.append("links")
        if permissions.allowed(ctx.actor, mou_service.EDIT):
            sections.append("edit")
        sections.append("excel")
        section = st.radio(t("mou.view", lang), options=sections, horizontal=True, key="mou_view",
                           format_func=lambda s: t(f"mou.view_{s}", lang))
        show_flash()

        if section == "provisions":
            widgets.formula(lang)
            seq = {r.meeting.id: r.meeting.sequence_no
                   for r in planning.list_meetings(ctx.cur, group_id=ctx.group.id, actor=ctx.actor)}
            for provision in view.provisions:
                widgets.provision_card(provision, ctx, seq)
        elif section == "lookup":
            widgets.activity_lookup(ctx, view, workplan.list_activities(ctx.cur, group_id=ctx.group.id, actor=ctx.actor))
        elif section == "links":
            mou_edit.links_panel(ctx, view)
        elif section == "edit":
            mou_edit.edit_panel(ctx, view)
        else:
            st.caption(t("mou.excel_intro", lang))
            excel_panel(
                ctx, prefix="mou", stem="mou", spec=mou_sheet.SPECS,
                export=lambda cur, xl_lang, code: mou_sheet.export_mou(
                    cur, group_id=ctx.group.id, actor=ctx.actor, lang=xl_lang, subcommittee_code=code),
                template=mou_sheet.template,
                adapter=mou_sheet.adapters(ctx.group.id),
            )
