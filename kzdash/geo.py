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
