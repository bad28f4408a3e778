"""Read-only display pieces every page uses: the page header with the as-of notice, translated tables, badges."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from jtwg.i18n import format_date, t
from jtwg.ui.context import PageContext


def header(ctx: PageContext, title_key: str, intro_key: str | None = None, **params: object) -> None:
    st.title(t(title_key, ctx.lang))
    if intro_key:
        st.caption(t(intro_key, ctx.lang, **params))
    if ctx.as_of:
        st.caption(":material/event: " + t("app.as_of", ctx.lang, date=format_date(ctx.as_of, ctx.lang)))


def table(records: list[dict], columns: dict[str, str], lang: str, **column_config) -> None:
    """A read-only table whose headers are catalogue keys (column -> key)."""
    frame = pd.DataFrame(records, columns=list(columns))
    frame = frame.rename(columns={c: t(k, lang) for c, k in columns.items()})
    config = {t(columns[c], lang): v for c, v in column_config.items()}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


def confidential_badge(lang: str) -> str:
    return f":red-badge[:material/lock: {t('common.confidential_badge', lang)}]"
