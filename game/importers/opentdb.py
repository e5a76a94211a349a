"""Open Trivia DB import: the JSON the opentdb.com API returns, read into packs.

`multiple` questions become `choice` questions and `boolean` ones `truefalse`; the category
becomes a tag (and the title, when all questions share it), the difficulty is kept. Texts in
the API's default encoding (HTML entities) are decoded, and so are files fetched with
`encode=url3986`, `encode=urlLegacy` or `encode=base64`.
"""

from __future__ import annotations

import base64
import bisect
import html
import json
import re
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any, Literal

from ..core.importrules import quoted
from .base import ImportFailed, ImportResult, Skipped, refused_character, slug

Encoding = Literal["html", "url", "base64"]

_RESPONSE_CODES = {
    1: "no results: the API did not have enough questions for the query",
    2: "invalid parameter: the API refused the query's arguments",
    3: "token not found: the session token does not exist",
    4: "token empty: the session token has returned every question; reset it",
    5: "rate limit: too many requests; wait a few seconds and fetch again",
}
_TYPES = {"multiple": "choice", "boolean": "truefalse"}
_BASE64_TYPES = {"bXVsdGlwbGU=": "multiple", "Ym9vbGVhbg==": "boolean"}
_TEXT_FIELDS = ("difficulty", "category", "question", "correct_answer")
_URL_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
# What a message must not print as is: controls (line breaks too) and lone surrogates.
_WHITESPACE = " \t\n\r"


class _ResultError(Exception):
    """Why one result cannot be a question (it is skipped, the import goes on)."""


def import_opentdb(text: str) -> ImportResult:
    """Questions from Open Trivia DB JSON: `{"response_code": 0, "results": [...]}` or the list
    of results alone. Each result that cannot be a question is skipped with its line.

    Raises ImportFailed when the text is not JSON, or not the API's answer.
    """
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(f"not valid JSON: {error.msg}", error.lineno) from None
    except ValueError as error:  # a number too long to convert, say
        raise ImportFailed(f"not valid JSON: {error}") from None
    except RecursionError:
        raise ImportFailed("the JSON is nested too deeply to be Open Trivia DB data") from None
    results = _results(data)
    try:
        lines = _result_lines(text, bare=isinstance(data, list))
    except RecursionError:  # as deep as json.loads could go, and a few calls deeper
        lines = []
    encoding = _encoding(results)
    decode = _DECODERS[encoding]
    result = ImportResult()
    categories: dict[str, None] = {}  # ordered; `in` on a list was quadratic
    for index, item in enumerate(results):
        line = lines[index] if index < len(lines) else 1
        where = f"result {index + 1}"
        kind = _kind(item)
        try:
            question, category = _question(item, decode)
        except _ResultError as error:
            result.skipped.append(Skipped(line, kind, f"{where}: {error}"))
            continue
        result.questions.append(question)
        if category:
            categories.setdefault(category)
    result.title = _title(list(categories))
    return result


def _results(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ImportFailed(
            "not Open Trivia DB data: expected an object with 'results' (or a list of results)",
            1,
        )
    code = data.get("response_code", 0)
    if code != 0:
        meaning = _RESPONSE_CODES.get(code) if isinstance(code, int) else None
        raise ImportFailed(
            f"the API answered with response_code {json.dumps(code)[:40]}"
            + (f" ({meaning})" if meaning else "")
            + ", not with questions"
        )
    results = data.get("results")
    if not isinstance(results, list):
        raise ImportFailed(
            "not Open Trivia DB data: no 'results' list"
            if results is None
            else "'results' should be a list of questions"
        )
    return results


def _kind(item: Any) -> str:
    raw = item.get("type") if isinstance(item, dict) else None
    raw = _BASE64_TYPES.get(raw, raw) if isinstance(raw, str) else raw
    return _TYPES.get(raw, "result") if isinstance(raw, str) else "result"


def _question(item: Any, decode: Callable[[str], str]) -> tuple[dict[str, Any], str | None]:
    """A result as a question, and its category; _ResultError when it cannot be one."""
    if not isinstance(item, dict):
        raise _ResultError("not an object with a question")
    if "type" not in item:
        raise _ResultError("missing 'type'")
    kind = _decoded("type", item["type"], decode)
    if kind not in _TYPES:
        raise _ResultError(f"unknown type {quoted(kind)} (expected 'multiple' or 'boolean')")
    fields: dict[str, str] = {}
    for name in _TEXT_FIELDS:
        value = item.get(name)
        if value is None:
            if name in ("difficulty", "category"):
                continue
            raise _ResultError(f"missing '{name}'")
        fields[name] = _decoded(name, value, decode)
    question: dict[str, Any]
    if kind == "multiple":
        wrong = item.get("incorrect_answers")
        if not isinstance(wrong, list):
            raise _ResultError(
                "missing 'incorrect_answers'"
                if wrong is None
                else "'incorrect_answers' should be a list"
            )
        incorrect = [_decoded("incorrect_answers", value, decode) for value in wrong]
        question = _choice(fields["question"], fields["correct_answer"], incorrect)
    else:
        question = _truefalse(fields["question"], fields["correct_answer"])
    difficulty = fields.get("difficulty", "").lower()
    if difficulty in ("easy", "medium", "hard"):
        question["difficulty"] = difficulty
    category = fields.get("category")
    if category:
        question["tags"] = [slug(category, fallback="trivia")]
    return question, category or None


def _decoded(name: str, value: Any, decode: Callable[[str], str]) -> str:
    if not isinstance(value, str):
        raise _ResultError(f"'{name}' should be text")
    try:
        text = decode(value).strip()
    except (ValueError, UnicodeDecodeError):  # binascii.Error is a ValueError
        raise _ResultError(f"'{name}' cannot be decoded") from None
    if not text and name not in ("difficulty", "category"):
        raise _ResultError(f"'{name}' is empty")
    if what := refused_character(text):
        raise _ResultError(f"'{name}' holds the character {what}, which packs refuse")
    return text


def _choice(prompt: str, correct: str, incorrect: list[str]) -> dict[str, Any]:
    choices = [correct, *incorrect]
    if not incorrect:
        raise _ResultError("no incorrect answers: a question needs at least 2 options")
    seen: set[str] = set()  # comparing each answer with all before it was quadratic
    for text in choices:
        if text in seen:
            raise _ResultError(f"the answer {quoted(text)} is listed twice")
        seen.add(text)
    return {"type": "choice", "prompt": prompt, "choices": choices, "answer": correct}


def _truefalse(prompt: str, correct: str) -> dict[str, Any]:
    value = correct.lower()
    if value not in ("true", "false"):
        raise _ResultError(
            f"a boolean question's answer should be True or False, not {quoted(correct)}"
        )
    return {"type": "truefalse", "prompt": prompt, "answer": value == "true"}


def _title(categories: list[str]) -> str | None:
    if not categories:
        return None
    if len(categories) == 1:
        return categories[0]
    if len(categories) <= 3:
        return ", ".join(categories[:-1]) + " and " + categories[-1]
    return "Open Trivia DB questions"


# --- encodings ----------------------------------------------------------------------------------


def _strings(results: list[Any]) -> Iterator[str]:
    for item in results:
        if not isinstance(item, dict):
            continue
        for name in ("question", "correct_answer", "category"):
            if isinstance(item.get(name), str):
                yield item[name]
        answers = item.get("incorrect_answers")
        if isinstance(answers, list):
            yield from (a for a in answers if isinstance(a, str))


def _encoding(results: list[Any]) -> Encoding:
    """How the API encoded the texts: `encode=base64`, `url3986`/`urlLegacy`, or the default."""
    types = [item.get("type") for item in results if isinstance(item, dict)]
    if types and all(isinstance(t, str) and t in _BASE64_TYPES for t in types):
        return "base64"
    texts = list(_strings(results))
    # URL encoding leaves no space (it is %20, or + in urlLegacy); the default keeps them.
    if not any(" " in t for t in texts) and any(_URL_ESCAPE.search(t) for t in texts):
        return "url"
    return "html"


def _from_base64(value: str) -> str:
    return base64.b64decode(value, validate=True).decode("utf-8")


def _from_url(value: str) -> str:
    # url3986 writes a real '+' as %2B, so a bare '+' can only be urlLegacy's space.
    return urllib.parse.unquote_plus(value, errors="strict")


_DECODERS: dict[Encoding, Callable[[str], str]] = {
    "html": html.unescape,
    "url": _from_url,
    "base64": _from_base64,
}


# --- where each result is -----------------------------------------------------------------------


def _result_lines(text: str, *, bare: bool) -> list[int]:
    """The 1-based line each result starts on, in order (the text is known to be valid JSON)."""
    decoder = json.JSONDecoder()
    at = _skip(text, 0)
    start: int | None = at if bare else None
    if not bare:
        at = _skip(text, at + 1)  # past '{'
        while at < len(text) and text[at] != "}":
            key, at = decoder.raw_decode(text, at)
            at = _skip(text, _skip(text, at) + 1)  # past ':'
            if key == "results" and text[at] == "[":
                start = at  # the last 'results' wins, as in json.loads
            _, at = decoder.raw_decode(text, at)
            at = _skip(text, at)
            if text[at] == ",":
                at = _skip(text, at + 1)
    if start is None:
        return []
    newlines = [i for i, char in enumerate(text) if char == "\n"]
    lines: list[int] = []
    at = _skip(text, start + 1)  # past '['
    while at < len(text) and text[at] != "]":
        lines.append(bisect.bisect_left(newlines, at) + 1)
        _, at = decoder.raw_decode(text, at)
        at = _skip(text, at)
        if text[at] == ",":
            at = _skip(text, at + 1)
    return lines


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in _WHITESPACE:
        at += 1
    return at
