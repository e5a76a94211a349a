"""Taking an article out of a saved page or a copied text: every paragraph kept word for
word, none of the page's clutter, and the metadata with where it was found."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from game.authoring.article import (
    ArticleError,
    clean_text,
    date_of_line,
    from_html,
)
from game.core.sniff import looks_like_html
from tests.conftest import REPO

ARTICLES = REPO / "tests" / "data" / "articles"
SEED = ARTICLES / "dw-nato-copied-from-browser.txt"
NATO_SOURCE = REPO / "questions" / "sources" / "nato-us-europe-2016.txt"


def test_the_seed_copy_is_the_project_seed() -> None:
    """The copy in tests/data is the seed itself, where the shared folder is beside the repo."""
    shared = REPO.parent / "shared" / "seeds" / "000_c090487b2a39decb.txt"
    if shared.exists():  # in CI and here `shared/` is beside the clone; elsewhere the copy rules
        assert shared.read_bytes() == SEED.read_bytes()


def test_the_copied_dw_page_gives_the_nato_packs_source_byte_for_byte() -> None:
    article = clean_text(SEED.read_text(encoding="utf-8"))
    assert article.text == NATO_SOURCE.read_text(encoding="utf-8")
    assert article.title is not None and article.title.value == "NATO: US, Europe need each other"
    assert article.published is not None and article.published.value == "2016-11-13"
    assert "line 8" in article.published.origin
    assert article.publisher is None and article.url is None
    dropped = {(d.line, d.why) for d in article.dropped}
    assert dropped == {
        (1, "skip link"),
        (2, "skip link"),
        (3, "skip link"),
        (4, "above the headline"),
        (12, "photo caption"),
        (13, "photo credit"),
        (27, "video title"),
        (29, "video or audio box"),
        (31, "video or audio box"),
        (35, "after the article"),
        (36, "after the article"),
        (38, "after the article"),
        (40, "after the article"),
    }


# A page of another (invented) paper as a browser copies it, with its clutter.
COPIED = """\
Skip to main content
Menu
Home
World
Politics
We use cookies to give you the best experience. By continuing you accept our cookie policy.
Accept all
Harbour city approves a new sea wall
By Jana Novak
Published: 3 March 2025, 14:05 CET
Share
Share on Facebook
The city council of Porto Nuevo approved on Monday a plan to build a sea wall of 2.4 \
kilometres along the old harbour, after three winters of flooding.

Workers repair the quay after the January storm.
Photo: Luis Ortega/Harbour Herald

The wall will cost 38 million euros, of which the regional government pays half. Work is \
to start in the autumn and last two years.
Advertisement
Read also: Fishermen fear for their moorings
"This is the most important decision of this council," said the mayor, Rosa Ibarra. Critics \
say the wall will cut the old town off from the sea.

Harbour wall explained
02:41
Your browser does not support the video element.

The council will hold a public hearing on the design in April.
Sign up for our newsletter and get the Herald in your inbox every morning.
Subscribe
Most read
Ferry strike called off
New bridge opens to cyclists
Comments (14)
© 2025 Harbour Herald. All rights reserved.
"""

PARAGRAPHS = (
    "The city council of Porto Nuevo approved on Monday a plan to build a sea wall of 2.4"
    " kilometres along the old harbour, after three winters of flooding.",
    "The wall will cost 38 million euros, of which the regional government pays half. Work is"
    " to start in the autumn and last two years.",
    '"This is the most important decision of this council," said the mayor, Rosa Ibarra.'
    " Critics say the wall will cut the old town off from the sea.",
    "The council will hold a public hearing on the design in April.",
)

CLUTTER = (
    "Skip to main content",
    "Menu",
    "Politics",
    "cookie",
    "Accept all",
    "Share",
    "Facebook",
    "Workers repair the quay",
    "Luis Ortega",
    "Advertisement",
    "Fishermen fear",
    "Harbour wall explained",
    "02:41",
    "browser does not support",
    "newsletter",
    "Subscribe",
    "Most read",
    "Ferry strike",
    "New bridge",
    "Comments",
    "All rights reserved",
)


def test_a_copied_page_keeps_every_paragraph_and_none_of_the_clutter() -> None:
    article = clean_text(COPIED)
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    for clutter in CLUTTER:
        assert clutter not in article.text, clutter
    assert article.text.startswith("Harbour city approves a new sea wall\nBy Jana Novak\n")
    assert (
        article.title is not None and article.title.value == "Harbour city approves a new sea wall"
    )
    assert article.published is not None and article.published.value == "2025-03-03"
    whys = {d.text: d.why for d in article.dropped}
    assert whys["Photo: Luis Ortega/Harbour Herald"] == "photo credit"
    assert whys["Workers repair the quay after the January storm."] == "photo caption"
    assert whys["Harbour wall explained"] == "video title"
    assert whys["Menu"] == "above the headline"
    assert whys["Accept all"] in ("cookie banner", "above the headline")
    assert whys["Most read"] == "after the article"
    assert whys["© 2025 Harbour Herald. All rights reserved."] == "after the article"


def test_a_copied_text_without_a_date_line_takes_its_first_headline() -> None:
    text = (
        "News\nRiver festival moves to June this year\n\nThe river festival will take place"
        " in June, the organisers said on Friday, because of the spring floods.\n"
    )
    article = clean_text(text)
    assert article.title is not None
    assert article.title.value == "River festival moves to June this year"
    assert article.published is None
    assert article.text.startswith("River festival moves to June this year\n\nThe river")


def test_article_lines_that_look_a_little_like_clutter_are_kept() -> None:
    text = (
        "Museum buys a lost painting\n\n12 May 2024\n\n"
        "The museum said the photo of the painting had been taken in 1931.\n\n"
        "Photo: a credit line that is far too long to be a credit line, since it goes on and"
        " on like a sentence of the article itself would\n\n"
        "The last owner was never found\n"
    )
    text += (
        "\nRegulators said cookie consent banners must let readers reject all cookies.\n"
        "\nCopyright law protects the painting until 2040, the museum added.\n"
        "\nMore from the curator\n\nShe said the painting would be shown from June.\n"
    )
    article = clean_text(text)
    assert "Regulators said cookie consent banners" in article.text
    assert "Copyright law protects the painting" in article.text
    assert "She said the painting would be shown from June." in article.text
    assert "The museum said the photo of the painting had been taken in 1931." in article.text
    assert "far too long to be a credit line" in article.text
    assert "The last owner was never found" in article.text


def test_credits_written_as_a_broadcaster_writes_them_are_left_out() -> None:
    text = (
        "Ministers agree a new budget for schools\n\n4 June 2024\n\n"
        "Image source, Getty Images\nImage caption, Teachers marched in the capital in May\n\n"
        "The government agreed on Tuesday to raise the schools budget by four percent next"
        " year, after weeks of talks with the teachers' unions.\n"
    )
    article = clean_text(text)
    assert "Getty" not in article.text and "Teachers marched" not in article.text
    assert "raise the schools budget by four percent" in article.text


def test_a_date_line_inside_the_article_does_not_cut_its_first_paragraphs() -> None:
    text = (
        "Menu\n"
        "The treaty was signed by twelve countries in Washington, as the archive shows.\n\n"
        "4 April 1949\n\n"
        "That day is still marked by the allies every year.\n"
    )
    article = clean_text(text)
    assert article.text.startswith("The treaty was signed by twelve countries")
    assert article.published is None  # not the date of the article
    assert [d.text for d in article.dropped] == ["Menu"]


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("November 13, 2016", dt.date(2016, 11, 13)),
        ("13 November 2016", dt.date(2016, 11, 13)),
        ("Sun 13 Nov 2016 10.04 GMT", dt.date(2016, 11, 13)),
        ("Published: March 3rd, 2025", dt.date(2025, 3, 3)),
        ("2016-11-13", dt.date(2016, 11, 13)),
        ("13.11.2016", dt.date(2016, 11, 13)),
        ("Updated on 1 Feb 2024 at 9:30", dt.date(2024, 2, 1)),
        ("On November 13, 2016 NATO said", None),
        ("February 30, 2016", None),
        ("Politics", None),
    ],
)
def test_date_lines(line: str, day: dt.date | None) -> None:
    assert date_of_line(line) == day


COUNCIL = ARTICLES / "council-vote.html"
COUNCIL_PARAGRAPHS = (
    "Town council votes to keep the night bus",
    "By Mara Lindqvist",  # trafilatura leaves the byline and date out; they are the article's
    "14 March 2024",
    "The town council voted by nineteen votes to twelve on Thursday evening to keep the night"
    " bus running between the station and the hospital for at least two more years.",
    "The service had been due to end in June after the regional transport authority cut its"
    " grant. Councillors agreed to pay the difference, about 240,000 euros a year, from the"
    " town's own budget.",
    '"Nurses, cleaners and students depend on this bus to get home safely," said councillor'
    ' Amina Haddad, who proposed the motion. "Cutting it would have saved very little and cost'
    ' a great deal."',
    "Opponents said the money would be better spent on more frequent daytime buses."
    " Councillor Peter Olsen argued that fewer than forty people use the night service on an"
    " average weekday.",
    "The council will review the service again in spring 2026, when the regional grant scheme"
    " is renegotiated.",
)
COUNCIL_CLUTTER = (
    "cookies",
    "Manage preferences",
    "Local news",
    "Culture and events",
    "Share on",
    "Email this article",
    "The night bus at the station stop",
    "Jonas Berg",
    "Read also",
    "where the money goes",
    "Station square",
    "Advertisement",
    "Sunny Kitchens",
    "inbox",
    "newsletter",
    "Subscribe",
    "Comments",
    "Finally some good sense",
    "waste of taxpayers",
    "Most read",
    "Bakery on Mill Street",
    "Flood warning",
    "School choir",
    "Harbour Road",
    "All rights reserved",
)


def test_a_saved_page_keeps_every_paragraph_word_for_word_and_none_of_the_clutter() -> None:
    article = from_html(COUNCIL.read_text(encoding="utf-8"))
    assert article.text == "\n\n".join(COUNCIL_PARAGRAPHS) + "\n"
    for clutter in COUNCIL_CLUTTER:
        assert clutter not in article.text, clutter


DW_PAGE = ARTICLES / "dw-nato-saved-page.html"


def test_a_saved_dw_page_gives_the_nato_packs_source() -> None:
    """Where trafilatura leaves out a paragraph of the article (the standfirst, classed as a
    teaser; the date line; the agency line) it is put back, and the video box it keeps is
    taken out."""
    article = from_html(DW_PAGE.read_text(encoding="utf-8"))
    expected = [p.strip() for p in NATO_SOURCE.read_text(encoding="utf-8").split("\n\n")]
    # Word for word; trafilatura makes the no-break space of "secretary-general wrote" a space.
    assert [" ".join(p.split()) for p in article.text.split("\n\n")] == [
        " ".join(p.split()) for p in expected
    ]
    whys = {d.why: d.text for d in article.dropped}
    assert whys["section label above the headline"] == "Politics"
    assert whys["video title"] == "European foreign policy after Trump's victory"
    assert "Image: Reuters/F.Lenoir" in whys["caption or photo credit"]
    assert whys["skip links"].startswith("Skip to content")
    assert article.publisher is not None and article.publisher.value == "Deutsche Welle"


def test_the_nato_pack_checks_every_quote_in_the_text_of_the_saved_page(tmp_path: Path) -> None:
    """The strongest test of "word for word": the bundled pack's 24 questions, each quote
    looked up in the text made from the saved page instead of the pack's own copy."""
    from game.packs.loader import check_pack_file

    pack = tmp_path / "nato.yaml"
    pack.write_bytes((REPO / "questions" / "nato-us-europe-2016.yaml").read_bytes())
    (tmp_path / "sources").mkdir()
    for source in (REPO / "questions" / "sources").iterdir():
        (tmp_path / "sources" / source.name).write_bytes(source.read_bytes())
    article = from_html(DW_PAGE.read_text(encoding="utf-8"))
    (tmp_path / "sources" / "nato-us-europe-2016.txt").write_text(article.text, encoding="utf-8")
    checked = check_pack_file(pack)
    assert checked.ok and len(checked.pack.questions) >= 24, [p.format() for p in checked.errors]


def test_a_saved_page_metadata_and_where_each_was_found() -> None:
    article = from_html(COUNCIL.read_text(encoding="utf-8"))
    assert article.title is not None and article.publisher is not None
    assert article.published is not None and article.url is not None
    assert (article.title.value, article.title.origin) == (
        "Town council votes to keep the night bus",
        "og:title",
    )
    assert (article.publisher.value, article.publisher.origin) == (
        "The Riverside Courier",
        "JSON-LD publisher.name",
    )
    # The original date, not the JSON-LD dateModified of the next day.
    assert (article.published.value, article.published.origin) == (
        "2024-03-14",
        "JSON-LD datePublished",
    )
    # The canonical link, not og:url with its tracking parameter.
    assert (article.url.value, article.url.origin) == (
        "https://courier.example/news/2024/03/night-bus-vote",
        "<link rel=canonical>",
    )


def test_a_saved_page_says_what_it_left_out_by_kind() -> None:
    article = from_html(COUNCIL.read_text(encoding="utf-8"))
    counts = {d.why: d.count for d in article.dropped}
    assert counts["menu"] == 4
    assert counts["cookie banner"] == 3
    assert counts["share buttons"] == 3
    assert counts["caption or photo credit"] == 1
    assert counts["links to other articles"] == 3
    assert counts["ad"] == 2
    assert counts["newsletter box"] == 3
    assert counts["comments"] == 3
    assert counts["most read list"] == 4
    assert counts["footer"] == 2


PLAIN_PAGE = """\
<html><head><title>Library opens on Sundays | Valley Post</title>
<meta property="og:url" content="https://valley.example/library-sundays">
</head><body>
<nav><a href="/">Home</a> <a href="/town">Town</a></nav>
<article><h1>Library opens on Sundays</h1>
<p><time datetime="2023-09-02">2 September 2023</time></p>
<p>From next month the town library will open on Sunday afternoons, the library board \
decided on Friday after a survey of its readers.</p>
<p>More than two thousand readers answered the survey, and most of them asked for longer \
opening hours at the weekend rather than in the evenings.</p>
<p>The extra hours will be paid for by closing the library one morning a week.</p>
</article>
<footer><p>Valley Post, all rights reserved.</p></footer>
</body></html>
"""


def test_a_page_without_json_ld_or_open_graph_titles_from_its_title_tag() -> None:
    article = from_html(PLAIN_PAGE)
    assert article.title is not None and article.title.value == "Library opens on Sundays"
    assert article.title.origin == "<title>"
    assert article.published is not None
    assert (article.published.value, article.published.origin) == ("2023-09-02", "<time datetime>")
    assert article.url is not None and article.url.origin == "og:url"
    assert article.publisher is not None
    assert (article.publisher.value, article.publisher.origin) == (
        "Valley Post",
        "<title> after the headline",
    )
    assert "The extra hours will be paid for by closing the library one morning a week." in (
        article.text
    )
    assert "Home" not in article.text and "all rights reserved" not in article.text


def test_a_page_without_an_article_is_refused() -> None:
    page = (
        "<html><head><title>Login</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    with pytest.raises(ArticleError):
        from_html(page)


def test_html_is_told_by_its_name_or_its_start(tmp_path: Path) -> None:
    assert looks_like_html("page.HTM", b"anything")
    assert looks_like_html("page.txt", b"\xef\xbb\xbf  <!DOCTYPE html><html>")
    assert looks_like_html("saved", b"<!-- saved from url -->\n<html lang=en>")
    assert not looks_like_html("article.txt", b"NATO: US, Europe need each other\n<b>")
