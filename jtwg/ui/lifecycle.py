"""Minutes lifecycle: versions, translation check, circulation, co-chairs' approvals, adoption, lock, and diffs."""

from __future__ import annotations

import streamlit as st

from jtwg.i18n import format_date, label, meeting_name, ordinal, t
from jtwg.models import DecisionMode, Meeting, MinutesStatus
from jtwg.services import exports, permissions
from jtwg.services.meetings import lifecycle, planning, snapshots
from jtwg.services.meetings.minutes import minutes_for, untranslated
from jtwg.services.translation.review import unreviewed
from jtwg.services.translation.texts import meeting_texts
from jtwg.ui.context import PageContext
from jtwg.ui.display import table
from jtwg.ui.forms import run_change
from jtwg.ui.mail import circulation_panel
from jtwg.ui.personal_data import ensure_models, findings_markdown

CURRENT = 0   # "the current content" in the version comparison


def lifecycle_section(ctx: PageContext, meeting: Meeting) -> None:
    lang = ctx.lang
    versions = lifecycle.list_versions(ctx.cur, meeting_id=meeting.id, actor=ctx.actor)
    current = versions[-1] if versions else None
    steps = [MinutesStatus.DRAFT, MinutesStatus.CIRCULATED, MinutesStatus.ADOPTED, MinutesStatus.LOCKED]
    now = current.status if current else MinutesStatus.DRAFT
    st.markdown(" → ".join(f"**:blue[{label(s, lang)}]**" if s is now else label(s, lang) for s in steps))
    if current:
        st.caption(t("lifecycle.current", lang, version=current.version_no, status=label(current.status, lang).lower()))
    seq_of = {r.meeting.id: r.meeting.sequence_no for r in planning.list_meetings(ctx.cur, group_id=ctx.group.id, actor=ctx.actor)}
    if versions:
        table([{
            "version": v.version_no, "status": label(v.status, lang),
            "issued": format_date(v.date_of_issue, lang) if v.date_of_issue else "",
            "circulated": " · ".join(x for x in (format_date(v.circulated_on, lang) if v.circulated_on else "", v.circulated_by or "") if x),
            "adopted": ordinal(seq_of[v.adopted_at_meeting_id], lang) if v.adopted_at_meeting_id in seq_of else "",
            "reason": v.reason or "",
        } for v in reversed(versions)], {"version": "lifecycle.col_version", "status": "lifecycle.col_status",
                                         "issued": "lifecycle.col_issued", "circulated": "lifecycle.col_circulated",
                                         "adopted": "lifecycle.col_adopted", "reason": "lifecycle.col_reason"}, lang)

    secretariat = permissions.allowed(ctx.actor, "minutes.circulate")
    if current is None or current.status is MinutesStatus.DRAFT:
        if secretariat:
            _circulate_panel(ctx, meeting, current)
        else:
            st.info(t("lifecycle.not_circulated_yet", lang))
    elif current.status is MinutesStatus.CIRCULATED:
        if secretariat:
            circulation_panel(ctx, meeting)   # email the circulated version (jtwg.ui.mail)
        _adoption_panel(ctx, meeting)
    elif current.status is MinutesStatus.ADOPTED:
        st.success(t("lifecycle.adopted_note", lang, ordinal=ordinal(seq_of.get(current.adopted_at_meeting_id, 0), lang)),
                   icon=":material/verified:")
        if secretariat and st.button(t("lifecycle.lock", lang), key=f"lock_{meeting.id}", icon=":material/lock:"):
            run_change(ctx.lang, lambda: lifecycle.lock(ctx.cur, meeting_id=meeting.id, actor=ctx.actor), "lifecycle.locked")
    else:
        st.info(t("lifecycle.locked_note", lang), icon=":material/lock:")
    if secretariat and current is not None and current.status in (MinutesStatus.CIRCULATED, MinutesStatus.ADOPTED):
        with st.expander(t("lifecycle.new_version", lang), icon=":material/edit_note:"):
            with st.form(f"new_version_{meeting.id}", clear_on_submit=True):
                reason = st.text_area(t("lifecycle.reason", lang), help=t("lifecycle.reason_help", lang))
                if st.form_submit_button(t("lifecycle.open_version", lang, version=current.version_no + 1), type="primary"):
                    run_change(ctx.lang, lambda: lifecycle.new_version(ctx.cur, meeting_id=meeting.id, reason=reason, actor=ctx.actor),
                               "lifecycle.version_opened", version=current.version_no + 1)
    _compare_panel(ctx, meeting, versions)
    history = lifecycle.minutes_history(ctx.cur, meeting_id=meeting.id)
    if history:
        with st.expander(t("lifecycle.log", lang), icon=":material/history:"):
            for h in history[:40]:
                what = h["note"] or ", ".join(f"{k}: {v[1]}" for k, v in h["changes"].items() if k != "snapshot")
                st.markdown(f"- {h['logged_at']:%Y-%m-%d %H:%M} · **{h['actor']}** · v{h['version_no']} · {h['action']} — {what}")


def _circulate_panel(ctx: PageContext, meeting: Meeting, current) -> None:
    lang = ctx.lang
    st.subheader(t("lifecycle.circulate_title", lang))
    missing = untranslated(minutes_for(ctx.cur, meeting_id=meeting.id, actor=ctx.actor))
    if missing:
        st.warning(t("lifecycle.untranslated", lang, count=len(missing)), icon=":material/translate:")
        table([{"where": m.where, "missing": m.missing.upper(), "text": m.text[:160]} for m in missing],
              {"where": "lifecycle.col_where", "missing": "lifecycle.col_missing", "text": "lifecycle.col_text"}, lang)
    else:
        st.caption(":material/check: " + t("lifecycle.all_translated", lang))
    waiting = unreviewed(meeting_texts(ctx.cur, meeting_id=meeting.id))
    if waiting and not missing:
        st.warning(t("translation.circulate_unreviewed", lang, count=len(waiting)), icon=":material/rate_review:")
        table([{"where": x.where, "status": label(x.status, lang), "text": x.value.get(x.value.target)[:160]} for x in waiting],
              {"where": "lifecycle.col_where", "status": "lifecycle.col_status", "text": "lifecycle.col_text"}, lang)
    # Circulation is refused while the personal-data check finds anything (no override).
    ensure_models(lang)
    findings = exports.meeting_findings(ctx.cur, meeting_id=meeting.id)
    if findings:
        st.error(t("pii.circulation_findings", lang) + "\n\n" + findings_markdown(findings, lang), icon=":material/block:")
    with st.form(f"circulate_{meeting.id}"):
        c1, c2 = st.columns(2)
        place = c1.text_input(t("lifecycle.place_of_issue", lang), value=(current.place_of_issue if current else "") or "")
        issued = c2.date_input(t("lifecycle.date_of_issue", lang), value=(current.date_of_issue if current else None) or ctx.today)
        confirmed = st.checkbox(t("translation.confirm_checkbox", lang, count=len(waiting))) if waiting and not missing else False
        if st.form_submit_button(t("lifecycle.circulate", lang), type="primary", icon=":material/send:",
                                 disabled=bool(missing) or bool(findings)):
            run_change(ctx.lang, lambda: lifecycle.circulate(ctx.cur, meeting_id=meeting.id, actor=ctx.actor, today=ctx.today,
                                                             place_of_issue=place, date_of_issue=issued,
                                                             confirm_unreviewed=confirmed), "lifecycle.circulated")


def _adoption_panel(ctx: PageContext, meeting: Meeting) -> None:
    lang, d = ctx.lang, ctx.directory
    st.subheader(t("lifecycle.approvals", lang))
    approved = {a["person_id"]: a for a in lifecycle.approvals(ctx.cur, meeting_id=meeting.id)}
    for person_id in lifecycle.co_chairs(ctx.cur, group_id=ctx.group.id):
        c1, c2 = st.columns([3, 1])
        who = d.person(person_id, lang)
        if person_id in approved:
            a = approved[person_id]
            c1.markdown(f":material/check_circle: {who} — " + t("lifecycle.approved_by", lang, user=a["recorded_by"],
                                                                 when=f"{a['recorded_at']:%Y-%m-%d %H:%M}"))
        else:
            c1.markdown(f":material/radio_button_unchecked: {who}")
            # A co-chair records their own approval; the secretariat may record either (e.g. sent by e-mail).
            if lifecycle.may_approve_for(ctx.cur, actor=ctx.actor, group_id=ctx.group.id, person_id=person_id) and \
                    c2.button(t("lifecycle.approve", lang), key=f"approve_{meeting.id}_{person_id}"):
                run_change(ctx.lang, lambda: lifecycle.approve(ctx.cur, meeting_id=meeting.id, person_id=person_id, actor=ctx.actor),
                           "lifecycle.approval_recorded")
    if not permissions.allowed(ctx.actor, "minutes.adopt"):
        return
    st.subheader(t("lifecycle.adopt_title", lang))
    later = lifecycle.later_meetings(ctx.cur, meeting_id=meeting.id)
    if not later:
        st.info(t("lifecycle.no_later_meeting", lang))
        return
    st.caption(t("lifecycle.adopt_help", lang))
    with st.form(f"adopt_{meeting.id}"):
        c1, c2 = st.columns(2)
        names = {m.id: meeting_name(m, lang, dates=False) for m in later}
        at = c1.selectbox(t("lifecycle.adopt_at", lang), list(names), format_func=names.get)
        modes = list(DecisionMode)
        mode = c2.selectbox(t("drafting.decision_mode", lang), modes, format_func=lambda m: label(m, lang))
        if st.form_submit_button(t("lifecycle.adopt", lang), type="primary", icon=":material/verified:"):
            run_change(ctx.lang, lambda: lifecycle.adopt(ctx.cur, meeting_id=meeting.id, at_meeting_id=at, actor=ctx.actor, mode=mode),
                       "lifecycle.adopted")


def _compare_panel(ctx: PageContext, meeting: Meeting, versions) -> None:
    lang = ctx.lang
    frozen = [v for v in versions if v.snapshot]
    if not frozen:
        return
    st.subheader(t("lifecycle.compare", lang))
    options = {v.version_no: t("lifecycle.version_option", lang, version=v.version_no, status=label(v.status, lang).lower())
               for v in frozen}
    options[CURRENT] = t("lifecycle.current_content", lang)
    keys = list(options)
    c1, c2 = st.columns(2)
    before = c1.selectbox(t("lifecycle.from", lang), keys, index=max(len(keys) - 2, 0), format_func=options.get, key=f"cmp_from_{meeting.id}")
    after = c2.selectbox(t("lifecycle.to", lang), keys, index=len(keys) - 1, format_func=options.get, key=f"cmp_to_{meeting.id}")
    snaps = {v.version_no: snapshots.load(v.snapshot) for v in frozen}
    live = snapshots.load(lifecycle.snapshot_json(ctx.cur, meeting_id=meeting.id))
    changes = snapshots.diff(snaps.get(before, live), snaps.get(after, live), lang)
    if not changes:
        st.caption(t("lifecycle.no_changes", lang))
        return
    icons = {"added": ":green[:material/add_circle:]", "removed": ":red[:material/remove_circle:]",
             "changed": ":orange[:material/change_circle:]"}
    for c in changes[:200]:
        if c.kind == "changed":
            st.markdown(f"{icons[c.kind]} **{c.where}**  \n~~{c.before[:400]}~~  \n{c.after[:400]}")
        else:
            st.markdown(f"{icons[c.kind]} **{c.where}**  \n{(c.after or c.before)[:400]}")
