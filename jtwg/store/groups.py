"""Store functions for organisations, people, the project, groups, sub-committees, memberships and protected cases."""

from __future__ import annotations

from jtwg.models.common import Actor
from jtwg.models.group import (
    Group, GroupCreate, Membership, MembershipCreate, Organisation, OrganisationCreate, Person,
    PersonCreate, Project, ProjectCreate, ProtectedCase, ProtectedCaseCreate, SubCommittee,
    SubCommitteeCreate,
)
from jtwg.db import transaction
from jtwg.errors import AlreadyExists, NotFound
from jtwg.store.common import Cursor, id_by, insert, models, one, optional_id, rows


def org_id(cur: Cursor, acronym: str) -> int:
    return id_by(cur, "organisation", "acronym", acronym, error_key="error.unknown_org")


def optional_org_id(cur: Cursor, acronym: str | None) -> int | None:
    return optional_id(cur, "organisation", "acronym", acronym, error_key="error.unknown_org")


def person_id(cur: Cursor, ref: str) -> int:
    return id_by(cur, "person", "ref", ref, error_key="error.unknown_person")


def optional_person_id(cur: Cursor, ref: str | None) -> int | None:
    return optional_id(cur, "person", "ref", ref, error_key="error.unknown_person")


def subcommittee_id(cur: Cursor, *, group_id: int, code: str) -> int:
    return id_by(cur, "subcommittee", "code", code, error_key="error.unknown_subcommittee",
                 extra="AND group_id = ?", params=[group_id])


def optional_subcommittee_id(cur: Cursor, *, group_id: int, code: str | None) -> int | None:
    return None if not code else subcommittee_id(cur, group_id=group_id, code=code)


def create_organisation(cur: Cursor, *, data: OrganisationCreate, actor: Actor) -> int:
    if cur.execute("SELECT 1 FROM organisation WHERE acronym = ?", [data.acronym]).fetchone():
        raise AlreadyExists(entity="organisation", ref=data.acronym)
    with transaction(cur):
        return insert(cur, "organisation", {
            "acronym": data.acronym, "name": data.name, "country": data.country, "org_type": data.org_type,
            "parent_id": optional_org_id(cur, data.parent_acronym),
        }, actor=actor)


def list_organisations(cur: Cursor) -> list[Organisation]:
    return models(Organisation, rows(cur, "SELECT * FROM organisation ORDER BY acronym"))


def create_person(cur: Cursor, *, data: PersonCreate, actor: Actor) -> int:
    if cur.execute("SELECT 1 FROM person WHERE ref = ?", [data.ref]).fetchone():
        raise AlreadyExists(entity="person", ref=data.ref)
    with transaction(cur):
        return insert(cur, "person", {
            "ref": data.ref, "display_name": data.display_name, "honorific": data.honorific,
            "org_id": optional_org_id(cur, data.org_acronym), "position": data.position,
            "email": data.email, "publish_name": data.publish_name, "gender": data.gender,
        }, actor=actor)


def list_people(cur: Cursor) -> list[Person]:
    return models(Person, rows(cur, "SELECT * FROM person ORDER BY display_name"))


def create_project(cur: Cursor, *, data: ProjectCreate, actor: Actor) -> int:
    with transaction(cur):
        return insert(cur, "project", {
            "title": data.title, "iati_identifier": data.iati_identifier,
            "donor_org_id": optional_org_id(cur, data.donor_acronym),
            "implementer_org_id": optional_org_id(cur, data.implementer_acronym),
            "planned_start": data.planned_start, "planned_end": data.planned_end,
            "extended_end": data.extended_end, "extension_status": data.extension_status,
        }, actor=actor)


def get_project(cur: Cursor, *, project_id: int) -> Project:
    found = one(cur, "SELECT * FROM project WHERE id = ?", [project_id])
    if found is None:
        raise NotFound(entity="project", ref=project_id)
    return Project.model_validate(found)


def create_group(cur: Cursor, *, data: GroupCreate, project_id: int | None, actor: Actor) -> int:
    if cur.execute("SELECT 1 FROM jtwg_group WHERE code = ?", [data.code]).fetchone():
        raise AlreadyExists(entity="jtwg_group", ref=data.code)
    with transaction(cur):
        return insert(cur, "jtwg_group", {
            "code": data.code, "name": data.name, "project_id": project_id,
            "party_a_org_id": org_id(cur, data.party_a_acronym),
            "party_b_org_id": org_id(cur, data.party_b_acronym),
            "secretariat_org_id": optional_org_id(cur, data.secretariat_acronym),
            "host_rotation": data.host_rotation, "established_on": data.established_on,
            "moderation_rule": data.moderation_rule,
        }, actor=actor)


def list_groups(cur: Cursor) -> list[Group]:
    return models(Group, rows(cur, "SELECT * FROM jtwg_group ORDER BY code"))


def get_group(cur: Cursor, *, code: str | None = None, group_id: int | None = None) -> Group:
    """One group by code or id; with neither, the first group (most installations have one)."""
    if code is not None:
        found = one(cur, "SELECT * FROM jtwg_group WHERE code = ?", [code])
    elif group_id is not None:
        found = one(cur, "SELECT * FROM jtwg_group WHERE id = ?", [group_id])
    else:
        found = one(cur, "SELECT * FROM jtwg_group ORDER BY code LIMIT 1")
    if found is None:
        raise NotFound(key="error.unknown_group", ref=code or group_id or "")
    return Group.model_validate(found)


def create_subcommittee(cur: Cursor, *, group_id: int, data: SubCommitteeCreate, actor: Actor) -> int:
    if cur.execute("SELECT 1 FROM subcommittee WHERE group_id = ? AND code = ?", [group_id, data.code]).fetchone():
        raise AlreadyExists(entity="subcommittee", ref=data.code)
    with transaction(cur):
        position = cur.execute("SELECT count(*) + 1 FROM subcommittee WHERE group_id = ?", [group_id]).fetchone()[0]
        return insert(cur, "subcommittee", {
            "group_id": group_id, "code": data.code, "name": data.name, "pillar": data.pillar,
            "tor": data.tor, "position": position, "established_meeting_seq": data.established_meeting_seq,
        }, actor=actor)


def list_subcommittees(cur: Cursor, *, group_id: int) -> list[SubCommittee]:
    return models(SubCommittee, rows(cur, "SELECT * FROM subcommittee WHERE group_id = ? ORDER BY position", [group_id]))


def add_membership(cur: Cursor, *, group_id: int, data: MembershipCreate, actor: Actor) -> int:
    with transaction(cur):
        return insert(cur, "membership", {
            "person_id": person_id(cur, data.person_ref), "group_id": group_id,
            "subcommittee_id": optional_subcommittee_id(cur, group_id=group_id, code=data.subcommittee_code),
            "delegation": data.delegation, "role": data.role, "start_on": data.start_on, "end_on": data.end_on,
        }, actor=actor)


def list_memberships(cur: Cursor, *, group_id: int) -> list[Membership]:
    return models(Membership, rows(cur, "SELECT * FROM membership WHERE group_id = ? ORDER BY id", [group_id]))


def create_protected_case(cur: Cursor, *, data: ProtectedCaseCreate, actor: Actor) -> int:
    if cur.execute("SELECT 1 FROM protected_case WHERE case_code = ?", [data.case_code]).fetchone():
        raise AlreadyExists(entity="protected_case", ref=data.case_code)
    with transaction(cur):
        return insert(cur, "protected_case", {
            "case_code": data.case_code, "handling_org_id": optional_org_id(cur, data.handling_acronym),
            "pseudonym": data.pseudonym, "sensitivity": data.sensitivity, "consent_status": data.consent_status,
        }, actor=actor)


def list_protected_cases(cur: Cursor) -> list[ProtectedCase]:
    return models(ProtectedCase, rows(cur, "SELECT * FROM protected_case ORDER BY case_code"))
