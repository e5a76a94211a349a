"""The cached catalog: packs are checked once per content, and changes are noticed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.packs import catalog as catalog_module
from game.packs.catalog import entry_as_dict, load_catalog
from game.packs.discovery import pack_files
from game.packs.loader import load_pack
from tests.packs.helpers import with_questions

PACK = with_questions("""\
- id: q
  type: truefalse
  prompt: The clause was invoked once.
  answer: true
  explanation: e
  quote: invoked once
""").replace(
    "as_of: 2016-11-13", "source:\n  publisher: DW\n  published: 2016-11-13\n  file: article.txt"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "article.txt").write_text("The clause was invoked once.", encoding="utf-8")
    (packs / "good.yaml").write_text(PACK, encoding="utf-8")
    (packs / "broken.yaml").write_text(
        PACK.replace("answer: true", "answer: maybe"), encoding="utf-8"
    )
    return packs


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    from game.packs import loader

    calls: list[Path] = []
    real = loader.check_pack_bytes

    def counting(raw: bytes, **kwargs):
        calls.append(kwargs.get("path"))
        return real(raw, **kwargs)

    monkeypatch.setattr(loader, "check_pack_bytes", counting)
    return calls


def test_entries_summarise_good_and_broken_packs(folder: Path, tmp_path: Path) -> None:
    found = load_catalog([folder], cache_dir=tmp_path / "cache")
    broken, good = found.entries
    assert (good.pack_id, good.title, good.questions, good.ok) == (
        "test-pack",
        "Test pack",
        1,
        True,
    )
    assert good.source == "DW, 13 November 2016"
    assert not broken.ok
    assert broken.error.startswith("12:13: 'answer' should be true or false")
    assert found.by_id("test-pack") == good
    assert entry_as_dict(good)["ok"] is True


def test_a_second_load_checks_nothing_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    calls = count_checks(monkeypatch)
    first = load_catalog([folder], cache_dir=cache)
    assert len(calls) == 2
    second = load_catalog([folder], cache_dir=cache)
    assert len(calls) == 2
    assert second.entries == first.entries


def test_a_changed_pack_or_source_is_checked_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load_catalog([folder], cache_dir=cache)
    calls = count_checks(monkeypatch)
    (folder / "good.yaml").write_text(
        PACK.replace("title: Test pack", "title: Renamed"), encoding="utf-8"
    )
    assert load_catalog([folder], cache_dir=cache).by_id("test-pack").title == "Renamed"
    assert calls == [folder / "good.yaml"]
    (folder / "article.txt").write_text("The clause was never invoked.", encoding="utf-8")
    entry = next(
        e for e in load_catalog([folder], cache_dir=cache).entries if e.path.name == "good.yaml"
    )
    assert not entry.ok and "quote not found" in entry.error


def test_packs_load_from_the_cache_equal_to_the_file(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = load_catalog([folder], cache_dir=tmp_path / "cache")
    calls = count_checks(monkeypatch)
    pack = found.load_pack(found.by_id("test-pack"))
    assert calls == []
    assert pack == load_pack(folder / "good.yaml")


def test_a_damaged_cache_is_ignored(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    found = load_catalog([folder], cache_dir=cache)
    (cache / "index.json").write_text("{not json", encoding="utf-8")
    for file in cache.glob("*.json"):
        if file.name != "index.json":
            file.write_text('{"format": "nope"}', encoding="utf-8")
    again = load_catalog([folder], cache_dir=cache)
    assert again.entries == found.entries
    assert again.load_pack(again.by_id("test-pack")).id == "test-pack"


def test_an_unwritable_cache_still_gives_a_catalog(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    found = load_catalog([folder], cache_dir=blocker / "cache")
    assert found.by_id("test-pack") is not None
    assert found.load_pack(found.by_id("test-pack")).id == "test-pack"


def test_shared_ids_warn(folder: Path, tmp_path: Path) -> None:
    (folder / "copy.yaml").write_text(PACK, encoding="utf-8")
    found = load_catalog([folder], cache_dir=tmp_path / "cache")
    (warning,) = found.warnings
    assert "also used by" in warning.message


def test_default_cache_lives_in_the_user_cache_folder() -> None:
    assert "civic-quiz" in str(catalog_module.default_cache_dir())


# -- unchanged files are known by their signature, not read again --------------------------


def age(*paths: Path, seconds: float = 3600) -> None:
    """Date files back, as files not touched for a while are."""
    for path in paths:
        when = path.stat().st_mtime - seconds
        os.utime(path, (when, when))


def count_hashes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = catalog_module._sha256

    def counting(data: bytes) -> str:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(catalog_module, "_sha256", counting)
    return calls


def test_unchanged_old_files_are_not_read_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    age(*folder.iterdir())
    first = load_catalog([folder], cache_dir=cache)
    hashes = count_hashes(monkeypatch)
    second = load_catalog([folder], cache_dir=cache)
    assert hashes == []
    assert second.entries == first.entries


def test_files_modified_just_before_they_were_hashed_are_hashed_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A change in the same tick of the file system's clock would keep the time: such a
    # fresh file cannot be known by its time alone.
    cache = tmp_path / "cache"
    load_catalog([folder], cache_dir=cache)
    hashes = count_hashes(monkeypatch)
    load_catalog([folder], cache_dir=cache)
    assert len(hashes) >= 2


def test_a_change_that_keeps_size_and_time_is_still_noticed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    age(*folder.iterdir())
    load_catalog([folder], cache_dir=cache)
    good = folder / "good.yaml"
    before = good.stat()
    good.write_text(PACK.replace("title: Test pack", "title: Tost pack"), encoding="utf-8")
    os.utime(good, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert good.stat().st_size == before.st_size
    assert load_catalog([folder], cache_dir=cache).by_id("test-pack").title == "Tost pack"


def test_a_source_text_changed_in_place_is_noticed(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    age(*folder.iterdir())
    assert load_catalog([folder], cache_dir=cache).by_id("test-pack") is not None
    article = folder / "article.txt"
    before = article.stat()
    article.write_text("The clause was invoked twice", encoding="utf-8")  # same size
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    entry = next(
        e for e in load_catalog([folder], cache_dir=cache).entries if e.path.name == "good.yaml"
    )
    assert not entry.ok and "quote not found" in entry.error


@pytest.mark.parametrize(
    "damage",
    [
        {"digest": ["not", "a", "hash"]},
        {"stat": "nonsense", "hashed_at_ns": "soon"},
        {"digest": "0" * 64},
    ],
)
def test_damaged_notes_on_files_are_ignored(
    folder: Path, tmp_path: Path, damage: dict[str, object]
) -> None:
    cache = tmp_path / "cache"
    age(*folder.iterdir())
    found = load_catalog([folder], cache_dir=cache)
    data = json.loads((cache / "index.json").read_text(encoding="utf-8"))
    for note in data["files"].values():
        note.update(damage)
    for summary in data["entries"].values():
        summary["source_files"] = 7 if "digest" in damage else summary["source_files"]
    (cache / "index.json").write_text(json.dumps(data), encoding="utf-8")
    assert load_catalog([folder], cache_dir=cache).entries == found.entries


# -- one registry: `civic-quiz packs` lists what the catalog lists ---------------------------


def hostile_folder(root: Path) -> Path:
    """Good, broken, duplicate-id and hostile packs: markup in a title, a terminal escape in
    another, a control character in a file name, a FIFO, a file past the size limit, an
    empty file, a missing id."""
    from game.core.limits import DEFAULT_MAX_BYTES

    packs = root / "packs"
    (packs / "sub").mkdir(parents=True)
    good = with_questions("- {id: q, type: truefalse, prompt: p, answer: true, explanation: e}\n")
    (packs / "a-good.yaml").write_text(good, encoding="utf-8")
    (packs / "b-copy.yaml").write_text(good, encoding="utf-8")  # the same id again
    (packs / "c-broken.yaml").write_text(good.replace("answer: true", "answer: maybe"), "utf-8")
    loud = good.replace("id: test-pack", "id: loud").replace(
        "title: Test pack", 'title: "[bold red]Loud[/]"'
    )
    (packs / "sub" / "d\nloud.yaml").write_text(loud, encoding="utf-8")
    escapes = loud.replace("id: loud", "id: escapes").replace("Loud", "Loud\\e]0;owned\\a")
    (packs / "sub" / "escapes.yaml").write_text(escapes, encoding="utf-8")
    (packs / "e-noid.yaml").write_text(good.replace("id: test-pack\n", ""), encoding="utf-8")
    (packs / "f-empty.yaml").write_text("", encoding="utf-8")
    with (packs / "g-huge.yaml").open("wb") as huge:
        huge.truncate(DEFAULT_MAX_BYTES + 1)
    os.mkfifo(packs / "h-fifo.yaml")
    return packs


def test_packs_command_lists_the_catalog_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.cli import main
    from game.packs.catalog import listed
    from game.packs.discovery import search_dirs

    packs = hostile_folder(tmp_path)
    monkeypatch.setenv("CIVIC_QUIZ_PACKS", str(packs))
    monkeypatch.chdir(tmp_path)
    assert main(["packs", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    rows = json.loads(out)
    catalog = load_catalog(search_dirs(), cache_dir=tmp_path / "other-cache")
    assert rows == [listed(entry) for entry in catalog.entries]
    assert err.splitlines() == [w.format() for w in catalog.warnings]
    mine = [row for row in rows if row["path"].startswith(str(packs))]
    assert [Path(row["path"]) for row in mine] == list(pack_files(packs))
    by_name = {Path(row["path"]).name: row for row in mine}
    assert by_name["a-good.yaml"]["ok"] and by_name["a-good.yaml"]["id"] == "test-pack"
    assert by_name["b-copy.yaml"]["ok"]  # listed, with a warning that the first one is used
    assert any("also used by" in line and "b-copy.yaml" in line for line in err.splitlines())
    assert by_name["d\nloud.yaml"]["title"] == "[bold red]Loud[/]"
    assert "h-fifo.yaml" not in by_name  # a FIFO in a folder is no pack file, never opened
    for broken in ("c-broken.yaml", "e-noid.yaml", "f-empty.yaml", "g-huge.yaml", "escapes.yaml"):
        assert not by_name[broken]["ok"] and by_name[broken]["error"], broken
    assert "control character ESC" in by_name["escapes.yaml"]["error"]
    # The table shows the same ids, escaped, and nothing a terminal would act on.
    monkeypatch.setenv("COLUMNS", "300")
    assert main(["packs"]) == 0
    table, _ = capsys.readouterr()
    assert "\x1b" not in table and "\x07" not in table
    assert "[bold red]Loud" in table
    assert table.count("(broken)") == sum(not row["ok"] for row in rows)


def test_the_catalog_agrees_with_checking_each_file(tmp_path: Path) -> None:
    # The catalog summarises the loader's verdict on each file: same id, same first error,
    # as `validate` gives them, for every kind of file, read fresh or from the cache.
    from game.packs.loader import check_pack_file

    packs = hostile_folder(tmp_path)
    for _ in range(2):  # the second time from the cache
        catalog = load_catalog([packs], cache_dir=tmp_path / "cache")
        assert [e.path for e in catalog.entries] == list(pack_files(packs))
        for entry in catalog.entries:
            checked = check_pack_file(entry.path)
            assert entry.ok == checked.ok, entry.path
            if checked.ok:
                assert checked.pack is not None
                assert entry.pack_id == checked.pack.id
                assert entry.questions == len(checked.pack.questions)
            else:
                first = checked.errors[0]
                assert entry.error is not None
                assert entry.error.startswith(f"{first.line}:{first.column}: {first.message}")
                if first.question:
                    assert entry.error.endswith(f"[question {first.question}]")


def test_load_pack_returns_a_pack(folder: Path, tmp_path: Path) -> None:
    from game.packs.model import Pack

    found = load_catalog([folder], cache_dir=tmp_path / "cache")
    entry = found.by_id("test-pack")
    assert entry is not None
    for _ in range(2):  # from the file's check, then from the cache
        pack = found.load_pack(entry)
        assert isinstance(pack, Pack) and pack.id == "test-pack"


# -- packs with several sources --------------------------------------------------------------

SEVERAL = with_questions("""\
- id: q
  type: truefalse
  prompt: The clause was invoked once.
  answer: true
  explanation: e
  quote: invoked once
- id: t
  type: truefalse
  source: treaty
  frame: "true"
  prompt: An armed attack against one is an attack against all.
  answer: true
  explanation: e
  quote: an armed attack against one
""").replace(
    "as_of: 2016-11-13",
    "as_of: 2016-11-13\nsources:\n  - {id: dw, publisher: DW, published: 2016-11-13,"
    " file: article.txt}\n  - {id: treaty, title: North Atlantic Treaty, file: treaty.txt}",
)


@pytest.fixture
def several(tmp_path: Path) -> Path:
    packs = tmp_path / "several"
    packs.mkdir()
    (packs / "article.txt").write_text("The clause was invoked once.", encoding="utf-8")
    (packs / "treaty.txt").write_text("They agree that an armed attack against one.", "utf-8")
    (packs / "pack.yaml").write_text(SEVERAL, encoding="utf-8")
    return packs


def test_a_pack_with_several_sources_round_trips_through_the_cache(
    several: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = load_catalog([several], cache_dir=tmp_path / "cache")
    (entry,) = found.entries
    assert entry.ok, entry.error
    assert entry.source == "DW, 13 November 2016"  # the first source is the default
    calls = count_checks(monkeypatch)
    pack = found.load_pack(entry)
    assert calls == []
    assert pack == load_pack(several / "pack.yaml")
    assert [s.id for s in pack.sources] == ["dw", "treaty"]
    assert pack.questions[1].source == "treaty"


@pytest.mark.parametrize("name", ["article.txt", "treaty.txt"])
def test_a_change_to_any_source_text_is_noticed(several: Path, tmp_path: Path, name: str) -> None:
    cache = tmp_path / "cache"
    age(*several.iterdir())
    assert load_catalog([several], cache_dir=cache).entries[0].ok
    text = several / name
    before = text.stat()
    # The same size and modification time: only its content (and change time) differ.
    text.write_text(text.read_text(encoding="utf-8").upper(), encoding="utf-8")
    os.utime(text, ns=(before.st_atime_ns, before.st_mtime_ns))
    (entry,) = load_catalog([several], cache_dir=cache).entries
    assert not entry.ok and "quote not found" in entry.error


def test_a_change_to_a_background_source_is_noticed_once_hashed_again(
    several: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    assert load_catalog([several], cache_dir=cache).entries[0].ok
    (several / "treaty.txt").write_text("Nothing of the kind.", encoding="utf-8")
    (entry,) = load_catalog([several], cache_dir=cache).entries
    assert not entry.ok and "quote not found" in entry.error
