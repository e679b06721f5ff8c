"""What spans a dataset's files: ids unique and references known, excerpts
and direct quotes found in their archived sources, corrections naming items
that exist; and the warnings, which do not stop a dataset from loading."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any

from kzdash.dataset.errors import Limits, Loc, Located, Problem
from kzdash.message import N_, Message
from kzdash.models import FILES, Dataset, Model


def _normalize(text: str) -> str:
    return " ".join(text.split())


# At 100,000 events a Python loop that looks at every item, or every
# citation, costs a tenth of a second. The checks below first ask the whole
# dataset at once, with ``map`` and sets (loops that run in C), and go item by
# item, building a problem's place, only where something is wrong.
_id, _source, _sources = attrgetter("id"), attrgetter("source"), attrgetter("sources")


def _citations(*lists: Sequence[Any]) -> Iterable[Any]:
    """Every citation of every item of ``lists``."""
    return chain.from_iterable(map(_sources, chain(*lists)))


# an unknown reference, and one with a likely meant id, by what it refers to
_UNKNOWN_ID = {
    "sources": (N_("{where}: unknown source id {value}"),
                N_("{where}: unknown source id {value}; did you mean {close}?")),
    "regions": (N_("{where}: unknown region id {value}"),
                N_("{where}: unknown region id {value}; did you mean {close}?")),
    "events": (N_("{where}: unknown event id {value}"),
               N_("{where}: unknown event id {value}; did you mean {close}?")),
}


def cross_problems(
    data: dict[str, Model], parsed: dict[str, Located], root: Path, limits: Limits
) -> list[Problem]:
    problems: list[Problem] = []

    def at(file: str, loc: Loc, message: str) -> None:
        problems.append(parsed[file].problem(loc, message))

    ids: dict[str, dict[str, int]] = {}
    for file, key in [
        ("sources.yaml", "sources"),
        ("regions.yaml", "regions"),
        ("events.yaml", "events"),
        ("quotes.yaml", "quotes"),
        ("claims.yaml", "claims"),
    ]:
        items = getattr(data.get(file), key, ()) or ()
        # each id's index; when every id is unique, that is all
        seen = dict(zip(map(_id, items), range(len(items)), strict=True))
        if len(seen) == len(items):
            ids[key] = seen
            continue
        seen = {}
        for i, item in enumerate(items):
            if item.id in seen:
                first = parsed[file].line((key, seen[item.id]))
                text = (N_("duplicate id {id} (first at row {line})") if parsed[file].by_row
                        else N_("duplicate id {id} (first at line {line})"))
                at(file, (key, i, "id"), Message(text, id=repr(item.id), line=str(first)))
            seen.setdefault(item.id, i)
        ids[key] = seen

    def unknown_ref(file: str, loc: Loc, value: str, kind: str) -> None:
        # callers test ``value in ids[kind]`` themselves: building a loc for
        # each of the dataset's references would cost time for nothing
        close = difflib.get_close_matches(value, list(ids.get(kind, {})), n=1, cutoff=0.6)
        unknown, unknown_close = _UNKNOWN_ID[kind]
        if close:
            at(file, loc, Message(unknown_close, where=parsed[file].where(loc),
                                  value=repr(value), close=repr(close[0])))
        else:
            at(file, loc, Message(unknown, where=parsed[file].where(loc), value=repr(value)))

    archives = _archives(data, parsed, root, problems, limits)

    source_ids = ids["sources"] if "sources.yaml" in data else None
    region_ids = ids["regions"] if "regions.yaml" in data else None
    event_ids = ids["events"]

    # sources with no archived copy: an excerpt of theirs could not be checked
    unarchived = {s.id for s in getattr(data.get("sources.yaml"), "sources", ())
                  if s.archive is None}

    def citations_hold(cites: list[Any]) -> bool:
        if source_ids is not None and not source_ids.keys() >= set(map(_source, cites)):
            return False
        excerpts: dict[str, list[str]] = {}
        for source, excerpt in map(attrgetter("source", "excerpt"), cites):
            if excerpt is not None:
                excerpts.setdefault(source, []).append(excerpt)
        return unarchived.isdisjoint(excerpts) and all(
            archives[source].all_found(texts) for source, texts in excerpts.items()
            if source in archives)

    def check_citations(file: str, key: str, items: Sequence[Any]) -> None:
        if citations_hold(list(_citations(items))):
            return
        for i, item in enumerate(items):
            for j, cite in enumerate(item.sources):
                if source_ids is not None and cite.source not in source_ids:
                    unknown_ref(file, (key, i, "sources", j, "source"), cite.source, "sources")
                excerpt = cite.excerpt
                if excerpt is None:
                    continue
                if cite.source in unarchived:
                    loc = (key, i, "sources", j, "excerpt")
                    at(file, loc, Message(
                        N_("{where}: an excerpt needs an archived copy to be checked against, "
                           "and source {source} has no archive: cite it with a note (your own "
                           "words of what it supports and where) instead"),
                        where=parsed[file].where(loc), source=repr(cite.source),
                    ))
                    continue
                archive = archives.get(cite.source)
                if archive is not None and excerpt not in archive:
                    loc = (key, i, "sources", j, "excerpt")
                    at(file, loc, Message(
                        N_("{where}: excerpt not found verbatim in the archived text of source "
                           "{source}"),
                        where=parsed[file].where(loc), source=repr(cite.source),
                    ))

    events = getattr(data.get("events.yaml"), "events", ())
    regions_known = region_ids is None or region_ids.keys() >= set(
        chain.from_iterable(map(attrgetter("regions"), events)))
    # every event when a region is unknown, else those that name related events
    for i in (range(len(events)) if not regions_known else
              [i for i, related in enumerate(map(attrgetter("related"), events)) if related]):
        event = events[i]
        for j, region in enumerate(event.regions):
            if region_ids is not None and region not in region_ids:
                unknown_ref("events.yaml", ("events", i, "regions", j), region, "regions")
        for j, other in enumerate(event.related):
            loc = ("events", i, "related", j)
            if other not in event_ids:
                unknown_ref("events.yaml", loc, other, "events")
            if other == event.id:
                at("events.yaml", loc, Message(
                    N_("{where}: an event cannot be related to itself"),
                    where=parsed["events.yaml"].where(loc)))
    for i, quote in enumerate(getattr(data.get("quotes.yaml"), "quotes", ())):
        if "events.yaml" in data and quote.event not in event_ids:
            unknown_ref("quotes.yaml", ("quotes", i, "event"), quote.event, "events")
        if quote.kind == "direct":
            texts = [archives[c.source] for c in quote.sources if c.source in archives]
            if texts and not any(quote.text in t for t in texts):
                at("quotes.yaml", ("quotes", i, "text"), Message(
                    N_("{where}: direct quote not found verbatim in the archived text of its "
                       "sources"),
                    where=parsed["quotes.yaml"].where(("quotes", i, "text")),
                ))
    for i, claim in enumerate(getattr(data.get("claims.yaml"), "claims", ())):
        if claim.event is not None and "events.yaml" in data and claim.event not in event_ids:
            unknown_ref("claims.yaml", ("claims", i, "event"), claim.event, "events")
        if claim.region is not None and region_ids is not None and claim.region not in region_ids:
            unknown_ref("claims.yaml", ("claims", i, "region"), claim.region, "regions")
        if claim.as_of and claim.reported and claim.as_of > claim.reported:
            at("claims.yaml", ("claims", i, "as_of"), Message(
                N_("{where}: as_of {as_of} is after reported {reported}: a figure cannot "
                   "describe a day after it was published"),
                where=parsed["claims.yaml"].where(("claims", i, "as_of")),
                as_of=str(claim.as_of),
                reported=str(claim.reported),
            ))
    for file, key in [("events.yaml", "events"), ("quotes.yaml", "quotes"),
                      ("claims.yaml", "claims")]:
        check_citations(file, key, getattr(data.get(file), key, ()))
    for i, correction in enumerate(getattr(data.get("corrections.yaml"), "corrections", ())):
        kind, target = correction.kind, correction.target
        key, file = f"{kind}s", f"{kind}s.yaml"
        if correction.change == "removed" or target in ids[key]:
            continue
        if file not in data and (file in FILES or (root / file).exists()
                                 or (root / file).with_suffix(".parquet").exists()):
            continue  # that file has problems of its own: its ids are not known
        loc = ("corrections", i, "item")
        close = difflib.get_close_matches(target, list(ids[key]), n=1, cutoff=0.6)
        if close:
            at("corrections.yaml", loc, Message(
                N_("{where}: {item} is not in the dataset; did you mean {close}? A correction "
                   "names an item that exists, unless its change is 'removed'"),
                where=parsed["corrections.yaml"].where(loc), item=repr(correction.item),
                close=repr(f"{kind}:{close[0]}"),
            ))
        else:
            at("corrections.yaml", loc, Message(
                N_("{where}: {item} is not in the dataset: a correction names an item that "
                   "exists, unless its change is 'removed'"),
                where=parsed["corrections.yaml"].where(loc), item=repr(correction.item),
            ))
    return problems


class ArchiveText:
    """An archive's whitespace-normalized text, for ``excerpt in archive``.

    Excerpts tend to be checked in the order their text runs in the archive
    (a chronology follows its article, an import writes its notes in event
    order), so each search starts where the last one matched: checking every
    excerpt is then one pass over the archive instead of one pass per
    excerpt. An excerpt out of order is still found: the search wraps round.
    Spaces do not count: an excerpt is found when its words are, in order,
    however they are spaced."""

    def __init__(self, text: str):
        self.text = _normalize(text)
        self.at = 0

    def __contains__(self, excerpt: str) -> bool:
        return self.all_found((excerpt,))

    def all_found(self, excerpts: Iterable[str]) -> bool:
        """Whether every one of ``excerpts`` is in the text (one call for
        many: at 100,000 citations a call for each costs a tenth of a second)."""
        find, at = self.text.find, self.at
        for excerpt in excerpts:
            found = find(excerpt, at)
            if found < 0:
                found = find(excerpt, 0, at + len(excerpt))
            if found < 0:
                # the text has single spaces only: an excerpt found as it
                # is needs no normalizing, one not found may
                excerpt = _normalize(excerpt)
                found = find(excerpt, at)
                if found < 0:
                    found = find(excerpt, 0, at + len(excerpt))
                if found < 0:
                    self.at = at
                    return False
            at = found
        self.at = at
        return True


def _archives(
    data: dict[str, Model],
    parsed: dict[str, Located],
    root: Path,
    problems: list[Problem],
    limits: Limits,
) -> dict[str, ArchiveText]:
    """Archived source texts, keyed by source id."""
    texts: dict[Path, ArchiveText] = {}  # several sources may share one archive
    out: dict[str, ArchiveText] = {}
    for i, source in enumerate(getattr(data.get("sources.yaml"), "sources", ())):
        if source.archive is None:
            continue
        loc: Loc = ("sources", i, "archive")
        path = (root / source.archive).resolve()
        if not path.is_relative_to(root.resolve()):
            problems.append(
                parsed["sources.yaml"].problem(loc, Message(
                    N_("{where}: archive must be a path inside the dataset directory"),
                    where=parsed["sources.yaml"].where(loc),
                ))
            )
            continue
        try:
            if path not in texts:
                if path.stat().st_size > limits.max_file_bytes:
                    problems.append(parsed["sources.yaml"].problem(loc, Message(
                        N_("{where}: archive {archive} is larger than the limit of {limit} "
                           "bytes"),
                        where=parsed["sources.yaml"].where(loc), archive=repr(source.archive),
                        limit=limits.max_file_bytes,
                    )))
                    continue
                texts[path] = ArchiveText(path.read_text(encoding="utf-8"))
            out[source.id] = texts[path]
        except (OSError, UnicodeDecodeError) as exc:
            # an OSError's reason is the operating system's own words
            reason = (exc.strerror if isinstance(exc, OSError) and exc.strerror
                      else Message(N_("not UTF-8 text")))
            problems.append(parsed["sources.yaml"].problem(loc, Message(
                N_("{where}: cannot read archive {archive}: {reason}"),
                where=parsed["sources.yaml"].where(loc), archive=repr(source.archive),
                reason=reason,
            )))
    return out


def warnings(ds: Dataset, parsed: dict[str, Located]) -> Iterable[Problem]:
    sources = parsed["sources.yaml"]
    cited = set(map(_source, _citations(ds.events, ds.quotes, ds.claims)))
    for i, source in enumerate(ds.sources):
        if source.id not in cited:
            yield sources.problem(("sources", i, "id"), Message(
                N_("source {id} is cited by no event, quote or claim"), id=repr(source.id)))
    items = {"event": ds.events, "quote": ds.quotes, "claim": ds.claims, "source": ds.sources}
    present: dict[str, set[str]] = {}
    for i, correction in enumerate(ds.corrections):
        if correction.kind not in present:
            present[correction.kind] = set(map(_id, items[correction.kind]))
        if correction.change == "removed" and correction.target in present[correction.kind]:
            yield parsed["corrections.yaml"].problem(("corrections", i, "item"), Message(
                N_("{where}: {item} is recorded as removed but is still in the dataset"),
                where=parsed["corrections.yaml"].where(("corrections", i, "item")),
                item=repr(correction.item)))
    events = dict(zip(map(_id, ds.events), ds.events, strict=True))
    for i, quote in enumerate(ds.quotes):
        event = events[quote.event]
        # an event whose date is approximate or inferred (condolences sent over several
        # days, say) may well have quotes from before the day it is placed on
        if quote.date < event.date and event.date_precision == "day":
            yield parsed["quotes.yaml"].problem(("quotes", i, "date"), Message(
                N_("{where}: {date} is before its event {event} ({event_date}): is the date "
                   "or the event right?"),
                where=parsed["quotes.yaml"].where(("quotes", i, "date")), date=str(quote.date),
                event=repr(event.id), event_date=str(event.date),
            ))
