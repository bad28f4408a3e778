"""Every kind of change, called through its real service as each role: allowed, or refused with nothing changed.

The table CHANGES lists (change, roles allowed); each row runs once per role on a fresh copy of the demo
database. Members act for sub-committee PR: items of PR are theirs, items of IP or of the plenary are not.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

import duckdb
import openpyxl
import pytest
from docx import Document

from jtwg import db
from jtwg.errors import PermissionDenied
from jtwg.excel import actions_sheet, workplan_sheet
from jtwg.excel.importer import apply_import
from jtwg.services import exports as letterhead
from jtwg.services.exports import export_minutes
from jtwg.models import (
    ActionItemCreate, ActionItemUpdate, ActionPointCreate, ActionReview, ActivityCreate, ActivityUpdate, Actor,
    AgendaItemCreate, AgendaItemUpdate, AttendanceCreate, Bilingual, DecisionCreate, DecisionUpdate, MeetingCreate,
    MeetingUpdate, MinuteEntryCreate, MinuteEntryUpdate, SessionCreate,
)
from jtwg.models.mou import CommitmentCreate, CommitmentUpdate, ProvisionCreate, ProvisionUpdate
from jtwg.models.users import UserCreate
from jtwg.services import actions, audit, auth, mou, personal_data, settings, workplan
from jtwg.services.meetings import agenda, attendance, drafting, lifecycle, planning
from jtwg.store import actions as action_store
from jtwg.store import groups
from jtwg.store import meetings as meeting_store
from jtwg.store import mou as mou_store
from jtwg.store import workplan as workplan_store
from jtwg.row_problems import RowsRejected
from tests.support.users import PASSWORD, ROLE_ACTORS

TODAY = date(2022, 6, 15)
SETUP = Actor.system("test-setup")
ACTORS = ROLE_ACTORS
ROLES = tuple(ACTORS)
SEC, SEC_CO, SEC_CO_MEMBER = {"secretariat"}, {"secretariat", "co_chair"}, {"secretariat", "co_chair", "member"}
SEC_MEMBER = {"secretariat", "member"}


# --- the database and what a case works on -------------------------------------------------------------


@pytest.fixture
def fresh_conn(demo_db_file):
    """A fresh copy of the demo database (with one account per role) for each case, so cases never interfere."""
    conn = db.connect(demo_db_file)
    yield conn
    conn.close()


class Ctx:
    """The connection, the demo group, lookups by code, and what a case's setup prepared."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn
        self.group = groups.get_group(conn, code="NE-NG")
        self.prepared: dict[str, Any] = {}

    def meeting_id(self, seq: int) -> int:
        return meeting_store.meeting_id(self.conn, group_id=self.group.id, sequence_no=seq)

    def action(self, code: str):
        return action_store.get_action_item(self.conn, action_id=action_store.action_id_by_code(self.conn, code=code))

    def activity(self, code: str):
        found = self.conn.execute("SELECT id FROM activity WHERE code = ?", [code]).fetchone()
        return workplan_store.get_activity(self.conn, activity_id=found[0])

    def workplan_id(self, sub_code: str) -> int:
        return self.conn.execute("SELECT w.id FROM workplan w JOIN subcommittee s ON s.id = w.subcommittee_id"
                                 " WHERE s.code = ?", [sub_code]).fetchone()[0]

    def commitment(self, code: str):
        found = self.conn.execute("SELECT id FROM commitment WHERE code = ?", [code]).fetchone()
        return mou_store.get_commitment(self.conn, commitment_id=found[0])

    def aob(self):
        """The AOB item of the 4th meeting, whose minutes are still a draft in the demo."""
        return next(i for i in meeting_store.list_agenda_items(self.conn, meeting_id=self.meeting_id(4)) if i.label == "AOB")

    def row(self, table: str, row_id: int) -> tuple | None:
        return self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id]).fetchone()

    def ids(self, sql: str, params: list | None = None) -> list:
        return [r[0] for r in self.conn.execute(sql, params or []).fetchall()]


def database_state(conn) -> dict[str, list[str]]:
    """Every row of every table (as text, sorted): equal before and after means the call changed nothing."""
    tables = [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()]
    return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def workbook(header: list, *rows: list) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


# --- setups (done as the secretariat before the call under test) ---------------------------------------


def plan_fifth(ctx: Ctx) -> None:
    start = date(2022, 7, 12)
    ctx.prepared["fifth"] = planning.plan_meeting(ctx.conn, group_id=ctx.group.id, actor=SETUP, data=MeetingCreate(
        sequence_no=5, start_date=start, end_date=date(2022, 7, 13), venue="Test venue", city="Abuja", host_country="NG"),
        sessions=[SessionCreate(ref="d1", day_no=1, start_time="09:00")])


def circulate_fourth(ctx: Ctx) -> None:
    lifecycle.circulate(ctx.conn, meeting_id=ctx.meeting_id(4), actor=SETUP, today=TODAY)


def ready_for_adoption(ctx: Ctx) -> None:
    plan_fifth(ctx)
    circulate_fourth(ctx)
    for person_id in lifecycle.co_chairs(ctx.conn, group_id=ctx.group.id):
        lifecycle.approve(ctx.conn, meeting_id=ctx.meeting_id(4), person_id=person_id, actor=SETUP)


def entry_text(en: str = "Test discussion.", fr: str = "Discussion de test.") -> MinuteEntryCreate:
    return MinuteEntryCreate(text=Bilingual.of(en, fr))


def decision_data(en: str = "Test decision.", fr: str = "Décision de test.") -> DecisionCreate:
    return DecisionCreate(decision_type="noted", text=Bilingual.of(en, fr))


def action_point() -> ActionPointCreate:
    return ActionPointCreate(text=Bilingual.of("Share the report.", "Partager le rapport."), owner_acronym="ICMPD",
                             due_date=date(2022, 9, 30))


def prepare(key: str, make: Callable[[Ctx], Any]) -> Callable[[Ctx], None]:
    def setup(ctx: Ctx) -> None:
        ctx.prepared[key] = make(ctx)
    return setup


def activity_update(activity, **change) -> ActivityUpdate:
    data = {name: getattr(activity, name) for name in ActivityUpdate.model_fields if hasattr(activity, name)}
    data.update(change)
    return ActivityUpdate.model_validate(data)


def update_fourth_meeting(ctx: Ctx, actor: Actor):
    meeting = meeting_store.get_meeting(ctx.conn, meeting_id=ctx.meeting_id(4))
    data = {name: getattr(meeting, name) for name in MeetingUpdate.model_fields if hasattr(meeting, name)}
    return planning.update_meeting(ctx.conn, meeting_id=meeting.id, expected_version=meeting.version, actor=actor,
                                   data=MeetingUpdate.model_validate({**data, "venue": "Another venue"}))


def agenda_update(item, **change) -> AgendaItemUpdate:
    data = {name: getattr(item, name) for name in AgendaItemUpdate.model_fields if hasattr(item, name)}
    data.update(change)
    return AgendaItemUpdate.model_validate(data)


def update_action(ctx: Ctx, actor: Actor, code: str):
    item = ctx.action(code)
    return actions.update_action_item(ctx.conn, action_id=item.id, expected_version=item.version, actor=actor, today=TODAY,
                                      data=ActionItemUpdate(evidence="Progress report filed", note="checked"))


def bulk_edit(ctx: Ctx, actor: Actor, code: str):
    item = ctx.action(code)
    return actions.apply_edits(ctx.conn, actor=actor, today=TODAY, edits=[actions.RowEdit(
        row=code, action_id=item.id, expected_version=item.version, data=ActionItemUpdate(progress_pct=90))])


def update_activity(ctx: Ctx, actor: Actor, code: str, move_to: str | None = None):
    activity = ctx.activity(code)
    return workplan.update_activity(ctx.conn, activity_id=activity.id, expected_version=activity.version, actor=actor,
                                    data=activity_update(activity, progress_pct=75),
                                    workplan_id=ctx.workplan_id(move_to) if move_to else None)


def create_activity(ctx: Ctx, actor: Actor, sub_code: str):
    return workplan.create_activity(ctx.conn, workplan_id=ctx.workplan_id(sub_code), actor=actor, data=ActivityCreate(
        code=f"{sub_code}-T1", title=Bilingual.of("Test training", "Formation de test")))


def export(profile: str, override: bool = False):
    def call(ctx: Ctx, actor: Actor):
        return export_minutes(ctx.conn, meeting_id=ctx.meeting_id(4), lang="en", profile=profile, actor=actor,
                              override_reason="Public official, name cleared with the co-chairs" if override else None)
    return call


def add_named_entry(ctx: Ctx) -> None:
    """A personal name in the AOB discussion: the gate then blocks a public export unless overridden."""
    meeting_store.add_minute_entry(ctx.conn, item=ctx.aob(), actor=SETUP, data=entry_text(
        "Mr Quentin Zarkov attended.", "M. Quentin Zarkov était présent."))


def count(sql: str) -> Callable[[Ctx], int]:
    return lambda ctx: ctx.conn.execute(sql).fetchone()[0]


def minutes_row(seq: int) -> Callable[[Ctx], tuple]:
    return lambda ctx: ctx.conn.execute("SELECT * FROM minutes WHERE meeting_id = ? ORDER BY version_no",
                                        [ctx.meeting_id(seq)]).fetchall()


# --- the matrix ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One kind of change: how to call it, what it changes (compared before/after), who may do it."""

    name: str
    allowed: set[str]
    call: Callable[[Ctx, Actor], Any]
    target: Callable[[Ctx], Any]
    setup: Callable[[Ctx], None] | None = None
    own_subcommittee_rule: bool = False   # a member's refusal names their own sub-committees
    bulk: bool = False                    # refusals come back as rejected rows (bulk edit, Excel import)

    def __str__(self) -> str:
        return self.name


CHANGES = [
    # Action items: members update those of their own sub-committee only; creating is the secretariat's.
    Change("action_item.update own sub-committee", SEC_MEMBER, lambda c, a: update_action(c, a, "A4-03"),
           lambda c: c.row("action_item", c.action("A4-03").id), own_subcommittee_rule=True),
    Change("action_item.update other sub-committee", SEC, lambda c, a: update_action(c, a, "A4-05"),
           lambda c: c.row("action_item", c.action("A4-05").id), own_subcommittee_rule=True),
    Change("action_item.update plenary", SEC, lambda c, a: update_action(c, a, "A4-02"),
           lambda c: c.row("action_item", c.action("A4-02").id), own_subcommittee_rule=True),
    Change("action_item.bulk_edit own sub-committee", SEC_MEMBER, lambda c, a: bulk_edit(c, a, "A4-04"),
           lambda c: c.row("action_item", c.action("A4-04").id), own_subcommittee_rule=True, bulk=True),
    Change("action_item.bulk_edit other sub-committee", SEC, lambda c, a: bulk_edit(c, a, "A4-05"),
           lambda c: c.row("action_item", c.action("A4-05").id), own_subcommittee_rule=True, bulk=True),
    Change("action_item.create", SEC, lambda c, a: actions.create_action_item(
        c.conn, group_id=c.group.id, actor=a, data=ActionItemCreate(
            code="T-01", text=Bilingual.of("Test action", "Action de test"), owner_acronym="ICMPD",
            subcommittee_code="PR", due_date=date(2022, 9, 30))),
        count("SELECT count(*) FROM action_item")),
    Change("excel.import_actions own sub-committee", SEC_MEMBER, lambda c, a: apply_import(
        c.conn, actions_sheet.ActionsAdapter(c.group.id, TODAY), workbook(["Code", "Evidence"], ["A4-03", "Shelter report"]), a),
        lambda c: c.row("action_item", c.action("A4-03").id), own_subcommittee_rule=True, bulk=True),
    Change("excel.import_actions other sub-committee", SEC, lambda c, a: apply_import(
        c.conn, actions_sheet.ActionsAdapter(c.group.id, TODAY), workbook(["Code", "Evidence"], ["A4-05", "Court file"]), a),
        lambda c: c.row("action_item", c.action("A4-05").id), own_subcommittee_rule=True, bulk=True),
    # Activities: members create and update those of their own sub-committee; deleting is the secretariat's.
    Change("activity.create own sub-committee", SEC_MEMBER, lambda c, a: create_activity(c, a, "PR"),
           count("SELECT count(*) FROM activity"), own_subcommittee_rule=True),
    Change("activity.create other sub-committee", SEC, lambda c, a: create_activity(c, a, "IP"),
           count("SELECT count(*) FROM activity"), own_subcommittee_rule=True),
    Change("activity.update own sub-committee", SEC_MEMBER, lambda c, a: update_activity(c, a, "PR-01"),
           lambda c: c.row("activity", c.activity("PR-01").id), own_subcommittee_rule=True),
    Change("activity.update other sub-committee", SEC, lambda c, a: update_activity(c, a, "IP-01"),
           lambda c: c.row("activity", c.activity("IP-01").id), own_subcommittee_rule=True),
    Change("activity.update moved to another sub-committee", SEC, lambda c, a: update_activity(c, a, "PR-01", move_to="IP"),
           lambda c: c.row("activity", c.activity("PR-01").id), own_subcommittee_rule=True),
    Change("activity.delete own sub-committee", SEC, lambda c, a: workplan.delete_activity(
        c.conn, activity_id=c.activity("PR-03").id, expected_version=c.activity("PR-03").version, actor=a),
        count("SELECT count(*) FROM activity")),
    Change("excel.import_workplan own sub-committee", SEC_MEMBER, lambda c, a: apply_import(
        c.conn, workplan_sheet.WorkplanAdapter(c.group.id, TODAY), workbook(["Code", "Progress"], ["PR-01", 70]), a),
        lambda c: c.row("activity", c.activity("PR-01").id), own_subcommittee_rule=True, bulk=True),
    Change("excel.import_workplan other sub-committee", SEC, lambda c, a: apply_import(
        c.conn, workplan_sheet.WorkplanAdapter(c.group.id, TODAY), workbook(["Code", "Progress"], ["IP-01", 10]), a),
        lambda c: c.row("activity", c.activity("IP-01").id), own_subcommittee_rule=True, bulk=True),
    # Meetings: planning and drafting are the secretariat's.
    Change("meeting.plan", SEC, lambda c, a: planning.plan_meeting(c.conn, group_id=c.group.id, actor=a, data=MeetingCreate(
        sequence_no=5, start_date=date(2022, 7, 12), end_date=date(2022, 7, 13), city="Abuja", host_country="NG")),
        count("SELECT count(*) FROM meeting")),
    Change("meeting.update", SEC, lambda c, a: update_fourth_meeting(c, a), lambda c: c.row("meeting", c.meeting_id(4))),
    Change("session.add", SEC, lambda c, a: planning.add_session(c.conn, meeting_id=c.meeting_id(4), actor=a,
                                                                   data=SessionCreate(ref="t", day_no=2, start_time="16:00")),
           count("SELECT count(*) FROM meeting_session")),
    Change("session.delete", SEC, lambda c, a: planning.delete_session(c.conn, session_id=c.prepared["session"], actor=a),
           count("SELECT count(*) FROM meeting_session"),
           setup=prepare("session", lambda c: planning.add_session(c.conn, meeting_id=c.meeting_id(4), actor=SETUP,
                                                                    data=SessionCreate(ref="t", day_no=2, start_time="16:00")))),
    Change("agenda.add_standard_items", SEC, lambda c, a: agenda.add_standard_items(c.conn, meeting_id=c.prepared["fifth"], actor=a),
           count("SELECT count(*) FROM agenda_item"), setup=plan_fifth),
    Change("agenda_item.add", SEC, lambda c, a: agenda.add_agenda_item(c.conn, meeting_id=c.meeting_id(4), actor=a,
        data=AgendaItemCreate(kind="substantive", title=Bilingual.of("Test item", "Point de test"), confidentiality="public")),
        count("SELECT count(*) FROM agenda_item")),
    Change("agenda_item.update", SEC, lambda c, a: agenda.update_agenda_item(
        c.conn, item_id=c.aob().id, expected_version=c.aob().version, actor=a,
        data=agenda_update(c.aob(), title=Bilingual.of("Other business", "Divers"))),
        lambda c: c.row("agenda_item", c.aob().id)),
    Change("agenda_item.move", SEC, lambda c, a: agenda.move_agenda_item(c.conn, item_id=c.aob().id, step=-1, actor=a),
           lambda c: c.row("agenda_item", c.aob().id)),
    Change("agenda_item.delete", SEC, lambda c, a: agenda.delete_agenda_item(c.conn, item_id=c.prepared["item"], actor=a),
           count("SELECT count(*) FROM agenda_item"),
           setup=prepare("item", lambda c: agenda.add_agenda_item(c.conn, meeting_id=c.meeting_id(4), actor=SETUP, data=AgendaItemCreate(
               kind="substantive", title=Bilingual.of("Test item", "Point de test"), confidentiality="public")))),
    Change("matters_arising.record_review", SEC, lambda c, a: agenda.record_review(
        c.conn, meeting_id=c.prepared["fifth"], action_id=c.action("A4-03").id, expected_version=c.action("A4-03").version,
        review=ActionReview(status="done"), actor=a, today=TODAY),
        lambda c: (c.row("action_item", c.action("A4-03").id), count("SELECT count(*) FROM minute_entry")(c)), setup=plan_fifth),
    Change("minute_entry.add", SEC, lambda c, a: drafting.add_entry(c.conn, item_id=c.aob().id, data=entry_text(), actor=a),
           count("SELECT count(*) FROM minute_entry")),
    Change("minute_entry.update", SEC, lambda c, a: drafting.update_entry(
        c.conn, entry_id=c.prepared["entry"], actor=a, data=MinuteEntryUpdate(text=Bilingual.of("Edited.", "Modifié.")),
        expected_version=meeting_store.get_minute_entry(c.conn, entry_id=c.prepared["entry"]).version),
        lambda c: c.row("minute_entry", c.prepared["entry"]),
        setup=prepare("entry", lambda c: c.ids("SELECT id FROM minute_entry WHERE agenda_item_id = ?", [c.aob().id])[0])),
    Change("minute_entry.delete", SEC, lambda c, a: drafting.delete_entry(c.conn, entry_id=c.prepared["entry"], actor=a),
           count("SELECT count(*) FROM minute_entry"),
           setup=prepare("entry", lambda c: c.ids("SELECT id FROM minute_entry WHERE agenda_item_id = ?", [c.aob().id])[0])),
    Change("decision.add", SEC, lambda c, a: drafting.add_decision(c.conn, item_id=c.aob().id, data=decision_data(), actor=a),
           count("SELECT count(*) FROM decision")),
    Change("decision.update", SEC, lambda c, a: drafting.update_decision(
        c.conn, decision_id=c.prepared["decision"], actor=a, data=DecisionUpdate(
            decision_type="noted", text=Bilingual.of("Edited decision.", "Décision modifiée.")),
        expected_version=meeting_store.get_decision(c.conn, decision_id=c.prepared["decision"]).version),
        lambda c: c.row("decision", c.prepared["decision"]),
        setup=prepare("decision", lambda c: drafting.add_decision(c.conn, item_id=c.aob().id, data=decision_data(), actor=SETUP))),
    Change("decision.delete", SEC, lambda c, a: drafting.delete_decision(c.conn, decision_id=c.prepared["decision"], actor=a),
           count("SELECT count(*) FROM decision"),
           setup=prepare("decision", lambda c: drafting.add_decision(c.conn, item_id=c.aob().id, data=decision_data(), actor=SETUP))),
    Change("action_point.add", SEC, lambda c, a: drafting.add_action_point(c.conn, item_id=c.aob().id, data=action_point(), actor=a),
           count("SELECT count(*) FROM action_item")),
    Change("action_point.delete", SEC, lambda c, a: drafting.delete_action_point(c.conn, action_id=c.prepared["action"], actor=a),
           count("SELECT count(*) FROM action_item"),
           setup=prepare("action", lambda c: drafting.add_action_point(c.conn, item_id=c.aob().id, data=action_point(), actor=SETUP))),
    Change("attendance.add", SEC, lambda c, a: attendance.add_attendance(
        c.conn, meeting_id=c.meeting_id(4), actor=a, data=AttendanceCreate(display_name="Test Guest", delegation="NG")),
        count("SELECT count(*) FROM attendance")),
    Change("attendance.remove", SEC, lambda c, a: attendance.remove_attendance(
        c.conn, attendance_id=meeting_store.list_attendance(c.conn, meeting_id=c.meeting_id(4))[0].id, actor=a),
        count("SELECT count(*) FROM attendance")),
    Change("attendance.import", SEC, lambda c, a: attendance.import_attendance(c.conn, meeting_id=c.meeting_id(4), actor=a, records=[
        AttendanceCreate(display_name="Test Guest One", delegation="NG"), AttendanceCreate(display_name="Test Guest Two", delegation="NE")]),
        count("SELECT count(*) FROM attendance")),
    # The minutes lifecycle: co-chairs approve; the secretariat circulates, versions, adopts and locks.
    Change("minutes.circulate", SEC, lambda c, a: lifecycle.circulate(c.conn, meeting_id=c.meeting_id(4), actor=a, today=TODAY),
           minutes_row(4)),
    Change("minutes.new_version", SEC, lambda c, a: lifecycle.new_version(c.conn, meeting_id=c.meeting_id(4), reason="Typo in AOB", actor=a),
           minutes_row(4), setup=circulate_fourth),
    # The co-chair account sits for NG: it records the NAPTIP seat's approval (its own).
    Change("minutes.approve", SEC_CO, lambda c, a: lifecycle.approve(
        c.conn, meeting_id=c.meeting_id(4), actor=a,
        person_id=c.conn.execute("SELECT id FROM person WHERE ref = 'dg-naptip'").fetchone()[0]),
        lambda c: lifecycle.approvals(c.conn, meeting_id=c.meeting_id(4)), setup=circulate_fourth),
    Change("minutes.adopt", SEC, lambda c, a: lifecycle.adopt(c.conn, meeting_id=c.meeting_id(4), at_meeting_id=c.prepared["fifth"], actor=a),
           minutes_row(4), setup=ready_for_adoption),
    Change("minutes.lock", SEC, lambda c, a: lifecycle.lock(c.conn, meeting_id=c.meeting_id(3), actor=a), minutes_row(3)),
    # The MoU tracker: provisions, commitments and their links are the secretariat's.
    Change("mou.provision.create", SEC, lambda c, a: mou.create_provision(c.conn, group_id=c.group.id, actor=a, data=ProvisionCreate(
        article="20", text=Bilingual.of("Test article.", "Article de test."))), count("SELECT count(*) FROM mou_provision")),
    Change("mou.provision.update", SEC, lambda c, a: mou.update_provision(
        c.conn, group_id=c.group.id, provision_id=c.prepared["art6"].id, expected_version=c.prepared["art6"].version, actor=a,
        data=ProvisionUpdate(article="6", paragraph="1", heading=c.prepared["art6"].heading, text=c.prepared["art6"].text)),
        lambda c: c.row("mou_provision", c.prepared["art6"].id),
        setup=prepare("art6", lambda c: next(p for p in mou_store.list_provisions(c.conn, mou_id=1) if p.number == "6"))),
    Change("mou.provision.delete", SEC, lambda c, a: mou.delete_provision(c.conn, group_id=c.group.id, provision_id=c.prepared["new"], actor=a),
           count("SELECT count(*) FROM mou_provision"),
           setup=prepare("new", lambda c: mou.create_provision(c.conn, group_id=c.group.id, actor=SETUP, data=ProvisionCreate(
               article="20", text=Bilingual.of("Test article.", "Article de test."))))),
    Change("mou.commitment.create", SEC, lambda c, a: mou.create_commitment(
        c.conn, group_id=c.group.id, provision_id=c.commitment("C-6.1").provision_id, actor=a, data=CommitmentCreate(
            code="C-T.1", description=Bilingual.of("Hold a joint review.", "Tenir une revue conjointe."),
            responsible_acronyms=["NAPTIP"], due_date=date(2022, 12, 31))),
        count("SELECT count(*) FROM commitment")),
    Change("mou.commitment.update", SEC, lambda c, a: mou.update_commitment(
        c.conn, group_id=c.group.id, commitment_id=c.commitment("C-6.1").id, expected_version=c.commitment("C-6.1").version,
        actor=a, data=CommitmentUpdate(code="C-6.1", description=c.commitment("C-6.1").description,
                                       responsible_acronyms=["NAPTIP"], status="in_progress",
                                       due_date=c.commitment("C-6.1").due_date)),
        lambda c: c.row("commitment", c.commitment("C-6.1").id)),
    Change("mou.commitment.delete", SEC, lambda c, a: mou.delete_commitment(
        c.conn, group_id=c.group.id, commitment_id=c.commitment("C-6.1").id, actor=a), count("SELECT count(*) FROM commitment")),
    Change("mou.link", SEC, lambda c, a: mou.link_work(c.conn, group_id=c.group.id, commitment_id=c.commitment("C-6.1").id,
                                                       kind="activity", target_id=c.activity("PR-01").id, actor=a),
           count("SELECT count(*) FROM commitment_activity")),
    Change("mou.unlink", SEC, lambda c, a: mou.unlink_work(c.conn, group_id=c.group.id, commitment_id=c.commitment("C-3.1").id,
                                                           kind="activity", target_id=c.activity("PV-01").id, actor=a),
           count("SELECT count(*) FROM commitment_activity")),
    # Accounts.
    Change("user.create", SEC, lambda c, a: auth.create_user(c.conn, actor=a, data=UserCreate(
        username="new-member", role="member", delegation="NG", subcommittee_codes=["PV"], password=PASSWORD)),
        count("SELECT count(*) FROM app_user")),
    Change("user.disable", SEC, lambda c, a: auth.set_disabled(c.conn, username="donor", disabled=True, actor=a),
           lambda c: c.conn.execute("SELECT * FROM app_user WHERE username = 'donor'").fetchone()),
    Change("user.reset_password", SEC, lambda c, a: auth.reset_password(c.conn, username="donor", password="another long passphrase 7", actor=a),
           lambda c: c.conn.execute("SELECT * FROM app_user WHERE username = 'donor'").fetchone()),
    # Protected cases' aliases (the personal-data gate's list).
    Change("case.alias.add", SEC, lambda c, a: personal_data.add_case_alias(c.conn, case_code="NG-VoT-2021-01", alias="Zorba Quux", actor=a),
           count("SELECT count(*) FROM case_alias")),
    Change("case.alias.clear", SEC, lambda c, a: personal_data.clear_case_aliases(c.conn, case_code="NG-VoT-2021-01", actor=a),
           count("SELECT count(*) FROM case_alias"),
           setup=lambda c: personal_data.add_case_alias(c.conn, case_code="NG-VoT-2021-01", alias="Zorba Quux", actor=SETUP)),
    # Exports (each logged): a role exports at most what it may read; only the secretariat overrides the gate.
    Change("export.internal", SEC_CO, export("internal"), count("SELECT count(*) FROM change_log WHERE action = 'export'")),
    Change("export.restricted", SEC_CO_MEMBER, export("restricted"), count("SELECT count(*) FROM change_log WHERE action = 'export'")),
    Change("export.public", set(ROLES), export("public"), count("SELECT count(*) FROM change_log WHERE action = 'export'")),
    Change("export.override", SEC, export("public", override=True),
           count("SELECT count(*) FROM change_log WHERE action IN ('export', 'override')"), setup=add_named_entry),
    # Settings: the letterhead and the as-of date.
    Change("settings.letterhead.save", SEC, lambda c, a: letterhead.save_letterhead(c.conn, filename="t.docx", content=docx_bytes(), actor=a),
           count("SELECT count(*) FROM letterhead")),
    Change("settings.letterhead.remove", SEC, lambda c, a: letterhead.remove_letterhead(c.conn, actor=a),
           count("SELECT count(*) FROM letterhead"),
           setup=lambda c: letterhead.save_letterhead(c.conn, filename="t.docx", content=docx_bytes(), actor=SETUP)),
    Change("settings.as_of", SEC, lambda c, a: settings.set_as_of(c.conn, date(2022, 7, 1), actor=a), lambda c: settings.as_of(c.conn)),
]


def refusal(exc: Exception) -> tuple[str, dict]:
    """The catalogue key and parameters of a permission refusal, whether raised alone or as a rejected row."""
    if isinstance(exc, RowsRejected):
        assert len(exc.problems) == 1, exc.problems
        return exc.problems[0].key, dict(exc.problems[0].params)
    assert isinstance(exc, PermissionDenied), exc
    return exc.key, exc.params


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_each_role_may_make_only_its_changes(fresh_conn, change: Change, role: str):
    ctx = Ctx(fresh_conn)
    if change.setup:
        change.setup(ctx)
    actor = ACTORS[role]
    target_before = change.target(ctx)
    state_before = database_state(fresh_conn)
    if role in change.allowed:
        change.call(ctx, actor)
        assert change.target(ctx) != target_before, f"{role} was allowed {change} but nothing changed"
        assert fresh_conn.execute("SELECT count(*) FROM change_log WHERE actor = ?", [actor.username]).fetchone()[0] > 0
        return
    with pytest.raises(RowsRejected if change.bulk else PermissionDenied) as caught:
        change.call(ctx, actor)
    assert change.target(ctx) == target_before
    assert database_state(fresh_conn) == state_before, f"{role}'s refused {change} changed the database"
    key, params = refusal(caught.value)
    if role == "member" and change.own_subcommittee_rule:
        assert key == "error.permission_own_subcommittee" and params["codes"] == "PR"
        message = caught.value.message("en") if not change.bulk else caught.value.problems[0].message("en")
        assert "own sub-committee(s): PR" in message
    else:
        assert key == "error.permission_denied"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_reads_the_audit_trail(fresh_conn, role: str):
    where = audit.AuditFilter()
    if role == "secretariat":
        entries, total = audit.search(fresh_conn, actor=ACTORS[role], where=where)
        assert total > 0 and entries
    else:
        with pytest.raises(PermissionDenied):
            audit.search(fresh_conn, actor=ACTORS[role], where=where)


@pytest.mark.parametrize("role", ["co_chair", "member", "observer"])
@pytest.mark.parametrize("call", [
    lambda conn, actor: auth.set_disabled(conn, username="nobody-here", disabled=True, actor=actor),
    lambda conn, actor: auth.reset_password(conn, username="nobody-here", password="another long passphrase 7", actor=actor),
    lambda conn, actor: auth.reset_password(conn, username="donor", password="weak", actor=actor),
], ids=["disable unknown user", "reset unknown user", "weak password"])
def test_account_changes_refuse_before_saying_whether_a_user_exists(fresh_conn, call, role: str):
    with pytest.raises(PermissionDenied):
        call(fresh_conn, ACTORS[role])
