"""Names for ids: organisations, people, sub-committees and cases, shown the way each language and rule wants."""

from __future__ import annotations

from dataclasses import dataclass

from jtwg.i18n import country_name, t
from jtwg.models import Organisation, Person, ProtectedCase, SubCommittee
from jtwg.store import groups
from jtwg.store.records import Cursor


@dataclass
class Directory:
    """Everything needed to turn ids into readable names, read once per page run."""

    orgs: dict[int, Organisation]
    people: dict[int, Person]
    subcommittees: dict[int, SubCommittee]
    cases: dict[int, ProtectedCase]

    @classmethod
    def load(cls, cur: Cursor, *, group_id: int) -> "Directory":
        return cls(
            orgs={o.id: o for o in groups.list_organisations(cur)},
            people={p.id: p for p in groups.list_people(cur)},
            subcommittees={s.id: s for s in groups.list_subcommittees(cur, group_id=group_id)},
            cases={c.id: c for c in groups.list_protected_cases(cur)},
        )

    def org(self, org_id: int | None) -> str:
        """An organisation's acronym (its short, language-neutral name)."""
        return self.orgs[org_id].acronym if org_id in self.orgs else ""

    def org_name(self, org_id: int | None, lang: str) -> str:
        return self.orgs[org_id].name.get(lang) if org_id in self.orgs else ""

    def subcommittee(self, sub_id: int | None, lang: str) -> str:
        return self.subcommittees[sub_id].name.get(lang) if sub_id in self.subcommittees else ""

    def person(self, person_id: int | None, lang: str, *, with_position: bool = True) -> str:
        """A person as minutes print them: name and position, or position only when the name is not published."""
        person = self.people.get(person_id)
        if person is None:
            return ""
        org = self.org(person.org_id)
        position = person.position.get(lang) if person.position else ""
        role = ", ".join(x for x in (position, org) if x)
        if not person.publish_name:
            return role or org
        name = " ".join(x for x in (person.honorific, person.display_name) if x)
        return f"{name} ({role})" if with_position and role else name

    def delegation(self, code: str, lang: str) -> str:
        if len(code) == 2 and code.isupper():
            return country_name(code, lang)
        return t(f"enum.Delegation.{code}", lang)
