"""Region boundaries for the map, read from the committed file under data/geo/.

The file is a GeoJSON FeatureCollection built offline by ``scripts/build_geo.py``
(see data/geo/README.md): one Polygon or MultiPolygon feature per region that has a
shape, ``id`` and ``properties.id`` holding the region id of data/regions.yaml,
``properties.name`` its name. Rings are oriented as d3-geo (Vega) expects:
exterior rings clockwise, holes counter-clockwise. Nothing is downloaded.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from kzdash.i18n import N_

GEO_PATH = Path(__file__).resolve().parent.parent / "data" / "geo" / "kz-regions-2022.geojson"

# Regions drawn as a point (their lat/lon in data/regions.yaml) rather than a shape.
POINT_REGIONS: dict[str, str] = {
    "KZ-SHY": N_(
        "Shymkent became a city of republican significance in June 2018; the source "
        "boundaries predate that, so its area lies inside the KZ-YUZ shape "
        "(South Kazakhstan, now Turkistan Region)."
    ),
}


def load_shapes(path: Path = GEO_PATH) -> dict[str, Any]:
    """The boundary FeatureCollection at ``path``, parsed once per file.

    The cached dict is shared between callers: treat it as read-only."""
    return _load(Path(path).resolve())


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, Any]:
    """Parse and check one boundary file (cached by its resolved path)."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    if collection.get("type") != "FeatureCollection":
        raise ValueError(f"{path}: not a GeoJSON FeatureCollection")
    return collection


def shape_ids(collection: dict[str, Any]) -> set[str]:
    """The region ids that have a shape in ``collection``."""
    return {feature["properties"]["id"] for feature in collection["features"]}


class Locator:
    """Which shapes of a boundary collection hold a point.

    Even-odd ray casting over every ring of a feature, so holes (the city cut out of
    its region) and islands count right. Written with numpy over each feature's edges,
    after a bounding-box test, and remembered per point: an export repeats the same
    coordinates for every event in a place."""

    def __init__(self, collection: dict[str, Any]) -> None:
        self._features: list[tuple[str, tuple[float, float, float, float], np.ndarray]] = []
        for feature in collection["features"]:
            geometry = feature["geometry"]
            polygons = (
                [geometry["coordinates"]] if geometry["type"] == "Polygon"
                else geometry["coordinates"]
            )
            edges = [
                (x0, y0, x1, y1)
                for polygon in polygons
                for ring in polygon
                for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)
                if y0 != y1  # a level edge never crosses a level ray
            ]
            array = np.array(edges, dtype=float).reshape(-1, 4)
            box = (
                float(array[:, [0, 2]].min()), float(array[:, [1, 3]].min()),
                float(array[:, [0, 2]].max()), float(array[:, [1, 3]].max()),
            )
            self._features.append((feature["properties"]["id"], box, array))
        self._seen: dict[tuple[float, float], tuple[str, ...]] = {}

    def containing(self, lon: float, lat: float) -> tuple[str, ...]:
        """The ids of the shapes that hold (lon, lat); none outside every shape."""
        key = (lon, lat)
        if key not in self._seen:
            self._seen[key] = tuple(
                region_id for region_id, box, edges in self._features
                if box[0] <= lon <= box[2] and box[1] <= lat <= box[3]
                and _odd_crossings(edges, lon, lat)
            )
        return self._seen[key]


def _odd_crossings(edges: np.ndarray, lon: float, lat: float) -> bool:
    x0, y0, x1, y1 = edges.T
    spans = (y0 > lat) != (y1 > lat)
    x0, y0, x1, y1 = x0[spans], y0[spans], x1[spans], y1[spans]
    crossings = lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
    return bool(np.count_nonzero(crossings) % 2)
