"""Which backup method is consistent while another cursor writes, and how long each takes.

A writer thread saves continuously; each save is one transaction adding an organisation and its audit
line. A consistent backup holds both or neither of every save (organisations == audit lines) and
opens as a database. Methods:
  file copy         copy the .duckdb file (and nothing else) while the app runs
  checkpoint+copy   CHECKPOINT from the app's process, then copy the file
  export database   EXPORT DATABASE (parquet) from one cursor
  copy from db      ATTACH a new file + COPY FROM DATABASE in one transaction (what jtwg uses)

    python bench/bench_backup.py [rounds]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jtwg import db, demo  # noqa: E402
from jtwg.models import Actor, Bilingual, OrganisationCreate  # noqa: E402
from jtwg.store import groups  # noqa: E402

ACTOR = Actor(username="bench-writer", role="secretariat")


def verdict(orgs: int, lines: int, committed_before: int) -> str:
    if orgs != lines:
        return f"INCONSISTENT ({orgs} orgs, {lines} audit lines)"
    if orgs < committed_before:
        return f"MISSES SAVES ({orgs} of {committed_before}+)"
    return f"ok ({orgs} saves, >= {committed_before})"


def check(path: Path, committed_before: int) -> str:
    try:
        conn = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        return f"does not open ({str(exc).splitlines()[0][:60]})"
    try:
        orgs = conn.execute("SELECT count(*) FROM organisation WHERE updated_by = ?", [ACTOR.username]).fetchone()[0]
        lines = conn.execute("SELECT count(*) FROM change_log WHERE actor = ?", [ACTOR.username]).fetchone()[0]
    finally:
        conn.close()
    return verdict(orgs, lines, committed_before)


def check_export(folder: Path, committed_before: int) -> str:
    conn = duckdb.connect()
    try:
        conn.execute(f"IMPORT DATABASE '{folder}'")
        orgs = conn.execute("SELECT count(*) FROM organisation WHERE updated_by = ?", [ACTOR.username]).fetchone()[0]
        lines = conn.execute("SELECT count(*) FROM change_log WHERE actor = ?", [ACTOR.username]).fetchone()[0]
    except duckdb.Error as exc:
        return f"does not import ({str(exc).splitlines()[0][:60]})"
    finally:
        conn.close()
    return verdict(orgs, lines, committed_before)


def main(rounds: int = 3) -> None:
    work = Path(tempfile.mkdtemp(prefix="jtwg-bench-backup-"))
    try:
        path = work / "jtwg.duckdb"
        conn = db.connect(path)
        demo.load_demo(conn, ROOT / "data" / "demo")
        conn.execute("CHECKPOINT")
        stop, count = threading.Event(), [0]

        def writer() -> None:
            cur = conn.cursor()
            while not stop.is_set():
                n = count[0]
                groups.create_organisation(cur, data=OrganisationCreate(
                    acronym=f"B{n:06d}", name=Bilingual.of(f"Bench {n}", f"Banc {n}"), org_type="cso"), actor=ACTOR)
                count[0] += 1

        thread = threading.Thread(target=writer, daemon=True)
        thread.start()
        while count[0] < 50:
            time.sleep(0.01)
        results: dict[str, list[tuple[float, str]]] = {}
        for r in range(rounds):
            target = work / f"copy{r}.duckdb"
            before, t = count[0], time.perf_counter()
            shutil.copyfile(path, target)
            results.setdefault("file copy", []).append((time.perf_counter() - t, check(target, before)))

            target = work / f"ckpt{r}.duckdb"
            before, t = count[0], time.perf_counter()
            try:
                conn.cursor().execute("CHECKPOINT")
                shutil.copyfile(path, target)
                outcome = check(target, before)
            except duckdb.Error as exc:
                outcome = f"CHECKPOINT failed ({str(exc).splitlines()[0][:60]})"
            results.setdefault("checkpoint+copy", []).append((time.perf_counter() - t, outcome))

            target = work / f"export{r}"
            before, t = count[0], time.perf_counter()
            conn.cursor().execute(f"EXPORT DATABASE '{target}' (FORMAT parquet)")
            results.setdefault("export database", []).append((time.perf_counter() - t, check_export(target, before)))

            target = work / f"attach{r}.duckdb"
            before, t = count[0], time.perf_counter()
            db.copy_database(conn.cursor(), target)
            results.setdefault("copy from db", []).append((time.perf_counter() - t, check(target, before)))
        stop.set()
        thread.join()
        conn.close()
        print(f"{count[0]} saves written during the run; database {path.stat().st_size / 1e6:.1f} MB")
        for method, found in results.items():
            times = ", ".join(f"{s * 1000:.0f} ms" for s, _ in found)
            print(f"{method:16s} {times:30s} {' | '.join(o for _, o in found)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
