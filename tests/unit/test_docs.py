"""The README stays true: its two set-up commands exist in the Makefile, CI calls the test one, its layout matches."""

import re

from jtwg.config import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")


def test_readme_has_exactly_two_setup_commands():
    section = README.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    assert commands == ["make run", "make test"]
    for target in ("run", "test"):
        assert re.search(rf"^{target}:", MAKEFILE, re.M)


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test( |$)", ci, re.M)


def test_layout_names_only_what_exists():
    layout = README.split("## Layout", 1)[1]
    block = re.search(r"```\n(.*?)```", layout, re.S).group(1)
    checked, base = [], PROJECT_ROOT
    for line in block.splitlines():
        m = re.match(r"^(\s*)([\w./-]+/?)(?:,\s*([\w./-]+/?))?(\s{2,}|$)", line)
        if not m:
            continue
        indent, name, second = m.group(1), m.group(2), m.group(3)
        if not indent:
            base = PROJECT_ROOT / name if name.endswith("/") else PROJECT_ROOT
            path = PROJECT_ROOT / name
        else:
            path = base / name
        for candidate in [path] + ([base / second] if second else []):
            assert candidate.exists(), candidate
            checked.append(candidate)
    assert len(checked) > 15
