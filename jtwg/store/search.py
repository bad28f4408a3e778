"""The search queries: every kind of text of a group matched word by word, accent- and case-insensitively."""

from __future__ import annotations

from typing import Any

from jtwg.store import folded
from jtwg.store.records import Cursor, rows

KINDS = ("meeting", "agenda_item", "minute_entry", "decision", "action_item")


def _match(purpose: str, n: int) -> str:
    """Every one of `n` words in the folded text of `purpose` (kept on write: jtwg.store.folded)."""
    return " AND ".join([f"contains({folded.folded_or(purpose, 'st')}, strip_accents(lower(?)))"] * n)


def _within(columns: list[str], levels: tuple[str, ...]) -> str:
    """Every listed confidentiality column (NULL for none) is one of `levels`."""
    marks = ", ".join(f"'{level}'" for level in levels)
    return " AND ".join(f"({c} IS NULL OR {c} IN ({marks}))" for c in columns)


def search_texts(cur: Cursor, *, group_id: int, words: list[str], levels: tuple[str, ...], limit: int) -> list[tuple[str, dict[str, Any]]]:
    """(kind, row) for everything of the group whose text holds every word, up to `limit` rows per kind.

    Only content at one of `levels` is searched: an entry or decision by its own and its agenda item's
    level, an action item by its own and its agenda item's (the higher of the two is what it is).
    Rows: meeting_id, meeting_seq, item_id, item_label, code, text (en/fr struct), confidentiality.
    """
    n = len(words)
    queries = {
        "meeting": f"""SELECT m.id AS meeting_id, m.sequence_no AS meeting_seq, NULL AS item_id, NULL AS item_label,
                NULL AS code, coalesce(m.introduction, {{'en': coalesce(m.venue, '') || ', ' || coalesce(m.city, ''),
                'fr': coalesce(m.venue, '') || ', ' || coalesce(m.city, ''), 'source': 'en', 'status': 'reviewed'}}) AS text,
                'public' AS confidentiality
            FROM meeting m{folded.join('meeting', 'st')} WHERE m.group_id = ? AND {_match('meeting', n)} ORDER BY m.start_date DESC""",
        "agenda_item": f"""SELECT m.id AS meeting_id, m.sequence_no AS meeting_seq, i.id AS item_id, i.label AS item_label,
                NULL AS code, i.title AS text, i.confidentiality
            FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id{folded.join('agenda_item', 'st')}
            WHERE m.group_id = ? AND {_match('agenda_item', n)} AND {_within(['i.confidentiality'], levels)}
            ORDER BY meeting_seq DESC NULLS LAST""",
        "minute_entry": f"""SELECT m.id AS meeting_id, m.sequence_no AS meeting_seq, i.id AS item_id, i.label AS item_label,
                NULL AS code, e.text, higher_level(e.confidentiality, i.confidentiality) AS confidentiality
            FROM minute_entry e JOIN agenda_item i ON i.id = e.agenda_item_id JOIN meeting m ON m.id = i.meeting_id
                {folded.join('minute_entry', 'st')}
            WHERE m.group_id = ? AND {_match('minute_entry', n)}
              AND {_within(['e.confidentiality', 'i.confidentiality'], levels)}
            ORDER BY meeting_seq DESC NULLS LAST""",
        "decision": f"""SELECT m.id AS meeting_id, m.sequence_no AS meeting_seq, i.id AS item_id, i.label AS item_label,
                NULL AS code, d.text, i.confidentiality
            FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id JOIN meeting m ON m.id = i.meeting_id
                {folded.join('decision', 'st')}
            WHERE m.group_id = ? AND {_match('decision', n)} AND {_within(['i.confidentiality'], levels)}
            ORDER BY meeting_seq DESC NULLS LAST""",
        "action_item": f"""SELECT m.id AS meeting_id, m.sequence_no AS meeting_seq, a.agenda_item_id AS item_id,
                NULL AS item_label, a.code, a.text, a.confidentiality
            FROM action_item_read a LEFT JOIN meeting m ON m.id = a.meeting_id{folded.join('action_item', 'st')}
            WHERE a.group_id = ? AND {_match('action_item', n)}
              AND {_within(['a.confidentiality'], levels)}
            ORDER BY meeting_seq DESC NULLS LAST""",
    }
    return [(kind, r) for kind in KINDS for r in rows(cur, f"{queries[kind]} LIMIT {int(limit)}", [group_id, *words])]
