"""Readable exceptions raised by the library; each carries a catalogue key so every edge can translate it."""

from __future__ import annotations


class JtwgError(Exception):
    """Base class: `key` names a message in the catalogue, `params` fill it in."""

    key = "error.generic"

    def __init__(self, detail: str = "", *, key: str | None = None, **params: object) -> None:
        self.key = key or self.key
        self.params = params
        self.detail = detail
        super().__init__(detail or self.key)

    def message(self, lang: str) -> str:
        """The message in `lang`, ready to show to a user."""
        from jtwg.i18n import t

        return t(self.key, lang, **self.params)


class NotFound(JtwgError):
    key = "error.not_found"


class AlreadyExists(JtwgError):
    key = "error.already_exists"


class InvalidInput(JtwgError):
    """Input that failed validation; `problems` lists (field, message key, params) per problem."""

    key = "error.invalid_input"

    def __init__(self, problems: list[tuple[str, str, dict]] | None = None, **kw: object) -> None:
        self.problems = problems or []
        super().__init__(**kw)

    def message(self, lang: str) -> str:
        """The headline, then each problem ("field: what is wrong"), on one line."""
        from jtwg.i18n import t

        parts = [t(key, lang, **params) for _, key, params in self.problems]
        head = super().message(lang)
        return f"{head} {'; '.join(parts)}" if parts else head


class InvalidTransition(JtwgError):
    key = "error.invalid_transition"


class StaleVersion(JtwgError):
    key = "error.stale_version"


class PermissionDenied(JtwgError):
    key = "error.permission_denied"


class DatabaseLocked(JtwgError):
    key = "error.database_locked"


class StillReferenced(JtwgError):
    key = "error.still_referenced"


class DatabaseDamaged(JtwgError):
    """The file is not a DuckDB database, is truncated, or is a DuckDB file of something else."""

    key = "error.database_damaged"


class DatabaseTooNew(JtwgError):
    """The file's schema has migrations this version does not know: written by a newer jtwg."""

    key = "error.database_too_new"
