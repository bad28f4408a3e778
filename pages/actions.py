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
from jtwg.ui.paging import PAGE_SIZE, page_offset

ctx = page_context("actions")
if ctx:
    with guard(ctx.lang):
        lang = ctx.lang
        header(ctx, "actions.title", "actions.intro")
        show_flash()
        filters = filter_bar(ctx)
        # The service returns only the items the user's role may read (members: nothing confidential).
        # Counted in the database; only the page of rows shown is read.
        everything = service.tracker_counts(ctx.cur, group_id=ctx.group.id, actor=ctx.actor, today=ctx.today)["total"]
        if not everything:
            st.info(t("actions.none", lang))
        counts = service.tracker_counts(ctx.cur, group_id=ctx.group.id, actor=ctx.actor, today=ctx.today, filters=filters)
        m1, m2, m3 = st.columns(3)
        m1.metric(t("actions.metric_shown", lang), f"{counts['total']} / {everything}")
        m2.metric(t("actions.metric_overdue", lang), counts["overdue"])
        m3.metric(t("actions.metric_due_soon", lang, days=service.DUE_SOON_DAYS), counts["due_soon"])
        if everything and not counts["total"]:
            st.info(t("actions.none_match", lang))
        found = []
        if counts["total"]:
            offset = page_offset("actions_page", total=counts["total"], lang=lang, listing=filters)
            found = service.tracker(ctx.cur, group_id=ctx.group.id, actor=ctx.actor, today=ctx.today, filters=filters,
                                    limit=PAGE_SIZE, offset=offset)
            tracker_table(ctx, found)
        # The whole-tracker workbook holds every item: it is the secretariat's tool.
        excel_allowed = allowed(ctx.actor, "action_item.import")
        # Only the open tab is drawn (the tab is a widget: choosing one reruns): the bulk editor's table of
        # the listed items and the Excel panel are not sent with every run of the page, e.g. every save.
        tabs = st.tabs([t("actions.tab_edit", lang), t("actions.tab_bulk", lang)]
                       + ([t("actions.tab_excel", lang)] if excel_allowed else []), key=f"actions_tab::{lang}",
                       on_change="rerun")
        with tabs[0]:
            if tabs[0].open:
                edit_form(ctx, found)
        with tabs[1]:
            if tabs[1].open:
                st.caption(t("actions.bulk_help", lang))
                bulk_editor(ctx, found)
        if excel_allowed:
            with tabs[2]:
                if tabs[2].open:
                    excel_panel(
                        ctx, prefix="actions", stem="action-tracker", spec=actions_sheet.SPEC,
                        export=lambda cur, xl_lang, code: actions_sheet.export_actions(
                            cur, group_id=ctx.group.id, actor=ctx.actor, lang=xl_lang, today=ctx.today,
                            subcommittee_code=code),
                        template=actions_sheet.template,
                        adapter=actions_sheet.ActionsAdapter(ctx.group.id, ctx.today),
                    )
