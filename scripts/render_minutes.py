"""Export the demo's reference meeting (the 4th) in en, fr and both, render each with LibreOffice, and write PNG pages to look at.

    python3 scripts/render_minutes.py [--profile restricted] [--out artifacts/minutes]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtwg import db, demo  # noqa: E402
from jtwg.services.exports import export_minutes  # noqa: E402
from jtwg.models import Actor  # noqa: E402
from jtwg.store import groups, meetings  # noqa: E402


def to_pdf(docx: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                       check=True, capture_output=True, timeout=180)
    return out_dir / (docx.stem + ".pdf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", choices=["internal", "restricted", "public"], default="restricted")
    parser.add_argument("--langs", nargs="*", default=["en", "fr", "both"])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "minutes")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    conn = db.connect(":memory:")
    demo.load_demo(conn, ROOT / "data" / "demo")
    group = groups.get_group(conn)
    meeting_id = meetings.meeting_id(conn, group_id=group.id, sequence_no=4)
    for lang in args.langs:
        result = export_minutes(conn, meeting_id=meeting_id, lang=lang, profile=args.profile, actor=Actor.system("render"))
        docx = args.out / result.filename
        docx.write_bytes(result.content)
        pdf = to_pdf(docx, args.out)
        subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), str(pdf), str(args.out / docx.stem)], check=True)
        print(docx, "->", sorted(p.name for p in args.out.glob(docx.stem + "-*.png")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
