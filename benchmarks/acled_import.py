"""Time ``import-acled`` on a synthetic ACLED export (not part of ``make test`` or ``make bench``).

``.venv/bin/python benchmarks/acled_import.py --rows 100000`` writes an invented export in
ACLED's column layout to a temporary folder, imports it with the package's regions and
boundary files, and prints the time (wall clock, and CPU time, which other work on the
machine disturbs less) and the peak memory. The rows mix every way a unit is resolved:
Almaty city by location, by admin2 and by coordinates, Almaty Region by coordinates and as
"Almaty Region" or "Almaty Oblast", Nur-Sultan as "Astana", "Akmola" with coordinates in
the region, Shymkent, and oblasts by their other spellings, one with weak (geo_precision 3)
coordinates.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kzdash.acled import ACLED_COLUMNS, import_acled, show  # noqa: E402

# (admin1, admin2, location, latitude, longitude, geo_precision): the place kinds of an export
PLACES: list[tuple[str, str, str, float, float, str]] = [
    ("Almaty", "Almalinskiy", "Almaty", 43.2567, 76.9286, "1"),
    ("Almaty", "Almaty", "Republic Square", 43.2383, 76.9456, "1"),
    ("Almaty", "Turksibskiy", "Almaty", 43.3521, 77.0405, "2"),
    ("Almaty", "Enbekshikazakhskiy", "Esik", 43.3569, 77.4528, "1"),
    ("Almaty Region", "Karasayskiy", "Kaskelen", 43.2003, 76.6203, "1"),
    ("Almaty Oblast", "", "Taldykorgan", 45.0156, 78.3739, "1"),
    ("Astana", "", "Nur-Sultan", 51.1801, 71.446, "1"),
    ("Akmola", "Zerendinskiy", "Kokshetau", 53.2841, 69.3936, "1"),
    ("Shymkent City", "", "Shymkent", 42.3099, 69.6004, "1"),
    ("Mangistau", "Zhanaozen", "Zhanaozen", 43.3412, 52.8619, "1"),
    ("Mangystau Oblast", "", "Aktau", 43.6481, 51.1722, "1"),
    ("Qaraghandy", "", "Temirtau", 50.0549, 72.9646, "1"),
    ("Aqtobe", "", "Aktobe", 50.2797, 57.2072, "3"),
    ("Jambyl", "", "Taraz", 42.9, 71.3667, "1"),
    ("Turkestan", "", "Kentau", 43.5167, 68.5167, "2"),
    ("East Kazakhstan", "", "Oskemen", 49.9714, 82.6059, "1"),
]
EVENTS = [
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Riots", "Mob violence"),
    ("Battles", "Armed clash"),
    ("Strategic developments", "Arrests"),
    ("Strategic developments", "Looting/property destruction"),
]
OUTLETS = ["Example Steppe Gazette", "Imaginary Radio Tundra", "Invented Wire",
           "Fictional Daily", "Made-up Monitor"]


def write_export(path: Path, rows: int, seed: int = 0) -> None:
    """An invented ACLED export of ``rows`` rows (every note says it is fictional)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(ACLED_COLUMNS)
        for n in range(rows):
            admin1, admin2, location, lat, lon, precision = rng.choice(PLACES)
            event_type, sub_type = rng.choice(EVENTS)
            day = rng.randint(1, 13)
            outlets = "; ".join(rng.sample(OUTLETS, rng.randint(1, 2)))
            writer.writerow({
                "event_id_cnty": f"SYN{n + 1}",
                "event_date": f"2022-01-{day:02d}",
                "time_precision": rng.choice("1112"),
                "disorder_type": "Political violence",
                "event_type": event_type,
                "sub_event_type": sub_type,
                "actor1": "Protesters (Testland)",
                "actor2": rng.choice(["", "Police Forces of Testland"]),
                "admin1": admin1,
                "admin2": admin2,
                "location": location,
                "latitude": f"{lat:.4f}",
                "longitude": f"{lon:.4f}",
                "geo_precision": precision,
                "source": outlets,
                "notes": f"Fictional benchmark row {n + 1}: on {day} January, an invented "
                f"{sub_type.lower()} near {location}, reported by {outlets}.",
                "fatalities": str(rng.choice([0, 0, 0, 1, 2])),
                "tags": "",
                "timestamp": "1700000000",
            }.get(name, "") for name in ACLED_COLUMNS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    # CPU time, not the wall clock: the import runs on one core, so on an idle machine the two
    # are about equal, and CPU time is what other work on a shared machine disturbs least
    parser.add_argument("--budget-s", type=float, default=90.0,
                        help="CPU seconds the import may take (exit 1 beyond)")
    parser.add_argument("--budget-mb", type=float, default=2048.0,
                        help="peak resident memory the process may reach (exit 1 beyond)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kzdash-acled-bench-") as tmp:
        export = Path(tmp) / "export.csv"
        start = time.perf_counter()
        write_export(export, args.rows)
        made = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        problems = import_acled(export, Path(tmp) / "out")
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        for problem in problems[:10]:
            print(show(problem), file=sys.stderr)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sizes = {p.name: p.stat().st_size for p in (Path(tmp) / "out").glob("*.yaml")}
        print(f"rows {args.rows:,}: export {export.stat().st_size / 1e6:.1f} MB written in "
              f"{made:.1f} s; import {took:.1f} s ({cpu:.1f} s CPU), peak RSS {peak:,.0f} MB, "
              f"{len(problems)} problem(s); " + ", ".join(
                  f"{name} {size / 1e6:.1f} MB" for name, size in sorted(sizes.items())))
        over = [f"{cpu:.1f} s CPU > {args.budget_s:g} s"] if cpu > args.budget_s else []
        over += [f"{peak:,.0f} MB > {args.budget_mb:,.0f} MB"] if peak > args.budget_mb else []
        print(f"budget {'missed: ' + ', '.join(over) if over else 'met'} "
              f"({args.budget_s:g} s of CPU, {args.budget_mb:,.0f} MB)")
    return 1 if problems or over else 0


if __name__ == "__main__":
    sys.exit(main())
