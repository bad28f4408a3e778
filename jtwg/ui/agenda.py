"""The agenda builder (standard items, order, labels, presenters, confidentiality) and matters arising."""

from __future__ import annotations

import streamlit as st

from jtwg.i18n import format_date, label, ordinal, t, typographic
from jtwg.models import (
    ActionReview, ActionStatus, AgendaItem, AgendaItemCreate, AgendaItemUpdate, AgendaKind, Confidentiality, Meeting,
)
from jtwg.services.meetings import agenda, planning
from jtwg.ui.display import table
from jtwg.ui.context import PageContext
from jtwg.ui.forms import bilingual_input, opened_key, opened_version, optional_bilingual, run_change
from jtwg.ui.workspace import item_name, org_options, person_options, person_ref


def _item_form(ctx: PageContext, meeting: Meeting, key: str, item: AgendaItem | None) -> dict | None:
    """Fields of an agenda item; returns them when the form is submitted."""
    lang, d = ctx.lang, ctx.directory
    sessions = planning.list_sessions(ctx.cur, meeting_id=meeting.id, actor=ctx.actor)
    previous = planning.previous_meetings(ctx.cur, meeting=meeting, actor=ctx.actor)
    session_names = {0: "—", **{s.id: f"{t('meetings.day', lang, day=s.day_no)} · {label(s.kind, lang)} "
                                      f"{d.subcommittee(s.subcommittee_id, lang)}".strip() for s in sessions}}
    people = person_options(ctx)
    orgs = org_options(ctx)
    cases = {"": "—", **{c.case_code: c.case_code for c in d.cases.values()}}
    earlier = {0: "—", **{m.sequence_no: ordinal(m.sequence_no, lang) for m in previous}}
    with st.form(key, clear_on_submit=item is None):
        c1, c2, c3, c4 = st.columns([1, 2, 2, 2])
        item_label = c1.text_input(t("agenda.col_label", lang), value=item.label or "" if item else "",
                                   help=t("agenda.label_help", lang))
        kinds = list(AgendaKind)
        kind = c2.selectbox(t("agenda.col_kind", lang), kinds, index=kinds.index(item.kind) if item else kinds.index(AgendaKind.SUBSTANTIVE),
                            format_func=lambda k: label(k, lang))
        levels = list(Confidentiality)
        level = c3.selectbox(t("agenda.col_confidentiality", lang), levels,
                             index=levels.index(item.confidentiality) if item else levels.index(Confidentiality.RESTRICTED),
                             format_func=lambda c: label(c, lang))
        session = c4.selectbox(t("agenda.session", lang), list(session_names), format_func=session_names.get,
                               index=list(session_names).index(item.session_id) if item and item.session_id in session_names else
                               (1 if len(session_names) > 1 else 0))
        title = bilingual_input(f"{key}_title", "agenda.col_title", lang, item.title if item else None)
        c1, c2 = st.columns(2)
        current_person = person_ref(ctx, item.presenter_person_id) if item else ""
        presenter = c1.selectbox(t("agenda.presenter", lang), list(people), format_func=people.get,
                                 index=list(people).index(current_person) if current_person in people else 0)
        current_org = d.org(item.presenter_org_id) if item else ""
        presenter_org = c2.selectbox(t("agenda.presenter_org", lang), orgs, index=orgs.index(current_org) if current_org in orgs else 0)
        presenter_role = bilingual_input(f"{key}_role", "agenda.presenter_role", lang, item.presenter_role if item else None)
        c1, c2 = st.columns(2)
        current_case = d.cases[item.protected_case_id].case_code if item and item.protected_case_id in d.cases else ""
        case = c1.selectbox(t("agenda.protected_case", lang), list(cases), format_func=cases.get,
                            index=list(cases).index(current_case), help=t("agenda.protected_case_help", lang))
        related_seq = next((m.sequence_no for m in previous if item and m.id == item.related_meeting_id), None)
        related = c2.selectbox(t("agenda.related_meeting", lang), list(earlier), format_func=earlier.get,
                               index=list(earlier).index(related_seq) if related_seq in earlier else 0)
        public_title = bilingual_input(f"{key}_public", "agenda.public_title", lang, item.public_title if item else None)
        submitted = st.form_submit_button(t("common.save", lang) if item else t("agenda.add", lang), type="primary")
    if not submitted:
        return None
    return dict(session_id=session or None, label=item_label.strip() or None, kind=kind, title=title,
                public_title=optional_bilingual(public_title), presenter_person_ref=presenter or None,
                presenter_acronym=presenter_org or None, presenter_role=optional_bilingual(presenter_role),
                confidentiality=level, protected_case_code=case or None, related_meeting_seq=related or None)


def agenda_section(ctx: PageContext, meeting: Meeting, frozen: bool) -> None:
    lang, d = ctx.lang, ctx.directory
    items = agenda.agenda_items(ctx.cur, meeting_id=meeting.id, actor=ctx.actor)
    sessions = {s.id: s for s in planning.list_sessions(ctx.cur, meeting_id=meeting.id, actor=ctx.actor)}
    if items:
        table([{
            "no": n, "label": i.label or "", "kind": label(i.kind, lang), "title": typographic(i.title.get(lang), lang),
            "presenter": d.person(i.presenter_person_id, lang, with_position=False) if i.presenter_person_id else d.org(i.presenter_org_id),
            "confidentiality": label(i.confidentiality, lang),
            "day": sessions[i.session_id].day_no if i.session_id in sessions else "",
        } for n, i in enumerate(items, 1)], {
            "no": "agenda.col_order", "label": "agenda.col_label", "kind": "agenda.col_kind", "title": "agenda.col_title",
            "presenter": "agenda.col_presenter", "confidentiality": "agenda.col_confidentiality", "day": "plan.col_day",
        }, lang, title=st.column_config.TextColumn(width="large"))
    else:
        st.info(t("agenda.empty", lang))
    if frozen:
        return
    proposals = agenda.standard_agenda(ctx.cur, meeting_id=meeting.id)
    with st.expander(t("agenda.standard", lang, count=len(proposals)), expanded=not items, icon=":material/playlist_add:"):
        if not proposals:
            st.caption(t("agenda.standard_none", lang))
        else:
            st.markdown("\n".join(f"- {p.label + '. ' if p.label else ''}{typographic(p.title.get(lang), lang)}" for p in proposals))
            kinds = list(dict.fromkeys(p.kind for p in proposals))
            chosen = st.multiselect(t("agenda.standard_kinds", lang), kinds, default=kinds, format_func=lambda k: label(k, lang),
                                    key=f"std_kinds_{meeting.id}")
            if st.button(t("agenda.standard_add", lang), key=f"std_add_{meeting.id}", type="primary", icon=":material/add:"):
                run_change(ctx.lang, lambda: agenda.add_standard_items(ctx.cur, meeting_id=meeting.id, actor=ctx.actor, kinds=set(chosen)),
                           "agenda.standard_added")
    with st.expander(t("agenda.new_item", lang), icon=":material/add_circle:"):
        fields = _item_form(ctx, meeting, f"new_item_{meeting.id}", None)
        if fields is not None:
            session_id = fields.pop("session_id")
            run_change(ctx.lang, lambda: agenda.add_agenda_item(ctx.cur, meeting_id=meeting.id, actor=ctx.actor, session_id=session_id,
                                                        data=AgendaItemCreate(**fields)), "agenda.added")
    if not items:
        return
    st.subheader(t("agenda.edit_item", lang))
    names = {i.id: item_name(i, lang) for i in items}
    chosen_id = st.selectbox(t("agenda.item", lang), list(names), format_func=names.get, key=f"agenda_pick_{meeting.id}")
    item = next(i for i in items if i.id == chosen_id)
    c1, c2, c3, _ = st.columns([1, 1, 1, 4])
    if c1.button(t("agenda.up", lang), key=f"up_{item.id}", icon=":material/arrow_upward:"):
        run_change(ctx.lang, lambda: agenda.move_agenda_item(ctx.cur, item_id=item.id, step=-1, actor=ctx.actor), "agenda.moved")
    if c2.button(t("agenda.down", lang), key=f"down_{item.id}", icon=":material/arrow_downward:"):
        run_change(ctx.lang, lambda: agenda.move_agenda_item(ctx.cur, item_id=item.id, step=1, actor=ctx.actor), "agenda.moved")
    if c3.button(t("common.delete", lang), key=f"del_{item.id}", icon=":material/delete:"):
        run_change(ctx.lang, lambda: agenda.delete_agenda_item(ctx.cur, item_id=item.id, actor=ctx.actor), "common.deleted")
    version = opened_version("agenda_item", item.id, item.version, f"edit_item_{item.id}_v{{v}}_title_en")
    fields = _item_form(ctx, meeting, f"edit_item_{item.id}_v{version}", item)
    if fields is not None:
        run_change(ctx.lang, lambda: agenda.update_agenda_item(ctx.cur, item_id=item.id, expected_version=version,
                                                               actor=ctx.actor, data=AgendaItemUpdate(**fields)),
                   "common.saved", forget_keys=(opened_key("agenda_item", item.id),))


def matters_section(ctx: PageContext, meeting: Meeting, frozen: bool) -> None:
    """Every open action of earlier meetings, each with the outcome this meeting records for it."""
    lang, d = ctx.lang, ctx.directory
    matters = agenda.matters_arising(ctx.cur, meeting_id=meeting.id, actor=ctx.actor)
    st.caption(t("matters.intro", lang))
    if not matters:
        st.info(t("matters.none", lang))
        return
    missing = [m for m in matters if m.item_id is None]
    if missing and not frozen and st.button(t("matters.add_to_agenda", lang, count=len(missing)), key=f"matters_add_{meeting.id}",
                                            icon=":material/playlist_add:"):
        run_change(ctx.lang, lambda: agenda.add_standard_items(ctx.cur, meeting_id=meeting.id, actor=ctx.actor,
                                                       kinds={AgendaKind.MATTERS_ARISING}), "agenda.standard_added")
    for matter in matters:
        a = matter.action
        with st.container(border=True):
            lock = " :red-badge[:material/lock:]" if a.confidentiality is Confidentiality.CONFIDENTIAL else ""
            done = f" :green-badge[:material/check: {t('matters.reviewed', lang)}]" if matter.reviewed else ""
            st.markdown(f"**{a.code}** · {typographic(a.text.get(lang), lang)}{lock}{done}")
            due = format_date(a.due_date, lang) if a.due_date else t("common.none", lang)
            st.caption(t("matters.line", lang, meeting=ordinal(matter.from_meeting_seq, lang) if matter.from_meeting_seq else "—",
                         owner=d.org(a.owner_org_id) or d.person(a.owner_person_id, lang, with_position=False), due=due,
                         status=label(a.status, lang)))
            if frozen:
                continue
            with st.form(f"review_{meeting.id}_{a.id}_{a.version}"):
                statuses = list(ActionStatus)
                status = st.columns(3)[0].selectbox(t("matters.outcome", lang), statuses, index=statuses.index(a.status),
                                                    format_func=lambda s: label(s, lang))
                note = bilingual_input(f"review_note_{a.id}", "matters.note", lang)
                if st.form_submit_button(t("matters.record", lang)):
                    run_change(ctx.lang, lambda: agenda.record_review(
                        ctx.cur, meeting_id=meeting.id, action_id=a.id, expected_version=a.version, today=ctx.today,
                        actor=ctx.actor, review=ActionReview(status=status, note=optional_bilingual(note))),
                        "matters.recorded", code=a.code)
