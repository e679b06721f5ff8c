from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzdash.text import escape_markdown, markdown_link


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
