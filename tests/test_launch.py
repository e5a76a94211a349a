"""game.play.launch on its own: requests, packs by id or path, hints, new and resumed games."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path

import pytest

from game.packs.catalog import Catalog, PackEntry, load_catalog
from game.play.launch import (
    GameRequest,
    build_session,
    due_counts,
    pack_hint,
    resolve_packs,
    resume_command,
    resume_session,
    session_games,
)
from game.play.players import GameError
from game.play.session import GameSession
from game.store import ScoreStore
from tests.sample_packs import EVERY_TYPE, right_answer

NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
BROKEN = "format: civic-quiz/1\nid: broken\ntitle: Broken\nquestions:\n  - id: q1\n"


def write(folder: Path, pack_id: str, text: str | None = None) -> Path:
    """A pack file named after `pack_id` (the every-type pack unless `text` is given)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{pack_id}.yaml"
    path.write_text(text if text is not None else EVERY_TYPE.format(pack_id=pack_id), "utf-8")
    return path


def catalog_of(folder: Path, tmp_path: Path) -> Catalog:
    return load_catalog([folder], cache_dir=tmp_path / "cache")


@pytest.fixture
def two_packs(tmp_path: Path) -> Catalog:
    """`nato-us-europe` and `eu-summit`, both playable, and a broken pack."""
    folder = tmp_path / "packs"
    write(folder, "nato-us-europe")
    write(folder, "eu-summit")
    write(folder, "broken", BROKEN)
    return catalog_of(folder, tmp_path)


@pytest.fixture
def store(tmp_path: Path) -> ScoreStore:
    with ScoreStore(tmp_path / "scores.sqlite3") as opened:
        yield opened


def clock() -> float:
    return 1000.0


def play_some(session: GameSession, answers: int) -> None:
    """Answer `answers` questions right, moving on after each."""
    for _ in range(answers):
        session.answer(right_answer(session.current), seconds=1.0)
        session.advance()


# --- GameRequest ----------------------------------------------------------------------------


def test_a_request_defaults_to_a_new_classic_game_of_the_only_pack() -> None:
    request = GameRequest()
    assert (request.packs, request.players, request.mode) == ((), (), "classic")
    assert request.questions is None and request.seed is None and request.scoring is None
    assert request.resume is False and request.lesson is None
    assert request._replace(mode="exam").mode == "exam"  # a NamedTuple: copies, never edits


# --- resolve_packs --------------------------------------------------------------------------


def test_packs_are_found_by_id_in_the_order_named(two_packs: Catalog) -> None:
    packs = resolve_packs(["eu-summit", "nato-us-europe"], two_packs)
    assert [p.id for p in packs] == ["eu-summit", "nato-us-europe"]


def test_a_pack_is_found_by_its_path_even_outside_the_folders(
    tmp_path: Path, two_packs: Catalog
) -> None:
    path = write(tmp_path / "elsewhere", "loose-pack")
    (pack,) = resolve_packs([str(path)], two_packs)
    assert pack.id == "loose-pack" and len(pack.questions) == 7


def test_without_a_name_the_only_pack_is_played(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    write(folder, "only-one")
    write(folder, "broken", BROKEN)  # a broken pack does not count
    (pack,) = resolve_packs([], catalog_of(folder, tmp_path))
    assert pack.id == "only-one"


def test_without_a_name_several_packs_must_be_named(two_packs: Catalog) -> None:
    with pytest.raises(GameError, match="name the pack to play; `civic-quiz packs` lists them"):
        resolve_packs([], two_packs)


def test_without_a_name_and_no_playable_pack_says_where_to_look(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    write(folder, "broken", BROKEN)
    with pytest.raises(GameError, match="no playable packs were found; `civic-quiz packs`"):
        resolve_packs([], catalog_of(folder, tmp_path))


def test_a_broken_pack_named_by_id_says_why_and_where(two_packs: Catalog) -> None:
    # A pack whose id was read but which has an error (a quote missing from its source...).
    path = two_packs.entries[0].path.with_name("quoted.yaml")
    broken = PackEntry(path, "quoted", "Quoted", 1, "DW", "9:5: quote not in source", "x")
    catalog = Catalog([*two_packs.entries, broken])
    with pytest.raises(GameError) as refused:
        resolve_packs(["quoted"], catalog)
    assert (
        str(refused.value) == f"the pack 'quoted' cannot be played: {path}:9:5: quote not in source"
    )


def test_a_broken_pack_named_by_path_gives_its_first_located_error(
    tmp_path: Path, two_packs: Catalog
) -> None:
    path = write(tmp_path / "elsewhere", "bad", BROKEN)
    with pytest.raises(GameError, match=r"^the pack cannot be played: .*bad\.yaml:\d+:\d+: "):
        resolve_packs([str(path)], two_packs)


def test_an_unknown_pack_gets_a_hint_when_one_is_close(two_packs: Catalog) -> None:
    with pytest.raises(GameError) as refused:
        resolve_packs(["nato-us-eruope"], two_packs)
    assert str(refused.value) == (
        "no pack with id or path 'nato-us-eruope' (did you mean 'nato-us-europe'?);"
        " `civic-quiz packs` lists them"
    )
    with pytest.raises(GameError) as refused:
        resolve_packs(["eu-summit", "weather"], two_packs)  # the first that cannot be played
    assert str(refused.value) == "no pack with id or path 'weather'; `civic-quiz packs` lists them"


# --- pack_hint ------------------------------------------------------------------------------


def test_pack_hint_names_the_closest_playable_id(two_packs: Catalog) -> None:
    assert pack_hint("eu-sumit", two_packs) == " (did you mean 'eu-summit'?)"
    assert pack_hint("EU-SUMMIT", two_packs) == ""  # too far: case counts in ids
    assert pack_hint("brokn", two_packs) == ""  # a broken pack is never suggested
    assert pack_hint("", two_packs) == ""


def test_pack_hint_does_not_compare_very_long_names(two_packs: Catalog) -> None:
    assert pack_hint("eu-summit" + "x" * 95, two_packs) == ""
    assert pack_hint("eu-summit" + "x" * 2, two_packs) == " (did you mean 'eu-summit'?)"


# --- build_session: new games ---------------------------------------------------------------


def test_a_new_game_is_started_and_stored(two_packs: Catalog, store: ScoreStore) -> None:
    request = GameRequest(packs=("eu-summit",), players=("Ada",), mode="exam", seed=3)
    session = build_session(request, two_packs, store, clock=clock, now=lambda: NOW)
    assert (session.pack_id, session.mode, session.seed) == ("eu-summit", "exam", 3)
    assert session.state == "question"
    (game,) = store.games()
    assert (game.player, game.pack_id, game.mode, game.status) == (
        "Ada",
        "eu-summit",
        "exam",
        "active",
    )


def test_start_false_leaves_storing_the_game_to_the_caller(
    two_packs: Catalog, store: ScoreStore
) -> None:
    request = GameRequest(packs=("eu-summit",), questions=2, lesson="lesson-1")
    session = build_session(request, two_packs, store, clock=clock, start=False)
    assert store.games() == []
    assert [p.name for p in session.players] == ["Player"]  # nobody named: one player
    assert len(session.played) == 2 and session.lesson == "lesson-1"
    session.start()
    assert len(store.games()) == 1


def test_a_game_of_two_packs_is_filed_under_both(two_packs: Catalog) -> None:
    request = GameRequest(packs=("nato-us-europe", "eu-summit"), seed=1)
    session = build_session(request, two_packs, None, clock=clock)
    assert session.pack_id == "nato-us-europe+eu-summit"
    assert len(session.played) == 14


def test_practice_needs_the_store_one_pack_and_one_player(
    two_packs: Catalog, store: ScoreStore
) -> None:
    practice = GameRequest(packs=("eu-summit",), mode="practice")
    with pytest.raises(GameError, match="practice needs the score database"):
        build_session(practice, two_packs, None)
    with pytest.raises(GameError, match="one player and one pack at a time"):
        build_session(practice._replace(packs=("eu-summit", "nato-us-europe")), two_packs, store)
    with pytest.raises(GameError, match="one player and one pack at a time"):
        build_session(practice._replace(players=("Ada", "Ben")), two_packs, store)
    session = build_session(practice, two_packs, store, clock=clock, now=lambda: NOW)
    assert session.mode == "practice" and session.played  # new questions are due at once


# --- resuming -------------------------------------------------------------------------------


def test_resume_continues_the_newest_unfinished_game_with_its_score(
    two_packs: Catalog, store: ScoreStore
) -> None:
    request = GameRequest(packs=("eu-summit",), players=("Ada",), seed=5)
    first = build_session(request, two_packs, store, clock=clock, now=lambda: NOW)
    play_some(first, 2)
    score = first.player.score
    assert score > 0
    resumed = build_session(request._replace(resume=True), two_packs, store, clock=clock)
    assert resumed.current.position == 2 and resumed.player.score == score
    assert [p.key for p in resumed.played] == [p.key for p in first.played]


def test_resume_names_whose_game_and_which_pack_is_missing(
    two_packs: Catalog, store: ScoreStore
) -> None:
    resume = GameRequest(resume=True)
    with pytest.raises(GameError, match=r"^there is no unfinished game to resume$"):
        build_session(resume, two_packs, store)
    with pytest.raises(GameError, match=r"^there is no unfinished game of Ada in 'eu-summit'"):
        build_session(resume._replace(players=("Ada",), packs=("eu-summit",)), two_packs, store)
    with pytest.raises(GameError, match="no score database to resume a game from"):
        build_session(resume, two_packs, None)


def test_resume_only_finds_the_named_players_game(two_packs: Catalog, store: ScoreStore) -> None:
    for player in ("Ada", "Ben"):
        request = GameRequest(packs=("eu-summit",), players=(player,), seed=5)
        play_some(build_session(request, two_packs, store, clock=clock), 1)
    resume = GameRequest(players=("Ada",), resume=True)
    session = build_session(resume, two_packs, store, clock=clock)
    assert [p.name for p in session.players] == ["Ada"]


def test_a_pack_given_as_a_file_is_read_from_that_file_on_resuming(
    tmp_path: Path, two_packs: Catalog, store: ScoreStore
) -> None:
    path = str(write(tmp_path / "elsewhere", "loose-pack"))
    request = GameRequest(packs=(path,), players=("Ada",), seed=2)
    play_some(build_session(request, two_packs, store, clock=clock), 3)
    resumed = build_session(request._replace(resume=True), two_packs, store, clock=clock)
    assert resumed.pack_id == "loose-pack" and resumed.current.position == 3
    (game,) = store.games()
    with pytest.raises(GameError, match="no pack with id or path 'loose-pack'"):
        resume_session(store, two_packs, game.id)  # by id alone: in no packs folder


def test_a_finished_game_cannot_be_resumed(two_packs: Catalog, store: ScoreStore) -> None:
    session = build_session(GameRequest(packs=("eu-summit",), questions=1), two_packs, store)
    play_some(session, 1)
    assert session.is_over
    (game,) = store.games()
    with pytest.raises(GameError, match="that game is over and cannot be resumed"):
        resume_session(store, two_packs, game.id)


def test_session_games_are_the_players_of_one_hot_seat_game(
    two_packs: Catalog, store: ScoreStore
) -> None:
    request = GameRequest(packs=("eu-summit",), players=("Ada", "Ben"), seed=1)
    build_session(request, two_packs, store, clock=clock)
    alone = GameRequest(packs=("eu-summit",), players=("Cy",), seed=1)
    build_session(alone, two_packs, store, clock=clock)
    by_player = {g.player: g for g in store.games()}
    assert [g.player for g in session_games(store, by_player["Ben"])] == ["Ada", "Ben"]
    assert [g.player for g in session_games(store, by_player["Cy"])] == ["Cy"]


# --- resume_command and due_counts ----------------------------------------------------------


def test_resume_command_is_what_a_shell_splits_back() -> None:
    assert resume_command([], []) == "civic-quiz play --resume"
    command = resume_command(["Ada O'Neil", "Ben"], ["my packs/x.yaml"], db="/tmp/s db")
    assert shlex.split(command) == [
        *("civic-quiz", "play", "--resume", "--player", "Ada O'Neil"),
        *("--db", "/tmp/s db", "my packs/x.yaml"),
    ]


def test_due_counts_are_zero_until_a_pack_is_practised(
    two_packs: Catalog, store: ScoreStore
) -> None:
    assert due_counts(store, two_packs, "Ada", NOW) == {"nato-us-europe": 0, "eu-summit": 0}
    practice = GameRequest(packs=("eu-summit",), players=("Ada",), mode="practice", seed=1)
    session = build_session(practice, two_packs, store, clock=clock, now=lambda: NOW)
    session.answer(None, seconds=1.0)  # no answer: the card is due again at once
    counts = due_counts(store, two_packs, "Ada", NOW + dt.timedelta(days=1))
    assert counts["nato-us-europe"] == 0 and counts["eu-summit"] >= 1
