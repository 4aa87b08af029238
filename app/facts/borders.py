"""Which country a point lies in: a polygon test, never the nearest town.

The polygons are the time-zone boundaries that ``timezonefinder`` ships (built from OpenStreetMap
by timezone-boundary-builder, unsimplified). Each zone lies in one country and the tz database's
``zone.tab`` (from the ``tzdata`` package) says which: the small states and enclaves keep zones of
their own that follow the border (Europe/Vatican, Europe/San_Marino, Europe/Monaco, Europe/Vaduz,
Europe/Busingen, Africa/Ceuta, America/Tijuana, Asia/Hong_Kong, Asia/Macau, ...). Land zones
include the territorial waters; beyond them the ``Etc/GMT±N`` ocean zones belong to no country.
"""

from __future__ import annotations

import threading
from importlib import resources

import numpy as np

OCEAN = ""  # the code of "no country" (international waters)
# Zones whose polygon spans more than one country, because the tz database gives places with the
# same clocks since 1970 one zone: inside them the town decides between these countries. Kept
# in step with the data by tests/facts/test_borders.py (every zone whose GeoNames places are
# more than 2 % of another country must be listed here).
SHARED_ZONES = {"Asia/Bangkok": ("TH", "VN"), "Asia/Jerusalem": ("IL", "PS")}


def zone_countries() -> dict[str, str]:
    """tz zone name → ISO 3166-1 alpha-2 code (one country per zone), from ``zone.tab``."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) >= 3:
                out[cols[2]] = cols[0]
    return out


class Borders:
    """Country codes at points, a batch at a time (timezonefinder's own batch lookup)."""

    def __init__(self) -> None:
        from timezonefinder import TimezoneFinder  # noqa: PLC0415 - loaded with the place index only

        self.finder = TimezoneFinder()  # polygon data read from its files on demand, not held in memory
        zones = zone_countries()
        names = self.finder.timezone_names
        #: pseudo code ("~0", "~1", ...) of each shared zone → the countries it spans
        self.shared: dict[str, tuple[str, ...]] = {}
        codes = []
        for n in names:
            if n in SHARED_ZONES:
                pseudo = f"~{len(self.shared)}"
                self.shared[pseudo] = SHARED_ZONES[n]
                codes.append(pseudo)
            else:
                codes.append(zones.get(n, OCEAN))
        self.zone_code = np.array(codes + [OCEAN], dtype="<U2")
        unknown = [n for n in names if n not in zones and not n.startswith("Etc/")]
        if unknown:  # a zone the tz tables do not place: better no country than a guessed one
            import logging  # noqa: PLC0415

            logging.getLogger(__name__).info("time zones with no country: %s", ", ".join(unknown[:10]))
        self.data_version = str(getattr(self.finder, "data_version", ""))
        self._lock = threading.Lock()

    def codes(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """ISO codes (``""`` at sea beyond any country's waters, a key of ``shared`` in a zone that
        spans several countries) for valid coordinates."""
        with self._lock:  # the finder reads its polygon files through shared handles
            ids = self.finder.timezone_ids_at(lngs=np.ascontiguousarray(lon, dtype=np.float64),
                                              lats=np.ascontiguousarray(lat, dtype=np.float64), on_invalid="skip")
        ids = np.where(ids < 0, len(self.zone_code) - 1, ids)
        return self.zone_code[ids]
