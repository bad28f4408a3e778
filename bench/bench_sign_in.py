"""Sign-in answer times: an unknown name, a wrong password, a locked name and a right password should take
about as long as each other (one bcrypt check each), so the time of an answer does not tell which names exist."""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtwg import db  # noqa: E402
from jtwg.models import Actor  # noqa: E402
from jtwg.models.users import UserCreate  # noqa: E402
from jtwg.services import auth  # noqa: E402

GOOD = "correct horse battery"
ROUNDS = 8


def timed(conn, username: str, password: str, client: str) -> float:
    start = time.perf_counter()
    try:
        auth.authenticate(conn, username=username, password=password, now=datetime.now(), client=client)
    except auth.SignInFailed:
        pass
    return time.perf_counter() - start


def main() -> None:
    conn = db.connect(":memory:")
    auth.create_user(conn, data=UserCreate(username="owner", role="secretariat", password=GOOD), actor=Actor.system("bench"))
    for _ in range(auth.MAX_FAILED_ATTEMPTS):   # lock "owner" from one client
        timed(conn, "owner", "wrong password!", "10.0.0.9")
    cases = {
        "unknown name": ("nobody-here", "wrong password!", "10.0.0.1"),
        "wrong password": ("owner", "wrong password!", "10.0.0.2"),
        "locked name": ("owner", GOOD, "10.0.0.9"),
        "right password": ("owner", GOOD, "10.0.0.3"),
    }
    print(f"{'case':16} median ms   min ms   max ms   ({ROUNDS} answers each, bcrypt cost 12)")
    for name, (user, password, client) in cases.items():
        times = []
        for i in range(ROUNDS):
            # a fresh client for wrong passwords, so the series is not itself locked half way
            times.append(timed(conn, user, password, f"{client}.{i}" if name == "wrong password" else client))
        ms = [t * 1000 for t in times]
        print(f"{name:16} {statistics.median(ms):9.1f} {min(ms):8.1f} {max(ms):8.1f}")


if __name__ == "__main__":
    main()
