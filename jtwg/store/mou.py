"""Store functions for the MoU, its provisions and their commitments (versioned edits, logged deletes)."""

from __future__ import annotations

from jtwg.db import transaction
from jtwg.errors import AlreadyExists, StillReferenced
from jtwg.models.common import Actor
from jtwg.models.mou import (
    CLOSED_COMMITMENT, Commitment, CommitmentCreate, CommitmentUpdate, Mou, MouCreate, Provision, ProvisionCreate,
    ProvisionUpdate,
)
from jtwg.store import links
from jtwg.store.records import Cursor, delete, get_record, insert, models, next_position, one, rows, update
from jtwg.store.groups import optional_subcommittee_id, org_id
from jtwg.store.meetings import optional_meeting_id

# Articles and paragraphs are text ("8", "8bis"): numeric ones sort as numbers, the rest after them.
_PROVISION_ORDER = (" ORDER BY TRY_CAST(article AS INTEGER) NULLS LAST, article,"
                    " TRY_CAST(paragraph AS INTEGER) NULLS FIRST, paragraph NULLS FIRST, position")


def create_mou(cur: Cursor, *, group_id: int, data: MouCreate, actor: Actor) -> int:
    with transaction(cur):
        return insert(cur, "mou", {"group_id": group_id, **data.model_dump()}, actor=actor)


def get_mou(cur: Cursor, *, group_id: int) -> Mou | None:
    found = one(cur, "SELECT * FROM mou WHERE group_id = ? ORDER BY signed_on DESC NULLS LAST LIMIT 1", [group_id])
    return None if found is None else Mou.model_validate(found)


def get_mou_by_id(cur: Cursor, *, mou_id: int) -> Mou:
    return get_record(cur, Mou, "mou", mou_id, entity="mou")


def _check_provision_free(cur: Cursor, *, mou_id: int, article: str, paragraph: str | None, except_id: int | None = None) -> None:
    clash = cur.execute(
        "SELECT 1 FROM mou_provision WHERE mou_id = ? AND article = ? AND paragraph IS NOT DISTINCT FROM ?"
        " AND id IS DISTINCT FROM ?", [mou_id, article, paragraph, except_id]).fetchone()
    if clash:
        raise AlreadyExists(key="error.provision_exists", ref=f"{article}.{paragraph}" if paragraph else article)


def _provision_values(cur: Cursor, *, group_id: int, data: ProvisionCreate | ProvisionUpdate) -> dict:
    return {
        "article": data.article, "paragraph": data.paragraph, "heading": data.heading, "text": data.text,
        "pillar": data.pillar,
        "subcommittee_id": optional_subcommittee_id(cur, group_id=group_id, code=data.subcommittee_code),
    }


def add_provision(cur: Cursor, *, mou: Mou, data: ProvisionCreate, actor: Actor) -> int:
    _check_provision_free(cur, mou_id=mou.id, article=data.article, paragraph=data.paragraph)
    with transaction(cur):
        position = next_position(cur, "mou_provision", "mou_id", mou.id)
        values = _provision_values(cur, group_id=mou.group_id, data=data)
        return insert(cur, "mou_provision", {"mou_id": mou.id, "position": position, **values}, actor=actor)


def update_provision(
    cur: Cursor, *, provision_id: int, expected_version: int, data: ProvisionUpdate, actor: Actor,
) -> dict[str, list]:
    """Replace a provision's fields if nobody saved it since `expected_version`; return the logged diff."""
    provision = get_provision(cur, provision_id=provision_id)
    agreement = get_mou_by_id(cur, mou_id=provision.mou_id)
    _check_provision_free(cur, mou_id=agreement.id, article=data.article, paragraph=data.paragraph, except_id=provision_id)
    with transaction(cur):
        values = _provision_values(cur, group_id=agreement.group_id, data=data)
        return update(cur, "mou_provision", provision_id, values, expected_version=expected_version, actor=actor)


def delete_provision(cur: Cursor, *, provision_id: int, actor: Actor, with_commitments: bool = False) -> int:
    """Delete a provision; its commitments (and their links) go too only when `with_commitments` says so.

    Returns the number of commitments deleted with it.
    """
    provision = get_provision(cur, provision_id=provision_id)
    mine = [r[0] for r in cur.execute("SELECT id FROM commitment WHERE provision_id = ?", [provision_id]).fetchall()]
    if mine and not with_commitments:
        raise StillReferenced(key="error.provision_has_commitments", ref=provision.number, count=len(mine))
    with transaction(cur):
        for commitment_id in mine:
            delete_commitment(cur, commitment_id=commitment_id, actor=actor)
        delete(cur, "mou_provision", provision_id, actor=actor)
    return len(mine)


def list_provisions(cur: Cursor, *, mou_id: int) -> list[Provision]:
    return models(Provision, rows(cur, "SELECT * FROM mou_provision WHERE mou_id = ?" + _PROVISION_ORDER, [mou_id]))


def get_provision(cur: Cursor, *, provision_id: int) -> Provision:
    return get_record(cur, Provision, "mou_provision", provision_id, error_key="error.unknown_provision")


def _check_code_free(cur: Cursor, code: str, except_id: int | None = None) -> None:
    if cur.execute("SELECT 1 FROM commitment WHERE code = ? AND id IS DISTINCT FROM ?", [code, except_id]).fetchone():
        raise AlreadyExists(key="error.commitment_code_taken", ref=code)


def _commitment_values(cur: Cursor, *, group_id: int, data: CommitmentCreate | CommitmentUpdate) -> dict:
    return {
        "code": data.code, "description": data.description,
        "responsible_org_ids": [org_id(cur, a) for a in data.responsible_acronyms],
        "due_date": data.due_date, "recurrence": data.recurrence, "status": data.status, "rag": data.rag,
        "rag_reason": data.rag_reason, "evidence": data.evidence, "evidence_url": data.evidence_url,
        "last_reviewed_meeting_id": optional_meeting_id(cur, group_id=group_id, sequence_no=data.last_reviewed_meeting_seq),
    }


def add_commitment(cur: Cursor, *, provision: Provision, group_id: int, data: CommitmentCreate, actor: Actor) -> int:
    _check_code_free(cur, data.code)
    with transaction(cur):
        values = _commitment_values(cur, group_id=group_id, data=data)
        return insert(cur, "commitment", {"provision_id": provision.id, **values}, actor=actor)


def update_commitment(
    cur: Cursor, *, commitment_id: int, group_id: int, expected_version: int, data: CommitmentUpdate, actor: Actor,
    note: str | None = None,
) -> dict[str, list]:
    """Replace a commitment's fields if nobody saved it since `expected_version`; return the logged diff."""
    get_commitment(cur, commitment_id=commitment_id)
    _check_code_free(cur, data.code, except_id=commitment_id)
    with transaction(cur):
        values = _commitment_values(cur, group_id=group_id, data=data)
        return update(cur, "commitment", commitment_id, values, expected_version=expected_version, actor=actor, note=note)


def delete_commitment(cur: Cursor, *, commitment_id: int, actor: Actor) -> None:
    """Delete a commitment and every link it has, in one transaction, so no link is left dangling."""
    get_commitment(cur, commitment_id=commitment_id)
    with transaction(cur):
        links.remove_links_of_commitment(cur, commitment_id=commitment_id, actor=actor)
        delete(cur, "commitment", commitment_id, actor=actor)


def get_commitment(cur: Cursor, *, commitment_id: int) -> Commitment:
    return get_record(cur, Commitment, "commitment", commitment_id, error_key="error.unknown_commitment")


def list_commitments(cur: Cursor, *, mou_id: int) -> list[Commitment]:
    return models(Commitment, rows(
        cur, "SELECT c.* FROM commitment c JOIN mou_provision p ON p.id = c.provision_id"
        " WHERE p.mou_id = ? ORDER BY p.position, c.code", [mou_id]))


def delete_activity_links(cur: Cursor, *, activity_id: int, actor: Actor) -> int:
    """Drop every commitment link to an activity about to be deleted (call inside the delete's transaction).

    Deleting an activity is:  with transaction(cur): delete_activity_links(...); delete(cur, "activity", id, ...)
    """
    return links.remove_links_to(cur, kind="activity", target_id=activity_id, actor=actor)


def delete_action_links(cur: Cursor, *, action_id: int, actor: Actor) -> int:
    """Drop every commitment link to an action item about to be deleted."""
    return links.remove_links_to(cur, kind="action", target_id=action_id, actor=actor)


def delete_decision_links(cur: Cursor, *, decision_id: int, actor: Actor) -> int:
    """Drop every commitment link to a decision about to be deleted."""
    return links.remove_links_to(cur, kind="decision", target_id=decision_id, actor=actor)


def provisions_needing_activity(cur: Cursor, *, mou_id: int, group_id: int) -> set[int]:
    """Provisions of the MoU that no activity of the group's work plans implements (through any of their
    commitments) while a commitment is still open, or that have no commitment at all: the rule of
    jtwg.services.mou.ProvisionView.needs_activity, counted in the database rather than over the whole read model."""
    closed = [s.value for s in CLOSED_COMMITMENT]
    return {r[0] for r in cur.execute("""
        SELECT p.id FROM mou_provision p
        WHERE p.mou_id = ?
          AND NOT EXISTS (
              SELECT 1 FROM commitment c
              JOIN commitment_activity ca ON ca.commitment_id = c.id
              JOIN activity v ON v.id = ca.activity_id
              JOIN workplan w ON w.id = v.workplan_id
              WHERE c.provision_id = p.id AND w.group_id = ?)
          AND (NOT EXISTS (SELECT 1 FROM commitment c WHERE c.provision_id = p.id)
               OR EXISTS (SELECT 1 FROM commitment c WHERE c.provision_id = p.id
                          AND c.status NOT IN (SELECT unnest(?::VARCHAR[]))))""", [mou_id, group_id, closed]).fetchall()}
