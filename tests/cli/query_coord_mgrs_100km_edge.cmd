# A 100 km MGRS square is drawn with its edges as UTM draws them: in lon/lat
# a grid line bows, and 37U BP's north edge (northing 5400000, 200-300 km
# west of zone 37's central meridian) runs some 220 m north of the straight
# line between its corners. EDGE-IN reaches 2 m over that edge into the
# square, by its midpoint (37N 250000 5400000, 35.6019252 48.7028801), and is
# listed; EDGE-OUT begins 2 m north of it and is not.
cat >edge.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "id": "EDGE-IN",
  "properties": {"kind": "area", "org": "DEMO-NGO", "date_of_information": "2025-03-01",
                 "name": "Over the square's north edge", "classification": "SHA", "status": "open"},
  "geometry": {"type": "Polygon", "coordinates": [[[35.6016, 48.70286], [35.6023, 48.70286],
               [35.6023, 48.7033], [35.6016, 48.7033], [35.6016, 48.70286]]]}},
 {"type": "Feature", "id": "EDGE-OUT",
  "properties": {"kind": "area", "org": "DEMO-NGO", "date_of_information": "2025-03-01",
                 "name": "North of the square", "classification": "SHA", "status": "open"},
  "geometry": {"type": "Polygon", "coordinates": [[[35.6016, 48.7029], [35.6023, 48.7029],
               [35.6023, 48.7033], [35.6016, 48.7033], [35.6016, 48.7029]]]}}]}
JSON
"$HAZREG" import edge.geojson >/dev/null
"$HAZREG" query point --json 37UBP | jq -c '[.areas[].area_id], .coordinate.side_m'
