"""Renders a meeting's structured minutes on screen, in the session's language."""

from __future__ import annotations

import streamlit as st

from jtwg.i18n import agenda_label, country_name, format_date, format_date_range, label, ordinal_word, t, typographic
from jtwg.models import Bilingual, Confidentiality
from jtwg.services.directory import Directory
from jtwg.services.meetings.minutes import ItemView, MinutesView
from jtwg.ui.display import confidential_badge


def _text(value: Bilingual | None, lang: str) -> str:
    if value is None:
        return ""
    text = typographic(value.get(lang), lang)
    if not value.has(lang):
        text += f"  \n:orange[:material/translate: _{t('meetings.missing_translation', lang)}_]"
    return text


def render_minutes(view: MinutesView, d: Directory, lang: str) -> None:
    m = view.meeting
    st.caption(view.project.title.get(lang) if view.project else "")
    st.header(t("meetings.minutes_title", lang, ordinal_word=ordinal_word(m.sequence_no, lang).lower()
                if lang == "fr" else ordinal_word(m.sequence_no, lang)))
    st.markdown(f"**{format_date_range(m.start_date, m.end_date, lang)}**  \n"
                + t("meetings.venue", lang, venue=m.venue or "", city=m.city or "", country=country_name(m.host_country, lang)))
    if view.margin_event:
        st.caption(t("meetings.margin", lang, event=view.margin_event.name.get(lang)))
    if view.minutes:
        status = label(view.minutes.status, lang)
        line = t("meetings.minutes_status", lang, version=view.minutes.version_no, status=status.lower())
        st.caption(f":material/description: {line}")
    if m.introduction:
        st.subheader(t("meetings.introduction", lang))
        st.markdown(_text(m.introduction, lang))
    if m.objectives:
        st.subheader(t("meetings.objectives", lang))
        st.markdown("\n".join(f"{i}. {_text(o, lang)}" for i, o in enumerate(m.objectives, 1)))
    if view.moderators:
        st.subheader(t("meetings.moderators", lang))
        st.markdown("; ".join(d.person(a.person_id, lang) for a in view.moderators))
    for day in view.days:
        start = day.plenary.start_time.strftime("%H:%M") if day.plenary and day.plenary.start_time else None
        st.subheader(t("meetings.day_started", lang, day=day.day_no, time=start) if start else t("meetings.day", lang, day=day.day_no))
        if day.breakouts:
            minutes = {b.duration_min for b in day.breakouts}
            st.caption(t("meetings.breakouts", lang, names=", ".join(d.subcommittee(b.subcommittee_id, lang) for b in day.breakouts),
                         minutes="/".join(str(x) for x in sorted(minutes) if x)))
        for item in day.items:
            _render_item(item, d, lang)
    if view.attendance:
        with st.expander(t("meetings.attendance", lang)):
            by_delegation: dict[str, list[str]] = {}
            for a in view.attendance:
                who = d.person(a.person_id, lang) if a.person_id else ", ".join(
                    x for x in (a.display_name, d.org(a.org_id)) if x)
                if a.represented_person_id:
                    who = t("meetings.represented_by", lang, person=d.person(a.represented_person_id, lang), representative=who)
                by_delegation.setdefault(d.delegation(a.delegation, lang), []).append(
                    f"{who} — {label(a.role, lang)}" + (f" ({label(a.mode, lang).lower()})" if a.mode.value != "in_person" else ""))
            for delegation, people in by_delegation.items():
                st.markdown(f"**{delegation}**\n" + "\n".join(f"- {p}" for p in people))
    if view.minutes and view.minutes.date_of_issue:
        st.divider()
        st.markdown("_" + t("meetings.secretariat_block", lang, org=d.org(view.minutes.prepared_by_org_id),
                            place=view.minutes.place_of_issue or "", date=format_date(view.minutes.date_of_issue, lang)) + "_")


def _render_item(view: ItemView, d: Directory, lang: str) -> None:
    item = view.item
    # Letters and roman numerals take a full stop ("b.", "iv."); "Agenda Item 2" and "AOB" are translated.
    # "AOB" says no more than the item's own title ("Any other business"), so only the title is shown.
    shown = "" if (item.label or "").strip().upper() == "AOB" else agenda_label(item.label, lang)
    heading = " ".join(x for x in (f"{shown}." if item.label and item.label.isalpha() and item.label.islower() else shown,
                                   item.title.get(lang)) if x)
    badge = f" {confidential_badge(lang)}" if item.confidentiality is Confidentiality.CONFIDENTIAL else ""
    st.markdown(f"#### {typographic(heading, lang)}{badge}")
    if view.withheld:
        st.caption(t("minutes.withheld_content", lang))
        return
    if item.protected_case_id:
        st.caption(t("meetings.confidential_case", lang, code=d.cases[item.protected_case_id].case_code))
    presenter = d.person(item.presenter_person_id, lang) if item.presenter_person_id else (
        item.presenter_role.get(lang) if item.presenter_role else d.org(item.presenter_org_id))
    if presenter:
        st.caption(t("meetings.presenter", lang, who=presenter))
    for entry in view.entries:
        speaker = f"**{d.org(entry.speaker_org_id)}** — " if entry.speaker_org_id else ""
        st.markdown(speaker + _text(entry.text, lang))
    for dec in view.decisions:
        kind = label(dec.decision_type, lang)
        mode = label(dec.mode, lang) if dec.mode else ""
        st.info(f"**{t('meetings.decision', lang)} — {kind}{' ' + mode if mode else ''}.** {_text(dec.text, lang)}", icon=":material/gavel:")
    if view.actions:
        st.markdown(f"**{t('meetings.action_points', lang)}**")
        for a in view.actions:
            due = format_date(a.due_date, lang) if a.due_date else t("common.none", lang)
            st.markdown(f"- `{a.code}` {_text(a.text, lang)} — **{d.org(a.owner_org_id)}**, {due} · {label(a.status, lang)}")
