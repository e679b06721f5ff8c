"""Making untrusted strings safe for Streamlit elements that render Markdown."""

from __future__ import annotations

import string
from urllib.parse import quote

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of
# it also defuses Streamlit's own syntax (:color[...], :material/icon:, $math$).
_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})


def escape_markdown(text: str) -> str:
    """``text`` as it should read, with nothing in it interpreted as Markdown,
    HTML, a link, an image, a directive or math."""
    return " ".join(text.translate(_ESCAPES).split())


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
