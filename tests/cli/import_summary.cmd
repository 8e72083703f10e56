"$HAZREG" import data/areas.geojson data/release.geojson data/item.geojson \
	data/accident.geojson data/eore.geojsons
