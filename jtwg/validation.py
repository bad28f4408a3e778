"""Turn pydantic validation errors into readable, translated messages (one per problem)."""

from __future__ import annotations

from pydantic import ValidationError

from jtwg.i18n import t

# pydantic error types -> catalogue keys (our own rule codes come through as value_error messages).
_TYPE_KEYS = {
    "missing": "invalid.missing",
    "string_too_long": "invalid.too_long",
    "too_long": "invalid.too_long",
    "string_too_short": "invalid.too_short",
    "too_short": "invalid.too_short",
    "int_parsing": "invalid.not_a_number",
    "float_parsing": "invalid.not_a_number",
    "decimal_parsing": "invalid.not_a_number",
    "int_from_float": "invalid.not_a_number",
    "date_from_datetime_parsing": "invalid.not_a_date",
    "date_parsing": "invalid.not_a_date",
    "date_type": "invalid.not_a_date",
    "greater_than_equal": "invalid.out_of_range",
    "less_than_equal": "invalid.out_of_range",
    "greater_than": "invalid.out_of_range",
    "less_than": "invalid.out_of_range",
    "decimal_max_digits": "invalid.out_of_range",
    "decimal_max_places": "invalid.out_of_range",
    "string_pattern_mismatch": "invalid.bad_format",
    "enum": "invalid.bad_choice",
    "literal_error": "invalid.bad_choice",
}


def problem_key(error: dict) -> tuple[str, dict]:
    """The catalogue key and parameters describing one pydantic error."""
    kind = error.get("type", "")
    if kind == "value_error":
        code = str(error.get("ctx", {}).get("error", "")).strip()
        key = f"invalid.{code}"
        return key, {}
    ctx = error.get("ctx", {}) or {}
    return _TYPE_KEYS.get(kind, "invalid.other"), {"max": ctx.get("max_length", "")}


def describe(exc: ValidationError, lang: str, labels: dict[str, str] | None = None) -> list[str]:
    """One line per problem: "<field>: <what is wrong>", in `lang`."""
    labels = labels or {}
    lines = []
    for error in exc.errors():
        key, params = problem_key(error)
        message = t(key, lang, **params)
        if message == key:  # a rule code the catalogue does not know
            message = t("invalid.other", lang)
        loc = [str(p) for p in error.get("loc", ()) if not str(p).isdigit()]
        field = labels.get(loc[0], loc[0]) if loc else ""
        lines.append(t("invalid.field", lang, field=field, message=message) if field else message)
    return lines
