"""Figures of the demo group worked out straight from data/demo/*.yaml, independently of jtwg's services.

Tests compare what the overview shows with these, so a wrong query cannot agree with itself.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
CLOSED_ACTIVITY = {"completed", "cancelled"}
CLOSED_ACTION = {"done", "cancelled"}


def _read(name: str) -> dict:
    return yaml.safe_load((DEMO / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def demo() -> dict:
    group, meetings, workplan, mou = (_read(n) for n in ("group.yaml", "meetings.yaml", "workplan.yaml", "mou.yaml"))
    orgs = {o["acronym"]: o for o in group["organisations"]}
    secretariat = group["group"]["secretariat"]
    activities = [dict(a, subcommittee=w.get("subcommittee")) for w in workplan["workplans"] for a in w["activities"]]
    actions = []
    for m in meetings["meetings"]:
        for item in m.get("agenda", []):
            for a in item.get("actions", []):
                due = a.get("due_date")
                if a.get("due_offset_days") is not None:   # demo anchors are all meeting_end
                    due = m["end_date"] + timedelta(days=a["due_offset_days"])
                actions.append(dict(a, due=due, opened=m["end_date"], meeting=m["sequence_no"]))
    ends = {m["sequence_no"]: m["end_date"] for m in meetings["meetings"]}
    for a in meetings.get("illustrative_actions", []):   # tracker examples under no agenda item
        actions.append(dict(a, due=a.get("due_date"), opened=ends[a["meeting"]], meeting=a["meeting"]))
    return {"as_of": group["as_of"], "orgs": orgs, "secretariat": secretariat, "activities": activities,
            "actions": actions, "meetings": meetings["meetings"], "provisions": mou["provisions"]}


def delegation_of(acronym: str) -> str:
    d = demo()
    org = d["orgs"][acronym]
    if org["org_type"] in ("donor", "cso"):
        return org["org_type"]
    if acronym == d["secretariat"] or org["org_type"] == "multilateral":
        return "secretariat"
    return org.get("country") or "observer"


def expected(delegation: str | None = None) -> dict:
    """The headline figures as of the demo's as-of date, optionally for one delegation."""
    d = demo()
    today: date = d["as_of"]
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    acts = [a for a in d["activities"] if delegation is None or delegation_of(a["lead"]) == delegation]
    actions = [a for a in d["actions"] if delegation is None or delegation_of(a["owner"]) == delegation]
    status = Counter(a.get("status", "not_started") for a in acts)
    return {
        "activities": len(acts),
        "by_status": dict(status),
        "activities_overdue": sum(1 for a in acts if a.get("planned_end") and a["planned_end"] < today
                                  and a.get("status", "not_started") not in CLOSED_ACTIVITY),
        "actions_open": sum(1 for a in actions if a.get("status", "open") in ("open", "in_progress")),
        "actions_overdue": sum(1 for a in actions if a["due"] and a["due"] < today and a.get("status", "open") not in CLOSED_ACTION),
        "done_quarter": sum(1 for a in actions if a.get("done_on") and quarter <= a["done_on"] <= today),
        "meetings_held": sum(1 for m in d["meetings"] if m["end_date"] <= today),
        "provisions": len(d["provisions"]),
        # The MoU tracker's flag: no commitment linked to an activity while one is still open.
        "provisions_needing_activity": sum(
            1 for p in d["provisions"]
            if not any(c.get("activities") for c in p.get("commitments", []))
            and (not p.get("commitments") or any(c.get("status", "not_started") not in ("fulfilled", "superseded")
                                                 for c in p["commitments"]))),
    }


def expected_progress() -> dict[str, float]:
    """Per sub-committee: the mean of completed=100, not started=0, else recorded progress or 0; cancelled left out."""
    per: dict[str, list[float]] = {}
    for a in demo()["activities"]:
        status = a.get("status", "not_started")
        if status == "cancelled":
            continue
        value = 100 if status == "completed" else 0 if status == "not_started" else (a.get("progress_pct") or 0)
        per.setdefault(a["subcommittee"], []).append(value)
    return {code: round(sum(v) / len(v), 1) for code, v in per.items()}
