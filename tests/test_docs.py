"""The README and docs/ stay true: the layout tree is generated, and every ``tarjima ...``
command they show exists, with its options, and can be run as written."""

from __future__ import annotations

import importlib.util
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer

from publisher.cli import app

REPO = Path(__file__).resolve().parent.parent
DOCS = sorted([REPO / "README.md", *(REPO / "docs").glob("*.md")])
ACTIVATE = re.compile(r"^(source|\.) \.venv/bin/activate\b")
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```", re.M | re.S)
SHELL = {"bash", "sh", "shell", "console"}
SPAN = re.compile(r"`([^`]+)`")


def _layout() -> ModuleType:
    spec = importlib.util.spec_from_file_location("layout", REPO / "scripts" / "layout.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


layout = _layout()


def test_the_layout_section_is_what_the_generator_writes() -> None:
    document = (REPO / layout.DOC).read_text(encoding="utf-8")
    assert layout.current_section(document) == layout.render(), (
        f"{layout.DOC}: the layout section is out of date; run {layout.REGENERATE}"
    )


def test_the_generator_reads_packages_and_docstrings_from_the_files(tmp_path: Path) -> None:
    core = tmp_path / "pkg" / "core"
    core.mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text('"""The package: its first line."""\n')
    (core / "__init__.py").write_text('"""Pure code.\n\nMore, not shown."""\n')
    (core / "rules.py").write_text('"""Rules of news text. Second sentence."""\nX = 1\n')
    (core / "bare.py").write_text("X = 1\n")
    (tmp_path / "pkg" / "templates").mkdir()
    (tmp_path / "pkg" / "templates" / "page.html").write_text("<p>")
    lines = layout.render(tmp_path, ("pkg",)).splitlines()
    assert lines[0] == "```text" and lines[-1] == "```"
    assert [line.split()[0] for line in lines[1:-1]] == [
        "pkg/",
        "core/",
        "bare.py",
        "rules.py",
        "templates/",
    ]
    assert lines[1].endswith("The package: its first line.")
    assert lines[2].startswith("  core/") and lines[2].endswith("Pure code.")
    assert lines[4].startswith("    rules.py") and lines[4].endswith("Rules of news text.")


def test_write_replaces_only_the_section() -> None:
    document = f"intro\n{layout.BEGIN}\nold\n{layout.END}\noutro\n"
    updated = layout.replace_section(document, "new\n")
    assert updated == f"intro\n{layout.BEGIN}\nnew\n{layout.END}\noutro\n"
    assert layout.current_section(updated) == "new\n"


@dataclass(frozen=True)
class Shown:
    """One ``tarjima`` command as a document shows it."""

    where: str
    words: list[str]
    bare: bool  # starts a code-block line as plain ``tarjima``
    activated: bool  # an earlier line of its code block activates .venv


def _words(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=True)
    except ValueError:  # an unbalanced quote in prose: whitespace is enough here
        return line.split("#", 1)[0].split()


def _from(words: list[str]) -> list[str] | None:
    """The words from the ``tarjima`` command on, or None when there is none."""
    for index, word in enumerate(words):
        if word in ("tarjima", ".venv/bin/tarjima"):
            return words[index:]
    return None


def _shown(path: Path, name: str = "") -> Iterator[Shown]:
    text = path.read_text(encoding="utf-8")
    name = name or path.relative_to(REPO).as_posix()
    for block in FENCE.finditer(text):
        if block.group(1).strip() not in SHELL:
            continue  # a tree, a table, a transcript: not commands to run
        activated = False
        for offset, line in enumerate(block.group(2).splitlines()):
            activated = activated or bool(ACTIVATE.match(line))
            words = _from(_words(line))
            if words is not None:
                where = f"{name}:{text.count(chr(10), 0, block.start(2)) + offset + 1}"
                bare = line.lstrip().startswith("tarjima ")
                yield Shown(where, words, bare, activated)
    prose = FENCE.sub("", text)
    for span in SPAN.finditer(prose):
        words = _words(" ".join(span.group(1).split()))
        if words and words[0] in ("tarjima", ".venv/bin/tarjima"):
            yield Shown(f"{name}: `{span.group(1)}`", words, bare=False, activated=True)


SHOWN = [shown for path in DOCS for shown in _shown(path)]


def _options(command: Any) -> set[str]:
    names = {"--help"}
    for param in command.params:
        names.update(param.opts + param.secondary_opts)
    return names


def _problem(words: list[str]) -> str | None:
    """Why ``words`` (``tarjima`` and what follows) is not a command, or None."""
    # Typer 0.2x carries its own copy of click: groups are told by their `commands`.
    command: Any = typer.main.get_command(app)
    path = ["tarjima"]
    for word in (w.strip("[]") for w in words[1:]):
        if hasattr(command, "commands") and not word.startswith("-"):
            names = word.split("|")
            missing = [n for n in names if n not in command.commands]
            if missing:
                return f"{' '.join(path)} has no command {missing[0]!r}"
            if len(names) > 1:
                return None  # `tarjima tm export|import`: alternatives, each checked
            command = command.commands[names[0]]
            path.append(names[0])
        elif word.startswith("-") and word.split("=", 1)[0] not in _options(command):
            return f"{' '.join(path)} has no option {word.split('=', 1)[0]!r}"
    return None


def test_the_docs_show_tarjima_commands() -> None:
    assert len(SHOWN) > 50
    assert {shown.where.split(":")[0] for shown in SHOWN} >= {
        "README.md",
        "docs/user-guide.md",
        "docs/operations.md",
    }


@pytest.mark.parametrize("shown", SHOWN, ids=lambda shown: shown.where)
def test_every_tarjima_command_shown_exists(shown: Shown) -> None:
    problem = _problem(shown.words)
    assert problem is None, f"{shown.where}: {' '.join(shown.words)}: {problem}"


def test_every_command_in_a_code_block_runs_as_written() -> None:
    """`tarjima` is on PATH only in an activated .venv: a code block either writes
    `.venv/bin/tarjima` or activates .venv on an earlier line."""
    unrunnable = [shown.where for shown in SHOWN if shown.bare and not shown.activated]
    assert not unrunnable, (
        "bare `tarjima` without `source .venv/bin/activate` earlier in its code block "
        f"(write .venv/bin/tarjima, or activate first): {unrunnable}"
    )


def test_a_bare_command_without_activation_is_caught(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Run `tarjima serve`.\n\n```bash\ntarjima models list\nsource .venv/bin/activate\n"
        "tarjima serve   # now on PATH\n.venv/bin/tarjima status\n```\n\n"
        "```text\ntarjima command: not a command line\n```\n"
    )
    found = [(s.where, s.words[1], s.bare, s.activated) for s in _shown(page, "page.md")]
    assert found == [
        ("page.md:4", "models", True, False),
        ("page.md:6", "serve", True, True),
        ("page.md:7", "status", False, True),
        ("page.md: `tarjima serve`", "serve", False, True),
    ]


def test_a_wrong_command_or_option_is_caught() -> None:
    assert _problem(["tarjima", "models", "list"]) is None
    assert _problem(["tarjima", "xliff", "export|import"]) is None
    assert _problem(["tarjima", "publish", "a.txt", "--to", "ru", "--wait"]) is None
    assert _problem(["tarjima", "modles", "list"]) == "tarjima has no command 'modles'"
    assert _problem(["tarjima", "models", "fetch"]) == "tarjima models has no command 'fetch'"
    wrong_option = _problem(["tarjima", "publish", "--too", "ru"])
    assert wrong_option == "tarjima publish has no option '--too'"


def test_links_between_the_docs_lead_to_files() -> None:
    broken = []
    for path in DOCS:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if "://" not in target and not (path.parent / target).exists():
                broken.append(f"{path.relative_to(REPO)} -> {target}")
    assert not broken


def test_files_the_docs_name_exist() -> None:
    """A module moved or renamed leaves no stale path behind in the README or docs/."""
    named = re.compile(r"`((?:publisher|worker|tests|bench|scripts|docs|locales)/[^`\s:]*)`")
    stale = [
        f"{path.relative_to(REPO)}: {found}"
        for path in DOCS
        for found in named.findall(path.read_text(encoding="utf-8"))
        if "<" not in found and "*" not in found and not (REPO / found).exists()
    ]
    assert not stale, stale
