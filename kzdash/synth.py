"""Synthetic datasets of any size, for benchmarks: ``python -m kzdash synth``.

The output is a valid dataset (it passes :func:`kzdash.load.load_dataset`)
with the real 17 regions and made-up, clearly labelled events, quotes, claims
and sources (``example.org`` addresses). The same seed always writes the same
bytes. YAML is written as text directly: a generic dumper would dominate the
time it takes to make the 100k-event datasets the benchmarks need.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kzdash.dataset.parquetfile import write_parquet
from kzdash.load import DATA_DIR
from kzdash.models import CATEGORIES

SPEAKERS: tuple[tuple[str, str, str], ...] = tuple(
    (f"Synthetic Speaker {letter}", role, affiliation)
    for letter, (role, affiliation) in zip(
        "ABCDEFGHIJKL",
        [
            ("President (synthetic)", "Example Government"),
            ("Interior minister (synthetic)", "Example Government"),
            ("Prosecutor (synthetic)", "Example Prosecutor's Office"),
            ("Mayor (synthetic)", "Example City Hall"),
            ("Spokesperson (synthetic)", "Example Foreign Ministry"),
            ("Opposition figure (synthetic)", "Example Party"),
            ("Rights advocate (synthetic)", "Example Rights Group"),
            ("Journalist (synthetic)", "Example Newsroom"),
            ("Analyst (synthetic)", "Example Institute"),
            ("Envoy (synthetic)", "Example Alliance"),
            ("Protest organiser (synthetic)", "Example Movement"),
            ("Health official (synthetic)", "Example Health Ministry"),
        ],
        strict=True,
    )
)
SOURCES: tuple[tuple[str, str], ...] = (
    ("synthetic-wire-a", "Synthetic Wire A"),
    ("synthetic-wire-b", "Synthetic Wire B"),
    ("example-daily", "Example Daily (synthetic)"),
    ("example-broadcaster", "Example Broadcaster (synthetic)"),
    ("example-monitor", "Example Monitor (synthetic)"),
    ("example-agency", "Example Agency (synthetic)"),
)
# a kind for each source, in turn, so that the kinds filter has something to narrow
KINDS = ("international-agency", "independent-media", "state-media", "state-body", "ngo",
         "international-organisation")
METRICS: tuple[tuple[str, str], ...] = (
    ("deaths", "people"),
    ("injured", "people"),
    ("detained", "people"),
    ("troops", "soldiers"),
)
CLAIMANTS = ("Example Ministry", "Example Health Service", "Example Rights Group",
             "Example Alliance")
VERBS: Mapping[str, tuple[str, ...]] = {
    "protest": ("Rally in {place} over fuel prices", "Residents of {place} block a road"),
    "unrest": ("Buildings set on fire in {place}", "Shops looted in {place}"),
    "security-operation": ("Checkpoints set up in {place}", "Security sweep in {place}"),
    "government": ("Officials in {place} announce new measures", "Curfew declared in {place}"),
    "international": ("Foreign envoys comment on {place}", "Alliance troops arrive in {place}"),
    "casualties": ("Hospitals in {place} report casualties", "Casualties counted in {place}"),
    "commemoration": ("Day of mourning observed in {place}", "Vigil held in {place}"),
}
ACTORS = ("Protesters", "Police", "National Guard", "Local officials", "Residents",
          "Journalists", "Foreign troops")


@dataclass(frozen=True)
class Sizes:
    """How many items a synthetic dataset has."""

    events: int
    quotes: int
    claims: int


FORMATS = ("yaml", "parquet")


def default_claims(events: int) -> int:
    """A few claims per hundred events, never fewer than eight."""
    return max(8, events // 25)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    # a JSON string is a valid YAML double-quoted scalar
    return json.dumps(str(value), ensure_ascii=False)


def emit(key: str, items: Iterable[Mapping[str, Any]]) -> Iterable[str]:
    """Block-style YAML for ``{key: [mapping, ...]}``, as lines. Values are
    scalars, lists of scalars or lists of flat mappings; ``None`` is left out."""
    yield f"{key}:\n"
    for item in items:
        first = True
        for name, value in item.items():
            if value is None:
                continue
            lead = "  - " if first else "    "
            first = False
            if isinstance(value, list):
                if not value:
                    yield f"{lead}{name}: []\n"
                    continue
                yield f"{lead}{name}:\n"
                for element in value:
                    if isinstance(element, Mapping):
                        sub = "      - "
                        for k, v in element.items():
                            yield f"{sub}{k}: {_scalar(v)}\n"
                            sub = "        "
                    else:
                        yield f"      - {_scalar(element)}\n"
            else:
                yield f"{lead}{name}: {_scalar(value)}\n"


def _write(path: Path, key: str, items: Iterable[Mapping[str, Any]], header: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        out.writelines(emit(key, items))


def _regions(directory: Path) -> list[dict[str, Any]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (directory / "regions.yaml").open(encoding="utf-8") as f:
        return yaml.load(f, Loader=loader)["regions"]


def generate(
    out: Path,
    sizes: Sizes,
    seed: int = 0,
    start: dt.date = dt.date(2022, 1, 1),
    days: int = 13,
    regions_from: Path = DATA_DIR,
    file_format: str = "yaml",
) -> None:
    """Write a synthetic dataset of ``sizes`` into ``out`` (created if needed;
    existing dataset files there are replaced). ``file_format`` is how the lists
    (events, quotes, claims, sources) are written: "yaml" or "parquet"."""
    if file_format not in FORMATS:
        raise ValueError(f"file_format must be one of {', '.join(FORMATS)}")
    if sizes.events < 1 or sizes.quotes < 0 or sizes.claims < 0 or days < 1:
        raise ValueError("need at least one event, no negative counts and at least one day")
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "archive").mkdir(exist_ok=True)
    shutil.copyfile(regions_from / "regions.yaml", out / "regions.yaml")
    regions = _regions(regions_from)
    region_ids = [r["id"] for r in regions]
    centre = {r["id"]: r.get("centre") or r["name"] for r in regions}
    archive: dict[str, list[str]] = {sid: [] for sid, _ in SOURCES}
    source_ids = [sid for sid, _ in SOURCES]

    # more events early in the span than late, as in the real chronology
    offsets = range(days)
    weights = [math.exp(-2 * d / days) for d in offsets]

    def day() -> dt.date:
        return start + dt.timedelta(days=rng.choices(offsets, weights)[0])

    def cite(n: str, sentence: str, extra: str | None = None) -> list[dict[str, str]]:
        chosen = rng.sample(source_ids, 2 if rng.random() < 0.15 else 1)
        out_cites = []
        for sid in chosen:
            excerpt = f"[{n}] {sentence}"
            archive[sid].append(excerpt if extra is None else f"{excerpt} {extra}")
            out_cites.append({"source": sid, "excerpt": excerpt})
        return out_cites

    events: list[dict[str, Any]] = []
    for i in range(sizes.events):
        n = f"e{i + 1:06d}"
        category = CATEGORIES[i] if i < len(CATEGORIES) else rng.choice(CATEGORIES)
        roll = rng.random()
        scope = "local" if roll < 0.8 else ("national" if roll < 0.95 else "international")
        picked = rng.sample(region_ids, rng.choice((1, 1, 1, 2))) if scope == "local" else []
        place = centre[picked[0]] if picked else "Kazakhstan"
        when = day()
        title = rng.choice(VERBS[category]).format(place=place)
        precision = rng.choices(("day", "approximate", "inferred"), (90, 5, 5))[0]
        figures = None
        if category == "casualties" and rng.random() < 0.5:
            figures = [{"label": "injured", "value": rng.randint(1, 400), "unit": "people",
                        "qualifier": "about", "claimed_by": rng.choice(CLAIMANTS)}]
        events.append({
            "id": f"synth-{n}",
            "date": when,
            "date_precision": precision,
            "date_note": None if precision == "day" else "Synthetic: the date is made up.",
            "title": f"{title} ({n})",
            "summary": f"Synthetic event {n}: {title[:1].lower()}{title[1:]} on {when.day} "
                       f"{when:%B %Y}, according to a made-up report.",
            "category": category,
            "scope": scope,
            "regions": picked,
            "places": [place],
            "actors": rng.sample(ACTORS, rng.choice((1, 2))),
            "figures": figures,
            "related": [f"synth-e{rng.randrange(i) + 1:06d}"] if i and rng.random() < 0.05
            else None,
            "sources": cite(n, f"{title} on {when.day} {when:%B}."),
        })

    quotes: list[dict[str, Any]] = []
    for i in range(sizes.quotes):
        n = f"q{i + 1:06d}"
        # every speaker at least once, then at random
        speaker, role, affiliation = SPEAKERS[i] if i < len(SPEAKERS) else rng.choice(SPEAKERS)
        event = events[rng.randrange(len(events))]
        kind = "direct" if rng.random() < 0.8 else "paraphrase"
        text = f"Statement {n}: the situation around {event['places'][0]} is under review"
        quotes.append({
            "id": f"synth-{n}",
            "date": event["date"],
            "speaker": speaker,
            "role": role,
            "affiliation": affiliation,
            "text": text,
            "kind": kind,
            "event": event["id"],
            "sources": cite(n, f"{speaker} spoke about {event['places'][0]}.", extra=text),
        })

    claims: list[dict[str, Any]] = []
    for i in range(sizes.claims):
        n = f"c{i + 1:06d}"
        metric, _unit = METRICS[i % len(METRICS)]
        claimant = rng.choice(CLAIMANTS)
        reported = start + dt.timedelta(days=rng.randrange(days))
        as_of = reported - dt.timedelta(days=rng.choice((0, 0, 1)))
        if as_of < start:
            as_of = reported
        event = events[rng.randrange(len(events))] if rng.random() < 0.5 else None
        value = rng.randint(1, 20) * 10 ** rng.randint(0, 3)
        claims.append({
            "id": f"synth-{n}",
            "metric": metric,
            "value": value,
            "qualifier": rng.choice(("exactly", "about", "more than")),
            "as_of": as_of,
            "reported": reported,
            "claimed_by": claimant,
            "status": rng.choices(("reported", "retracted", "disputed"), (90, 5, 5))[0],
            "event": event["id"] if event else None,
            "sources": cite(n, f"{claimant} gave a figure of {value} for {metric}."),
        })

    sources = [{
        "id": sid,
        "title": f"{name}: synthetic reports, January 2022",
        "publisher": name,
        "kind": kind,
        "url": f"https://example.org/synthetic/{sid}",
        "published": start + dt.timedelta(days=days - 1),
        "language": "en",
        "archive": f"archive/{sid}.txt",
        "notes": "Made up by kzdash synth for benchmarks; not a real outlet.",
    } for (sid, name), kind in zip(SOURCES, KINDS, strict=True)]

    note = f"# Synthetic kzdash dataset (seed {seed}): made up for benchmarks, not real events.\n"
    for key, items in (("events", events), ("quotes", quotes), ("claims", claims),
                       ("sources", sources)):
        # a list is read from one file: the other format's file is replaced too
        (out / f"{key}.{'yaml' if file_format == 'parquet' else 'parquet'}").unlink(missing_ok=True)
        if file_format == "parquet":
            # None means "left out" in YAML too (emit skips it)
            write_parquet(out / f"{key}.parquet",
                          [{k: v for k, v in item.items() if v is not None} for item in items])
        else:
            _write(out / f"{key}.yaml", key, items, note)
    for sid, lines in archive.items():
        (out / "archive" / f"{sid}.txt").write_text(
            "Synthetic archive: made-up text for kzdash benchmarks.\n" + "\n".join(lines) + "\n",
            encoding="utf-8",
        )


def register(commands: argparse._SubParsersAction) -> None:
    synth = commands.add_parser("synth", help="write a synthetic dataset of a given size")
    synth.add_argument("--events", type=int, required=True, help="number of events")
    synth.add_argument("--quotes", type=int, required=True, help="number of quotes")
    synth.add_argument("--claims", type=int, default=None,
                       help="number of claims (default: events/25, at least 8)")
    synth.add_argument("--out", required=True, help="folder to write the dataset into")
    synth.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    synth.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2022, 1, 1),
                       help="first day of the span (default: 2022-01-01)")
    synth.add_argument("--days", type=int, default=13, help="days in the span (default: 13)")
    synth.add_argument("--format", choices=FORMATS, default="yaml",
                       help="how to write the lists: yaml (default, for people to edit) or "
                       "parquet (for large machine-made data)")
    synth.set_defaults(func=synth_command)


def synth_command(args: argparse.Namespace) -> int:
    """Write the dataset and say what was written."""
    claims = default_claims(args.events) if args.claims is None else args.claims
    sizes = Sizes(events=args.events, quotes=args.quotes, claims=claims)
    try:
        generate(Path(args.out), sizes, seed=args.seed, start=args.start, days=args.days,
                 file_format=args.format)
    except ValueError as exc:
        print(f"synth: {exc}")
        return 2
    print(f"Wrote {sizes.events} events, {sizes.quotes} quotes, {sizes.claims} claims "
          f"to {args.out}")
    return 0

