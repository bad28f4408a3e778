"""The personal-data check in the app: the models' first load with progress, and saves that warn and wait for confirmation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from jtwg.i18n import t, typographic
from jtwg.models import Bilingual, Confidentiality
from jtwg.services import personal_data
from jtwg.services.redaction import Finding, Where
from jtwg.ui.context import PageContext
from jtwg.ui.forms import run_change

PENDING_KEY = "pii_pending_save"


def ensure_models(lang: str) -> None:
    """Load the name recogniser the first time the process needs it, showing progress (about 10 s, once)."""
    if personal_data.ner_enabled() and not personal_data.models_ready():
        with st.status(t("pii.loading_models", lang), expanded=False) as status:
            personal_data.load_models()
            status.update(label=t("pii.models_loaded", lang), state="complete")


def findings_markdown(findings: Iterable[Finding], lang: str) -> str:
    return "\n".join(f"- {typographic(f.describe(lang), lang)}" for f in findings)


@dataclass
class PendingSave:
    findings: list[Finding]
    change: Callable[[], Any]
    success_key: str
    params: dict
    entity: str
    entity_id: int | None


def guarded_change(ctx: PageContext, change: Callable[[], Any], success_key: str, *,
                   texts: list[tuple[Where, Bilingual | None]], level: Confidentiality | str, protected: bool,
                   entity: str, entity_id: int | None, **params: object) -> bool:
    """Save through `change` if the texts hold no personal data; otherwise keep it waiting for the user's confirmation."""
    ensure_models(ctx.lang)
    findings = personal_data.check_texts(ctx.cur, texts, level=level, protected=protected)
    if not findings:
        return run_change(ctx.lang, change, success_key, **params)
    st.session_state[PENDING_KEY] = PendingSave(findings, change, success_key, dict(params), entity, entity_id)
    st.rerun()
    return False


def pending_confirmation(ctx: PageContext) -> None:
    """The warning of a save waiting for confirmation, every finding listed; draw it above the forms."""
    pending: PendingSave | None = st.session_state.get(PENDING_KEY)
    if pending is None:
        return
    lang = ctx.lang
    with st.container(border=True, key="pii_warning"):
        st.warning(t("pii.save_warning", lang, count=len(pending.findings)) + "\n\n" + findings_markdown(pending.findings, lang),
                   icon=":material/person_alert:")
        c1, c2 = st.columns(2)
        if c1.button(t("pii.save_anyway", lang), key="pii_save_anyway", icon=":material/warning:"):
            st.session_state.pop(PENDING_KEY, None)

            def confirmed():
                result = pending.change()
                personal_data.log_confirmation(ctx.cur, actor=ctx.actor, entity=pending.entity, entity_id=pending.entity_id,
                                               findings=pending.findings)
                return result

            run_change(ctx.lang, confirmed, pending.success_key, **pending.params)
        if c2.button(t("pii.back_to_edit", lang), key="pii_back_to_edit", type="primary", icon=":material/edit:"):
            st.session_state.pop(PENDING_KEY, None)
            st.rerun()


def item_ref(item) -> str:
    """An agenda item as findings name it (its label, else its position)."""
    return item.label or str(item.position)


def personal_data_warnings(warnings: list, lang: str, *, key: str) -> bool:
    """List an import's personal-data warnings per row; True when there are none or the user confirmed them."""
    if not warnings:
        return True
    st.warning("\n".join([t("pii.import_warnings", lang, count=len(warnings))]
                         + [f"- {typographic(w.message(lang), lang)}" for w in warnings]), icon=":material/person_alert:")
    return st.checkbox(t("pii.import_confirm", lang), key=key)
