"""A record's history as a readable table: when, who, what changed from -> to, and the note."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Callable

import pandas as pd
import streamlit as st

from jtwg.i18n import format_date, label, t
from jtwg.services.directory import Directory

# Columns whose stored value is an id or a code: how to show them.
def value_formatter(directory: Directory, lang: str, enums: dict[str, type[StrEnum]]) -> Callable[[str, Any], str]:
    def show(field: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        if field in enums:
            try:
                return label(enums[field](value), lang)
            except ValueError:
                return str(value)
        if field.endswith("org_id"):
            return directory.org(value) or str(value)
        if field.endswith("person_id"):
            return directory.person(value, lang, with_position=False) or str(value)
        if field.endswith("org_ids") and isinstance(value, list):
            return ", ".join(directory.org(v) for v in value)
        if isinstance(value, dict) and {"en", "fr"} <= set(value):
            return value.get(lang) or value.get("en") or "—"
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            try:
                return format_date(date.fromisoformat(value), lang, "medium")
            except ValueError:
                return value
        return str(value)
    return show


def history_table(entries: list[dict], *, lang: str, field_keys: dict[str, str], show: Callable[[str, Any], str],
                  skip: tuple[str, ...] = ("version", "updated_at", "updated_by", "created_at")) -> None:
    """One line per changed field (or per note) of each history entry, newest first."""
    lines = []
    for e in entries:
        when = f"{format_date(e['logged_at'].date(), lang, 'medium')} {e['logged_at']:%H:%M}"
        what = t(f"history.action.{e['action']}", lang) if e["action"] in ("create", "update", "note", "delete") else e["action"]
        changed = [(f, v) for f, v in e["changes"].items() if f not in skip] if e["action"] == "update" else []
        if not changed:
            lines.append({"when": when, "who": e["actor"], "what": what, "from": "", "to": "", "note": e["note"] or ""})
        for i, (field, (before, after)) in enumerate(changed):
            lines.append({
                "when": when, "who": e["actor"], "what": t(field_keys[field], lang) if field in field_keys else field,
                "from": show(field, before), "to": show(field, after), "note": (e["note"] or "") if i == 0 else "",
            })
    frame = pd.DataFrame(lines, columns=["when", "who", "what", "from", "to", "note"])
    frame.columns = [t(f"history.col_{c}", lang) for c in frame.columns]
    # A plain table: short, readable when printed, and its text is real page text (search, screen readers).
    st.table(frame, hide_index=True, border="horizontal")
