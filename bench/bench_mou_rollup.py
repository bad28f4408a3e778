"""Time the MoU tracker's read model on a large synthetic agreement: roll-up of every provision, activity lookups."""

from __future__ import annotations

import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jtwg import db, demo  # noqa: E402
from jtwg.config import PROJECT_ROOT  # noqa: E402
from jtwg.models import Actor, ActivityCreate, Bilingual, CommitmentCreate, ProvisionCreate, WorkPlanCreate  # noqa: E402
from jtwg.services import mou as service  # noqa: E402
from jtwg.store import links, mou, workplan  # noqa: E402

PROVISIONS, COMMITMENTS_EACH, ACTIVITIES, LINKS_EACH = 120, 4, 400, 3
ACTOR = Actor.system("bench")


def build(cur) -> int:
    """The demo group plus a large MoU and work plan, linked; returns the group id."""
    demo.load_demo(cur, PROJECT_ROOT / "data" / "demo")
    group_id = 1
    agreement = mou.get_mou(cur, group_id=group_id)
    plan = workplan.get_workplan(cur, workplan_id=workplan.create_workplan(cur, group_id=group_id, actor=ACTOR, data=WorkPlanCreate(
        title=Bilingual.of("Bench plan", "Plan d'essai"), period_start=date(2022, 1, 1), period_end=date(2023, 12, 31))))
    with db.transaction(cur):
        activity_ids = [workplan.create_activity(cur, workplan=plan, actor=ACTOR, data=ActivityCreate(
            code=f"B-{i:04d}", title=Bilingual.of(f"Activity {i}", f"Activité {i}"), status="in_progress", progress_pct=i % 101))
            for i in range(ACTIVITIES)]
        n = 0
        for p in range(PROVISIONS):
            provision = mou.get_provision(cur, provision_id=mou.add_provision(cur, mou=agreement, actor=ACTOR, data=ProvisionCreate(
                article=str(100 + p), text=Bilingual.of(f"Provision {p}.", f"Disposition {p}."))))
            for c in range(COMMITMENTS_EACH):
                cid = mou.add_commitment(cur, provision=provision, group_id=group_id, actor=ACTOR, data=CommitmentCreate(
                    code=f"BC-{p}.{c}", description=Bilingual.of("Do it.", "Le faire."), responsible_acronyms=["NAPTIP"],
                    recurrence="annual", status=["in_progress", "fulfilled", "not_started"][c % 3]))
                for k in range(LINKS_EACH):
                    links.link(cur, kind="activity", commitment_id=cid, target_id=activity_ids[(n + k * 7) % ACTIVITIES], actor=ACTOR)
                n += 1
    return group_id


def timed(label: str, fn, repeat: int = 5):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label}: {best * 1000:.1f} ms (best of {repeat})")
    return result


def main() -> None:
    cur = db.connect(":memory:")
    start = time.perf_counter()
    group_id = build(cur)
    print(f"built {PROVISIONS} provisions, {PROVISIONS * COMMITMENTS_EACH} commitments, {ACTIVITIES} activities, "
          f"{PROVISIONS * COMMITMENTS_EACH * LINKS_EACH} links in {time.perf_counter() - start:.1f} s")
    tracemalloc.start()
    view = timed("mou_view (whole roll-up)", lambda: service.mou_view(cur, group_id=group_id))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"mou_view peak Python memory: {peak / 1e6:.1f} MB; MoU progress {view.progress:.1f}")
    some = cur.execute("SELECT id FROM activity WHERE code = 'B-0007'").fetchone()[0]
    served = timed("provisions_served_by_activity (one activity)", lambda: service.provisions_served_by_activity(cur, some))
    print(f"B-0007 serves {len(served)} provisions")


if __name__ == "__main__":
    main()
