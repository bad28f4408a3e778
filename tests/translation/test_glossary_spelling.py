"""Glossary (seeded from the domain glossary, editable) and its check; spelling with hunspell through enchant."""

import pytest

from jtwg.errors import InvalidInput, PermissionDenied
from jtwg.models import Actor, Bilingual
from jtwg.services.translation import glossary, spelling


def test_the_domain_glossary_is_seeded(demo_conn):
    terms = glossary.terms(demo_conn)
    assert len(terms) == 98
    jtwg = next(x for x in terms if x.en == "Joint Technical Working Group (JTWG)")
    assert jtwg.fr == "Groupe de travail technique conjoint (GTTC)" and jtwg.category == "governance"


def test_variants_and_acronyms():
    assert glossary.variants("trafficking in persons (TIP)") == (["trafficking in persons"], ["TIP"])
    assert glossary.variants("co-chair / co-chaired by") == (["co-chair", "co-chaired by"], [])
    assert glossary.variants("shelter (for victims) / transit shelter") == (["shelter", "transit shelter"], [])


def test_check_flags_a_missing_counterpart_only(demo_conn):
    terms = glossary.terms(demo_conn)
    good = Bilingual.of("The national referral mechanism was discussed.",
                        "Le mécanisme national de référencement a été examiné.")
    assert glossary.check(good, terms) == []
    bad = Bilingual.of("The national referral mechanism was discussed.", "Le dispositif d'orientation a été examiné.")
    findings = glossary.check(bad, terms)
    assert [f.term.en for f in findings] == ["national referral mechanism (NRM)"]
    assert findings[0].expected == "mécanisme national de référencement (MNR)"
    # French source, English side checked; accents and plural forms tolerated.
    fr = Bilingual.of("", "Les organisations de la société civile ont présenté leurs activités.", source="fr")
    assert glossary.check(fr, terms) == []       # nothing to check without a translation
    fr = Bilingual.of("Civil society groups presented their work.",
                      "Les organisations de la société civile ont présenté leurs activités.", source="fr")
    assert [f.term.en for f in glossary.check(fr, terms)] == ["civil society organisations (CSOs)"]


def test_the_secretariat_edits_the_glossary(demo_conn, actor):
    term_id = glossary.save_term(demo_conn, actor=actor, en="referral pathway", fr="circuit de référencement",
                                 category="protection")
    assert any(x.id == term_id for x in glossary.terms(demo_conn))
    with pytest.raises(InvalidInput):
        glossary.save_term(demo_conn, actor=actor, en="referral pathway", fr="circuit de référencement")
    with pytest.raises(InvalidInput):
        glossary.save_term(demo_conn, actor=actor, en=" ", fr="x")
    glossary.save_term(demo_conn, actor=actor, term_id=term_id, en="referral pathway", fr="parcours de référencement")
    assert next(x for x in glossary.terms(demo_conn) if x.id == term_id).fr == "parcours de référencement"
    with pytest.raises(PermissionDenied):
        glossary.delete_term(demo_conn, actor=Actor(username="m", role="member"), term_id=term_id)
    glossary.delete_term(demo_conn, actor=actor, term_id=term_id)
    assert not any(x.id == term_id for x in glossary.terms(demo_conn))


def test_spelling_in_both_languages():
    assert spelling.available("en") and spelling.available("fr")
    en = spelling.check("The co-chairs agred on the work plan of NAPTIP.", "en")
    assert [m.word for m in en] == ["agred"] and "agreed" in en[0].suggestions
    fr = spelling.check("L'ordre du jour a été adopté à l'unanimitée par les coprésidents de l'ANLTP/TIM.", "fr")
    assert [m.word for m in fr] == ["l'unanimitée"] and "unanimité" in fr[0].suggestions
    assert spelling.check("Les délégations ont échangé sur le référencement transnational.", "fr") == []
    assert spelling.check("Okafor presented.", "en", ignore={"okafor"}) == []
