# ODK Central CSV exports of the five field forms: each form's main file with
# its repeat files beside it (FORM-REPEAT.csv, rows tied by PARENT_KEY), and
# a KoBoToolbox CSV export (';', the geopoint whole and split): .csv files
# whose header is such an export's are read as one.
"$HAZREG" import data/odk/hazreg_nts.csv data/odk/hazreg_clearance.csv data/odk/hazreg_item.csv \
	data/odk/hazreg_accident.csv data/odk/hazreg_eore.csv data/odk/kobo_eore.csv
echo "rc=$?"
"$HAZREG" log list | mask_leaf_of c2a9e6f1-08b3-4f5d-9e27-4b1d3a6c8e50 8e1b4c7a-3d62-4f90-a5c8-2e7f9b0d1c34-item-2 d4b2e8a1-7c36-4f19-9e50-a8c2f1d3b796
"$HAZREG" export --profile internal | python3 -c '
import json, sys
for f in json.load(sys.stdin)["features"]:
    p = f["properties"]
    g = f["geometry"]
    where = " ".join("%.6f" % c for c in g["coordinates"]) if g["type"] == "Point" else g["type"]
    print(p["kind"], f["id"], where, json.dumps({k: v for k, v in sorted(p.items())
          if v not in (None, [], "") and k not in ("last_index", "records")}, sort_keys=True))'
