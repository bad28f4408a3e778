"""Review status rules: how a text was produced, what resets it, what a person's accept does, circulation."""

from datetime import date

import pytest

from jtwg.errors import InvalidInput
from jtwg.models import Bilingual, MinuteEntryUpdate, TranslationStatus as S
from jtwg.models.common import settle_status
from jtwg.services.meetings import drafting, lifecycle
from jtwg.services.translation import review
from jtwg.services.translation.engines import Engine
from jtwg.services.translation.texts import meeting_texts
from jtwg.store import meetings as store


def test_two_typed_languages_await_review_and_a_missing_one_is_missing():
    assert Bilingual.of("Agreed.", "Convenu.").status is S.NEEDS_REVIEW
    assert Bilingual.of("Agreed.").status is S.MISSING
    assert Bilingual.of("Agreed.", "", status="reviewed").status is S.MISSING


def test_settle_status_keeps_resets_or_takes_the_new_status():
    before = {"en": "Agreed.", "fr": "Convenu.", "source": "en", "status": "reviewed"}
    # A save of other fields (same texts, form default) keeps "reviewed".
    assert settle_status(before, {**before, "status": "needs_review"})["status"] == "reviewed"
    # Editing the source sends the unchanged translation back to review, whatever the form said.
    assert settle_status(before, {**before, "en": "Agreed unanimously.", "status": "reviewed"})["status"] == "needs_review"
    # A new translation keeps how it was produced.
    assert settle_status(before, {**before, "fr": "Accord.", "status": "machine"})["status"] == "machine"
    # A person's accept of the same texts stands.
    machine = {**before, "status": "machine"}
    assert settle_status(machine, {**before, "status": "reviewed"})["status"] == "reviewed"


def test_editing_the_source_of_a_reviewed_text_resets_its_translation(demo_conn, fourth, actor):
    entry = next(x for x in meeting_texts(demo_conn, meeting_id=fourth.id) if x.entity == "minute_entry")
    assert entry.status is S.REVIEWED                      # the demo's texts were written by people
    stored = store.get_minute_entry(demo_conn, entry_id=entry.entity_id)
    drafting.update_entry(demo_conn, entry_id=stored.id, expected_version=stored.version, actor=actor, data=MinuteEntryUpdate(
        entry_type=stored.entry_type, text=Bilingual.of(stored.text.en + " (corrected)", stored.text.fr)))
    assert store.get_minute_entry(demo_conn, entry_id=stored.id).text.status is S.NEEDS_REVIEW
    review.accept(demo_conn, meeting_id=fourth.id, ref=entry.ref, actor=actor)
    again = next(x for x in meeting_texts(demo_conn, meeting_id=fourth.id) if x.ref == entry.ref)
    assert again.status is S.REVIEWED and again.reviewed_by == actor.username and again.reviewed_at is not None


class Echo:
    """An engine that returns its input in brackets: enough to see the statuses it leads to."""

    name, rough, sends_over_network = "echo", False, True

    def __init__(self):
        self.seen: list[str] = []

    def translate(self, segments, src, tgt):
        self.seen += segments
        return [f"[{tgt}] {s}" for s in segments]


def test_a_machine_draft_is_never_reviewed_and_circulation_asks_for_confirmation(demo_conn, fifth, actor):
    engine: Engine = Echo()
    report = review.fill(demo_conn, meeting_id=fifth.id, actor=actor, target="fr", engine=engine)
    assert report.filled["machine"] == 3 and report.statuses["reviewed"] == 0
    texts = meeting_texts(demo_conn, meeting_id=fifth.id)
    machine = [x for x in texts if x.status is S.MACHINE]
    assert len(machine) == 3 and all(x.value.fr.startswith("[fr] ") for x in machine)
    assert {x.status for x in texts} == {S.GENERATED, S.MACHINE}     # standard items: generated
    # Circulation: refused without confirmation, listing the unreviewed texts.
    with pytest.raises(InvalidInput) as refused:
        lifecycle.circulate(demo_conn, meeting_id=fifth.id, actor=actor, today=date(2022, 7, 20))
    assert refused.value.key == "translation.confirm_unreviewed" and len(refused.value.problems) == 3
    assert "3 textes" in refused.value.message("fr")
    minutes = lifecycle.circulate(demo_conn, meeting_id=fifth.id, actor=actor, today=date(2022, 7, 20), confirm_unreviewed=True)
    assert minutes.status.value == "circulated"


def test_circulation_refused_while_a_translation_is_missing(demo_conn, fifth, actor):
    with pytest.raises(InvalidInput) as refused:
        lifecycle.circulate(demo_conn, meeting_id=fifth.id, actor=actor, today=date(2022, 7, 20), confirm_unreviewed=True)
    assert refused.value.key == "error.untranslated_texts"


def test_confidential_texts_are_never_sent_to_a_network_engine(demo_conn, fifth, actor):
    texts = meeting_texts(demo_conn, meeting_id=fifth.id)
    entry = next(x for x in texts if x.entity == "minute_entry")
    stored = store.get_minute_entry(demo_conn, entry_id=entry.entity_id)
    drafting.update_entry(demo_conn, entry_id=stored.id, expected_version=stored.version, actor=actor, data=MinuteEntryUpdate(
        entry_type=stored.entry_type, text=stored.text, confidentiality="confidential"))
    engine = Echo()
    review.fill(demo_conn, meeting_id=fifth.id, actor=actor, target="fr", engine=engine)
    assert stored.text.en not in engine.seen and len(engine.seen) == 2
    assert next(x for x in meeting_texts(demo_conn, meeting_id=fifth.id) if x.ref == entry.ref).status is S.MISSING


def test_only_the_secretariat_reviews_fills_or_exports_translators_files(demo_conn, fifth):
    from jtwg.errors import PermissionDenied
    from jtwg.models import Actor
    from jtwg.services.translation import files

    member = Actor(username="member", role="member", subcommittee_codes=("PR",))
    co_chair = Actor(username="chair", role="co_chair", delegation="NE")
    ref = next(x.ref for x in meeting_texts(demo_conn, meeting_id=fifth.id) if x.entity == "minute_entry")
    for who in (member, co_chair):
        with pytest.raises(PermissionDenied):
            review.accept(demo_conn, meeting_id=fifth.id, ref=ref, actor=who)
        with pytest.raises(PermissionDenied):
            review.fill(demo_conn, meeting_id=fifth.id, actor=who, target="fr")
        with pytest.raises(PermissionDenied):
            review.review_rows(demo_conn, meeting_id=fifth.id, actor=who)
    with pytest.raises(PermissionDenied):
        files.export_xliff(demo_conn, meeting_id=fifth.id, target="fr", actor=member, profile="internal")
