"""Who reads what in the Word exports: the progress brief and the minutes, for each role, in every profile and language.

The same matrix style as the write-permission tests. Each file a role may export is opened and its whole text
scanned for the demo's protected case code (a non-breaking hyphen read as "-") and the confidential titles.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest

from jtwg import db, demo
from jtwg.errors import PermissionDenied
from jtwg.export.brief import render_brief
from jtwg.models import Actor, Confidentiality, DecisionCreate
from jtwg.services.exports import export_minutes
from jtwg.store import groups, meetings
from tests.conftest import DEMO_DIR

TODAY = date(2022, 6, 15)
CASE = "NG-VoT-2021-01"
SECRET_DECISION = "Quarzel decision taken under the confidential item"
CONFIDENTIAL_TITLES = ["wellbeing of protected case", "situation du cas protégé", SECRET_DECISION]
ROLES = {
    "secretariat": Actor(username="sec", role="secretariat"),
    "co_chair": Actor(username="chair", role="co_chair", delegation="NG"),
    "member": Actor(username="member", role="member", delegation="NG", subcommittee_codes=("PR",)),
    "observer": Actor(username="donor", role="observer"),
}
# The minutes profiles each role may export: at most what it may read.
PROFILES = {"secretariat": {"internal", "restricted", "public"}, "co_chair": {"internal", "restricted", "public"},
            "member": {"restricted", "public"}, "observer": {"public"}}


@pytest.fixture(scope="module")
def conn():
    c = db.connect(":memory:")
    demo.load_demo(c, DEMO_DIR)
    meeting_id = meetings.meeting_id(c, group_id=groups.get_group(c).id, sequence_no=4)
    item = next(i for i in meetings.list_agenda_items(c, meeting_id=meeting_id) if i.label == "Agenda Item 1")
    assert item.confidentiality is Confidentiality.CONFIDENTIAL
    meetings.add_decision(c, item=item, data=DecisionCreate(decision_type="agreed", text={"en": SECRET_DECISION,
                                                                                         "fr": SECRET_DECISION}),
                          actor=ROLES["secretariat"])
    yield c
    c.close()


def docx_text(content: bytes) -> str:
    """Every text run of the document, its headers and footers, and its properties; U+2011 read as "-"."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = " ".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                       if n.endswith(".xml") and (n.startswith("word/") or n.startswith("docProps/")))
    text = " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)) + " " + re.sub(r"<[^>]+>", " ", xml)
    return text.replace("\u2011", "-")


def leaks(text: str) -> list[str]:
    folded = text.casefold()
    return [x for x in [CASE, *CONFIDENTIAL_TITLES] if x.casefold() in folded]


@pytest.mark.parametrize("role", ["secretariat", "co_chair", "member", "observer"])
def test_brief_shows_each_role_what_it_may_read(conn, role):
    actor = ROLES[role]
    if role == "observer":
        with pytest.raises(PermissionDenied):
            render_brief(conn, actor=actor, group_id=1, today=TODAY, lang="en")
        return
    for lang in (("en", "fr", "both") if role == "member" else ("en",)):
        text = docx_text(render_brief(conn, actor=actor, group_id=1, today=TODAY, lang=lang))
        if role == "member":
            assert leaks(text) == [], lang
        else:
            assert SECRET_DECISION in text   # co-chairs and the secretariat read the confidential item's decision


@pytest.mark.parametrize("role", ["secretariat", "co_chair", "member", "observer"])
def test_minutes_export_gives_each_role_exactly_its_profiles(conn, role):
    actor = ROLES[role]
    meeting_id = meetings.meeting_id(conn, group_id=1, sequence_no=4)
    for profile in ("internal", "restricted", "public"):
        if profile not in PROFILES[role]:
            with pytest.raises(PermissionDenied):
                export_minutes(conn, meeting_id=meeting_id, lang="en", profile=profile, actor=actor)
            continue
        for lang in ("en", "fr", "both"):
            text = docx_text(export_minutes(conn, meeting_id=meeting_id, lang=lang, profile=profile, actor=actor).content)
            if profile == "internal":
                assert CASE in text and SECRET_DECISION in text
            else:
                assert leaks(text) == [], (profile, lang)
