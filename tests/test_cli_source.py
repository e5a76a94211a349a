"""`civic-quiz source add` and `civic-quiz new`: what they write, what they print, and the
bad input that changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from game.cli import main
from game.kinds import names
from tests.conftest import REPO

ARTICLES = REPO / "tests" / "data" / "articles"
SEED = ARTICLES / "dw-nato-copied-from-browser.txt"
PAGE = ARTICLES / "council-vote.html"
NATO_SOURCE = REPO / "questions" / "sources" / "nato-us-europe-2016.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


PACK = """\
# The teacher's pack: this comment, the order and the quoting stay as they are.
format: civic-quiz/1
id: night-bus
title: 'Night bus'
authors: [Ada]
questions:
  - id: q1
    type: truefalse
    prompt: The council voted to keep the night bus.
    answer: true
    explanation: It voted nineteen to twelve.
"""


def test_source_add_a_page_to_a_pack_prints_what_it_found_and_edits_only_the_new_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "night-bus.yaml"
    pack.write_text(PACK, encoding="utf-8")
    code, out, err = run(capsys, "source", "add", str(PAGE), "--pack", str(pack))
    assert code == 0, err
    lines = out.splitlines()
    assert "title: Town council votes to keep the night bus (from og:title)" in lines
    assert "publisher: The Riverside Courier (from JSON-LD publisher.name)" in lines
    assert "published: 2024-03-14 (from JSON-LD datePublished)" in lines
    assert (
        "url: https://courier.example/news/2024/03/night-bus-vote (from <link rel=canonical>)"
        in lines
    )
    assert "left out: 28 blocks of the page:" in lines
    assert any(line.startswith("  most read list (4): Most read / Bakery") for line in lines)
    source_id = "town-council-votes-to-keep-2024"
    assert f"added the source '{source_id}' (sources/{source_id}.txt) to {pack}" in lines
    text = pack.read_text(encoding="utf-8")
    entry = (
        f'source:\n  id: {source_id}\n  title: "Town council votes to keep the night bus"\n'
        "  publisher: The Riverside Courier\n  published: 2024-03-14\n"
        "  url: https://courier.example/news/2024/03/night-bus-vote\n"
        f"  file: sources/{source_id}.txt\n"
    )
    block = "\n" + entry + "\n"  # a blank line either side
    assert block in text and text.replace(block, "", 1) == PACK
    written = (tmp_path / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")
    assert written.startswith(
        "Town council votes to keep the night bus\n\nBy Mara Lindqvist\n\n14 March 2024\n\nThe town"
    )
    code, out, _ = run(capsys, "validate", str(pack))
    assert code == 0 and "1 file checked: 0 errors, 1 warning" in out, out  # q1's quote
    # The same article again: its file is the same, but the pack has the id already.
    code, _, err = run(capsys, "source", "add", str(PAGE), "--pack", str(pack), "--id", source_id)
    assert code == 1 and f"the pack already has a source '{source_id}'" in err


def test_source_add_the_seed_into_a_new_pack_then_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "nato" / "nato.yaml"
    code, out, err = run(capsys, "source", "add", str(SEED), "--pack", str(pack))
    assert code == 0, err
    lines = out.splitlines()
    assert "title: NATO: US, Europe need each other (from the headline, line 6)" in lines
    assert "publisher: not found; add it to the pack by hand" in lines
    assert "published: 2016-11-13 (from the date line 'November 13, 2016', line 8)" in lines
    assert "left out: 13 lines:" in lines
    assert "  line 13 (photo credit): Image: Reuters/F.Lenoir" in lines
    assert "  line 40 (after the article): Skip next section More stories from DW" in lines
    written = pack.parent / "sources" / "nato-us-europe-need-each-other-2016.txt"
    assert written.read_bytes() == NATO_SOURCE.read_bytes()
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    assert data["title"] == "NATO: US, Europe need each other"
    assert data["sources"][0]["id"] == "nato-us-europe-need-each-other-2016"
    code, out, _ = run(capsys, "validate", str(pack))
    assert code == 0 and "nato.yaml: ok, 9 questions" in out


def test_a_second_article_makes_sources_and_the_pack_stays_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(PACK, encoding="utf-8")
    assert run(capsys, "source", "add", str(PAGE), "--pack", str(pack))[0] == 0
    code, out, err = run(capsys, "source", "add", str(SEED), "--pack", str(pack), "--id", "dw")
    assert code == 0, err
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    assert [s["id"] for s in data["sources"]] == ["town-council-votes-to-keep-2024", "dw"]
    code, out, _ = run(capsys, "validate", str(pack))
    assert code == 0 and "1 file checked: 0 errors, 1 warning" in out, out  # q1's quote


@pytest.mark.parametrize(
    ("make", "args", "status", "message"),
    [
        (
            None,
            ("missing.html",),
            2,
            "missing.html: error: cannot read the article: the file does not exist",
        ),
        ("binary", ("photo.jpg",), 1, "photo.jpg: error: a binary file"),
        ("empty-page", ("login.html",), 1, "login.html: error: no article text found"),
        ("latin1", ("article.txt",), 1, "article.txt:3: error: not UTF-8 text"),
        ("seed", ("article.txt", "--id", "Bad Id"), 2, "--id Bad Id: error: not a valid source id"),
        ("seed-bad-pack", ("article.txt",), 1, "p.yaml:3:1: error: YAML syntax error"),
    ],
)
def test_bad_input_is_one_located_line_and_nothing_is_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    make: str | None,
    args: tuple[str, ...],
    status: int,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    pack = tmp_path / "p.yaml"
    pack.write_text(PACK, encoding="utf-8")
    if make == "binary":
        (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF\0")
    elif make == "empty-page":
        (tmp_path / "login.html").write_text("<html><body><nav>Home</nav></body></html>")
    elif make == "latin1":
        (tmp_path / "article.txt").write_bytes(b"Title\n\nCaf\xe9 prices rise\n")
    elif make and make.startswith("seed"):
        (tmp_path / "article.txt").write_bytes(SEED.read_bytes())
        if make == "seed-bad-pack":
            pack.write_text("format: civic-quiz/1\nid: [x\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "source", "add", *args, "--pack", "p.yaml")
    assert code == status and out == ""
    assert err.startswith(message), err
    assert len(err.splitlines()) == 1
    assert snapshot(tmp_path) == before


def test_a_different_source_file_is_not_replaced_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(PACK, encoding="utf-8")
    target = tmp_path / "sources" / "dw.txt"
    target.parent.mkdir()
    target.write_text("Another article.\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = run(capsys, "source", "add", str(SEED), "--pack", str(pack), "--id", "dw")
    assert code == 1 and f"{target}: error: already exists with other text" in err
    assert snapshot(tmp_path) == before
    code, _, err = run(
        capsys, "source", "add", str(SEED), "--pack", str(pack), "--id", "dw", "--force"
    )
    assert code == 0, err
    assert target.read_bytes() == NATO_SOURCE.read_bytes()


def test_what_is_printed_from_a_page_is_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = PAGE.read_text(encoding="utf-8").replace(
        'content="Town council votes to keep the night bus"',
        'content="Town council\x1b]0;owned\x07 votes"',
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    code, out, _ = run(
        capsys, "source", "add", str(tmp_path / "page.html"), "--pack", str(tmp_path / "p.yaml")
    )
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out


def test_an_html_source_file_is_a_warning_that_names_source_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "page.html").write_bytes(PAGE.read_bytes())
    pack = tmp_path / "p.yaml"
    pack.write_text(
        PACK.replace(
            "authors: [Ada]\n", "authors: [Ada]\nsource:\n  title: X\n  file: page.html\n"
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "validate", str(pack))
    assert code == 0
    assert (
        f"{pack}:8:9: warning: source file 'page.html' is a web page, not the article's text:"
        " make the text with `civic-quiz source add 'page.html' --pack 'p.yaml'`"
    ) in out


# --- new ------------------------------------------------------------------------------------


def user_packs() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "civic-quiz" / "packs"


def test_new_id_writes_into_the_user_packs_folder_and_says_where(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "new", "my-lesson")
    assert code == 0, err
    pack = user_packs() / "my-lesson" / "my-lesson.yaml"
    assert pack.exists() and (pack.parent / "sources" / "civic-quiz-example.txt").exists()
    assert f"wrote {pack}" in out
    assert f"the game finds it in {user_packs()}" in out
    code, out, _ = run(capsys, "packs")
    assert "my-lesson" in out
    assert run(capsys, "new", "my-lesson")[0] == 2  # not over it without --force


def test_new_path_outside_the_packs_folders_says_how_the_game_will_find_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "new", str(tmp_path / "lesson.yaml"))
    assert code == 0
    assert f"the game does not look in {tmp_path}" in out
    assert f"CIVIC_QUIZ_PACKS={tmp_path}" in out and "civic-quiz play" in out


def test_new_source_brings_the_article_in_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "new", "bus-lesson", "--source", str(PAGE))
    assert code == 0, err
    pack = user_packs() / "bus-lesson" / "bus-lesson.yaml"
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    assert data["id"] == "bus-lesson"
    assert data["title"] == "Town council votes to keep the night bus"
    assert [s["id"] for s in data["sources"]] == ["town-council-votes-to-keep-2024", "example"]
    assert "title: Town council votes" in out and "the game finds it in" in out
    assert out.count("check it with: civic-quiz validate") == 1
    code, out, _ = run(capsys, "validate", str(pack))
    assert code == 0 and "ok, 9 questions" in out


def test_the_starter_has_every_kind_no_as_of_and_warns_on_its_placeholders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "sub" / "My Pack.yaml"
    assert run(capsys, "new", str(pack))[0] == 0
    text = pack.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["id"] == "my-pack"
    assert "as_of" not in data  # a pack-wide as_of of today re-dated every question
    assert sorted(q["type"] for q in data["questions"]) == sorted(names())
    assert len(names()) == 9
    assert {q.get("frame") for q in data["questions"]} >= {True, "claim"}
    assert data["sources"][0]["published"] is not None
    code, out, _ = run(capsys, "validate", "--strict", str(pack))
    assert code == 1
    problems = [line for line in out.splitlines() if ": error: " in line]
    assert problems and all("starter" in line or "Your Name" in line for line in problems), out
    assert any("'My first pack'" in line for line in problems)
    assert any("'Your Name'" in line for line in problems)
    assert sum("the starter's example question" in line for line in problems) == 9
    # The teacher replaces them: the warnings go, the pack is strictly valid.
    (pack.parent / "sources" / "bus.txt").write_text(
        "The council voted to keep the night bus.\n", encoding="utf-8"
    )
    start = text.index("questions:\n")
    mine = (
        text[:start]
        .replace("My first pack", "The night bus")
        .replace("What this pack is about, in a sentence or two.", "A vote of the council.")
        .replace("[Your Name]", "[Ada Lovelace]")
    )
    mine = (
        mine[: mine.index("  - id: example")]
        + "\n"
        + (
            "questions:\n  - id: vote\n    type: truefalse\n    prompt: The council kept the bus.\n"
            "    answer: true\n    explanation: It voted to keep it.\n"
            "    quote: The council voted to keep the night bus.\n    frame: claim\n"
        )
    )
    mine = mine.replace(
        "sources:\n",
        "sources:\n  - id: bus\n    title: Bus\n    published: 2024-03-14\n"
        "    file: sources/bus.txt\n",
    )
    pack.write_text(mine, encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--strict", str(pack))
    assert code == 0, out


def test_source_add_never_writes_outside_the_packs_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson, elsewhere = tmp_path / "lesson", tmp_path / "elsewhere"
    lesson.mkdir()
    elsewhere.mkdir()
    (lesson / "sources").symlink_to(elsewhere)  # the loader would refuse a source there
    pack = lesson / "p.yaml"
    pack.write_text(PACK, encoding="utf-8")
    code, _, err = run(capsys, "source", "add", str(SEED), "--pack", str(pack), "--id", "dw")
    assert code == 1 and "error: cannot write there" in err
    assert list(elsewhere.iterdir()) == [] and pack.read_text(encoding="utf-8") == PACK


def test_new_does_not_put_another_example_text_under_the_starter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = tmp_path / "sources" / "civic-quiz-example.txt"
    example.parent.mkdir()
    example.write_text("A teacher's own text.\n", encoding="utf-8")
    code, _, err = run(capsys, "new", str(tmp_path / "lesson.yaml"))
    assert code == 2 and f"{example}: error: already exists with other text" in err
    assert not (tmp_path / "lesson.yaml").exists()
    assert example.read_text(encoding="utf-8") == "A teacher's own text.\n"
    # The same text is no obstacle (a second pack in the same folder).
    example.unlink()
    assert run(capsys, "new", str(tmp_path / "one.yaml"))[0] == 0
    assert run(capsys, "new", str(tmp_path / "two.yaml"))[0] == 0
    code, out, _ = run(capsys, "validate", str(tmp_path / "two.yaml"))
    assert code == 0 and "ok, 9 questions" in out


def test_the_quick_start_names_the_pack_by_its_id_from_new_to_validate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The guide's quick start: `new my-pack --source ...`, then every command by the id.
    assert run(capsys, "new", "my-pack", "--source", str(SEED))[0] == 0
    pack = user_packs() / "my-pack" / "my-pack.yaml"
    code, out, err = run(capsys, "sentences", "my-pack", "--grep", "Observer")
    assert code == 0, err
    assert '"The Observer" newspaper' in out
    before = pack.read_bytes()
    code, out, err = run(capsys, "draft", "my-pack")
    assert code == 0, err
    assert pack.read_bytes().startswith(before) and len(pack.read_bytes()) > len(before)
    code, out, err = run(capsys, "source", "add", str(PAGE), "--pack", "my-pack")
    assert code == 0, err
    assert "town-council-votes-to-keep-2024" in pack.read_text(encoding="utf-8")
    code, out, err = run(capsys, "validate", "my-pack")
    assert f"{pack}: ok" in out, out + err


def test_a_name_that_is_neither_a_pack_file_nor_an_id_is_one_line_with_the_closest_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "new", "my-pack")[0] == 0
    for argv in (
        ("draft", "my-pak"),
        ("sentences", "my-pak"),
        ("source", "add", str(PAGE), "--pack", "my-pak"),
    ):
        code, out, err = run(capsys, *argv)
        assert code != 0 and not out
        assert "no pack file 'my-pak'" in err and "did you mean 'my-pack'" in err, err
        assert len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "validate", "my-pak")
    assert code == 2 and "my-pak: error: no such file or folder" in err
    assert "did you mean 'my-pack'" in err
