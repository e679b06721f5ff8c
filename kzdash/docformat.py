"""The chronology document (:mod:`kzdash.document`) written out: as Markdown,
and as one printable HTML page with its CSS inline, no script and nothing to
fetch. Every string of the document is text: escaped for Markdown, escaped
for HTML, and an address is a link only when it is an http(s) one."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kzdash.i18n import SOURCE_LANGUAGE
from kzdash.text import escape_commonmark

if TYPE_CHECKING:
    from kzdash.document import Document, Item

# An address a document may link to: http or https, no space, no quote or angle bracket.
_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)


def linkable(url: str | None) -> bool:
    """Whether ``url`` may be a link (http or https only); anything else is shown as text."""
    return bool(url) and _WEB_ADDRESS.match(url) is not None


def _md(text: str) -> str:
    return escape_commonmark(text)


def _md_address(url: str) -> str:
    return f"<{url}>" if linkable(url) else _md(url)


def _md_refs(numbers: Iterable[int]) -> str:
    return "".join(f"[^{n}]" for n in numbers)


def _md_item(item: Item, out: list[str]) -> None:
    if item.kind == "quote":  # the words, then who said them and when
        out += [f"> {_md(item.text)}", ">", f"> — {_md(item.head)}{_md_refs(item.notes)}"]
        out += [f"> - {_md(line)}" for line in item.lines]
        out.append("")
        return
    out += [f"#### {_md(item.head)}{_md_refs(item.notes)}", ""]
    if item.text:
        out += [_md(item.text), ""]
    if item.lines:
        out += [f"- {_md(line)}" for line in item.lines] + [""]
    for quote in item.items:
        _md_item(quote, out)


def to_markdown(doc: Document) -> str:
    """The document as Markdown (CommonMark with footnotes, as GitHub reads it)."""
    out = [f"# {_md(doc.title)}", ""]
    for line in doc.about:
        out += [_md(line), ""]
    out += [f"## {_md(doc.filters_heading)}", ""]
    out += [f"- {_md(line)}" for line in doc.filters]
    out.append("")
    if doc.link:
        out += [f"{_md(doc.link_label)}: {_md_address(doc.link)}", ""]
    for section in doc.sections:
        out += [f"## {_md(section.heading)}", ""]
        if not section.groups and section.empty:
            out += [_md(section.empty), ""]
        for group in section.groups:
            out += [f"### {_md(group.heading)}", ""]
            for item in group.items:
                _md_item(item, out)
    if doc.footnotes:
        out += [f"## {_md(doc.notes_heading)}", ""]
    for note in doc.footnotes:
        about = " · ".join(_md(part) for part in (note.source, *note.details))
        url = f" {_md_address(note.url)}" if note.url else ""
        out += [f"[^{note.number}]: {about}{url}", ""]
        out += [f"    - {_md(c)}" for c in note.citations]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


_CSS = """
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto;
       padding: 0 1em; color: #111; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; border-bottom: 1px solid #999; }
h3 { font-size: 1.1em; } h4 { font-size: 1em; margin: 1em 0 0.3em; }
p { margin: 0.2em 0; }
blockquote { margin: 0.5em 0 0.5em 1.5em; padding-left: 0.8em; border-left: 3px solid #bbb; }
.by { font-style: italic; }
.detail { font-size: 0.9em; color: #333; }
sup.refs { font-size: 0.7em; margin-left: 0.15em; }
sup a { text-decoration: none; }
.address { word-break: break-all; }
ol.sources li { margin-bottom: 0.6em; }
ol.sources ul { font-size: 0.95em; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; color: #000; }
  a { color: inherit; }
  .detail { color: #000; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  article, blockquote, ol.sources > li { break-inside: avoid; page-break-inside: avoid; }
}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _html_address(url: str) -> str:
    if linkable(url):
        return f'<a class="address" href="{_h(url)}">{_h(url)}</a>'
    return f'<span class="address">{_h(url)}</span>'


def _html_refs(numbers: Iterable[int]) -> str:
    if not numbers:
        return ""
    refs = ", ".join(f'<a href="#source-{n}">{n}</a>' for n in numbers)
    return f'<sup class="refs">{refs}</sup>'


def _html_item(item: Item, out: list[str]) -> None:
    if item.kind == "quote":
        out.append(f'<blockquote><p class="words">{_h(item.text)}</p>'
                   f'<p class="by">— {_h(item.head)}{_html_refs(item.notes)}</p>')
        out += [f'<p class="detail">{_h(line)}</p>' for line in item.lines]
        out.append("</blockquote>")
        return
    out.append(f'<article class="{item.kind}"><h4>{_h(item.head)}{_html_refs(item.notes)}</h4>')
    if item.text:
        out.append(f"<p>{_h(item.text)}</p>")
    out += [f'<p class="detail">{_h(line)}</p>' for line in item.lines]
    for quote in item.items:
        _html_item(quote, out)
    out.append("</article>")


def to_html(doc: Document) -> str:
    """The document as one HTML page: inline CSS, no script, nothing fetched."""
    lang = doc.lang if re.fullmatch(r"[a-z]{2,3}", doc.lang) else SOURCE_LANGUAGE
    out = [
        "<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
        # nothing may be fetched or run, whatever the text says
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(doc.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<header><h1>{_h(doc.title)}</h1>",
    ]
    out += [f"<p>{_h(line)}</p>" for line in doc.about]
    out.append(f"<h2>{_h(doc.filters_heading)}</h2><ul>")
    out += [f"<li>{_h(line)}</li>" for line in doc.filters]
    out.append("</ul>")
    if doc.link:
        out.append(f"<p>{_h(doc.link_label)}: {_html_address(doc.link)}</p>")
    out.append("</header>")
    out.append("<main>")
    for section in doc.sections:
        out.append(f"<section><h2>{_h(section.heading)}</h2>")
        if not section.groups and section.empty:
            out.append(f"<p>{_h(section.empty)}</p>")
        for group in section.groups:
            out.append(f"<section><h3>{_h(group.heading)}</h3>")
            for item in group.items:
                _html_item(item, out)
            out.append("</section>")
        out.append("</section>")
    out.append("</main>")
    if doc.footnotes:
        out.append(f'<footer><h2>{_h(doc.notes_heading)}</h2><ol class="sources">')
        for note in doc.footnotes:
            out.append(f'<li id="source-{note.number}"><p>{_h(note.source)}</p>')
            out += [f"<p>{_h(detail)}</p>" for detail in note.details]
            if note.url:
                out.append(f"<p>{_html_address(note.url)}</p>")
            out.append("<ul>")
            out += [f"<li>{_h(c)}</li>" for c in note.citations]
            out.append("</ul></li>")
        out.append("</ol></footer>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
