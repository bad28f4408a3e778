"""MoU page widgets for the secretariat: link work to commitments, add / edit / delete provisions and commitments."""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st
from pydantic import ValidationError

from jtwg.errors import InvalidInput, JtwgError, StaleVersion
from jtwg.i18n import label, t
from jtwg.models import (
    Commitment, CommitmentCreate, CommitmentStatus, CommitmentUpdate, Pillar, Provision,
    ProvisionCreate, ProvisionUpdate, Rag, Recurrence,
)
from jtwg.services import mou as service
from jtwg.services.meetings import planning
from jtwg.services.mou import MouView
from jtwg.ui.display import table
from jtwg.ui.context import PageContext
from jtwg.ui.forms import bilingual_input, forget as _forget
from jtwg.ui.forms import flash
from jtwg.ui.mou import meeting_label, pct, provision_title, remember, sticky
from jtwg.validation import describe

NEW = 0   # the "new record" choice of the record pickers
FIELD_LABELS = {
    "article": "mou.field_article", "paragraph": "mou.field_paragraph", "heading": "mou.field_heading",
    "text": "mou.field_text", "pillar": "mou.field_pillar", "subcommittee_code": "mou.field_subcommittee",
    "code": "mou.field_code", "description": "mou.field_description", "responsible_acronyms": "mou.field_responsible",
    "due_date": "mou.field_due_date", "recurrence": "mou.field_recurrence", "status": "mou.field_status",
    "rag": "mou.field_rag", "rag_reason": "mou.field_rag_reason", "evidence": "mou.field_evidence",
    "evidence_url": "mou.field_evidence_url", "last_reviewed_meeting_seq": "mou.field_reviewed",
}
TEXT_LIMIT = 90
LOGGED_ACTIONS = ("create", "update", "delete", "link", "unlink", "note")


def _short(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def report(exc: Exception, lang: str) -> None:
    """Show a refused save in the user's language, naming the form's fields; other errors go up to guard()."""
    labels = {f: t(k, lang) for f, k in FIELD_LABELS.items()}
    if isinstance(exc, ValidationError):
        st.error("\n".join([t("error.invalid_input", lang), *[f"- {line}" for line in describe(exc, lang, labels)]]))
    elif isinstance(exc, InvalidInput):
        lines = [t("invalid.field", lang, field=labels.get(f, f), message=t(k, lang, **p)) for f, k, p in exc.problems]
        st.error("\n".join([exc.message(lang), *[f"- {line}" for line in lines]]))
    elif isinstance(exc, JtwgError):
        st.error(exc.message(lang))
    else:
        raise exc


def edit_version(kind: str, record_id: int, version: int, probe: str) -> int:
    """The version the user started editing from.

    Kept while the form's widgets live, so a save made meanwhile by someone else is caught as stale;
    started afresh (from the saved version) when the form is opened again.
    """
    key = f"mou_loaded_{kind}_{record_id}"
    loaded = st.session_state.get(key)
    if loaded is None or f"mou_{kind}_{record_id}_v{loaded}_{probe}" not in st.session_state:
        loaded = st.session_state[key] = version
    return loaded


def _pick(key: str, options: list[int], format_func, label_text: str) -> int:
    """A record picker whose choice can be set for the next run (after a create or delete)."""
    pending = f"{key}_next"
    if pending in st.session_state:
        st.session_state[key] = st.session_state.pop(pending)
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    sticky(key, options)
    chosen = st.selectbox(label_text, options=options, format_func=format_func, key=key)
    remember(key, chosen)
    return chosen


# --- links ------------------------------------------------------------------------------------

def _commitment_choice(view: MouView, lang: str):
    by_id = {c.commitment.id: c for c in view.commitments}
    provision_of = {c.commitment.id: p for p in view.provisions for c in p.commitments}

    def fmt(i: int) -> str:
        c = by_id[i].commitment
        return _short(f"{c.code} · {provision_title(provision_of[i], lang)} — {c.description.get(lang)}", 140)
    return by_id, provision_of, fmt


def links_panel(ctx: PageContext, view: MouView) -> None:
    lang, cur, group_id = ctx.lang, ctx.cur, ctx.group.id
    st.caption(t("mou.links_intro", lang))
    if not view.commitments:
        st.info(t("mou.no_provision_yet", lang))
        return
    by_id, provision_of, fmt = _commitment_choice(view, lang)
    sticky("mou_link_commitment", list(by_id))
    chosen = st.selectbox(t("mou.links_commitment", lang), options=list(by_id), format_func=fmt, key="mou_link_commitment")
    remember("mou_link_commitment", chosen)
    cv, pv = by_id[chosen], provision_of[chosen]
    code = cv.commitment.code

    known = service.link_targets(cur, group_id=group_id, actor=ctx.actor)
    activities, action_items, decisions = known.activity, known.action, known.decision
    describe_target = {
        "activity": lambda i: _short(f"{activities[i].code} — {activities[i].title.get(lang)} · {label(activities[i].status, lang)}"
                                     f" · {pct(service.activity_progress(activities[i]), lang)}"),
        "action": lambda i: _short(f"{action_items[i].code} — {action_items[i].text.get(lang)} · {label(action_items[i].status, lang)}"),
        "decision": lambda i: _short(decisions[i].summary(lang)),
    }

    st.markdown(f"**{t('mou.links_current', lang)}**")
    current = [(kind, target) for kind, target in service.commitment_links(cur, group_id=group_id, commitment_id=chosen,
                                                                           actor=ctx.actor) if target in known.of(kind)]
    if not current:
        st.caption(t("mou.links_none", lang))
    for kind, target in current:
        text_col, button_col = st.columns([5, 1], vertical_alignment="center")
        text_col.markdown(f"{t(f'mou.kind_{kind}', lang)} · {describe_target[kind](target)}")
        if button_col.button(t("mou.links_remove", lang), key=f"mou_unlink_{kind}_{target}", icon=":material/link_off:"):
            _change_link(ctx, view, pv, code, kind, target, describe_target[kind](target), add=False)

    st.markdown(f"**{t('mou.links_add', lang)}**")
    kind = st.radio(t("mou.links_kind", lang), options=list(service.LINK_KINDS), horizontal=True, key="mou_link_kind",
                    format_func=lambda k: t(f"mou.kind_{k}", lang))
    linked_now = {target for k, target in current if k == kind}
    available = [i for i in known.of(kind) if i not in linked_now]
    if not available:
        st.caption(t("mou.links_all_linked", lang))
        return
    target = st.selectbox(t("mou.links_target", lang), options=available, format_func=describe_target[kind],
                          key=f"mou_link_target_{kind}")
    if st.button(t("mou.links_add", lang), key="mou_link_add", type="primary", icon=":material/add_link:"):
        _change_link(ctx, view, pv, code, kind, target, describe_target[kind](target).split(" — ")[0], add=True)


def _change_link(ctx: PageContext, view: MouView, pv, code: str, kind: str, target: int, target_text: str, *, add: bool) -> None:
    lang = ctx.lang
    before = pv.progress
    change = service.link_work if add else service.unlink_work
    done = change(ctx.cur, group_id=ctx.group.id, commitment_id=next(
        c.commitment.id for c in pv.commitments if c.commitment.code == code), kind=kind, target_id=target, actor=ctx.actor)
    after_view = service.mou_view(ctx.cur, group_id=ctx.group.id)
    after = next(p.progress for p in after_view.provisions if p.provision.id == pv.provision.id)
    ref = service.provision_reference(pv.provision, lang)
    if not done:
        flash("info", t("mou.already_linked", lang, target=target_text, code=code))
    else:
        key = "mou.linked_done" if add else "mou.unlinked_done"
        flash("success", t(key, lang, target=target_text, code=code, ref=ref, before=pct(before, lang), after=pct(after, lang)))
    st.rerun()


# --- edit: provisions -------------------------------------------------------------------------

def _history(ctx: PageContext, entity: str, record_id: int) -> None:
    """Who changed what and when, links included (linked records named by code, not by id)."""
    lang, cur = ctx.lang, ctx.cur
    with st.expander(t("mou.history", lang), icon=":material/history:"):
        found = service.record_history(cur, entity=entity, record_id=record_id)
        if not found:
            st.caption(t("mou.history_none", lang))
            return
        targets = service.link_targets(cur, group_id=ctx.group.id, actor=ctx.actor)
        names = {
            "activity": {i: a.code for i, a in targets.activity.items()},
            "action": {i: a.code for i, a in targets.action.items()},
            "decision": {i: d.reference(lang) for i, d in targets.decision.items()},
            "provision_id": service.provision_numbers(cur, group_id=ctx.group.id, actor=ctx.actor),
            "responsible_org_ids": {o: ctx.directory.org(o) for o in ctx.directory.orgs},
            "subcommittee_id": {i: s.code for i, s in ctx.directory.subcommittees.items()},
            "last_reviewed_meeting_id": {i: meeting_label(n, lang) for i, n in _meeting_ids(ctx).items()},
        }

        def show(field: str, v) -> str:
            if field in names and isinstance(v, list):
                v = ", ".join(str(names[field].get(x, x)) for x in v)
            elif field in names and v is not None:
                v = names[field].get(v, v)
            if isinstance(v, dict) and {"en", "fr"} <= set(v):
                v = v.get(lang) or v.get("en") or v.get("fr")
            return _short("—" if v in (None, "", []) else str(v), 50)
        table([{
            "when": h["logged_at"].strftime("%Y-%m-%d %H:%M") if isinstance(h["logged_at"], datetime) else str(h["logged_at"]),
            "who": h["actor"], "action": t(f"mou.log_{h['action']}", lang) if h["action"] in LOGGED_ACTIONS else h["action"],
            "changes": "; ".join(f"{f}: {show(f, a)} → {show(f, b)}" for f, (a, b) in h["changes"].items()),
            "note": h["note"] or "",
        } for h in found], {"when": "mou.col_when", "who": "mou.col_who", "action": "mou.col_action",
                            "changes": "mou.col_changes", "note": "mou.col_note"}, lang,
            changes=st.column_config.TextColumn(width="large"))


def _record_form(ctx: PageContext, kind: str, current, probe: str, fields, create, update) -> bool:
    """The create-or-edit form of a provision or a commitment, and its save: `fields(base)` draws the inputs
    and returns their values, `create(values)` returns (new id, reference), `update(values, loaded)` returns
    (diff, reference). The version the form was opened at is kept, so another user's save is caught as stale.
    Return whether an existing record is shown (its delete and history follow)."""
    lang = ctx.lang
    if current is None:
        base = f"mou_{kind}_new_{st.session_state.get(f'mou_new_{kind}_n', 0)}"
        loaded = None
    else:
        loaded = edit_version(kind, current.id, current.version, probe)
        base = f"mou_{kind}_{current.id}_v{loaded}"
        st.caption(t("mou.editing_version", lang, version=loaded))
    with st.form(key=f"{base}_form"):
        values = fields(base)
        submitted = st.form_submit_button(t("mou.save" if current else "mou.create", lang), type="primary")
    if submitted:
        try:
            if current is None:
                new_id, ref = create(values)
                st.session_state[f"mou_new_{kind}_n"] = st.session_state.get(f"mou_new_{kind}_n", 0) + 1
                st.session_state[f"mou_edit_{kind}_next"] = new_id
                flash("success", t("mou.created", lang, ref=ref))
            else:
                diff, ref = update(values, loaded)
                _forget(f"mou_loaded_{kind}_{current.id}")
                flash("success", t("mou.saved" if diff else "mou.saved_nothing", lang, ref=ref))
        except StaleVersion as exc:
            report(exc, lang)
            st.button(t("mou.reload", lang), key=f"{base}_reload", on_click=_forget, args=(f"mou_loaded_{kind}_{current.id}",))
            return False
        except (ValidationError, JtwgError) as exc:
            report(exc, lang)
            return False
        st.rerun()
    return current is not None


def provision_editor(ctx: PageContext, view: MouView) -> None:
    lang, cur = ctx.lang, ctx.cur
    provisions = {p.provision.id: p.provision for p in view.provisions}
    chosen = _pick("mou_edit_provision", [NEW, *provisions],
                   lambda i: t("mou.new_provision", lang) if i == NEW else provision_title(None, lang, provision=provisions[i]),
                   t("mou.pick_provision", lang))
    current = provisions.get(chosen)
    subs = {s.code: s for s in ctx.directory.subcommittees.values()}
    sub_code = next((s.code for s in subs.values() if current and s.id == current.subcommittee_id), None)

    def fields(base: str) -> dict:
        a, b, c, d = st.columns([1, 1, 2, 2])
        article = a.text_input(t("mou.field_article", lang), value=current.article if current else "", key=f"{base}_article", max_chars=20)
        paragraph = b.text_input(t("mou.field_paragraph", lang), value=(current.paragraph or "") if current else "",
                                 key=f"{base}_paragraph", max_chars=20)
        pillar = c.selectbox(t("mou.field_pillar", lang), options=[None, *Pillar], key=f"{base}_pillar",
                             index=([None, *Pillar].index(current.pillar) if current else 0),
                             format_func=lambda v: t("common.none", lang) if v is None else label(v, lang))
        sub = d.selectbox(t("mou.field_subcommittee", lang), options=[None, *subs], key=f"{base}_sub",
                          index=[None, *subs].index(sub_code),
                          format_func=lambda v: t("common.none", lang) if v is None else f"{v} — {subs[v].name.get(lang)}")
        heading = bilingual_input(f"{base}_heading", "mou.field_heading", lang, current.heading if current else None)
        text = bilingual_input(f"{base}_text", "mou.field_text", lang, current.text if current else None, area=True)
        return dict(article=article, paragraph=paragraph, pillar=pillar, subcommittee_code=sub, heading=heading, text=text)

    def create(values: dict) -> tuple[int, str]:
        new_id = service.create_provision(cur, group_id=ctx.group.id, data=ProvisionCreate(**values), actor=ctx.actor)
        return new_id, service.provision_reference(
            service.get_provision(cur, group_id=ctx.group.id, provision_id=new_id, actor=ctx.actor), lang)

    def update(values: dict, loaded: int) -> tuple[dict, str]:
        diff = service.update_provision(cur, group_id=ctx.group.id, provision_id=current.id, expected_version=loaded,
                                        data=ProvisionUpdate(**values), actor=ctx.actor)
        return diff, service.provision_reference(
            service.get_provision(cur, group_id=ctx.group.id, provision_id=current.id, actor=ctx.actor), lang)

    if _record_form(ctx, "provision", current, "article", fields, create, update):
        _delete_provision(ctx, view, current)
        _history(ctx, "mou_provision", current.id)


def _delete_provision(ctx: PageContext, view: MouView, provision: Provision) -> None:
    lang = ctx.lang
    count = next(len(p.commitments) for p in view.provisions if p.provision.id == provision.id)
    ref = service.provision_reference(provision, lang)
    with st.expander(t("mou.delete_provision", lang), icon=":material/delete:"):
        confirmed = st.checkbox(t("mou.confirm_delete_provision", lang, ref=ref, count=count), key=f"mou_del_provision_{provision.id}_ok")
        if st.button(t("mou.delete_provision", lang), key=f"mou_del_provision_{provision.id}"):
            if not confirmed:
                st.warning(t("mou.confirm_first", lang))
                return
            gone = service.delete_provision(ctx.cur, group_id=ctx.group.id, provision_id=provision.id, actor=ctx.actor,
                                            with_commitments=True)
            st.session_state["mou_edit_provision_next"] = NEW
            flash("success", t("mou.deleted_with", lang, ref=ref, count=gone) if gone else t("mou.deleted", lang, ref=ref))
            st.rerun()


# --- edit: commitments ------------------------------------------------------------------------

def commitment_editor(ctx: PageContext, view: MouView, meeting_seqs: list[int]) -> None:
    lang, cur, d = ctx.lang, ctx.cur, ctx.directory
    if not view.provisions:
        st.info(t("mou.no_provision_yet", lang))
        return
    by_id, provision_of, fmt = _commitment_choice(view, lang)
    provisions = {p.provision.id: p.provision for p in view.provisions}
    chosen = _pick("mou_edit_commitment", [NEW, *by_id], lambda i: t("mou.new_commitment", lang) if i == NEW else fmt(i),
                   t("mou.pick_commitment", lang))
    current: Commitment | None = by_id[chosen].commitment if chosen in by_id else None
    acronyms = sorted(o.acronym for o in d.orgs.values())
    party_acronyms = [d.org(ctx.group.party_a_org_id), d.org(ctx.group.party_b_org_id)]
    seq_of = _meeting_ids(ctx)

    def fields(base: str) -> dict:
        a, b = st.columns([1, 3])
        code = a.text_input(t("mou.field_code", lang), value=current.code if current else "", key=f"{base}_code", max_chars=40)
        if current is None:
            provision_id = b.selectbox(t("mou.field_provision", lang), options=list(provisions), key=f"{base}_provision",
                                       format_func=lambda i: provision_title(None, lang, provision=provisions[i]))
        else:
            provision_id = current.provision_id
            b.text_input(t("mou.field_provision", lang), value=provision_title(None, lang, provision=provisions[provision_id]),
                         disabled=True, key=f"{base}_provision_shown")
        description = bilingual_input(f"{base}_description", "mou.field_description", lang,
                                      current.description if current else None, area=True)
        responsible = st.multiselect(
            t("mou.field_responsible", lang), options=acronyms, key=f"{base}_responsible",
            default=[d.org(o) for o in current.responsible_org_ids] if current else party_acronyms)
        c1, c2, c3, c4 = st.columns(4)
        due = c1.date_input(t("mou.field_due_date", lang), value=current.due_date if current else None, key=f"{base}_due",
                            min_value=date(2000, 1, 1), max_value=date(2100, 12, 31),
                            format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD")
        recurrences = [None, *Recurrence]
        recurrence = c2.selectbox(t("mou.field_recurrence", lang), options=recurrences, key=f"{base}_recurrence",
                                  index=recurrences.index(current.recurrence) if current else 0,
                                  format_func=lambda v: t("common.none", lang) if v is None else label(v, lang))
        statuses = list(CommitmentStatus)
        status = c3.selectbox(t("mou.field_status", lang), options=statuses, key=f"{base}_status",
                              index=statuses.index(current.status) if current else 0, format_func=lambda v: label(v, lang))
        rags = [None, *Rag]
        rag = c4.selectbox(t("mou.field_rag", lang), options=rags, key=f"{base}_rag",
                           index=rags.index(current.rag) if current else 0,
                           format_func=lambda v: t("common.none", lang) if v is None else label(v, lang))
        rag_reason = bilingual_input(f"{base}_rag_reason", "mou.field_rag_reason", lang, current.rag_reason if current else None)
        evidence = bilingual_input(f"{base}_evidence", "mou.field_evidence", lang, current.evidence if current else None)
        e1, e2 = st.columns([3, 1])
        evidence_url = e1.text_input(t("mou.field_evidence_url", lang), value=(current.evidence_url or "") if current else "",
                                     key=f"{base}_url", max_chars=2000)
        reviewed_options = [None, *meeting_seqs]
        reviewed_now = seq_of.get(current.last_reviewed_meeting_id) if current else None
        reviewed = e2.selectbox(t("mou.field_reviewed", lang), options=reviewed_options, key=f"{base}_reviewed",
                                index=reviewed_options.index(reviewed_now) if reviewed_now in reviewed_options else 0,
                                format_func=lambda v: t("common.none", lang) if v is None else meeting_label(v, lang))
        note = st.text_input(t("mou.field_note", lang), key=f"{base}_note", max_chars=1000) if current else None
        return dict(code=code, description=description, responsible_acronyms=responsible, due_date=due,
                    recurrence=recurrence, status=status, rag=rag, rag_reason=rag_reason, evidence=evidence,
                    evidence_url=evidence_url, last_reviewed_meeting_seq=reviewed, provision_id=provision_id, note=note)

    def create(values: dict) -> tuple[int, str]:
        provision_id = values.pop("provision_id")
        values.pop("note")
        new_id = service.create_commitment(cur, group_id=ctx.group.id, provision_id=provision_id,
                                           data=CommitmentCreate(**values), actor=ctx.actor)
        return new_id, values["code"].strip()

    def update(values: dict, loaded: int) -> tuple[dict, str]:
        values.pop("provision_id")
        note = values.pop("note")
        diff = service.update_commitment(cur, group_id=ctx.group.id, commitment_id=current.id, expected_version=loaded,
                                         data=CommitmentUpdate(**values), actor=ctx.actor, note=(note or "").strip() or None)
        return diff, values["code"].strip()

    if _record_form(ctx, "commitment", current, "code", fields, create, update):
        _delete_commitment(ctx, current, by_id[current.id])
        _history(ctx, "commitment", current.id)


def _meeting_ids(ctx: PageContext) -> dict[int, int]:
    """Plenary meeting id -> its number."""
    return {r.meeting.id: r.meeting.sequence_no for r in planning.list_meetings(ctx.cur, group_id=ctx.group.id, actor=ctx.actor)
            if r.meeting.subcommittee_id is None}


def _delete_commitment(ctx: PageContext, commitment: Commitment, cv) -> None:
    lang = ctx.lang
    count = len(cv.activities) + len(cv.actions) + len(cv.decisions)
    with st.expander(t("mou.delete_commitment", lang), icon=":material/delete:"):
        confirmed = st.checkbox(t("mou.confirm_delete_commitment", lang, ref=commitment.code, count=count),
                                key=f"mou_del_commitment_{commitment.id}_ok")
        if st.button(t("mou.delete_commitment", lang), key=f"mou_del_commitment_{commitment.id}"):
            if not confirmed:
                st.warning(t("mou.confirm_first", lang))
                return
            service.delete_commitment(ctx.cur, group_id=ctx.group.id, commitment_id=commitment.id, actor=ctx.actor)
            st.session_state["mou_edit_commitment_next"] = NEW
            flash("success", t("mou.deleted", lang, ref=commitment.code))
            st.rerun()


def edit_panel(ctx: PageContext, view: MouView) -> None:
    lang = ctx.lang
    what = st.radio(t("mou.edit_what", lang), options=["provisions", "commitments"], horizontal=True, key="mou_edit_what",
                    format_func=lambda v: t(f"mou.edit_{v}", lang))
    if what == "provisions":
        provision_editor(ctx, view)
    else:
        seqs = sorted(set(_meeting_ids(ctx).values()))
        commitment_editor(ctx, view, seqs)
