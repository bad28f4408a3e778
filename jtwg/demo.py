"""Loads the demo group (the Niger–Nigeria JTWG and its 4th meeting) from data/demo through the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from jtwg.db import transaction
from jtwg.models import (
    ActionItemCreate, ActivityCreate, Actor, AgendaItemCreate, AttendanceCreate, CommitmentCreate,
    DecisionCreate, ExternalEventCreate, GroupCreate, MeetingCreate, MembershipCreate, MinuteEntryCreate,
    MinutesCreate, MouCreate, OrganisationCreate, PersonCreate, ProjectCreate, ProtectedCaseCreate,
    ProvisionCreate, SessionCreate, SubCommitteeCreate, WorkPlanCreate,
)
from jtwg.services import personal_data
from jtwg.services import settings as app_settings
from jtwg.store import actions, groups, links, meetings, mou, workplan
from jtwg.store.records import Cursor

DEMO_ACTOR = Actor.system("demo-loader")
FILES = ("group.yaml", "meetings.yaml", "workplan.yaml", "mou.yaml")


def read_demo(folder: Path) -> dict[str, Any]:
    """The demo files' content, keyed by file stem."""
    return {name.removesuffix(".yaml"): _reviewed(yaml.safe_load((folder / name).read_text(encoding="utf-8")))
            for name in FILES}


def _reviewed(data: Any) -> Any:
    """The demo's texts are the published minutes in both languages, written by people: reviewed."""
    if isinstance(data, dict):
        data = {k: _reviewed(v) for k, v in data.items()}
        if data.get("en") and data.get("fr") and "status" not in data and set(data) <= {"en", "fr", "source"}:
            data["status"] = "reviewed"
        return data
    if isinstance(data, list):
        return [_reviewed(v) for v in data]
    return data


def rename(data: dict, **names: str) -> dict:
    """Copy `data`, renaming the demo file's short keys to the models' field names."""
    return {names.get(k, k): v for k, v in data.items()}


def load_demo(cur: Cursor, folder: Path, *, actor: Actor = DEMO_ACTOR) -> str:
    """Load every demo file in one transaction; return the group code."""
    demo = read_demo(folder)
    with transaction(cur):
        code = load_content(cur, demo, actor=actor)
        app_settings.set_as_of(cur, demo["group"].get("as_of"), actor=actor)
    return code


def load_content(cur: Cursor, content: dict[str, Any], *, actor: Actor) -> str:
    """Load one group's content in the demo files' shape (group, meetings, workplan, mou); return its code.

    Everything goes through the store's create functions and the models' rules, as user data does.
    """
    code = _load_group(cur, content["group"], actor)
    group = groups.get_group(cur, code=code)
    _load_meetings(cur, group.id, content["meetings"], actor)
    _load_workplans(cur, group.id, content["workplan"], actor)
    _load_mou(cur, group.id, content["mou"], actor)
    return code


def _load_group(cur: Cursor, data: dict, actor: Actor) -> str:
    for org in data["organisations"]:
        org = dict(org)
        if source := org.pop("source", None):
            org["name"] = {**org["name"], "source": source}
        groups.create_organisation(cur, data=OrganisationCreate(**rename(org, parent="parent_acronym")), actor=actor)
    project_id = groups.create_project(cur, data=ProjectCreate(**rename(
        data["project"], donor="donor_acronym", implementer="implementer_acronym")), actor=actor)
    group = GroupCreate(**rename(data["group"], party_a="party_a_acronym", party_b="party_b_acronym",
                                  secretariat="secretariat_acronym"))
    group_id = groups.create_group(cur, data=group, project_id=project_id, actor=actor)
    for sub in data["subcommittees"]:
        groups.create_subcommittee(cur, group_id=group_id, data=SubCommitteeCreate(
            **rename(sub, established_meeting="established_meeting_seq")), actor=actor)
    for person in data["people"]:
        groups.create_person(cur, data=PersonCreate(**rename(person, org="org_acronym")), actor=actor)
    for member in data["memberships"]:
        groups.add_membership(cur, group_id=group_id, data=MembershipCreate(
            **rename(member, person="person_ref", subcommittee="subcommittee_code")), actor=actor)
    for case in data["protected_cases"]:
        case = dict(case)
        aliases = case.pop("aliases", [])
        groups.create_protected_case(cur, data=ProtectedCaseCreate(
            **rename(case, handling_org="handling_acronym")), actor=actor)
        for alias in aliases:   # stored as keyed digests only
            personal_data.record_alias(cur, case_code=case["case_code"], alias=alias, actor=actor)
    return group.code


def _load_meetings(cur: Cursor, group_id: int, data: dict, actor: Actor) -> None:
    events = {}
    for event in data["external_events"]:
        events[event["ref"]] = meetings.create_external_event(
            cur, data=ExternalEventCreate(**rename(event, organiser="organiser_acronym")), actor=actor)
    # Meetings first, then their content: a later meeting's agenda refers to earlier ones and back.
    created = []
    for raw in data["meetings"]:
        fields = {k: v for k, v in raw.items() if k not in ("minutes", "sessions", "attendance", "agenda", "margin_event")}
        meeting_id = meetings.create_meeting(
            cur, group_id=group_id, data=MeetingCreate(**rename(fields, host="host_acronym")),
            margin_event_id=events.get(raw.get("margin_event")), actor=actor)
        created.append((meetings.get_meeting(cur, meeting_id=meeting_id), raw))
    for meeting, raw in created:
        for version in raw.get("minutes", []):
            meetings.add_minutes_version(cur, meeting=meeting, data=MinutesCreate(**rename(
                version, prepared_by="prepared_by_acronym", adopted_at="adopted_at_meeting_seq")), actor=actor)
        sessions = {}
        for session in raw.get("sessions", []):
            sessions[session["ref"]] = meetings.add_session(cur, meeting=meeting, data=SessionCreate(
                **rename(session, subcommittee="subcommittee_code")), actor=actor)
        for attendee in raw.get("attendance", []):
            meetings.add_attendance(cur, meeting_id=meeting.id, data=AttendanceCreate(**rename(
                attendee, person="person_ref", org="org_acronym", represented_by="represented_person_ref")), actor=actor)
        for raw_item in raw.get("agenda", []):
            _load_agenda_item(cur, group_id, meeting, sessions, raw_item, actor)
    # Illustrative tracker items: from a meeting, under none of its agenda items, so no minutes print them.
    for action in data.get("illustrative_actions", []):
        fields = {k: v for k, v in action.items() if k != "meeting"}
        actions.create_action_item(cur, group_id=group_id, data=ActionItemCreate(
            **rename(fields, owner="owner_acronym", subcommittee="subcommittee_code"),
            meeting_seq=action["meeting"], agenda_item_ref=None), agenda_item_id=None, actor=actor)


def _load_agenda_item(cur: Cursor, group_id: int, meeting, sessions: dict, raw: dict, actor: Actor) -> None:
    fields = {k: v for k, v in raw.items() if k not in ("entries", "decisions", "actions", "session")}
    item_id = meetings.add_agenda_item(cur, meeting=meeting, session_id=sessions.get(raw.get("session")), data=AgendaItemCreate(
        **rename(fields, presenter="presenter_person_ref", presenter_org="presenter_acronym",
                  protected_case="protected_case_code", related_meeting="related_meeting_seq")), actor=actor)
    item = meetings.get_agenda_item(cur, item_id=item_id)
    for entry in raw.get("entries", []):
        meetings.add_minute_entry(cur, item=item, data=MinuteEntryCreate(
            **rename(entry, type="entry_type", speaker="speaker_acronym")), actor=actor)
    for decision in raw.get("decisions", []):
        meetings.add_decision(cur, item=item, data=DecisionCreate(**rename(decision, type="decision_type")), actor=actor)
    for action in raw.get("actions", []):
        data = ActionItemCreate(**rename(action, owner="owner_acronym", subcommittee="subcommittee_code"),
                                meeting_seq=meeting.sequence_no, agenda_item_ref=None)
        # Linked by id: demo items need not carry a label.
        actions.create_action_item(cur, group_id=group_id, data=data, agenda_item_id=item.id, actor=actor)


def _load_workplans(cur: Cursor, group_id: int, data: dict, actor: Actor) -> None:
    for raw in data["workplans"]:
        fields = {k: v for k, v in raw.items() if k != "activities"}
        plan_id = workplan.create_workplan(cur, group_id=group_id, data=WorkPlanCreate(
            **rename(fields, subcommittee="subcommittee_code", source_meeting="source_meeting_seq")), actor=actor)
        plan = workplan.get_workplan(cur, workplan_id=plan_id)
        for activity in raw["activities"]:
            workplan.create_activity(cur, workplan=plan, data=ActivityCreate(
                **rename(activity, lead="lead_acronym", partners="partner_acronyms", origin_meeting="origin_meeting_seq")),
                actor=actor)


def _load_mou(cur: Cursor, group_id: int, data: dict, actor: Actor) -> None:
    mou_id = mou.create_mou(cur, group_id=group_id, data=MouCreate(**data["mou"]), actor=actor)
    agreement = mou.get_mou(cur, group_id=group_id)
    assert agreement is not None and agreement.id == mou_id
    for raw in data["provisions"]:
        fields = {k: v for k, v in raw.items() if k != "commitments"}
        provision_id = mou.add_provision(cur, mou=agreement, data=ProvisionCreate(
            **rename(fields, subcommittee="subcommittee_code")), actor=actor)
        provision = mou.get_provision(cur, provision_id=provision_id)
        for raw_commitment in raw.get("commitments", []):
            commitment = {k: v for k, v in raw_commitment.items() if k not in ("activities", "actions", "decisions")}
            commitment_id = mou.add_commitment(cur, provision=provision, group_id=group_id, data=CommitmentCreate(**rename(
                commitment, responsible="responsible_acronyms", last_reviewed_meeting="last_reviewed_meeting_seq")),
                actor=actor)
            _load_commitment_links(cur, group_id, commitment_id, raw_commitment, actor)


def _load_commitment_links(cur: Cursor, group_id: int, commitment_id: int, raw: dict, actor: Actor) -> None:
    """Link a demo commitment to its work by stable references (codes, meeting + item label + rank)."""
    for code in raw.get("activities", []):
        links.link(cur, kind="activity", commitment_id=commitment_id, target_id=links.activity_id_by_code(cur, code), actor=actor)
    for code in raw.get("actions", []):
        links.link(cur, kind="action", commitment_id=commitment_id, target_id=links.action_id_by_code(cur, code), actor=actor)
    for ref in raw.get("decisions", []):
        decision_id = links.decision_id_by_ref(
            cur, group_id=group_id, meeting_seq=ref["meeting"], item_label=str(ref["item"]), position=ref.get("position", 1))
        links.link(cur, kind="decision", commitment_id=commitment_id, target_id=decision_id, actor=actor)
