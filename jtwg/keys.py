"""Installation keys: random secrets created once per installation, kept outside the repository and the database.

A key lives in `<key dir>/<name>.key`, readable by the app's user only (mode 0600, folder 0700). The folder
is `JTWG_KEY_DIR`, by default `$XDG_CONFIG_HOME/jtwg/keys` (`~/.config/jtwg/keys`): not in the source tree,
and not beside the database, so a copy or backup of the data never carries the keys that sign its sessions.
Features that need a secret (the session cookie, digests of protected-case aliases) ask for one by name.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

from jtwg.errors import JtwgError

KEY_BYTES = 32
KEY_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$")


class KeyFileError(JtwgError):
    key = "keys.unusable"


def key_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    configured = env.get("JTWG_KEY_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    base = env.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(base) / "jtwg" / "keys"


def installation_key(name: str, *, environ: dict[str, str] | None = None) -> bytes:
    """The installation's key called `name` (32 random bytes), created on first use."""
    if not KEY_NAME.match(name):
        raise ValueError(f"bad key name {name!r}")
    folder = key_dir(environ)
    path = folder / f"{name}.key"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            _create(path)
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)   # readable by the app's user only, whatever made it
        value = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as exc:
        raise KeyFileError(str(exc), path=str(path)) from exc
    if len(value) < KEY_BYTES:
        raise KeyFileError("key too short", path=str(path))
    return value


def _create(path: Path) -> None:
    """Write a new key next to `path`, then link it into place: two processes starting at once agree on one key."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(KEY_BYTES) + "\n")
        os.chmod(temp, 0o600)
        try:
            os.link(temp, path)
        except FileExistsError:
            pass   # another process made it first: use theirs
    finally:
        os.unlink(temp)
