"""AppTest: the action-item and work-plan pages' forms, filters from the URL, and error messages in EN and FR."""

from __future__ import annotations

from datetime import date

import pytest


def open_page(app, page, lang="en", **params):
    at = app(lang)
    for k, v in params.items():
        at.query_params[k] = v
    return at.switch_page(page).run()


def table_codes(at, index=0) -> list[str]:
    frame = at.dataframe[index].value
    frame = frame.data if hasattr(frame, "data") else frame   # a Styler or a DataFrame
    return list(frame["Code"])


def pick(at, key, startswith, *, run=True):
    """Choose the option of a selectbox whose shown label starts with `startswith` (in a form: run=False)."""
    select = at.selectbox(key=key)
    select.select_index(next(i for i, o in enumerate(select.options) if o.startswith(startswith)))
    return at.run() if run else at


def form_key(at, suffix) -> str:
    widgets = [*at.selectbox, *at.number_input, *at.text_input, *at.text_area, *at.date_input]
    return next(w.key for w in widgets if w.key and w.key.startswith("ae_") and w.key.endswith(suffix))


def test_url_parameters_set_the_filters(app):
    at = open_page(app, "pages/actions.py", subcommittee="PR", status="in_progress", overdue="1")
    assert not at.exception
    assert at.selectbox(key="af_subcommittee::en").value == "PR"
    assert at.checkbox(key="af_overdue::en").value is True
    assert table_codes(at) == ["A4-04"]
    assert at.metric[0].value == "1 / 7"


def test_url_meeting_delegation_owner_and_due_within(app):
    at = open_page(app, "pages/actions.py", meeting="4", delegation="NG", owner="NAPTIP", due_within="200")
    assert table_codes(at) == ["A4-03"]


def test_bad_url_value_is_named_and_ignored_in_french(app):
    at = open_page(app, "pages/actions.py", "fr", status="finished", subcommittee="ZZ")
    assert "valeurs de filtre non valides" in at.warning[0].value and "status" in at.warning[0].value
    assert len(table_codes(at)) == 7


def test_free_text_search_without_accents(app):
    at = open_page(app, "pages/actions.py", "fr")
    at.text_input(key="af_text::fr").input("reintegration").run()
    assert table_codes(at) == ["A4-03"]


@pytest.mark.parametrize("lang,saved,history_word", [("en", "Action item A4-04 saved.", "Status"),
                                                     ("fr", "Point d'action A4-04 enregistré.", "Statut")])
def test_edit_form_saves_with_a_history_entry(app, lang, saved, history_word):
    at = open_page(app, "pages/actions.py", lang)
    pick(at, f"action_pick::{lang}", "A4-04")
    # Widgets inside a form send their values with the submit click.
    pick(at, form_key(at, "_status"), "Done" if lang == "en" else "Réalisé", run=False)
    at.text_area(key=form_key(at, "_note")).input("Mapping shared")
    at.button(key=form_key(at, "_status").replace("_status", "_submit")).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == saved
    history = at.table[0].value
    assert history_word in list(history.iloc[:, 2]) and "Mapping shared" in list(history.iloc[:, 5])


def shared_cursor():
    """The app's own cached connection (a second connection to the file would be refused)."""
    import os

    from jtwg.ui.session import _connection

    return _connection(os.environ["JTWG_DB"]).cursor()


def test_moving_the_due_date_without_reason_is_refused_in_french(app):
    at = open_page(app, "pages/actions.py", "fr")
    pick(at, "action_pick::fr", "A4-04")
    at.date_input(key=form_key(at, "_due")).set_value(date(2022, 8, 31))
    at.button(key=form_key(at, "_due").replace("_due", "_submit")).click().run()
    assert not at.exception
    assert "déplacer une échéance exige un motif" in at.error[0].value
    cur = shared_cursor()
    assert cur.execute("SELECT due_date FROM action_item WHERE code = 'A4-04'").fetchone()[0] == date(2022, 5, 31)


def test_a_stale_form_gets_a_clear_message(app):
    at = open_page(app, "pages/actions.py", "en")
    pick(at, "action_pick::en", "A4-04")
    shared_cursor().execute("UPDATE action_item SET version = version + 1, progress_pct = 75 WHERE code = 'A4-04'")
    pick(at, form_key(at, "_status"), "Done", run=False)
    at.button(key=form_key(at, "_status").replace("_status", "_submit")).click().run()
    assert "Someone else saved this record in the meantime" in at.error[0].value
    assert shared_cursor().execute("SELECT status FROM action_item WHERE code = 'A4-04'").fetchone()[0] == "in_progress"


def bulk_row(at, code) -> int:
    return [r["code"] for r in at.session_state["bulk_base"]["rows"]].index(code)


def test_bulk_edit_refuses_every_bad_row_then_saves_all(app):
    at = open_page(app, "pages/actions.py", "en")
    at.session_state["actions_tab::en"] = "Edit several at once"   # only the open tab is drawn
    at.run()
    at.session_state["bulk_editor"] = {"edited_rows": {
        bulk_row(at, "A4-04"): {"due": "2022-07-31"},               # moved without a reason
        bulk_row(at, "A4-03"): {"progress": 250},                   # out of range
        bulk_row(at, "A4-02"): {"status": "Done"},                  # fine on its own
    }, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="bulk_save").click().run()
    text = at.error[0].value
    assert "2 problem(s) found: nothing was saved." in text
    assert 'Row A4-04, column "Reason for the new due date": moving a due date needs a reason' in text
    assert 'Row A4-03, column "Progress (%)"' in text
    assert shared_cursor().execute("SELECT status FROM action_item WHERE code = 'A4-02'").fetchone()[0] == "in_progress"
    at.session_state["bulk_editor"] = {"edited_rows": {
        bulk_row(at, "A4-04"): {"due": "2022-07-31", "reason": "Field visits postponed"},
        bulk_row(at, "A4-02"): {"status": "Done", "note": "Donor agreed"},
    }, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="bulk_save").click().run()
    assert not at.error and at.success[0].value == "2 action item(s) saved."
    cur = shared_cursor()
    assert cur.execute("SELECT due_date FROM action_item WHERE code = 'A4-04'").fetchone()[0] == date(2022, 7, 31)
    assert cur.execute("SELECT note FROM change_log WHERE entity = 'action_item' ORDER BY id DESC LIMIT 1").fetchone()[0] == "Donor agreed"


# ---- work plan ----

def test_workplan_url_filters_show_one_subcommittee(app):
    at = open_page(app, "pages/workplan.py", "fr", subcommittee="PR", overdue="1")
    assert [h.value for h in at.subheader] == ["Protection et rapatriement"]
    assert table_codes(at) == ["PR-01"]
    assert len(at.get("plotly_chart")) == 1


def fill_new_activity(at, **values):
    pick(at, "activity_pick::en", "New activity")
    for key, value in values.items():
        widget = next(w for w in [*at.text_input, *at.date_input, *at.number_input] if w.key == f"wa_0_en_{key}")
        widget.set_value(value)
    return at


def test_add_activity_checks_dates_then_saves(app):
    at = open_page(app, "pages/workplan.py", "en")
    fill_new_activity(at, code="PV-03", title_en="School outreach", start=date(2022, 10, 1), end=date(2022, 9, 1))
    at.button(key="wa_0_en_submit").click().run()
    assert "the end date is before the start date" in at.error[0].value
    at.date_input(key="wa_0_en_end").set_value(date(2022, 12, 1))
    at.button(key="wa_0_en_submit").click().run()
    assert not at.error and at.success[0].value == "Activity PV-03 added."
    assert shared_cursor().execute("SELECT title.en FROM activity WHERE code = 'PV-03'").fetchone()[0] == "School outreach"


def test_add_activity_without_title_in_french(app):
    at = open_page(app, "pages/workplan.py", "fr")
    pick(at, "activity_pick::fr", "Nouvelle activité")
    at.text_input(key="wa_0_fr_code").set_value("PV-09")
    at.button(key="wa_0_fr_submit").click().run()
    assert "Activité (EN)\u00a0: cette valeur est obligatoire" in at.error[0].value


def test_delete_with_linked_commitment_asks_and_unlinks(app):
    cur = shared_cursor()
    activity_id = cur.execute("SELECT id FROM activity WHERE code = 'PR-03'").fetchone()[0]
    commitment_id = cur.execute("SELECT min(id) FROM commitment").fetchone()[0]
    cur.execute("INSERT INTO commitment_activity (commitment_id, activity_id, created_by) VALUES (?, ?, 'test')",
                [commitment_id, activity_id])
    at = open_page(app, "pages/workplan.py", "en")
    pick(at, "activity_delete_pick::en", "PR-03")
    assert "1 MoU commitment(s) are linked to this activity" in at.warning[0].value
    assert at.button(key=f"wd_{activity_id}_go").disabled
    at.checkbox(key=f"wd_{activity_id}_confirm").check().run()
    at.button(key=f"wd_{activity_id}_go").click().run()
    assert at.success[0].value == "Activity PR-03 deleted."
    assert cur.execute("SELECT count(*) FROM activity WHERE code = 'PR-03'").fetchone()[0] == 0
    assert cur.execute("SELECT count(*) FROM commitment_activity WHERE activity_id = ?", [activity_id]).fetchone()[0] == 0


def test_switching_language_redraws_choices_and_keeps_them(app):
    """Select boxes speak the new language after a switch, and keep what was chosen."""
    at = open_page(app, "pages/actions.py", "en", status="in_progress")
    pick(at, "action_pick::en", "A4-04")
    at.session_state["lang"] = "fr"
    at.run()
    assert at.selectbox(key="af_status::fr").value == "in_progress"
    assert at.selectbox(key="af_status::fr").format_func("in_progress") == "En cours"
    assert at.selectbox(key="action_pick::fr").options[at.selectbox(key="action_pick::fr").index].startswith("A4-04 — L'ANLTP/TIM")
    status = next(w for w in at.selectbox if w.key and w.key.startswith("ae_") and w.key.endswith("_fr_status"))
    assert status.options[status.index] == "En cours"
