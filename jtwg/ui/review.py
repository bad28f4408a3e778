"""The side-by-side review screen: every text of a meeting's minutes, EN | FR, statuses, suggestions, findings."""

from __future__ import annotations

import re

import streamlit as st

from jtwg.i18n import label, ordinal, t
from jtwg.models import TranslationStatus as S
from jtwg.services.settings import get_setting
from jtwg.services.translation import files, review
from jtwg.services.translation.engines import (
    ENGINES, SETTING_ENGINE, SETTING_KEY, SETTING_TIMEOUT, SETTING_URL, engine_from_settings,
)
from jtwg.services.translation.review import ReviewRow
from jtwg.ui.context import PageContext, show_error
from jtwg.ui.forms import run_change

BADGE = {S.MISSING: "red", S.GENERATED: "blue", S.MACHINE: "orange", S.TM_EXACT: "violet", S.TM_FUZZY: "violet",
         S.EXTERNAL: "gray", S.NEEDS_REVIEW: "orange", S.REVIEWED: "green"}
CURRENT = "_review_current"


def badge(row: ReviewRow, lang: str) -> str:
    text = row.text
    words = label(text.status, lang)
    if text.status in (S.TM_FUZZY, S.TM_EXACT) and text.score is not None:
        words += f" {text.score:.0f}\u00a0%"
    extra = ""
    if text.status is S.REVIEWED and text.reviewed_by:
        extra = " · " + t("review.reviewed_by", lang, user=text.reviewed_by)
    elif text.origin and text.status is not S.GENERATED:
        extra = " · " + origin_text(text.origin, lang)
    return f":{BADGE[text.status]}-badge[{words}]" + (f" :gray[{extra}]" if extra else "")


def origin_text(origin: str, lang: str) -> str:
    """ "meeting 4" -> "4th meeting" / "4e réunion"; an engine or a file name as it is."""
    found = re.fullmatch(r"meeting (\d+)", origin)
    if found:
        return t("review.origin_meeting", lang, ordinal=ordinal(int(found.group(1)), lang))
    return ", ".join(origin_text(part, lang) for part in origin.split(", ")) if ", " in origin else origin


def _findings(row: ReviewRow, lang: str) -> list[str]:
    notes = [":material/menu_book: " + t("review.glossary_finding", lang, found=f.found, expected=f.expected)
             for f in row.glossary]
    for code, found in row.spelling.items():
        if found:
            notes.append(":material/spellcheck: " + t("review.spelling_finding", lang, lang_code=code.upper(),
                                                      words=", ".join(dict.fromkeys(m.word for m in found))))
    return notes


def _accept(ctx: PageContext, meeting_id: int, ref: str) -> None:
    run_change(ctx.lang, lambda: review.accept(ctx.cur, meeting_id=meeting_id, ref=ref, actor=ctx.actor), "review.accepted")


def _apply(ctx: PageContext, meeting_id: int, ref: str) -> None:
    run_change(ctx.lang, lambda: review.apply_suggestion(ctx.cur, meeting_id=meeting_id, ref=ref, actor=ctx.actor),
               "review.applied")


def _paragraph(ctx: PageContext, meeting_id: int, row: ReviewRow, *, current: bool, frozen: bool) -> None:
    lang, text = ctx.lang, row.text
    with st.container(border=True, key=f"para_{text.ref.replace(':', '_').replace('[', '_').replace(']', '')}"):
        head = f"**{text.where_in(lang)}** {badge(row, lang)}"
        if text.private:
            head += " :red-badge[:material/lock: " + t("common.confidential_badge", lang) + "]"
        st.markdown(head)
        left, right = st.columns(2)
        for column, code in ((left, "en"), (right, "fr")):
            value = text.value.get(code, fallback=False)
            src = " · " + t("review.source", lang) if text.value.source.value == code else ""
            column.caption(code.upper() + src)
            column.markdown(value.replace("\n", "  \n") if value else ":red[" + t("review.missing", lang) + "]")
        for note in _findings(row, lang):
            st.caption(note)
        if row.suggestion is not None:
            m = row.suggestion
            kind = t("review.exact", lang) if m.exact else t("review.fuzzy", lang, score=f"{m.score:.0f}")
            st.info(f"{kind} · {origin_text(m.origin, lang)}  \n{m.target}", icon=":material/translate:")
        if frozen:
            return
        bar = st.container(horizontal=True)
        keys = {"accept": "Alt+A", "apply": "Alt+S", "edit": "Alt+E"} if current else {}
        editing = f"en_{text.ref}", f"fr_{text.ref}"
        if text.value.has(text.value.target) and row.open:
            if bar.button(t("review.accept", lang), key=f"acc_{text.ref}", type="primary", icon=":material/check:",
                          shortcut=keys.get("accept")):
                _accept(ctx, meeting_id, text.ref)
        if row.suggestion is not None and row.suggestion.exact:
            if bar.button(t("review.apply", lang), key=f"app_{text.ref}", icon=":material/auto_fix_high:",
                          shortcut=keys.get("apply")):
                _apply(ctx, meeting_id, text.ref)
        elif row.suggestion is not None:   # a fuzzy match differs somewhere: open it for editing
            if bar.button(t("review.apply_fuzzy", lang), key=f"app_{text.ref}", icon=":material/auto_fix_high:",
                          shortcut=keys.get("apply")):
                _start_edit(text, {text.value.target.value: row.suggestion.target})
        if bar.button(t("review.edit", lang), key=f"edit_{text.ref}", icon=":material/edit:", shortcut=keys.get("edit")):
            _start_edit(text, {})
        if st.session_state.get("_review_editing") == text.ref:
            with st.form(f"form_{text.ref}"):
                a, b = st.columns(2)
                en = a.text_area("EN", key=editing[0], height=140)
                fr = b.text_area("FR", key=editing[1], height=140)
                if st.form_submit_button(t("review.save_accept", lang), type="primary", icon=":material/done_all:"):
                    st.session_state.pop("_review_editing", None)
                    run_change(ctx.lang, lambda: review.edit(ctx.cur, meeting_id=meeting_id, ref=text.ref, en=en, fr=fr,
                                                        actor=ctx.actor), "review.saved")


def _start_edit(text, prefill: dict[str, str]) -> None:
    """Open the edit form of `text` with its current texts (or a suggestion) in the boxes."""
    st.session_state[CURRENT] = text.ref
    st.session_state["_review_editing"] = text.ref
    for code in ("en", "fr"):
        st.session_state[f"{code}_{text.ref}"] = prefill.get(code, text.value.get(code, fallback=False))
    st.rerun()


def review_screen(ctx: PageContext, meeting, frozen: bool) -> None:
    lang = ctx.lang
    rows = review.review_rows(ctx.cur, meeting_id=meeting.id, actor=ctx.actor)
    left = [r for r in rows if r.open]
    missing = sum(1 for r in rows if r.text.status is S.MISSING)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("review.left", lang), len(left))
    c2.metric(t("review.missing_count", lang), missing)
    c3.metric(t("review.settled", lang), len(rows) - len(left))
    c4.metric(t("review.suggestions", lang), sum(1 for r in rows if r.suggestion is not None))
    only_open = st.toggle(t("review.filter_open", lang), value=True, key="review_only_open")
    if not frozen:
        _tools(ctx, meeting)
    shown = left if only_open else rows
    if not shown:
        st.success(t("review.nothing_left", lang), icon=":material/task_alt:")
    current = st.session_state.get(CURRENT)
    if current not in {r.text.ref for r in shown}:
        current = next((r.text.ref for r in shown if r.open), None)
    st.caption(":material/keyboard: " + t("review.keys", lang))
    for row in shown:
        _paragraph(ctx, meeting.id, row, current=row.text.ref == current, frozen=frozen)


def _tools(ctx: PageContext, meeting) -> None:
    lang = ctx.lang
    engine_name = get_setting(ctx.cur, SETTING_ENGINE) or "none"
    a, b = st.columns(2)
    if a.button(t("review.apply_exact", lang), icon=":material/bolt:", key="apply_exact"):
        run_change(ctx.lang, lambda: {"count": review.apply_exact_matches(ctx.cur, meeting_id=meeting.id, actor=ctx.actor)},
                   "review.exact_applied")
    if engine_name == "none":
        b.caption(":material/info: " + t("translation.engine_none", lang))
    else:
        if engine_name == "apertium":
            b.caption(":material/warning: " + t("translation.rough_draft", lang))
        for target in ("fr", "en"):
            if b.button(t("review.fill", lang, target=target.upper(), engine=engine_name), key=f"fill_{target}",
                        icon=":material/smart_toy:"):
                def fill(target=target):
                    report = review.fill(ctx.cur, meeting_id=meeting.id, actor=ctx.actor, target=target,
                                         engine=engine_from_settings(ctx.cur), lang=lang)
                    if report.errors:   # shown after the rerun, with what was filled
                        st.session_state["_review_errors"] = report.errors
                    return {"count": sum(report.filled.values())}
                run_change(ctx.lang, fill, "review.filled")
    for error in st.session_state.pop("_review_errors", []):
        st.warning(error)
    with st.expander(t("review.files", lang), icon=":material/swap_horiz:"):
        target = st.radio(t("review.target", lang), ["fr", "en"], horizontal=True, key="review_target",
                          format_func=lambda x: x.upper())
        profile = st.radio(t("review.profile", lang), ["restricted", "internal", "public"], horizontal=True,
                           key="review_profile", format_func=lambda x: t(f"enum.ExportProfile.{x}", lang))
        d1, d2 = st.columns(2)
        if d1.button(t("review.make_files", lang), key="make_files", icon=":material/download:"):
            try:
                st.session_state["_review_files"] = (
                    files.export_xliff(ctx.cur, meeting_id=meeting.id, target=target, actor=ctx.actor, profile=profile),
                    files.export_word(ctx.cur, meeting_id=meeting.id, target=target, actor=ctx.actor, lang=lang,
                                      profile=profile), target)
            except Exception as exc:  # noqa: BLE001 - shown as a message
                show_error(exc, lang)
        made = st.session_state.get("_review_files")
        if made:
            xlf, docx, tgt = made
            d2.download_button("XLIFF", xlf, file_name=f"jtwg-meeting-{meeting.sequence_no}-{tgt}.xlf",
                               mime="application/xliff+xml", key="dl_xliff")
            d2.download_button(t("review.word_for_translator", lang), docx,
                               file_name=f"jtwg-meeting-{meeting.sequence_no}-{tgt}-translator.docx",
                               mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", key="dl_word")
        upload = st.file_uploader(t("review.upload", lang), type=["xlf", "xliff", "docx"], key="review_upload")
        if upload is not None:
            try:
                content = upload.getvalue()
                plan = (files.plan_word(ctx.cur, meeting_id=meeting.id, content=content)
                        if upload.name.lower().endswith(".docx") else files.plan_xliff(ctx.cur, content, actor=ctx.actor))
            except Exception as exc:  # noqa: BLE001
                show_error(exc, lang)
                return
            if plan.meeting_id != meeting.id:
                st.error(t("review.other_meeting", lang))
                return
            st.markdown(t("review.preview", lang, count=len(plan.changes), unchanged=plan.unchanged, refused=len(plan.refused)))
            for text, translation in plan.changes[:50]:
                st.markdown(f"- **{text.where_in(lang)}** — {translation[:200]}")
            for where, key in plan.refused:
                st.markdown(f"- :red[{where}: {t(key, lang)}]")
            if plan.changes and st.button(t("review.import", lang), type="primary", key="do_import"):
                run_change(ctx.lang, lambda: {"count": files.apply_plan(ctx.cur, plan, actor=ctx.actor,
                                                                   origin=f"{upload.name}")}, "review.imported")


def engine_settings(ctx: PageContext) -> None:
    """Which machine-draft engine the installation uses (none by default); the memory's upkeep."""
    from jtwg.services.settings import set_setting
    from jtwg.services.translation import memory

    lang = ctx.lang
    st.caption(t("review.memory_note", lang))
    if st.button(t("review.memory_build", lang), icon=":material/database:", key="memory_build"):
        run_change(ctx.lang, lambda: {"count": memory.build(ctx.cur, actor=ctx.actor)}, "review.memory_built")
    current = get_setting(ctx.cur, SETTING_ENGINE) or "none"
    with st.form("engine_settings"):
        name = st.selectbox(t("review.engine", lang), ENGINES, index=ENGINES.index(current),
                            format_func=lambda x: t(f"review.engine_{x}", lang))
        url = st.text_input(t("review.engine_url", lang), value=get_setting(ctx.cur, SETTING_URL) or "")
        key = st.text_input(t("review.engine_key", lang), value=get_setting(ctx.cur, SETTING_KEY) or "", type="password")
        timeout = st.number_input(t("review.engine_timeout", lang), min_value=1, max_value=300,
                                  value=int(float(get_setting(ctx.cur, SETTING_TIMEOUT) or 20)))
        if st.form_submit_button(t("review.engine_save", lang)):
            def save():
                for k, v in ((SETTING_ENGINE, name), (SETTING_URL, url.strip() or None), (SETTING_KEY, key or None),
                             (SETTING_TIMEOUT, str(int(timeout)))):
                    set_setting(ctx.cur, k, v, actor=ctx.actor)
            run_change(ctx.lang, save, "review.engine_saved")


def glossary_editor(ctx: PageContext) -> None:
    from jtwg.services.translation import glossary

    lang = ctx.lang
    terms = glossary.terms(ctx.cur)
    query = st.text_input(t("review.glossary_search", lang), key="glossary_q")
    shown = [x for x in terms if not query or query.lower() in (x.en + " " + x.fr).lower()]
    st.dataframe([{"EN": x.en, "FR": x.fr, t("review.glossary_category", lang): x.category or ""} for x in shown],
                 hide_index=True, width="stretch", height=260)
    options = {0: t("review.glossary_new", lang), **{x.id: f"{x.en} — {x.fr}" for x in shown}}
    chosen = st.selectbox(t("review.glossary_pick", lang), list(options), format_func=options.get, key="glossary_pick")
    term = next((x for x in terms if x.id == chosen), None)
    with st.form(f"glossary_{chosen}"):
        a, b = st.columns(2)
        en = a.text_input("EN", value=term.en if term else "")
        fr = b.text_input("FR", value=term.fr if term else "")
        category = st.text_input(t("review.glossary_category", lang), value=(term.category or "") if term else "")
        s1, s2 = st.columns(2)
        if s1.form_submit_button(t("review.glossary_save", lang), type="primary"):
            run_change(ctx.lang, lambda: glossary.save_term(ctx.cur, actor=ctx.actor, en=en, fr=fr, category=category,
                                                       term_id=term.id if term else None), "review.glossary_saved")
        if term and s2.form_submit_button(t("review.glossary_delete", lang)):
            run_change(ctx.lang, lambda: glossary.delete_term(ctx.cur, actor=ctx.actor, term_id=term.id),
                       "review.glossary_deleted")


def drafting_suggestions(ctx: PageContext, meeting, item_id: int) -> None:
    """While drafting an item: the memory's matches for its texts lacking a translation, to take as a draft."""
    from jtwg.services.translation.texts import meeting_texts

    texts = [x for x in meeting_texts(ctx.cur, meeting_id=meeting.id) if x.item_id == item_id and not x.status.settled]
    if not texts:
        return
    found = review.suggestions(ctx.cur, meeting_id=meeting.id, texts=texts)
    if not found:
        return
    lang = ctx.lang
    with st.expander(t("review.drafting_title", lang, count=len(found)), icon=":material/translate:", expanded=True):
        for text in texts:
            match = found.get(text.ref)
            if match is None:
                continue
            kind = t("review.exact", lang) if match.exact else t("review.fuzzy", lang, score=f"{match.score:.0f}")
            st.markdown(f"**{text.where_in(lang)}** — {kind} · {origin_text(match.origin, lang)}  \n{match.target}")
            if st.button(t("review.use_draft", lang), key=f"draft_use_{text.ref}", icon=":material/input:"):
                run_change(ctx.lang, lambda ref=text.ref: review.apply_suggestion(
                    ctx.cur, meeting_id=meeting.id, ref=ref, actor=ctx.actor, accept_it=False), "review.draft_used")
        st.page_link("pages/review.py", label=t("review.open_review", lang), icon=":material/rate_review:")
