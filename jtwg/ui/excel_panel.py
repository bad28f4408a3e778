"""The Excel panel of a page: export (all or one sub-committee), empty template, import with preview and apply.

A page whose workbook has several sheets (the MoU) passes their specs and adapters as lists: the
preview then names each row's sheet, and the import applies every sheet together or nothing.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Callable, Sequence

import pandas as pd
import duckdb
import streamlit as st

from jtwg.excel.importer import CHANGED, NEW, UNCHANGED, ImportAdapter, apply_import, preview_import
from jtwg.excel.sheet import SheetSpec
from jtwg.i18n import format_date, label, t, typographic
from jtwg.row_problems import RowsRejected

from jtwg.services.personal_data import PersonalDataUnconfirmed
from jtwg.ui.context import PageContext, cursor
from jtwg.ui.forms import flash
from jtwg.ui.personal_data import ensure_models, personal_data_warnings
from jtwg.ui.query import lang_widget

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show_value(value: Any, lang: str) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, Enum):
        return label(value, lang)
    if isinstance(value, date):
        return format_date(value, lang, "medium")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return f"{value:,.2f}".replace(",", "\u202f") if lang == "fr" else f"{value:,.2f}"
    return str(value)


def excel_panel(ctx: PageContext, *, prefix: str, stem: str, spec: SheetSpec | Sequence[SheetSpec],
                export: Callable[[duckdb.DuckDBPyConnection, str, str | None], bytes], template: Callable[[str], bytes],
                adapter: ImportAdapter | Sequence[ImportAdapter]) -> None:
    """Download and upload controls; the preview lists new / changed / unchanged rows and every problem.

    The workbooks are built only when their button is clicked (a callable as the data), not on every run of
    the page. Streamlit calls it outside this script run, on another thread: `export` is given that
    thread's own cursor, never this run's."""
    lang, d = ctx.lang, ctx.directory
    book = not isinstance(spec, SheetSpec)
    specs = list(spec) if book else [spec]
    c1, c2 = st.columns(2)
    st.session_state.setdefault(f"{prefix}_xl_lang", lang)   # headers in the page's language unless changed
    xl_lang = c1.selectbox(t("excel.header_lang", lang), ["en", "fr"],
                           format_func=lambda x: {"en": "English", "fr": "Français"}[x], **lang_widget(f"{prefix}_xl_lang", lang))
    codes = [""] + [s.code for s in d.subcommittees.values()]
    scope = c2.selectbox(t("excel.scope", lang), codes, **lang_widget(f"{prefix}_xl_scope", lang),
                         format_func=lambda c: f"{c} — {d.subcommittee(next(s.id for s in d.subcommittees.values() if s.code == c), lang)}"
                         if c else t("excel.scope_all", lang))
    b1, b2 = st.columns(2)
    suffix = f"-{scope}" if scope else ""
    b1.download_button(t("excel.download", lang), data=lambda: export(cursor(), xl_lang, scope or None), mime=MIME,
                       file_name=f"{stem}{suffix}-{xl_lang}.xlsx", key=f"{prefix}_xl_export", icon=":material/download:")
    b2.download_button(t("excel.download_template", lang), data=lambda: template(xl_lang), mime=MIME,
                       file_name=f"{stem}-template-{xl_lang}.xlsx", key=f"{prefix}_xl_template", icon=":material/description:")
    round_key = f"{prefix}_xl_round"
    upload = st.file_uploader(t("excel.upload", lang), type=["xlsx", "xlsm"], key=f"{prefix}_xl_file_{st.session_state.get(round_key, 0)}",
                              help=t("excel.upload_help", lang))
    if upload is None:
        return
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    stored = st.session_state.get(f"{prefix}_xl_preview")
    if not stored or stored[0] != digest:
        ensure_models(lang)
        stored = (digest, preview_import(ctx.cur, adapter, data))
        st.session_state[f"{prefix}_xl_preview"] = stored
    preview = stored[1]
    counts = preview.counts()
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("excel.count_new", lang), counts[NEW])
    m2.metric(t("excel.count_changed", lang), counts[CHANGED])
    m3.metric(t("excel.count_unchanged", lang), counts[UNCHANGED])
    m4.metric(t("excel.count_problems", lang), len(preview.problems))
    if preview.problems:
        st.error("\n".join([t("excel.problems_title", lang, count=len(preview.problems))]
                           + [f"- {p.message(lang)}" for p in preview.problems]))
    confirmed = personal_data_warnings(preview.warnings, lang, key=f"{prefix}_xl_pii_confirm")
    headers = {(s.title_key if book else None, c.name): c.header(lang) for s in specs for c in s.columns}
    lines = [{
        "sheet": t(r.sheet_key, lang) if r.sheet_key else "", "row": r.row, "key": r.key, "state": t(f"excel.state_{r.state}", lang),
        "changes": typographic("; ".join(f"{headers.get((r.sheet_key, n), n)}: {show_value(a, lang)} → {show_value(b, lang)}"
                                         for n, (a, b) in r.changes.items()), lang),
    } for r in preview.rows if r.state != UNCHANGED]
    if lines:
        names = ["sheet", "row", "key", "state", "changes"] if book else ["row", "key", "state", "changes"]
        frame = pd.DataFrame(lines, columns=names)
        # A workbook's rows are keyed by code or by article: "Reference" fits both.
        frame.columns = [t("excel.col_reference" if book and c == "key" else f"excel.col_{c}", lang) for c in names]
        st.dataframe(frame, hide_index=True, width="stretch")
    to_apply = counts[NEW] + counts[CHANGED]
    if st.button(t("excel.apply", lang, count=to_apply), key=f"{prefix}_xl_apply", type="primary",
                 disabled=bool(preview.problems) or not to_apply or not confirmed):
        try:
            done = apply_import(ctx.cur, adapter, data, ctx.actor, previewed=preview, confirm_personal_data=confirmed)
        except (RowsRejected, PersonalDataUnconfirmed) as exc:
            st.error("\n".join([exc.message(lang)] + [f"- {line}" for line in exc.lines(lang)]))
            return
        counts = done.counts()
        st.session_state.pop(f"{prefix}_xl_preview", None)
        st.session_state[round_key] = st.session_state.get(round_key, 0) + 1   # a fresh, empty uploader
        flash("success", t("excel.applied", lang, new=counts[NEW], changed=counts[CHANGED]))
        st.rerun()

