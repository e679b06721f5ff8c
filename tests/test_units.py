"""Which unit an ACLED row is in (kzdash.units), against the package's regions and
boundary files: one table of rows and what they resolve to, or why not."""

from __future__ import annotations

import pytest

from kzdash.acled import ACLED_COLUMNS, DEFAULT_REGIONS, read_regions
from kzdash.units import CITY_AREAS_KM2, UnitResolver, city_radius_km, distance_km, region_index

REGIONS, _ = read_regions(DEFAULT_REGIONS)
RESOLVER = UnitResolver(REGIONS, DEFAULT_REGIONS)
INDEX = region_index(REGIONS)

ALMATY = ("43.2567", "76.9286")  # near the city's centre
ZHANAOZEN = ("43.3412", "52.8619")  # Mangystau Region
KASKELEN = ("43.2003", "76.6203")  # Almaty Region, 24 km from Almaty's centre
ESIK = ("43.3569", "77.4528")  # Almaty Region, 45 km from Almaty's centre
MEDEU = ("43.1575", "77.0589")  # the Medeu rink: in Almaty city, 16 km from its centre
OLD_CITY_NORTH = ("43.3850", "77.0000")  # inside the city's (older) shape, beyond the circle
KOKSHETAU = ("53.2841", "69.3936")  # Akmola Region
ASTANA = ("51.1280", "71.4300")  # Nur-Sultan
SHYMKENT_EDGE = ("42.5000", "69.6000")  # 21 km north of Shymkent's centre: near its edge
KENTAU = ("43.5167", "68.5167")  # Turkistan Region, far from Shymkent
AQTOBE = ("50.2797", "57.2072")
SEA = ("42.0000", "50.0000")  # the Caspian: in no shape


def row(admin1: str, location: str = "", admin2: str = "",
        point: tuple[str, str] = ("", ""), precision: str = "") -> dict[str, str]:
    values = {name: "" for name in ACLED_COLUMNS}
    return values | {"admin1": admin1, "location": location, "admin2": admin2,
                     "latitude": point[0], "longitude": point[1], "geo_precision": precision}


# (row, the unit or None, a fragment of the evidence or of the problem)
CASES = [
    # admin1 alone decides only when it names one unit
    (row("Almaty City"), "KZ-ALA", "admin1 'Almaty City' names KZ-ALA and no other unit"),
    (row("Almaty Region"), "KZ-ALM", "names KZ-ALM and no other unit"),
    (row("Mangystau", "Zhanaozen", point=ZHANAOZEN, precision="1"), "KZ-MAN",
     "no other unit; the coordinates agree"),
    (row("Almaty"), None, "several regions (KZ-ALA, KZ-ALM)"),
    (row("Akmola"), None, "several regions (KZ-AKM, KZ-AST)"),
    (row("Almaty"), None, "write admin1 as 'Almaty City' or 'Almaty Region'"),
    # location or admin2 naming the city
    (row("Almaty", "Almaty"), "KZ-ALA", "location 'Almaty' names the city"),
    (row("Almaty", "Republic Square", admin2="Almaty City"), "KZ-ALA",
     "admin2 'Almaty City' names the city"),
    (row("Akmola", "Astana"), "KZ-AST", "location 'Astana' names the city"),
    (row("Almaty", "Taldykorgan"), None, "several regions"),  # a region is not named by a place
    (row("Almaty Region", "Almaty"), None,
     "location 'Almaty' names the city KZ-ALA, but admin1 'Almaty Region' names KZ-ALM"),
    (row("Almaty", "Almaty", admin2="Shymkent"), None,
     "location 'Almaty' and admin2 'Shymkent' name different cities (KZ-ALA, KZ-SHY)"),
    # strong coordinates: the city's circle or shape, else the one region shape
    (row("Almaty", point=ALMATY, precision="1"), "KZ-ALA", "within the 14.7 km circle"),
    (row("Almaty", point=OLD_CITY_NORTH, precision="1"), "KZ-ALA",
     "within its shape in kz-regions-2022.geojson"),
    (row("Almaty", point=ESIK, precision="1"), "KZ-ALM",
     "lie in the KZ-ALM shape of kz-regions-2022.geojson and far from every city"),
    (row("Almaty", point=ESIK, precision="2"), "KZ-ALM", "KZ-ALM shape"),
    (row("Akmola", point=KOKSHETAU, precision="1"), "KZ-AKM", "KZ-AKM shape"),
    (row("Akmola", point=ASTANA, precision="1"), "KZ-AST", "centre of Nur-Sultan"),
    # near a city's edge coordinates tell neither way, and contradict neither
    (row("Almaty", point=KASKELEN, precision="1"), None, "cannot tell KZ-ALA from KZ-ALM"),
    (row("Almaty", point=MEDEU, precision="1"), None, "within the 29.5 km where its edge may be"),
    (row("Almaty Region", "Kaskelen", point=KASKELEN, precision="1"), "KZ-ALM",
     "no other unit."),
    (row("Almaty City", "Medeu", point=MEDEU, precision="1"), "KZ-ALA", "no other unit."),
    (row("Shymkent", point=SHYMKENT_EDGE, precision="1"), "KZ-SHY", "no other unit."),
    (row("Turkestan", point=SHYMKENT_EDGE, precision="1"), "KZ-YUZ", "no other unit."),
    (row("Turkestan", point=KENTAU, precision="2"), "KZ-YUZ", "the coordinates agree"),
    # contradictions are reported, never silently preferred
    (row("Mangystau", point=ALMATY, precision="1"), None,
     "lie 1.5 km from the centre of Almaty, within the 14.7 km circle of its 683 km², but "
     "admin1 'Mangystau' names KZ-MAN: correct the coordinates or admin1"),
    (row("Almaty Region", point=ALMATY, precision="1"), None, "but admin1 'Almaty Region'"),
    (row("Almaty City", point=ESIK, precision="1"), None,
     "KZ-ALM shape of kz-regions-2022.geojson and far from every city, but admin1"),
    (row("Almaty", point=ZHANAOZEN, precision="1"), None,
     "KZ-MAN shape of kz-regions-2022.geojson and far from every city, but admin1 'Almaty' "
     "names KZ-ALA and KZ-ALM"),
    (row("Akmola", point=KASKELEN, precision="1"), None, "but admin1 'Akmola'"),
    (row("Almaty", "Almaty", point=ZHANAOZEN, precision="2"), None,
     "location 'Almaty' names the city KZ-ALA, but latitude/longitude 43.3412, 52.8619"),
    # geo_precision 3, or none: weak, decides only between regions, never contradicts
    (row("Almaty", point=ALMATY, precision="3"), None,
     "(geo_precision 3) are too weak to tell a city from the region around it"),
    (row("Almaty", point=ESIK, precision="3"), None, "too weak"),
    (row("Almaty", point=ESIK, precision=""), None, "(geo_precision empty) are too weak"),
    (row("Aqtobe", point=AQTOBE, precision="3"), "KZ-AKT", "no other unit."),
    (row("Mangystau", point=ALMATY, precision="3"), "KZ-MAN", "no other unit."),
    (row("Almaty", "Almaty", point=ZHANAOZEN, precision="3"), "KZ-ALA", "names the city"),
    # coordinates in no shape are no evidence
    (row("Mangystau", point=SEA, precision="1"), "KZ-MAN", "no other unit."),
    (row("Almaty", point=SEA, precision="1"), None, "several regions"),
    # what cannot be read
    (row(""), None, "admin1 is empty"),
    (row("Atlantis"), None, "admin1 'Atlantis' is not a name or alias of any region"),
    (row("Almaty", point=("north", "76.9"), precision="1"), None,
     "latitude/longitude 'north', '76.9': expected two numbers"),
    (row("Almaty", point=("43.25", ""), precision="1"), None, "expected two numbers"),
    (row("Almaty", point=("143.25", "76.9"), precision="1"), None, "out of range"),
    (row("Almaty", point=("nan", "76.9"), precision="1"), None, "out of range"),
    (row("Almaty", "Almaty", point=ALMATY, precision="4"), None,
     "geo_precision '4': expected 1, 2 or 3"),
]


@pytest.mark.parametrize(("values", "unit", "fragment"), CASES)
def test_a_unit_is_resolved_by_evidence_or_not_at_all(values, unit, fragment):
    resolved = RESOLVER.resolve(values)
    assert resolved.region == unit, resolved
    said = resolved.evidence if unit else resolved.problem
    assert said is not None and fragment in said, said
    assert (resolved.evidence is None) == (unit is None)
    assert (resolved.problem is None) == (unit is not None)


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("Nur-Sultan", {"KZ-AST"}), ("Astana", {"KZ-AST"}), ("Astana City", {"KZ-AST"}),
        ("Almaty City", {"KZ-ALA"}), ("Almaty (city)", {"KZ-ALA"}),
        ("Almaty Qalasy", {"KZ-ALA"}), ("  almaty   city ", {"KZ-ALA"}),
        ("Shymkent", {"KZ-SHY"}), ("Shymkent City", {"KZ-SHY"}),
        ("Almaty Region", {"KZ-ALM"}), ("Almaty Oblast", {"KZ-ALM"}),
        ("Almaty oblysy", {"KZ-ALM"}),
        ("Mangistau", {"KZ-MAN"}), ("Mangystau", {"KZ-MAN"}), ("Mangystau Oblast", {"KZ-MAN"}),
        ("Mangghystau", {"KZ-MAN"}),
        ("East Kazakhstan", {"KZ-VOS"}), ("East Kazakhstan Oblast", {"KZ-VOS"}),
        ("Aqmola", {"KZ-AKM"}), ("Akmola Region", {"KZ-AKM"}), ("Aqmola oblysy", {"KZ-AKM"}),
        ("North Kazakhstan", {"KZ-SEV"}), ("West Kazakhstan", {"KZ-ZAP"}),
        ("Turkestan", {"KZ-YUZ"}), ("Turkistan Region", {"KZ-YUZ"}),
        ("South Kazakhstan", {"KZ-YUZ"}),
        ("Zhambyl", {"KZ-ZHA"}), ("Jambyl", {"KZ-ZHA"}), ("Zhambyl Oblast", {"KZ-ZHA"}),
        ("Karaganda", {"KZ-KAR"}), ("Qaraghandy", {"KZ-KAR"}), ("Karagandy Province", {"KZ-KAR"}),
        ("Kyzylorda", {"KZ-KZY"}), ("Qyzylorda", {"KZ-KZY"}),
        ("Pavlodar", {"KZ-PAV"}), ("Pavlodar Oblysy", {"KZ-PAV"}),
        ("Kostanay", {"KZ-KUS"}), ("Qostanay", {"KZ-KUS"}),
        ("Aktobe", {"KZ-AKT"}), ("Aqtobe", {"KZ-AKT"}), ("Aqtöbe", {"KZ-AKT"}),
        ("Atyrau", {"KZ-ATY"}), ("Atyrau Region", {"KZ-ATY"}),
        ("Алматы", {"KZ-ALA"}), ("Алматы облысы", {"KZ-ALM"}),
        # a name that truly names two units: the evidence rules decide
        ("Almaty", {"KZ-ALA", "KZ-ALM"}), ("Akmola", {"KZ-AKM", "KZ-AST"}),
        # a city's name takes no region word
        ("Shymkent Region", None), ("Nur-Sultan Oblast", None),
    ],
)
def test_names_of_the_january_2022_units(name, ids):
    found = INDEX.get(" ".join(name.casefold().split()))
    assert (set(found) if found is not None else None) == ids


def test_every_spelling_but_two_names_one_unit():
    shared = {name: set(ids) for name, ids in INDEX.items() if len(ids) > 1}
    assert shared == {"almaty": {"KZ-ALA", "KZ-ALM"}, "akmola": {"KZ-AKM", "KZ-AST"}}


@pytest.mark.parametrize(("region_id", "km"), [("KZ-ALA", 14.7), ("KZ-AST", 15.9),
                                               ("KZ-SHY", 19.2)])
def test_a_city_is_a_circle_of_its_area(region_id, km):
    assert round(city_radius_km(CITY_AREAS_KM2[region_id]), 1) == km


def test_distances_are_great_circle_kilometres():
    assert distance_km(43.2525, 76.9115, 43.2525, 76.9115) == 0
    # one degree of latitude is about 111.2 km anywhere
    assert distance_km(43.0, 76.9, 44.0, 76.9) == pytest.approx(111.2, abs=0.1)
    # Almaty to Nur-Sultan, about 970 km as the crow flies
    assert distance_km(43.2525, 76.9115, 51.1801, 71.4460) == pytest.approx(970, abs=10)
