"""One search across meetings, agenda items, minutes text, decisions and action items, in both languages.

Matching is accent- and case-insensitive (DuckDB `strip_accents(lower(...))` over the English and French
texts together); every word of the query must appear. Confidential content is searched only for users
allowed to read it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from jtwg.models import Actor, Bilingual
from jtwg.models.common import Confidentiality
from jtwg.services import permissions
from jtwg.store.records import Cursor, rows

MAX_WORDS = 8
LIMIT_PER_KIND = 50


@dataclass
class Hit:
    kind: str                 # meeting, agenda_item, minute_entry, decision, action_item
    meeting_id: int | None
    meeting_seq: int | None
    item_id: int | None
    item_label: str | None
    code: str | None          # action item code
    text: Bilingual
    confidentiality: str

    def snippet(self, query: str, lang: str, width: int = 160) -> str:
        """The text in `lang` (or the other language when only that one matches), cut around the first match."""
        words = _words(query)
        for candidate in (lang, "fr" if lang == "en" else "en"):
            text = self.text.get(candidate, fallback=False)
            folded = fold(text)
            spots = [folded.find(w) for w in words if folded.find(w) >= 0]
            if spots:
                start = max(min(spots) - width // 3, 0)
                cut = text[start:start + width]
                return ("…" if start else "") + cut + ("…" if start + width < len(text) else "")
        return self.text.get(lang)[:width]


def fold(text: str) -> str:
    """Lower case without accents, as the SQL side compares."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(query: str) -> list[str]:
    return [fold(w) for w in query.split() if w.strip()][:MAX_WORDS]


def _match(expr: str, n: int) -> str:
    return " AND ".join([f"contains(strip_accents(lower({expr})), strip_accents(lower(?)))"] * n)


def _bi(column: str) -> str:
    return f"(coalesce({column}.en, '') || ' ' || coalesce({column}.fr, ''))"


def search(cur: Cursor, *, group_id: int, query: str, actor: Actor) -> list[Hit]:
    """Everything of the group matching `query`, meetings first, then agenda items, text, decisions, actions."""
    words = [w for w in query.split() if w.strip()][:MAX_WORDS]
    if not words or len("".join(words)) < 2:
        return []
    n = len(words)
    # Hide whatever is above the reader's level: confidential for members, restricted too for observers.
    level = permissions.max_confidentiality(actor)
    hidden = tuple(c.value for c in Confidentiality if c.rank > level.rank)
    conf_filter = (" AND {col} NOT IN (" + ", ".join(f"'{c}'" for c in hidden) + ")") if hidden else ""
    objectives = "array_to_string(list_transform(m.objectives, lambda o: coalesce(o.en, '') || ' ' || coalesce(o.fr, '')), ' ')"
    meeting_text = f"({_bi('m.introduction')} || ' ' || {objectives} || ' ' || coalesce(m.venue, '') || ' ' || coalesce(m.city, ''))"
    queries = [
        ("meeting", f"""SELECT m.id AS meeting_id, m.sequence_no AS meeting_seq, NULL AS item_id, NULL AS item_label,
                NULL AS code, coalesce(m.introduction, {{'en': coalesce(m.venue, '') || ', ' || coalesce(m.city, ''),
                'fr': coalesce(m.venue, '') || ', ' || coalesce(m.city, ''), 'source': 'en', 'status': 'reviewed'}}) AS text,
                'public' AS confidentiality
            FROM meeting m WHERE m.group_id = ? AND {_match(meeting_text, n)} ORDER BY m.start_date DESC""", ""),
        ("agenda_item", f"""SELECT m.id AS meeting_id, m.sequence_no AS meeting_seq, i.id AS item_id, i.label AS item_label,
                NULL AS code, i.title AS text, i.confidentiality
            FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
            WHERE m.group_id = ? AND {_match(_bi('i.title'), n)}""", "i.confidentiality"),
        ("minute_entry", f"""SELECT m.id AS meeting_id, m.sequence_no AS meeting_seq, i.id AS item_id, i.label AS item_label,
                NULL AS code, e.text, e.confidentiality
            FROM minute_entry e JOIN agenda_item i ON i.id = e.agenda_item_id JOIN meeting m ON m.id = i.meeting_id
            WHERE m.group_id = ? AND {_match(_bi('e.text'), n)}""", "e.confidentiality"),
        ("decision", f"""SELECT m.id AS meeting_id, m.sequence_no AS meeting_seq, i.id AS item_id, i.label AS item_label,
                NULL AS code, d.text, i.confidentiality
            FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id JOIN meeting m ON m.id = i.meeting_id
            WHERE m.group_id = ? AND {_match(_bi('d.text'), n)}""", "i.confidentiality"),
        ("action_item", f"""SELECT m.id AS meeting_id, m.sequence_no AS meeting_seq, a.agenda_item_id AS item_id,
                NULL AS item_label, a.code, a.text, a.confidentiality
            FROM action_item_read a LEFT JOIN meeting m ON m.id = a.meeting_id LEFT JOIN subcommittee s ON s.id = a.subcommittee_id
            WHERE coalesce(m.group_id, s.group_id) = ? AND {_match(f"(a.code || ' ' || {_bi('a.text')})", n)}""",
         "a.confidentiality"),
    ]
    hits: list[Hit] = []
    for kind, sql, conf_col in queries:
        if conf_col and hidden:
            sql += conf_filter.format(col=conf_col)
        if kind != "meeting":
            sql += " ORDER BY meeting_seq DESC NULLS LAST"
        for r in rows(cur, f"{sql} LIMIT {LIMIT_PER_KIND}", [group_id, *words]):
            hits.append(Hit(kind=kind, meeting_id=r["meeting_id"], meeting_seq=r["meeting_seq"], item_id=r["item_id"],
                            item_label=r["item_label"], code=r["code"], text=Bilingual.model_validate(r["text"]),
                            confidentiality=r["confidentiality"]))
    return hits
