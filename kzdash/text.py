"""Making untrusted strings safe for Streamlit elements that render Markdown."""

from __future__ import annotations

import string

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of
# it also defuses Streamlit's own syntax (:color[...], :material/icon:, $math$).
_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})


def escape_markdown(text: str) -> str:
    """``text`` as it should read, with nothing in it interpreted as Markdown,
    HTML, a link, an image, a directive or math."""
    return " ".join(text.translate(_ESCAPES).split())
