"""MoU page under AppTest: provisions with progress and flags in both languages, linking, editing, stale saves, deletes."""

from jtwg.models import Actor, CommitmentStatus, Rag, Recurrence
from jtwg.store import links
from jtwg.store.records import update

SECRETARIAT = Actor(username="someone-else", role="secretariat")
# Enum pickers show translated labels, so tests choose by position: [None, *Rag], [None, *Recurrence], [*CommitmentStatus].
OPTION = {"red": [None, *Rag].index(Rag.RED), "quarterly": [None, *Recurrence].index(Recurrence.QUARTERLY),
          "in_progress": list(CommitmentStatus).index(CommitmentStatus.IN_PROGRESS),
          "fulfilled": list(CommitmentStatus).index(CommitmentStatus.FULFILLED)}


def open_mou(app, lang="en"):
    at = app(lang)
    at.switch_page("pages/mou.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
                    + [s.value for s in at.success] + [e.value for e in at.error] + [i.value for i in at.info])


def progress_texts(at) -> list[str]:
    return [p.proto.text for p in at.get("progress")]


def db_cursor(app_test):
    """The app's own connection (the test process cannot open the file a second time)."""
    from jtwg.config import load_settings
    from jtwg.ui.session import _connection

    return _connection(str(load_settings().db_path)).cursor()


def commitment_id(cur, code):
    return cur.execute("SELECT id FROM commitment WHERE code = ?", [code]).fetchone()[0]


def test_provisions_progress_formula_and_flags_in_english(app):
    at = open_mou(app)
    body = texts(at)
    assert "Parties: National Agency for the Fight against Trafficking" in body
    assert "In force from 16 November 2021 for 60 months, until 16 November 2026" in body
    assert "How progress is calculated" in body and "or 25 when none is linked" in body
    assert progress_texts(at) == ["Progress: 20%", "Progress: 30%", "Progress: 0%", "Progress: 0%", "Progress: 100%",
                                  "Progress: 25%", "Progress: 100%"]
    assert body.count("No work-plan activity implements this provision yet.") == 2        # Art. 6 and 8.1
    assert "Mean of linked work: PV-01 40%, PV-02 0%" in body
    assert "Activity PR-02" in body and "4th meeting, item i, decision 1" in body
    assert {m.label: m.value for m in at.metric}["MoU progress"] == "39%"


def test_the_same_page_in_french(app):
    at = open_mou(app, "fr")
    body = texts(at)
    assert "Mode de calcul de l'avancement" in body and "ou 25 si aucun n'est lié" in body
    assert "Avancement\u00a0: 30\u00a0%" in progress_texts(at)
    assert "Aucune activité du plan de travail ne met encore en œuvre cette disposition." in body
    assert "4e réunion, point i, décision 1" in body
    assert {m.label: m.value for m in at.metric}["Avancement du protocole"] == "39\u00a0%"


def test_linking_an_activity_moves_the_provision_progress(app):
    at = open_mou(app)
    cur = db_cursor(at)
    at.radio(key="mou_view").set_value("links").run()
    at.selectbox(key="mou_link_commitment").set_value(commitment_id(cur, "C-4.1")).run()
    pr01 = cur.execute("SELECT id FROM activity WHERE code = 'PR-01'").fetchone()[0]
    at.selectbox(key="mou_link_target_activity").set_value(pr01).run()
    at.button(key="mou_link_add").click().run()
    assert not at.exception
    assert "PR-01 is now linked to C-4.1. Article 4: progress 30% → 45%." in texts(at)
    at.radio(key="mou_view").set_value("provisions").run()
    assert "Progress: 45%" in progress_texts(at)
    # and back: removing the link brings the figure back
    at.radio(key="mou_view").set_value("links").run()
    at.button(key=f"mou_unlink_activity_{pr01}").click().run()
    assert "Article 4: progress 45% → 30%." in texts(at)


def test_lookup_shows_the_provisions_an_activity_serves(app):
    at = open_mou(app)
    cur = db_cursor(at)
    at.radio(key="mou_view").set_value("lookup").run()
    at.selectbox(key="mou_lookup_activity").set_value(cur.execute("SELECT id FROM activity WHERE code = 'IP-01'").fetchone()[0]).run()
    body = texts(at)
    assert "IP-01 serves 1 provision(s):" in body and "Article 5 — Investigation and prosecution" in body
    assert "C-5.1" in body


def form_button(at, label):
    """A form's submit button (form widgets send their values only with it, so set them all, then click and run)."""
    return next(b for b in at.button if b.label == label)


def test_a_bad_new_commitment_is_refused_with_named_fields(app):
    at = open_mou(app, "fr")
    at.radio(key="mou_view").set_value("edit").run()
    at.radio(key="mou_edit_what").set_value("commitments").run()
    at.text_input(key="mou_commitment_new_0_code").input("C 9")
    at.selectbox(key="mou_commitment_new_0_rag").select_index(OPTION["red"])
    form_button(at, "Créer").click().run()
    errors = " ".join(e.value for e in at.error)
    assert "Code\u00a0: format inattendu" in errors
    assert "Engagement\u00a0: un texte est obligatoire" in errors
    assert not at.exception
    cur = db_cursor(at)
    assert cur.execute("SELECT count(*) FROM commitment").fetchone()[0] == 7


def test_a_new_commitment_is_created_then_edited_and_logged(app):
    at = open_mou(app)
    at.radio(key="mou_view").set_value("edit").run()
    at.radio(key="mou_edit_what").set_value("commitments").run()
    base = "mou_commitment_new_0"
    at.text_input(key=f"{base}_code").input("C-6.2")
    at.text_area(key=f"{base}_description_en").input("Exchange contact lists every quarter.")
    at.selectbox(key=f"{base}_recurrence").select_index(OPTION["quarterly"])
    form_button(at, "Create").click().run()
    assert "C-6.2 created." in texts(at), texts(at)
    cur = db_cursor(at)
    new_id = commitment_id(cur, "C-6.2")
    assert at.selectbox(key="mou_edit_commitment").value == new_id
    edit = f"mou_commitment_{new_id}_v1"
    at.selectbox(key=f"{edit}_status").select_index(OPTION["in_progress"])
    at.text_input(key=f"{edit}_note").input("agreed by e-mail")
    form_button(at, "Save").click().run()
    assert "C-6.2 saved." in texts(at)
    row = cur.execute("SELECT status, version FROM commitment WHERE id = ?", [new_id]).fetchone()
    assert row == ("in_progress", 2)
    note = cur.execute("SELECT note FROM change_log WHERE entity = 'commitment' AND entity_id = ? AND action = 'update'",
                       [new_id]).fetchone()[0]
    assert note == "agreed by e-mail"


def test_a_stale_save_is_refused_and_can_be_reloaded(app):
    at = open_mou(app)
    cur = db_cursor(at)
    c61 = commitment_id(cur, "C-6.1")
    at.radio(key="mou_view").set_value("edit").run()
    at.radio(key="mou_edit_what").set_value("commitments").run()
    at.selectbox(key="mou_edit_commitment").set_value(c61).run()
    # Someone else saves the commitment while this form is open.
    update(cur, "commitment", c61, {"rag": "amber"}, actor=SECRETARIAT, expected_version=1)
    at.selectbox(key=f"mou_commitment_{c61}_v1_status").select_index(OPTION["fulfilled"])
    at.text_input(key=f"mou_commitment_{c61}_v1_url").input("https://example.org/contacts.pdf")
    form_button(at, "Save").click().run()
    assert "Someone else saved this record in the meantime." in " ".join(e.value for e in at.error)
    assert cur.execute("SELECT status, rag FROM commitment WHERE id = ?", [c61]).fetchone() == ("not_started", "amber")
    at.button(key=f"mou_commitment_{c61}_v1_reload").click().run()
    assert at.selectbox(key=f"mou_commitment_{c61}_v2_rag").value == "amber"


def test_deleting_a_commitment_in_the_page_removes_its_links(app):
    at = open_mou(app)
    cur = db_cursor(at)
    c51 = commitment_id(cur, "C-5.1")
    at.radio(key="mou_view").set_value("edit").run()
    at.radio(key="mou_edit_what").set_value("commitments").run()
    at.selectbox(key="mou_edit_commitment").set_value(c51).run()
    at.button(key=f"mou_del_commitment_{c51}").click().run()
    assert "Tick the confirmation box first." in texts(at)
    at.checkbox(key=f"mou_del_commitment_{c51}_ok").check().run()
    at.button(key=f"mou_del_commitment_{c51}").click().run()
    assert "C-5.1 deleted." in texts(at)
    assert all(links.linked(cur, kind=k, commitment_id=c51) == [] for k in links.KINDS)
    assert links.dangling(cur) == []


def test_a_provision_is_created_and_a_duplicate_refused(app):
    at = open_mou(app)
    at.radio(key="mou_view").set_value("edit").run()
    base = "mou_provision_new_0"
    at.text_input(key=f"{base}_article").input("9")
    at.text_area(key=f"{base}_text_fr").input("Les Parties échangent leurs rapports annuels.")
    form_button(at, "Create").click().run()
    assert "Article 9 created." in texts(at)
    assert at.selectbox(key="mou_edit_provision").value != 0          # the new provision is open for editing
    at.selectbox(key="mou_edit_provision").set_value(0).run()         # back to "+ New provision"
    base = "mou_provision_new_1"
    at.text_input(key=f"{base}_article").input("8")
    at.text_input(key=f"{base}_paragraph").input("2")
    at.text_area(key=f"{base}_text_en").input("Again.")
    form_button(at, "Create").click().run()
    assert "Provision 8.2 already exists." in " ".join(e.value for e in at.error)
    at.radio(key="mou_view").set_value("provisions").run()
    assert "Les Parties échangent leurs rapports annuels." in texts(at)     # French source shown in English too
    assert progress_texts(at)[-1] == "Progress: no figure (no commitment counted)"

