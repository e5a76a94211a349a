"""Names in an article, found by rules (no model): people, places, organisations, news outlets
and nationalities, each with its label, for drafts and their distractors."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal


def word_list(text: str) -> list[str]:
    """The words of a text: how the long word lists below are written."""
    return text.split()


Label = Literal["person", "country", "city", "region", "organisation", "outlet", "group"]
"""The kinds of names: a distractor is always a name of the answer's kind (a country for a
country, a city for a city)."""

_WORD = r"[A-Z][\w'\u2019.&]*(?:-[A-Z]?[\w'\u2019]+)*"
_NAME = re.compile(
    rf"(?<![\w\-/])(?:{_WORD})(?:\s(?:(?:of|the|de|von|van|al|bin)\s)?(?:{_WORD}))*(?![\w\-/])"
)
"""A run of capitalised words, perhaps joined by `of` or `the` (`Bank of England`)."""

_QUOTED_TITLE = re.compile(
    r"[\"\u201c]((?:The |the )?[A-Z][\w'\u2019]*(?: [A-Z][\w'\u2019]*){0,4})[\"\u201d]"
)
"""A short title-case text in quotation marks: `"The Observer"`."""

OUTLETS = frozenset(
    word_list(
        """AP AFP Reuters dpa DW EFE ANSA Kyodo Xinhua TASS Interfax BBC CNN NPR PBS ABC CBS
    NBC Bloomberg Politico Axios Euronews"""
    )
) | frozenset(
    [
        "Associated Press",
        "Agence France-Presse",
        "Deutsche Welle",
        "Al Jazeera",
        "Fox News",
        "Sky News",
        "The Guardian",
        "The Observer",
        "The Times",
        "The New York Times",
        "The Washington Post",
        "The Wall Street Journal",
        "The Economist",
        "Financial Times",
        "Le Monde",
        "Der Spiegel",
        "Die Zeit",
        "El País",
    ]
)
"""News agencies and outlets: a name among these is an outlet."""

_OUTLET_WORDS = ("newspaper", "magazine", "broadcaster", "news agency", "daily", "weekly")
"""A name in quotation marks beside one of these words is an outlet (`"The Observer" newspaper`)."""

REGIONS = frozenset(
    word_list(
        """Africa America Asia Europe Oceania Antarctica Arctic Atlantic Pacific Mediterranean
    Baltic Balkans Caucasus Scandinavia Gaza Crimea"""
    )
) | frozenset(
    [
        "Latin America",
        "North America",
        "South America",
        "Middle East",
        "the Atlantic",
        "West Bank",
    ]
)
"""Continents, seas and regions: places that are not a country or a city."""

CITIES = frozenset(
    word_list(
        """Kyiv Kiev Moscow Beijing Brussels Berlin Paris London Washington Madrid Rome Vienna
    Warsaw Prague Budapest Oslo Stockholm Helsinki Copenhagen Amsterdam Geneva Strasbourg
    Ankara Istanbul Tehran Baghdad Damascus Jerusalem Cairo Tokyo Delhi Nairobi Ottawa
    Canberra Lisbon Athens Dublin Edinburgh Vilnius Riga Tallinn Minsk Tbilisi Bratislava
    Bucharest Sofia Belgrade Zagreb Sarajevo Hague"""
    )
) | frozenset(["New York", "The Hague"])
"""Cities."""

COUNTRIES = frozenset(
    word_list(
        """Afghanistan Albania Algeria Argentina Armenia Australia Austria Azerbaijan Belarus
    Belgium Bolivia Bosnia Brazil Britain Bulgaria Canada Chile China Colombia Croatia Cuba
    Cyprus Czechia Denmark Egypt England Estonia Ethiopia Finland France Georgia Germany
    Ghana Greece Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Japan
    Jordan Kazakhstan Kenya Korea Kosovo Latvia Lebanon Libya Lithuania Luxembourg
    Macedonia Mali Malta Mexico Moldova Montenegro Morocco Netherlands Nigeria Norway
    Pakistan Palestine Peru Poland Portugal Qatar Romania Russia Scotland Serbia Slovakia
    Slovenia Somalia Spain Sudan Sweden Switzerland Syria Taiwan Turkey Ukraine Venezuela
    Vietnam Wales Yemen US USA UK UAE"""
    )
) | frozenset(
    [
        "United States",
        "United Kingdom",
        "Great Britain",
        "South Africa",
        "South Korea",
        "North Korea",
        "New Zealand",
        "Saudi Arabia",
        "Czech Republic",
        "North Macedonia",
        "Bosnia and Herzegovina",
        "Bosnia-Herzegovina",
        "Trinidad and Tobago",
        "Antigua and Barbuda",
    ]
)
"""Countries (and the nations of the United Kingdom)."""

_JOINED = sorted((c for c in COUNTRIES if " and " in c), key=len, reverse=True)

PLACES = REGIONS | CITIES | COUNTRIES
"""Every place the rules know: a distractor of a place is a place of the same kind."""

_DEMONYMS = word_list(
    """African American Asian European Arctic Atlantic Afghan Albanian Algerian Argentine
    Armenian Australian Austrian Belarusian Belgian Bosnian Brazilian British Bulgarian
    Canadian Chilean Chinese Colombian Croatian Cuban Cypriot Czech Danish Dutch
    Egyptian English Estonian Ethiopian Finnish French Georgian German Greek Hungarian
    Icelandic Indian Indonesian Iranian Iraqi Irish Israeli Italian Japanese Jordanian
    Kenyan Korean Latvian Lebanese Libyan Lithuanian Mexican Moldovan Moroccan Nigerian
    Norwegian Pakistani Palestinian Polish Portuguese Romanian Russian Saudi Scottish
    Serbian Slovak Slovenian Somali Spanish Swedish Swiss Syrian Turkish Ukrainian
    Venezuelan Vietnamese Welsh Yemeni Republican Democratic Democrat Conservative
    Labour Liberal Socialist Green"""
)
GROUPS = frozenset(_DEMONYMS) | frozenset(
    w + "s" for w in _DEMONYMS if not w.endswith(("sh", "ch", "se", "ss"))
)
"""Nationalities and political families (`Norwegian`, `Europeans`, `Republican`)."""

_ORGANISATION_WORDS = frozenset(
    word_list(
        """Union Council Commission Parliament Assembly Ministry Department Agency Bank Court
    Party Organization Organisation Association Federation Alliance Committee Office
    Institute University Fund Forum Army Navy Police Congress Senate Government Cabinet
    Foundation Company Corporation Group Summit Treaty Nations"""
    )
)
"""A name holding one of these words is an organisation (`European Union`, `Bank of England`)."""

_NOT_NAMES = frozenset(
    word_list(
        """GDP GNP CEO TV PM AM OK ID HIV AIDS COVID Covid CO2 EU-US US-EU I The A An He She It
    They We You This That These Those There Here His Her Its Their Our My Your But And
    Or So If When While Although Though As At In On Of For From To By With Without After
    Before Since Until Many Some Most Much More Few Several All Any Each Every No Not
    Only Also However Meanwhile Still Yet Then What Who Whom Which Why How Where Mr Mrs
    Ms Dr Prof Sir Madam Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November
    December Secretary-General Secretary General President Prime Minister Chancellor
    Foreign Defense Defence Minister Ministers Secretary Leader Senator Governor Mayor
    King Queen Prince Pope Chairman Chair Director Spokesman Spokeswoman Spokesperson
    Ambassador Former New Article Section Chapter Part"""
    )
)
"""Capitalised words that are not names by themselves (sentence starts, titles, days, months)."""

_TITLES = frozenset(
    word_list(
        """Secretary-General President Prime Minister Chancellor Foreign Defense Defence
    Secretary Senator Governor Mayor King Queen Prince Pope Chairman Director Ambassador
    Mr Mrs Ms Dr Prof Sir Former Leader General"""
    )
)
"""Words that may open a person's name in the text (`President Donald Trump`) but are not
part of it."""


@dataclass(frozen=True, slots=True)
class Name:
    """A name as the article writes it, with its label and where it is in a sentence."""

    text: str
    label: Label
    start: int
    end: int
    """Offsets in the sentence (end excluded)."""


def names_in(sentence: str, people: set[str] | None = None) -> list[Name]:
    """The names of one sentence, in order. `people`: surnames and full names of the people
    the article has named so far (a lone `Stoltenberg` is then a person)."""
    found: list[Name] = []
    taken: list[tuple[int, int]] = []
    for match in _QUOTED_TITLE.finditer(sentence):
        title = match.group(1)
        after = sentence[match.end() : match.end() + 20].lower()
        before = sentence[max(0, match.start() - 20) : match.start()].lower()
        if title in OUTLETS or any(w in after or w in before for w in _OUTLET_WORDS):
            found.append(Name(title, "outlet", match.start(1), match.end(1)))
            taken.append((match.start(), match.end()))
    for joined in _JOINED:  # `Bosnia and Herzegovina`: one country, though `and` joins it
        for match in re.finditer(rf"(?<!\w){re.escape(joined)}(?!\w)", sentence):
            found.append(Name(joined, "country", match.start(), match.end()))
            taken.append((match.start(), match.end()))
    for match in _NAME.finditer(sentence):
        if any(a <= match.start() < b for a, b in taken):
            continue
        text, start = match.group(), match.start()
        # Titles and sentence openers before a name are not part of it.
        words = text.split(" ")
        while words and (words[0] in _TITLES or words[0] in _NOT_NAMES):
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[-1] in ("of", "the", "de", "von", "van", "al", "bin"):
            words = words[:-1]
        text = " ".join(words).rstrip(".")
        if text.endswith(("'s", "\u2019s")):
            text = text[:-2]  # a possessive: `Stoltenberg's article`
        if not text or text in _NOT_NAMES or text.isdigit():
            continue
        label = label_of(text, people or set())
        titled = start > match.start()
        unknown = label == "person" and text not in (people or set()) and not titled
        if unknown and not _looks_like_a_person(sentence[:start], sentence[start + len(text) :]):
            continue  # `Rapporteur on Visa Liberalization`: capitals, but no one
        if label is not None:
            found.append(Name(text, label, start, start + len(text)))
    found.sort(key=lambda n: n.start)
    return found


_ROLE_BEFORE = re.compile(
    r"(?:\b(?:leader|minister|president|chancellor|secretary|spokesman|spokeswoman"
    r"|spokesperson|rapporteur|senator|governor|mayor|chief|head|chair|chairman|director"
    r"|ambassador|candidate|lawmaker|mp|mep|member|activist|official|judge|singer|author"
    r"|said|says|wrote|told|added|according to)\s*,?)\s*$",
    re.IGNORECASE,
)
_ROLE_AFTER = re.compile(
    r"^(?:\s*,\s*(?:the|a|an|who|whose)\b|\s*\((?:[A-Z]|\d)|'s\b|\u2019s\b"
    r"|\s+(?:said|says|wrote|writes|told|tells|added|warned|argued|hinted|vowed|claimed|announced"
    r"|stressed|insisted|noted|declared|asked|replied|has|had|was|is)\b)"
)


def _looks_like_a_person(before: str, after: str) -> bool:
    """Whether the words around capitalised words make them a person: a role or a verb of
    saying before (`NATO leader ...`, `said ...`), or an apposition or a verb after
    (`..., the rapporteur`, `... said`)."""
    return bool(_ROLE_BEFORE.search(before) or _ROLE_AFTER.match(after))


def recurring_people(text: str, candidates: list[str]) -> set[str]:
    """Of two-to-four-word candidates (each as often as the text has it), those whose last
    word the text also uses alone (`Donald Trump` ... `Trump`): people, whatever the words
    around them."""
    words = Counter(re.findall(r"(?<![\w-])[\w'\u2019]+(?![\w-])", text))
    named = Counter(candidates)
    found: set[str] = set()
    for full, times in named.items():
        surname = full.split(" ")[-1]
        if " " in full and words[surname] > times:
            found.update([full, surname])
    return found


_PLACE_KINDS: tuple[tuple[Label, frozenset[str]], ...] = (
    ("country", COUNTRIES),
    ("city", CITIES),
    ("region", REGIONS),
)


def label_of(text: str, people: set[str]) -> Label | None:
    """The label of a name by the rules (None: not a name the drafts ask about)."""
    if text in OUTLETS:
        return "outlet"
    for label, places in _PLACE_KINDS:
        if text in places or text.removeprefix("the ") in places:
            return label
    if text in GROUPS:
        return "group"
    words = text.split(" ")
    if any(w in _ORGANISATION_WORDS for w in words):
        return "organisation"
    if len(words) == 1 and text.isupper() and 2 <= len(text) <= 6 and text.isalpha():
        return "organisation"  # an acronym: NATO, EU, UN
    if text in people:
        return "person"
    if 2 <= len(words) <= 4 and all(w[:1].isupper() and w[1:].islower() for w in words):
        return "person"  # two to four capitalised words, none of a place or organisation
    return None


ALIASES: tuple[frozenset[str], ...] = (
    frozenset(["US", "USA", "U.S.", "United States", "America"]),
    frozenset(["UK", "U.K.", "United Kingdom", "Britain", "Great Britain"]),
    frozenset(["EU", "European Union"]),
    frozenset(["UN", "United Nations"]),
    frozenset(["The Hague", "Hague"]),
    frozenset(["Kyiv", "Kiev"]),
    frozenset(["Bosnia", "Bosnia and Herzegovina", "Bosnia-Herzegovina"]),
    frozenset(["Macedonia", "North Macedonia"]),
)
"""Names that stand for the same thing: never a distractor of one another."""


def same_thing(a: str, b: str) -> bool:
    """Whether two names stand for the same thing: equal, one inside the other (`Trump`,
    `Donald Trump`; `Europe`, `Europeans`), or aliases (`US`, `United States`)."""
    x, y = _name_words(a), _name_words(b)
    shorter, longer = (x, y) if len(x) <= len(y) else (y, x)
    if shorter and all(word in longer for word in shorter):
        return True  # `Trump` in `Donald Trump`
    one_word = len(x) == len(y) == 1 and min(len(x[0]), len(y[0])) >= 4
    if one_word and (x[0].startswith(y[0]) or y[0].startswith(x[0])):
        return True  # `Europe`, `Europeans`
    return any(a in group and b in group for group in ALIASES)


def _name_words(name: str) -> list[str]:
    return [w for w in re.findall(r"[\w.]+", name.casefold()) if w != "the"]
