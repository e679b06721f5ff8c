"""Which January 2022 unit an imported row is in, decided by the evidence the row carries.

An ACLED row names its unit in ``admin1``, but "Almaty" is both the city (KZ-ALA) and the
stem of Almaty Region (KZ-ALM), and "Akmola" both Akmola Region and an old name of the
capital. :class:`UnitResolver` never guesses: it takes the units ``admin1`` can mean and
lets the rest of the row decide between them, then says which evidence decided.

The evidence, strongest first:

1. ``location`` or ``admin2`` naming a city of republican significance (exactly, as a name
   or alias in the regions file). Only cities count: a region is not named by a place.
2. Coordinates with ``geo_precision`` 1 or 2 (ACLED: the place itself, or a place near it).
   Within a city's limits they mean the city; elsewhere, inside exactly one shape of the
   boundary file, that unit. A city's limits are a circle of the city's area about its
   centre (:data:`CITY_AREAS_KM2`), or the city's own shape where the boundary file has one
   (the file's shapes of Almaty and Nur-Sultan are the cities' older, smaller limits, all
   inside the 2022 ones). Shymkent's area lies inside the KZ-YUZ shape (see
   :mod:`kzdash.geo`), so the circle is its only limit.
3. ``admin1`` on its own, only when it names one unit.

Coordinates that put the row in a unit ``admin1`` does not name, or in another unit than a
named city, are a contradiction and reported, never silently preferred.

``geo_precision`` 3 (ACLED: the centre of a larger region, the place being unknown) is weak:
such coordinates are tested against the region shapes only, decide only between units none
of which is a city (a region's centre says nothing about whether the event was in the city
inside it), and never make a contradiction. Coordinates with an empty ``geo_precision`` are
treated the same way. Coordinates outside every shape (the sea, a border simplified to 1 km,
another country) are no evidence either way.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzdash.geo import GEO_PATH, Locator, load_shapes
from kzdash.models import Region

# Areas of the cities of republican significance as they stood in January 2022 (official
# figures: Almaty after its 2014 expansion, Nur-Sultan after 2017, Shymkent after 2018).
CITY_AREAS_KM2: dict[str, float] = {"KZ-ALA": 683.0, "KZ-AST": 797.0, "KZ-SHY": 1163.0}

# A city's limits are taken as the circle of its area about its centre (lat/lon in the
# regions file): radius sqrt(area / pi), i.e. Almaty 14.7 km, Nur-Sultan 15.9 km, Shymkent
# 19.2 km. The boundary file cannot serve: Shymkent has no shape there, and the shapes of
# Almaty and Nur-Sultan are older limits (about 294 and 612 km²). A point in the circle, or
# in one of those shapes (inside the 2022 limits too), is in the city. The README's import
# section states the same radii.
EARTH_RADIUS_KM = 6371.0088

# No city is a circle: between the circle and EDGE_FACTOR times its radius a point may be in
# the city or in the region around it (Almaty's Medeu rink, in the city, lies 15.9 km from
# its centre, beyond the 14.7 km circle; Otegen Batyr, in Almaty Region, 20.5 km), so
# coordinates there decide neither way and contradict neither. Beyond it no part of the city
# is taken to lie (a city of the circle's area reaching twice its radius away would be a
# strip, not a city), and the region shapes decide: beyond 29.5 km (Almaty), 31.9 km
# (Nur-Sultan) and 38.5 km (Shymkent).
EDGE_FACTOR = 2.0

# Generic words that follow a region's name in exports ("Mangystau Oblast").
REGION_WORDS: tuple[str, ...] = ("region", "oblast", "oblysy", "province")

# ACLED's geo_precision: 1 the place itself, 2 a place near it, 3 a larger region's centre.
STRONG_GEO_PRECISION = frozenset({"1", "2"})
GEO_PRECISIONS = frozenset({"", "1", "2", "3"})


def city_radius_km(area_km2: float) -> float:
    """The radius of a circle of ``area_km2``: the limits the importer gives a city."""
    return math.sqrt(area_km2 / math.pi)


def distance_km(lat0: float, lon0: float, lat1: float, lon1: float) -> float:
    """Great-circle distance (haversine, on a sphere of the Earth's mean radius)."""
    p0, p1 = math.radians(lat0), math.radians(lat1)
    dp, dl = p1 - p0, math.radians(lon1 - lon0)
    h = math.sin(dp / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def name_key(name: str) -> str:
    """The form names are compared in: NFC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def region_index(regions: Iterable[Region]) -> dict[str, dict[str, str]]:
    """Every region name and alias in the form names are compared in, with the region ids
    it names and its spelling there (more than one id means the name is ambiguous).

    A region's name counts with and without a generic word ("Mangystau Region",
    "Mangystau", "Mangystau Oblast", "Mangystau oblysy"), as exports differ; a city's
    only as written. That makes "Almaty" (the city, and the stem of Almaty Region) and
    "Akmola" (an old name of the capital, and the stem of Akmola Region) ambiguous: the
    rest of the row must decide."""
    index: dict[str, dict[str, str]] = {}
    for region in regions:
        for name in (region.name, *region.aliases):
            forms = {name}
            if region.kind == "region":
                words = name.split()
                stem = " ".join(words[:-1]) if words[-1].casefold() in REGION_WORDS else name
                if stem.strip():
                    forms |= {stem, *(f"{stem} {word}" for word in REGION_WORDS)}
            for form in forms:
                index.setdefault(name_key(form), {}).setdefault(region.id, name)
    return index


@dataclass(frozen=True)
class Resolved:
    """A row's unit and the evidence that decided it, or why there is none."""

    region: str | None
    evidence: str | None = None  # for the event's summary: which evidence decided
    problem: str | None = None


@dataclass(frozen=True)
class _City:
    id: str
    name: str
    lat: float
    lon: float
    radius_km: float


class UnitResolver:
    """Resolves the unit of ACLED rows against a regions file and a boundary file."""

    def __init__(
        self,
        regions: Iterable[Region],
        regions_path: Path,
        shapes: dict[str, Any] | None = None,
        shapes_path: Path = GEO_PATH,
    ) -> None:
        regions = list(regions)
        self.index = region_index(regions)
        self.regions_path = regions_path
        self.shapes_name = Path(shapes_path).name
        self.names = {r.id: r.name for r in regions}
        # a spelling of each unit that names only it, for hints
        self.spelling: dict[str, str] = {}
        for r in regions:
            for name in (r.name, *r.aliases):
                if self.index.get(name_key(name), {}).keys() == {r.id}:
                    self.spelling.setdefault(r.id, name)
        self.cities = {r.id for r in regions if r.kind == "city"}
        self.circles = [
            _City(r.id, r.name, r.lat, r.lon, city_radius_km(CITY_AREAS_KM2[r.id]))
            for r in regions if r.kind == "city" and r.id in CITY_AREAS_KM2
        ]
        self.locator = Locator(shapes if shapes is not None else load_shapes(shapes_path))

    def admin1_units(self, admin1: str) -> tuple[dict[str, str], str | None]:
        """The units ``admin1`` can name (id -> its spelling), or why it names none."""
        if not admin1.strip():
            return {}, "admin1 is empty: every ACLED row needs its first-level region"
        ids = self.index.get(name_key(admin1))
        if ids is None:
            close = difflib.get_close_matches(name_key(admin1), list(self.index), n=1,
                                              cutoff=0.6)
            hint = "".join(
                f" (closest: {name!r}, {rid})" for c in close
                for rid, name in self.index[c].items()
            )
            return {}, (
                f"admin1 {admin1!r} is not a name or alias of any region in "
                f"{self.regions_path}{hint}; add it to the aliases of the region it means"
            )
        return dict(ids), None

    def resolve(self, row: Mapping[str, str]) -> Resolved:
        """The unit of one row (ACLED column -> text), with the evidence that decided."""
        admin1 = row["admin1"].strip()
        units, problem = self.admin1_units(admin1)
        if problem:
            return Resolved(None, problem=problem)
        named, problem = self._named_city(row)
        if problem:
            return Resolved(None, problem=problem)
        point, problem = self._point(row)
        if problem:
            return Resolved(None, problem=problem)
        said = f"admin1 {admin1!r} names {' and '.join(sorted(units))}"
        # coordinates that can contradict: strong, and in some unit (or near a city's edge)
        placed = point is not None and point.strong and bool(point.units)

        if named is not None:
            city, field = named
            if city not in units:
                return Resolved(None, problem=(
                    f"{field} names the city {city}, but {said}: correct one of them"))
            if placed and city not in point.units:
                return Resolved(None, problem=(
                    f"{field} names the city {city}, but {point.where}: correct one of them"))
            return Resolved(city, f"{self._label(city)}, because {said}; {field} names the city.")

        if placed and not point.units & units.keys():
            return Resolved(None, problem=(
                f"{point.where}, but {said}: correct the coordinates or admin1"))
        if len(units) == 1:
            unit = next(iter(units))
            agree = "; the coordinates agree" if placed and point.units == {unit} else ""
            return Resolved(unit, f"{self._label(unit)}, because {said} and no other unit"
                            f"{agree}.")
        both = point.units & units.keys() if point else set()
        if len(both) == 1 and (point.strong or not units.keys() & self.cities):
            unit = both.pop()
            return Resolved(unit, f"{self._label(unit)}, because {said}; {point.where}.")
        why = ""
        if point and not point.strong:
            why = (f"; the coordinates (geo_precision {point.precision or 'empty'}) are too "
                   "weak to tell a city from the region around it")
        elif point and len(both) > 1:
            why = f"; {point.where}"
        spellings = " or ".join(repr(self.spelling[unit]) for unit in sorted(units)
                                if unit in self.spelling)
        return Resolved(None, problem=(
            f"admin1 {admin1!r} is a name or alias of several regions "
            f"({', '.join(sorted(units))}) in {self.regions_path}, and nothing else in the row "
            f"decides between them{why}: write admin1 as {spellings or 'one unit'}, or name "
            "the city in location or admin2"))

    def _label(self, unit: str) -> str:
        return f"{unit} ({self.names[unit]})" if unit in self.names else unit

    def _named_city(self, row: Mapping[str, str]) -> tuple[tuple[str, str] | None, str | None]:
        """((city id, 'location ...'), None) when location or admin2 names a city."""
        found: dict[str, str] = {}
        for column in ("location", "admin2"):
            value = row.get(column, "").strip()
            cities = self.index.get(name_key(value), {}).keys() & self.cities
            if len(cities) == 1:  # a name of several cities is no evidence
                found.setdefault(cities.pop(), f"{column} {value!r}")
        if len(found) > 1:
            return None, (
                f"{' and '.join(found.values())} name different cities "
                f"({', '.join(sorted(found))}): correct one of them")
        return next(iter(found.items()), None), None

    def _point(self, row: Mapping[str, str]) -> tuple[_Point | None, str | None]:
        """Where the row's coordinates are, or why they cannot be read."""
        lat_text, lon_text = row["latitude"].strip(), row["longitude"].strip()
        precision = row["geo_precision"].strip()
        if precision not in GEO_PRECISIONS:
            return None, f"geo_precision {precision!r}: expected 1, 2 or 3 (ACLED's codebook)"
        if not lat_text and not lon_text:
            return None, None
        try:
            lat, lon = float(lat_text), float(lon_text)
        except ValueError:
            return None, (f"latitude/longitude {lat_text!r}, {lon_text!r}: expected two "
                          "numbers in decimal degrees, or both empty")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat + lon):
            return None, (f"latitude/longitude {lat_text}, {lon_text}: out of range "
                          "(latitude -90..90, longitude -180..180); are they swapped?")
        strong = precision in STRONG_GEO_PRECISION
        at = f"latitude/longitude {lat_text}, {lon_text} (geo_precision {precision or 'empty'})"
        inside = [
            unit for unit in self.locator.containing(lon, lat)
            if strong or unit not in self.cities  # a region's centre says nothing of a city
        ]
        if strong:
            for city in self.circles:
                km = distance_km(lat, lon, city.lat, city.lon)
                if km <= city.radius_km or inside == [city.id]:
                    within = (
                        f"the {city.radius_km:.1f} km circle of its "
                        f"{CITY_AREAS_KM2[city.id]:,.0f} km²" if km <= city.radius_km
                        else f"its shape in {self.shapes_name}"
                    )
                    return _Point(frozenset({city.id}), True, precision, (
                        f"{at} lie {km:.1f} km from the centre of {city.name}, within "
                        f"{within}")), None
                if km <= EDGE_FACTOR * city.radius_km:
                    return _Point(frozenset({city.id, *inside}), True, precision, (
                        f"{at} lie {km:.1f} km from the centre of {city.name}, beyond the "
                        f"{city.radius_km:.1f} km circle of its area but within the "
                        f"{EDGE_FACTOR * city.radius_km:.1f} km where its edge may be: they "
                        f"cannot tell {' from '.join(sorted({city.id, *inside}))}")), None
        if len(inside) != 1:
            return _Point(frozenset(), strong, precision, f"{at} lie in no single shape"), None
        unit = inside[0]
        beyond = " and far from every city" if strong else ""
        return _Point(frozenset({unit}), strong, precision,
                      f"{at} lie in the {unit} shape of {self.shapes_name}{beyond}"), None


@dataclass(frozen=True)
class _Point:
    units: frozenset[str]  # the unit the coordinates lie in; two near a city's edge; none
    strong: bool
    precision: str
    where: str  # says so, for messages and notes
