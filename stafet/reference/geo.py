"""Small geographic helpers: great-circle distance and Denmark's bounding box (no GIS dependency)."""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


@dataclass(frozen=True)
class BoundingBox:
    min_lat: float
    max_lat: float
    min_lng: float
    max_lng: float

    def contains(self, lat: float, lng: float) -> bool:
        """True if the point lies inside the box (edges included).

        >>> DENMARK_BBOX.contains(55.10, 14.70)  # Rønne, Bornholm
        True
        >>> DENMARK_BBOX.contains(59.91, 10.75)  # Oslo
        False
        """
        return self.min_lat <= lat <= self.max_lat and self.min_lng <= lng <= self.max_lng


# Denmark proper (Jutland, the islands, Bornholm and Ertholmene; not the Faroe Islands or Greenland).
DENMARK_BBOX = BoundingBox(min_lat=54.5, max_lat=57.8, min_lng=8.0, max_lng=15.3)


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres between two points given in decimal degrees.

    >>> round(haversine_km(55.67594, 12.56553, 56.15674, 10.21076))  # København - Aarhus
    156
    >>> haversine_km(55.0, 10.0, 55.0, 10.0)
    0.0
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
