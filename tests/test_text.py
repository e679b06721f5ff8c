from __future__ import annotations

import pytest

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
