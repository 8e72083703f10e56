# KoBoToolbox JSON exports of the five field forms ({"results": [...]} and a
# plain array): .json files that start as a KoBo export are read as one.
"$HAZREG" import data/kobo_nts.json data/kobo_clearance.json data/kobo_item.json \
	data/kobo_accident.json data/kobo_eore.json
echo "rc=$?"
"$HAZREG" log list | mask_leaf_of 3c8b1e7f-9a02-4d6c-b5e3-f1a7d4c2e906 b6e1c3f0-4b7a-4b8e-9a61-2d0c5f6a7e11 7a3e9c21-5f04-4d8b-8e6a-c2b1f0d9e354-item-2 e4f1a0b9-2c7d-4a3e-9f58-6b2d0c1e8a47
layers() {
	"$HAZREG" export --profile internal | python3 -c '
import json, sys
for f in json.load(sys.stdin)["features"]:
    p = f["properties"]
    g = f["geometry"]
    where = " ".join("%.6f" % c for c in g["coordinates"]) if g["type"] == "Point" else g["type"]
    print(p["kind"], f["id"], where, json.dumps({k: v for k, v in sorted(p.items())
          if v not in (None, [], "") and k not in ("last_index", "records")}, sort_keys=True))'
}
layers | tee before.txt
# the same export again: the same ids, so the same subjects, each with one
# more record of the same facts, and the same layers
"$HAZREG" import --format kobo-json data/kobo_nts.json
layers | cmp -s - before.txt && echo "layers unchanged by a re-import"
