#!/usr/bin/env python3
"""geodesic_ref.py - reference geodesic distances for test_route.c.

Vincenty's inverse formula (T. Vincenty, "Direct and inverse solutions of
geodesics on the ellipsoid with application of nested equations", Survey
Review 23(176), 1975), written out here from the paper's equations so that
the values do not come from PROJ, which hazreg uses. Run it to print the
table test_route.c holds; it converges to well under a millimetre for the
pairs below (none is near-antipodal).
"""
import math

A = 6378137.0
F = 1 / 298.257223563
B = A * (1 - F)


def vincenty(lat1, lon1, lat2, lon2):
    if (lat1, lon1) == (lat2, lon2):
        return 0.0
    L = math.radians(lon2 - lon1)
    U1 = math.atan((1 - F) * math.tan(math.radians(lat1)))
    U2 = math.atan((1 - F) * math.tan(math.radians(lat2)))
    sinU1, cosU1, sinU2, cosU2 = math.sin(U1), math.cos(U1), math.sin(U2), math.cos(U2)
    lam = L
    for _ in range(200):
        sinl, cosl = math.sin(lam), math.cos(lam)
        sin_s = math.hypot(cosU2 * sinl, cosU1 * sinU2 - sinU1 * cosU2 * cosl)
        cos_s = sinU1 * sinU2 + cosU1 * cosU2 * cosl
        s = math.atan2(sin_s, cos_s)
        sin_a = cosU1 * cosU2 * sinl / sin_s
        cos2a = 1 - sin_a * sin_a
        cos2sm = cos_s - 2 * sinU1 * sinU2 / cos2a if cos2a else 0.0
        C = F / 16 * cos2a * (4 + F * (4 - 3 * cos2a))
        prev = lam
        lam = L + (1 - C) * F * sin_a * (s + C * sin_s * (cos2sm + C * cos_s * (-1 + 2 * cos2sm * cos2sm)))
        if abs(lam - prev) < 1e-13:
            break
    u2 = cos2a * (A * A - B * B) / (B * B)
    k1 = (math.sqrt(1 + u2) - 1) / (math.sqrt(1 + u2) + 1)
    Acoef = (1 + k1 * k1 / 4) / (1 - k1)
    Bcoef = k1 * (1 - 3 * k1 * k1 / 8)
    ds = Bcoef * sin_s * (cos2sm + Bcoef / 4 * (cos_s * (-1 + 2 * cos2sm * cos2sm)
                                                 - Bcoef / 6 * cos2sm * (-3 + 4 * sin_s * sin_s) * (-3 + 4 * cos2sm * cos2sm)))
    return B * Acoef * (s - ds)


PAIRS = [
    # Flinders Peak to Buninyong, Vincenty's own worked example (54972.271 m on GRS80)
    (-(37 + 57 / 60 + 3.72030 / 3600), 144 + 25 / 60 + 29.52440 / 3600,
     -(37 + 39 / 60 + 10.15610 / 3600), 143 + 55 / 60 + 35.38390 / 3600),
    (50.4501, 30.5234, 49.9935, 36.2304),   # Kyiv to Kharkiv
    (48.0, 37.0, 48.0, 37.001),             # 0.001 degree east at 48 N
    (49.0, 36.0, 49.3, 36.0),               # along a meridian
    (46.4825, 30.7233, 51.4982, 31.2893),   # Odesa to Chernihiv
    (-33.9249, 18.4241, 40.7128, -74.0060),  # Cape Town to New York, 12,500 km
]

if __name__ == "__main__":
    for p in PAIRS:
        print("\t{%.10f, %.10f, %.10f, %.10f, %.4f}," % (p[0], p[1], p[2], p[3], vincenty(*p)))
