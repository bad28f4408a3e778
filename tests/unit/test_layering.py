"""Meta-tests that keep the layers apart: SQL in the store, no store in the UI, streamlit only at the edge,
no import cycles, and every catalogue key built at run time enumerable and present.

Computed from the source (AST), like the catalogue test. Every check is strict: an import found anywhere in a
module (inside a function too) counts.
"""

from __future__ import annotations

import ast
import csv
import inspect
from enum import Enum
from pathlib import Path


from jtwg.config import PROJECT_ROOT

ROOT = PROJECT_ROOT
PACKAGE = ROOT / "jtwg"


def sources() -> list[Path]:
    """jtwg's modules, the pages and app.py."""
    return sorted([*PACKAGE.rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"])


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def module_name(path: Path) -> str | None:
    if not path.is_relative_to(PACKAGE):
        return None
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (top level or inside a function), as dotted names."""
    found: set[str] = set()
    own = module_name(path) or ""
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return found


def known_modules() -> dict[str, Path]:
    return {name: p for p in PACKAGE.rglob("*.py") if (name := module_name(p))}


def sql_outside_the_store() -> list[str]:
    allowed = (PACKAGE / "store", PACKAGE / "db.py")
    found = []
    for path in sources():
        if any(path == a or path.is_relative_to(a) for a in allowed):
            continue
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "execute":
                found.append(f"{rel(path)}:{node.lineno}")
    return found


def store_imports_in_the_ui() -> list[str]:
    paths = [*(PACKAGE / "ui").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    return [rel(p) for p in sorted(paths) if any(m == "jtwg.store" or m.startswith("jtwg.store.")
                                                 for m in imported_modules(p))]


def streamlit_outside_the_edge() -> list[str]:
    edge = (PACKAGE / "ui",)
    return [rel(p) for p in PACKAGE.rglob("*.py")
            if not any(p.is_relative_to(e) for e in edge)
            and any(m == "streamlit" or m.startswith("streamlit.") for m in imported_modules(p))]


def import_cycles() -> list[list[str]]:
    """Strongly connected groups of jtwg modules that import each other (Tarjan's algorithm)."""
    modules = known_modules()
    graph = {name: sorted({m for m in imported_modules(path) if m in modules and m != name})
             for name, path in modules.items()}
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return cycles


def test_sql_only_in_the_store():
    assert sql_outside_the_store() == []


def test_ui_and_pages_never_import_the_store():
    assert store_imports_in_the_ui() == []


def test_streamlit_only_at_the_edge():
    assert streamlit_outside_the_edge() == []


def test_no_import_cycles():
    assert import_cycles() == []


def test_the_checks_see_what_they_look_for(tmp_path):
    """The scanners are not blind: auth and context are apart, the store has SQL, the pages import jtwg.ui."""
    assert any(rel(p) == "jtwg/store/users.py" for p in PACKAGE.rglob("*.py"))
    assert "jtwg.ui.context" not in imported_modules(PACKAGE / "ui" / "auth.py")
    assert "jtwg.ui.auth" in imported_modules(PACKAGE / "ui" / "context.py")
    assert "jtwg.ui.context" in imported_modules(ROOT / "pages" / "settings.py")
    assert "jtwg.store.records" in imported_modules(PACKAGE / "store" / "users.py")


# ---------------------------------------------------------------- catalogue keys built at run time

TRANSLATE = {"t"}


def _pattern(node: ast.expr) -> str | None:
    """'overview.period_{}' for t(f"overview.period_{p}") or t("overview.period_" + p); None for a plain key."""
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _pattern(node.left), _pattern(node.right)
        left = left if left is not None else (node.left.value if isinstance(node.left, ast.Constant) else "{}")
        right = right if right is not None else (node.right.value if isinstance(node.right, ast.Constant) else "{}")
        return left + right
    return None


def dynamic_keys() -> dict[str, list[str]]:
    """Every key pattern built at run time, with where it is built."""
    found: dict[str, list[str]] = {}
    for path in sources():
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if name in TRANSLATE:
                    pattern = _pattern(node.args[0])
                    if pattern is not None and "{}" in pattern:
                        found.setdefault(pattern, []).append(f"{rel(path)}:{node.lineno}")
    return found


def _enum_members() -> list[tuple[str, str]]:
    """The enums label() is given: every enum of jtwg.models, and the export profile."""
    import jtwg.models as models
    from jtwg.services.redaction import ExportProfile

    enums = [obj for _, obj in inspect.getmembers(models, inspect.isclass)
             if issubclass(obj, Enum) and obj.__module__.startswith("jtwg")]
    return [(e.__name__, m.value) for e in {*enums, ExportProfile} for m in e]


def _values() -> dict[str, list[tuple[str, ...]]]:
    """How each run-time key is enumerated: the values its placeholders can take, from the code that uses them."""
    from jtwg.excel.importer import CHANGED, NEW, UNCHANGED
    from jtwg.export.brief import BRIEF_LANGS
    from jtwg.export.minutes_doc import GENDER_FORMS as WORD_GENDERS
    from jtwg.i18n import LANGS
    from jtwg.models import AttendanceRole, DecisionType, LinkedOnDelete
    from jtwg.models.common import NON_PARTY_DELEGATIONS
    from jtwg.services.backups import AUTO, MANUAL
    from jtwg.services.mail import circulation
    from jtwg.services.mail import outbox
    from jtwg.services.mail.config import TLS_MODES
    from jtwg.services.mail.reminders import SKIP_REASONS
    from jtwg.services.overview import PERIODS
    from jtwg.services.redaction import ExportProfile, FindingKind
    from jtwg.services.translation.engines import ENGINES
    from jtwg.services.translation.generation import GENDER_FORMS as GEN_GENDERS
    from jtwg.services.translation.generation import ROLES
    from jtwg.services.translation.texts import PARTS
    from jtwg.store.links import KINDS

    one = lambda values: [(str(v),) for v in values]  # noqa: E731
    langs = ["en", "fr", "both"]
    return {
        "enum.{}.{}": [(e, v) for e, v in _enum_members()],
        "enum.ExportProfile.{}": one(p.value for p in ExportProfile),
        "enum.Delegation.{}": one(NON_PARTY_DELEGATIONS),   # party delegations are named by country_name()
        "history.col_{}": one(["when", "who", "what", "from", "to", "note"]),
        "history.action.{}": one(["create", "update", "note", "delete"]),
        "actions.f_{}": one(["subcommittee", "delegation", "owner", "status", "meeting"]),
        "excel.state_{}": one([NEW, CHANGED, UNCHANGED]),
        "workplan.links_{}": one(v.value for v in (LinkedOnDelete.UNLINK, LinkedOnDelete.MOVE)),
        "mou.kind_{}": one(KINDS),
        "mou.edit_{}": one(["provisions", "commitments"]),
        "mou.log_{}": one(["create", "update", "delete", "link", "unlink", "note"]),
        "mou.view_{}": one(["provisions", "lookup", "links", "edit", "excel"]),
        "export_panel.profile_help.{}": one(p.value for p in ExportProfile),
        "export_panel.lang.{}": one(langs),
        "export.lang.{}": one(langs),
        "export.distribution.{}": one(p.value for p in ExportProfile),
        "redaction.finding.{}": one(k.value for k in FindingKind),
        "overview.period_{}": one(PERIODS),
        "overview.kind_{}": one(["action", "activity", "commitment"]),
        "brief.lang_{}": one(BRIEF_LANGS),
        "search.kind_{}": one(["meeting", "agenda_item", "minute_entry", "decision", "action_item"]),
        "cli.excel.export_{}": one(["workplan", "actions", "mou"]),
        "cli.excel.import_{}": one(["workplan", "actions", "mou"]),
        "versions.field_{}": one(["start_date", "end_date", "venue", "city", "host_country"]),
        "workspace.{}": one(["minutes", "plan", "agenda", "attendance", "drafting", "lifecycle"]),
        "export.decision_type.{}": one(d.value for d in DecisionType),
        "backup.kind_{}": one([MANUAL, AUTO]),
        "cli.remind.skipped.{}": one(SKIP_REASONS),
        "mail.skipped.{}": one(SKIP_REASONS),
        "forms.in_{}": one(LANGS),
        "gen.role.{}.{}": [(r, g) for r in ROLES for g in GEN_GENDERS],
        "word.role.{}.{}": [(r.value, g) for r in AttendanceRole for g in WORD_GENDERS],
        "word.represented_by.{}": one(WORD_GENDERS),
        "mail.circulation.profile.{}": one(p.value for p in ExportProfile),
        "mail.profile.{}": one(p.value for p in ExportProfile),
        "mail.lang.{}": one(LANGS),
        "mail.state.{}": one(outbox.STATES),
        "mail.kind.{}": one(outbox.KINDS),
        "mail.tls.{}": one(TLS_MODES),
        "mail.circulate_lang.{}": one(circulation.LANG_MODES),
        "review.part_{}": one(PARTS),
        "review.engine_{}": one(ENGINES),
    }


def catalogue() -> set[str]:
    with (PACKAGE / "messages.csv").open(encoding="utf-8") as f:
        return {row["key"] for row in csv.DictReader(f)}


def test_every_run_time_key_is_enumerable():
    """A key built at run time must say how it is enumerated (add its values to _values above)."""
    unregistered = {p: where for p, where in dynamic_keys().items() if p not in _values()}
    assert unregistered == {}


def test_every_run_time_key_exists():
    known, values = catalogue(), _values()
    missing = []
    for pattern in dynamic_keys():
        for args in values.get(pattern, []):
            key = pattern.format(*args)
            if key not in known:
                missing.append(key)
    assert sorted(set(missing)) == []
