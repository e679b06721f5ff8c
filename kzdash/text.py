"""Making untrusted strings safe for Streamlit elements that render Markdown."""

from __future__ import annotations

import re
import string
from urllib.parse import quote

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of
# it also defuses Streamlit's own syntax (:color[...], :material/icon:, $math$).
# The backslash goes first, so that no escape is escaped again.
_PUNCTUATION = "\\" + string.punctuation.replace("\\", "")


def escape_markdown(text: str) -> str:
    """``text`` as it should read, with nothing in it interpreted as Markdown,
    HTML, a link, an image, a directive or math."""
    # one str.replace per character present: ten times faster than
    # str.translate, which counts in a document of ten thousand events
    for c in _PUNCTUATION:
        if c in text:
            text = text.replace(c, "\\" + c)
    return " ".join(text.split())


# Characters a Markdown link's address cannot hold as they are: a space or a
# parenthesis would end it, angle brackets and backslashes would be read.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"


def markdown_link(label: str, url: str | None) -> str:
    """A Markdown link to ``url`` reading ``label`` (escaped), or ``label``
    alone when the address is not a web address: a dataset cannot smuggle a
    ``javascript:`` link or Markdown into the page."""
    text = escape_markdown(label)
    if not url or not url.lower().startswith(("http://", "https://")):
        return text
    return f"[{text}]({quote(url, safe=_URL_SAFE)})"


# What CommonMark (and GitHub's tables, strikethrough and math) read in a
# line of text; the rest of the punctuation reads as itself.
_COMMONMARK = "\\`*_[]<>!&~|#$"
_BLOCK_START = re.compile(r"^(?:[-+=]|\d{1,9}(?=[.)]))")  # a list item or a setext line


def escape_commonmark(text: str) -> str:
    """``text`` as one line of a Markdown file that reads as the text both
    raw and rendered: only what CommonMark would interpret is escaped (a
    document people open in an editor stays readable), line breaks become
    spaces. For the page, whose Markdown has more syntax, see
    :func:`escape_markdown`."""
    for c in _COMMONMARK:
        if c in text:
            text = text.replace(c, "\\" + c)
    text = " ".join(text.split())
    start = _BLOCK_START.match(text)
    if start:  # "1. " or "- " opening the line would make a list
        text = f"{text[:start.end()]}\\{text[start.end():]}" if start.group()[0].isdigit() \
            else "\\" + text
    return text
