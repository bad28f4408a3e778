"""MoU tracker: the progress roll-up, link integrity on deletes, versioned edits, validation and permissions."""

from datetime import date

import pytest
from pydantic import ValidationError

from jtwg.db import transaction
from jtwg.errors import AlreadyExists, InvalidInput, NotFound, PermissionDenied, StaleVersion, StillReferenced
from jtwg.models import (
    Activity, ActivityStatus, Actor, Bilingual, CommitmentCreate, CommitmentStatus, CommitmentUpdate, ProvisionCreate,
    ProvisionUpdate,
)
from jtwg.services import mou as service
from jtwg.store import links
from jtwg.store import mou as store
from jtwg.store.records import delete, history, update
from jtwg.validation import describe


def ids(conn, table, column="code"):
    return {r[1]: r[0] for r in conn.execute(f"SELECT id, {column} FROM {table}").fetchall()}


def progress_by_number(conn, group):
    return {p.provision.number: p.progress for p in service.mou_view(conn, group_id=group.id).provisions}


def commitment_data(**overrides):
    values = dict(code="C-T.1", description=Bilingual.of("Hold a joint review.", "Tenir une revue conjointe."),
                  responsible_acronyms=["NAPTIP"], due_date=date(2022, 12, 31))
    values.update(overrides)
    return values


# --- the formula ------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "work", "expected"), [
    (CommitmentStatus.FULFILLED, [0.0], 100.0),
    (CommitmentStatus.PARTIALLY_FULFILLED, [], 50.0),
    (CommitmentStatus.NOT_STARTED, [80.0], 0.0),
    (CommitmentStatus.NOT_FULFILLED, [], 0.0),
    (CommitmentStatus.IN_PROGRESS, [], 25.0),
    (CommitmentStatus.IN_PROGRESS, [60.0, 30.0], 45.0),
    (CommitmentStatus.SUPERSEDED, [100.0], None),
])
def test_commitment_score_follows_the_status(status, work, expected):
    assert service.commitment_score(status, work) == expected


def test_work_progress_counts_completed_as_full_and_leaves_cancelled_out(demo_conn):
    activity = Activity.model_validate(demo_conn.execute("SELECT * FROM activity WHERE code = 'PR-02'").fetch_df().to_dict("records")[0])
    assert service.activity_progress(activity) == 30.0
    assert service.activity_progress(activity.model_copy(update={"status": ActivityStatus.COMPLETED})) == 100.0
    assert service.activity_progress(activity.model_copy(update={"status": ActivityStatus.CANCELLED})) is None
    assert service.activity_progress(activity.model_copy(update={"progress_pct": None})) == 0.0
    assert service.mean_or_none([None, 10.0, 20.0]) == 15.0 and service.mean_or_none([None]) is None


def test_demo_roll_up_by_hand(demo_conn, group):
    view = service.mou_view(demo_conn, group_id=group.id)
    figures = {p.provision.number: p.progress for p in view.provisions}
    # Art. 3: C-3.1 in progress, PV-01 40 % and PV-02 0 % -> 20. Art. 4: C-4.1 in progress, PR-02 30 %.
    # Art. 5 and 6 not started -> 0. Art. 7 and 8.2 fulfilled -> 100. Art. 8.1 in progress, nothing measured -> 25.
    assert figures == {"3": 20.0, "4": 30.0, "5": 0.0, "6": 0.0, "7": 100.0, "8.1": 25.0, "8.2": 100.0}
    assert view.progress == pytest.approx(275 / 7)
    c31 = next(c for c in view.commitments if c.commitment.code == "C-3.1")
    assert c31.measured_by == [("PV-01", 40.0), ("PV-02", 0.0)]
    # Flagged: no activity while a commitment is still open (8.2 is fulfilled, so it needs none).
    assert [p.provision.number for p in view.provisions if p.needs_activity] == ["6", "8.1"]
    assert [p.provision.number for p in view.provisions if not p.has_activity] == ["6", "8.1", "8.2"]


def test_linking_and_completing_work_moves_the_provision(demo_conn, group, actor):
    c41, pr01 = ids(demo_conn, "commitment")["C-4.1"], ids(demo_conn, "activity")["PR-01"]
    assert service.link_work(demo_conn, group_id=group.id, commitment_id=c41, kind="activity", target_id=pr01, actor=actor)
    assert progress_by_number(demo_conn, group)["4"] == 45.0          # mean of PR-01 60 % and PR-02 30 %
    version = demo_conn.execute("SELECT version FROM activity WHERE id = ?", [pr01]).fetchone()[0]
    update(demo_conn, "activity", pr01, {"status": "completed", "progress_pct": 100}, actor=actor, expected_version=version)
    assert progress_by_number(demo_conn, group)["4"] == 65.0          # (100 + 30) / 2
    assert service.unlink_work(demo_conn, group_id=group.id, commitment_id=c41, kind="activity", target_id=pr01, actor=actor)
    assert progress_by_number(demo_conn, group)["4"] == 30.0
    logged = [h["action"] for h in history(demo_conn, entity="commitment", entity_id=c41)]
    assert logged[:2] == ["unlink", "link"]


def test_a_superseded_commitment_is_left_out_of_the_mean(demo_conn, group, actor):
    provision = next(p for p in store.list_provisions(demo_conn, mou_id=1) if p.number == "4")
    service.create_commitment(demo_conn, group_id=group.id, provision_id=provision.id, actor=actor,
                              data=CommitmentCreate(**commitment_data(status="superseded")))
    assert progress_by_number(demo_conn, group)["4"] == 30.0
    service.create_commitment(demo_conn, group_id=group.id, provision_id=provision.id, actor=actor,
                              data=CommitmentCreate(**commitment_data(code="C-T.2", status="partially_fulfilled")))
    assert progress_by_number(demo_conn, group)["4"] == 40.0          # (30 + 50) / 2


# --- link integrity ---------------------------------------------------------------------------

def test_deleting_an_activity_leaves_no_dangling_link(demo_conn, actor):
    pv01 = ids(demo_conn, "activity")["PV-01"]
    assert links.linked(demo_conn, kind="activity", target_id=pv01)
    with transaction(demo_conn):
        assert store.delete_activity_links(demo_conn, activity_id=pv01, actor=actor) == 1
        delete(demo_conn, "activity", pv01, actor=actor)
    assert links.dangling(demo_conn) == []
    assert links.linked(demo_conn, kind="activity", target_id=pv01) == []
    c31 = ids(demo_conn, "commitment")["C-3.1"]
    unlink = next(h for h in history(demo_conn, entity="commitment", entity_id=c31) if h["action"] == "unlink")
    assert unlink["changes"] == {"activity": [pv01, None]} and unlink["note"] == "linked record deleted"


def test_the_integrity_check_finds_a_link_left_by_a_careless_delete(demo_conn, actor):
    pv02 = ids(demo_conn, "activity")["PV-02"]
    delete(demo_conn, "activity", pv02, actor=actor)       # without delete_activity_links
    assert links.dangling(demo_conn) == [("activity", ids(demo_conn, "commitment")["C-3.1"], pv02)]


def test_deleting_a_commitment_removes_its_links(demo_conn, group, actor):
    c51 = ids(demo_conn, "commitment")["C-5.1"]
    # An activity and an action item (the demo's 4th meeting recorded no decision on it).
    assert sum(len(links.linked(demo_conn, kind=k, commitment_id=c51)) for k in links.KINDS) == 2
    service.delete_commitment(demo_conn, group_id=group.id, commitment_id=c51, actor=actor)
    assert all(links.linked(demo_conn, kind=k, commitment_id=c51) == [] for k in links.KINDS)
    assert links.dangling(demo_conn) == []
    actions = [h["action"] for h in history(demo_conn, entity="commitment", entity_id=c51)]
    assert actions.count("unlink") == 2 and actions[0] == "delete"
    with pytest.raises(NotFound):
        store.get_commitment(demo_conn, commitment_id=c51)


def test_deleting_a_provision_asks_before_taking_its_commitments(demo_conn, group, actor):
    art5 = next(p for p in store.list_provisions(demo_conn, mou_id=1) if p.number == "5")
    with pytest.raises(StillReferenced) as refused:
        service.delete_provision(demo_conn, group_id=group.id, provision_id=art5.id, actor=actor)
    assert "1 commitment" in refused.value.message("en")
    assert store.get_provision(demo_conn, provision_id=art5.id)                 # nothing lost
    assert service.delete_provision(demo_conn, group_id=group.id, provision_id=art5.id, actor=actor, with_commitments=True) == 1
    assert links.dangling(demo_conn) == [] and "C-5.1" not in ids(demo_conn, "commitment")


def test_demo_links_use_stable_references(demo_conn, group):
    decision = links.decision_id_by_ref(demo_conn, group_id=group.id, meeting_seq=4, item_label="i", position=1)
    assert demo_conn.execute("SELECT target_ref FROM decision WHERE id = ?", [decision]).fetchone()[0] == "8.2"
    c82 = ids(demo_conn, "commitment")["C-8.2"]
    assert links.linked(demo_conn, kind="decision", commitment_id=c82) == [(c82, decision)]
    with pytest.raises(NotFound):
        links.decision_id_by_ref(demo_conn, group_id=group.id, meeting_seq=4, item_label="zz")


# --- activity -> provisions -------------------------------------------------------------------

def test_provisions_served_by_an_activity(demo_conn, group, actor):
    activity = ids(demo_conn, "activity")
    served = service.provisions_served_by_activity(demo_conn, activity["PV-01"])
    assert [(s.provision.number, [c.code for c in s.commitments]) for s in served] == [("3", ["C-3.1"])]
    assert service.provisions_served_by_activity(demo_conn, activity["IP-02"]) == []
    c82 = ids(demo_conn, "commitment")["C-8.2"]
    service.link_work(demo_conn, group_id=group.id, commitment_id=c82, kind="activity", target_id=activity["PV-01"], actor=actor)
    served = service.provisions_served_by_activity(demo_conn, activity["PV-01"])
    assert [s.provision.number for s in served] == ["3", "8.2"]
    with pytest.raises(NotFound):
        service.provisions_served_by_activity(demo_conn, 99999)


# --- edits: versions, validation, all-or-nothing, permissions ----------------------------------

def test_provision_edit_is_versioned_and_logged(demo_conn, group, actor):
    art6 = next(p for p in store.list_provisions(demo_conn, mou_id=1) if p.number == "6")
    data = ProvisionUpdate(article="6", paragraph="1", heading=art6.heading, text=art6.text, pillar="prosecution",
                           subcommittee_code="IP")
    diff = service.update_provision(demo_conn, group_id=group.id, provision_id=art6.id, expected_version=art6.version,
                                    data=data, actor=actor)
    assert diff == {"paragraph": [None, "1"]}
    with pytest.raises(StaleVersion):
        service.update_provision(demo_conn, group_id=group.id, provision_id=art6.id, expected_version=art6.version,
                                 data=data.model_copy(update={"paragraph": "2"}), actor=actor)
    assert store.get_provision(demo_conn, provision_id=art6.id).paragraph == "1"
    assert history(demo_conn, entity="mou_provision", entity_id=art6.id)[0]["changes"] == {"paragraph": [None, "1"]}
    with pytest.raises(AlreadyExists):
        service.update_provision(demo_conn, group_id=group.id, provision_id=art6.id, expected_version=art6.version + 1,
                                 data=data.model_copy(update={"article": "8", "paragraph": "2"}), actor=actor)


def test_new_provisions_sort_by_article_number(demo_conn, group, actor):
    for article in ("10", "2"):
        service.create_provision(demo_conn, group_id=group.id, actor=actor, data=ProvisionCreate(
            article=article, text=Bilingual.of(f"Article {article} text.", f"Texte de l'article {article}.")))
    numbers = [p.number for p in store.list_provisions(demo_conn, mou_id=1)]
    assert numbers == ["2", "3", "4", "5", "6", "7", "8.1", "8.2", "10"]


def test_commitment_edit_is_versioned_and_keeps_unknown_values_out(demo_conn, group, actor):
    c61 = store.get_commitment(demo_conn, commitment_id=ids(demo_conn, "commitment")["C-6.1"])
    data = CommitmentUpdate(code="C-6.1", description=c61.description, responsible_acronyms=["NAPTIP", "ANLTP/TIM"],
                            due_date=c61.due_date, status="in_progress", rag="amber", rag_reason=c61.rag_reason,
                            last_reviewed_meeting_seq=4)
    diff = service.update_commitment(demo_conn, group_id=group.id, commitment_id=c61.id, expected_version=c61.version,
                                     data=data, actor=actor, note="reviewed by phone")
    assert diff["status"] == ["not_started", "in_progress"] and diff["rag"] == ["red", "amber"]
    assert history(demo_conn, entity="commitment", entity_id=c61.id)[0]["note"] == "reviewed by phone"
    with pytest.raises(StaleVersion):
        service.update_commitment(demo_conn, group_id=group.id, commitment_id=c61.id, expected_version=c61.version,
                                  data=data, actor=actor)
    # All or nothing: an unknown party or meeting refuses the whole save.
    for bad in ({"responsible_acronyms": ["NAPTIP", "NOPE"]}, {"last_reviewed_meeting_seq": 99}):
        with pytest.raises(NotFound):
            service.update_commitment(demo_conn, group_id=group.id, commitment_id=c61.id, expected_version=c61.version + 1,
                                      data=data.model_copy(update={**bad, "status": "fulfilled", "evidence": Bilingual.of("x")}),
                                      actor=actor)
    assert store.get_commitment(demo_conn, commitment_id=c61.id).status is CommitmentStatus.IN_PROGRESS
    with pytest.raises(AlreadyExists):
        service.update_commitment(demo_conn, group_id=group.id, commitment_id=c61.id, expected_version=c61.version + 1,
                                  data=data.model_copy(update={"code": "C-5.1"}), actor=actor)


@pytest.mark.parametrize(("overrides", "english", "french"), [
    ({"due_date": None}, "give a due date or a recurrence", "indiquez une échéance ou une périodicité"),
    ({"rag": "red"}, "a red or amber rating needs a reason", "une appréciation rouge ou orange exige un motif"),
    ({"evidence_url": "www.example.org"}, "evidence_url: a link must start with http:// or https://", "un lien doit commencer"),
    ({"description": Bilingual.of("", "")}, "a text is required", "un texte est obligatoire"),
    ({"responsible_acronyms": " , "}, "responsible_acronyms: too short", "trop court"),
])
def test_commitment_rules_speak_both_languages(overrides, english, french):
    with pytest.raises(ValidationError) as bad:
        CommitmentCreate(**commitment_data(**overrides))
    assert english in " ".join(describe(bad.value, "en"))
    assert french in " ".join(describe(bad.value, "fr"))


def test_a_fulfilled_commitment_names_its_evidence(demo_conn, group, actor):
    art6 = next(p for p in store.list_provisions(demo_conn, mou_id=1) if p.number == "6")
    with pytest.raises(InvalidInput) as bad:
        service.create_commitment(demo_conn, group_id=group.id, provision_id=art6.id, actor=actor,
                                  data=CommitmentCreate(**commitment_data(status="fulfilled")))
    assert bad.value.problems == [("evidence", "invalid.fulfilled_needs_evidence", {})]
    assert "C-T.1" not in ids(demo_conn, "commitment")
    new_id = service.create_commitment(demo_conn, group_id=group.id, provision_id=art6.id, actor=actor,
                                       data=CommitmentCreate(**commitment_data(status="fulfilled", evidence_url="https://example.org/sop.pdf")))
    assert store.get_commitment(demo_conn, commitment_id=new_id).evidence_url == "https://example.org/sop.pdf"
    # A linked decision is evidence too (C-8.2 keeps its status without a document reference).
    c82 = store.get_commitment(demo_conn, commitment_id=ids(demo_conn, "commitment")["C-8.2"])
    data = CommitmentUpdate(**{**c82.model_dump(include={"code", "description", "recurrence", "status", "rag"}),
                               "responsible_acronyms": ["NAPTIP"], "evidence": None})
    assert service.update_commitment(demo_conn, group_id=group.id, commitment_id=c82.id, expected_version=c82.version,
                                     data=data, actor=actor)


@pytest.mark.parametrize("role", ["co_chair", "member", "observer"])
def test_only_the_secretariat_edits_the_tracker(demo_conn, group, role):
    someone = Actor(username=f"a-{role}", role=role, subcommittee_codes=("PR",))
    c41, pr01 = ids(demo_conn, "commitment")["C-4.1"], ids(demo_conn, "activity")["PR-01"]
    with pytest.raises(PermissionDenied):
        service.link_work(demo_conn, group_id=group.id, commitment_id=c41, kind="activity", target_id=pr01, actor=someone)
    with pytest.raises(PermissionDenied):
        service.delete_commitment(demo_conn, group_id=group.id, commitment_id=c41, actor=someone)
    with pytest.raises(PermissionDenied):
        service.create_provision(demo_conn, group_id=group.id, actor=someone,
                                 data=ProvisionCreate(article="9", text=Bilingual.of("x")))
    assert links.linked(demo_conn, kind="activity", commitment_id=c41) == [(c41, ids(demo_conn, "activity")["PR-02"])]


def test_linking_refuses_unknown_kinds_and_records(demo_conn, group, actor):
    c41 = ids(demo_conn, "commitment")["C-4.1"]
    with pytest.raises(InvalidInput):
        service.link_work(demo_conn, group_id=group.id, commitment_id=c41, kind="budget", target_id=1, actor=actor)
    with pytest.raises(NotFound) as missing:
        service.link_work(demo_conn, group_id=group.id, commitment_id=c41, kind="decision", target_id=99999, actor=actor)
    assert missing.value.message("fr") == "Décision inconnue\u00a0: 99999."


def test_the_open_rule_of_commitments_is_the_same_in_sql_and_python(demo_conn):
    """One rule (migration 1200): the SQL macro and the Python constant agree on every status."""
    from jtwg.models.mou import CLOSED_COMMITMENT

    assert {s.value for s in CLOSED_COMMITMENT} == {"fulfilled", "superseded"}
    for status in CommitmentStatus:
        in_sql = demo_conn.execute("SELECT commitment_open(?)", [status.value]).fetchone()[0]
        assert in_sql is (status not in CLOSED_COMMITMENT), status
