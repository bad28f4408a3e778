"""Translation memory: reviewed pairs cut into sentence segments; exact and fuzzy matches with their score."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from jtwg.db import transaction
from jtwg.models.common import Actor, Bilingual, Lang, TranslationStatus
from jtwg.services import permissions
from jtwg.store import translation as store
from jtwg.store.records import Cursor
from jtwg.services import scope

FUZZY_CUTOFF = 75.0
# A sentence ends with . ! ? (a French one may have a space before ! ?), followed by a capital or an opening sign.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\s\u00a0\u202f]+(?=[«\"(\[A-ZÀ-ÖØ-Þ0-9])")
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "M.", "No.", "n°.", "e.g.", "i.e.", "etc.", "St.")


def segment(text: str) -> list[str]:
    """Sentences of a paragraph (lines first, then sentence ends not following a common abbreviation)."""
    found: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        start = 0
        for match in _SENTENCE_END.finditer(line):
            piece = line[start:match.start()]
            if piece.endswith(_ABBREVIATIONS):
                continue
            found.append(piece.strip())
            start = match.end()
        found.append(line[start:].strip())
    return [s for s in found if s]


def key(text: str) -> str:
    """Normalised form for exact look-up: case, spacing (including non-breaking) and outer quotes ignored."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip().lower()


def pairs(value: Bilingual) -> list[tuple[str, str]]:
    """(source, target) segment pairs of a bilingual text: sentence by sentence when both sides have as
    many sentences, else the whole paragraph as one pair."""
    src, tgt = value.get(value.source, fallback=False), value.get(value.target, fallback=False)
    if not src or not tgt:
        return []
    a, b = segment(src), segment(tgt)
    found = list(zip(a, b)) if len(a) == len(b) else []
    if len(a) != 1 or len(b) != 1:
        found.append((src.strip(), tgt.strip()))
    return found or [(src.strip(), tgt.strip())]


@dataclass
class Match:
    source: str
    target: str
    score: float          # 100 for an exact match
    origin: str
    meeting_id: int | None

    @property
    def exact(self) -> bool:
        return self.score >= 100


def learn(cur: Cursor, value: Bilingual, *, origin: str, meeting_id: int | None, actor: Actor) -> int:
    """Add a reviewed text's segments in both directions; the number added."""
    scope.require(cur, actor, meeting=meeting_id)
    if value.status is not TranslationStatus.REVIEWED:
        return 0
    added = 0
    for src, tgt in pairs(value):
        for (sl, s), (tl, t_) in (((value.source, src), (value.target, tgt)), ((value.target, tgt), (value.source, src))):
            added += store.add_segment(cur, src_lang=sl.value, tgt_lang=tl.value, src_text=s, tgt_text=t_,
                                       src_key=key(s), origin=origin, meeting_id=meeting_id, actor=actor)
    return added


def build(cur: Cursor, *, actor: Actor, exclude_meeting_id: int | None = None) -> int:
    """Add the reviewed, non-confidential texts of every meeting of every group to the memory."""
    from jtwg.services.translation.texts import meeting_texts

    permissions.require(actor, "translation.memory")
    ids = store.meeting_ids_by_date(cur)
    added = 0
    with transaction(cur):
        for meeting_id in ids:
            if meeting_id == exclude_meeting_id:
                continue
            seq = store.meeting_sequence_no(cur, meeting_id=meeting_id)
            for text in meeting_texts(cur, meeting_id=meeting_id):
                if not text.private:
                    added += learn(cur, text.value, origin=f"meeting {seq}", meeting_id=meeting_id, actor=actor)
    return added


class Memory:
    """The memory's segments of one direction loaded once, for many look-ups (a meeting, a review screen)."""

    def __init__(self, cur: Cursor, src_lang: Lang | str, *, exclude_meeting_id: int | None = None) -> None:
        self.src_lang = Lang(src_lang)
        self.rows = store.segments(cur, src_lang=self.src_lang.value, exclude_meeting_id=exclude_meeting_id)
        self.by_key: dict[str, dict] = {}
        for row in self.rows:
            self.by_key.setdefault(row["src_key"], row)
        self.choices = [row["src_text"] for row in self.rows]

    def _match(self, row: dict, score: float) -> Match:
        return Match(row["src_text"], row["tgt_text"], round(score, 1), row["origin"], row["meeting_id"])

    def lookup(self, text: str, *, limit: int = 3, cutoff: float = FUZZY_CUTOFF) -> list[Match]:
        """Matches of one segment, the best first: the exact one (100) if any, then fuzzy ones."""
        found: list[Match] = []
        exact = self.by_key.get(key(text))
        if exact is not None:
            found.append(self._match(exact, 100.0))
        for _, score, index in process.extract(text, self.choices, scorer=fuzz.ratio, limit=limit + 1,
                                               score_cutoff=cutoff):
            row = self.rows[index]
            if exact is not None and row["src_key"] == exact["src_key"]:
                continue
            found.append(self._match(row, min(score, 99.9)))
        return found[:limit]

    def suggest(self, text: str) -> Match | None:
        """The memory's translation of a whole paragraph: itself, or sentence by sentence (the lowest score)."""
        whole = self.lookup(text, limit=1)
        if whole and whole[0].exact:
            return whole[0]
        pieces = segment(text)
        if len(pieces) > 1:
            matched = [self.lookup(p, limit=1) for p in pieces]
            if all(matched):
                best = [m[0] for m in matched]
                combined = Match(text, " ".join(m.target for m in best), min(m.score for m in best),
                                 ", ".join(dict.fromkeys(m.origin for m in best)), best[0].meeting_id)
                if not whole or combined.score >= whole[0].score:
                    return combined
        return whole[0] if whole else None
