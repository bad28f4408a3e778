"""Opening a DuckDB database and bringing it up to date with named schema migrations."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path

import duckdb

from jtwg.errors import AlreadyExists, DatabaseDamaged, DatabaseLocked, DatabaseTooNew, JtwgError, StaleVersion

MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def migrations() -> list[tuple[str, str]]:
    """(name, sql) for every migration shipped in jtwg/migrations, in order of their number."""
    folder = resources.files("jtwg") / "migrations"
    found = []
    for entry in folder.iterdir():
        if MIGRATION_NAME.match(entry.name):
            found.append((entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8")))
    return sorted(found)


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database at `path` and apply pending migrations.

    Raises DatabaseLocked (another process has it open), DatabaseDamaged (not a jtwg database, or a
    truncated or corrupt file) or DatabaseTooNew (written by a newer version): each a clear message.
    """
    target = str(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc).lower()
        if "lock" in text:
            raise DatabaseLocked(str(exc), path=target) from exc
        if _DAMAGED.search(text):
            raise DatabaseDamaged(str(exc), path=target) from exc
        raise JtwgError(str(exc), key="error.database_open", path=target) from exc
    except duckdb.Error as exc:   # e.g. a checksum error while replaying a damaged write-ahead log
        raise DatabaseDamaged(str(exc), path=target) from exc
    try:
        check_schema(conn, target)
        if not read_only:
            migrate(conn)
    except JtwgError:
        conn.close()
        raise
    except duckdb.Error as exc:
        conn.close()
        if _DAMAGED.search(str(exc).lower()):
            raise DatabaseDamaged(str(exc), path=target) from exc
        raise
    return conn


# What DuckDB says about a file that is not a database, is cut short or has a bad block.
_DAMAGED = re.compile(r"not a valid duckdb database|could not read enough bytes|corrupt|checksum|"
                      r"invalid .*(header|magic)|unexpected end|serializ")


def check_schema(conn: duckdb.DuckDBPyConnection, path: str = "",
                 available: list[tuple[str, str]] | None = None) -> None:
    """Refuse a file this version cannot work on: another program's database, or a newer jtwg's.

    An empty file is fine (it is about to be created). A file with tables but no migration record is
    not a jtwg database; a file that records migrations this version does not ship was written by a
    newer version, and opening it would fail later with errors about missing tables or columns.
    """
    done = applied_migrations(conn)
    if not done:
        tables = conn.execute("SELECT count(*) FROM information_schema.tables "
                              "WHERE table_name <> 'schema_migration'").fetchone()[0]
        if tables:
            raise DatabaseDamaged("no schema_migration table", path=path)
        return
    known = {name for name, _ in (migrations() if available is None else available)}
    unknown = sorted(set(done) - known)
    if unknown:
        raise DatabaseTooNew(path=path, unknown=", ".join(unknown), latest=max(known) if known else "—")


def checkpoint(conn: duckdb.DuckDBPyConnection) -> None:
    """Write everything still in the write-ahead log into the database file."""
    conn.execute("CHECKPOINT")


def applied_migrations(conn: duckdb.DuckDBPyConnection) -> list[str]:
    exists = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migration'"
    ).fetchone()[0]
    if not exists:
        return []
    return [row[0] for row in conn.execute("SELECT name FROM schema_migration ORDER BY name").fetchall()]


def migrate(conn: duckdb.DuckDBPyConnection, available: list[tuple[str, str]] | None = None) -> list[str]:
    """Apply every migration not yet recorded, each in its own transaction; return their names.

    `available` defaults to the migrations shipped with this version (tests pass their own).
    """
    check_schema(conn, available=available)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration ("
        " name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    done = set(applied_migrations(conn))
    newly = []
    for name, sql in migrations() if available is None else available:
        if name in done:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migration (name) VALUES (?)", [name])
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        newly.append(name)
    return newly


# Cursors with a transaction opened by `transaction` (a failed BEGIN would abort DuckDB's own).
_OPEN_TRANSACTIONS: set[int] = set()

# The data version: a counter of this process's committed writes, bumped when a transaction commits (and by the
# store's insert/update/delete helpers, for a write made outside one). Caches of reads are keyed on it, so a
# write makes every cached read stale. One process writes a database file at a time (DuckDB locks the file).
_DATA_VERSION = 0
_DATA_VERSION_LOCK = threading.Lock()


def data_version() -> int:
    """The number of writes committed by this process so far (read it before reading the data it keys)."""
    return _DATA_VERSION


def bump_data_version() -> None:
    global _DATA_VERSION
    with _DATA_VERSION_LOCK:
        _DATA_VERSION += 1


def translated(exc: BaseException) -> BaseException | None:
    """The project's error for a DuckDB error two writers can cause at once, or None for any other error.

    Two sessions saving the same row: the later one fails with "Conflict on update" (a TransactionException)
    -> StaleVersion, "someone else saved this, reload". Two sessions creating the same new code: a duplicate
    key (a ConstraintException) -> AlreadyExists, "this code exists". Either way nothing was written.
    """
    if not isinstance(exc, (duckdb.TransactionException, duckdb.ConstraintException)):
        return None
    text = str(exc).lower()
    if "duplicate key" in text:   # at the insert, or at the commit of the later of two inserts
        return AlreadyExists(str(exc), key="security.code_exists")
    if isinstance(exc, duckdb.TransactionException) and "conflict" in text:
        return StaleVersion(str(exc))
    return None


@contextmanager
def transaction(cur: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing: commit when the block ends, roll back if it raises.

    Inside an open transaction it joins it, so service functions compose into one larger unit
    (an import, the demo load) that still commits or rolls back as a whole. A write that lost a race
    with another session comes out as StaleVersion or AlreadyExists (see `translated`), never as a raw
    DuckDB error.
    """
    key = id(cur)
    if key in _OPEN_TRANSACTIONS:
        yield cur
        return
    cur.execute("BEGIN TRANSACTION")
    _OPEN_TRANSACTIONS.add(key)
    try:
        try:
            yield cur
        except BaseException as exc:
            _rollback(cur)
            clear = translated(exc)
            if clear is not None:
                raise clear from exc
            raise
        try:
            cur.execute("COMMIT")
        except duckdb.Error as exc:
            _rollback(cur)
            clear = translated(exc)
            if clear is not None:
                raise clear from exc
            raise
        bump_data_version()
    finally:
        _OPEN_TRANSACTIONS.discard(key)


def copy_database(cur: duckdb.DuckDBPyConnection, target: str | Path) -> None:
    """Write a consistent copy of the open database into a new file `target`, from inside this process.

    `COPY FROM DATABASE` runs in one transaction on its own cursor: it reads one snapshot (saves still
    in the write-ahead log included, saves made meanwhile by other cursors excluded), copies the schema
    (types, sequences with their current values, constraints) and every row, and checkpoints the copy
    so it is one self-contained file. A copy of the .duckdb file alone can miss what is in the .wal.
    """
    source = cur.execute("SELECT current_database()").fetchone()[0]
    alias = f"backup_{uuid.uuid4().hex[:12]}"
    copier = cur.cursor()
    try:
        copier.execute(f"ATTACH '{_quoted(target)}' AS {alias}")
        try:
            copier.execute("BEGIN TRANSACTION")
            copier.execute(f'COPY FROM DATABASE "{source}" TO {alias}')
            copier.execute("COMMIT")
            copier.execute(f"CHECKPOINT {alias}")
        except BaseException:
            with suppress(duckdb.Error):
                copier.execute("ROLLBACK")
            raise
        finally:
            copier.execute(f"DETACH {alias}")
    finally:
        copier.close()


def _quoted(path: str | Path) -> str:
    return str(path).replace("'", "''")


def holds_lock(path: str | Path) -> bool:
    """Whether another process has the database file open (the running app): it then cannot be replaced."""
    try:
        duckdb.connect(str(path)).close()
    except duckdb.Error as exc:
        return "lock" in str(exc).lower()
    return False


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:
        pass   # DuckDB already ended a transaction that failed to commit
