"""The committed region boundaries (data/geo/) against data/regions.yaml, and the
build script's decoding on a tiny topology. Standard library only: no shapely."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from kzdash.geo import GEO_PATH, POINT_REGIONS, Locator, load_shapes, shape_ids
from kzdash.load import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent
REGIONS = {r["id"]: r for r in yaml.safe_load(
    (DATA_DIR / "regions.yaml").read_text(encoding="utf-8"))["regions"]}
SHAPES = load_shapes()
# Which shape each point region lies in (its former region).
CONTAINER = {"KZ-SHY": "KZ-YUZ"}
LON, LAT = (46.0, 88.0), (40.0, 56.0)  # Kazakhstan's bounding box, roughly

Position = list[float]


def polygons(geometry: dict[str, Any]) -> list[list[list[Position]]]:
    """A Polygon's or MultiPolygon's polygons, each a list of rings."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def signed_area(ring: list[Position]) -> float:
    """Shoelace area in lon/lat: positive counter-clockwise, negative clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def contains(geometry: dict[str, Any], lon: float, lat: float) -> bool:
    """Even-odd ray cast over every ring, so holes and islands count right."""
    inside = False
    for polygon in polygons(geometry):
        for ring in polygon:
            for (x0, y0), (x1, y1) in pairwise(ring):
                if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


def _orient(a: tuple[int, int], b: tuple[int, int], c: tuple[int, int]) -> int:
    value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (value > 0) - (value < 0)


def _on_segment(a: tuple[int, int], b: tuple[int, int], p: tuple[int, int]) -> bool:
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def _touch(s: tuple, t: tuple) -> bool:
    (a, b), (c, d) = s, t
    o1, o2, o3, o4 = _orient(a, b, c), _orient(a, b, d), _orient(c, d, a), _orient(c, d, b)
    if o1 != o2 and o3 != o4:
        return True
    return (
        (o1 == 0 and _on_segment(a, b, c)) or (o2 == 0 and _on_segment(a, b, d))
        or (o3 == 0 and _on_segment(c, d, a)) or (o4 == 0 and _on_segment(c, d, b))
    )


def crossings(polygon: list[list[Position]]) -> list[Position]:
    """Where edges of one polygon (all its rings) meet other than consecutive edges of a
    ring at their shared vertex: self-intersections, spikes, rings touching, repeated
    positions. Exact, on the 0.001-degree grid; a sweep along longitude keeps it fast."""
    edges = []  # (min x, max x, ring, index, segment)
    for r, ring in enumerate(polygon):
        grid = [(round(x * 1000), round(y * 1000)) for x, y in ring]
        for i, (a, b) in enumerate(pairwise(grid)):
            edges.append((min(a[0], b[0]), max(a[0], b[0]), r, i, (a, b)))
    edges.sort()
    found = [s[0] for *_, s in edges if s[0] == s[1]]
    for k, (_, right, r, i, s) in enumerate(edges):
        last = len(polygon[r]) - 2  # index of the ring's closing edge
        for left2, _, r2, i2, t in edges[k + 1:]:
            if left2 > right:
                break
            if r == r2 and (i2 - i) % (last + 1) in (1, last):  # consecutive edges
                (a, b), c = (s, t[1]) if s[1] == t[0] else (t, s[1])
                backwards = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) < 0
                if _orient(a, b, c) == 0 and backwards:  # folds back over itself
                    found.append(b)
            elif _touch(s, t):
                found.append(s[0])
    return [[x / 1000, y / 1000] for x, y in found]


def problems(collection: dict[str, Any]) -> list[str]:
    """Everything wrong with the shapes of a FeatureCollection, as d3-geo draws them."""
    found = []
    for feature in collection["features"]:
        fid = feature.get("id")
        if feature.get("type") != "Feature" or feature.get("properties", {}).get("id") != fid:
            found.append(f"{fid}: not a Feature whose properties.id is its id")
        geometry = feature["geometry"]
        if geometry["type"] not in ("Polygon", "MultiPolygon"):
            found.append(f"{fid}: {geometry['type']} is not a Polygon or MultiPolygon")
            continue
        for p, polygon in enumerate(polygons(geometry)):
            for r, ring in enumerate(polygon):
                where = f"{fid} polygon {p} ring {r}"
                if len(ring) < 4 or ring[0] != ring[-1]:
                    found.append(f"{where}: not closed with at least 4 positions")
                    continue
                if not all(LON[0] <= x <= LON[1] and LAT[0] <= y <= LAT[1] for x, y in ring):
                    found.append(f"{where}: a position outside Kazakhstan's bounding box")
                # d3-geo: exterior clockwise, holes counter-clockwise (not RFC 7946)
                clockwise = signed_area(ring) < 0
                if clockwise != (r == 0):
                    found.append(f"{where}: wound the wrong way for d3-geo")
            if any(len(ring) >= 4 for ring in polygon) and crossings(polygon):
                found.append(f"{fid} polygon {p}: edges cross or touch at {crossings(polygon)[0]}")
    return found


def shape(region: str) -> dict[str, Any]:
    return next(f["geometry"] for f in SHAPES["features"] if f["id"] == region)


def test_every_region_has_a_shape_or_a_documented_point_and_every_shape_is_a_region():
    shaped = shape_ids(SHAPES)
    assert shaped | set(POINT_REGIONS) == set(REGIONS)
    assert not shaped & set(POINT_REGIONS)
    assert len(SHAPES["features"]) == len(shaped) == 16
    assert all(reason.strip() for reason in POINT_REGIONS.values())
    assert set(CONTAINER) == set(POINT_REGIONS)


def test_feature_ids_and_names_are_those_of_regions_yaml():
    for feature in SHAPES["features"]:
        assert feature["id"] == feature["properties"]["id"]
        assert feature["properties"]["name"] == REGIONS[feature["id"]]["name"]


def test_the_file_stays_small():
    assert GEO_PATH.stat().st_size < 1_000_000
    assert GEO_PATH.stat().st_size < 300_000  # the README's budget


def test_the_shapes_are_valid_as_d3_draws_them():
    assert problems(SHAPES) == []


def _spike(geometry: dict[str, Any]) -> None:
    """Out from the second position and straight back, as the source does on Atyrau's
    border (the build removes it)."""
    ring = geometry["coordinates"][0]
    ring[2:2] = [[ring[1][0], ring[1][1] + 0.5], ring[1]]


def _bow_tie(geometry: dict[str, Any]) -> None:
    """Swap two positions so that two edges cross."""
    ring = geometry["coordinates"][0]
    ring[1], ring[2] = ring[2], ring[1]


@pytest.mark.parametrize(
    "damage, complaint",
    [
        (lambda g: g["coordinates"][0].reverse(), "wound the wrong way"),
        (lambda g: g["coordinates"][0].pop(), "not closed"),
        (lambda g: g["coordinates"][0].__setitem__(1, [100.0, 50.0]), "bounding box"),
        (lambda g: g.update(type="Point", coordinates=[70.0, 45.0]), "not a Polygon"),
        (_spike, "cross or touch"),
        (_bow_tie, "cross or touch"),
        (lambda g: g["coordinates"][0].insert(1, g["coordinates"][0][1]), "cross or touch"),
    ],
)
def test_the_validity_check_can_fail(damage, complaint):
    collection = copy.deepcopy(SHAPES)
    feature = next(f for f in collection["features"] if f["id"] == "KZ-KZY")
    damage(feature["geometry"])
    assert any(complaint in p for p in problems(collection)), problems(collection)


def test_ray_cast():
    square = {"type": "Polygon", "coordinates": [
        [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]],
        [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
    ]}
    assert contains(square, 1, 1) and contains(square, 9, 5)
    assert not contains(square, 5, 5)  # in the hole
    assert not contains(square, 11, 5) and not contains(square, -1, 5)


def test_the_point_regions_lie_inside_the_shape_they_were_part_of():
    for region, container in CONTAINER.items():
        lon, lat = REGIONS[region]["lon"], REGIONS[region]["lat"]
        inside = [f["id"] for f in SHAPES["features"] if contains(f["geometry"], lon, lat)]
        assert inside == [container], region


@pytest.mark.parametrize("region", sorted(set(REGIONS) - set(POINT_REGIONS)))
def test_each_regions_centre_lies_in_its_own_shape_only(region):
    lon, lat = REGIONS[region]["lon"], REGIONS[region]["lat"]
    inside = [f["id"] for f in SHAPES["features"] if contains(f["geometry"], lon, lat)]
    assert inside == [region]


def test_the_locator_finds_what_the_ray_cast_finds():
    """kzdash.geo.Locator (numpy, used by the ACLED importer) against this file's plain
    ray cast: every centre, a grid over the country, holes and the sea."""
    locator = Locator(SHAPES)
    square = Locator({"features": [{"properties": {"id": "SQ"}, "geometry": {
        "type": "Polygon", "coordinates": [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]],
                                           [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}}]})
    assert square.containing(1, 1) == ("SQ",) and square.containing(5, 5) == ()
    assert square.containing(11, 5) == ()
    points = [(r["lon"], r["lat"]) for r in REGIONS.values()]
    points += [(lon / 2, lat / 2) for lon in range(92, 176, 3) for lat in range(80, 112, 3)]
    for lon, lat in points:
        expected = tuple(f["id"] for f in SHAPES["features"]
                         if contains(f["geometry"], lon, lat))
        assert locator.containing(lon, lat) == expected, (lon, lat)
    assert locator.containing(76.92, 43.25) == ("KZ-ALA",)  # in the hole of KZ-ALM
    assert locator.containing(50.0, 42.0) == ()  # the Caspian


def test_load_shapes_reads_once_and_the_module_stays_pure():
    assert load_shapes() is load_shapes(GEO_PATH)
    code = "import sys, kzdash.geo; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# The build script (scripts/build_geo.py), on a tiny topology of its own.
def _build_geo():
    spec = importlib.util.spec_from_file_location("build_geo", ROOT / "scripts" / "build_geo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _topology(units: list[tuple[str, str]]) -> dict[str, Any]:
    """Two squares side by side sharing arc 1, quantized on a 1-degree grid."""
    return {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [60, 45]},
        "arcs": [
            [[1, 0], [-1, 0], [0, 1], [1, 0]],  # (61,45) (60,45) (60,46) (61,46)
            [[1, 1], [0, -1]],  # shared edge (61,46) -> (61,45)
            [[1, 1], [1, 0], [0, -1], [-1, 0]],  # (61,46) (62,46) (62,45) (61,45)
        ],
        "objects": {"kaz": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": units[0][0], "properties": {"name": units[0][1]},
             "arcs": [[0, 1]]},
            {"type": "Polygon", "id": units[1][0], "properties": {"name": units[1][1]},
             "arcs": [[2, -2]]},
        ]}},
    }


def test_build_decodes_stitches_and_orients_for_d3(monkeypatch):
    build = _build_geo()
    monkeypatch.setattr(build, "MAPPING", {"A": ("Aa", "KZ-AAA"), "B": ("Bb", "KZ-BBB")})
    monkeypatch.setattr(build, "FILL_HOLES", {})
    out = build.features(_topology([("A", "Aa"), ("B", "Bb")]),
                         {"KZ-AAA": "A region", "KZ-BBB": "B region"})
    assert [f["id"] for f in out] == ["KZ-AAA", "KZ-BBB"]
    assert out[0]["properties"] == {"id": "KZ-AAA", "name": "A region", "source_name": "Aa"}
    assert problems({"features": out}) == []
    assert contains(out[0]["geometry"], 60.5, 45.5) and not contains(out[0]["geometry"], 61.5, 45.5)
    assert contains(out[1]["geometry"], 61.5, 45.5)
    text = build.dumps({"type": "FeatureCollection", "features": out})
    assert json.loads(text)["features"] == out and text.count("\n") == 4


def test_build_fails_loudly_on_an_unmapped_or_renamed_unit(monkeypatch):
    build = _build_geo()
    monkeypatch.setattr(build, "MAPPING", {"A": ("Aa", "KZ-AAA")})
    with pytest.raises(SystemExit, match="unmapped source unit 'B'"):
        build.features(_topology([("A", "Aa"), ("B", "Bb")]), {"KZ-AAA": "A"})
    monkeypatch.setattr(build, "MAPPING", {"A": ("Aa", "KZ-AAA"), "B": ("Bb", "KZ-BBB")})
    with pytest.raises(SystemExit, match="named 'Zz'"):
        build.features(_topology([("A", "Aa"), ("B", "Zz")]), {"KZ-AAA": "A", "KZ-BBB": "B"})


def test_build_removes_spikes_and_winds_exterior_rings_clockwise():
    build = _build_geo()
    # counter-clockwise (RFC 7946) square with a spike out to (62, 45.5) and back
    ring = [(60, 45), (61, 45), (61, 45.5), (62, 45.5), (61, 45.5), (61, 46), (60, 46), (60, 45)]
    out = build.finish(ring, exterior=True)
    assert out == [[60, 45], [60, 46], [61, 46], [61, 45.5], [61, 45], [60, 45]]
    assert signed_area(build.finish(ring, exterior=False)) > 0
