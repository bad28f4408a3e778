"""Store functions for bilingual drafting: writing one text of the minutes, review details, memory, glossary."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jtwg.db import transaction
from jtwg.errors import NotFound
from jtwg.models.common import Actor, Bilingual
from jtwg.store.records import Cursor, log_change, one, rows, update

# Tables whose bilingual texts the review screen may rewrite, and the columns it may touch.
TEXT_FIELDS = {
    "meeting": {"introduction", "objectives"},
    "agenda_item": {"title", "presenter_role"},
    "minute_entry": {"text"},
    "decision": {"text"},
    "action_item": {"text"},
}


def _split_field(field: str) -> tuple[str, int | None]:
    """"objectives[2]" -> ("objectives", 2); "text" -> ("text", None)."""
    if field.endswith("]") and "[" in field:
        name, index = field[:-1].split("[", 1)
        return name, int(index)
    return field, None


def read_text(cur: Cursor, *, entity: str, entity_id: int, field: str) -> Bilingual | None:
    name, index = _split_field(field)
    if name not in TEXT_FIELDS.get(entity, set()):
        raise NotFound(entity=entity, ref=field)
    found = one(cur, f"SELECT {name} AS value FROM {entity} WHERE id = ?", [entity_id])
    if found is None:
        raise NotFound(entity=entity, ref=entity_id)
    value = found["value"]
    if index is not None:
        value = value[index] if value and index < len(value) else None
    return None if value is None else Bilingual.model_validate(value)


def write_text(cur: Cursor, *, entity: str, entity_id: int, field: str, value: Bilingual, actor: Actor,
               note: str | None = None) -> dict:
    """Replace one bilingual text (one element of a list column for "objectives[i]"), logged."""
    name, index = _split_field(field)
    if name not in TEXT_FIELDS.get(entity, set()):
        raise NotFound(entity=entity, ref=field)
    with transaction(cur):
        if index is None:
            return update(cur, entity, entity_id, {name: value}, expected_version=None, actor=actor, note=note)
        found = one(cur, f"SELECT {name} AS value FROM {entity} WHERE id = ?", [entity_id])
        if found is None or index >= len(found["value"] or []):
            raise NotFound(entity=entity, ref=field)
        values = [Bilingual.model_validate(v) for v in found["value"]]
        values[index] = value
        return update(cur, entity, entity_id, {name: values}, expected_version=None, actor=actor, note=note)


def set_review(cur: Cursor, *, entity: str, entity_id: int, field: str, status: str, score: float | None = None,
               origin: str | None = None, reviewed_by: str | None = None, reviewed_at: datetime | None = None) -> None:
    cur.execute("DELETE FROM text_review WHERE entity = ? AND entity_id = ? AND field = ?", [entity, entity_id, field])
    cur.execute(
        "INSERT INTO text_review (entity, entity_id, field, status, score, origin, reviewed_by, reviewed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [entity, entity_id, field, status, score, origin, reviewed_by, reviewed_at])


def reviews(cur: Cursor) -> dict[tuple[str, int, str], dict[str, Any]]:
    return {(r["entity"], r["entity_id"], r["field"]): r for r in rows(cur, "SELECT * FROM text_review")}


# --- Translation memory ---------------------------------------------------------------------------

def add_segment(cur: Cursor, *, src_lang: str, tgt_lang: str, src_text: str, tgt_text: str, src_key: str,
                origin: str, meeting_id: int | None, actor: Actor) -> bool:
    """Add a segment pair unless the same source already has this translation; True when added."""
    if cur.execute("SELECT 1 FROM tm_segment WHERE src_lang = ? AND src_key = ? AND tgt_text = ?",
                   [src_lang, src_key, tgt_text]).fetchone():
        return False
    cur.execute(
        "INSERT INTO tm_segment (src_lang, tgt_lang, src_text, tgt_text, src_key, origin, meeting_id, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [src_lang, tgt_lang, src_text, tgt_text, src_key, origin, meeting_id, actor.username])
    return True


def segments(cur: Cursor, *, src_lang: str | None = None, exclude_meeting_id: int | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM tm_segment WHERE (? IS NULL OR src_lang = ?) AND (? IS NULL OR meeting_id IS DISTINCT FROM ?) ORDER BY id"
    return rows(cur, sql, [src_lang, src_lang, exclude_meeting_id, exclude_meeting_id])


def clear_meeting_segments(cur: Cursor, *, meeting_id: int) -> None:
    cur.execute("DELETE FROM tm_segment WHERE meeting_id = ?", [meeting_id])


def count_segments(cur: Cursor) -> int:
    return cur.execute("SELECT count(*) FROM tm_segment").fetchone()[0]


def meeting_ids_by_date(cur: Cursor) -> list[int]:
    """Every meeting of every group, oldest first (the order the memory learns them in)."""
    return [r[0] for r in cur.execute("SELECT id FROM meeting ORDER BY start_date").fetchall()]


def meeting_sequence_no(cur: Cursor, *, meeting_id: int) -> int:
    """The meeting's number, which names the memory's origin ("meeting 4")."""
    return cur.execute("SELECT sequence_no FROM meeting WHERE id = ?", [meeting_id]).fetchone()[0]


# --- Glossary -------------------------------------------------------------------------------------

def glossary(cur: Cursor) -> list[dict[str, Any]]:
    return rows(cur, "SELECT * FROM glossary_term ORDER BY lower(en)")


def save_term(cur: Cursor, *, term_id: int | None, en: str, fr: str, category: str | None, note: str | None,
              actor: Actor) -> int:
    with transaction(cur):
        if term_id is None:
            new_id = cur.execute(
                "INSERT INTO glossary_term (en, fr, category, note, updated_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
                [en, fr, category, note, actor.username]).fetchone()[0]
            log_change(cur, actor=actor, action="create", entity="glossary_term", entity_id=new_id,
                       changes={"en": [None, en], "fr": [None, fr]})
            return new_id
        before = one(cur, "SELECT * FROM glossary_term WHERE id = ?", [term_id])
        if before is None:
            raise NotFound(entity="glossary_term", ref=term_id)
        cur.execute("UPDATE glossary_term SET en = ?, fr = ?, category = ?, note = ?, updated_at = current_timestamp,"
                    " updated_by = ? WHERE id = ?", [en, fr, category, note, actor.username, term_id])
        log_change(cur, actor=actor, action="update", entity="glossary_term", entity_id=term_id,
                   changes={"en": [before["en"], en], "fr": [before["fr"], fr]})
        return term_id


def delete_term(cur: Cursor, *, term_id: int, actor: Actor) -> None:
    with transaction(cur):
        cur.execute("DELETE FROM glossary_term WHERE id = ?", [term_id])
        log_change(cur, actor=actor, action="delete", entity="glossary_term", entity_id=term_id, changes={})


def term_exists(cur: Cursor, *, en: str, fr: str) -> bool:
    return cur.execute("SELECT 1 FROM glossary_term WHERE en = ? AND fr = ?", [en, fr]).fetchone() is not None
