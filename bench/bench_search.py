"""Search speed: the demo plus many invented minutes paragraphs, queried accent-insensitively in both languages."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtwg import db, demo  # noqa: E402
from jtwg.models import Actor  # noqa: E402
from jtwg.services.search import search  # noqa: E402
from jtwg.store import folded  # noqa: E402

PARAGRAPHS = 20_000


def main() -> None:
    conn = db.connect(":memory:")
    demo.load_demo(conn, ROOT / "data" / "demo")
    item = conn.execute("SELECT id FROM agenda_item ORDER BY id LIMIT 1").fetchone()[0]
    start = time.perf_counter()
    conn.execute("""
        INSERT INTO minute_entry (agenda_item_id, position, entry_type, text, confidentiality, updated_by)
        SELECT ?, 100 + i, 'discussion',
               {'en': 'Paragraph ' || i || ' on border cooperation, shelters and the work plan of the sub-committee.',
                'fr': 'Paragraphe ' || i || ' sur la coopération transfrontalière, les centres d''accueil et le plan de travail.',
                'source': 'en', 'status': 'reviewed'}, 'restricted', 'bench'
        FROM range(?) t(i)""", [item, PARAGRAPHS])
    print(f"inserted {PARAGRAPHS} bilingual paragraphs in {time.perf_counter() - start:.2f} s")
    actor = Actor(username="bench", role="secretariat")
    # Inserted in SQL, the paragraphs have no kept folded text: the search folds them at query time (as every
    # row was before migration 1401). Then their folded texts are kept, as the store's helpers keep them on write.
    print("\nfolded at query time (rows written without the store's helpers)")
    before = run_queries(conn, actor)
    start = time.perf_counter()
    folded.refresh_all(conn)
    print(f"\nkept folded (refreshed in {time.perf_counter() - start:.2f} s)")
    after = run_queries(conn, actor)
    assert before == after, "the kept folded texts must find the same"


def run_queries(conn, actor) -> list:
    found = []
    for query in ("cooperation transfrontaliere", "CENTRES D'ACCUEIL", "Agadez", "paragraph 19999", "no such words here"):
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            hits = search(conn, group_id=1, query=query, actor=actor)
            runs.append(time.perf_counter() - t0)
        found.append([(h.kind, h.item_id, h.code, h.text) for h in hits])
        print(json.dumps({"bench": "search", "query": query, "hits": len(hits), "median_ms": round(sorted(runs)[2] * 1000, 1)}))
        print(f"{query!r:32} {len(hits):4} hits  median {sorted(runs)[2] * 1000:7.1f} ms")
    return found


if __name__ == "__main__":
    main()
