from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzdash.text import escape_markdown


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


@given(st.text())
def test_escaped_text_reads_as_the_text(raw):
    """Every ASCII punctuation mark is escaped, and undoing the escapes gives
    the text back, its runs of white space made one space."""
    escaped = escape_markdown(raw)
    assert re.sub(r"\\(.)", r"\1", escaped) == " ".join(raw.split())
    assert not re.search(r"(?<!\\)(?:\\\\)*[" + re.escape(string.punctuation.replace("\\", ""))
                         + "]", escaped)
