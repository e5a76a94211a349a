"""The `evidence` kind: which sentence of the article supports a claim (media literacy)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from ..core.grading import Grade, require_str
from ..core.grounding import SourceText, normalise_passage
from ..core.model import QuestionBase, Strict, Text
from .base import CannotExport, Found, GiftWriter, Kind, Loc, Presented, pick_numbers
from .form import FieldWidget
from .gifttext import distinct
from .registry import register

DEFAULT_PROMPT = "Which sentence of the article supports this claim?"
"""The prompt when a question gives only its `claim` (which is then shown after it)."""

DEFAULT_DISTRACTORS = 3
"""Wrong sentences drawn from the source when the author gives no `choices`."""

MAX_DISTRACTORS = 8
"""At most this many drawn: with the right one, nine options, each on a number key."""

NEAR_COPY = 80.0
"""A sentence at least this alike to the answer (rapidfuzz ratio, 0-100, of the normalised,
casefolded texts) is a near-copy: never drawn as a distractor, since it would be right too
or tell the answer away."""

MIN_WORDS = 5
"""Sentences with fewer words (a headline, a date line, a byline) are never drawn: they
would be given away by their shape."""


def _prompt_with_claim(data: Any) -> Any:
    """Put the claim in the prompt, which every front end shows: `Which sentence ... claim?
    “NATO ...”`. A prompt that already holds the claim (a dumped question) is left alone."""
    if not isinstance(data, dict) or not isinstance(data.get("claim"), str):
        return data
    claim = data["claim"].strip()
    prompt = data.get("prompt")
    if prompt is None:
        prompt = DEFAULT_PROMPT
    if not isinstance(prompt, str) or not claim or claim in prompt:
        return data
    return {**data, "prompt": f"{prompt.rstrip()} \u201c{claim}\u201d"}


class Prepared(Strict):
    """What the game takes from the source once the question is checked: kept with the
    question (a cached pack keeps it too), never written by an author."""

    drawn: tuple[str, ...] = ()
    """The wrong sentences drawn from the source (none when the author gives `choices`)."""
    in_source_order: tuple[str, ...] = ()
    """Every option, in the order they come in the article."""
    context: tuple[str | None, str, str | None] | None = None
    """The sentence before the right one, the right one(s) as the article has them, and the
    sentence after."""


class EvidenceQuestion(QuestionBase):
    """Pick the sentence of the source that supports a claim, among other sentences of it."""

    type: Literal["evidence"]
    prompt: Text = Field(
        default=DEFAULT_PROMPT,
        description="What to ask; by default 'Which sentence of the article supports this"
        " claim?', followed by the `claim`.",
    )
    claim: Text | None = Field(
        default=None, description="The claim the right sentence supports, shown in the prompt."
    )
    answer: Text = Field(description="The sentence that supports the claim, verbatim.")
    choices: Annotated[list[Text], Field(min_length=1, max_length=MAX_DISTRACTORS)] | None = Field(
        default=None,
        description="Other sentences of the source, verbatim, offered as wrong options; when"
        " absent, `distractors` sentences are drawn from the source.",
    )
    distractors: Annotated[int, Field(ge=1, le=MAX_DISTRACTORS)] | None = Field(
        default=None,
        description=f"How many wrong sentences to draw from the source when `choices` is"
        f" absent (default {DEFAULT_DISTRACTORS}).",
    )
    shuffle: bool = Field(
        default=True, description="Shuffle the options; `false` keeps the article's order."
    )

    prepared: SkipJsonSchema[Prepared | None] = None
    """Filled in from the source by `EvidenceKind.prepare` (not part of the pack format)."""

    _claim_in_prompt = model_validator(mode="before")(_prompt_with_claim)

    @property
    def wrong_options(self) -> tuple[str, ...]:
        """The wrong sentences: the author's `choices`, or those drawn from the source."""
        if self.choices is not None:
            return tuple(self.choices)
        return self.prepared.drawn if self.prepared is not None else ()

    @property
    def option_texts(self) -> tuple[str, ...]:
        """Every option, in the article's order once prepared (else the answer first), with
        its typography made uniform: curly quotes in the author's answer and straight ones
        in drawn sentences would tell the answer away."""
        in_order = self.prepared.in_source_order if self.prepared is not None else ()
        texts = in_order or (self.answer, *self.wrong_options)
        return tuple(normalise_passage(text) for text in texts)

    def is_answer(self, text: str) -> bool:
        """Whether an option text is the right sentence (typography forgiven)."""
        return normalise_passage(text) == normalise_passage(self.answer)

    @property
    def context(self) -> tuple[str | None, str, str | None] | None:
        """The sentence before the right one, the right one(s) as the article has them, and
        the sentence after; None before the question is prepared from its source."""
        return self.prepared.context if self.prepared is not None else None


def _compared(text: str) -> str:
    return normalise_passage(text).casefold()


def near_copy(a: str, b: str) -> bool:
    """Whether two sentences are (nearly) the same: alike by `NEAR_COPY` or more, or one
    holding the other."""
    from rapidfuzz import fuzz

    x, y = _compared(a), _compared(b)
    return x in y or y in x or fuzz.ratio(x, y) >= NEAR_COPY


def candidates(source: SourceText, answer: str) -> list[str]:
    """The sentences a distractor may be drawn from, in the article's order: long enough,
    none the answer's own sentence nor a near-copy of the answer, each once."""
    span = source.sentence_span(answer)
    own = range(span[0], span[1] + 1) if span else range(0)
    found: list[str] = []
    seen: set[str] = set()
    for index, sentence in enumerate(source.sentence_list()):
        if index in own or len(sentence.text.split()) < MIN_WORDS:
            continue
        if sentence.normalised in seen or near_copy(sentence.text, answer):
            continue
        seen.add(sentence.normalised)
        found.append(sentence.text)
    return found


def draw_distractors(source: SourceText, answer: str, count: int, seed: str) -> tuple[str, ...]:
    """`count` wrong sentences from the source, the same for the same seed (fewer when the
    source has too few): never the answer or a near-copy of it, nor two near-copies."""
    pool = candidates(source, answer)
    random.Random(seed).shuffle(pool)
    drawn: list[str] = []
    for sentence in pool:
        if len(drawn) == count:
            break
        if not any(near_copy(sentence, other) for other in drawn):
            drawn.append(sentence)
    return tuple(drawn)


def _source_position(source: SourceText, text: str) -> int:
    span = source.sentence_span(text)
    return span[0] if span else len(source.sentence_list())


class EvidenceKind(Kind[EvidenceQuestion]):
    """Pick the sentence of the article that supports a claim."""

    name = "evidence"
    model = EvidenceQuestion
    answer_widget = "game.ui.answers:SENTENCE"
    form_widgets: ClassVar[dict[str, FieldWidget]] = {
        "answer": "sentence",
        "claim": "long-text",
        "choices": "items",
    }
    quote_field = "answer"

    # --- the pack ---------------------------------------------------------------------------

    def problems(self, question: EvidenceQuestion) -> Iterator[Found]:
        if question.claim is None and "prompt" not in question.model_fields_set:
            yield (
                "missing-key",
                (),
                "an 'evidence' question needs a 'claim' (or its own 'prompt') for players to"
                " find the evidence of",
            )
        if question.prepared is not None:
            yield (
                "unknown-key",
                ("prepared",),
                "'prepared' is filled in by the game from the source file; remove it",
            )
        if question.choices is not None and question.distractors is not None:
            yield (
                "choices-and-distractors",
                ("distractors",),
                "give either 'choices' (your own wrong sentences) or 'distractors' (how many"
                " to draw from the source), not both",
            )
        answer = normalise_passage(question.answer)
        seen: set[str] = set()
        for index, choice in enumerate(question.choices or []):
            key = normalise_passage(choice)
            if key == answer:
                yield (
                    "choice-is-answer",
                    ("choices", index),
                    f"the sentence '{choice}' is the answer itself; 'choices' are the wrong"
                    " sentences",
                )
            elif key in seen:
                yield (
                    "repeated-option",
                    ("choices", index),
                    f"the sentence '{choice}' appears more than once",
                )
            seen.add(key)

    def passages(self, question: EvidenceQuestion) -> Iterator[tuple[Loc, str]]:
        yield ("answer",), question.answer
        for index, choice in enumerate(question.choices or []):
            yield ("choices", index), choice

    def answer_texts(self, question: EvidenceQuestion) -> list[str]:
        return [question.answer]

    def shown_texts(self, question: EvidenceQuestion) -> list[tuple[Loc, str]]:
        # The claim first: the prompt holds it too, but a default prompt has no line.
        claim: list[tuple[Loc, str]] = (
            [(("claim",), question.claim)] if question.claim is not None else []
        )
        return claim + super().shown_texts(question)

    def shown_options(self, question: EvidenceQuestion) -> list[tuple[Loc, str]]:
        if question.choices is None:  # the sentences drawn from the source, once prepared
            drawn = question.wrong_options
            return [(("distractors", i), sentence) for i, sentence in enumerate(drawn)]
        return [(("choices", i), choice) for i, choice in enumerate(question.choices)]

    def feedback_texts(self, question: EvidenceQuestion) -> list[tuple[Loc, str]]:
        # `feedback_lines` shows the answer in its context: the sentences either side.
        if question.context is None:
            return []
        before, _, after = question.context
        around = [(("answer", "before"), before), (("answer", "after"), after)]
        return [(loc, text) for loc, text in around if text]

    def source_problems(
        self, question: EvidenceQuestion, source: SourceText | None
    ) -> Iterator[Found]:
        if source is None:
            yield (
                "no-source",
                ("type",),
                "an evidence question needs the pack's source file (source: file:), to take"
                " its sentences from",
            )
            return
        if question.choices is not None or not source.contains(question.answer):
            return  # a passage not in the source is reported with its closest passage
        wanted = question.distractors or DEFAULT_DISTRACTORS
        available = len(draw_distractors(source, question.answer, wanted, question.id))
        if available < wanted:
            yield (
                "too-few-sentences",
                ("distractors",) if question.distractors is not None else ("answer",),
                f"the source has only {available} other sentence(s) of {MIN_WORDS} words or"
                f" more that are not near-copies of the answer, and {wanted} are to be drawn:"
                " lower 'distractors' or give your own 'choices'",
            )

    def prepare(
        self, question: EvidenceQuestion, source: SourceText | None, seed: str
    ) -> EvidenceQuestion:
        if source is None:
            return question
        drawn: tuple[str, ...] = ()
        if question.choices is None:
            wanted = question.distractors or DEFAULT_DISTRACTORS
            drawn = draw_distractors(source, question.answer, wanted, seed)
        texts = [question.answer, *(question.choices or drawn)]
        in_order = tuple(sorted(texts, key=lambda text: _source_position(source, text)))
        context = None
        span = source.sentence_span(question.answer)
        if span is not None:
            sentences = source.sentences()
            first, last = span
            before, after = source.context(question.answer)
            context = (before, " ".join(sentences[first : last + 1]), after)
        prepared = Prepared(drawn=drawn, in_source_order=in_order, context=context)
        return question.model_copy(update={"prepared": prepared})

    # --- playing ----------------------------------------------------------------------------

    def options(self, question: EvidenceQuestion, rng: random.Random) -> tuple[str, ...]:
        texts = list(question.option_texts)
        if question.shuffle:
            rng.shuffle(texts)
        return tuple(texts)

    def grade(self, question: EvidenceQuestion, response: Any) -> Grade:
        require_str(response, "an evidence answer")
        return Grade(1.0) if question.is_answer(response) else Grade(0.0)

    def correct_text(self, question: EvidenceQuestion) -> str:
        return normalise_passage(question.answer)

    def feedback_lines(self, question: EvidenceQuestion, response: Any) -> list[str]:
        context = question.context
        if context is None:
            return []
        before, sentence, after = context
        parts = [f"\u2026 {before}" if before else "", f"\u00bb {sentence} \u00ab"]
        parts.append(f"{after} \u2026" if after else "")
        return ["In the article: " + " ".join(p for p in parts if p)]

    def instruction(self, presented: Presented) -> str:
        return f"Answer with a number from 1 to {len(presented.options)}."

    def parse(self, presented: Presented, text: str) -> Any:
        return presented.options[pick_numbers(text, len(presented.options), exactly=1)[0] - 1]

    # --- export -----------------------------------------------------------------------------

    def gift_texts(self, question: EvidenceQuestion) -> tuple[list[str], list[str]]:
        return list(question.option_texts), []

    def gift_feedback(self, question: EvidenceQuestion) -> list[str]:
        return self.feedback_lines(question, None)  # the right sentence in its context

    def gift_left_out(self, question: EvidenceQuestion) -> list[str]:
        return [] if question.shuffle else ["the article's order of the sentences (shuffle: false)"]

    def gift(self, question: EvidenceQuestion, writer: GiftWriter) -> list[str]:
        if not question.wrong_options:
            raise CannotExport(
                "it has no wrong sentences: they are drawn from the source when the pack is"
                " loaded from its file"
            )
        texts = question.option_texts
        distinct([writer.text(t) for t in texts], "options")
        lines = []
        for text in texts:
            written = writer.text(text)
            mark = "=" if question.is_answer(text) else "~%0%" if written.startswith("%") else "~"
            lines.append(mark + written)
        return lines

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        question = cast(EvidenceQuestion, presented.question)
        return next(o for o in presented.options if question.is_answer(o) == right)


EVIDENCE = register(EvidenceKind())
"""The registered `evidence` kind."""
