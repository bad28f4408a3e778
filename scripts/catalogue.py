"""Add messages to jtwg/messages.csv with French spacing applied, or list keys missing from it.

    python scripts/catalogue.py add KEY "English text" "Texte français"
    python scripts/catalogue.py add-many < rows.csv      (key,en,fr rows, no header)
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtwg.i18n import fr_typography  # noqa: E402

CATALOGUE = ROOT / "jtwg" / "messages.csv"


def existing_keys() -> set[str]:
    with CATALOGUE.open(encoding="utf-8") as f:
        return {row["key"] for row in csv.DictReader(f)}


def add(rows: list[tuple[str, str, str]]) -> int:
    keys = existing_keys()
    clashes = [k for k, _, _ in rows if k in keys]
    if clashes:
        print(f"already in the catalogue: {', '.join(clashes)}", file=sys.stderr)
        return 1
    text = CATALOGUE.read_text(encoding="utf-8")
    with CATALOGUE.open("a", encoding="utf-8", newline="") as f:
        if text and not text.endswith("\n"):
            f.write("\n")
        writer = csv.writer(f, lineterminator="\n")
        for key, en, fr in rows:
            writer.writerow([key, en, fr_typography(fr)])
    print(f"added {len(rows)} message(s)")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "add":
        return add([(argv[1], argv[2], argv[3])])
    if argv == ["add-many"]:
        return add([tuple(r) for r in csv.reader(sys.stdin) if r])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
