"""Every kind of change, called as each role: allowed roles change the data, the others get
PermissionDenied and nothing changes."""

from datetime import date

import pytest

from jtwg.errors import PermissionDenied
from jtwg.models import (
    ActionItemUpdate, ActivityCreate, ActivityUpdate, Actor, AgendaItemCreate, AttendanceCreate, Bilingual,
    DecisionCreate, MeetingCreate, MinuteEntryCreate, ProvisionCreate,
)
from jtwg.models.meeting import ActionPointCreate
from jtwg.models.users import UserCreate
from jtwg.services import actions, audit, auth, meetings, mou, redaction, workplan
from jtwg.export import letterhead, service as export
from jtwg.export.docx_minutes import base_template
from jtwg.store import workplan as workplan_store

TODAY = date(2022, 6, 15)
ROLES = {
    "secretariat": Actor(username="sec", role="secretariat", delegation="secretariat"),
    "co_chair": Actor(username="chair-ng", role="co_chair", delegation="NG"),
    "member_pr": Actor(username="m-pr", role="member", delegation="NE", subcommittee_codes=("PR",)),
    "member_ip": Actor(username="m-ip", role="member", delegation="NG", subcommittee_codes=("IP",)),
    "observer": Actor(username="donor", role="observer", delegation="donor"),
}
SETUP = Actor(username="setup", role="secretariat")


def one(conn, sql, *params):
    return conn.execute(sql, list(params)).fetchone()


def ids(conn, table, column, value):
    return one(conn, f"SELECT id FROM {table} WHERE {column} = ?", value)[0]


def item_of_4th(conn, label):
    return one(conn, "SELECT i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id "
                     "WHERE m.sequence_no = 4 AND i.label = ?", label)[0]


def activity(conn, code):
    found = workplan_store.get_activity(conn, activity_id=ids(conn, "activity", "code", code))
    return found


def update_pr_action(conn, actor, group):
    row_id, version = one(conn, "SELECT id, version FROM action_item WHERE code = 'A4-04'")   # PR
    actions.update_action_item(conn, action_id=row_id, expected_version=version, actor=actor, today=TODAY,
                               data=ActionItemUpdate(progress_pct=90))


def create_pr_activity(conn, actor, group):
    plan = one(conn, "SELECT w.id FROM workplan w JOIN subcommittee s ON s.id = w.subcommittee_id WHERE s.code = 'PR'")[0]
    workplan.create_activity(conn, workplan_id=plan, actor=actor,
                             data=ActivityCreate(code="PR-09", title=Bilingual.of("Visit", "Visite")))


def update_pr_activity(conn, actor, group):
    a = activity(conn, "PR-03")
    fields = ActivityUpdate.model_validate({**a.model_dump(include=set(ActivityUpdate.model_fields)),
                                           "location": "Zinder"} | {"lead_acronym": "ANLTP/TIM", "partner_acronyms": ["NAPTIP"]})
    workplan.update_activity(conn, activity_id=a.id, expected_version=a.version, data=fields, actor=actor)


def delete_pr_activity(conn, actor, group):
    a = activity(conn, "PR-03")
    workplan.delete_activity(conn, activity_id=a.id, expected_version=a.version, actor=actor)


def plan_fifth(conn, actor, group):
    meetings.plan_meeting(conn, group_id=group.id, actor=actor, data=MeetingCreate(
        sequence_no=5, start_date=date(2022, 9, 6), end_date=date(2022, 9, 7), city="Abuja", host_country="NG"))


def add_item(conn, actor, group):
    meetings.add_agenda_item(conn, meeting_id=ids(conn, "meeting", "sequence_no", 4), actor=actor,
                             data=AgendaItemCreate(kind="substantive", title=Bilingual.of("Item", "Point")))


def add_entry(conn, actor, group):
    meetings.add_entry(conn, item_id=item_of_4th(conn, "AOB"), actor=actor,
                       data=MinuteEntryCreate(text=Bilingual.of("Thanks.", "Merci.")))


def add_decision(conn, actor, group):
    meetings.add_decision(conn, item_id=item_of_4th(conn, "AOB"), actor=actor,
                          data=DecisionCreate(decision_type="noted", text=Bilingual.of("Noted.", "Pris acte.")))


def add_action_point(conn, actor, group):
    meetings.add_action_point(conn, item_id=item_of_4th(conn, "AOB"), actor=actor, data=ActionPointCreate(
        text=Bilingual.of("Share the list.", "Partager la liste."), owner_acronym="ICMPD", due_date=date(2022, 3, 1)))


def add_attendee(conn, actor, group):
    meetings.add_attendance(conn, meeting_id=ids(conn, "meeting", "sequence_no", 4), actor=actor,
                            data=AttendanceCreate(org_acronym="ECOWAS", delegation="observer", role="observer"))


def circulate_fourth(conn, actor, group):
    meetings.circulate(conn, meeting_id=ids(conn, "meeting", "sequence_no", 4), actor=actor, today=TODAY)


def approve_ng_seat(conn, actor, group):
    fourth = ids(conn, "meeting", "sequence_no", 4)
    meetings.circulate(conn, meeting_id=fourth, actor=SETUP, today=TODAY)
    meetings.approve(conn, meeting_id=fourth, person_id=ids(conn, "person", "ref", "dg-naptip"), actor=actor)


def new_version_of_third(conn, actor, group):
    meetings.new_version(conn, meeting_id=ids(conn, "meeting", "sequence_no", 3), reason="Typo in item b", actor=actor)


def create_provision(conn, actor, group):
    mou.create_provision(conn, group_id=group.id, actor=actor, data=ProvisionCreate(
        article="9", text=Bilingual.of("Review.", "Révision.")))


def link_work(conn, actor, group):
    mou.link_work(conn, group_id=group.id, commitment_id=ids(conn, "commitment", "code", "C-6.1"), kind="activity",
                  target_id=ids(conn, "activity", "code", "IP-02"), actor=actor)


def add_user(conn, actor, group):
    auth.create_user(conn, actor=actor, data=UserCreate(username="first", role="secretariat", password="a good long password"))
    auth.create_user(conn, actor=actor, data=UserCreate(username="second", role="observer", password="a good long password"))


def read_audit(conn, actor, group):
    audit.search(conn, actor=actor, where=audit.AuditFilter())


def add_alias(conn, actor, group):
    redaction.add_case_alias(conn, case_code="NG-VoT-2021-01", alias="Ada Invented", actor=actor)


def upload_letterhead(conn, actor, group):
    letterhead.save_letterhead(conn, filename="letterhead.docx", content=base_template(), actor=actor)


def export_as(profile):
    def run(conn, actor, group):
        export.export_minutes(conn, meeting_id=ids(conn, "meeting", "sequence_no", 3), lang="en", profile=profile,
                              actor=actor)
    return run


ALL = set(ROLES)
CHANGES = [
    # (kind of change, the call, roles allowed)
    ("update an action item of PR", update_pr_action, {"secretariat", "member_pr"}),
    ("create a PR activity", create_pr_activity, {"secretariat", "member_pr"}),
    ("edit a PR activity", update_pr_activity, {"secretariat", "member_pr"}),
    ("delete an activity", delete_pr_activity, {"secretariat"}),
    ("plan a meeting", plan_fifth, {"secretariat"}),
    ("add an agenda item", add_item, {"secretariat"}),
    ("draft a discussion paragraph", add_entry, {"secretariat"}),
    ("draft a decision", add_decision, {"secretariat"}),
    ("draft an action point", add_action_point, {"secretariat"}),
    ("record attendance", add_attendee, {"secretariat"}),
    ("circulate minutes", circulate_fourth, {"secretariat"}),
    ("approve minutes for the NG seat", approve_ng_seat, {"secretariat", "co_chair"}),
    ("open a new version of adopted minutes", new_version_of_third, {"secretariat"}),
    ("add an MoU provision", create_provision, {"secretariat"}),
    ("link work to a commitment", link_work, {"secretariat"}),
    ("add accounts", add_user, {"secretariat"}),
    ("read the audit trail", read_audit, {"secretariat"}),
    ("record a protected-case alias", add_alias, {"secretariat"}),
    ("upload a letterhead", upload_letterhead, {"secretariat"}),
    ("export internal minutes", export_as("internal"), {"secretariat", "co_chair"}),
    ("export restricted minutes", export_as("restricted"), {"secretariat", "co_chair", "member_pr", "member_ip"}),
    ("export public minutes", export_as("public"), ALL),
]


def snapshot(conn) -> tuple:
    """Everything a change could touch, except the log entries exports and reads add."""
    tables = ("action_item", "activity", "meeting", "agenda_item", "minute_entry", "decision", "attendance",
              "minutes", "minutes_approval", "mou_provision", "commitment_activity", "app_user", "app_setting",
              "case_alias", "letterhead")
    return tuple(tuple(map(str, conn.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall())) for t in tables)


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("kind, call, allowed", CHANGES, ids=[c[0] for c in CHANGES])
def test_change_as_role(demo_conn, group, kind, call, allowed, role):
    actor = ROLES[role]
    if kind == "add accounts":   # the first account may be made by anyone with the database; seed one
        auth.create_user(demo_conn, actor=SETUP, data=UserCreate(username="seed", role="secretariat",
                                                                 password="a good long password"))
    if role in allowed:
        before = snapshot(demo_conn)
        call(demo_conn, actor, group)
        if kind not in ("read the audit trail",) and not kind.startswith("export"):
            assert snapshot(demo_conn) != before
    else:
        if kind == "approve minutes for the NG seat":
            meetings.circulate(demo_conn, meeting_id=ids(demo_conn, "meeting", "sequence_no", 4), actor=SETUP, today=TODAY)
            call = lambda conn, actor, group: meetings.approve(   # noqa: E731
                conn, meeting_id=ids(conn, "meeting", "sequence_no", 4),
                person_id=ids(conn, "person", "ref", "dg-naptip"), actor=actor)
        before = snapshot(demo_conn)
        with pytest.raises(PermissionDenied):
            call(demo_conn, actor, group)
        assert snapshot(demo_conn) == before


def test_a_co_chair_approves_only_their_own_seat(demo_conn, group):
    fourth = ids(demo_conn, "meeting", "sequence_no", 4)
    meetings.circulate(demo_conn, meeting_id=fourth, actor=SETUP, today=TODAY)
    with pytest.raises(PermissionDenied):
        meetings.approve(demo_conn, meeting_id=fourth, person_id=ids(demo_conn, "person", "ref", "dg-anltp"),
                         actor=ROLES["co_chair"])


def test_a_member_is_told_which_subcommittees_are_theirs(demo_conn, group):
    with pytest.raises(PermissionDenied) as refused:
        update_pr_action(demo_conn, ROLES["member_ip"], group)
    assert refused.value.message("fr").endswith("sous-comités\u00a0: IP.")
