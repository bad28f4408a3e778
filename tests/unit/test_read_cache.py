"""Cached service reads (jtwg.ui.cache): keyed on the data version and on what the reader may see.

A result computed for one reader never reaches a reader who may see something else, and any committed write
makes every cached result stale.
"""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st

from jtwg import db
from jtwg.models import Actor
from jtwg.models.workplan import ActionItemUpdate
from jtwg.services.actions import tracker, update_action_item
from jtwg.services.overview import Filters, overview
from jtwg.ui.cache import cached_read, reader_key

TODAY = date(2022, 6, 15)
SECRETARIAT = Actor(username="cache-sec", role="secretariat", delegation="secretariat")
MEMBER = Actor(username="cache-member", role="member", delegation="NG", subcommittee_codes=("PR",))
OBSERVER = Actor(username="cache-observer", role="observer", delegation="donor")


@pytest.fixture(autouse=True)
def empty_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _overview(conn, group, actor, lang="en", filters=None):
    return cached_read(overview, conn, actor=actor, lang=lang, group_id=group.id, today=TODAY, filters=filters or Filters())


def test_a_member_never_gets_the_figures_computed_for_the_secretariat(demo_conn, group):
    direct = {who.username: overview(demo_conn, group_id=group.id, actor=who, today=TODAY, filters=Filters())
              for who in (SECRETARIAT, MEMBER, OBSERVER)}
    # The readers see different figures (confidential items, work plans): the test can tell them apart.
    assert direct["cache-sec"].actions != direct["cache-observer"].actions
    assert direct["cache-sec"] != direct["cache-member"]
    version = db.data_version()
    assert _overview(demo_conn, group, SECRETARIAT) == direct["cache-sec"]
    assert _overview(demo_conn, group, MEMBER) == direct["cache-member"]
    assert _overview(demo_conn, group, OBSERVER) == direct["cache-observer"]
    assert _overview(demo_conn, group, SECRETARIAT) == direct["cache-sec"]
    assert db.data_version() == version   # same version throughout: only the reader told the results apart


def test_a_committed_write_makes_the_cached_figures_stale(demo_conn, group, actor):
    before = _overview(demo_conn, group, SECRETARIAT)
    row = next(r for r in tracker(demo_conn, group_id=group.id, actor=SECRETARIAT, today=TODAY) if r.item.status != "done")
    update_action_item(demo_conn, action_id=row.item.id, expected_version=row.item.version,
                       data=ActionItemUpdate(status="done"), actor=actor, today=TODAY)
    after = _overview(demo_conn, group, SECRETARIAT)
    assert after == overview(demo_conn, group_id=group.id, actor=SECRETARIAT, today=TODAY, filters=Filters())
    assert after.actions["open"] == before.actions["open"] - 1


def test_a_call_is_computed_once_per_version_reader_and_arguments(demo_conn):
    calls = []

    def figures(cur, *, actor, period):
        calls.append((actor.username, period))
        return {"period": period, "role": str(actor.role)}

    assert cached_read(figures, demo_conn, actor=MEMBER, lang="en", period="year") == {"period": "year", "role": "member"}
    cached_read(figures, demo_conn, actor=MEMBER, lang="en", period="year")
    assert calls == [("cache-member", "year")]
    cached_read(figures, demo_conn, actor=MEMBER, lang="en", period="all")        # other arguments
    cached_read(figures, demo_conn, actor=MEMBER, lang="fr", period="year")       # other language
    other_sub = MEMBER.model_copy(update={"subcommittee_codes": ("BM",)})
    cached_read(figures, demo_conn, actor=other_sub, lang="en", period="year")    # other sub-committees
    assert len(calls) == 4
    db.bump_data_version()                                                         # a write
    cached_read(figures, demo_conn, actor=MEMBER, lang="en", period="year")
    assert len(calls) == 5


def test_every_field_of_the_actor_is_part_of_the_reader_key():
    class WiderActor(Actor):   # a field the actor may gain is covered without any change
        region: str | None = None

    one, two = WiderActor(**MEMBER.model_dump(), region="west"), WiderActor(**MEMBER.model_dump(), region="east")
    assert reader_key(one, "en") != reader_key(two, "en")
    # The same member acting in two groups reads two different caches.
    assert reader_key(MEMBER.model_copy(update={"group_id": 1}), "en") != reader_key(
        MEMBER.model_copy(update={"group_id": 2}), "en")
    assert reader_key(MEMBER, "en") != reader_key(MEMBER.model_copy(update={"administrator": True}), "en")
    assert reader_key(MEMBER, "en") != reader_key(MEMBER.model_copy(update={"delegation": "NE"}), "en")
    assert reader_key(MEMBER, "en") != reader_key(Actor(**{**MEMBER.model_dump(), "role": "co_chair"}), "en")
    assert reader_key(MEMBER, "en") != reader_key(MEMBER, "fr")
    assert reader_key(MEMBER, "en") == reader_key(Actor(**MEMBER.model_dump()), "en")
