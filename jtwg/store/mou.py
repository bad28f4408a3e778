"""Store functions for the MoU, its provisions and their commitments."""

from __future__ import annotations

from jtwg.db import transaction
from jtwg.errors import AlreadyExists, NotFound
from jtwg.models.common import Actor
from jtwg.models.mou import Commitment, CommitmentCreate, Mou, MouCreate, Provision, ProvisionCreate
from jtwg.store.common import Cursor, insert, models, one, rows
from jtwg.store.groups import optional_subcommittee_id, org_id
from jtwg.store.meetings import optional_meeting_id


def create_mou(cur: Cursor, *, group_id: int, data: MouCreate, actor: Actor) -> int:
    with transaction(cur):
        return insert(cur, "mou", {"group_id": group_id, **data.model_dump()}, actor=actor)


def get_mou(cur: Cursor, *, group_id: int) -> Mou | None:
    found = one(cur, "SELECT * FROM mou WHERE group_id = ? ORDER BY signed_on DESC NULLS LAST LIMIT 1", [group_id])
    return None if found is None else Mou.model_validate(found)


def add_provision(cur: Cursor, *, mou: Mou, data: ProvisionCreate, actor: Actor) -> int:
    clash = cur.execute(
        "SELECT 1 FROM mou_provision WHERE mou_id = ? AND article = ? AND paragraph IS NOT DISTINCT FROM ?",
        [mou.id, data.article, data.paragraph]).fetchone()
    if clash:
        raise AlreadyExists(key="error.provision_exists", ref=f"{data.article}.{data.paragraph or ''}")
    with transaction(cur):
        position = cur.execute("SELECT count(*) + 1 FROM mou_provision WHERE mou_id = ?", [mou.id]).fetchone()[0]
        return insert(cur, "mou_provision", {
            "mou_id": mou.id, "article": data.article, "paragraph": data.paragraph, "heading": data.heading,
            "text": data.text, "pillar": data.pillar, "position": position,
            "subcommittee_id": optional_subcommittee_id(cur, group_id=mou.group_id, code=data.subcommittee_code),
        }, actor=actor)


def list_provisions(cur: Cursor, *, mou_id: int) -> list[Provision]:
    return models(Provision, rows(cur, "SELECT * FROM mou_provision WHERE mou_id = ? ORDER BY position", [mou_id]))


def add_commitment(cur: Cursor, *, provision: Provision, group_id: int, data: CommitmentCreate, actor: Actor) -> int:
    if cur.execute("SELECT 1 FROM commitment WHERE code = ?", [data.code]).fetchone():
        raise AlreadyExists(key="error.commitment_code_taken", ref=data.code)
    with transaction(cur):
        return insert(cur, "commitment", {
            "provision_id": provision.id, "code": data.code, "description": data.description,
            "responsible_org_ids": [org_id(cur, a) for a in data.responsible_acronyms],
            "due_date": data.due_date, "recurrence": data.recurrence, "status": data.status, "rag": data.rag,
            "rag_reason": data.rag_reason, "evidence": data.evidence,
            "last_reviewed_meeting_id": optional_meeting_id(cur, group_id=group_id, sequence_no=data.last_reviewed_meeting_seq),
        }, actor=actor)


def list_commitments(cur: Cursor, *, mou_id: int) -> list[Commitment]:
    return models(Commitment, rows(
        cur, "SELECT c.* FROM commitment c JOIN mou_provision p ON p.id = c.provision_id"
        " WHERE p.mou_id = ? ORDER BY p.position, c.code", [mou_id]))


def get_provision(cur: Cursor, *, provision_id: int) -> Provision:
    found = one(cur, "SELECT * FROM mou_provision WHERE id = ?", [provision_id])
    if found is None:
        raise NotFound(entity="mou_provision", ref=provision_id)
    return Provision.model_validate(found)
