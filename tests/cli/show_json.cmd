fixture
"$HAZREG" import data/update_newer.geojson >/dev/null
"$HAZREG" show DEMO-HA-001 --json | mask_private_leaf_json
