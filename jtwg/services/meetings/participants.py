"""Participant lists from a CSV file or an Excel workbook, checked row by row before anything is saved."""

from __future__ import annotations

import csv
import io
import re
from pathlib import PurePath

from pydantic import ValidationError

from jtwg.errors import InvalidInput
from jtwg.excel.workbook import has_control, without_raw_controls
from jtwg.i18n import LANGS, country_name, t
from jtwg.models import AttendanceCreate, AttendanceMode, AttendanceRole
from jtwg.models.common import NON_PARTY_DELEGATIONS
from jtwg.services.search import fold
from jtwg.store import groups
from jtwg.store.records import Cursor
from jtwg.validation import problem_key

MAX_ROWS = 2000
MAX_BYTES = 5_000_000

# Column headers accepted in English or French (compared without accents or case).
COLUMNS = {
    "person": ("person", "person_ref", "ref", "personne", "reference"),
    "name": ("name", "full_name", "participant", "nom", "nom_complet"),
    "organisation": ("organisation", "organization", "org", "agency", "structure", "institution"),
    "delegation": ("delegation",),
    "role": ("role", "fonction_reunion"),
    "represented_by": ("represented_by", "represente_par", "representee_par", "representative"),
    "mode": ("mode", "attendance_mode", "modalite", "participation"),
    # Contact details, saved to the person (jtwg.services.mail.contacts.import_contacts).
    "email": ("email", "e_mail", "courriel", "mail", "adresse_electronique"),
    "language": ("language", "preferred_language", "langue", "langue_preferee"),
}


def _header(name: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(str(name or "")).strip()).strip("_")


def read_table(filename: str, content: bytes) -> list[dict[str, str]]:
    """Rows of a .csv (comma or semicolon, UTF-8) or .xlsx file, keyed by our column names."""
    if len(content) > MAX_BYTES:
        raise InvalidInput([("file", "invalid.file_too_large", {"max": "5 MB"})])
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput([("file", "invalid.not_utf8", {})]) from None
        dialect = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            pass
        table = [row for row in csv.reader(io.StringIO(text), dialect)]
        marked = False
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        content, marked = without_raw_controls(content)   # raw control bytes would stop the XML parser
        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            table = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            book.close()
        except Exception:  # noqa: BLE001 - any unreadable workbook gets the same clear message
            raise InvalidInput([("file", "invalid.not_a_workbook", {})]) from None
    else:
        raise InvalidInput([("file", "invalid.file_type", {"types": ".csv, .xlsx"})])
    _refuse_control_characters(table, marked)
    table = [row for row in table if any(str(v).strip() for v in row)]
    if not table:
        raise InvalidInput([("file", "invalid.empty_file", {})])
    if len(table) - 1 > MAX_ROWS:
        raise InvalidInput([("file", "invalid.too_many_rows", {"max": MAX_ROWS})])
    aliases = {alias: column for column, names in COLUMNS.items() for alias in names}
    headers = [aliases.get(_header(h)) for h in table[0]]
    if "delegation" not in headers or not ({"person", "name", "organisation"} & set(headers)):
        raise InvalidInput([("file", "invalid.participant_headers", {})])
    return [{h: str(v).strip() for h, v in zip(headers, row) if h} for row in table[1:]]


def _refuse_control_characters(table: list[list[str]], marked: bool) -> None:
    """Invisible control characters (a NUL byte...) are refused, each named by its row and column."""
    header = table[0] if table else []
    problems = []
    for number, row in enumerate(table, start=1):
        for index, value in enumerate(row):
            if has_control(value, marked):
                column = str(header[index]).strip() if index < len(header) and not has_control(header[index], marked) \
                    else str(index + 1)
                problems.append((f"#{number} {column}", "invalid.control_character", {}))
    if problems:
        raise InvalidInput(problems, key="error.participant_rows", count=len({p[0].split()[0] for p in problems}))


def _forms(text: str) -> set[str]:
    """Spellings a label stands for: "Participant(e)" -> participant, participante; "a/b" -> a, b."""
    forms = set()
    for part in fold(text).split("/"):
        forms.add(re.sub(r"\(([a-z]+)\)", "", part))
        forms.add(re.sub(r"\(([a-z]+)\)", r"\1", part))
    return {re.sub(r"[^a-z0-9]+", "_", f).strip("_") for f in forms}


def _choice(value: str, enum, *, default):
    """An enum value from its code or its English/French label (any case, accents optional)."""
    if not value:
        return default
    wanted = re.sub(r"[^a-z0-9]+", "_", fold(value)).strip("_")
    for member in enum:
        names = {member.value}
        for lang in LANGS:
            names |= _forms(t(f"enum.{enum.__name__}.{member.value}", lang))
        if wanted in names:
            return member
    raise ValueError("bad_choice")


def _delegation(value: str) -> str:
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    wanted = fold(value)
    for code in NON_PARTY_DELEGATIONS:
        if wanted in {code, *(fold(t(f"enum.Delegation.{code}", lang)) for lang in LANGS)}:
            return code
    for code in ("NE", "NG", "BJ", "TD", "CM", "ML", "BF"):
        if wanted in {fold(country_name(code, lang)) for lang in LANGS}:
            return code
    raise ValueError("bad_choice")


def parse_participants(cur: Cursor, rows: list[dict[str, str]]) -> list[AttendanceCreate]:
    """Check every row; raise InvalidInput listing every problem with its row number, or return all records."""
    people = {p.ref for p in groups.list_people(cur)}
    orgs = {o.acronym for o in groups.list_organisations(cur)}
    problems: list[tuple[str, str, dict]] = []
    records: list[AttendanceCreate] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):   # row 1 holds the headers
        where = f"#{number}"
        bad = len(problems)
        values: dict[str, object] = {"display_name": row.get("name") or None}
        for column, field in (("person", "person_ref"), ("organisation", "org_acronym"),
                              ("represented_by", "represented_person_ref")):
            value = row.get(column, "")
            if not value:
                continue
            known = people if column != "organisation" else orgs
            if value not in known:
                problems.append((f"{where} {column}", "error.unknown_org" if column == "organisation" else "error.unknown_person",
                                 {"ref": value}))
            values[field] = value
        for column, parse in (("delegation", _delegation),
                              ("role", lambda v: _choice(v, AttendanceRole, default=AttendanceRole.PARTICIPANT)),
                              ("mode", lambda v: _choice(v, AttendanceMode, default=AttendanceMode.IN_PERSON))):
            try:
                values[column] = parse(row.get(column, ""))
            except ValueError:
                problems.append((f"{where} {column}", "invalid.bad_choice" if row.get(column) else "invalid.missing", {}))
        person = row.get("person")
        if person and person in seen:
            problems.append((f"{where} person", "error.attendee_twice", {"ref": person}))
        seen.add(person or f"row{number}")
        if len(problems) > bad:
            continue
        try:
            records.append(AttendanceCreate(**values))
        except ValidationError as exc:
            for error in exc.errors():
                key, params = problem_key(error)
                problems.append((where, key, params))
    if problems:
        raise InvalidInput(problems, key="error.participant_rows", count=len({p[0].split()[0] for p in problems}))
    return records
