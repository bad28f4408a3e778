"""Personal-data detector over a labelled set of invented sentences: recall and false alarms per category.

Run:  PYTHONPATH=. python bench/bench_pii.py [--legacy]

The set (bench/data/pii_labelled.jsonl) has sentences in English and French, each with a category,
a context and whether it names a victim-like person:
- context "public": a paragraph of a public agenda item, checked as for a public export;
- "near_case": a paragraph that refers to a protected case, checked as for an internal export;
- "protected_item": a paragraph of the protected case's confidential item, checked as for an internal export.
The demo database is loaded in memory and the invented alias "Amarachi Ifeoma Duruaku" is recorded for
NG-VoT-2021-01. A sentence counts as caught when the detector reports at least one finding on it; an
ordinary or official sentence with a finding is a false alarm. A page of minutes is taken as 400 words.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("JTWG_KEY_DIR", tempfile.mkdtemp(prefix="jtwg-bench-key-"))

from jtwg import db, demo  # noqa: E402
from jtwg.models import Actor  # noqa: E402

SET = ROOT / "bench" / "data" / "pii_labelled.jsonl"
ALIAS = "Amarachi Ifeoma Duruaku"     # invented
CASE = "NG-VoT-2021-01"
WORDS_PER_PAGE = 400
ACTOR = Actor(username="bench", role="secretariat")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def legacy_detector(conn):
    """The gate as it was before the one detector: honorific regex, whole-alias digests, case details next to a reference."""
    from jtwg.services.directory import Directory
    from jtwg.services.personal_data import add_case_alias
    from jtwg.services.redaction import AliasIndex, ExportProfile, Where, known_name_words, render_case_refs, scan_text
    from jtwg.store import groups

    add_case_alias(conn, case_code=CASE, alias=ALIAS, actor=ACTOR)
    group = groups.get_group(conn)
    directory = Directory.load(conn, group_id=group.id)
    cases = {c.case_code: c for c in directory.cases.values()}
    known = known_name_words(directory.people.values())
    index = AliasIndex.load(conn)
    where = Where.of("redaction.where.introduction")

    def detect(text: str, lang: str, context: str) -> list:
        profile = ExportProfile.PUBLIC if context == "public" else ExportProfile.INTERNAL
        rendered, refs = render_case_refs(text, lang, profile, cases)
        rendered, aliases = index.redact(rendered, "[x]")
        return scan_text(rendered, lang, where=where, sensitive=context == "protected_item", refs=refs,
                         alias_cases=aliases, known_words=known)

    return detect, 0.0


def current_detector(conn):
    """The personal-data detector (jtwg.services.personal_data): NER, directory, aliases, honorifics."""
    from jtwg.services import personal_data as pd
    from jtwg.services.redaction import ExportProfile

    pd.add_alias(conn, case_code=CASE, alias=ALIAS, actor=ACTOR)
    started = time.perf_counter()
    pd.load_models()
    load_s = time.perf_counter() - started
    detector = pd.Detector.load(conn)

    def detect(text: str, lang: str, context: str) -> list:
        profile = ExportProfile.PUBLIC if context == "public" else ExportProfile.INTERNAL
        return detector.scan(text, lang, profile=profile, protected=context == "protected_item")

    return detect, load_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--legacy", action="store_true", help="measure the gate as it was before the one detector")
    args = parser.parse_args()
    rows = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    conn = db.connect(":memory:")
    demo.load_demo(conn, ROOT / "data" / "demo")
    before = rss_mb()
    detect, load_s = (legacy_detector if args.legacy else current_detector)(conn)
    after_load = rss_mb()

    stats: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])   # (category, lang) -> [flagged, total]
    words = defaultdict(int)
    misses, alarms = [], []
    first_pass = []
    started = time.perf_counter()
    for row in rows:
        findings = detect(row["text"], row["lang"], row["context"])
        first_pass.append(findings)
        cell = stats[(row["category"], row["lang"])]
        cell[1] += 1
        if findings:
            cell[0] += 1
        if row["victim"] and not findings:
            misses.append(row["id"])
        if not row["victim"] and findings:
            alarms.append((row["id"], [getattr(f, "kind", f) for f in findings]))
        if row["category"] == "ordinary":
            words[row["lang"]] += len(row["text"].split())
    scan_s = time.perf_counter() - started

    print(f"detector: {'legacy gate' if args.legacy else 'personal_data'}   sentences: {len(rows)}")
    print(f"model load: {load_s:.1f} s   memory: {before:.0f} MB before, {after_load:.0f} MB after load "
          f"(+{after_load - before:.0f} MB)   scan: {1000 * scan_s / len(rows):.1f} ms per sentence")
    print()
    print(f"{'category':<20} {'lang':<4} {'kind':<14} {'flagged':>8}")
    categories = sorted({c for c, _ in stats}, key=lambda c: (c in ("official", "ordinary"), c))
    for category in categories:
        for lang in ("en", "fr"):
            flagged, total = stats[(category, lang)]
            if not total:
                continue
            victim = category not in ("official", "ordinary")
            kind = "recall" if victim else "false alarms"
            print(f"{category:<20} {lang:<4} {kind:<14} {flagged:>3}/{total:<3}")
    for lang in ("en", "fr"):
        flagged, _ = stats[("ordinary", lang)]
        pages = words[lang] / WORDS_PER_PAGE
        print(f"ordinary minutes {lang}: {words[lang]} words = {pages:.1f} pages, {flagged} false alarms = "
              f"{flagged / pages:.2f} per page")
    print()
    print("missed:", ", ".join(misses) or "none")
    print("false alarms:", "; ".join(f"{i} {k}" for i, k in alarms) or "none")
    if not args.legacy:
        stored_pass(conn, rows, first_pass)


def stored_pass(conn, rows, first_pass) -> None:
    """The same sentences checked again as a new process would: no analysis in memory and no models, only what
    the first pass kept in the database (name_analysis). The findings must be the same, sentence by sentence."""
    from jtwg.services import personal_data as pd
    from jtwg.services.redaction import ExportProfile

    def no_models():
        raise RuntimeError("the models were needed")

    pd._cache.clear()
    loader, pd.load_models = pd.load_models, no_models
    try:
        detector = pd.Detector.load(conn)
        started = time.perf_counter()
        again = [detector.scan(r["text"], r["lang"], profile=ExportProfile.PUBLIC if r["context"] == "public"
                               else ExportProfile.INTERNAL, protected=r["context"] == "protected_item") for r in rows]
        scan_s = time.perf_counter() - started
    finally:
        pd.load_models = loader
    differ = [r["id"] for r, a, b in zip(rows, first_pass, again) if a != b]
    print()
    print(f"again from the stored analyses, without the models: {1000 * scan_s / len(rows):.2f} ms per sentence, "
          f"findings {'identical for every sentence' if not differ else 'DIFFERENT for ' + ', '.join(differ)}")
    print(json.dumps({"bench": "pii_stored", "sentences": len(rows), "different": len(differ),
                      "ms_per_sentence": round(1000 * scan_s / len(rows), 3)}))


if __name__ == "__main__":
    main()
