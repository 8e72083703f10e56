#!/usr/bin/env bash
# web_map.sh - the map page (web/) in a real browser: serves a small
# register of its own (tests/data/web/register.geojson: areas at known
# places with known emplacement and release times) with "hazreg serve
# --web BUILD/web", then runs tests/web/map.test.mjs (node's test runner,
# playwright-core driving Debian's /usr/bin/chromium headless). Screenshots
# of each step go to BUILD/test-artifacts/web/. Registered for the normal
# build only (tests/CMakeLists.txt): the page is built by "make build".
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/http.sh"
cd "$HR_TEST_TMP"
build=$(cd "$(dirname "$HAZREG")" && pwd)
web=$build/web
art=$build/test-artifacts/web

# Nothing here is skipped: a missing piece is a failure that says what to do.
[ -f "$web/index.html" ] && [ -f "$web/app.js" ] ||
	fail "$web holds no built page: 'make build' runs scripts/web-build $web"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing: scripts/bootstrap installs Debian's chromium"
[ -d "$HR_SRC/web/node_modules/playwright-core" ] ||
	fail "web/node_modules is missing: scripts/web-build installs it (npm ci)"
command -v node >/dev/null || fail "node is missing: scripts/bootstrap installs it"
[ "$failures" -eq 0 ] || finish

db=$(register reg) || fail "no register"
"$HAZREG" --db "$db" import "$HR_SRC/tests/data/web/register.geojson" >/dev/null || fail "import the test register"
serve_start srv "$db" --web "$web"

# The page itself: GET / from a browser is the page, its files under /map/.
st=$(get "$srv_url/" page.html -H 'Accept: text/html,application/xhtml+xml')
[ "$st" = 200 ] && grep -q '/map/app.js' page.html && ok "GET / (text/html) is the map page" ||
	fail "GET / as a browser: HTTP $st: $(head -c 300 page.html)"
st=$(get "$srv_url/?f=json" landing.json)
[ "$st" = 200 ] && grep -q '"links"' landing.json && ok "GET /?f=json is still the landing page" ||
	fail "GET /?f=json: HTTP $st"
for f in app.js app.css basemap.geojson images/layers.png; do
	st=$(get "$srv_url/map/$f" file.out)
	[ "$st" = 200 ] && cmp -s file.out "$web/$f" && ok "/map/$f served" || fail "/map/$f: HTTP $st"
done

rm -rf "$art"
mkdir -p "$art"
echo "screenshots: $art"
if HR_WEB_URL=$srv_url HR_ARTIFACTS=$art HR_SRC=$HR_SRC HR_TEST_TMP=$HR_TEST_TMP \
	node --test --test-reporter=spec "$HR_SRC/tests/web/map.test.mjs"; then
	ok "browser tests (tests/web/map.test.mjs)"
else
	fail "browser tests (tests/web/map.test.mjs); screenshots in $art"
fi
serve_stop srv
finish
