# Each line: the first line of the message, then the exit status.
fixture
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
try query point 36.1 95
try query point 181 49
try query point nan 49
try query point 0x24 49
try query point 1e999 49
try query point -- -181 49
try query point 36.1x 49
try query point 36.1
try query point 36.1 49 50
try query point 36.1 49 --bogus
try query point 36.1 49 --at 2025-13-01
try query point 36.1 49 --at 2025-06-01T00:00:00
try query point 36.1 49 --at
try query bbox 37 49 36 50
try query bbox 36 50 37 49
try query
try frobnicate
try --frobnicate
try import
try import data/areas.geojson --max-errors 0
try export --format shapefile
try export --layer minefields
try export --profile secret
try log list --from 5 --to 2
try log list --from -1
try show
try show A B
try help frobnicate
try
"$HAZREG" query point 36.1 95
