"""What the overview and the action tracker show on a generated 20 k database, recorded or compared.

    python bench/page_outputs.py record   # writes bench/baseline/outputs-20k.json
    python bench/page_outputs.py compare  # exits 1 if any figure or tracker row differs from the record

Optimisations must not change what a page shows: the record was taken before them. The figures are read as
the secretariat sees them, for two generated groups, as of the demo's date.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import scaled_db  # noqa: E402

BASELINE = ROOT / "bench" / "baseline" / "outputs-20k.json"
TODAY = date(2022, 6, 15)
# Generated groups only: the demo group changes when its data is corrected, the generated ones do not.
GROUPS = ("G01", "G10")


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return _plain(value.model_dump(mode="json"))
    if hasattr(value, "__dataclass_fields__"):
        return _plain({k: getattr(value, k) for k in value.__dataclass_fields__})
    return value


def outputs(conn) -> dict:
    """The overview figures and tracker rows of each group, as plain JSON values."""
    from jtwg.models import Actor
    from jtwg.services import actions, overview
    from jtwg.store import groups

    # The services now take the reader; the record was read as the secretariat, who may read everything.
    actor = Actor(username="bench-sec", role="secretariat", delegation="secretariat")
    result = {}
    for prefix in GROUPS:
        group = next(g for g in groups.list_groups(conn) if g.code.startswith(prefix))
        o = overview.overview(conn, group_id=group.id, actor=actor, today=TODAY)
        figures = {
            "activity_total": o.activity_total, "activity_by_status": o.activity_by_status,
            "activity_overdue": o.activity_overdue, "actions": o.actions, "meetings_held": o.meetings_held,
            "provisions_total": o.provisions_total,
            "provisions_without_activity": sorted(p["id"] for p in o.provisions_without_activity),
            "overdue_actions": sorted(a["code"] for a in o.overdue_actions),
            "overdue_by_owner": sorted((str(r["key"]), r["n"]) for r in o.overdue_by_owner),
            "overdue_by_delegation": sorted((str(r["key"]), r["n"]) for r in o.overdue_by_delegation),
            "upcoming": sorted((d.kind, d.code, d.due.isoformat()) for d in o.upcoming),
            "progress": _plain(o.progress), "trend": _plain(o.trend),
            "last_decisions": sorted(d.text.en for d in o.last_decisions),
        }
        rows = [[r.item.code, r.item.status.value, r.item.due_date.isoformat() if r.item.due_date else None,
                 r.overdue, r.due_soon, r.owner_acronym, r.delegation, r.subcommittee_code, r.meeting_seq]
                for r in actions.tracker(conn, group_id=group.id, actor=actor, today=TODAY)]
        result[prefix] = {"overview": _plain(figures), "tracker": sorted(rows)}
    return result


def independent_counts(conn, group_code: str) -> dict[str, int]:
    """Action counts of a group in plain SQL over the tables, sharing nothing with the store or its views."""
    total, open_, done, overdue = conn.execute("""
        SELECT count(*),
               count(*) FILTER (WHERE a.status IN ('open', 'in_progress')),
               count(*) FILTER (WHERE a.status = 'done'),
               count(*) FILTER (WHERE a.due_date < ? AND a.status IN ('open', 'in_progress'))
        FROM action_item a
        LEFT JOIN meeting m ON m.id = a.meeting_id
        LEFT JOIN subcommittee s ON s.id = a.subcommittee_id
        JOIN jtwg_group g ON g.id = coalesce(m.group_id, s.group_id)
        WHERE g.code LIKE ? || '%'""", [TODAY, group_code]).fetchone()
    return {"total": total, "open": open_, "done": done, "overdue": overdue}


def main() -> int:
    from jtwg import db

    mode = sys.argv[1] if len(sys.argv) > 1 else "compare"
    conn = db.connect(scaled_db("20k"), read_only=True)
    try:
        found = outputs(conn)
        plain = {g: independent_counts(conn, g) for g in GROUPS}
    finally:
        conn.close()
    if mode == "record":
        BASELINE.parent.mkdir(exist_ok=True)
        BASELINE.write_text(json.dumps(found, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"recorded {sum(len(g['tracker']) for g in found.values())} tracker rows and the overview of {len(found)} groups")
        return 0
    expected = json.loads(BASELINE.read_text(encoding="utf-8"))
    found = json.loads(json.dumps(found, sort_keys=True, ensure_ascii=False))
    differences = [f"{g}.{part}" for g in expected for part in expected[g] if expected[g][part] != found.get(g, {}).get(part)]
    for g in expected:
        for key, value in expected[g]["overview"].items():
            if value != found.get(g, {}).get("overview", {}).get(key):
                differences.append(f"{g}.overview.{key}")
    for g, counts in plain.items():
        shown = {k: found[g]["overview"]["actions"][k] for k in counts}
        if shown != counts:
            differences.append(f"{g}.overview.actions vs plain SQL {counts}")
    print("page outputs at 20k: " + ("identical to the record" if not differences else "DIFFER: " + ", ".join(differences)))
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
