"""Action-item tracker widgets: URL-aware filters, the flagged list, the edit form with history, the bulk editor."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from jtwg.errors import StaleVersion
from jtwg.i18n import agenda_label, label, ordinal, t, typographic
from jtwg.models import ActionItemUpdate, ActionStatus
from jtwg.services import actions as service
from jtwg.row_problems import RowProblem, RowsRejected
from jtwg.services import personal_data
from jtwg.ui.context import PageContext, current_actor, cursor, show_error
from jtwg.ui.forms import flash, forget as _forget
from jtwg.ui.history import history_table, value_formatter
from jtwg.ui.personal_data import personal_data_warnings
from jtwg.ui.query import lang_widget, sync_from_url, write_to_url
from jtwg.validation import problem_key

F = "af_"   # session-state prefix of the filter widgets


def delegation_options(ctx: PageContext) -> list[str]:
    """The parties' countries, then the non-party sides."""
    party = [ctx.directory.orgs[i].country for i in (ctx.group.party_a_org_id, ctx.group.party_b_org_id)
             if i in ctx.directory.orgs and ctx.directory.orgs[i].country]
    return [*party, "secretariat", "donor", "cso"]


def filter_bar(ctx: PageContext) -> service.ActionFilter:
    """The filters, set from the URL when it carries them, and written back to it."""
    lang, d = ctx.lang, ctx.directory
    options = {
        "subcommittee": [""] + [s.code for s in d.subcommittees.values()],
        "delegation": [""] + delegation_options(ctx),
        "owner": [""] + sorted(o.acronym for o in d.orgs.values()),
        "status": [""] + [s.value for s in ActionStatus],
        "meeting": [""] + [str(n) for n in service.meeting_numbers(ctx.cur, group_id=ctx.group.id)],
    }

    def apply(params: dict[str, str]) -> None:
        parsed, dropped = service.filter_from_query(params)
        for name in ("subcommittee", "delegation", "owner", "status", "meeting"):
            value = getattr(parsed, name)
            value = "" if value is None else str(getattr(value, "value", value))
            if value not in options[name]:
                dropped.append(name)
                value = ""
            st.session_state[F + name] = value
        st.session_state[F + "overdue"] = parsed.overdue
        st.session_state[F + "due_within"] = parsed.due_within
        st.session_state[F + "text"] = parsed.text or ""
        st.session_state[F + "dropped"] = sorted(set(dropped))

    sync_from_url(F, (*service.QUERY_KEYS, "q"), apply)
    if st.session_state.get(F + "dropped"):
        st.warning(t("actions.bad_query", lang, names=", ".join(st.session_state[F + "dropped"])))
    every = t("actions.f_all", lang)
    names = {
        "subcommittee": lambda c: d.subcommittee(next((s.id for s in d.subcommittees.values() if s.code == c), None), lang) or every,
        "delegation": lambda c: d.delegation(c, lang) if c else every,
        "owner": lambda c: c or every,
        "status": lambda c: label(ActionStatus(c), lang) if c else every,
        "meeting": lambda c: t("actions.meeting_n", lang, n=ordinal(int(c), lang)) if c else every,
    }
    with st.container(border=True):
        row1 = st.columns([2, 1.3, 1.3, 1.3, 1.3])
        row1[0].text_input(t("actions.f_text", lang), placeholder=t("actions.f_text_hint", lang), **lang_widget(F + "text", lang))
        for col, name in zip(row1[1:], ("subcommittee", "delegation", "owner", "status")):
            col.selectbox(t(f"actions.f_{name}", lang), options[name], format_func=names[name], **lang_widget(F + name, lang))
        row2 = st.columns([1.3, 1.3, 1.3, 3])
        row2[0].selectbox(t("actions.f_meeting", lang), options["meeting"], format_func=names["meeting"],
                          **lang_widget(F + "meeting", lang))
        st.session_state.setdefault(F + "due_within", None)   # empty: any due date
        row2[1].number_input(t("actions.f_due_within", lang), min_value=0, max_value=3650, step=1,
                             placeholder=t("actions.f_days_hint", lang), **lang_widget(F + "due_within", lang))
        row2[2].checkbox(t("actions.f_overdue", lang), **lang_widget(F + "overdue", lang))
    for name in (*options, "overdue", "due_within", "text"):   # first visit: the widgets' own defaults
        st.session_state.setdefault(F + name, st.session_state.get(f"{F}{name}::{lang}"))
    values = {name: st.session_state.get(F + name) or None for name in options}
    filters = service.ActionFilter(
        subcommittee=values["subcommittee"], delegation=values["delegation"], owner=values["owner"],
        status=values["status"], meeting=int(values["meeting"]) if values["meeting"] else None,
        overdue=bool(st.session_state.get(F + "overdue")), due_within=st.session_state.get(F + "due_within"),
        text=(st.session_state.get(F + "text") or "").strip() or None,
    )
    write_to_url(F, (*service.QUERY_KEYS, "q"), service.filter_to_query(filters))
    return filters


def flag(row: service.TrackerRow, lang: str) -> str:
    if row.overdue:
        return "⚠ " + t("actions.flag_overdue", lang, days=-row.days_left)
    if row.due_soon:
        return "◷ " + t("actions.flag_due_soon", lang, days=row.days_left)
    return ""


def origin(row: service.TrackerRow, lang: str) -> str:
    if row.meeting_seq is None:
        return ""
    text = t("actions.meeting_n", lang, n=ordinal(row.meeting_seq, lang))
    if row.agenda_title is not None:
        item = row.agenda_title.get(lang)
        text += f" · {agenda_label(row.agenda_label, lang) + ' – ' if row.agenda_label else ''}{item}"
    return text


def owner_text(ctx: PageContext, row: service.TrackerRow) -> str:
    a, d = row.item, ctx.directory
    person = d.person(a.owner_person_id, ctx.lang, with_position=False)
    org = d.org(a.owner_org_id)
    return " / ".join(x for x in (org, person) if x)


def tracker_table(ctx: PageContext, found: list[service.TrackerRow]) -> None:
    """The list, with a flag column first: ⚠ on overdue rows, ◷ on rows due soon.

    A plain table, not a pandas Styler: a Styler sends every cell twice (values and display strings) and a
    style rule per tinted cell, under a new random id each run, so the browser's cache of large messages
    never matches and each save or filter change resent five times the table (85 KB for 100 rows at 20 k)."""
    lang, d = ctx.lang, ctx.directory
    records = [{
        "flag": flag(r, lang), "code": r.item.code, "action": typographic(r.item.text.get(lang), lang),
        "origin": origin(r, lang), "owner": owner_text(ctx, r),
        "delegation": d.delegation(r.delegation, lang) if r.delegation else "",
        "subcommittee": d.subcommittee(r.item.subcommittee_id, lang), "due": r.item.due_date,
        "status": label(r.item.status, lang), "progress": r.item.progress_pct or 0,
        "updated": r.last_update.strftime("%Y-%m-%d %H:%M"),
    } for r in found]
    keys = {"flag": "actions.col_flag", "code": "actions.col_code", "action": "actions.col_action",
            "origin": "actions.col_origin", "owner": "actions.col_owner", "delegation": "actions.col_delegation",
            "subcommittee": "actions.col_subcommittee", "due": "actions.col_due", "status": "actions.col_status",
            "progress": "actions.col_progress", "updated": "actions.col_last_update"}
    frame = pd.DataFrame(records, columns=list(keys))
    frame.columns = [t(k, lang) for k in keys.values()]
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        t("actions.col_due", lang): st.column_config.DateColumn(format="DD/MM/YYYY" if lang == "fr" else "D MMM YYYY"),
        t("actions.col_progress", lang): st.column_config.ProgressColumn(format="%d%%", min_value=0, max_value=100),
        t("actions.col_flag", lang): st.column_config.TextColumn(width=130),
        t("actions.col_action", lang): st.column_config.TextColumn(width="large"),
        t("actions.col_origin", lang): st.column_config.TextColumn(width="medium"),
    })


def edit_form(ctx: PageContext, found: list[service.TrackerRow]) -> None:
    """Pick one item; change status, progress, due date (with a reason), owner, evidence; add a note; see its history."""
    lang, d = ctx.lang, ctx.directory
    if not found:
        return
    by_id = {r.item.id: r for r in found}
    if st.session_state.get("action_pick") not in by_id:
        for key in ("action_pick", f"action_pick::{lang}"):   # the remembered item is filtered out: start from the first
            st.session_state.pop(key, None)
    picked = st.selectbox(t("actions.pick", lang), list(by_id), **lang_widget("action_pick", lang),
                          format_func=lambda i: f"{by_id[i].item.code} — {by_id[i].item.text.get(lang)[:90]}")
    row = by_id[picked]
    item = row.item
    base = st.session_state.setdefault(f"ae_{item.id}_base", item.version)   # the version the user started editing from
    p = f"ae_{item.id}_{lang}_"   # per language: select boxes keep the labels they were first drawn with
    if base != item.version:
        st.info(t("actions.changed_meanwhile", lang))
    statuses = list(ActionStatus)
    orgs = [""] + sorted(o.acronym for o in d.orgs.values())
    people = [""] + sorted(p_.ref for p_ in d.people.values())
    ref_of = {p_.id: p_.ref for p_ in d.people.values()}
    with st.form(key=p + "form"):
        c1, c2, c3 = st.columns(3)
        c1.selectbox(t("actions.col_status", lang), statuses, index=statuses.index(item.status),
                     format_func=lambda s: label(s, lang), key=p + "status")
        c2.number_input(t("actions.col_progress", lang), min_value=0, max_value=100, step=5,
                        value=item.progress_pct, key=p + "progress")
        c3.date_input(t("actions.col_due", lang), value=item.due_date, key=p + "due",
                      format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD")
        st.text_input(t("actions.col_reason", lang), key=p + "reason", help=t("actions.reason_help", lang))
        c4, c5 = st.columns(2)
        c4.selectbox(t("actions.col_owner", lang), orgs, index=orgs.index(d.org(item.owner_org_id)),
                     format_func=lambda a: a or "—", key=p + "owner")
        c5.selectbox(t("actions.col_owner_person", lang), people,
                     index=people.index(ref_of.get(item.owner_person_id, "")),
                     format_func=lambda r: next((d.person(p_.id, lang, with_position=False)
                                                 for p_ in d.people.values() if p_.ref == r), "—"),
                     key=p + "person")
        st.text_area(t("actions.col_evidence", lang), value=item.evidence or "", key=p + "evidence", height=80)
        st.text_input(t("actions.col_evidence_link", lang), value=item.evidence_link or "", key=p + "link",
                      placeholder="https://…")
        st.text_area(t("actions.col_note", lang), key=p + "note", height=80)
        # Saved in the button's callback, before the page is drawn: the run that follows shows the saved values
        # and the message at once (saving inside the run would draw the whole page twice, before and after).
        st.form_submit_button(t("actions.save", lang), type="primary", key=p + "submit",
                              on_click=_save_update, args=(ctx, item, base, p))
    failed = st.session_state.pop(p + "error", None)
    if isinstance(failed, StaleVersion):
        st.error(failed.message(lang))
        st.button(t("actions.reload", lang), key=p + "reload", on_click=_forget, args=(f"ae_{item.id}_",))
    elif failed is not None:
        show_error(failed, lang)
    if item.evidence_link:
        link_text = item.evidence_link
        st.caption(t("actions.evidence_is", lang) + " " + (f"[{link_text}]({link_text})" if link_text.startswith(("http://", "https://")) else link_text))
    st.markdown(f"**{t('actions.history_title', lang)}**")
    entries = service.action_history(ctx.cur, action_id=item.id)
    show = value_formatter(d, lang, {"status": ActionStatus})
    history_table(entries, lang=lang, field_keys=HISTORY_FIELDS, show=show)


def _save_update(ctx: PageContext, item, base: int, p: str) -> None:
    """The edit form's save (its submit button's callback): the form's values from session state."""
    state = st.session_state
    actor = current_actor()   # the session is checked again: the click may come after a sign-out elsewhere
    if actor is None:
        return
    due = state[p + "due"]
    try:
        data = ActionItemUpdate(
            status=state[p + "status"], progress_pct=state[p + "progress"],
            due_date=due if due != item.due_date else None, due_change_reason=state[p + "reason"] or None,
            owner_acronym=state[p + "owner"], owner_person_ref=state[p + "person"], evidence=state[p + "evidence"],
            evidence_link=state[p + "link"], note=state[p + "note"].strip() or None,
        )
        diff = service.update_action_item(cursor(), action_id=item.id, expected_version=base, data=data,
                                          actor=actor, today=ctx.today)
    except Exception as exc:  # noqa: BLE001 - shown in the user's language by the run that follows
        state[p + "error"] = exc
        return
    note = state[p + "note"]
    _forget(f"ae_{item.id}_")
    flash("success", t("actions.saved" if diff or note.strip() else "actions.nothing_changed", ctx.lang, code=item.code))


HISTORY_FIELDS = {
    "status": "actions.col_status", "progress_pct": "actions.col_progress", "due_date": "actions.col_due",
    "owner_org_id": "actions.col_owner", "owner_person_id": "actions.col_owner_person",
    "evidence": "actions.col_evidence", "evidence_link": "actions.col_evidence_link", "done_on": "actions.col_done_on",
    "due_anchor": "actions.col_due_anchor", "due_offset_days": "actions.col_due_offset", "text": "actions.col_action",
}

BULK = "bulk_editor"


def bulk_editor(ctx: PageContext, found: list[service.TrackerRow]) -> None:
    """A table of the listed items to edit at once; every row is checked and all are saved or none."""
    lang, d = ctx.lang, ctx.directory
    if not found:
        return
    signature = (lang, *(r.item.id for r in found))   # status labels are in the page's language
    snapshot = st.session_state.get("bulk_base")
    if not snapshot or snapshot["ids"] != signature:
        # The versions the user starts from: a row saved by someone else meanwhile is refused, not overwritten.
        snapshot = {"ids": signature, "versions": {r.item.id: r.item.version for r in found}, "rows": [{
            "id": r.item.id, "code": r.item.code, "action": r.item.text.get(lang)[:120],
            "owner": d.org(r.item.owner_org_id) or None, "due": r.item.due_date, "reason": None,
            "status": label(r.item.status, lang), "progress": r.item.progress_pct,
            "evidence": r.item.evidence, "note": None,
        } for r in found]}
        st.session_state["bulk_base"] = snapshot
        st.session_state.pop(BULK, None)
    frame = pd.DataFrame(snapshot["rows"])
    by_label = {label(s, lang): s for s in ActionStatus}
    edited = st.data_editor(
        frame, key=BULK, hide_index=True, num_rows="fixed", width="stretch", disabled=["id", "code", "action"],
        column_order=["code", "action", "owner", "due", "reason", "status", "progress", "evidence", "note"],
        column_config={
            "code": st.column_config.TextColumn(t("actions.col_code", lang)),
            "action": st.column_config.TextColumn(t("actions.col_action", lang), width="medium"),
            "owner": st.column_config.SelectboxColumn(t("actions.col_owner", lang), options=sorted(o.acronym for o in d.orgs.values())),
            "due": st.column_config.DateColumn(t("actions.col_due", lang), format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD"),
            "reason": st.column_config.TextColumn(t("actions.col_reason", lang), max_chars=1000),
            "status": st.column_config.SelectboxColumn(t("actions.col_status", lang), options=list(by_label), required=True),
            "progress": st.column_config.NumberColumn(t("actions.col_progress", lang), min_value=0, max_value=100, step=1),
            "evidence": st.column_config.TextColumn(t("actions.col_evidence", lang), max_chars=2000),
            "note": st.column_config.TextColumn(t("actions.col_note", lang), max_chars=5000),
        },
    )
    edits, problems = bulk_changes(snapshot, edited, by_label)
    # Personal data typed in a reason, evidence or note is listed per row and must be confirmed.
    warnings = personal_data.edit_warnings(ctx.cur, edits) if not problems else []
    confirmed = personal_data_warnings(warnings, lang, key="bulk_pii_confirm")
    if not st.button(t("actions.bulk_save", lang), key="bulk_save", type="primary", disabled=not confirmed):
        return
    if problems:
        st.error("\n".join([t("error.rows_rejected", lang, count=len(problems))] + [f"- {p.message(lang)}" for p in problems]))
        return
    if not edits:
        st.info(t("actions.bulk_nothing", lang))
        return
    try:
        changed = service.apply_edits(ctx.cur, edits=edits, actor=ctx.actor, today=ctx.today)
        if warnings:   # the confirmation is logged
            personal_data.log_import_confirmation(ctx.cur, actor=ctx.actor, warnings=warnings)
    except RowsRejected as exc:
        st.error("\n".join([exc.message(lang)] + [f"- {line}" for line in exc.lines(lang)]))
        return
    st.session_state.pop("bulk_base", None)
    st.session_state.pop(BULK, None)
    flash("success", t("actions.bulk_saved", lang, count=changed))
    st.rerun()


def _cell(value):
    """A data-editor cell as a Python value (NaN/NaT/None -> None, timestamps -> dates)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


COLUMN_KEYS = {"owner_acronym": "actions.col_owner", "due_date": "actions.col_due", "due_change_reason": "actions.col_reason",
               "status": "actions.col_status", "progress_pct": "actions.col_progress", "evidence": "actions.col_evidence",
               "note": "actions.col_note"}


def bulk_changes(snapshot: dict, edited: pd.DataFrame, by_label: dict) -> tuple[list[service.RowEdit], list[RowProblem]]:
    """The edited rows as validated updates; a problem for every cell that is not valid."""
    edits, problems = [], []
    for before, (_, after) in zip(snapshot["rows"], edited.iterrows()):
        now = {k: _cell(after.get(k)) for k in ("owner", "due", "reason", "status", "progress", "evidence", "note")}
        old = {k: before.get(k) for k in now}
        if all((now[k] or None) == (old[k] or None) for k in now):
            continue
        code = before["code"]
        data: dict = {"note": now["note"], "due_change_reason": now["reason"]}
        if now["status"] != old["status"]:
            if now["status"] not in by_label:
                problems.append(RowProblem(code, None, "invalid.bad_choice", column_key="actions.col_status"))
            else:
                data["status"] = by_label[now["status"]]
        if now["progress"] != old["progress"]:
            data["progress_pct"] = now["progress"]
        if now["due"] != old["due"]:
            if now["due"] is None:
                problems.append(RowProblem(code, None, "actions.due_cannot_be_cleared", column_key="actions.col_due"))
            elif not isinstance(now["due"], date):
                problems.append(RowProblem(code, None, "invalid.not_a_date", column_key="actions.col_due"))
            else:
                data["due_date"] = now["due"]
        if now["owner"] != old["owner"]:
            data["owner_acronym"] = now["owner"] or ""
        if (now["evidence"] or None) != (old["evidence"] or None):
            data["evidence"] = now["evidence"] or ""
        try:
            update = ActionItemUpdate.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                key, params = problem_key(error)
                field = str(error["loc"][0]) if error.get("loc") else None
                problems.append(RowProblem(code, None, key, params, column_key=COLUMN_KEYS.get(field)))
            continue
        if update.due_date is not None and not (update.due_change_reason or "").strip():
            problems.append(RowProblem(code, None, "invalid.due_change_needs_reason", column_key="actions.col_reason"))
            continue
        edits.append(service.RowEdit(row=code, action_id=before["id"], expected_version=snapshot["versions"][before["id"]],
                                     data=update))
    return edits, problems
