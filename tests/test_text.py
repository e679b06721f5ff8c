from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzdash.text import escape_commonmark, escape_markdown, markdown_link


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain words", "plain words"),
        ("**bold**", r"\*\*bold\*\*"),
        ("[x](javascript:alert(1))", r"\[x\]\(javascript\:alert\(1\)\)"),
        ("![img](http://e.x/t.png)", r"\!\[img\]\(http\:\/\/e\.x\/t\.png\)"),
        ("<script>", r"\<script\>"),
        (":red[alarm] $x$", r"\:red\[alarm\] \$x\$"),
        ("line\n# heading", r"line \# heading"),
    ],
)
def test_escape_markdown(raw, escaped):
    assert escape_markdown(raw) == escaped


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.org/a b(c)", "[Label](https://example.org/a%20b%28c%29)"),
    ("http://example.org/?q=1&x=%20", "[Label](http://example.org/?q=1&x=%20)"),
    ("javascript:alert(1)", "Label"),
    ("data:text/html,<b>x</b>", "Label"),
    (None, "Label"),
])
def test_markdown_link_only_links_web_addresses_and_keeps_them_whole(url, expected):
    assert markdown_link("Label", url) == expected


def test_markdown_link_escapes_its_label():
    assert markdown_link("[x](javascript:y) *b*", "https://e.org") == (
        r"[\[x\]\(javascript\:y\) \*b\*](https://e.org)")


@given(st.text())
def test_escaped_text_reads_as_the_text(raw):
    """Every ASCII punctuation mark is escaped, and undoing the escapes gives
    the text back, its runs of white space made one space."""
    escaped = escape_markdown(raw)
    assert re.sub(r"\\(.)", r"\1", escaped) == " ".join(raw.split())
    assert not re.search(r"(?<!\\)(?:\\\\)*[" + re.escape(string.punctuation.replace("\\", ""))
                         + "]", escaped)


def rendered_text(markdown: str, prefix: str = "") -> str:
    """What a CommonMark reader (with GitHub's tables and strikethrough)
    shows of ``prefix + markdown``: its text, and the kinds of its blocks."""
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(prefix + markdown)
    blocks = [t.type for t in tokens if t.nesting == 1]
    inline = [t for t in tokens if t.type == "inline"]
    children = [c for t in inline for c in (t.children or [])]
    kinds = {c.type for c in children} - {"text", "softbreak"}
    return blocks, kinds, "".join(c.content for c in children if c.type == "text")


@given(st.text(alphabet=st.sampled_from(list(string.printable) + ["й", "«", "»", "—", "A"])))
def test_commonmark_escaped_text_renders_as_the_text(raw):
    flat = " ".join(raw.split())
    for prefix, block in (("", "paragraph_open"), ("#### ", "heading_open"),
                          ("- ", "bullet_list_open")):
        blocks, kinds, text = rendered_text(escape_commonmark(raw), prefix)
        if not flat:
            continue
        assert blocks[0] == block and kinds == set(), (prefix, raw)
        assert text == flat, (prefix, raw)


@pytest.mark.parametrize(("raw", "escaped"), [
    ("Kazakhstan, January 2022: a chronology.", "Kazakhstan, January 2022: a chronology."),
    ("*bold* [x](javascript:y) <b>", r"\*bold\* \[x\](javascript:y) \<b\>"),
    ("1. first", r"1\. first"),
    ("- item", r"\- item"),
    ("AT&T &amp; $5", r"AT\&T \&amp; \$5"),
])
def test_commonmark_escaping_leaves_ordinary_punctuation_alone(raw, escaped):
    assert escape_commonmark(raw) == escaped
