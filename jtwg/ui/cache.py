"""Service reads cached per data version and per reader: a rerun of a page reads figures again only after a write.

The key of a cached result is the service function, the database file, the data version (`jtwg.db.data_version`:
every committed write bumps it, so a write makes every cached result stale), what the reader may see (every
field of their `Actor`, whatever fields it gains, and the language) and the other arguments of the call.
A result computed for one reader is therefore only ever given to a reader who may see exactly the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import duckdb
import streamlit as st

from jtwg import db
from jtwg.config import load_settings
from jtwg.models import Actor

R = TypeVar("R")
MAX_ENTRIES = 64   # results kept per function: readers x filters x versions still in use


def reader_key(actor: Actor, lang: str) -> str:
    """What a reader may see: every field of the actor (role, delegation, sub-committees, any added later), the language."""
    return json.dumps({"actor": actor.model_dump(mode="json"), "lang": lang}, sort_keys=True, default=str)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _cached(function: str, database: str, version: int, reader: str, arguments: str, _fn, _cur, _kwargs):
    # The leading underscores keep the function, cursor and argument objects out of the hash: the key is the rest.
    return _fn(_cur, **_kwargs)


def cached_read(fn: Callable[..., R], cur: duckdb.DuckDBPyConnection, *, actor: Actor, lang: str, **kwargs) -> R:
    """`fn(cur, actor=actor, **kwargs)`, or the result of the same call by a reader who sees the same, at this data version."""
    version = db.data_version()   # read before the data: a write meanwhile only makes this result stale sooner
    arguments = repr(sorted(kwargs.items()))
    return _cached(f"{fn.__module__}.{fn.__qualname__}", str(load_settings().db_path), version, reader_key(actor, lang),
                   arguments, fn, cur, {"actor": actor, **kwargs})
