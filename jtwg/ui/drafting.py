"""Drafting the minutes item by item: discussion paragraphs, decisions, and action points that become tracked."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from jtwg.i18n import format_date, label, t, typographic
from jtwg.models import (
    ActionPointCreate, Confidentiality, DecisionCreate, DecisionMode, DecisionType, DecisionUpdate, DueAnchor,
    EntryType, Meeting, MinuteEntryCreate, MinuteEntryUpdate,
)
from jtwg.services.meetings import drafting
from jtwg.services.meetings.minutes import minutes_for
from jtwg.ui.context import PageContext
from jtwg.services.redaction import Where
from jtwg.ui.display import confidential_badge
from jtwg.ui.forms import bilingual_input, opened_key, opened_version, run_change
from jtwg.ui.personal_data import guarded_change, item_ref, pending_confirmation
from jtwg.ui.workspace import item_name, org_options

ITEM_KEY = "drafting_item"
# What a decision may bear on (as the 4th meeting's minutes do: a provision of the MoU, the sub-committees …).
TARGETS = {"": "drafting.target_none", "minutes": "drafting.target_minutes", "provision": "drafting.target_provision",
           "subcommittee": "drafting.target_subcommittee", "workplan": "drafting.target_workplan",
           "activity": "drafting.target_activity"}


def _levels(lang: str, minimum: Confidentiality):
    """The levels an entry of an item at `minimum` may take (it can only raise it)."""
    return [c for c in Confidentiality if c.rank >= minimum.rank], (lambda c: label(c, lang))


def drafting_section(ctx: PageContext, meeting: Meeting, frozen: bool, selected_item: int | None = None) -> None:
    lang, d = ctx.lang, ctx.directory
    view = minutes_for(ctx.cur, meeting_id=meeting.id, actor=ctx.actor)
    items = view.all_items
    if not items:
        st.info(t("agenda.empty", lang))
        return
    names = {iv.item.id: item_name(iv.item, lang) for iv in items}
    key = f"{ITEM_KEY}_{meeting.id}"
    if selected_item in names and st.session_state.get(f"{key}_deeplink") != selected_item:
        st.session_state[key] = selected_item
        st.session_state[f"{key}_deeplink"] = selected_item
    chosen = st.selectbox(t("drafting.item", lang), list(names), format_func=names.get, key=key)
    view_item = next(iv for iv in items if iv.item.id == chosen)
    item = view_item.item
    badge = f" {confidential_badge(lang)}" if item.confidentiality is Confidentiality.CONFIDENTIAL else ""
    st.markdown(f"#### {typographic(names[chosen], lang)}{badge}")
    st.caption(t("drafting.item_level", lang, level=label(item.confidentiality, lang)))
    if not frozen:  # [bilingual drafting] the translation memory's matches for this item's texts
        from jtwg.ui.review import drafting_suggestions
        drafting_suggestions(ctx, meeting, item.id)
    orgs = org_options(ctx)
    levels, level_name = _levels(lang, item.confidentiality)
    protected, ref = item.protected_case_id is not None, item_ref(item)

    st.markdown(f"**{t('drafting.discussion', lang)}**")
    for n, entry in enumerate(view_item.entries, 1):
        speaker = f"**{d.org(entry.speaker_org_id)}** — " if entry.speaker_org_id else ""
        missing = "" if entry.text.has("en") and entry.text.has("fr") else f" :orange-badge[:material/translate: {t('drafting.one_language', lang)}]"
        st.markdown(f"{n}. {speaker}{typographic(entry.text.get(lang), lang)} · _{label(entry.confidentiality, lang)}_{missing}")
        if frozen:
            continue
        with st.expander(t("drafting.edit_entry", lang, n=n)):
            version = opened_version("minute_entry", entry.id, entry.version, f"entry_text_{entry.id}_v{{v}}_en")
            with st.form(f"entry_{entry.id}_v{version}"):
                c1, c2, c3 = st.columns(3)
                types = list(EntryType)
                kind = c1.selectbox(t("drafting.entry_type", lang), types, index=types.index(entry.entry_type),
                                    format_func=lambda k: label(k, lang))
                current = d.org(entry.speaker_org_id)
                speaker_code = c2.selectbox(t("drafting.speaker", lang), orgs, index=orgs.index(current) if current in orgs else 0)
                level = c3.selectbox(t("agenda.col_confidentiality", lang), levels, format_func=level_name,
                                     index=levels.index(entry.confidentiality) if entry.confidentiality in levels else 0)
                text = bilingual_input(f"entry_text_{entry.id}_v{version}", "drafting.text", lang, entry.text, area=True)
                b1, b2 = st.columns(2)
                if b1.form_submit_button(t("common.save", lang), type="primary"):
                    guarded_change(ctx, lambda: drafting.update_entry(
                        ctx.cur, entry_id=entry.id, expected_version=version, actor=ctx.actor, data=MinuteEntryUpdate(
                            entry_type=kind, speaker_acronym=speaker_code or None, text=text, confidentiality=level)),
                        "common.saved", forget_keys=(opened_key("minute_entry", entry.id),),
                        texts=[(Where.of("redaction.where.item_entry", item=ref, n=n), text)],
                        level=level, protected=protected, entity="minute_entry", entity_id=entry.id)
                if b2.form_submit_button(t("common.delete", lang)):
                    run_change(ctx.lang, lambda: drafting.delete_entry(ctx.cur, entry_id=entry.id, actor=ctx.actor), "common.deleted")

    if not view_item.entries:
        st.caption(t("drafting.nothing_yet", lang))
    st.markdown(f"**{t('drafting.decisions', lang)}**")
    if not view_item.decisions:
        st.caption(t("drafting.nothing_yet", lang))
    for n, dec in enumerate(view_item.decisions, 1):
        st.info(f"**{label(dec.decision_type, lang)}{' ' + label(dec.mode, lang) if dec.mode else ''}.** "
                f"{typographic(dec.text.get(lang), lang)}", icon=":material/gavel:")
        if frozen:
            continue
        with st.expander(t("drafting.edit_decision", lang, n=n)):
            version = opened_version("decision", dec.id, dec.version, f"decision_text_{dec.id}_v{{v}}_en")
            with st.form(f"decision_{dec.id}_v{version}"):
                c1, c2 = st.columns(2)
                types, modes = list(DecisionType), [None, *DecisionMode]
                kind = c1.selectbox(t("drafting.decision_type", lang), types, index=types.index(dec.decision_type),
                                    format_func=lambda k: label(k, lang))
                mode = c2.selectbox(t("drafting.decision_mode", lang), modes, index=modes.index(dec.mode),
                                    format_func=lambda m: label(m, lang) if m else "—")
                text = bilingual_input(f"decision_text_{dec.id}_v{version}", "drafting.text", lang, dec.text, area=True)
                b1, b2 = st.columns(2)
                if b1.form_submit_button(t("common.save", lang), type="primary"):
                    guarded_change(ctx, lambda: drafting.update_decision(
                        ctx.cur, decision_id=dec.id, expected_version=version, actor=ctx.actor, data=DecisionUpdate(
                            decision_type=kind, mode=mode, text=text, target_type=dec.target_type, target_ref=dec.target_ref)),
                        "common.saved", forget_keys=(opened_key("decision", dec.id),),
                        texts=[(Where.of("redaction.where.item_decision", item=ref, n=n), text)],
                        level=item.confidentiality, protected=protected, entity="decision", entity_id=dec.id)
                if b2.form_submit_button(t("common.delete", lang)):
                    run_change(ctx.lang, lambda: drafting.delete_decision(ctx.cur, decision_id=dec.id, actor=ctx.actor), "common.deleted")

    st.markdown(f"**{t('meetings.action_points', lang)}**")
    if not view_item.actions:
        st.caption(t("drafting.nothing_yet", lang))
    for a in view_item.actions:
        due = format_date(a.due_date, lang) if a.due_date else t("common.none", lang)
        relative = (" (" + t("drafting.relative", lang, days=a.due_offset_days, anchor=label(a.due_anchor, lang)) + ")"
                    if a.due_anchor is not DueAnchor.FIXED else "")
        st.markdown(f"- `{a.code}` {typographic(a.text.get(lang), lang)} — **{d.org(a.owner_org_id)}**, {due}{relative} · "
                    f"{label(a.status, lang)} · _{label(a.confidentiality, lang)}_")
    if frozen:
        return

    st.divider()
    pending_confirmation(ctx)   # a save that found personal data waits here, above the forms, for confirmation
    st.subheader(t("drafting.add", lang))
    with st.form(f"new_entry_{item.id}", clear_on_submit=True):
        st.markdown(f"**{t('drafting.new_entry', lang)}**")
        c1, c2, c3 = st.columns(3)
        kind = c1.selectbox(t("drafting.entry_type", lang), list(EntryType), index=list(EntryType).index(EntryType.DISCUSSION),
                            format_func=lambda k: label(k, lang))
        speaker_code = c2.selectbox(t("drafting.speaker", lang), orgs)
        level = c3.selectbox(t("agenda.col_confidentiality", lang), levels, format_func=level_name)
        text = bilingual_input(f"new_entry_text_{item.id}", "drafting.text", lang, area=True)
        if st.form_submit_button(t("drafting.add_entry", lang), type="primary", icon=":material/notes:"):
            guarded_change(ctx, lambda: drafting.add_entry(ctx.cur, item_id=item.id, actor=ctx.actor, data=MinuteEntryCreate(
                entry_type=kind, speaker_acronym=speaker_code or None, text=text, confidentiality=level)), "drafting.entry_added",
                texts=[(Where.of("redaction.where.item_entry", item=ref, n=len(view_item.entries) + 1), text)],
                level=level, protected=protected, entity="agenda_item", entity_id=item.id)
    with st.form(f"new_decision_{item.id}", clear_on_submit=True):
        st.markdown(f"**{t('drafting.new_decision', lang)}**")
        c1, c2, c3, c4 = st.columns(4)
        kind = c1.selectbox(t("drafting.decision_type", lang), list(DecisionType), format_func=lambda k: label(k, lang))
        mode = c2.selectbox(t("drafting.decision_mode", lang), [None, *DecisionMode], index=2,
                            format_func=lambda m: label(m, lang) if m else "—")
        target = c3.selectbox(t("drafting.target_type", lang), list(TARGETS), format_func=lambda k: t(TARGETS[k], lang))
        target_ref = c4.text_input(t("drafting.target_ref", lang), help=t("drafting.target_ref_help", lang))
        text = bilingual_input(f"new_decision_text_{item.id}", "drafting.text", lang, area=True)
        if st.form_submit_button(t("drafting.add_decision", lang), type="primary", icon=":material/gavel:"):
            guarded_change(ctx, lambda: drafting.add_decision(ctx.cur, item_id=item.id, actor=ctx.actor, data=DecisionCreate(
                decision_type=kind, mode=mode, text=text, target_type=target or None,
                target_ref=target_ref.strip() or None)), "drafting.decision_added",
                texts=[(Where.of("redaction.where.item_decision", item=ref, n=len(view_item.decisions) + 1), text)],
                level=item.confidentiality, protected=protected, entity="agenda_item", entity_id=item.id)
    subs = {s.code: s.name.get(lang) for s in sorted(d.subcommittees.values(), key=lambda s: s.code)}
    with st.form(f"new_action_{item.id}", clear_on_submit=True):
        st.markdown(f"**{t('drafting.new_action', lang)}**")
        text = bilingual_input(f"new_action_text_{item.id}", "drafting.text", lang, area=True, height=80)
        c1, c2, c3 = st.columns(3)
        owner = c1.selectbox(t("drafting.owner", lang), orgs)
        sub = c2.selectbox(t("plan.col_subcommittee", lang), [""] + list(subs), format_func=lambda c: subs.get(c, "—"))
        level = c3.selectbox(t("agenda.col_confidentiality", lang), levels, format_func=level_name)
        c1, c2, c3 = st.columns(3)
        anchors = list(DueAnchor)
        anchor = c1.selectbox(t("drafting.due_kind", lang), anchors, index=anchors.index(DueAnchor.MEETING_END),
                              format_func=lambda a: t("drafting.due_fixed", lang) if a is DueAnchor.FIXED else
                              t("drafting.due_after", lang, anchor=label(a, lang)))
        days = c2.number_input(t("drafting.days", lang), min_value=0, max_value=3650, value=7)
        fixed = c3.date_input(t("drafting.fixed_date", lang), value=meeting.end_date + timedelta(days=30))
        confirmed = st.checkbox(t("drafting.confirmed", lang), value=True, help=t("drafting.confirmed_help", lang))
        if st.form_submit_button(t("drafting.add_action", lang), type="primary", icon=":material/task_alt:"):
            relative = anchor is not DueAnchor.FIXED
            guarded_change(ctx, lambda: drafting.add_action_point(ctx.cur, item_id=item.id, actor=ctx.actor, data=ActionPointCreate(
                text=text, owner_acronym=owner or None, subcommittee_code=sub or None, due_anchor=anchor,
                due_offset_days=int(days) if relative else None, due_date=None if relative else fixed,
                confidentiality=level, confirmed=confirmed)), "drafting.action_added",
                texts=[(Where.of("redaction.where.item_action", item=ref, code="+"), text)],
                level=level, protected=protected, entity="agenda_item", entity_id=item.id)
    if view_item.actions:
        with st.expander(t("drafting.withdraw_action", lang)):
            codes = {a.id: a.code for a in view_item.actions}
            gone = st.selectbox(t("drafting.action", lang), list(codes), format_func=codes.get, key=f"withdraw_{item.id}")
            if st.button(t("common.delete", lang), key=f"withdraw_btn_{item.id}", icon=":material/delete:"):
                run_change(ctx.lang, lambda: drafting.delete_action_point(ctx.cur, action_id=gone, actor=ctx.actor), "common.deleted")
