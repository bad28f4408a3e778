"""Several groups in one installation, in the app: the sidebar chooser, roles per group, group-aware addresses."""

import pytest

from jtwg import db
from jtwg.generate import Plan, generate
from jtwg.models.users import GroupRoleSet
from jtwg.services import auth
from jtwg.store import groups as group_store

PLAN = Plan(groups=1, meetings_per_group=2, actions=40, seed=3, activities_per_group=4, provisions_per_group=2)


@pytest.fixture
def other_group(demo_db_file):
    """A second, generated group next to the demo's NE-NG (the test accounts hold roles in NE-NG only)."""
    conn = db.connect(demo_db_file)
    try:
        [code] = generate(conn, plan=PLAN)
        return group_store.get_group(conn, code=code)
    finally:
        conn.close()


def _chooser(at):
    return [s for s in at.sidebar.selectbox if s.label in ("Working group", "Groupe de travail")]


def _intro(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_an_administrator_switches_groups_in_the_sidebar(app, other_group):
    at = app("en", user="sec")
    [chooser] = _chooser(at)
    assert len(chooser.options) == 2 and any(o.startswith("NE-NG – ") for o in chooser.options)
    # The groups come by code: the generated G01-… first.
    assert other_group.name.get("en") in _intro(at) and "Niger–Nigeria" not in _intro(at)
    chooser.set_value("NE-NG").run()
    assert not at.exception
    assert "Niger–Nigeria" in _intro(at) and other_group.name.get("en") not in _intro(at)
    assert "NE-NG" in at.query_params["group"]   # the address says the group: reloads and links keep it


def test_a_member_of_one_group_gets_no_chooser_and_no_other_group(app, other_group, demo_db_file):
    at = app("en", user="member-pr")
    assert not _chooser(at) and not at.exception
    at.query_params["group"] = other_group.code   # a link to a group they hold no role in
    at.run()
    assert any(f"no role in the working group {other_group.code}" in e.value for e in at.error)
    assert other_group.name.get("en") not in _intro(at)


def test_a_role_in_a_second_group_brings_the_chooser_and_that_roles_pages(app, other_group, demo_db_file):
    conn = db.connect(demo_db_file)
    try:
        auth.set_group_role(conn, username="donor", actor=auth.get_user(conn, username="sec").actor(),
                            data=GroupRoleSet(group_code=other_group.code, role="co_chair", delegation="secretariat"))
    finally:
        conn.close()
    at = app("fr", user="donor")
    [chooser] = _chooser(at)
    assert len(chooser.options) == 2
    # In the other group (first by code) the donor is a co-chair: the MoU opens.
    assert any("Coprésident" in c.value for c in at.sidebar.caption)
    at.switch_page("pages/mou.py").run()
    assert not at.exception and at.title
    # In NE-NG they are an observer: the meetings page only.
    at = app("fr", user="donor")
    at.query_params["group"] = "NE-NG"   # a link into NE-NG: the session works there from now on
    at.run()
    at.switch_page("pages/meetings.py").run()
    assert not at.exception and at.title
    at.switch_page("pages/mou.py").run()   # the page refuses by itself for an observer
    assert [e.value for e in at.error] == ["Cette page n'est pas ouverte à votre compte."] and not at.title


def test_settings_gives_and_takes_away_a_role_in_the_group_worked_in(app, other_group, demo_db_file):
    at = app("en", user="sec")
    at.query_params["group"] = other_group.code
    at.run()
    at.switch_page("pages/settings.py").run()
    at.selectbox(key="user_manage").set_value("member-pr").run()
    prefix = "user_role_member-pr"
    # Widgets in a form take their values on submit: set them, then click.
    at.selectbox(key=f"{prefix}_role").set_value("member")
    # A member needs a sub-committee of this group: refused with a message, nothing saved.
    at.button(key=f"FormSubmitter:{prefix}-Give this role in {other_group.code}").click().run()
    assert not at.exception and at.error
    at.selectbox(key=f"{prefix}_role").set_value("member")
    at.multiselect(key=f"{prefix}_subs").set_value(["IP"])
    at.button(key=f"FormSubmitter:{prefix}-Give this role in {other_group.code}").click().run()
    assert not at.exception and any(f"member-pr is now Sub-committee member in {other_group.code}" in s.value
                                    for s in at.success)
    # The table shows the new role at once.
    roles = " | ".join(at.dataframe[-1].value["Roles"])
    assert f"{other_group.code}: Sub-committee member (" in roles and "; IP)" in roles
    conn = db.connect(demo_db_file)
    try:
        held = auth.get_user(conn, username="member-pr").role_in(other_group.id)
        assert held.role == "member" and held.subcommittee_codes == ["IP"]
    finally:
        conn.close()
    at.button(key="user_role_remove_member-pr").click().run()
    assert any(f"member-pr no longer holds a role in {other_group.code}" in s.value for s in at.success)
    conn = db.connect(demo_db_file)
    try:
        assert auth.get_user(conn, username="member-pr").role_in(other_group.id) is None
    finally:
        conn.close()


def test_an_account_with_no_role_left_is_told_so(app, demo_db_file):
    conn = db.connect(demo_db_file)
    try:
        auth.remove_group_role(conn, username="donor", group_code="NE-NG",
                               actor=auth.get_user(conn, username="sec").actor())
    finally:
        conn.close()
    at = app("fr", user="donor")
    assert not at.exception and not _chooser(at)
    assert [i.value for i in at.info] == ["Votre compte n'a encore de rôle dans aucun groupe de travail. "
                                          "Demandez-en un au secrétariat."]
    assert "Niger" not in " ".join(m.value for m in at.markdown) + _intro(at)


@pytest.mark.parametrize("page, key", [("pages/meetings.py", "meeting_id"), ("pages/review.py", "review_meeting")])
def test_a_meeting_chosen_in_one_group_does_not_follow_into_another(app, other_group, demo_db_file, page, key):
    conn = db.connect(demo_db_file)
    try:
        home = set(r[0] for r in conn.execute(
            "SELECT m.id FROM meeting m JOIN jtwg_group g ON g.id = m.group_id WHERE g.code = 'NE-NG'").fetchall())
    finally:
        conn.close()
    at = app("en", user="sec")   # starts in the generated group, first by code
    at.switch_page(page).run()
    assert at.selectbox(key=key).value not in home   # a meeting of the generated group is open
    at.query_params["group"] = "NE-NG"
    at.switch_page(page).run()
    assert not at.exception and not at.error
    assert at.selectbox(key=key).value in home   # one of NE-NG's meetings, never the other group's
