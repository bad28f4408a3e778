"""The `jtwg` command: parses arguments, calls services, prints one clear line on error (never a traceback)."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from dataclasses import dataclass, field

import jtwg.commands
from jtwg import __version__
from jtwg.config import load_settings
from jtwg.errors import JtwgError
from jtwg.i18n import norm_lang, t


class LazyChoices:
    """The choices of an option, read from the module that owns them only when argparse first needs them.

    `jtwg --help` registers every command but checks no option, so the command modules stay light to import:
    `LazyChoices("jtwg.export.brief", "BRIEF_LANGS")`; an enum's values with `values=True`. Give the option a
    `metavar`: argparse otherwise lists the choices when the option is added.
    """

    def __init__(self, module: str, name: str, *, values: bool = False) -> None:
        self._where, self._values, self._loaded = (module, name), values, None

    def _choices(self) -> tuple:
        if self._loaded is None:
            found = getattr(importlib.import_module(self._where[0]), self._where[1])
            self._loaded = tuple(x.value for x in found) if self._values else tuple(found)
        return self._loaded

    def __iter__(self):
        return iter(self._choices())

    def __contains__(self, value: object) -> bool:
        return value in self._choices()

    def __len__(self) -> int:
        return len(self._choices())


class CliUsageError(Exception):
    """Bad arguments; argparse's own exit is replaced so the message can be one translated line."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # noqa: D401 - argparse hook
        raise CliUsageError(message)


@dataclass
class CommandGroups:
    """Where command modules register: the top level, and parents such as `export` or `import`."""

    root: argparse._SubParsersAction
    lang: str
    parents: dict[str, argparse._SubParsersAction] = field(default_factory=dict)

    def under(self, name: str, help_key: str) -> argparse._SubParsersAction:
        """The sub-command list of parent command `name` (`jtwg export ...`), created on first use."""
        if name not in self.parents:
            parent = self.root.add_parser(name, help=t(help_key, self.lang))
            self.parents[name] = parent.add_subparsers(dest=f"{name}_command", required=True, parser_class=Parser)
        return self.parents[name]


def command_modules() -> list[str]:
    """Every module in jtwg.commands except shared ones ("_session"); each has register(groups)."""
    return sorted(m.name for m in pkgutil.iter_modules(jtwg.commands.__path__, "jtwg.commands.")
                  if not m.name.rsplit(".", 1)[1].startswith("_"))


def build_parser(lang: str) -> Parser:
    parser = Parser(prog="jtwg", description=t("cli.description", lang))
    parser.add_argument("--version", action="version", version=f"jtwg {__version__}")
    parser.add_argument("--lang", choices=["en", "fr"], default=lang, help=t("cli.lang", lang))
    parser.add_argument("--user", default=None, metavar="NAME", help=t("security.cli_user_option", lang))
    root = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    groups = CommandGroups(root=root, lang=lang)
    for name in command_modules():
        importlib.import_module(name).register(groups)
    return parser


def _lang_from(argv: list[str]) -> str:
    """The language asked for on the command line, read before parsing so help is translated too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return norm_lang(argv[i + 1])
        if arg.startswith("--lang="):
            return norm_lang(arg.split("=", 1)[1])
    return load_settings().default_lang


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = _lang_from(argv)
    try:
        args = build_parser(lang).parse_args(argv)
        return int(args.handler(args) or 0)
    except CliUsageError as exc:
        print(t("cli.usage_error", lang, message=str(exc)), file=sys.stderr)
        return 2
    except JtwgError as exc:
        print(t("cli.error", lang, message=exc.message(lang)), file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):   # Ctrl-C, or Ctrl-D at a prompt
        print(t("cli.interrupted", lang), file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: one line, no traceback
        if os.environ.get("JTWG_DEBUG"):
            raise
        from jtwg import db   # only here: `jtwg --help` must not load the database engine

        clear = db.translated(exc)   # a write that lost a race with another session
        if clear is not None:
            print(t("cli.error", lang, message=clear.message(lang)), file=sys.stderr)
            return 1
        print(t("cli.error", lang, message=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
