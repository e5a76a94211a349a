"""The live game's tests: the students a test made are let go when it ends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .helpers import STUDENTS


@pytest.fixture(autouse=True)
def _students_kept() -> Iterator[None]:
    yield
    while STUDENTS:
        STUDENTS.pop().store.close()
