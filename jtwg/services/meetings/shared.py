"""What every section of the meeting workspace checks first: the minutes are still a draft."""

from __future__ import annotations

from jtwg.errors import InvalidTransition, PermissionDenied
from jtwg.i18n import LANGS, t
from jtwg.models import Actor, AgendaItem, Bilingual
from jtwg.services import permissions
from jtwg.store import meetings as store
from jtwg.store.records import Cursor

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
         "xvi", "xvii", "xviii", "xix", "xx"]


def ensure_editable(cur: Cursor, *, meeting_id: int) -> None:
    """Refuse any change of a meeting's minutes content once its current version is no longer a draft.

    A meeting's minutes content (header, sessions, agenda, attendance, discussion, decisions, action
    points) may change only while its current minutes version is a draft: once circulated it is frozen,
    and a change needs a new version with a reason.
    """
    current = store.current_minutes(cur, meeting_id=meeting_id)
    if current is not None and current.is_frozen:
        raise InvalidTransition(key="error.minutes_frozen", version=current.version_no)


def editable_item(cur: Cursor, *, item_id: int) -> AgendaItem:
    """An agenda item whose meeting's minutes are still a draft."""
    item = store.get_agenda_item(cur, item_id=item_id)
    ensure_editable(cur, meeting_id=item.meeting_id)
    return item


def both_languages(key: str, **params: object) -> Bilingual:
    """A text generated in both languages from the catalogue (procedural titles, outcomes)."""
    return Bilingual.of(*(t(key, lang, **{k: (v(lang) if callable(v) else v) for k, v in params.items()}) for lang in LANGS),
                        status="generated")  # written natively in both languages: no review


def require_reader(actor: Actor) -> None:
    """Refuse a reader whose role may not open the meetings (every role may today: observers read public parts)."""
    if not permissions.may_open_page(actor, "meetings"):
        raise PermissionDenied(action="meeting.read", user=actor.username)
