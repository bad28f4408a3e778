"""MoU page widgets for reading: the agreement, headline figures, the progress formula, provision cards, activity lookup."""

from __future__ import annotations

import streamlit as st

from jtwg.i18n import format_date, label, ordinal, t, typographic
from jtwg.models import Activity, CommitmentStatus, Mou, Rag
from jtwg.services import mou as service
from jtwg.services.mou import CommitmentView, MouView, ProvisionView
from jtwg.ui.display import table
from jtwg.ui.context import PageContext

RAG_COLOUR = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green"}
STATUS_COLOUR = {
    CommitmentStatus.NOT_STARTED: "gray", CommitmentStatus.IN_PROGRESS: "blue", CommitmentStatus.FULFILLED: "green",
    CommitmentStatus.PARTIALLY_FULFILLED: "orange", CommitmentStatus.NOT_FULFILLED: "red",
    CommitmentStatus.SUPERSEDED: "gray",
}


def sticky(key: str, options: list) -> None:
    """Keep a picker's choice while its view is hidden (Streamlit forgets the state of widgets not drawn)."""
    kept = f"{key}__kept"
    if key not in st.session_state and st.session_state.get(kept) in options:
        st.session_state[key] = st.session_state[kept]


def remember(key: str, value: object) -> None:
    st.session_state[f"{key}__kept"] = value


def pct(value: float | None, lang: str) -> str:
    """"45%" / "45 %", or "—" when there is no figure."""
    return t("common.none", lang) if value is None else t("mou.pct", lang, pct=round(value))


def progress_text(value: float | None, lang: str) -> str:
    return t("mou.progress_none", lang) if value is None else t("mou.progress", lang, pct=round(value))


def provision_title(pv: ProvisionView | None, lang: str, provision=None) -> str:
    """"Article 4 — Protection and repatriation of victims"."""
    p = provision or pv.provision
    heading = f" — {p.heading.get(lang)}" if p.heading else ""
    return typographic(service.provision_reference(p, lang) + heading, lang)


def meeting_label(seq: int | None, lang: str) -> str:
    return "" if seq is None else t("mou.meeting_short", lang, ordinal=ordinal(seq, lang))


def agreement(ctx: PageContext, mou: Mou) -> None:
    """Title, parties, signature, entry into force and term, and the illustrative notice."""
    lang, d, g = ctx.lang, ctx.directory, ctx.group
    st.subheader(typographic(mou.title.get(lang), lang))
    lines = [t("mou.parties", lang, a=d.org_name(g.party_a_org_id, lang), b=d.org_name(g.party_b_org_id, lang))]
    if mou.signed_on:
        lines.append(t("mou.signed", lang, place=mou.signed_place or "", date=format_date(mou.signed_on, lang)))
    end = service.mou_end_date(mou)
    if end:
        lines.append(t("mou.in_force_until", lang, date=format_date(mou.in_force_from, lang), months=mou.duration_months,
                       end=format_date(end, lang)))
    st.markdown(typographic("  \n".join(lines), lang))
    if mou.illustrative:
        st.warning(t("mou.illustrative", lang), icon=":material/info:")


def summary(view: MouView, lang: str) -> None:
    commitments = [c.commitment for c in view.commitments]
    fulfilled = sum(c.status.value == "fulfilled" for c in commitments)
    cols = st.columns(5)
    cols[0].metric(t("mou.metric_progress", lang), pct(view.progress, lang))
    cols[1].metric(t("mou.metric_provisions", lang), len(view.provisions))
    cols[2].metric(t("mou.metric_fulfilled", lang), t("mou.metric_of", lang, done=fulfilled, total=len(commitments)))
    cols[3].metric(t("mou.metric_no_activity", lang), sum(p.needs_activity for p in view.provisions))
    cols[4].metric(t("mou.metric_red", lang), sum(c.rag is Rag.RED for c in commitments))


def formula(lang: str) -> None:
    """The roll-up formula, in the reader's language, next to the figures it explains."""
    with st.container(border=True):
        st.markdown(f"**{t('mou.formula_title', lang)}**")
        for key in ("mou.formula_work", "mou.formula_commitment", "mou.formula_provision"):
            st.markdown(f"- {t(key, lang)}")
        st.caption(t("mou.formula_why", lang))


def _work_progress_text(value: float | None, lang: str) -> str:
    return t("common.none", lang) if value is None else pct(value, lang)


def basis(c: CommitmentView, lang: str) -> str:
    """How a commitment's score was reached, in words: the formula applied to this row."""
    status = c.commitment.status
    if c.score is None:
        return t("mou.basis_superseded", lang)
    if status.value == "in_progress":
        if not c.measured_by:
            return t("mou.basis_no_work", lang)
        items = ", ".join(f"{code} {pct(p, lang)}" for code, p in c.measured_by)
        return t("mou.basis_work", lang, items=items)
    return t("mou.basis_status", lang, status=label(status, lang).lower(), score=round(c.score))


def _labelled(key: str, value: str, lang: str) -> str:
    return typographic(f"{t(key, lang)}: {value}", lang)


def commitment_block(cv: CommitmentView, ctx: PageContext, meeting_seq: dict[int, int]) -> None:
    """One commitment: what, who, when, status and rating badges, evidence, and its score with how it was reached."""
    lang, d, m = ctx.lang, ctx.directory, cv.commitment
    left, right = st.columns([4, 1])
    with left:
        st.markdown(f"**{m.code}** — {typographic(m.description.get(lang), lang)}")
        badges = [f":{STATUS_COLOUR[m.status]}-badge[{label(m.status, lang)}]"]
        if m.rag:
            badges.append(f":{RAG_COLOUR[m.rag]}-badge[{_labelled('mou.col_rag', label(m.rag, lang), lang)}]")
        if m.rag_reason:
            badges.append(typographic(m.rag_reason.get(lang), lang))
        st.markdown(" ".join(badges))
        due = [format_date(m.due_date, lang)] if m.due_date else []
        due += [label(m.recurrence, lang)] if m.recurrence else []
        meta = [_labelled("mou.col_responsible", ", ".join(d.org(o) for o in m.responsible_org_ids), lang),
                _labelled("mou.col_due", " · ".join(due), lang)]
        if m.last_reviewed_meeting_id in meeting_seq:
            meta.append(_labelled("mou.col_reviewed", meeting_label(meeting_seq[m.last_reviewed_meeting_id], lang), lang))
        st.caption(" · ".join(meta))
        evidence = [m.evidence.get(lang)] if m.evidence else []
        if not m.evidence:   # the decisions stand as evidence when no document is named
            evidence += [d_.reference(lang) for d_ in cv.decisions]
        if evidence or m.evidence_url:
            link = f" [{t('mou.col_link', lang)} ↗]({m.evidence_url})" if m.evidence_url else ""
            st.markdown(_labelled("mou.col_evidence", "; ".join(evidence), lang) + link)
    with right:
        st.markdown(f"**{_labelled('mou.col_score', pct(cv.score, lang), lang)}**")
        st.caption(typographic(basis(cv, lang), lang))


def _work_line(kind_key: str, code: str, title: str, status: str, progress: float | None, via: list[str], lang: str) -> str:
    """"**Activity PR-02** — title · In progress · 30% · via C-4.1"."""
    parts = [f"**{t(kind_key, lang)} {code}** — {title}", status, _work_progress_text(progress, lang),
             f"_{t('mou.via', lang, codes=', '.join(via))}_"]
    return typographic(" · ".join(parts), lang)


def implemented_by(pv: ProvisionView, lang: str) -> None:
    """Everything that carries out the provision, through which commitment."""
    lines: list[str] = []
    seen: dict[tuple[str, int], tuple[object, list[str]]] = {}
    for c in pv.commitments:
        for kind, items in (("activity", c.activities), ("action", c.actions), ("decision", c.decisions)):
            for item in items:
                seen.setdefault((kind, item.id), (item, []))[1].append(c.commitment.code)
    for (kind, _), (item, via) in seen.items():
        if kind == "activity":
            lines.append(_work_line("mou.kind_activity", item.code, item.title.get(lang), label(item.status, lang),
                                    service.activity_progress(item), via, lang))
        elif kind == "action":
            lines.append(_work_line("mou.kind_action", item.code, item.text.get(lang), label(item.status, lang),
                                    service.action_progress(item), via, lang))
        else:
            lines.append(typographic(f"**{t('mou.kind_decision', lang)}** {item.summary(lang)} · "
                                     f"_{t('mou.via', lang, codes=', '.join(via))}_", lang))
    st.markdown(f"**{t('mou.implemented_by', lang)}**")
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))
    else:
        st.caption(t("mou.nothing_linked", lang))


def provision_card(pv: ProvisionView, ctx: PageContext, meeting_seq: dict[int, int]) -> None:
    lang, d, p = ctx.lang, ctx.directory, pv.provision
    with st.container(border=True, key=f"mou_card_{p.id}"):
        head, bar = st.columns([3, 1], vertical_alignment="center")
        head.markdown(f"#### {provision_title(pv, lang)}")
        if p.pillar and p.subcommittee_id:
            head.caption(t("mou.pillar_sub", lang, pillar=label(p.pillar, lang), name=d.subcommittee(p.subcommittee_id, lang)))
        elif p.subcommittee_id:
            head.caption(t("mou.subcommittee", lang, name=d.subcommittee(p.subcommittee_id, lang)))
        elif p.pillar:
            head.caption(t("mou.pillar", lang, pillar=label(p.pillar, lang)))
        bar.progress(0 if pv.progress is None else round(pv.progress) / 100, text=progress_text(pv.progress, lang))
        st.markdown(typographic(p.text.get(lang), lang))
        if pv.needs_activity:
            st.warning(t("mou.flag_no_activity", lang), icon=":material/flag:")
        elif not pv.has_activity:
            st.caption(t("mou.note_no_activity_closed", lang))
        if not pv.commitments:
            st.caption(t("mou.no_commitments", lang))
            return
        for cv in pv.commitments:
            st.divider()
            commitment_block(cv, ctx, meeting_seq)
        st.divider()
        implemented_by(pv, lang)


def activity_lookup(ctx: PageContext, view: MouView, activities: list[Activity]) -> None:
    """Pick an activity, see the provisions it serves (the same answer the work-plan page can give)."""
    lang = ctx.lang
    st.caption(t("mou.lookup_intro", lang))
    by_id = {a.id: a for a in activities}
    sticky("mou_lookup_activity", list(by_id))
    chosen = st.selectbox(t("mou.lookup_activity", lang), options=list(by_id), key="mou_lookup_activity",
                          format_func=lambda i: f"{by_id[i].code} — {by_id[i].title.get(lang)}")
    remember("mou_lookup_activity", chosen)
    if chosen is None:
        return
    served = service.provisions_served_by_activity(ctx.cur, chosen)
    _lookup_answer(ctx, by_id[chosen], served)
    # The overview table reads the links already loaded in the page's view (one pass, no query per activity).
    served_by: dict[int, list[str]] = {}
    for pv in view.provisions:
        for a in pv.activities:
            codes = ", ".join(c.commitment.code for c in pv.commitments if a in c.activities)
            served_by.setdefault(a.id, []).append(f"{service.provision_reference(pv.provision, lang)} ({codes})")
    st.markdown(f"**{t('mou.lookup_all', lang)}**")
    table([{
        "activity": f"{a.code} — {a.title.get(lang)}",
        "provisions": "; ".join(served_by.get(a.id, [])) or t("common.none", lang),
    } for a in activities], {"activity": "mou.col_activity", "provisions": "mou.col_provisions"}, lang,
        activity=st.column_config.TextColumn(width="large"))


def _lookup_answer(ctx: PageContext, activity: Activity, served: list) -> None:
    lang = ctx.lang
    if not served:
        st.info(t("mou.lookup_none", lang), icon=":material/link_off:")
        return
    st.markdown(t("mou.lookup_serves", lang, code=activity.code, count=len(served)))
    for s in served:
        with st.container(border=True):
            st.markdown(f"**{provision_title(None, lang, provision=s.provision)}**")
            st.markdown(typographic(s.provision.text.get(lang), lang))
            st.markdown("\n".join(
                f"- **{c.code}** — {typographic(c.description.get(lang), lang)} · {label(c.status, lang)}" for c in s.commitments))
