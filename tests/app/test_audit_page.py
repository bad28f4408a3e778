"""The audit trail page in AppTest: a page of 100 rows at a time, read from the database, a page picker
when there is more than one page, back to the first page when a filter changes; in English and French."""

import pytest

from jtwg import db


def trail_ids(db_file, where: str = "true") -> list[tuple]:
    """(when, who, action, record) of the entries, newest first, counted in plain SQL."""
    conn = db.connect(db_file)
    try:
        return [(r[0].strftime("%Y-%m-%d %H:%M:%S"), *r[1:]) for r in conn.execute(
            f"SELECT logged_at, actor, action, entity FROM change_log WHERE {where} ORDER BY id DESC").fetchall()]
    finally:
        conn.close()


def shown_ids(at) -> list[tuple]:
    return [tuple(r) for r in at.dataframe[0].value.iloc[:, :4].itertuples(index=False)]


@pytest.mark.parametrize("lang, rows_label, caption, first_range", [
    ("en", "Rows shown (2 pages)", "100 of {total} entries", "1–100 of {total}"),
    ("fr", "Lignes affichées (2 pages)", "100 entrées sur {total}", "1–100 sur {total}"),
])
def test_the_trail_is_shown_a_page_at_a_time(app, demo_db_file, lang, rows_label, caption, first_range):
    everything = trail_ids(demo_db_file)
    total = len(everything)
    assert 100 < total <= 200   # the demo's trail: two pages
    at = app(lang)
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    assert [c.value for c in at.caption if c.value.startswith("100")] == [caption.format(total=total)]
    picker = at.selectbox(key=f"audit_page::{lang}")
    assert picker.label == rows_label
    assert picker.format_func(picker.value) == first_range.format(total=total)
    assert shown_ids(at) == everything[:100]               # newest first, the first hundred
    picker.set_value(1).run()
    assert not at.exception
    assert shown_ids(at) == everything[100:]               # the rest, on the second page
    assert any(c.value.startswith(f"{total - 100} ") for c in at.caption)
    # Another filter lists other entries: back to the first page, a single one here (no picker).
    at.selectbox(key="audit_entity").set_value("meeting").run()
    assert not at.exception
    assert shown_ids(at) == trail_ids(demo_db_file, "entity = 'meeting'")
    assert not [s for s in at.selectbox if s.key == f"audit_page::{lang}"]
    assert at.get("download_button")                        # the CSV is offered (written when clicked)
