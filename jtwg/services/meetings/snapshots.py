"""Frozen minutes versions: a JSON snapshot of the minutes content, and what changed between two of them."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from jtwg.i18n import t
from jtwg.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, MinuteEntry, Minutes
from jtwg.services.meetings.minutes import DayView, ItemView, MinutesView

TEXT_LANGS = ("en", "fr")


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude={"version", "updated_at", "updated_by", "created_at"})


def snapshot(view: MinutesView) -> dict[str, Any]:
    """The minutes content as plain JSON data: header, items with discussion/decisions/actions, attendance."""
    meeting = _dump(view.meeting)
    meeting.pop("status", None)
    return {
        "meeting": meeting,
        "items": [{
            "item": _dump(iv.item),
            "entries": [_dump(e) for e in iv.entries],
            "decisions": [_dump(d) for d in iv.decisions],
            # Tracking fields (status, progress) change after circulation without changing the minutes.
            "actions": [{k: v for k, v in _dump(a).items()
                         if k in ("id", "code", "text", "owner_org_id", "owner_person_id", "due_anchor",
                                  "due_offset_days", "due_date", "confidentiality", "confirmed")} for a in iv.actions],
        } for iv in view.all_items],
        "attendance": [_dump(a) for a in view.attendance],
    }


def view_at(view: MinutesView, version: Minutes) -> MinutesView:
    """The minutes exactly as `version` froze them (its snapshot), on the live meeting's days and sessions.

    A record edited or deleted since reads as it was; a field the snapshot leaves out (an action item's
    status and progress, which the tracker changes) is taken from the live record or left empty.
    """
    data = load(version.snapshot)
    if data is None:
        return replace(view, minutes=version)
    now = datetime.now()
    filler = {"version": 1, "created_at": now, "updated_at": now, "updated_by": "snapshot"}

    def revive(cls, frozen: dict, live=None, **missing):
        base = live.model_dump() if live is not None else {**filler, **missing}
        return cls.model_validate({**base, **frozen})

    live_items = {iv.item.id: iv for iv in view.all_items}
    live_entries = {e.id: e for iv in view.all_items for e in iv.entries}
    live_decisions = {d.id: d for iv in view.all_items for d in iv.decisions}
    live_actions = {a.id: a for iv in view.all_items for a in iv.actions}
    live_attendance = {a.id: a for a in view.attendance}
    day_of: dict[Any, int] = {}
    for day in view.days:
        for session in [day.plenary, *day.breakouts]:
            if session is not None:
                day_of[session.id] = day.day_no
        for iv in day.items:
            day_of[("item", iv.item.id)] = day.day_no
    meeting = revive(Meeting, data.get("meeting", {}), view.meeting)
    days = {day.day_no: replace(day, items=[]) for day in view.days}
    for block in data.get("items", []):
        live = live_items.get(block["item"]["id"])
        item = revive(AgendaItem, block["item"], live.item if live else None)
        actions = [revive(ActionItem, a, live_actions.get(a["id"]), meeting_id=meeting.id, agenda_item_id=item.id,
                          subcommittee_id=None, status="open", progress_pct=None, done_on=None, evidence=None,
                          reviewed_at_meeting_id=None) for a in block.get("actions", [])]
        iv = ItemView(item, entries=[revive(MinuteEntry, e, live_entries.get(e["id"])) for e in block.get("entries", [])],
                      decisions=[revive(Decision, d, live_decisions.get(d["id"])) for d in block.get("decisions", [])],
                      actions=actions)
        day_no = day_of.get(item.session_id) or day_of.get(("item", item.id)) or 1
        days.setdefault(day_no, DayView(day_no, None, [], [])).items.append(iv)
    attendance = [revive(Attendance, a, live_attendance.get(a["id"])) for a in data.get("attendance", [])]
    return replace(view, meeting=meeting, days=[days[k] for k in sorted(days)], attendance=attendance, minutes=version)


def load(value: str | None) -> dict[str, Any] | None:
    return json.loads(value) if value else None


def _code(enum_name: str, value: Any, lang: str) -> str | None:
    """A stored code shown by its label ("restricted" -> "Restricted" / "Diffusion restreinte")."""
    return t(f"enum.{enum_name}.{value}", lang) if value else None


def _text(value: Any, lang: str) -> str:
    return (value or {}).get(lang) or ""


def flatten(data: dict[str, Any], lang: str) -> dict[str, tuple[str, str]]:
    """key -> (where, text) for every comparable value of a snapshot; `where` is readable in `lang`."""
    out: dict[str, tuple[str, str]] = {}

    def put(key: str, where: str, value: Any) -> None:
        if value not in (None, "", []):
            out[key] = (where, str(value))

    m = data.get("meeting", {})
    head = t("versions.where_meeting", lang)
    for name in ("start_date", "end_date", "venue", "city", "host_country"):
        put(f"meeting.{name}", f"{head} · {t(f'versions.field_{name}', lang)}", m.get(name))
    for lang_ in TEXT_LANGS:
        put(f"meeting.introduction.{lang_}", f"{t('meetings.introduction', lang)} · {lang_.upper()}", _text(m.get("introduction"), lang_))
        for i, objective in enumerate(m.get("objectives") or [], 1):
            put(f"meeting.objective.{i}.{lang_}", f"{t('meetings.objectives', lang)} {i} · {lang_.upper()}", _text(objective, lang_))
    for block in data.get("items", []):
        item = block["item"]
        name = t("versions.where_item", lang, label=item.get("label") or item.get("position"))
        iid = item["id"]
        put(f"item.{iid}.label", f"{name} · {t('agenda.col_label', lang)}", item.get("label"))
        put(f"item.{iid}.kind", f"{name} · {t('agenda.col_kind', lang)}", _code("AgendaKind", item.get("kind"), lang))
        put(f"item.{iid}.confidentiality", f"{name} · {t('agenda.col_confidentiality', lang)}", _code("Confidentiality", item.get("confidentiality"), lang))
        put(f"item.{iid}.position", f"{name} · {t('versions.field_position', lang)}", item.get("position"))
        for lang_ in TEXT_LANGS:
            put(f"item.{iid}.title.{lang_}", f"{name} · {t('agenda.col_title', lang)} · {lang_.upper()}", _text(item.get("title"), lang_))
        for n, entry in enumerate(block.get("entries", []), 1):
            where = f"{name} · {t('versions.where_entry', lang, n=n)}"
            for lang_ in TEXT_LANGS:
                put(f"entry.{entry['id']}.text.{lang_}", f"{where} · {lang_.upper()}", _text(entry.get("text"), lang_))
            put(f"entry.{entry['id']}.confidentiality", f"{where} · {t('agenda.col_confidentiality', lang)}", _code("Confidentiality", entry.get("confidentiality"), lang))
        for n, decision in enumerate(block.get("decisions", []), 1):
            where = f"{name} · {t('versions.where_decision', lang, n=n)}"
            put(f"decision.{decision['id']}.type", f"{where} · {t('versions.field_type', lang)}",
                " ".join(x for x in (_code("DecisionType", decision.get("decision_type"), lang),
                                     _code("DecisionMode", decision.get("mode"), lang)) if x))
            for lang_ in TEXT_LANGS:
                put(f"decision.{decision['id']}.text.{lang_}", f"{where} · {lang_.upper()}", _text(decision.get("text"), lang_))
        for action in block.get("actions", []):
            where = f"{name} · {t('versions.where_action', lang, code=action.get('code'))}"
            put(f"action.{action['id']}.due_date", f"{where} · {t('versions.field_due', lang)}", action.get("due_date"))
            put(f"action.{action['id']}.owner", f"{where} · {t('versions.field_owner', lang)}",
                action.get("owner_org_id") or action.get("owner_person_id"))
            for lang_ in TEXT_LANGS:
                put(f"action.{action['id']}.text.{lang_}", f"{where} · {lang_.upper()}", _text(action.get("text"), lang_))
    for a in data.get("attendance", []):
        who = a.get("person_id") or a.get("display_name") or a.get("org_id")
        put(f"attendance.{a['id']}", f"{t('meetings.attendance', lang)} #{a['id']}",
            f"{who} · {a.get('delegation')} · {a.get('role')} · {a.get('mode')}")
    return out


@dataclass
class Change:
    kind: str      # "added", "removed" or "changed"
    where: str
    before: str
    after: str


def diff(old: dict[str, Any] | None, new: dict[str, Any] | None, lang: str) -> list[Change]:
    """What changed from snapshot `old` to snapshot `new`, in reading order of `new` (removals last)."""
    before = flatten(old or {}, lang)
    after = flatten(new or {}, lang)
    changes = []
    for key, (where, text) in after.items():
        if key not in before:
            changes.append(Change("added", where, "", text))
        elif before[key][1] != text:
            changes.append(Change("changed", where, before[key][1], text))
    for key, (where, text) in before.items():
        if key not in after:
            changes.append(Change("removed", where, text, ""))
    return changes
