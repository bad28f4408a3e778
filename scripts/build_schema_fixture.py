"""Build tests/fixtures/schema_0001.duckdb: the first released schema (migration 0001 only) with a little data.

The file stands for a database made by the first version of jtwg; tests open it with today's code and
check every later migration applies and the data is kept. Rebuild it only if 0001 itself changes
(it never should: shipped migrations are not edited).

    python scripts/build_schema_fixture.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jtwg import db  # noqa: E402

TARGET = ROOT / "tests" / "fixtures" / "schema_0001.duckdb"
B = "{'en': ?, 'fr': ?, 'source': 'en', 'status': 'reviewed'}::bilingual"


def build(target: Path = TARGET) -> Path:
    for stale in (target, target.with_name(target.name + ".wal")):
        stale.unlink(missing_ok=True)
    # The smallest block size DuckDB allows keeps the file small (the default 256 kB block per table is 5 MB).
    conn = duckdb.connect()
    conn.execute(f"ATTACH '{target}' AS fixture (BLOCK_SIZE 16384)")
    conn.execute("USE fixture")
    first = db.migrations()[0]
    assert first[0] == "0001_foundation", first[0]
    db.migrate(conn, [first])
    by = "fixture"
    conn.execute(f"INSERT INTO organisation (acronym, name, country, org_type, updated_by) VALUES "
                 f"('MINA', {B}, 'NE', 'government', ?), ('AGTA', {B}, 'NG', 'government', ?)",
                 ["Ministry of the Interior (invented)", "Ministère de l'Intérieur (fictif)", by,
                  "Anti-trafficking agency (invented)", "Agence de lutte contre la traite (fictive)", by])
    conn.execute(f"INSERT INTO jtwg_group (code, name, party_a_org_id, party_b_org_id, host_rotation, established_on, updated_by) "
                 f"VALUES ('NE-NG', {B}, 1, 2, ['Niamey', 'Abuja'], DATE '2021-03-04', ?)",
                 ["Joint working group (fixture)", "Groupe de travail conjoint (fixture)", by])
    conn.execute("INSERT INTO person (ref, display_name, org_id, updated_by) VALUES ('p-ada', 'Ada Fixture', 1, ?)", [by])
    conn.execute("INSERT INTO meeting (group_id, kind, sequence_no, start_date, end_date, city, status, updated_by) "
                 "VALUES (1, 'ordinary', 1, DATE '2021-06-01', DATE '2021-06-02', 'Niamey', 'held', ?)", [by])
    conn.execute(f"INSERT INTO action_item (code, meeting_id, text, owner_org_id, due_date, status, progress_pct, evidence, updated_by) "
                 f"VALUES ('A1-01', 1, {B}, 1, DATE '2021-09-30', 'in_progress', 40, '=HYPERLINK(\"http://example.org\")', ?)",
                 ["Share the referral form", "Partager le formulaire d'orientation", by])
    conn.execute("INSERT INTO change_log (actor, action, entity, entity_id, note) VALUES ('fixture', 'create', 'action_item', 1, 'first schema')")
    conn.execute("INSERT INTO app_setting VALUES ('fixture', 'first released schema')")
    conn.execute("CHECKPOINT fixture")
    conn.close()
    return target


if __name__ == "__main__":
    path = build()
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")
