"""The editor form's text for a field's value, and the value for the text typed, per widget.

Lists are one item a line; a right option is marked `* ` (`* Brussels`), its feedback
after ` // `; a match pair is `left => right`; a range `low, high`; updates, categories
and a correction (mappings) are edited as a little YAML, read back by the pack reader.
An empty text means the field is removed (None).
"""

from __future__ import annotations

from typing import Any

from ..kinds.form import FieldWidget
from ..packs.yamlread import YamlRefused, parse

LINES = frozenset(("items", "choices", "pairs", "records", "group"))
"""Widgets edited as several lines."""

PAIR = " => "
FEEDBACK = " // "
MARK = "* "


def is_true(value: Any) -> bool:
    """Whether a value read from a pack is YAML's true (the reader keeps it as text)."""
    return str(value).strip().lower() == "true"


def multiline(widget: FieldWidget, value: Any) -> bool:
    """Whether the field needs several lines (a list of quotes does too)."""
    return widget in LINES or (widget == "quote" and isinstance(value, list))


def to_text(widget: FieldWidget, value: Any) -> str:
    """The text the form shows for a value."""
    if value is None:
        return ""
    if widget == "choices" and isinstance(value, list):
        return "\n".join(_choice_line(item) for item in value)
    if widget == "pairs" and isinstance(value, list):
        return "\n".join(
            f"{item.get('left', '')}{PAIR}{item.get('right', '')}"
            if isinstance(item, dict)
            else str(item)
            for item in value
        )
    if widget == "range" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if widget in ("records", "group") or isinstance(value, dict):
        import yaml

        return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=76).rstrip()
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _choice_line(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    line = (MARK if is_true(item.get("correct")) else "") + str(item.get("text", ""))
    if item.get("feedback"):
        line += FEEDBACK + str(item["feedback"])
    return line


def from_text(widget: FieldWidget, text: str) -> Any:
    """The value for the text typed; None to remove the field; ValueError, with what is
    expected, for a text that is not one."""
    if not text.strip():
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if widget == "items":
        return lines
    if widget == "quote":
        return lines if len(lines) > 1 else lines[0]
    if widget == "choices":
        return _choices(lines)
    if widget == "pairs":
        pairs = []
        for line in lines:
            if PAIR.strip() not in line:
                raise ValueError(f"write each pair as 'left{PAIR}right': {line!r}")
            left, right = (part.strip() for part in line.split(PAIR.strip(), 1))
            pairs.append({"left": left, "right": right})
        return pairs
    if widget == "range":
        parts = [p.strip() for p in text.replace(";", ",").split(",")]
        if len(parts) != 2 or not all(parts):
            raise ValueError("write the range as two numbers: 'low, high'")
        return parts
    if widget in ("records", "group"):
        try:
            data = parse(text).data
        except YamlRefused as refused:
            issue = refused.issues[0]
            raise ValueError(f"line {issue.line}: {issue.message}") from None
        wanted = list if widget == "records" else dict
        if not isinstance(data, wanted):
            shape = (
                "a list of '- key: value' items" if widget == "records" else "'key: value' lines"
            )
            raise ValueError(f"write it as {shape}")
        return data
    return text.strip()


def _choices(lines: list[str]) -> list[Any]:
    """Options as texts, or as mappings when one is marked right or has feedback."""
    parsed: list[tuple[str, bool, str | None]] = []
    for line in lines:
        correct = line.startswith(MARK.strip())
        body = line[1:].strip() if correct else line
        words, _, after = body.partition(FEEDBACK)  # with its spaces: never a URL's //
        parsed.append((words.strip(), correct, after.strip() or None))
    if not any(right or note for _, right, note in parsed):
        return [words for words, _, _ in parsed]
    options: list[Any] = []
    for words, right, note in parsed:
        if not right and note is None:
            options.append(words)
            continue
        option: dict[str, Any] = {"text": words}
        if right:
            option["correct"] = "true"
        if note is not None:
            option["feedback"] = note
        options.append(option)
    return options
