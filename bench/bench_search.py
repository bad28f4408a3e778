"""Search speed: the demo plus many invented minutes paragraphs, queried accent-insensitively in both languages."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtwg import db, demo  # noqa: E402
from jtwg.models import Actor  # noqa: E402
from jtwg.services.search import search  # noqa: E402

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
    for query in ("cooperation transfrontaliere", "CENTRES D'ACCUEIL", "Agadez", "paragraph 19999", "no such words here"):
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            hits = search(conn, group_id=1, query=query, actor=actor)
            runs.append(time.perf_counter() - t0)
        print(f"{query!r:32} {len(hits):4} hits  median {sorted(runs)[2] * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
