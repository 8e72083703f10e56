# The whole history in log order; records with private fields have salted,
# hence unpredictable, leaf hashes.
fixture
"$HAZREG" import data/update_newer.geojson >/dev/null
"$HAZREG" show DEMO-HA-001 | mask_private_leaf
