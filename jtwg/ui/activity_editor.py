"""Work-plan widgets: URL-aware filters, the activity form (add / edit), and delete with a choice for linked items."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from jtwg.errors import InvalidInput, JtwgError, StaleVersion
from jtwg.i18n import label, t
from jtwg.models import (
    Activity, ActivityCreate, ActivityStatus, ActivityUpdate, Bilingual, FundingSource, LinkedOnDelete, WorkPlan,
)
from jtwg.services import workplan as service
from jtwg.ui.context import PageContext, show_error
from jtwg.ui.forms import flash, forget as _forget
from jtwg.ui.query import lang_widget, sync_from_url, write_to_url
from jtwg.validation import describe

F = "wf_"
QUERY_KEYS = ("subcommittee", "status", "overdue")
NEW = 0
FIELD_KEYS = {
    "code": "workplan.col_code", "title": "workplan.col_title_en", "description": "workplan.col_description_en",
    "lead_acronym": "workplan.col_lead", "partner_acronyms": "workplan.col_partners", "planned_start": "workplan.col_start",
    "planned_end": "workplan.col_end", "location": "workplan.col_location", "budget_amount": "workplan.col_budget",
    "currency": "workplan.col_currency", "funding_source": "workplan.col_funding", "indicator": "workplan.col_indicator_en",
    "target": "workplan.col_target", "status": "workplan.col_status", "progress_pct": "workplan.col_progress",
    "means_of_verification": "workplan.col_mov_en",
}


def filter_bar(ctx: PageContext, plans: list[WorkPlan]) -> tuple[str, str, bool]:
    """Sub-committee ("" all, "JTWG" JTWG-wide), activity status and overdue; read from and written to the URL."""
    lang, d = ctx.lang, ctx.directory
    subs = [""] + [d.subcommittees[p.subcommittee_id].code if p.subcommittee_id in d.subcommittees else "JTWG" for p in plans]
    subs = list(dict.fromkeys(subs))
    statuses = [""] + [s.value for s in ActivityStatus]

    def apply(params: dict[str, str]) -> None:
        dropped = []
        sub = params.get("subcommittee", "")
        if sub not in subs:
            dropped.append("subcommittee")
            sub = ""
        status = params.get("status", "")
        if status not in statuses:
            dropped.append("status")
            status = ""
        st.session_state[F + "subcommittee"] = sub
        st.session_state[F + "status"] = status
        st.session_state[F + "overdue"] = params.get("overdue") in ("1", "true", "yes")
        st.session_state[F + "dropped"] = dropped

    sync_from_url(F, QUERY_KEYS, apply)
    if st.session_state.get(F + "dropped"):
        st.warning(t("actions.bad_query", lang, names=", ".join(st.session_state[F + "dropped"])))
    every = t("actions.f_all", lang)

    def sub_name(code: str) -> str:
        if not code:
            return every
        if code == "JTWG":
            return t("overview.jtwg_wide", lang)
        return d.subcommittee(next(s.id for s in d.subcommittees.values() if s.code == code), lang)

    c1, c2, c3 = st.columns([2, 2, 1])
    sub = c1.selectbox(t("actions.f_subcommittee", lang), subs, format_func=sub_name, **lang_widget(F + "subcommittee", lang))
    status = c2.selectbox(t("workplan.f_status", lang), statuses, **lang_widget(F + "status", lang),
                          format_func=lambda s: label(ActivityStatus(s), lang) if s else every)
    overdue = c3.checkbox(t("actions.f_overdue", lang), **lang_widget(F + "overdue", lang))
    for name, value in (("subcommittee", sub), ("status", status), ("overdue", overdue)):
        st.session_state[F + name] = value
    params = {k: v for k, v in (("subcommittee", sub), ("status", status), ("overdue", "1" if overdue else "")) if v}
    write_to_url(F, QUERY_KEYS, params)
    return sub, status, overdue


def plan_code(ctx: PageContext, plan: WorkPlan) -> str:
    sub = ctx.directory.subcommittees.get(plan.subcommittee_id)
    return sub.code if sub else "JTWG"


def plan_name(ctx: PageContext, plan: WorkPlan) -> str:
    return ctx.directory.subcommittee(plan.subcommittee_id, ctx.lang) or t("overview.jtwg_wide", ctx.lang)


def _text(en: str, fr: str, previous: Bilingual | None) -> Bilingual | None:
    en, fr = en.strip(), fr.strip()
    if not en and not fr:
        return None
    if previous is not None and (previous.en, previous.fr) == (en, fr):
        return previous
    return Bilingual.of(en, fr, source="fr" if fr and not en else "en")


def activity_form(ctx: PageContext, plans: list[WorkPlan], activities: list[Activity]) -> None:
    """Pick "new" or an activity; every field of the work plan; saved with the version it was opened at."""
    lang, d = ctx.lang, ctx.directory
    by_id = {a.id: a for a in activities}
    if "activity_pick_next" in st.session_state:   # a just-added activity: show it (set before the widget exists)
        st.session_state["activity_pick"] = st.session_state.pop("activity_pick_next")
    if st.session_state.get("activity_pick", NEW) not in (NEW, *by_id):
        st.session_state["activity_pick"] = NEW
    picked = st.selectbox(t("workplan.pick", lang), [NEW, *by_id], **lang_widget("activity_pick", lang),
                          format_func=lambda i: t("workplan.new", lang) if i == NEW else f"{by_id[i].code} — {by_id[i].title.get(lang)[:80]}")
    a = by_id.get(picked)
    base = st.session_state.setdefault(f"wa_{picked}_base", a.version if a else None)
    p = f"wa_{picked}_{lang}_"   # per language: select boxes keep the labels they were first drawn with
    plans_by_id = {pl.id: pl for pl in plans}
    orgs = [""] + sorted(o.acronym for o in d.orgs.values())
    acr = {o.id: o.acronym for o in d.orgs.values()}
    with st.form(p + "form"):
        c1, c2 = st.columns([1, 3])
        code = c1.text_input(t("workplan.col_code", lang), value=a.code if a else "", disabled=a is not None, key=p + "code")
        plan_id = c2.selectbox(t("workplan.plan", lang), list(plans_by_id), format_func=lambda i: plan_name(ctx, plans_by_id[i]),
                               index=list(plans_by_id).index(a.workplan_id) if a else 0, key=p + "plan")
        c1, c2 = st.columns(2)
        title_en = c1.text_input(t("workplan.col_title_en", lang), value=a.title.en if a else "", key=p + "title_en")
        title_fr = c2.text_input(t("workplan.col_title_fr", lang), value=a.title.fr if a else "", key=p + "title_fr")
        desc_en = c1.text_area(t("workplan.col_description_en", lang), value=a.description.en if a and a.description else "", key=p + "desc_en", height=80)
        desc_fr = c2.text_area(t("workplan.col_description_fr", lang), value=a.description.fr if a and a.description else "", key=p + "desc_fr", height=80)
        c1, c2, c3, c4 = st.columns(4)
        lead = c1.selectbox(t("workplan.col_lead", lang), orgs, index=orgs.index(acr.get(a.lead_org_id, "")) if a else 0,
                            format_func=lambda x: x or "—", key=p + "lead")
        partners = c2.multiselect(t("workplan.col_partners", lang), orgs[1:], default=[acr[i] for i in a.partner_org_ids] if a else [],
                                  key=p + "partners")
        start = c3.date_input(t("workplan.col_start", lang), value=a.planned_start if a else None, key=p + "start",
                              format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD")
        end = c4.date_input(t("workplan.col_end", lang), value=a.planned_end if a else None, key=p + "end",
                            format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD")
        c1, c2, c3, c4 = st.columns(4)
        location = c1.text_input(t("workplan.col_location", lang), value=(a.location or "") if a else "", key=p + "location")
        budget = c2.number_input(t("workplan.col_budget", lang), min_value=0.0, value=float(a.budget_amount) if a and a.budget_amount is not None else None,
                                 step=1000.0, key=p + "budget")
        currency = c3.text_input(t("workplan.col_currency", lang), value=(a.currency or "") if a else "EUR", max_chars=3, key=p + "currency")
        funding = c4.selectbox(t("workplan.col_funding", lang), list(FundingSource), format_func=lambda f: label(f, lang),
                               index=list(FundingSource).index(a.funding_source if a else FundingSource.UNFUNDED), key=p + "funding")
        c1, c2, c3 = st.columns([2, 2, 1])
        ind_en = c1.text_input(t("workplan.col_indicator_en", lang), value=a.indicator.en if a and a.indicator else "", key=p + "ind_en")
        ind_fr = c2.text_input(t("workplan.col_indicator_fr", lang), value=a.indicator.fr if a and a.indicator else "", key=p + "ind_fr")
        target = c3.text_input(t("workplan.col_target", lang), value=(a.target or "") if a else "", key=p + "target")
        c1, c2, c3, c4 = st.columns(4)
        status = c1.selectbox(t("workplan.col_status", lang), list(ActivityStatus), format_func=lambda s: label(s, lang),
                              index=list(ActivityStatus).index(a.status if a else ActivityStatus.NOT_STARTED), key=p + "status")
        progress = c2.number_input(t("workplan.col_progress", lang), min_value=0, max_value=100, step=5,
                                   value=a.progress_pct if a else None, key=p + "progress")
        mov_en = c3.text_input(t("workplan.col_mov_en", lang), value=a.means_of_verification.en if a and a.means_of_verification else "", key=p + "mov_en")
        mov_fr = c4.text_input(t("workplan.col_mov_fr", lang), value=a.means_of_verification.fr if a and a.means_of_verification else "", key=p + "mov_fr")
        submitted = st.form_submit_button(t("workplan.save", lang), type="primary", key=p + "submit")
    if not submitted:
        return
    fields = dict(
        title=_text(title_en, title_fr, a.title if a else None),
        description=_text(desc_en, desc_fr, a.description if a else None),
        lead_acronym=lead or None, partner_acronyms=partners, planned_start=start, planned_end=end,
        location=location.strip() or None, budget_amount=budget, currency=currency.strip().upper() or None,
        funding_source=funding, indicator=_text(ind_en, ind_fr, a.indicator if a else None), target=target.strip() or None,
        status=status, progress_pct=progress,
        means_of_verification=_text(mov_en, mov_fr, a.means_of_verification if a else None),
    )
    if fields["budget_amount"] is None and a is None:
        fields["currency"] = None   # the suggested currency means nothing without a budget
    try:
        if fields["title"] is None:
            raise InvalidInput([(t("workplan.col_title_en", lang), "invalid.missing", {})])
        if a is None:
            new_id = service.create_activity(ctx.cur, workplan_id=plan_id, data=ActivityCreate(code=code, **fields), actor=ctx.actor)
            message = t("workplan.created", lang, code=code)
            st.session_state["activity_pick_next"] = new_id
        else:
            service.update_activity(ctx.cur, activity_id=a.id, expected_version=base, data=ActivityUpdate(**fields),
                                    actor=ctx.actor, workplan_id=plan_id)
            message = t("workplan.updated", lang, code=a.code)
    except StaleVersion as exc:
        st.error(exc.message(lang))
        st.button(t("actions.reload", lang), key=p + "reload", on_click=_forget, args=(f"wa_{picked}_",))
        return
    except ValidationError as exc:
        st.error("\n".join(f"- {line}" for line in describe(exc, lang, {k: t(v, lang) for k, v in FIELD_KEYS.items()})))
        return
    except JtwgError as exc:
        show_error(exc, lang)
        return
    _forget(f"wa_{picked}_")
    flash("success", message)
    st.rerun()


def delete_panel(ctx: PageContext, activities: list[Activity]) -> None:
    """Delete after an explicit confirmation; linked MoU commitments are unlinked or moved, as the user chooses."""
    lang = ctx.lang
    if not activities:
        return
    by_id = {a.id: a for a in activities}
    if st.session_state.get("activity_delete_pick") not in by_id:
        st.session_state.pop("activity_delete_pick", None)
    picked = st.selectbox(t("workplan.delete_pick", lang), list(by_id), **lang_widget("activity_delete_pick", lang),
                          format_func=lambda i: f"{by_id[i].code} — {by_id[i].title.get(lang)[:80]}")
    a = by_id[picked]
    linked = service.linked_commitments(ctx.cur, activity_id=a.id)
    choice, move_to = LinkedOnDelete.REFUSE, None
    if linked:
        st.warning(t("workplan.links_found", lang, count=len(linked), codes=", ".join(c.code for c in linked)))
        choice = st.radio(t("workplan.links_choice", lang), [LinkedOnDelete.UNLINK, LinkedOnDelete.MOVE],
                          format_func=lambda c: t(f"workplan.links_{c.value}", lang), key=f"wd_{a.id}_{lang}_choice")
        if choice is LinkedOnDelete.MOVE:
            others = [i for i in by_id if i != a.id]
            move_to = st.selectbox(t("workplan.move_to", lang), others, key=f"wd_{a.id}_{lang}_target",
                                   format_func=lambda i: f"{by_id[i].code} — {by_id[i].title.get(lang)[:80]}")
    confirm = st.checkbox(t("workplan.delete_confirm", lang, code=a.code), key=f"wd_{a.id}_confirm")
    if st.button(t("workplan.delete_button", lang), key=f"wd_{a.id}_go", type="primary", disabled=not confirm):
        try:
            service.delete_activity(ctx.cur, activity_id=a.id, expected_version=a.version, actor=ctx.actor,
                                    linked=choice, move_to_id=move_to)
        except JtwgError as exc:
            show_error(exc, lang)
            return
        _forget(f"wd_{a.id}_")
        _forget(f"wa_{a.id}_")
        _forget("activity_delete_pick")
        if st.session_state.get("activity_pick") == a.id:
            _forget("activity_pick")
        flash("success", t("workplan.deleted", lang, code=a.code))
        st.rerun()
