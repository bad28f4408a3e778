"""Word minutes in the app: the export panel of a meeting (language, profile, gate, override, download) and the Settings part (letterhead, case aliases)."""

from __future__ import annotations

import streamlit as st

from jtwg.errors import JtwgError
from jtwg.export.word_kit import base_template
from jtwg.services.exports import current_letterhead, letterhead_bytes, remove_letterhead, save_letterhead
from jtwg.services.exports import export_minutes, prepare_export, untranslated_where
from jtwg.i18n import format_date, label, t
from jtwg.services import permissions, personal_data
from jtwg.services.meetings import lifecycle
from jtwg.services.personal_data import add_case_alias, alias_counts, clear_case_aliases
from jtwg.services.redaction import ExportProfile
from jtwg.ui.context import PageContext
from jtwg.ui.forms import report_error
from jtwg.ui.personal_data import ensure_models, findings_markdown

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANG_MODES = ("en", "fr", "both")


def render_export_panel(ctx: PageContext, meeting_id: int) -> None:
    """Export one meeting's minutes as Word: choose language and profile, see the gate's findings, download."""
    lang = ctx.lang
    st.subheader(":material/description: " + t("export_panel.title", lang))
    left, right = st.columns(2)
    mode = left.radio(t("export_panel.language", lang), LANG_MODES, horizontal=True, key=f"export_lang_{meeting_id}",
                      index=LANG_MODES.index(lang), format_func=lambda m: t(f"export_panel.lang.{m}", lang))
    # Only the profiles this user may export (members: restricted and public; observers: public).
    profiles = [p.value for p in ExportProfile if permissions.allowed(ctx.actor, f"export.{p.value}")]
    default = ExportProfile.RESTRICTED.value if ExportProfile.RESTRICTED.value in profiles else profiles[0]
    profile = right.radio(t("export_panel.profile", lang), profiles, horizontal=True, key=f"export_profile_{meeting_id}",
                          index=profiles.index(default),
                          format_func=lambda p: label(ExportProfile(p), lang))
    right.caption(t(f"export_panel.profile_help.{profile}", lang))
    version_no = _version_picker(ctx, meeting_id)

    ensure_models(lang)   # the name recogniser's first load shows progress
    prepared = prepare_export(ctx.cur, meeting_id=meeting_id, lang=mode, profile=profile, version_no=version_no,
                              directory=ctx.directory)   # the page's group: the meeting is one of its own
    if prepared.document.draft:
        st.caption(":material/edit_note: " + t("export_panel.draft_note", lang))
    if prepared.untranslated:
        lines = [f"- {untranslated_where(u, lang)} — {t('export_panel.lacks', lang, language=t(f'export.lang.{u.missing}', lang))}"
                 for u in prepared.untranslated]
        st.warning(t("export_panel.untranslated", lang, count=len(prepared.untranslated)) + "\n\n" + "\n".join(lines),
                   icon=":material/translate:")
        st.caption(t("export.cannot_circulate", lang, count=len(prepared.untranslated)))

    override_reason = None
    if prepared.findings:
        lines = findings_markdown(prepared.findings, lang)
        st.error(t("export_panel.blocked", lang, count=len(prepared.findings)) + "\n\n" + lines, icon=":material/block:")
        override = st.checkbox(t("export_panel.override", lang), key=f"export_override_{meeting_id}")
        if override:
            override_reason = st.text_area(t("export_panel.reason", lang), key=f"export_reason_{meeting_id}",
                                           max_chars=500, placeholder=t("export_panel.reason_hint", lang))
        ready = override
    else:
        st.success(t("export_panel.gate_ok", lang), icon=":material/verified_user:")
        ready = True

    state_key = f"export_file_{meeting_id}"
    choice = (mode, profile, version_no, tuple(f.describe("en") for f in prepared.findings))
    if st.button(t("export_panel.prepare", lang), key=f"export_prepare_{meeting_id}", type="primary", disabled=not ready,
                 icon=":material/build:"):
        try:
            result = export_minutes(ctx.cur, meeting_id=meeting_id, lang=mode, profile=profile, actor=ctx.actor,
                                    version_no=version_no, override_reason=(override_reason or "") if prepared.findings else None)
        except JtwgError as exc:
            report_error(exc, lang)
        else:
            st.session_state[state_key] = (choice, result.filename, result.content, result.overridden)
    stored = st.session_state.get(state_key)
    if stored and stored[0] == choice:
        _, filename, content, overridden = stored
        if overridden:
            st.caption(":material/history: " + t("export_panel.override_logged", lang))
        st.download_button(t("export_panel.download", lang, name=filename), data=content, file_name=filename, mime=DOCX_MIME,
                           key=f"export_download_{meeting_id}", icon=":material/download:")


def _version_picker(ctx: PageContext, meeting_id: int) -> int | None:
    """Which version of the minutes to export, the latest by default: a circulated or adopted version gives
    the text frozen when it was sent. None for the latest version, or when the meeting has no minutes yet."""
    lang = ctx.lang
    versions = lifecycle.list_versions(ctx.cur, meeting_id=meeting_id, actor=ctx.actor)
    if not versions:
        return None
    numbers = [v.version_no for v in versions]
    statuses = {v.version_no: v.status for v in versions}
    chosen = st.selectbox(t("export_panel.version", lang), numbers, index=len(numbers) - 1, key=f"export_version_{meeting_id}",
                          format_func=lambda n: t("export_panel.version_option", lang, version=n, status=label(statuses[n], lang)),
                          help=t("export_panel.version_help", lang))
    return None if chosen == numbers[-1] else chosen   # the latest: the file keeps its usual name


def render_export_settings(ctx: PageContext) -> None:
    """Settings for Word minutes: the organisation's letterhead base document, and protected-case aliases."""
    lang, cur = ctx.lang, ctx.cur
    st.subheader(t("export_settings.letterhead", lang))
    st.caption(t("export_settings.letterhead_help", lang))
    in_use = st.container()   # filled after the upload is handled, so it shows the document now in use
    upload = st.file_uploader(t("export_settings.upload", lang), type=["docx", "dotx"], key="letterhead_upload")
    if upload is not None and st.button(t("export_settings.use_upload", lang), key="letterhead_save", icon=":material/upload:"):
        try:
            save_letterhead(cur, filename=upload.name, content=upload.getvalue(), actor=ctx.actor)
        except JtwgError as exc:
            report_error(exc, lang)
        else:
            st.success(t("export_settings.saved", lang, name=upload.name))
    if current_letterhead(cur) and st.button(t("export_settings.remove", lang), key="letterhead_remove", icon=":material/restart_alt:"):
        remove_letterhead(cur, actor=ctx.actor)
        st.success(t("export_settings.removed", lang))
    current = current_letterhead(cur)
    with in_use:
        if current:
            st.markdown(t("export_settings.letterhead_current", lang, name=current.filename, size=round(current.size / 1024),
                          date=format_date(current.uploaded_at.date(), lang), user=current.uploaded_by))
        else:
            st.markdown(t("export_settings.letterhead_builtin", lang))
        cols = st.columns(2)
        cols[0].download_button(t("export_settings.download_builtin", lang), data=base_template(),
                                file_name="jtwg-minutes-base.docx", mime=DOCX_MIME, key="letterhead_builtin",
                                icon=":material/download:")
        if current:
            cols[1].download_button(t("export_settings.download_current", lang), data=letterhead_bytes(cur) or b"",
                                    file_name=current.filename, mime=DOCX_MIME, key="letterhead_current",
                                    icon=":material/download:")

    st.subheader(t("export_settings.aliases", lang))
    st.caption(t("export_settings.aliases_help", lang))
    counts = alias_counts(cur)
    if not counts:
        st.info(t("export_settings.no_cases", lang))
        return
    summary = st.empty()   # filled after the form so a new alias is counted at once
    with st.form("case_alias_form", clear_on_submit=True):
        case_code = st.selectbox(t("export_settings.case", lang), list(counts), key="alias_case")
        # A password field: the name is not shown on screen, and the app never displays it again.
        alias = st.text_input(t("export_settings.alias", lang), type="password", key="alias_text", max_chars=200)
        submitted = st.form_submit_button(t("export_settings.add_alias", lang), icon=":material/add:")
    if submitted:
        try:
            added = add_case_alias(cur, case_code=case_code, alias=alias or "", actor=ctx.actor)
        except JtwgError as exc:
            report_error(exc, lang)
        else:
            st.success(t("export_settings.alias_added" if added else "export_settings.alias_known", lang, code=case_code))
    with st.expander(t("export_settings.forget", lang)):
        code = st.selectbox(t("export_settings.case", lang), list(counts), key="alias_forget_case")
        confirm = st.checkbox(t("export_settings.forget_confirm", lang, code=code), key="alias_forget_confirm")
        if st.button(t("export_settings.forget_button", lang), key="alias_forget", disabled=not confirm):
            removed = clear_case_aliases(cur, case_code=code, actor=ctx.actor)
            st.success(t("export_settings.forgotten", lang, count=removed, code=code))
    summary.markdown("\n".join(f"- **{code}** — {t('export_settings.alias_count', lang, count=n)}"
                                for code, n in alias_counts(cur).items()))
    # Aliases recorded before part matching are found only when written in full.
    legacy = {code: n["salted_words"] for code, n in personal_data.alias_summary(cur).items() if n["salted_words"]}
    for code, n in legacy.items():
        st.warning(f"**{code}** — " + t("export_settings.legacy_aliases", lang, count=n), icon=":material/history:")

