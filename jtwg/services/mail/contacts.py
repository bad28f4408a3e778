"""Contacts: people's and organisations' addresses and languages, accounts linked to people, who a
message goes to and what its attachment may contain, reminders turned off by members themselves."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from jtwg.db import transaction
from jtwg.errors import InvalidInput, JtwgError
from jtwg.models.common import Actor, Confidentiality, UserRole
from jtwg.models.contact import ContactUpdate, normalise_email
from jtwg.services import permissions
from jtwg.services.redaction import ExportProfile
from jtwg.store import outbox as store
from jtwg.store.records import Cursor, update
from jtwg.validation import problem_key
from jtwg.services import scope

# What each membership role may read when the person has no account: as the accounts of that role.
MEMBERSHIP_LEVEL = {"co_chair": Confidentiality.CONFIDENTIAL, "secretariat": Confidentiality.CONFIDENTIAL,
                    "focal_point": Confidentiality.RESTRICTED, "member": Confidentiality.RESTRICTED,
                    "observer": Confidentiality.PUBLIC}
PROFILE_OF_LEVEL = {Confidentiality.CONFIDENTIAL: ExportProfile.INTERNAL, Confidentiality.RESTRICTED: ExportProfile.RESTRICTED,
                    Confidentiality.PUBLIC: ExportProfile.PUBLIC}


@dataclass(frozen=True)
class Recipient:
    person_id: int | None           # None: an organisation's shared mailbox
    name: str
    org: str | None
    email: str | None
    lang: str
    level: Confidentiality          # the most confidential content they may read
    reminders_off: bool = False
    org_id: int | None = None

    @property
    def key(self) -> str:
        return f"person:{self.person_id}" if self.person_id is not None else f"org:{self.org_id}"

    @property
    def profile(self) -> ExportProfile:
        """The export profile of the Word file they may receive."""
        return PROFILE_OF_LEVEL[self.level]


def recipient(cur: Cursor, *, person_id: int, group_id: int, default_lang: str = "en") -> Recipient:
    """A person as a recipient: the role of the account linked to them in the group decides what they may read,
    else their membership of the group."""
    row = store.person_row(cur, person_id=person_id)
    account = store.account_for_person(cur, person_id=person_id, group_id=group_id)
    if account is not None:
        level = permissions.max_confidentiality(Actor(username=account["username"], role=UserRole(account["role"])))
    else:
        roles = store.membership_roles(cur, group_id=group_id, person_id=person_id)
        level = max((MEMBERSHIP_LEVEL[r] for r in roles if r in MEMBERSHIP_LEVEL), key=lambda c: c.rank,
                    default=Confidentiality.PUBLIC)
    org = store.organisation_row(cur, org_id=row["org_id"])["acronym"] if row["org_id"] else None
    return Recipient(person_id=person_id, name=row["display_name"], org=org, email=row["email"],
                     lang=row["lang"] or default_lang, level=level, reminders_off=row["reminders_off"])


def organisation_recipient(cur: Cursor, *, org_id: int, default_lang: str = "en") -> Recipient:
    """An organisation's shared mailbox: it receives what its members may read (restricted), never more."""
    row = store.organisation_row(cur, org_id=org_id)
    return Recipient(person_id=None, org_id=org_id, name=row["acronym"], org=row["acronym"], email=row["email"],
                     lang=row["lang"] or default_lang, level=Confidentiality.RESTRICTED)


def list_contacts(cur: Cursor, *, actor: Actor) -> list[dict]:
    permissions.require(actor, "mail.read")
    return store.contacts(cur)


def list_organisation_contacts(cur: Cursor, *, actor: Actor) -> list[dict]:
    permissions.require(actor, "mail.read")
    return store.organisation_contacts(cur)


def _contact(email: str | None, lang: str | None) -> ContactUpdate:
    try:
        return ContactUpdate(email=email, lang=lang or None)
    except ValidationError as exc:
        raise InvalidInput([(str(e["loc"][0]) if e.get("loc") else "", *problem_key(e)) for e in exc.errors()]) from None


def set_person_contact(cur: Cursor, *, person_id: int, email: str | None, lang: str | None, actor: Actor) -> None:
    _set_contact(cur, "person", person_id, lambda: store.person_row(cur, person_id=person_id), email, lang, actor)


def set_organisation_contact(cur: Cursor, *, org_id: int, email: str | None, lang: str | None, actor: Actor) -> None:
    _set_contact(cur, "organisation", org_id, lambda: store.organisation_row(cur, org_id=org_id), email, lang, actor)


def _set_contact(cur: Cursor, table: str, row_id: int, read_row, email: str | None, lang: str | None,
                 actor: Actor) -> None:
    """Save a person's or an organisation's address and language: permission, then the input, then the row read."""
    permissions.require(actor, "contact.update")
    data = _contact(email, lang)
    row = read_row()
    with transaction(cur):
        update(cur, table, row_id, {"email": data.email, "lang": data.lang.value if data.lang else None},
               expected_version=row["version"], actor=actor)


def link_account(cur: Cursor, *, username: str, person_id: int | None, actor: Actor) -> None:
    """Link an account to its person (None unlinks): the person's messages then follow the account's role."""
    permissions.require(actor, "user.update")
    account_id, _, version = store.account_person_id(cur, username=username)
    if person_id is not None:
        store.person_row(cur, person_id=person_id)
    with transaction(cur):
        update(cur, "app_user", account_id, {"person_id": person_id}, expected_version=version, actor=actor)


def my_person(cur: Cursor, *, actor: Actor) -> dict | None:
    """The person the signed-in account is linked to, with their reminder preference."""
    _, person_id, _ = store.account_person_id(cur, username=actor.username)
    return None if person_id is None else store.person_row(cur, person_id=person_id)


def set_my_reminders(cur: Cursor, *, off: bool, actor: Actor) -> None:
    """Any signed-in member turns reminder emails off (or back on) for themselves, and only for themselves."""
    _, person_id, _ = store.account_person_id(cur, username=actor.username)
    if person_id is None:
        raise JtwgError(key="mail.error.no_person")
    row = store.person_row(cur, person_id=person_id)
    with transaction(cur):
        update(cur, "person", person_id, {"reminders_off": off}, expected_version=row["version"], actor=actor)


def import_contacts(cur: Cursor, rows: list[dict[str, str]], *, actor: Actor) -> int:
    """Addresses and languages from a participant list (columns person, email, language): every row is
    checked first, then all are saved together. Rows without email or language change nothing."""
    permissions.require(actor, "contact.update")
    people = {r["ref"]: r for r in store.contacts(cur)}
    problems, changes = [], []
    for number, row in enumerate(rows, start=2):
        ref, email, lang = row.get("person", ""), row.get("email", ""), _lang(row.get("language", ""))
        if not email and not row.get("language"):
            continue
        if not ref:
            problems.append((f"#{number} person", "invalid.missing", {}))
            continue
        if ref not in people:
            problems.append((f"#{number} person", "error.unknown_person", {"ref": ref}))
            continue
        if lang == "?":
            problems.append((f"#{number} language", "invalid.bad_choice", {}))
            continue
        try:
            address = normalise_email(email) if email else people[ref]["email"]
        except ValueError:
            problems.append((f"#{number} email", "invalid.bad_email", {}))
            continue
        changes.append((people[ref]["id"], address, lang or people[ref]["lang"]))
    if problems:
        raise InvalidInput(problems, key="error.participant_rows", count=len({p[0].split()[0] for p in problems}))
    with transaction(cur):
        for person_id, address, lang in changes:
            set_person_contact(cur, person_id=person_id, email=address, lang=lang, actor=actor)
    return len(changes)


def _lang(value: str) -> str | None:
    text = (value or "").strip().lower()
    if not text:
        return None
    if text in ("en", "english", "anglais", "eng"):
        return "en"
    if text in ("fr", "french", "français", "francais", "fra", "fre"):
        return "fr"
    return "?"


def import_participants(cur: Cursor, *, meeting_id: int, filename: str, content: bytes, actor: Actor) -> int:
    """A meeting's participant list with its contact columns: attendance and addresses saved together, or neither."""
    scope.require(cur, actor, meeting=meeting_id)
    from jtwg.services.meetings.attendance import import_attendance
    from jtwg.services.meetings.participants import parse_participants, read_table

    table = read_table(filename, content)
    records = parse_participants(cur, table)
    with transaction(cur):
        count = import_attendance(cur, meeting_id=meeting_id, records=records, actor=actor)
        if any(row.get("email") or row.get("language") for row in table):
            import_contacts(cur, table, actor=actor)
    return count


def list_accounts(cur: Cursor, *, actor: Actor) -> list[str]:
    """Usernames that can be linked to a person."""
    from jtwg.services import auth

    permissions.require(actor, "user.update")
    return [u.username for u in auth.list_users(cur, actor=actor) if not u.disabled]
