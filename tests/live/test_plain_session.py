"""A whole class game of real processes, on both stores: a plain host and five plain
students, one joining late, one killed (SIGKILL) and rejoining, one removed; then
`scores --session`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

from .procs import Proc, answer_rightly, pack_folder


def test_a_plain_class_game_of_five_students(any_db: Path, tmp_path: Path) -> None:
    packs = pack_folder(tmp_path)
    host = Proc("host", "class", "--plain", "--no-timer", "--seed", "5", db=any_db, packs=packs)
    procs = [host]
    try:
        code = host.expect(r"^Join code: (\w{4}) ").group(1)
        students = {}
        for count, name in enumerate(("Ana", "Ben", "Cem", "Dan"), start=1):
            students[name] = Proc("join", code, "--player", name, "--plain", db=any_db, packs=packs)
            procs.append(students[name])
            students[name].expect("^Waiting for the teacher to start")
            host.expect(rf"^{count} players?: ")
        taken = Proc("join", code, "--player", "ana", "--plain", db=any_db, packs=packs)
        assert taken.wait() == 1
        assert "the name Ana is taken" in taken.process.stderr.read()  # type: ignore[union-attr]

        host.send("k Dan")  # removed: told, and cannot come back under that name
        students["Dan"].expect("^The teacher removed you")
        assert students["Dan"].wait() == 1
        again = Proc("join", code, "--player", "Dan", "--plain", db=any_db, packs=packs)
        assert again.wait() == 1
        assert "was removed" in again.process.stderr.read()  # type: ignore[union-attr]
        del students["Dan"]

        host.send("")  # start
        host.expect("^Question 1 of 3")
        eve = Proc("join", code, "--player", "Eve", "--plain", db=any_db, packs=packs)
        procs.append(eve)
        students["Eve"] = eve  # late, with time left (no timer): plays question 1
        eve.expect("^Joined the class game")
        host.expect("^4 players: Ana, Ben, Cem, Eve")
        for student in students.values():
            answer_rightly(student, 1)
        host.expect("^4 of 4 answered")
        host.expect("^Top 5: ")
        for student in students.values():
            student.expect(r"^You have \d+ points, place 1 of 4")

        students["Ben"].process.kill()  # SIGKILL: no goodbye
        students["Ben"].wait()
        ben = Proc("join", code, "--player", "Ben", "--plain", db=any_db, packs=packs)
        procs.append(ben)
        ben.expect("^Joined the class game")
        students["Ben"] = ben

        for number in (2, 3):
            host.send("")  # next question
            for student in students.values():
                answer_rightly(student, number)
            host.expect(f"^Answers to question {number}:")
        host.send("")  # the podium
        host.expect("^Podium: 1. ")
        for student in students.values():
            student.expect(r"^The game is over: 330 points, place 1 of 4\.")
            assert student.wait() == 0
        host.send("")
        assert host.wait() == 0
    finally:
        for proc in procs:
            proc.stop()

    listed = subprocess.run(
        [sys.executable, "-m", "game", "scores", "--session", code.lower(), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**_env(), "CIVIC_QUIZ_DB": str(any_db)},
        check=True,
    )
    rows = {row["player"]: row for row in json.loads(listed.stdout)}
    assert sorted(rows) == ["Ana", "Ben", "Cem", "Dan", "Eve"]
    assert all(
        rows[n]["score"] == 330 and rows[n]["mode"] == "live" for n in ["Ana", "Ben", "Cem", "Eve"]
    )
    assert rows["Dan"]["score"] == 0 and rows["Dan"]["status"] != rows["Ana"]["status"]


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)
