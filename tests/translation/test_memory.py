"""Translation memory: segmenting, exact and fuzzy matches with score and origin, bulk exact matches."""

from jtwg.models import Actor, Bilingual, TranslationStatus as S
from jtwg.services.translation import memory as tm
from jtwg.services.translation import review
from jtwg.services.translation.texts import meeting_texts
from jtwg.store import translation as store


def test_segment_splits_sentences_not_abbreviations():
    assert tm.segment("Mr. Bello presented the plan. It was adopted! Next? Yes.") == [
        "Mr. Bello presented the plan.", "It was adopted!", "Next?", "Yes."]
    assert tm.segment("Le plan a été adopté. La CEDEAO soutient\u00a0! Fin.") == [
        "Le plan a été adopté.", "La CEDEAO soutient\u00a0!", "Fin."]
    assert tm.segment("One line\nSecond line.") == ["One line", "Second line."]


def test_pairs_sentence_by_sentence_or_whole():
    value = Bilingual.of("First point. Second point.", "Premier point. Second point.", status="reviewed")
    assert tm.pairs(value) == [("First point.", "Premier point."), ("Second point.", "Second point."),
                               ("First point. Second point.", "Premier point. Second point.")]
    uneven = Bilingual.of("One. Two.", "Un et deux.", status="reviewed")
    assert tm.pairs(uneven) == [("One. Two.", "Un et deux.")]


def test_exact_and_fuzzy_matches_with_score_and_origin(demo_conn):
    actor = Actor.system("test")
    value = Bilingual.of("The delegations shared updates on the referral of victims.",
                         "Les délégations ont fait le point sur le référencement des victimes.", status="reviewed")
    assert tm.learn(demo_conn, value, origin="meeting 3", meeting_id=None, actor=actor) == 2
    assert tm.learn(demo_conn, value, origin="meeting 3", meeting_id=None, actor=actor) == 0   # no duplicates
    memory = tm.Memory(demo_conn, "en")
    exact = memory.lookup("the delegations shared  updates on the referral of victims.")[0]
    assert exact.exact and exact.score == 100 and exact.origin == "meeting 3"
    assert exact.target.startswith("Les délégations")
    fuzzy = memory.lookup("The delegations shared updates on the referral of child victims.")[0]
    assert not fuzzy.exact and 85 <= fuzzy.score < 100
    assert memory.lookup("Completely different words about budgets.") == []
    # French to English too.
    assert tm.Memory(demo_conn, "fr").suggest("Les délégations ont fait le point sur le référencement des victimes.").exact
    # Only reviewed texts are learnt.
    assert tm.learn(demo_conn, Bilingual.of("A.", "B.", status="machine"), origin="x", meeting_id=None, actor=actor) == 0


def test_memory_of_the_demo_fills_a_meeting_and_bulk_exact_matches_are_not_reviewed(demo_conn, fourth, fifth, actor):
    added = tm.build(demo_conn, actor=actor)
    assert added > 100 and store.count_segments(demo_conn) == added
    confidential = [x for x in meeting_texts(demo_conn, meeting_id=fourth.id) if x.private]
    assert confidential and not any(tm.key(x.value.en) in {r["src_key"] for r in store.segments(demo_conn)}
                                    for x in confidential)
    # A 5th-meeting entry that repeats a 4th-meeting sentence gets an exact match in one click.
    reused = next(x for x in meeting_texts(demo_conn, meeting_id=fourth.id)
                  if x.entity == "decision" and not x.private)
    from jtwg.models import DecisionCreate
    from jtwg.services.meetings import drafting
    item = next(x for x in meeting_texts(demo_conn, meeting_id=fifth.id) if x.entity == "agenda_item"
                and x.value.en.startswith("Progress"))
    drafting.add_decision(demo_conn, item_id=item.entity_id, actor=actor, data=DecisionCreate(
        decision_type="agreed", text=Bilingual.of(reused.value.en)))
    suggestions = review.suggestions(demo_conn, meeting_id=fifth.id)
    assert any(m.exact and m.origin == "meeting 4" for m in suggestions.values())
    assert review.apply_exact_matches(demo_conn, meeting_id=fifth.id, actor=actor) == 1
    applied = next(x for x in meeting_texts(demo_conn, meeting_id=fifth.id) if x.value.en == reused.value.en)
    assert applied.status is S.TM_EXACT and applied.value.fr == reused.value.fr
    assert applied.score == 100 and applied.origin == "meeting 4"
    # A slightly different sentence gets a fuzzy match; applying it in the review screen accepts it at once.
    changed = reused.value.en.rstrip(".") + " soon."
    decision_id = drafting.add_decision(demo_conn, item_id=item.entity_id, actor=actor, data=DecisionCreate(
        decision_type="agreed", text=Bilingual.of(changed)))
    ref = f"decision:{decision_id}:text"
    match = review.suggestions(demo_conn, meeting_id=fifth.id)[ref]
    assert not match.exact and match.score >= 75 and match.target == reused.value.fr
    review.apply_suggestion(demo_conn, meeting_id=fifth.id, ref=ref, actor=actor)
    done = next(x for x in meeting_texts(demo_conn, meeting_id=fifth.id) if x.ref == ref)
    assert done.status is S.REVIEWED and done.reviewed_by == actor.username and done.value.fr == reused.value.fr
