"""Search and the tracker's text filter read accent- and case-folded texts kept on every write (jtwg.store.folded)."""

from __future__ import annotations

from datetime import date

from jtwg.models import Actor, Bilingual, MinuteEntryCreate
from jtwg.services.actions import ActionFilter, tracker
from jtwg.services.search import search
from jtwg.store import folded
from jtwg.store import meetings as store
from jtwg.store.records import rows, update

TODAY = date(2022, 6, 15)


def _item(conn, group):
    meeting = next(m for m in store.list_meetings(conn, group_id=group.id) if m.sequence_no == 4 and m.subcommittee_id is None)
    return store.list_agenda_items(conn, meeting_id=meeting.id)[0]


def _entries(conn, group, actor, query):
    return {h.item_id for h in search(conn, group_id=group.id, query=query, actor=actor) if h.kind == "minute_entry"}


def test_resume_finds_resume_with_accents_and_back_in_any_case(demo_conn, group, actor):
    item = _item(demo_conn, group)
    store.add_minute_entry(demo_conn, item=item, data=MinuteEntryCreate(
        text={"en": "The Résumé of the Zyxwvut talks was read.", "fr": "Le résumé des pourparlers Zyxwvut a été lu."}),
        actor=actor)
    for query in ("resume zyxwvut", "RÉSUMÉ Zyxwvut", "Résumé ZYXWVUT", "résume zyxwvut"):
        assert _entries(demo_conn, group, actor, query) == {item.id}, query
    store.add_minute_entry(demo_conn, item=item, data=MinuteEntryCreate(
        text={"en": "A RESUME of the Qwertzu visit.", "fr": "Un resume de la visite Qwertzu."}), actor=actor)
    for query in ("résumé qwertzu", "RÉSUMÉ QWERTZU", "resume Qwertzu"):
        assert _entries(demo_conn, group, actor, query) == {item.id}, query


def test_a_write_updates_the_folded_text(demo_conn, group, actor):
    item = _item(demo_conn, group)
    entry_id = store.add_minute_entry(demo_conn, item=item, data=MinuteEntryCreate(
        text={"en": "Plovdivska réunion notes.", "fr": "Notes de la réunion Plovdivska."}), actor=actor)
    assert _entries(demo_conn, group, actor, "plovdivska reunion") == {item.id}
    update(demo_conn, "minute_entry", entry_id, {"text": Bilingual(en="Kazanlak séance notes.", fr="Notes de la séance Kazanlak.")},
           actor=actor, expected_version=None)
    assert _entries(demo_conn, group, actor, "plovdivska") == set()
    assert _entries(demo_conn, group, actor, "KAZANLAK SEANCE") == {item.id}
    kept = rows(demo_conn, "SELECT folded FROM search_text WHERE purpose = 'minute_entry' AND id = ?", [entry_id])
    assert kept == [{"folded": "kazanlak seance notes. notes de la seance kazanlak."}]


def test_the_tracker_text_filter_follows_a_write(demo_conn, group, actor):
    codes = lambda text: [r.item.code for r in tracker(demo_conn, group_id=group.id, actor=actor, today=TODAY,  # noqa: E731
                                                          filters=ActionFilter(text=text))]
    first = tracker(demo_conn, group_id=group.id, actor=actor, today=TODAY)[0].item
    assert codes("Évidence Brâvo-Tango") == []
    update(demo_conn, "action_item", first.id, {"evidence": "Rapport évidence bravo-tango reçu"}, actor=actor,
           expected_version=None)
    assert codes("EVIDENCE BRAVO-TANGO") == [first.code]
    assert codes("évidence brâvo") == [first.code]
    # The owner's acronym is part of what the filter reads, next to the item's texts.
    owner = tracker(demo_conn, group_id=group.id, actor=actor, today=TODAY)[0].owner_acronym
    if owner:
        assert first.code in codes(f"tango reçu {owner}")


def test_kept_texts_find_what_folding_at_query_time_finds(demo_conn, group, actor):
    """Every query gives the same hits whether the folded texts are kept or folded at query time."""
    queries = ["CENTRES D ACCUEIL", "shelters", "reintegration", "a4-02", "régional", "comodereront", "enquete financiere",
               "NG-VoT-2021-01", "naptip", "é"]
    filters = ["naptip", "A4", "réunion", "evidence", "ANLTP"]

    def everything():
        # Hits of one meeting come in no set order: compared as sorted lists.
        found = [sorted((h.kind, h.item_id or 0, h.code or "") for h in search(demo_conn, group_id=group.id, query=q, actor=actor))
                 for q in queries]
        found += [[r.item.code for r in tracker(demo_conn, group_id=group.id, actor=actor, today=TODAY,
                                                filters=ActionFilter(text=f))] for f in filters]
        return found

    kept = everything()
    assert any(kept)
    demo_conn.execute("DELETE FROM search_text")        # as if every row had been written in plain SQL
    assert everything() == kept
    folded.refresh_all(demo_conn)
    assert everything() == kept
    observer = Actor(username="donor", role="observer")   # levels still apply to kept texts
    assert ("agenda_item", 4) not in {(h.kind, h.meeting_seq) for h in search(
        demo_conn, group_id=group.id, query="NG-VoT-2021-01", actor=observer)}
