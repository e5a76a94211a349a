"""An article brought in from a saved web page or a copied text: its words and its metadata."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

HtmlElement = Any
"""An lxml element (lxml ships no type hints)."""

Kind = Literal["html", "text"]


class ArticleError(Exception):
    """The input holds no article that can be taken (an empty page, a binary file...)."""


@dataclass(frozen=True, slots=True)
class Found:
    """A piece of metadata and where it was found (`og:title`, `the date line 8`...)."""

    value: str
    origin: str


@dataclass(frozen=True, slots=True)
class Dropped:
    """Something left out of the article: a line of a copied text, or blocks of a page."""

    why: str
    """What it was taken for: `skip link`, `photo credit`, `menu`..."""
    text: str
    line: int | None = None
    """Its line in a text file (None for a page's blocks)."""
    count: int = 1
    """How many blocks of the page this stands for."""


@dataclass(slots=True)
class Article:
    """The article: its text as the pack's source file will hold it, and what was found."""

    kind: Kind
    text: str
    title: Found | None = None
    publisher: Found | None = None
    published: Found | None = None
    url: Found | None = None
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def published_date(self) -> dt.date | None:
        """The publication date as a date (None when not found)."""
        return dt.date.fromisoformat(self.published.value) if self.published else None


# --- dates in text ----------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_PREFIX = r"(?:(?:published|updated|posted|last updated|date|first published)(?:\s+on)?\s*:?\s*)?"
_TIME = r"(?:\s*(?:,|at|-|\u2013|\|)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[a-z]{2,5})?)?"
_DATE_FORMS = (
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # November 13, 2016
    rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}",  # 13 November 2016, Sun 13 Nov 2016
    r"(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2})",  # 2016-11-13
    r"(?P<eu_day>\d{1,2})\.(?P<eu_month>\d{1,2})\.(?P<eu_year>\d{4})",  # 13.11.2016
)
_DATE_LINES = tuple(re.compile(rf"^{_PREFIX}{form}{_TIME}$", re.I) for form in _DATE_FORMS)


def date_of_line(line: str) -> dt.date | None:
    """The date a line consists of ("November 13, 2016", "Published: 13 Nov 2016, 10:04
    GMT", "2016-11-13"), else None: a sentence that mentions a date is not a date line."""
    match = next((m for p in _DATE_LINES if (m := p.match(line.strip()))), None)
    if match is None:
        return None
    parts = match.groupdict()
    try:
        if parts.get("month"):
            return dt.date(int(parts["year"]), _MONTHS[parts["month"].lower()], int(parts["day"]))
        if parts.get("iso_year"):
            return dt.date(int(parts["iso_year"]), int(parts["iso_month"]), int(parts["iso_day"]))
        return dt.date(int(parts["eu_year"]), int(parts["eu_month"]), int(parts["eu_day"]))
    except ValueError:  # 31 February
        return None


# --- a page copied from a browser: the lines that are not the article ---------------------

# Each rule looks at the shape of a line, never at one site's words: a line that only names
# a link to skip, a media player's leftovers, a photo credit, a share button or a box
# heading is page furniture wherever it comes from.
_SKIP_LINK = re.compile(r"^(?:\d+\.\s*)?skip\s+(?:to|next|over|past|this|navigation)\b", re.I)
_NEXT_SECTION = re.compile(r"^(?:\d+\.\s*)?skip\s+next\s+section\b", re.I)
_DURATION = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_PLAYER = re.compile(
    r"(?:this|your) browser does not support (?:the )?(?:video|audio)|^(?:play|watch|listen)"
    r"(?: (?:the )?(?:video|audio|now|again))?$|^(?:video|audio) (?:unavailable|player)$",
    re.I,
)
_CREDIT = re.compile(
    r"^(?:(?:image|photo|picture|photograph|foto|bild|illustration|graphic|credits?|"
    r"(?:photo|image|picture) credits?|source image)\s*:\s*\S|photo(?:graph)?\s+by\s|"
    r"\(?(?:photo|image|picture)\s*:|(?:image|photo|picture|media) (?:source|caption|credit)s?,)",
    re.I,
)
_ONE_LINE_CLUTTER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ad", re.compile(r"^(?:advertisement|advertising|anzeige|sponsored(?: content)?|ad)$", re.I)),
    (
        "share button",
        re.compile(
            r"^(?:share(?: this)?(?: (?:article|story|page|post))?|share (?:on|via|to) [\w .]+|"
            r"tweet|e-?mail(?: this)?(?: article| story)?|print(?: this)?(?: article| page)?|"
            r"copy link|link copied|facebook|twitter|x|whatsapp|linkedin|reddit|telegram|"
            r"pinterest|bluesky|mastodon|comment|save|bookmark)$",
            re.I,
        ),
    ),
    (
        "link to another article",
        re.compile(
            r"^(?:read (?:also|more|next)|see also|also read|related|more on this)\s*:\s*\S", re.I
        ),
    ),
    (
        "cookie banner",
        re.compile(
            # Words addressed to the reader, not an article's sentence about cookies.
            r"\b(?:we|this (?:site|website)) uses? cookies\b|\baccept (?:all )?cookies\b|"
            r"\bcookie (?:settings|preferences)\b|\bour cookie policy\b",
            re.I,
        ),
    ),
    (
        "cookie banner",
        re.compile(
            r"^(?:accept(?: all)?|reject(?: all)?|i agree|agree and close|manage (?:preferences|"
            r"settings|options)|cookie settings|privacy settings)$",
            re.I,
        ),
    ),
    (
        "newsletter box",
        re.compile(
            r"\b(?:sign up|subscribe)\b.*\bour\b.*\bnewsletters?\b|"
            r"\bnewsletters?\b.*\byour inbox\b|^subscribe(?: now)?$",
            re.I,
        ),
    ),
    (
        "footer",
        re.compile(
            r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4})|all rights reserved|"
            r"^(?:imprint|impressum|privacy(?: policy)?|terms(?: of (?:use|service))?|"
            r"contact(?: us)?|about us|legal notice|accessibility|sitemap)$",
            re.I,
        ),
    ),
)
# A heading that starts the page's boxes after the article: everything from it on is left.
_TRAILER = re.compile(
    r"^(?:(?:\d+\.\s*)?skip\s+next\s+section\b.*|explore more|most (?:read|popular|viewed|shared)"
    r"|more (?:stories|articles|news)\b.*|related (?:stories|articles|content|topics|coverage)|"
    r"top stor(?:y|ies)|you (?:may|might) also (?:like|be interested in)|recommended(?: for you)?"
    r"|comments?(?: \(\d+\))?|\d+ comments?|show comments|latest (?:news|stories)|"
    r"trending(?: now)?|read (?:also|more|next)|see also|related)\s*:?$",
    re.I,
)
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door)\s+\S", re.I)
_SENTENCE_END = re.compile(r"[.!?:;\"'\u201d\u2019)\]]$")
_HEAD_LINES = 25
"""How many non-blank lines from the top the date line and the headline are looked for in."""


def _words(line: str) -> int:
    return len(line.split())


def _title_like(line: str, most: int = 15) -> bool:
    """A short line that does not end like a sentence: a headline, a label, a box title."""
    text = line.strip()
    return bool(text) and _words(text) <= most and not _SENTENCE_END.search(text)


def _headline_like(line: str) -> bool:
    """At most 25 words, and not ending with a full stop as a paragraph does."""
    text = line.strip()
    return _words(text) <= 25 and not text.endswith(".")


def _menu_like(line: str) -> bool:
    """At most three words and no sentence end: a menu entry or a section label."""
    return _title_like(line, 3)


def _furniture(lines: list[str]) -> dict[int, str]:
    """The lines that are page furniture wherever they stand, each with what it was taken
    for: skip links, video boxes and their titles, photo credits with their captions, and
    single lines such as an ad label, a share button or a cookie notice."""
    why: dict[int, str] = {}
    filled = [i for i, line in enumerate(lines) if line.strip()]
    blocks = _blocks(lines)

    def previous(index: int) -> int | None:
        """The non-blank line before `index`, with at most one blank line between."""
        for back in (index - 1, index - 2):
            if back < 0:
                return None
            if lines[back].strip():
                return back
        return None

    for index in filled:
        line = lines[index].strip()
        if _SKIP_LINK.match(line):
            why[index] = "skip link"
        elif _DURATION.match(line) or _PLAYER.search(line):
            why[index] = "video or audio box"
        elif _CREDIT.match(line) and _words(line) <= 12:
            why[index] = "photo credit"
            # The caption is the rest of the credit's block: lines printed with the photo.
            for other in blocks[index]:
                if other != index and _words(lines[other]) <= 40:
                    why.setdefault(other, "photo caption")
        else:
            for name, pattern in _ONE_LINE_CLUTTER:
                if pattern.search(line) and (_words(line) <= 25):
                    why[index] = name
                    break
    # A player's title is the short line just above its leftovers.
    for index in filled:
        if why.get(index) != "video or audio box":
            continue
        above = previous(index)
        while above is not None and why.get(above) == "video or audio box":
            above = previous(above)
        if above is not None and above not in why and _title_like(lines[above], 12):
            why[above] = "video title"
    return why


def clean_text(text: str) -> Article:
    """The article in a page copied from a browser, with the lines that are not the article
    left out (each recorded with why), its headline and its date line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    why = _furniture(lines)
    kept = [i for i in filled if i not in why]
    head = kept[:_HEAD_LINES]
    date_at = next((i for i in head if date_of_line(lines[i]) is not None), None)
    headline_at: int | None = None
    if date_at is not None:
        before = [i for i in kept if i < date_at and not _BYLINE.match(lines[i].strip())]
        # A paragraph above a date is not a headline (the date is then in the article).
        if before and _headline_like(lines[before[-1]]):
            headline_at = before[-1]
        else:
            date_at = None
    if headline_at is None:
        headline_at = next((i for i in head if not _menu_like(lines[i])), kept[0] if kept else None)
    if headline_at is not None:
        for index in kept:
            if index >= headline_at:
                break
            why[index] = "above the headline"
    # The article is over at the first box heading that follows some of its paragraphs.
    start = max(x for x in (headline_at, date_at, -1) if x is not None)
    body = [
        i for i in filled if i > start and (i not in why or _NEXT_SECTION.match(lines[i].strip()))
    ]
    paragraphs = 0
    for index in body:
        line = lines[index].strip()
        if paragraphs and _TRAILER.match(line) and (_NEXT_SECTION.match(line) or _words(line) <= 6):
            for rest in filled:
                if rest >= index:
                    why[rest] = "after the article"
            break
        if index not in why and not _title_like(line, 6):
            paragraphs += 1

    # The lines kept; the blank lines around a dropped one become one, none at either end.
    joined: list[str] = []
    for index, line in enumerate(lines):
        if index in why:
            continue
        if line.strip():
            joined.append(line.rstrip())
        elif joined and joined[-1]:
            joined.append("")
    while joined and not joined[-1]:
        joined.pop()
    article = Article("text", "\n".join(joined) + "\n" if joined else "")
    if headline_at is not None and headline_at not in why:
        article.title = Found(lines[headline_at].strip(), f"the headline, line {headline_at + 1}")
    if date_at is not None and date_at not in why:
        day = date_of_line(lines[date_at])
        assert day is not None
        article.published = Found(
            day.isoformat(), f"the date line {lines[date_at].strip()!r}, line {date_at + 1}"
        )
    article.dropped = [Dropped(why[i], lines[i].strip(), line=i + 1) for i in sorted(why)]
    return article


def _blocks(lines: list[str]) -> dict[int, list[int]]:
    """Each non-blank line's block: the run of non-blank lines it is part of."""
    blocks: dict[int, list[int]] = {}
    current: list[int] = []
    for index, line in enumerate(lines):
        if line.strip():
            current.append(index)
            blocks[index] = current
        else:
            current = []
    return blocks


# --- a saved web page --------------------------------------------------------------------

# What a block of a page left out of the article was, from the tag, class and id of it and
# its ancestors; the first name that matches wins, so the specific ones come first.
_BLOCK_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("skip links", re.compile(r"skip", re.I)),
    ("video or audio box", re.compile(r"^video$|^audio$|player", re.I)),
    ("cookie banner", re.compile(r"cookie|consent|gdpr", re.I)),
    ("caption or photo credit", re.compile(r"figcaption|caption|credit|^figure$", re.I)),
    ("share buttons", re.compile(r"share|social", re.I)),
    (
        "ad",
        re.compile(r"(?:^|[-_ ])ad(?:s|vert\w*|-slot|vertisement)?(?:$|[-_ ])|sponsor|promo", re.I),
    ),
    ("newsletter box", re.compile(r"newsletter|subscribe|signup|sign-up", re.I)),
    ("comments", re.compile(r"comment", re.I)),
    ("most read list", re.compile(r"most-?read|popular|trending|most-?viewed", re.I)),
    (
        "links to other articles",
        re.compile(
            r"related|read-?also|read-?more|see-?also|teaser|recommend|more-?stories|"
            r"top-?stor|explore",
            re.I,
        ),
    ),
    ("menu", re.compile(r"^nav$|nav|menu|breadcrumb|^header$|masthead", re.I)),
    ("footer", re.compile(r"^footer$|footer", re.I)),
    ("byline or date", re.compile(r"byline|author|^time$|date|meta", re.I)),
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
        "blockquote",
        "td",
        "dd",
        "dt",
        "button",
        "a",
        "time",
        "caption",
        "label",
        "address",
    ]
)
"""The elements whose text is one block of a page (the outermost of them is counted)."""
SENTENCE_WORDS = 8
"""An article has at least one paragraph of this many words."""
MAX_HTML_BYTES = 20 * 1024 * 1024
"""A saved page (scripts and styles included) is rarely over a few MB."""


def decode_html(raw: bytes) -> str:
    """The text of a page: UTF-8, else the charset its head declares, else Windows-1252."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", raw[:4096])
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("cp1252", errors="replace")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def from_html(html: str) -> Article:
    """The article of a saved page, by trafilatura (made for news pages), with its
    metadata; ArticleError when no article text is found."""
    # Imported here: trafilatura and lxml take a noticeable time to load, and only this
    # command needs them.
    import lxml.html  # type: ignore[import-untyped]
    from trafilatura import bare_extraction

    document: Any = bare_extraction(
        html, with_metadata=True, include_comments=False, favor_precision=True
    )
    body = (getattr(document, "text", None) or "") if document is not None else ""
    paragraphs = [_CONTROL.sub("", p).strip() for p in body.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several kinds on a page it cannot parse at all
        tree = None
    title = _title(tree, document)
    # A page whose "article" has no sentence (a login page, a list of links) is not one.
    if not any(_words(p) >= SENTENCE_WORDS for p in paragraphs):
        raise ArticleError("no article text found in this page (is it the article's own page?)")
    if tree is not None:
        paragraphs = _rescued(tree, paragraphs)
    paragraphs, furniture = _without_furniture(paragraphs, title.value if title else None)
    article = Article("html", "\n\n".join(paragraphs) + "\n")
    article.title = title
    if tree is not None:
        article.publisher = _publisher(tree)
        article.url = _url(tree)
        article.published = _published(html, tree)
        reported = {_norm(d.text) for d in furniture}
        article.dropped = _dropped_blocks(tree, paragraphs, reported)
    article.dropped += _grouped(furniture)
    site = getattr(document, "sitename", None)
    # trafilatura falls back on the host name, which is an address, not a publisher's name.
    if article.publisher is None and site and not re.fullmatch(r"[\w.-]+\.[a-z]{2,}", site):
        article.publisher = Found(_clean(str(site)), "trafilatura's site name")
    if article.publisher is None and tree is not None:
        article.publisher = _title_suffix(tree)
    if article.url is None and getattr(document, "url", None):
        article.url = Found(str(document.url), "trafilatura")
    return article


def _norm(text: str) -> str:
    return " ".join(text.split())


def _without_furniture(paragraphs: list[str], title: str | None) -> tuple[list[str], list[Dropped]]:
    """The paragraphs with the headline first (once) and without what the copied-text rules
    take for furniture (a video box trafilatura kept, a section label above the headline)."""
    found = next(
        (i for i, p in enumerate(paragraphs[:4]) if title and _norm(p) == _norm(title)), None
    )
    dropped: list[Dropped] = []
    if found is not None:
        for label in paragraphs[:found]:
            if _menu_like(label):
                dropped.append(Dropped("section label above the headline", label))
        paragraphs = [p for p in paragraphs[:found] if not _menu_like(p)] + paragraphs[found:]
    elif title:
        paragraphs = [title, *paragraphs]  # the headline is part of what may be quoted
    lines = "\n\n".join(paragraphs).split("\n")
    why = _furniture(lines)
    kept = [line for i, line in enumerate(lines) if line.strip() and i not in why]
    dropped += [Dropped(why[i], lines[i].strip()) for i in sorted(why)]
    return kept, dropped


def _grouped(dropped: list[Dropped]) -> list[Dropped]:
    """Dropped paragraphs counted by what they were, as a page's blocks are."""
    texts: dict[str, list[str]] = {}
    for item in dropped:
        texts.setdefault(item.why, []).append(_clip(item.text, 60))
    return [Dropped(why, " / ".join(t[:3]), count=len(t)) for why, t in texts.items()]


_NOT_ARTICLE_TAGS = frozenset(
    [
        *("figure", "figcaption", "aside", "nav", "footer", "header", "form", "button"),
        *("video", "audio", "noscript", "script", "style", "template", "iframe", "select"),
        "label",
    ]
)
"""Elements whose paragraphs are never the article's, wherever they are."""
_NOT_ARTICLE_KINDS = frozenset(
    [
        *("cookie banner", "caption or photo credit", "share buttons", "ad", "newsletter box"),
        *("comments", "most read list", "menu", "footer"),
    ]
)
"""What a block named so (by class or id) is, when it is never the article's."""
_PARAGRAPH_TAGS = ("p", "blockquote")


def _rescued(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """trafilatura's paragraphs, with the paragraphs of the article's own element that it
    left out put back in their place: a standfirst classed as a teaser, the byline, the
    date line as the page shows it, the agency line at the end. Only where its paragraphs
    share an element below <body>; never a paragraph of a figure, of a box named as
    clutter, or one that is mostly a link."""
    body = tree.find("body")
    if body is None:
        return paragraphs
    # The list keeps every element's Python proxy alive: lxml then hands out the same one
    # for a node each time, so ids stay valid as keys.
    order = list(body.iter())
    position = {id(element): number for number, element in enumerate(order)}
    by_text: dict[str, Any] = {}
    for element in body.iter(*_PARAGRAPH_TAGS, "h1", "h2", "h3", "li"):
        by_text.setdefault(_norm(element.text_content()), element)
    matched = [by_text.get(_norm(p)) for p in paragraphs]
    elements = [e for e in matched if e is not None]
    if len(elements) < 2:
        return paragraphs
    container = _common_ancestor(elements)
    if container is None or container.tag in ("body", "html"):
        return paragraphs
    kept = {_norm(p) for p in paragraphs}
    rescued: list[tuple[int, str]] = []
    for element in container.iter(*_PARAGRAPH_TAGS, "time"):
        text = _norm(_CONTROL.sub("", element.text_content()))
        if not text or text in kept or not _article_paragraph(element, container):
            continue
        if element.tag == "time" and date_of_line(text) is None:
            continue  # a date line as the page shows it, as a copied page keeps it
        links = sum(len(_norm(a.text_content())) for a in element.iter("a"))
        if links > len(text) / 2:
            continue  # a link to another article, not a paragraph of this one
        rescued.append((position[id(element)], text))
        kept.add(text)
    if not rescued:
        return paragraphs
    # Each rescued paragraph goes before the first kept one that follows it on the page.
    placed = [
        (position[id(e)] if e is not None else None, p)
        for e, p in zip(matched, paragraphs, strict=True)
    ]
    result: list[str] = []
    pending = sorted(rescued)
    for where, paragraph in placed:
        while pending and where is not None and pending[0][0] < where:
            result.append(pending.pop(0)[1])
        result.append(paragraph)
    result += [text for _, text in pending]
    return result


def _article_paragraph(element: HtmlElement, container: HtmlElement) -> bool:
    """Whether no element from this one up to the article's is furniture by tag or name."""
    node = element
    while node is not None and node is not container:
        if node.tag in _NOT_ARTICLE_TAGS:
            return False
        if _named_kind(node) in _NOT_ARTICLE_KINDS:
            return False
        node = node.getparent()
    return True


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement | None:
    """The deepest element that holds all of these."""
    first = [elements[0], *elements[0].iterancestors()]
    others = [{id(a) for a in [e, *e.iterancestors()]} for e in elements[1:]]
    return next((a for a in first if all(id(a) in o for o in others)), None)


def _json_ld(tree: HtmlElement) -> list[dict[str, object]]:
    """The JSON-LD objects of a page (an `@graph` flattened), those that parse."""
    found: list[dict[str, object]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return found


def _articles(tree: HtmlElement) -> list[dict[str, object]]:
    """The JSON-LD objects that describe an article (or, failing that, any with a headline)."""
    items = _json_ld(tree)
    typed = [i for i in items if "Article" in str(i.get("@type", "")) or "headline" in i]
    return typed


def _meta(tree: HtmlElement, *names: str) -> str | None:
    for name in names:
        for attribute in ("property", "name", "itemprop"):
            values = tree.xpath(f'//meta[@{attribute}="{name}"]/@content')
            for value in values:
                if str(value).strip():
                    return str(value).strip()
    return None


def _clean(value: str) -> str:
    return " ".join(_CONTROL.sub("", value).split())


def _title(tree: HtmlElement | None, document: object) -> Found | None:
    """og:title, JSON-LD headline, <title> less its " | Site" part, trafilatura's."""
    if tree is not None:
        og = _meta(tree, "og:title")
        if og:
            return Found(_clean(og), "og:title")
        for item in _articles(tree):
            headline = item.get("headline")
            if isinstance(headline, str) and headline.strip():
                return Found(_clean(headline), "JSON-LD headline")
        titles = tree.xpath("//title/text()")
        if titles and str(titles[0]).strip():
            text = _clean(str(titles[0]))
            parts = re.split(r"\s+[|\u2013\u2014-]\s+", text)
            if len(parts) > 1 and len(parts[0]) >= 10:
                text = parts[0]  # "Headline | Site": the site is the publisher, not the title
            return Found(text, "<title>")
    title = getattr(document, "title", None)
    return Found(_clean(str(title)), "trafilatura") if title else None


def _title_suffix(tree: HtmlElement) -> Found | None:
    """The site named after the headline in <title> ("Headline | Site"), if any."""
    titles = tree.xpath("//title/text()")
    parts = re.split(r"\s+[|\u2013\u2014-]\s+", _clean(str(titles[0]))) if titles else []
    if len(parts) > 1 and len(parts[0]) >= 10 and 0 < len(parts[-1]) <= 60:
        return Found(parts[-1], "<title> after the headline")
    return None


def _publisher(tree: HtmlElement) -> Found | None:
    """JSON-LD publisher.name, else og:site_name."""
    for item in _articles(tree):
        publisher = item.get("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        name = publisher.get("name") if isinstance(publisher, dict) else None
        if isinstance(name, str) and name.strip():
            return Found(_clean(name), "JSON-LD publisher.name")
        if isinstance(publisher, str) and publisher.strip():
            return Found(_clean(publisher), "JSON-LD publisher")
    site = _meta(tree, "og:site_name")
    return Found(_clean(site), "og:site_name") if site else None


def _url(tree: HtmlElement) -> Found | None:
    """<link rel=canonical>, else og:url."""
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        if str(href).strip().startswith(("http://", "https://")):
            return Found(_clean(str(href)), "<link rel=canonical>")
    og = _meta(tree, "og:url")
    return Found(_clean(og), "og:url") if og and og.startswith(("http://", "https://")) else None


def _published(html: str, tree: HtmlElement) -> Found | None:
    """The original publication date by htmldate, said where the page gives it."""
    from htmldate import find_date

    try:
        found = find_date(html, original_date=True, outputformat="%Y-%m-%d", extensive_search=False)
    except Exception:  # htmldate raises on pages it cannot parse; no date is then found
        found = None
    if not found:
        return None
    candidates: list[tuple[str, str]] = []
    for item in _articles(tree):
        value = item.get("datePublished")
        if isinstance(value, str):
            candidates.append((value, "JSON-LD datePublished"))
    for name in ("article:published_time", "datePublished", "date", "pubdate"):
        value = _meta(tree, name)
        if value:
            candidates.append((value, f"meta {name}"))
    for value in tree.xpath("//time/@datetime"):
        candidates.append((str(value), "<time datetime>"))
    for value, origin in candidates:
        if value.strip().startswith(found):
            return Found(found, origin)
    return Found(found, "htmldate")


def _dropped_blocks(tree: HtmlElement, kept: list[str], reported: set[str]) -> list[Dropped]:
    """The page's text blocks that are not in the article, counted by what they are: each
    outermost paragraph, list item, heading, caption, button or link."""
    kept_text = " ".join(" ".join(p.split()) for p in kept)
    body = tree.find("body")
    if body is None:
        return []
    counts: Counter[str] = Counter()
    samples: dict[str, list[str]] = {}
    for element in body.iter(*_BLOCK_TAGS):
        if any(a.tag in _BLOCK_TAGS for a in element.iterancestors()):
            continue  # counted with the block it is in
        text = " ".join(" ".join(element.itertext()).split())
        if not text or text in kept_text or text in reported:
            continue
        what = _kind_of(element) or "other"
        counts[what] += 1
        samples.setdefault(what, []).append(_clip(text, 60))
    return [Dropped(what, " / ".join(samples[what][:3]), count=counts[what]) for what in counts]


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "\u2026"


def _kind_of(element: HtmlElement) -> str | None:
    """What a left-out block is, from the names of it and its ancestors (nearest first)."""
    for node in [element, *element.iterancestors()]:
        what = _named_kind(node)
        if what is not None:
            return what
    return None


def _named_kind(node: HtmlElement) -> str | None:
    """What an element's tag, class or id names it as (`menu`, `ad`...), if anything."""
    names = [str(node.tag), str(node.get("class", "")), str(node.get("id", ""))]
    for name in names:
        for part in name.split():
            for what, pattern in _BLOCK_KINDS:
                if pattern.search(part):
                    return what
    return None
