"""Action items: the tracker with filters (also from the URL), flags, per-item updates with history, bulk edit, Excel."""

import streamlit as st

from jtwg.excel import actions_sheet
from jtwg.i18n import t
from jtwg.services import actions as service
from jtwg.services.permissions import allowed
from jtwg.ui.action_tracker import bulk_editor, edit_form, filter_bar, tracker_table
from jtwg.ui.forms import show_flash
from jtwg.ui.display import header
from jtwg.ui.context import guard, page_context
from jtwg.ui.excel_panel import excel_panel

ctx = page_context("actions")
if ctx:
    with guard(ctx.lang):
        lang = ctx.lang
        header(ctx, "actions.title", "actions.intro")
        show_flash()
        filters = filter_bar(ctx)
        # The service returns only the items the user's role may read (members: nothing confidential).
        everything = service.tracker(ctx.cur, group_id=ctx.group.id, actor=ctx.actor, today=ctx.today)
        if not everything:
            st.info(t("actions.none", lang))
        found = service.tracker(ctx.cur, group_id=ctx.group.id, actor=ctx.actor, today=ctx.today, filters=filters)
        m1, m2, m3 = st.columns(3)
        m1.metric(t("actions.metric_shown", lang), f"{len(found)} / {len(everything)}")
        m2.metric(t("actions.metric_overdue", lang), sum(r.overdue for r in found))
        m3.metric(t("actions.metric_due_soon", lang, days=service.DUE_SOON_DAYS), sum(r.due_soon for r in found))
        if everything and not found:
            st.info(t("actions.none_match", lang))
        if found:
            tracker_table(ctx, found)
        # The whole-tracker workbook holds every item: it is the secretariat's tool.
        excel_allowed = allowed(ctx.actor, "action_item.import")
        tabs = st.tabs([t("actions.tab_edit", lang), t("actions.tab_bulk", lang)]
                       + ([t("actions.tab_excel", lang)] if excel_allowed else []))
        with tabs[0]:
            edit_form(ctx, found)
        with tabs[1]:
            st.caption(t("actions.bulk_help", lang))
            bulk_editor(ctx, found)
        if excel_allowed:
            with tabs[2]:
                excel_panel(
                    ctx, prefix="actions", stem="action-tracker", spec=actions_sheet.SPEC,
                    export=lambda xl_lang, code: actions_sheet.export_actions(
                        ctx.cur, group_id=ctx.group.id, actor=ctx.actor, lang=xl_lang, today=ctx.today,
                        subcommittee_code=code),
                    template=actions_sheet.template,
                    adapter=actions_sheet.ActionsAdapter(ctx.group.id, ctx.today),
                )
