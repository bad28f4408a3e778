"""Backups: consistent copies (also while another cursor writes), private files, listing and download,
restore that reproduces the same content table by table, the scheduler, and the CLI."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import threading
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from jtwg import db
from jtwg.config import load_settings
from jtwg.errors import AlreadyExists, DatabaseDamaged, DatabaseLocked, DatabaseTooNew, NotFound, PermissionDenied
from jtwg.models import Actor, Bilingual, OrganisationCreate
from jtwg.services import backups
from jtwg.services.scheduler import Scheduler
from jtwg.store import groups

MEMBER = Actor(username="member", role="member", delegation="NE", subcommittee_codes=("SC1",))


def content(source: Path | duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Every table's rows (in a fixed order), the sequences' positions, the columns and user types of a database.

    The line a restore adds to the change log is left out (and the change log's sequence counted
    without it): apart from that line a restored database must equal its backup exactly.
    """
    conn = duckdb.connect(str(source), read_only=True) if isinstance(source, Path) else source
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1").fetchall()]
        found: dict[str, object] = {}
        for name in tables:
            where = " WHERE action <> 'restore'" if name == "change_log" else ""
            found[name] = conn.execute(f'SELECT * FROM "{name}"{where} ORDER BY ALL').fetchall()
        restores = conn.execute("SELECT count(*) FROM change_log WHERE action = 'restore'").fetchone()[0]
        # A sequence's position: the last value handed out (a copy may record it as a new start value).
        found["_sequences"] = [(n, last - restores if n == "change_log_seq" else last, inc)
                               for n, last, inc in conn.execute(
                                   "SELECT sequence_name, coalesce(last_value, start_value - 1), increment_by "
                                   "FROM duckdb_sequences() WHERE database_name = current_database() ORDER BY 1").fetchall()]
        found["_columns"] = conn.execute("SELECT table_name, column_name, data_type, is_nullable, column_default "
                                         "FROM information_schema.columns WHERE table_catalog = current_database() "
                                         "ORDER BY ALL").fetchall()
        found["_types"] = conn.execute("SELECT type_name, logical_type FROM duckdb_types() "
                                       "WHERE database_name = current_database() AND NOT internal ORDER BY ALL").fetchall()
        return found
    finally:
        if isinstance(source, Path):
            conn.close()


def test_backup_then_restore_gives_the_same_content_table_by_table(demo_db_file, tmp_path, actor):
    folder = tmp_path / "backups"
    conn = db.connect(demo_db_file)
    # A save still in the write-ahead log must be in the backup too.
    groups.create_organisation(conn, data=OrganisationCreate(acronym="WALONLY", name=Bilingual.of("In the WAL", "Dans le WAL"),
                                                             org_type="government"), actor=actor)
    assert Path(f"{demo_db_file}.wal").exists()
    before = content(conn)
    info = backups.create_backup(conn, actor=actor, folder=folder)
    conn.close()
    assert before["organisation"] and any(r[1] == "WALONLY" for r in before["organisation"])
    assert content(info.path) == before

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert backups.NAME.match(info.name) and info.kind == "manual" and info.size > 0
    assert sorted(p.name for p in folder.iterdir()) == [info.name]   # no partial file, no .wal left

    restored = tmp_path / "restored" / "jtwg.duckdb"
    restored.parent.mkdir()
    result = backups.restore(info.path, restored, force=False, actor=Actor.system("cli:test"))
    assert result["schema"] == db.migrations()[-1][0]
    after = content(restored)
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
    assert stat.S_IMODE(restored.stat().st_mode) == 0o600
    conn = duckdb.connect(str(restored), read_only=True)   # the restore itself is in the audit trail
    assert conn.execute("SELECT actor, changes FROM change_log WHERE action = 'restore'").fetchall() == [
        ("cli:test", f'{{"file": "{info.name}"}}')]
    conn.close()


def test_a_backup_taken_while_another_cursor_writes_is_consistent(demo_db_file, tmp_path, actor):
    """Each write is an organisation and its audit line in one transaction: a backup holds both or neither."""
    conn = db.connect(demo_db_file)
    stop, written, errors = threading.Event(), [0], []

    def writer() -> None:
        cur = conn.cursor()
        try:
            while not stop.is_set():
                n = written[0]
                groups.create_organisation(cur, data=OrganisationCreate(
                    acronym=f"W{n:05d}", name=Bilingual.of(f"Writer {n}", f"Rédacteur {n}"), org_type="cso"), actor=actor)
                written[0] += 1
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            cur.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while written[0] < 20:
            stop.wait(0.01)
        taken = [backups.write_backup(conn.cursor(), tmp_path / "b") for _ in range(3)]
    finally:
        stop.set()
        thread.join(60)
    assert not errors
    counts = []
    for info in taken:
        copy = duckdb.connect(str(info.path), read_only=True)
        orgs = copy.execute("SELECT count(*) FROM organisation WHERE acronym LIKE 'W%' AND updated_by = ?", [actor.username]).fetchone()[0]
        logged = copy.execute("SELECT count(*) FROM change_log WHERE entity = 'organisation' AND actor = ?", [actor.username]).fetchone()[0]
        copy.close()
        assert orgs == logged > 0
        counts.append(orgs)
    assert counts == sorted(counts) and written[0] >= counts[-1]
    conn.close()
    # And the last of them restores to exactly what it holds.
    target = tmp_path / "r.duckdb"
    backups.restore(taken[-1].path, target, force=False, actor=Actor.system())
    assert content(target) == content(taken[-1].path)


def test_restore_refuses_to_replace_without_force_and_while_the_app_holds_the_database(demo_db_file, tmp_path, actor):
    conn = db.connect(demo_db_file)
    info = backups.create_backup(conn, actor=actor, folder=tmp_path / "b")
    conn.close()
    before = demo_db_file.read_bytes()
    with pytest.raises(AlreadyExists) as info_exists:
        backups.restore(info.path, demo_db_file, force=False, actor=Actor.system())
    assert "--force" in info_exists.value.message("en") and "--force" in info_exists.value.message("fr")
    holder = subprocess.Popen([sys.executable, "-c", "import sys, duckdb, time; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(demo_db_file)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseLocked):
            backups.restore(info.path, demo_db_file, force=True, actor=Actor.system())
    finally:
        holder.kill()
        holder.wait()
    assert demo_db_file.read_bytes() == before
    assert not demo_db_file.with_name(demo_db_file.name + ".restore").exists()


def test_restore_refuses_a_damaged_or_newer_backup_and_leaves_the_database(demo_db_file, tmp_path, actor):
    bad = tmp_path / "jtwg-20260101-000000-manual.duckdb"
    bad.write_bytes(b"not a database" * 100)
    before = demo_db_file.read_bytes()
    with pytest.raises(DatabaseDamaged):
        backups.restore(bad, demo_db_file, force=True, actor=Actor.system())
    newer = tmp_path / "newer.duckdb"
    conn = db.connect(newer)
    conn.execute("INSERT INTO schema_migration (name) VALUES ('9990_later')")
    conn.close()
    with pytest.raises(DatabaseTooNew):
        backups.restore(newer, demo_db_file, force=True, actor=Actor.system())
    assert demo_db_file.read_bytes() == before
    assert sorted(p.name for p in demo_db_file.parent.iterdir()
                  if p.name.startswith((".restore", "jtwg.duckdb."))) == []


def test_listing_and_download_are_for_the_secretariat_and_only_of_listed_files(demo_db_file, tmp_path, actor):
    folder = tmp_path / "b"
    conn = db.connect(demo_db_file)
    with pytest.raises(PermissionDenied):
        backups.create_backup(conn, actor=MEMBER, folder=folder)
    first = backups.create_backup(conn, actor=actor, folder=folder)
    second = backups.create_backup(conn, actor=actor, folder=folder)
    conn.close()
    assert [i.name for i in backups.list_backups(actor=actor, folder=folder)] == [second.name, first.name]
    with pytest.raises(PermissionDenied):
        backups.list_backups(actor=MEMBER, folder=folder)
    with pytest.raises(PermissionDenied):
        backups.backup_zip(actor=MEMBER, folder=folder, name=first.name)
    data = backups.backup_zip(actor=actor, folder=folder, name=first.name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [first.name]
        assert archive.read(first.name) == first.path.read_bytes()
    for name in ("../jtwg.duckdb", str(demo_db_file), "jtwg-20260101-000000-manual.duckdb"):
        with pytest.raises(NotFound):
            backups.backup_zip(actor=actor, folder=folder, name=name)
    # The zip downloaded from Settings restores as it is.
    (tmp_path / "download.zip").write_bytes(data)
    target = tmp_path / "from-zip.duckdb"
    backups.restore(tmp_path / "download.zip", target, force=False, actor=Actor.system())
    assert content(target) == content(first.path)


def test_size_text_in_both_languages():
    assert backups.size_text(3_300_000, "en") == "3.1\u00a0MB"
    assert backups.size_text(3_300_000, "fr") == "3,1\u00a0Mo"
    assert backups.size_text(740 * 1024, "fr") == "740\u00a0ko"


# ---- the scheduler ----

class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_scheduler_runs_due_jobs_with_their_own_cursor_and_survives_a_failing_one(conn, caplog):
    clock = Clock()
    sched = Scheduler(tick=0.05, clock=clock)
    seen: list[object] = []
    sched.register_job("count", timedelta(minutes=10), lambda cur: seen.append(cur.execute("SELECT 42").fetchone()[0]))
    sched.register_job("broken", 60, lambda cur: cur.execute("SELECT * FROM no_such_table"))
    assert sched.run_due(conn) == ["count", "broken"]
    assert seen == [42] and sched.jobs["broken"].failures == 1 and "no_such_table" in sched.jobs["broken"].last_error
    assert "scheduled job broken failed" in caplog.text
    clock.now += 61
    assert sched.run_due(conn) == ["broken"]
    clock.now += 600
    assert sched.run_due(conn) == ["count", "broken"] and seen == [42, 42]
    with pytest.raises(ValueError):
        sched.register_job("never", 0, lambda cur: None)


def test_the_scheduler_thread_starts_once_and_runs_jobs(conn):
    sched = Scheduler(tick=0.02)
    ran = threading.Event()
    sched.register_job("flag", 0.01, lambda cur: ran.set())
    assert sched.start(conn) is True
    try:
        assert sched.start(conn) is False   # one thread per process
        assert ran.wait(10)
        assert sum(t.name == "jtwg-scheduler" for t in threading.enumerate()) >= 1
    finally:
        sched.stop()
    assert not sched.running


def test_scheduled_backups_keep_the_newest_and_leave_manual_ones(demo_db_file, tmp_path, actor, monkeypatch):
    settings = load_settings({"JTWG_DB": str(demo_db_file), "JTWG_BACKUP_DIR": str(tmp_path / "b"),
                              "JTWG_BACKUP_EVERY_HOURS": "6", "JTWG_BACKUP_KEEP": "2"})
    conn = db.connect(demo_db_file)
    manual = backups.create_backup(conn, actor=actor, folder=settings.backups)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    written = []
    for hour in range(0, 30, 1):
        now = start + timedelta(hours=hour)
        monkeypatch.setattr(backups, "datetime", _FixedDatetime(now))
        info = backups.scheduled_backup(conn, settings, now=now)
        if info:
            written.append(info.name)
    conn.close()
    assert len(written) == 5   # hours 0, 6, 12, 18, 24
    kept = backups.list_backups(actor=actor, folder=settings.backups)
    assert [i.name for i in kept if i.kind == "auto"] == written[::-1][:2]
    assert manual.name in [i.name for i in kept]
    conn = duckdb.connect(str(demo_db_file), read_only=True)
    assert conn.execute("SELECT count(*) FROM change_log WHERE action = 'backup' AND actor = 'scheduler'").fetchone()[0] == 5
    conn.close()


class _FixedDatetime:
    """Stands for `datetime` in the backups module so automatic backups get the test's times in their names."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self, tz=None):
        return self._now

    def strptime(self, *args):
        return datetime.strptime(*args)


def test_schedule_registers_the_job_unless_turned_off(tmp_path):
    from jtwg.services import scheduler

    on = load_settings({"JTWG_DB": str(tmp_path / "x.duckdb"), "JTWG_BACKUP_EVERY_HOURS": "0.5"})
    try:
        assert backups.schedule(on) is True
        assert scheduler.SCHEDULER.jobs["backups"].every == 1800
        assert backups.schedule(load_settings({"JTWG_BACKUP_EVERY_HOURS": "0"})) is False
        assert "backups" not in scheduler.SCHEDULER.jobs
    finally:
        scheduler.SCHEDULER.unregister_job("backups")
    assert on.backups == tmp_path / "backups"


# ---- the CLI ----

def _jtwg(db_path: Path, *args: str, backup_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "JTWG_DB": str(db_path), "JTWG_USER": "sec"}   # the backup acts as a real account
    env.pop("JTWG_BACKUP_DIR", None)
    if backup_dir:
        env["JTWG_BACKUP_DIR"] = str(backup_dir)
    return subprocess.run([sys.executable, "-m", "jtwg", *args], env=env, capture_output=True, text=True, timeout=180)


def test_cli_backup_and_restore(demo_db_file, tmp_path):
    before = content(demo_db_file)
    out = _jtwg(demo_db_file, "backup", str(tmp_path / "b"))
    assert out.returncode == 0, out.stderr
    made = list((tmp_path / "b").iterdir())
    assert len(made) == 1 and str(made[0]) in out.stdout and "MB" in out.stdout
    refused = _jtwg(demo_db_file, "--lang", "fr", "restore", str(tmp_path / "b"))
    assert refused.returncode == 1 and "--force" in refused.stderr and "existe" in refused.stderr
    done = _jtwg(demo_db_file, "restore", str(tmp_path / "b"), "--force")
    assert done.returncode == 0, done.stderr
    assert made[0].name in done.stdout
    after = content(demo_db_file)
    assert {k: v for k, v in after.items() if k != "change_log"} == {k: v for k, v in before.items() if k != "change_log"}
    # The change log gained the CLI's backup line (before the copy was taken it was not there) and the restore line.
    assert [r for r in after["change_log"] if r[3] != "backup"] == [r for r in before["change_log"]]
    nothing = _jtwg(demo_db_file, "restore", str(tmp_path / "empty"), "--force")
    assert nothing.returncode == 1 and "Traceback" not in nothing.stderr


def test_cli_backup_is_refused_while_the_app_holds_the_database(demo_db_file, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", "import sys, duckdb, time; c = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(demo_db_file)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        out = _jtwg(demo_db_file, "backup", backup_dir=tmp_path / "b")
        restore = _jtwg(demo_db_file, "restore", str(tmp_path), "--force")
    finally:
        holder.kill()
        holder.wait()
    assert out.returncode == 1 and "in use by another program" in out.stderr and "Traceback" not in out.stderr
    assert restore.returncode == 1 and "Traceback" not in restore.stderr
