"""One search across meetings, agenda items, minutes text, decisions and action items, in both languages.

Matching is accent- and case-insensitive (DuckDB `strip_accents(lower(...))` over the English and French
texts together, in `store/search.py`); every word of the query must appear. Content is searched only up to
the level the user may read.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from jtwg.models import Actor, Bilingual
from jtwg.models.common import Confidentiality, clean_text
from jtwg.services import permissions
from jtwg.store import search as store
from jtwg.store.records import Cursor
from jtwg.services import scope

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


def search(cur: Cursor, *, group_id: int, query: str, actor: Actor) -> list[Hit]:
    """Everything of the group matching `query` that `actor` may read: meetings first, then agenda items,
    minutes text, decisions and action items.

    Content above the reader's level is not searched at all (confidential for members, restricted too for
    observers), so neither its text nor a protected case code in it can be found.
    """
    scope.require(cur, actor, group=group_id)
    # Control characters and lone surrogates cannot be in the data (the models drop them) nor be sent to DuckDB.
    words = [w for w in clean_text(query).split() if w.strip()][:MAX_WORDS]
    if not words or len("".join(words)) < 2:
        return []
    levels = tuple(c.value for c in Confidentiality if permissions.may_read(actor, c))
    return [Hit(kind=kind, meeting_id=r["meeting_id"], meeting_seq=r["meeting_seq"], item_id=r["item_id"],
                item_label=r["item_label"], code=r["code"], text=Bilingual.model_validate(r["text"]),
                confidentiality=r["confidentiality"])
            for kind, r in store.search_texts(cur, group_id=group_id, words=words, levels=levels, limit=LIMIT_PER_KIND)]
