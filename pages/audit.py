"""Audit trail (secretariat): every change, export and override, filterable, exportable as CSV."""

from datetime import date

import streamlit as st

from jtwg.i18n import t
from jtwg.services import audit
from jtwg.ui.display import header, table
from jtwg.ui.context import cursor, guard, page_context
from jtwg.ui.paging import PAGE_SIZE, page_offset

ctx = page_context("audit")
if ctx:
    with guard(ctx.lang):
        lang, cur = ctx.lang, ctx.cur
        header(ctx, "audit.title", "audit.intro")
        any_value = "—"
        c1, c2, c3 = st.columns(3)
        who = c1.selectbox(t("audit.filter_actor", lang), [any_value, *audit.distinct_values(cur, actor=ctx.actor, column="actor")], key="audit_actor")
        action = c2.selectbox(t("audit.filter_action", lang), [any_value, *audit.distinct_values(cur, actor=ctx.actor, column="action")], key="audit_action")
        entity = c3.selectbox(t("audit.filter_entity", lang), [any_value, *audit.distinct_values(cur, actor=ctx.actor, column="entity")], key="audit_entity")
        c4, c5, c6 = st.columns(3)
        start = c4.date_input(t("audit.filter_from", lang), value=None, key="audit_from", format="DD/MM/YYYY")
        end = c5.date_input(t("audit.filter_to", lang), value=None, key="audit_to", format="DD/MM/YYYY")
        text = c6.text_input(t("audit.filter_text", lang), key="audit_text", max_chars=200)
        where = audit.AuditFilter(
            actor=None if who == any_value else who, action=None if action == any_value else action,
            entity=None if entity == any_value else entity, date_from=start, date_to=end, text=text.strip() or None,
        )
        # Counted in the database; only the page of rows shown is read.
        total = audit.count(cur, actor=ctx.actor, where=where)
        offset = page_offset("audit_page", total=total, lang=lang, listing=where)
        entries = audit.page(cur, actor=ctx.actor, where=where, offset=offset, limit=PAGE_SIZE) if total else []
        st.caption(t("audit.count", lang, shown=len(entries), total=total))
        if not entries:
            st.info(t("audit.none", lang))
        else:
            table([{
                "when": e["logged_at"].strftime("%Y-%m-%d %H:%M:%S"), "who": e["actor"], "action": e["action"],
                "entity": e["entity"], "id": e["entity_id"], "changes": audit.describe_changes(e["changes"]),
                "note": e["note"] or "",
            } for e in entries], {
                "when": "audit.col_when", "who": "audit.col_who", "action": "audit.col_action", "entity": "audit.col_entity",
                "id": "audit.col_id", "changes": "audit.col_changes", "note": "audit.col_note",
            }, lang)
            # The CSV is written when the button is clicked, on Streamlit's thread: with that thread's cursor.
            st.download_button(t("audit.download", lang), data=lambda: audit.export_csv(cursor(), actor=ctx.actor, where=where),
                               mime="text/csv", file_name=f"jtwg-audit-{date.today().isoformat()}.csv", icon=":material/download:")
