"""Settings section for the secretariat: back up now, the backups on the server with sizes and dates, each downloadable."""

from __future__ import annotations

import streamlit as st

from jtwg.config import load_settings
from jtwg.i18n import format_number, t
from jtwg.services import backups, permissions
from jtwg.ui.display import table
from jtwg.ui.context import PageContext, show_error


def render_backups(ctx: PageContext) -> None:
    lang = ctx.lang
    if not permissions.allowed(ctx.actor, "backup.read"):
        return
    settings = load_settings()
    folder = settings.backups
    st.subheader(t("backup.title", lang))
    st.caption(t("backup.intro", lang))
    st.caption(t("backup.folder", lang, folder=folder))
    st.caption(t("backup.schedule", lang, hours=format_number(settings.backup_every_hours, lang), keep=settings.backup_keep)
               if settings.backup_every_hours > 0 else t("backup.schedule_off", lang))
    if st.button(t("backup.now", lang), icon=":material/backup:", key="backup_now"):
        try:
            with st.spinner(t("backup.now", lang)):
                info = backups.create_backup(ctx.cur, actor=ctx.actor, folder=folder)
            st.success(t("backup.done", lang, name=info.name, size=backups.size_text(info.size, lang)))
        except Exception as exc:  # noqa: BLE001 - shown as a clear message
            show_error(exc, lang)
    try:
        found = backups.list_backups(actor=ctx.actor, folder=folder)
    except Exception as exc:  # noqa: BLE001
        show_error(exc, lang)
        return
    if not found:
        st.info(t("backup.none", lang))
        return
    table([{"name": i.name, "taken": i.taken_at.strftime("%Y-%m-%d %H:%M:%S"), "size": backups.size_text(i.size, lang),
            "kind": t(f"backup.kind_{i.kind}", lang)} for i in found],
          {"name": "backup.col_name", "taken": "backup.col_taken", "size": "backup.col_size", "kind": "backup.col_kind"}, lang)
    names = [i.name for i in found]
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    chosen = c1.selectbox(t("backup.download_choice", lang), names, key="backup_choice")
    if chosen:
        try:
            data = backups.backup_zip(actor=ctx.actor, folder=folder, name=chosen)
        except Exception as exc:  # noqa: BLE001 - e.g. removed by the scheduler meanwhile
            show_error(exc, lang)
        else:
            c2.download_button(t("backup.download", lang), data, file_name=chosen.removesuffix(".duckdb") + ".zip",
                               mime="application/zip", icon=":material/download:", key="backup_download")
    st.caption(t("backup.restore_hint", lang))
