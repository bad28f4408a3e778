"""Backups of the whole database: taken consistently from inside the process that holds it, listed,
downloaded as a zip, pruned on a schedule, and restored (with the app stopped) by building the new
database next to the old one and moving it into place.

A backup is one self-contained DuckDB file (see `db.copy_database`) named
`jtwg-YYYYMMDD-HHMMSS-<kind>.duckdb` (UTC), kind `manual` (Settings, CLI) or `auto` (the scheduler).
It holds password hashes: the folder is made readable by the app's user only (0700) and every file
in it 0600. Only automatic backups are pruned (the newest `JTWG_BACKUP_KEEP` are kept).
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from jtwg import db
from jtwg.config import Settings
from jtwg.errors import AlreadyExists, DatabaseLocked, JtwgError, NotFound
from jtwg.i18n import format_number, t
from jtwg.models.common import Actor
from jtwg.services import permissions, scheduler
from jtwg.store.records import Cursor, log_change

log = logging.getLogger("jtwg.backups")

NAME = re.compile(r"^jtwg-(\d{8}-\d{6})(?:-(\d+))?-(manual|auto)\.duckdb$")
MANUAL, AUTO = "manual", "auto"
JOB_NAME = "backups"
FIRST_CHECK_AFTER = 600.0   # seconds after the app starts: not in the middle of its start-up


@dataclass(frozen=True)
class BackupInfo:
    name: str
    path: Path
    size: int
    taken_at: datetime   # UTC, from the name
    kind: str


def size_text(size: int, lang: str) -> str:
    """ "3.2 MB" / "3,2 Mo", "740 kB" / "740 ko" """
    if size >= 1024 * 1024:
        return f"{format_number(round(size / (1024 * 1024), 1), lang)}\u00a0{t('backup.unit_mb', lang)}"
    return f"{format_number(max(round(size / 1024), 1), lang)}\u00a0{t('backup.unit_kb', lang)}"


def _private_folder(folder: Path) -> Path:
    """`folder`, created if needed, readable by this user only."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(folder.stat().st_mode) != 0o700:
        try:
            folder.chmod(0o700)
        except OSError as exc:   # a folder of someone else: say so rather than write hashes into it
            raise JtwgError(str(exc), key="error.backup_folder", folder=str(folder)) from exc
    return folder


def _info(path: Path) -> BackupInfo | None:
    found = NAME.match(path.name)
    if not found or not path.is_file():
        return None
    taken = datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc)
    return BackupInfo(path.name, path, path.stat().st_size, taken, found.group(3))


def _all(folder: Path) -> list[BackupInfo]:
    """Every backup in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = [info for path in folder.iterdir() if (info := _info(path)) is not None]
    return sorted(found, key=lambda i: (i.taken_at, int(NAME.match(i.name).group(2) or 1)), reverse=True)


def _new_name(folder: Path, kind: str, now: datetime) -> str:
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")
    name, n = f"jtwg-{stamp}-{kind}.duckdb", 1
    while (folder / name).exists():   # two backups in one second
        n += 1
        name = f"jtwg-{stamp}-{n}-{kind}.duckdb"
    return name


def write_backup(cur: Cursor, folder: Path, *, kind: str = MANUAL, now: datetime | None = None) -> BackupInfo:
    """Copy the database into a new file of `folder` (0600, in a 0700 folder); no permission check, no log."""
    folder = _private_folder(Path(folder))
    name = _new_name(folder, kind, now or datetime.now(timezone.utc))
    partial = folder / f".{name}.partial"
    partial.unlink(missing_ok=True)
    try:
        db.copy_database(cur, partial)
        partial.chmod(0o600)
        os.replace(partial, folder / name)
    finally:
        partial.unlink(missing_ok=True)
        Path(f"{partial}.wal").unlink(missing_ok=True)
    return _info(folder / name)  # type: ignore[return-value]


def create_backup(cur: Cursor, *, actor: Actor, folder: Path, kind: str = MANUAL) -> BackupInfo:
    """Back up now (secretariat): the copy, then one line in the audit trail."""
    permissions.require(actor, "backup.create")
    info = write_backup(cur, folder, kind=kind)
    with db.transaction(cur):
        log_change(cur, actor=actor, action="backup", entity="database", entity_id=None,
                   changes={"file": info.name, "bytes": info.size})
    return info


def list_backups(*, actor: Actor, folder: Path) -> list[BackupInfo]:
    """The backups in `folder`, newest first (secretariat only: they hold everything)."""
    permissions.require(actor, "backup.read")
    return _all(Path(folder))


def backup_zip(*, actor: Actor, folder: Path, name: str) -> bytes:
    """Backup `name` of `folder` as a zip (a name not in the list is refused: no path from outside is opened)."""
    permissions.require(actor, "backup.read")
    info = next((i for i in _all(Path(folder)) if i.name == name), None)
    if info is None:
        raise NotFound(key="error.backup_not_found", name=name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(info.path, info.name)
    return out.getvalue()


def prune(folder: Path, keep: int) -> list[str]:
    """Remove the automatic backups beyond the newest `keep`; manual ones stay. Return the names removed."""
    removed = []
    for info in [i for i in _all(Path(folder)) if i.kind == AUTO][max(keep, 1):]:
        info.path.unlink(missing_ok=True)
        removed.append(info.name)
    return removed


def scheduled_backup(cur: Cursor, settings: Settings, *, now: datetime | None = None) -> BackupInfo | None:
    """The scheduler's job: an automatic backup when the newest is older than the interval, then pruning."""
    now = now or datetime.now(timezone.utc)
    every = timedelta(hours=settings.backup_every_hours)
    newest = next((i for i in _all(settings.backups) if i.kind == AUTO), None)
    if newest is not None and now - newest.taken_at < every - timedelta(minutes=1):
        return None
    info = create_backup(cur, actor=Actor.system("scheduler"), folder=settings.backups, kind=AUTO)
    removed = prune(settings.backups, settings.backup_keep)
    log.info("automatic backup %s written (%d bytes); %d old removed", info.name, info.size, len(removed))
    return info


def schedule(settings: Settings) -> bool:
    """Register automatic backups with the app's scheduler (checked hourly, or more often for short intervals)."""
    if settings.backup_every_hours <= 0:
        scheduler.SCHEDULER.unregister_job(JOB_NAME)
        return False
    check = min(timedelta(hours=1), timedelta(hours=settings.backup_every_hours))
    scheduler.register_job(JOB_NAME, check, lambda cur: scheduled_backup(cur, settings), first_in=FIRST_CHECK_AFTER)
    return True


# ---- restore (the CLI, with the app stopped) ----

def backup_source(path: Path) -> Path:
    """The backup file `path` names: a backup file, a zip downloaded from Settings, or a folder (its newest)."""
    path = Path(path)
    if path.is_dir():
        found = _all(path)
        if not found:
            raise NotFound(key="error.backup_none_in", folder=str(path))
        return found[0].path
    if not path.is_file():
        raise NotFound(key="error.backup_not_found", name=str(path))
    return path


def restore(source: Path, target: Path, *, force: bool, actor: Actor) -> dict[str, object]:
    """Replace the database `target` by the backup `source`, all or nothing.

    Refuses while another process (the app) holds `target`, and an existing `target` without `force`.
    The new database is built next to `target` (`<name>.restore`), checked, brought up to this
    version's schema, its restore logged as `actor`, then moved into place in one rename.
    """
    source = backup_source(source)
    target = Path(target)
    if target.exists():
        if not force:
            raise AlreadyExists(key="error.restore_exists", path=str(target))
        if db.holds_lock(target):
            raise DatabaseLocked(path=str(target))
    building = target.with_name(target.name + ".restore")
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=target.parent if target.parent.exists() else None))
    try:
        for stale in (building, Path(f"{building}.wal")):
            stale.unlink(missing_ok=True)
        if zipfile.is_zipfile(source):
            with zipfile.ZipFile(source) as archive:
                members = [m for m in archive.namelist() if m.endswith(".duckdb") and "/" not in m and "\\" not in m]
                if len(members) != 1:
                    raise JtwgError(key="error.backup_zip", name=source.name)
                archive.extract(members[0], work)
                source = work / members[0]
        shutil.copyfile(source, building)
        building.chmod(0o600)
        conn = db.connect(building)   # refuses a damaged file or one of a newer version; migrates an older one
        try:
            schema = db.applied_migrations(conn)[-1]
            with db.transaction(conn):
                log_change(conn, actor=actor, action="restore", entity="database", entity_id=None,
                           changes={"file": Path(source).name})
            db.checkpoint(conn)
        finally:
            conn.close()
        if target.exists() and db.holds_lock(target):   # the app was started meanwhile
            raise DatabaseLocked(path=str(target))
        Path(f"{target}.wal").unlink(missing_ok=True)
        os.replace(building, target)
    finally:
        for leftover in (building, Path(f"{building}.wal")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return {"source": source.name, "schema": schema}
