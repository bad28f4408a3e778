"""Protected-case alias digests: the records of aliases (never the names) and the keyed digests of their parts."""

from __future__ import annotations

from jtwg.store.records import Cursor, rows

SCHEME = "hmac_parts"          # keyed digests of each part and of its one-letter deletions
LEGACY_SCHEME = "salted_words"  # one salted digest of the whole alias (before migration 0900)


def case_id(cur: Cursor, case_code: str) -> int | None:
    found = cur.execute("SELECT id FROM protected_case WHERE case_code = ?", [case_code]).fetchone()
    return None if found is None else found[0]


def alias_exists(cur: Cursor, *, case_id: int, digest: str) -> bool:
    return cur.execute("SELECT 1 FROM case_alias WHERE case_id = ? AND digest = ?", [case_id, digest]).fetchone() is not None


def insert_alias(cur: Cursor, *, case_id: int, digest: str, word_count: int, created_by: str,
                 parts: list[tuple[str, bool, bool]]) -> int:
    """Record one alias (its whole-alias digest, to refuse duplicates) and its part digests (digest, variant, near)."""
    alias_id = cur.execute(
        "INSERT INTO case_alias (case_id, digest, word_count, created_by, scheme) VALUES (?, ?, ?, ?, ?) RETURNING id",
        [case_id, digest, word_count, created_by, SCHEME]).fetchone()[0]
    if parts:
        cur.executemany("INSERT INTO alias_part (alias_id, case_id, digest, variant, near) VALUES (?, ?, ?, ?, ?)",
                        [[alias_id, case_id, d, variant, near] for d, variant, near in parts])
    return alias_id


def delete_case_aliases(cur: Cursor, *, case_id: int) -> int:
    count = cur.execute("SELECT count(*) FROM case_alias WHERE case_id = ?", [case_id]).fetchone()[0]
    cur.execute("DELETE FROM alias_part WHERE case_id = ?", [case_id])
    cur.execute("DELETE FROM case_alias WHERE case_id = ?", [case_id])
    return count


def part_digests(cur: Cursor) -> list[dict]:
    """Every part digest with its case code."""
    return rows(cur, "SELECT p.digest, p.variant, p.near, c.case_code FROM alias_part p"
                     " JOIN protected_case c ON c.id = p.case_id")


def alias_counts(cur: Cursor) -> dict[str, dict[str, int]]:
    """Per case code: how many aliases are recorded under each scheme."""
    found = rows(cur, "SELECT c.case_code, a.scheme, count(a.id) AS n FROM protected_case c"
                      " LEFT JOIN case_alias a ON a.case_id = c.id GROUP BY c.case_code, a.scheme ORDER BY c.case_code")
    out: dict[str, dict[str, int]] = {}
    for r in found:
        counts = out.setdefault(r["case_code"], {SCHEME: 0, LEGACY_SCHEME: 0})
        if r["scheme"]:
            counts[r["scheme"]] = r["n"]
    return out


def set_key_check(cur: Cursor, *, setting: str, value: str) -> None:
    """Remember a check value of the key the digests were made with (not the key: it cannot be derived back)."""
    cur.execute("DELETE FROM app_setting WHERE key = ?", [setting])
    cur.execute("INSERT INTO app_setting (key, value) VALUES (?, ?)", [setting, value])
