# A later date of information wins; an older one is kept in history as stale.
fixture
"$HAZREG" import data/update_newer.geojson
"$HAZREG" import data/update_older.geojson
