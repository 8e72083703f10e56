/*
 * help.c - every help text of the hazreg command: the overview
 * (hazreg --help), the short usage of each command (-h, and after a usage
 * error) and its manual (hazreg help COMMAND) with NAME, SYNOPSIS,
 * DESCRIPTION, OPTIONS, EXIT STATUS and EXAMPLES. man/hazreg.1 says the
 * same things; tests/scripts/man_page.sh checks they name the same commands.
 */
#include "cli.h"

#include <ctype.h>
#include <string.h>

typedef struct {
	const char *name;
	const char *summary;
	const char *synopsis;
	const char *description;
	const char *options;
	const char *exit_status;
	const char *examples;
} manual;

#define DB_OPTION                                                                                \
	"    --db FILE\n"                                                                        \
	"        The register: a GeoPackage file (also written gpkg:FILE), or a\n"              \
	"        PostgreSQL database (postgresql://...). Default: the value of\n"               \
	"        HAZREG_DB, else hazreg.gpkg in the current directory.\n"
#define JSON_OPTION(what)                                                                        \
	"    --json\n"                                                                           \
	"        Print " what " as JSON instead of text for people.\n"
/* The data-quality checks' options, of import and check (docs/quality.md). */
#define QUALITY_OPTIONS                                                                          \
	"    --country FILE\n"                                                                    \
	"        The outline of the country of operation: a GeoJSON Polygon or\n"                \
	"        MultiPolygon (or a Feature, or a FeatureCollection of one, holding\n"            \
	"        it). Default: Ukraine's bounding box, lon 22.0 to 40.3, lat 44.3 to\n"           \
	"        52.4 (Q-OUTSIDE-COUNTRY).\n"                                                     \
	"    --max-edge-km N\n"                                                                   \
	"        Longest geodesic distance between consecutive vertices, km\n"                    \
	"        (default 5; Q-EDGE-LONG).\n"                                                     \
	"    --overlap PCT\n"                                                                     \
	"        Two areas of one organisation are near-duplicates when their\n"                  \
	"        intersection is at least PCT % of the smaller (1 to 100, default 90;\n"          \
	"        Q-DUP-AREA).\n"                                                                  \
	"    --strict\n"                                                                          \
	"        Warnings refuse the feature too, as errors do.\n"
#define HELP_OPTION                                                                              \
	"    -h, --help\n"                                                                       \
	"        Print this command's usage and exit.\n"
#define ASOF_OPTION(more)                                                                        \
	"    --known-at TIME, --log-size N\n"                                                    \
	"        Answer as the register stood when its log held only the records\n"             \
	"        appended by TIME, or only its first N records (not both), and\n"               \
	"        print that state: its log size, its tree head and the checkpoint\n"            \
	"        that commits to it - the signed note stored for that size, else the\n"        \
	"        unsigned checkpoint text and the command that proves it a prefix\n"           \
	"        of the nearest later signed one. Exit 2 when N is beyond the log.\n" more
#define ASOF_AT "        With --known-at, --at defaults to TIME: the question as asked then.\n"
#define ASOF_SYNOPSIS "[--known-at TIME|--log-size N]"
#define EXIT_COMMON                                                                              \
	"    1   failure: the register cannot be opened, read or written (the reason\n"          \
	"        follows the file name).\n"                                                      \
	"    2   usage error: the bad argument is named and the usage printed.\n"
#define TIME_TEXT                                                                                \
	"    TIME is ISO 8601 with a zone (2025-06-01T00:00:00Z, 2025-06-01T03:00+03:00),\n"     \
	"    or a calendar date (2025-06-01, meaning 00:00:00Z that day); fractions of a\n"     \
	"    second are dropped. \"now\" is the clock, or HAZREG_NOW when it is set.\n"

static const manual manuals[] = {
	{"init", "create a register with the device-class catalogue",
	 "hazreg init [--db FILE] [--json]",
	 "    Create a new, empty register: a GeoPackage file that opens in QGIS and\n"
	 "    GDAL. It starts with the shipped catalogue of device classes (their\n"
	 "    self-destruct and self-deactivation figures) as its first log records.\n"
	 "    Prints where the register is and how many records it starts with.\n"
	 "    An existing register is never overwritten.\n",
	 DB_OPTION JSON_OPTION("where and how many records") HELP_OPTION,
	 "    0   the register was created.\n" EXIT_COMMON
	 "        (1 also when the file exists already.)\n",
	 "    hazreg init\n"
	 "    hazreg init --db /srv/mine-action/national.gpkg\n"},

	{"import", "import GeoJSON, CSV or form submissions, all or nothing",
	 "hazreg import FILE... [--format NAME] [--mapping FILE] [--sign KEYFILE]\n"
	 "                     [--skip-invalid REJECTS] [--max-errors N] [--strict]\n"
	 "                     [--country FILE] [--max-edge-km N] [--overlap PCT]\n"
	 "                     [--json] [--db FILE]",
	 "    Read hazardous areas, release parts, items found, accidents and EORE\n"
	 "    sessions from GeoJSON files (a FeatureCollection, or GeoJSON text\n"
	 "    sequences, RFC 8142; \"-\" is standard input) or CSV files (.csv, .tsv:\n"
	 "    a row of column names and/or a row of HXL tags, then one record a row;\n"
	 "    docs/formats.md, \"CSV and HXL\") and append them to the register's log\n"
	 "    in one transaction. The register is created when missing.\n"
	 "\n"
	 "    By default the import is all or nothing: when any feature is refused\n"
	 "    (invalid polygon, missing field, unknown word...), every reason is\n"
	 "    printed as FILE: feature INDEX (id ID): FIELD: REASON, with INDEX counted\n"
	 "    from 0 in each file (for CSV preceded by \"line L, column C\": the line\n"
	 "    where the cell at fault starts and its field number), and nothing is\n"
	 "    written.\n"
	 "\n"
	 "    On success it prints how many features were read and imported, the log\n"
	 "    indexes they received, and a note for every stale record: one whose date\n"
	 "    of information is older than what the register already holds. A stale\n"
	 "    record is kept in the history; the newer facts stay in force.\n"
	 "\n"
	 "    Every record is checked for data quality first (docs/quality.md; the\n"
	 "    checks of 'hazreg check FILE'): an error (Q-GEOM-INVALID,\n"
	 "    Q-DATE-RELEASE, Q-DATE-ORDER, Q-COUNT-NEGATIVE, Q-REFUSED) refuses the\n"
	 "    feature like any refusal; warnings (Q-DUP-AREA, Q-VERTEX-DUP,\n"
	 "    Q-EDGE-LONG, Q-OUTSIDE-COUNTRY, Q-DATE-FUTURE, Q-DATE-EMPLACEMENT,\n"
	 "    Q-COUNT-ABSURD) are printed after the summary as FILE: feature INDEX\n"
	 "    (id ID): CODE: MESSAGE and the feature is imported, unless --strict.\n"
	 "\n"
	 "    Field-form submissions are read too: a KoBoToolbox JSON export (or its\n"
	 "    API's data.json) or an ODK Central CSV export (FORM.csv, with each\n"
	 "    repeat group's FORM-REPEAT.csv found beside it) of hazreg's forms\n"
	 "    (forms/, docs/formats.md \"Field forms\") gives one record per\n"
	 "    submission and an item record per item\n"
	 "    found in a clearance; a refused submission is named by its index and\n"
	 "    instance id, its field by the path in the form (report/classification,\n"
	 "    item[2]/condition). A record's id is the submission's instance id, so\n"
	 "    importing the same export again touches the same records.\n"
	 "\n"
	 "    Records signed elsewhere ('hazreg sign') are taken as they are: their\n"
	 "    private values carry the salts they were signed with, as {\"value\":\n"
	 "    TEXT, \"salt\": HEX} (docs/formats.md).\n"
	 "\n"
	 "    On a terminal a progress line (percent, rate, time left) is drawn on\n"
	 "    standard error and wiped at the end.\n",
	 "    --skip-invalid REJECTS\n"
	 "        Import the valid features and write the refused ones to the file\n"
	 "        REJECTS as GeoJSON text sequences (RFC 8142), to be fixed and sent\n"
	 "        again (a refused CSV row is written as its CSV text after the RS).\n"
	 "    --sign KEYFILE\n"
	 "        Sign every record with this signer key (a .key file of 'hazreg keys\n"
	 "        new') before it is appended. The key must be registered for the\n"
	 "        organisation each record names ('hazreg keys register'), so a file\n"
	 "        signed this way holds one organisation's records.\n"
	 "    --format NAME\n"
	 "        Read every FILE as this format (docs/formats.md) rather than the one\n"
	 "        its name ends with: geojson, csv, kobo-json (a KoBoToolbox JSON\n"
	 "        export; a .json file that starts as one, with [ or {\"count\", is\n"
	 "        read as one without --format), odk-csv (ODK Central's or KoBo's\n"
	 "        CSV export; so is a .csv file whose header has SubmissionDate and\n"
	 "        KEY, or _uuid) or gpkg (a GeoPackage feature table of another tool,\n"
	 "        read-only, in any CRS PROJ knows; the mapping's 'layer = NAME' picks\n"
	 "        the table when it holds several). Standard input is GeoJSON unless\n"
	 "        --format says otherwise.\n"
	 "    --mapping FILE\n"
	 "        A field mapping file: how the columns of another tool's layer become\n"
	 "        hazreg's properties (PROPERTY = COLUMN, PROPERTY = \"CONSTANT\",\n"
	 "        PROPERTY: VALUE -> VALUE, ignore = COLUMN, ..., layer = NAME; see\n"
	 "        docs/formats.md). A column it does not name refuses the feature.\n"
	 "    --max-errors N\n"
	 "        Keep and print at most N reasons, and N warnings (default 100).\n"
	 QUALITY_OPTIONS JSON_OPTION(
		 "the counts, notes, errors and warnings") DB_OPTION HELP_OPTION,
	 "    0   every feature was imported; with --skip-invalid, at least one was\n"
	 "        (the refused ones are in REJECTS).\n" EXIT_COMMON
	 "    3   input refused by validation: nothing was written.\n",
	 "    hazreg import survey-2025-05.geojson\n"
	 "    hazreg import a.geojson b.geojson --skip-invalid rejected.geojsons\n"
	 "    hazreg import survey-hxl.csv\n"
	 "    hazreg import --mapping cod-ab.map ukr_admbnda_adm1.geojson\n"
	 "    hazreg import kobo-nts-2025-05.json kobo-clearance-2025-05.json\n"
	 "    hazreg import central/hazreg_clearance.csv   # and hazreg_clearance-item.csv\n"
	 "    curl -sH \"Authorization: Token $TOKEN\" $KOBO/api/v2/assets/$UID/data.json |\n"
	 "        hazreg import --format kobo-json -\n"
	 "    hazreg import --mapping survey.map survey-hazards.gpkg\n"},

	{"query point", "hazardous areas at a place, at a time",
	 "hazreg query point LON LAT|COORDINATE [--at TIME|now] [--lang uk|en] [--json]\n"
	 "                   [--db FILE] " ASOF_SYNOPSIS,
	 "    List the hazardous areas whose perimeter holds the point (a point on the\n"
	 "    boundary is inside) and that are known to be hazardous at the time, or\n"
	 "    were released there by then. LON is -180..180 and LAT -90..90, decimal\n"
	 "    degrees (WGS84). Or one COORDINATE, quoted, as field teams write it:\n"
	 "    decimal degrees latitude first (\"48.1234, 37.5678\") or with N/S/E/W\n"
	 "    (\"48.1234N 37.5678E\", also \u041f\u043d/\u041f\u0434/\u0421\u0445/\u0417\u0445), degrees-minutes-seconds\n"
	 "    (48\u00b007'24.2\"N 37\u00b034'04.1\"E, \"48 07 24.2 N 37 34 04.1 E\", 48d07m24.2s),\n"
	 "    UTM in zones 34N-38N (\"37U 412345 5334567\") or MGRS (\"37U DQ 123 456\").\n"
	 "    An MGRS reference coarser than 1 m names a square (no digits: 100 km,\n"
	 "    digit pairs 1: 10 km, 2: 1 km, 3: 100 m, 4: 10 m): the answer lists every\n"
	 "    area that meets the square, its edges included, and gives the square's\n"
	 "    size and corners. The answer first says how the coordinate was read; a\n"
	 "    coordinate that cannot be read is refused with the column and the reason\n"
	 "    (exit 2). For each area: its id and name, classification (SHA or CHA),\n"
	 "    status, whether it is hazardous here or which release part released\n"
	 "    this place and when, the devices reported, the organisation and the date\n"
	 "    of information. For a hazardous area, the residual-risk model at that\n"
	 "    time: phase (persistent, active, decaying, residual), expected live\n"
	 "    devices and P(any live) between the optimistic and conservative bounds,\n"
	 "    and when the conservative number falls below one device. The model\n"
	 "    informs priorities only: it never changes the answer. Last, a message\n"
	 "    for civilians saying what to do, in Ukrainian or English.\n"
	 "\n"
	 "    Only survey and clearance records release land. When no area is listed,\n"
	 "    that only means none is recorded: unrecorded hazards may exist.\n"
	 "\n" TIME_TEXT,
	 "    --at TIME|now\n"
	 "        The moment asked about (default: now).\n"
	 "    --lang uk|en\n"
	 "        Language of the civilian message (default: Ukrainian when LANG or\n"
	 "        LC_ALL asks for it, else English). JSON carries both.\n" ASOF_OPTION(ASOF_AT)
		 JSON_OPTION("the areas") DB_OPTION HELP_OPTION,
	 "    0   the question was answered, whether or not an area was found.\n" EXIT_COMMON,
	 "    hazreg query point 37.8012 48.0155\n"
	 "    hazreg query point 37.8012 48.0155 --at 2025-06-01\n"
	 "    hazreg query point -- -1.5 52.25 --json\n"
	 "    hazreg query point \"48\u00b007'24.2\\\"N 37\u00b034'04.1\\\"E\"\n"
	 "    hazreg query point \"37U 412345 5334567\"\n"
	 "    hazreg query point \"37U DQ 123 456\" --json\n"
	 "    hazreg query point 37.8012 48.0155 --known-at 2025-06-01\n"},

	{"query bbox", "hazardous areas meeting a box, at a time",
	 "hazreg query bbox W S E N [--at TIME|now] [--json] [--db FILE]\n"
	 "                  " ASOF_SYNOPSIS,
	 "    List the hazardous areas whose perimeter meets the box with west, south,\n"
	 "    east and north edges W S E N (decimal degrees, WGS84; W <= E, S <= N),\n"
	 "    as \"query point\" does. An area counts as released in the box only when\n"
	 "    release parts cover all of it that lies in the box.\n"
	 "\n" TIME_TEXT,
	 "    --at TIME|now\n"
	 "        The moment asked about (default: now).\n" ASOF_OPTION(ASOF_AT)
		 JSON_OPTION("the areas") DB_OPTION HELP_OPTION,
	 "    0   the question was answered, whether or not an area was found.\n" EXIT_COMMON,
	 "    hazreg query bbox 37.7 47.9 37.9 48.1\n"
	 "    hazreg query bbox 37.7 47.9 37.9 48.1 --at 2024-12-31T23:59:59Z --json\n"},

	{"show", "the whole history of a hazardous area",
	 "hazreg show ID [--at TIME|now] [--json] [--db FILE]\n"
	 "               " ASOF_SYNOPSIS,
	 "    Print every record about the hazardous area ID, in log order: its reports\n"
	 "    and updates, release parts, items found and accidents. For each record:\n"
	 "    log index, when it was appended, kind, date of information, organisation,\n"
	 "    its fields and its leaf hash (the first 16 hex digits; all 64 in JSON).\n"
	 "    Private fields (informants, finders, victims) show as \"(private,\n"
	 "    committed)\": the log holds a commitment to them, never their value.\n"
	 "    Then the area's status and the residual-risk model at --at: phase, both\n"
	 "    bounds and when the conservative number falls below one device.\n",
	 "    --at TIME|now\n"
	 "        The moment the model is evaluated at (default: now).\n" ASOF_OPTION(ASOF_AT)
	 JSON_OPTION("the history") DB_OPTION HELP_OPTION,
	 "    0   the history was printed.\n" EXIT_COMMON
	 "    4   the register holds no hazardous area with this id.\n",
	 "    hazreg show UA-HA-2025-00017\n"
	 "    hazreg show UA-HA-2025-00017 --json\n"},

	{"export", "write the layers as GeoJSON, CSV, GeoPackage or OSM",
	 "hazreg export [--format geojson|csv|gpkg|osm] [--hxl] [--layer LAYER]\n"
	 "              [--profile public|internal] [-o FILE] [--db FILE]\n"
	 "              " ASOF_SYNOPSIS,
	 "    Write the derived layers as one RFC 7946 FeatureCollection; each feature\n"
	 "    has a \"kind\" property and the property names the import reads.\n"
	 "\n"
	 "    With --format csv, one layer (areas unless --layer names another) as CSV\n"
	 "    (RFC 4180, CRLF) in the form 'hazreg import' reads back: a header row of\n"
	 "    import names, then one row a feature, the geometry as WKT with 7\n"
	 "    decimals. Columns the register derives (first_reported, hazard_from,\n"
	 "    devices, area_m2, records, last_index, total) are left out.\n"
	 "\n"
	 "    With --format gpkg, write them as a GeoPackage that QGIS and GDAL open:\n"
	 "    one feature table per layer (hazardous_areas, release_parts, eo_items,\n"
	 "    eore_sessions; EPSG:4326, R-tree spatial index), the import property\n"
	 "    names as columns, so that 'hazreg import FILE.gpkg' reads it back.\n"
	 "\n"
	 "    With --format osm, write the hazardous areas that are not closed as OSM\n"
	 "    XML 0.6 tagged hazard=minefield (name, ref = the area id, source,\n"
	 "    check_date = date of information, start_date, description with SHA/CHA\n"
	 "    and status): shared nodes with negative ids, a closed way per simple\n"
	 "    polygon, a type=multipolygon relation for holes and multipolygons. The\n"
	 "    file says upload=\"never\": it is for viewing and comparing, not for\n"
	 "    uploading to OpenStreetMap unreviewed.\n"
	 "\n"
	 "    A GeoPackage or OSM export needs --output; it never overwrites a file\n"
	 "    and is named only once complete.\n"
	 "\n"
	 "    The public profile (the default) is fit for humanitarian data portals: it\n"
	 "    holds no personal or sensitive data, no accidents, no public reports and\n"
	 "    no informants, finders or victims. The internal profile is for the\n"
	 "    authority's own use: every layer, still without any private value.\n",
	 "    --format geojson|csv|gpkg|osm\n"
	 "        The output format (default geojson).\n"
	 "    --hxl\n"
	 "        With --format csv: a row of HXL tags under the header row\n"
	 "        (docs/formats.md, \"CSV and HXL\"), for humanitarian data tools.\n"
	 "    --layer LAYER\n"
	 "        Only one layer: areas, releases, items, eore, or accidents and reports\n"
	 "        (internal profile only). Default: every layer the profile allows.\n"
	 "        OSM: areas only.\n"
	 "    --profile public|internal\n"
	 "        Which profile (default public).\n"
	 "    -o FILE, --output FILE\n"
	 "        Write to FILE instead of standard output: GeoJSON replaces FILE whole,\n"
	 "        only once complete; gpkg and osm refuse an existing FILE.\n" ASOF_OPTION(
		 "        The state goes into the FeatureCollection as its member \"as_of\";\n"
		 "        with -o it is also printed (a CSV has no place for it).\n") DB_OPTION HELP_OPTION,
	 "    0   the layers were written.\n" EXIT_COMMON
	 "        (2 also for a layer the profile does not allow.)\n",
	 "    hazreg export > hazards-public.geojson\n"
	 "    hazreg export --layer releases -o released.geojson\n"
	 "    hazreg export --profile internal --layer accidents -o accidents.geojson\n"
	 "    hazreg export --format csv --hxl --layer items -o items.csv\n"
	 "    hazreg export --format gpkg -o hazards-public.gpkg\n"
	 "    hazreg export --format osm -o hazards.osm\n"},

	{"rebuild", "re-derive every layer from the log",
	 "hazreg rebuild [--json] [--db FILE]",
	 "    Throw away the derived layers (areas, release parts, items...) and derive\n"
	 "    them again from the log alone, in one transaction, then print the state\n"
	 "    digest. The log is never changed. On a terminal a progress line is drawn\n"
	 "    on standard error.\n",
	 JSON_OPTION("the log size and digest") DB_OPTION HELP_OPTION,
	 "    0   the layers were rebuilt.\n" EXIT_COMMON,
	 "    hazreg rebuild\n"},

	{"check", "verify the register; with FILE, check data quality",
	 "hazreg check [--json] [--db FILE]\n"
	 "hazreg check FILE... [--format NAME] [--mapping FILE] [--country FILE]\n"
	 "                    [--max-edge-km N] [--overlap PCT] [--strict] [--json] [--db FILE]",
	 "    Without FILE: check that every log record decodes, encodes again to the\n"
	 "    same bytes and hashes to its stored leaf hash, that log indexes have no\n"
	 "    gaps, and that the derived layers equal a rebuild from the log\n"
	 "    (computed in memory; nothing is written). Prints the report.\n"
	 "\n"
	 "    With FILE...: read the files as 'hazreg import' does and run its\n"
	 "    data-quality checks (docs/quality.md) without importing: invalid\n"
	 "    geometry, near-duplicate areas of one organisation, consecutive\n"
	 "    duplicate vertices, vertices too far apart, geometry outside the\n"
	 "    country of operation, dates in the future or before emplacement,\n"
	 "    negative or absurd counts. Each finding is printed on standard error\n"
	 "    as FILE: feature INDEX (id ID): CODE: MESSAGE, after a count on\n"
	 "    standard output. When the register exists it is opened read-only and\n"
	 "    the files are compared with its areas too; when it does not, areas\n"
	 "    and emplacement dates are compared within the files only, and the\n"
	 "    output says so. Nothing is ever written.\n",
	 "    --format NAME, --mapping FILE\n"
	 "        As for 'hazreg import'.\n"
	 QUALITY_OPTIONS
	 JSON_OPTION("the verdict and the report (with FILE: the counts and\n"
	             "        the findings, each {code, severity, file, line, column, feature,\n"
	             "        id, message}),")
	 DB_OPTION HELP_OPTION,
	 "    0   the register is consistent; with FILE, no finding.\n" EXIT_COMMON
	 "    3   with FILE: errors: an import would refuse the files.\n"
	 "    5   the register is not consistent: the report names the first problem.\n"
	 "    6   with FILE: warnings only: an import would take the files (--strict\n"
	 "        would refuse them).\n",
	 "    hazreg check || echo \"register damaged: restore from backup\"\n"
	 "    hazreg check survey.geojson --max-edge-km 2 && hazreg import survey.geojson\n"},

	{"digest", "print the digest of the derived state",
	 "hazreg digest [--json] [--db FILE]",
	 "    Print the SHA-256 digest over the canonical content of all derived\n"
	 "    layers, in hex. Two registers with equal digests hold equal derived\n"
	 "    state: use it to compare a copy with its origin or a rebuild with the\n"
	 "    state before.\n",
	 JSON_OPTION("the digest") DB_OPTION HELP_OPTION,
	 "    0   the digest was printed.\n" EXIT_COMMON,
	 "    test \"$(hazreg digest)\" = \"$(hazreg --db copy.gpkg digest)\"\n"},

	{"migrate", "copy a register to another backend",
	 "hazreg migrate FROM TO [--json]",
	 "    Copy the register FROM into a new register TO, of either backend: a\n"
	 "    GeoPackage file into a PostgreSQL database (postgresql://...) or back.\n"
	 "    The log is copied byte for byte with its private values, its origin,\n"
	 "    the signed checkpoints and the API tokens; the layers and the Merkle\n"
	 "    tiles are derived again in TO. The copy must have the tree head and\n"
	 "    the state digest of FROM, or it is refused. FROM is only read; TO must\n"
	 "    not hold a register (a new file, or a database without one). --db is\n"
	 "    not used.\n",
	 JSON_OPTION("the addresses, the records copied and the tree head") HELP_OPTION,
	 "    0   the copy was made and holds what FROM holds.\n" EXIT_COMMON
	 "        (1 also when TO holds a register already, or the copy differs.)\n",
	 "    hazreg migrate office.gpkg 'postgresql://hazreg@db.example.org/national'\n"
	 "    hazreg migrate 'postgresql:///national' backup.gpkg\n"},

	{"log list", "list the records of the log",
	 "hazreg log list [--from N] [--to N] [--json] [--db FILE]",
	 "    Print one line per log record: log index, when it was appended, kind,\n"
	 "    id, date of information and leaf hash (first 16 hex digits; all 64 in\n"
	 "    JSON).\n",
	 "    --from N\n"
	 "        First log index to list (default 0).\n"
	 "    --to N\n"
	 "        Last log index to list, included (default: the last record).\n" JSON_OPTION(
		 "the records") DB_OPTION HELP_OPTION,
	 "    0   the records were listed.\n" EXIT_COMMON,
	 "    hazreg log list --from 100 --to 120\n"},

	{"log root", "print the tree head of the log",
	 "hazreg log root [--size N] [--json] [--db FILE]",
	 "    Print the tree size and the root hash of the Merkle tree over the log\n"
	 "    (RFC 6962 / RFC 9162 section 2.1), in hex and in base64 (as in a\n"
	 "    checkpoint). The root commits to every record in the log, in order.\n",
	 "    --size N\n"
	 "        The tree of the first N records (default: the whole log).\n" JSON_OPTION(
		 "the size and root") DB_OPTION HELP_OPTION,
	 "    0   the tree head was printed.\n" EXIT_COMMON
	 "        (2 also when --size is beyond the log.)\n",
	 "    hazreg log root\n"
	 "    hazreg log root --size 100 --json\n"},

	{"log prove", "prove that a record is in the log",
	 "hazreg log prove INDEX [--size N] [--json] [--db FILE]",
	 "    Print the leaf hash of the record at log index INDEX (0-based), the tree\n"
	 "    size and root, and the inclusion proof (RFC 9162 section 2.1.3): hashes\n"
	 "    in hex joined by commas, from the leaf upwards; in JSON an array. Anyone\n"
	 "    can check it with 'hazreg log check inclusion', without the register.\n",
	 "    --size N\n"
	 "        Prove inclusion in the tree of the first N records (default: the\n"
	 "        whole log); INDEX must be below N.\n" JSON_OPTION(
		 "the proof") DB_OPTION HELP_OPTION,
	 "    0   the proof was printed.\n" EXIT_COMMON
	 "        (2 also when INDEX or --size is beyond the log.)\n",
	 "    hazreg log prove 3\n"
	 "    hazreg log prove 3 --size 10 --json\n"},

	{"log consistency", "prove that the log only grew",
	 "hazreg log consistency OLD NEW [--json] [--db FILE]",
	 "    Print the roots of the trees of the first OLD and the first NEW records\n"
	 "    and the consistency proof between them (RFC 9162 section 2.1.4): it\n"
	 "    shows that the older tree is a prefix of the newer one, that is, that\n"
	 "    no record was changed or removed in between. Empty when OLD is 0 or\n"
	 "    equals NEW.\n",
	 JSON_OPTION("the roots and the proof") DB_OPTION HELP_OPTION,
	 "    0   the proof was printed.\n" EXIT_COMMON
	 "        (2 also when OLD > NEW or NEW is beyond the log.)\n",
	 "    hazreg log consistency 10 25\n"},

	{"log check", "an auditor's check of a proof or a signed note",
	 "hazreg log check inclusion --leaf-hash HEX --index I --size N --root HEX\n"
	 "                             --proof HEX,HEX,...\n"
	 "    hazreg log check consistency --old N --new M --old-root HEX --new-root HEX\n"
	 "                               --proof HEX,HEX,...\n"
	 "    hazreg log check note --key VKEY [--key VKEY]... FILE",
	 "    Check what someone handed over; no register is needed.\n"
	 "    inclusion: the leaf hash is leaf I (0-based) of the tree of size N with\n"
	 "    that root (RFC 9162 section 2.1.3.2).\n"
	 "    consistency: the tree of size N with root --old-root is a prefix of the\n"
	 "    tree of size M with root --new-root (RFC 9162 section 2.1.4.2).\n"
	 "    note: FILE ('-': standard input) is a C2SP signed note, for example a\n"
	 "    checkpoint, signed by at least one of the trusted keys; signatures by\n"
	 "    other keys are ignored, a bad signature by a trusted key refuses the\n"
	 "    note. On success it prints \"verified by: NAME...\" and the note text.\n"
	 "    Every hash is exactly 64 hex digits; sizes and indexes are decimal.\n",
	 "    --leaf-hash HEX, --root HEX, --old-root HEX, --new-root HEX\n"
	 "        Hashes, 64 hex digits each.\n"
	 "    --index I, --size N, --old N, --new M\n"
	 "        The leaf and the tree sizes of the claim; I < N, N <= M.\n"
	 "    --proof HEX,HEX,...\n"
	 "        The proof's hashes in order, joined by commas; --proof \"\" is the\n"
	 "        empty proof (a one-leaf tree, equal sizes, or an old size of 0).\n"
	 "    --key VKEY\n"
	 "        A C2SP verifier key \"NAME+KEYID+BASE64\", or a file holding one (a\n"
	 "        .pub file of 'hazreg keys new'). May be given several times.\n" HELP_OPTION,
	 "    0   the proof or the note verifies.\n"
	 "    1   it does not: \"does not verify: REASON\" is printed, or FILE cannot\n"
	 "        be read.\n"
	 "    2   usage error: the bad argument is named and the usage printed.\n",
	 "    hazreg log check inclusion --leaf-hash 5a1f... --index 3 --size 8 \\\n"
	 "        --root 9c0e... --proof 11aa...,22bb...,33cc...\n"
	 "    hazreg log check note --key demo-mac.pub checkpoint.txt\n"},

	{"log checkpoint", "sign a checkpoint of the log",
	 "hazreg log checkpoint --key FILE [--origin NAME] [-o FILE] [--db FILE]",
	 "    Print a C2SP tlog-checkpoint of the log (origin line, tree size, base64\n"
	 "    root hash) as a C2SP signed note, signed with the Ed25519 signer key in\n"
	 "    the --key file (made by 'hazreg keys new'). Publish it: anyone holding\n"
	 "    the verifier key can check it with 'hazreg log check note', and hold the\n"
	 "    register to it with 'hazreg verify'. The register also stores every\n"
	 "    checkpoint it signs, append-only, so the file carries each tree head it\n"
	 "    vouched for ('hazreg verify' checks them all; answers as the register\n"
	 "    stood, with --known-at or --log-size, name them). The first checkpoint\n"
	 "    names the log; later ones keep that name, even when the file is copied.\n",
	 "    --key FILE\n"
	 "        The signer key file (\"PRIVATE+KEY+...\").\n"
	 "    --origin NAME\n"
	 "        The log's name on the first line, for a register that has no\n"
	 "        checkpoint yet (default: \"hazreg/\" and the register file's name).\n"
	 "    -o FILE, --output FILE\n"
	 "        Write the note to FILE instead of standard output.\n" DB_OPTION HELP_OPTION,
	 "    0   the checkpoint was signed.\n" EXIT_COMMON
	 "        (1 also when the key file cannot be read; 2 when it holds no signer\n"
	 "        key.)\n",
	 "    hazreg log checkpoint --key demo-mac.key -o checkpoint.txt\n"},

	{"log export", "write the log as static tlog-tiles files",
	 "hazreg log export DIR [--key FILE] [--origin NAME] [--db FILE] [--json]",
	 "    Write the log into the new or empty directory DIR as static files in the\n"
	 "    C2SP tlog-tiles layout, for any web server to publish: DIR/checkpoint,\n"
	 "    the hash tiles DIR/tile/L/N[.p/W] (W hashes of 32 bytes) and the entry\n"
	 "    bundles DIR/tile/entries/N[.p/W], each entry a 2-byte big-endian length\n"
	 "    then the record's canonical bytes. Private fields are only in them as\n"
	 "    salted commitments, never their values. The checkpoint is a signed note\n"
	 "    with --key, else the plain checkpoint text (the output says which).\n"
	 "    Every file is written to a temporary name and renamed. Check an export\n"
	 "    with 'hazreg verify --dir DIR'.\n",
	 "    --key FILE\n"
	 "        Sign the checkpoint with this signer key file (\"PRIVATE+KEY+...\").\n"
	 "    --origin NAME\n"
	 "        The log's name on the checkpoint's first line (default: \"hazreg/\"\n"
	 "        and the register file's name).\n"
	 JSON_OPTION("the summary") DB_OPTION HELP_OPTION,
	 "    0   the log was exported.\n" EXIT_COMMON
	 "        (1 also when DIR exists and is not empty, or a file cannot be\n"
	 "        written; 2 when the --key file holds no signer key.)\n",
	 "    hazreg log export /srv/www/log --key demo-mac.key\n"},

	{"keys new", "make an organisation's signing key",
	 "hazreg keys new --org NAME [--dir DIR]",
	 "    Make a new Ed25519 key for the organisation NAME and write two files into\n"
	 "    DIR: KEYNAME.key, the signer key (\"PRIVATE+KEY+KEYNAME+...\", mode 0600:\n"
	 "    keep it secret), and KEYNAME.pub, the verifier key to register and to\n"
	 "    give to auditors. KEYNAME is NAME with every run of spaces, '+' and '/'\n"
	 "    made one '-' (\"Demo Survey Team A\" gives Demo-Survey-Team-A). Existing\n"
	 "    files are never overwritten. The verifier key is printed. The private key\n"
	 "    is never written into the register.\n",
	 "    --org NAME\n"
	 "        The organisation's name.\n"
	 "    --dir DIR\n"
	 "        Where the files go (default: the current directory).\n" HELP_OPTION,
	 "    0   the key was made.\n"
	 "    1   a file of that name exists, or a file cannot be written.\n"
	 "    2   usage error: the bad argument is named and the usage printed.\n",
	 "    hazreg keys new --org demo-mac --dir ~/.hazreg\n"
	 "    hazreg keys new --org \"Demo Survey Team A\"\n"},

	{"keys register", "accept an organisation's signed records",
	 "hazreg keys register --org NAME KEY [--note TEXT] [--json] [--db FILE]",
	 "    Append to the log the registration of KEY (a verifier key, or the .pub\n"
	 "    file of 'hazreg keys new') as a record-signing key of the organisation\n"
	 "    NAME, as its records name it in their \"org\" field. From then on the\n"
	 "    register accepts a record of NAME only when it carries a signature that\n"
	 "    verifies with an active key of NAME ('hazreg import --sign'); a record\n"
	 "    signed with any other key, or unsigned, is refused. Records of an\n"
	 "    organisation with no registered key are accepted unsigned. The\n"
	 "    registration is a record of the log like any other: auditors replay it\n"
	 "    ('hazreg verify'). A key stays with the organisation it was registered\n"
	 "    for; an organisation may have several.\n",
	 "    --org NAME\n"
	 "        The organisation.\n"
	 "    --note TEXT\n"
	 "        A remark kept in the record.\n" JSON_OPTION(
		 "the key and its log index") DB_OPTION HELP_OPTION,
	 "    0   the key was registered.\n" EXIT_COMMON
	 "        (1 also when the key is registered already.)\n",
	 "    hazreg keys register --org \"Demo Survey Team A\" Demo-Survey-Team-A.pub\n"},

	{"keys revoke", "stop accepting records signed with a key",
	 "hazreg keys revoke --org NAME KEY [--note TEXT] [--json] [--db FILE]",
	 "    Append to the log the revocation of a registered key of NAME. Records\n"
	 "    signed with it before stay in the log and stay valid: the log is never\n"
	 "    rewritten. From then on a record signed with it is refused; while NAME\n"
	 "    has no other active key, its unsigned records are accepted again.\n",
	 "    --org NAME\n"
	 "        The organisation.\n"
	 "    --note TEXT\n"
	 "        A remark kept in the record (why the key was revoked).\n" JSON_OPTION(
		 "the key and its log index") DB_OPTION HELP_OPTION,
	 "    0   the key was revoked.\n" EXIT_COMMON
	 "        (1 also when the key is not registered for NAME, or revoked already.)\n",
	 "    hazreg keys revoke --org \"Demo Survey Team A\" Demo-Survey-Team-A.pub\n"},

	{"keys list", "list organisations' registered keys",
	 "hazreg keys list [--org NAME] [--json] [--db FILE]",
	 "    List the record-signing keys the register holds: key name and ID,\n"
	 "    status (active or revoked), since when, the organisation and the log\n"
	 "    index of the latest record about the key.\n",
	 "    --org NAME\n"
	 "        Only the keys of this organisation.\n" JSON_OPTION(
		 "an array of keys") DB_OPTION HELP_OPTION,
	 "    0   the list was printed (perhaps empty).\n" EXIT_COMMON,
	 "    hazreg keys list\n"
	 "    hazreg keys list --org \"Demo Survey Team A\" --json\n"},

	{"sign", "sign an organisation's records for sending",
	 "hazreg sign --key KEYFILE FILE... [-o OUT]",
	 "    Read records from GeoJSON files as 'hazreg import' reads them, sign each\n"
	 "    with the organisation's signer key (the .key file of 'hazreg keys new')\n"
	 "    and write them as one FeatureCollection, one feature a line, that the\n"
	 "    register takes as they are: 'hazreg import' does, and so does the HTTP\n"
	 "    API's POST /records, one feature a request. No register is read or\n"
	 "    written.\n"
	 "\n"
	 "    A signature covers private fields (informant, finder, victims) as their\n"
	 "    salted commitments, so each private value goes out with its salt, as\n"
	 "    {\"value\": TEXT, \"salt\": HEX}: the output holds the same personal data\n"
	 "    as the input; keep it as carefully. All or nothing: when any feature is\n"
	 "    refused, every reason is printed as for 'hazreg import' and nothing is\n"
	 "    written.\n",
	 "    --key KEYFILE\n"
	 "        The organisation's signer key file.\n"
	 "    -o OUT, --output OUT\n"
	 "        Write to OUT instead of standard output.\n" HELP_OPTION,
	 "    0   the records were signed and written.\n" EXIT_COMMON
	 "    3   a feature was refused; nothing was written.\n",
	 "    hazreg sign --key Demo-NGO.key reports.geojson -o signed.geojson\n"
	 "    hazreg --db register.gpkg import signed.geojson\n"},

	{"verify", "an auditor's check of the register against checkpoints",
	 "hazreg verify --key VKEY [--key VKEY]... --checkpoint FILE\n"
	 "                     [--old-checkpoint FILE] [--db FILE] [--json]\n"
	 "       hazreg verify --dir DIR [--key VKEY]... [--checkpoint FILE] [--json]\n"
	 "       hazreg verify [--key VKEY]... [--checkpoint FILE] [--json] URL",
	 "    Hold the register to a checkpoint you trust (a C2SP signed note made by\n"
	 "    'hazreg log checkpoint'): the note must be signed by one of the --key\n"
	 "    verifier keys; then every record up to the checkpoint's size N is read,\n"
	 "    its leaf hash recomputed from its bytes and compared with the stored one,\n"
	 "    and the tree head of the first N records is computed from those leaves\n"
	 "    alone (the register's stored tree is not trusted) and compared with the\n"
	 "    checkpoint's root. With --old-checkpoint, an earlier checkpoint you kept,\n"
	 "    the first M records must still have its root and the tree of M records\n"
	 "    must be a prefix of the tree of N records (RFC 9162 section 2.1.4): the\n"
	 "    register was only appended to between the two. Every record is also held\n"
	 "    to the organisations' signature rule, replaying the key registrations of\n"
	 "    the log itself ('hazreg keys register'): a record signed with a key its\n"
	 "    organisation had not registered (or had revoked), or unsigned while it\n"
	 "    had an active key, is named. In a register, the records after N are\n"
	 "    checked the same way (their number is printed), and so is every\n"
	 "    checkpoint the register stored ('hazreg log checkpoint'): each must be\n"
	 "    signed by a --key and be the tree head of the records at its size.\n"
	 "    With --dir, an export of 'hazreg log export' is checked instead of a\n"
	 "    register: the entries are read from its entry bundles, their leaf hashes\n"
	 "    recomputed, every hash tile in DIR must equal the one recomputed from\n"
	 "    them, and the tree head must be the checkpoint's (DIR/checkpoint unless\n"
	 "    --checkpoint is given). With a URL (http:// or https://), a running\n"
	 "    'hazreg serve' is checked the same way: its latest stored checkpoint\n"
	 "    (URL/log/checkpoint, unless --checkpoint is given), its entry bundles\n"
	 "    and hash tiles (URL/tile/...) are fetched and go through the very\n"
	 "    checks of --dir. Each fetch may take 10 s to connect and 60 s in all,\n"
	 "    follows no redirect and may be no longer than the file can be (a tile\n"
	 "    W x 32 bytes, a bundle W x 65537). Without --key the checkpoint's\n"
	 "    signatures are not checked, and the output says so.\n",
	 "    --key VKEY\n"
	 "        A C2SP verifier key \"NAME+KEYID+BASE64\", or a file holding one (a\n"
	 "        .pub file of 'hazreg keys new'). May be given several times.\n"
	 "    --checkpoint FILE\n"
	 "        The signed checkpoint to check the register against.\n"
	 "    --old-checkpoint FILE\n"
	 "        An earlier signed checkpoint of the same log, also checked with the\n"
	 "        keys; its size must not exceed that of --checkpoint.\n"
	 "    --dir DIR\n"
	 "        A directory written by 'hazreg log export', checked instead of the\n"
	 "        register.\n"
	 "    URL\n"
	 "        A server of 'hazreg serve' (http://HOST:PORT), checked instead of the\n"
	 "        register; not with --dir.\n"
	 JSON_OPTION("the report") DB_OPTION HELP_OPTION,
	 "    0   the register matches: the number of records checked, the tree head\n"
	 "        and the keys that signed are printed.\n"
	 "    1   it does not, and the reason is printed: a checkpoint signed by no\n"
	 "        trusted key (\"checkpoint: ...\"), the first bad record (\"record 17:\n"
	 "        leaf hash does not match its bytes\", \"record 17: does not decode\"),\n"
	 "        missing records, a tree head that differs, or a register rewritten\n"
	 "        between the two checkpoints; or the register cannot be read.\n"
	 "    2   usage error: the bad argument is named and the usage printed.\n",
	 "    hazreg verify --key demo-mac.pub --checkpoint checkpoint.txt\n"
	 "    hazreg verify --key demo-mac.pub --old-checkpoint june.txt \\\n"
	 "        --checkpoint july.txt --db register.gpkg\n"
	 "    hazreg verify --key demo-mac.pub http://127.0.0.1:8080\n"},

	{"serve", "serve the HTTP API",
	 "hazreg serve [--listen ADDR:PORT] [--threads N] [--timeout S] [--per-ip N]\n"
	 "                     [--max-connections N] [--max-header-bytes N]\n"
	 "                     [--max-body-bytes N] [--max-limit N] [--reports-per-minute N]\n"
	 "                     [--access-log FILE] [--web DIR|--no-web] [--list-routes]\n"
	 "                     [--db-read URL] [--json] [--db FILE]",
	 "    Serve the register over HTTP until SIGTERM or SIGINT: the map page, the\n"
	 "    OGC API - Features collections, point, route and timeline risk queries,\n"
	 "    the log's checkpoint, proofs and tiles, records and reports in. It prints the\n"
	 "    address it serves once it listens (with --listen ADDR:0, a free port is\n"
	 "    picked). libmicrohttpd serves in its event-driven mode with a pool of\n"
	 "    worker threads; a request head larger than --max-header-bytes is\n"
	 "    answered 431, a body larger than --max-body-bytes 413 (decided from\n"
	 "    Content-Length before the body is read); request bodies must be JSON.\n"
	 "    On SIGTERM the server stops accepting, finishes the requests in flight\n"
	 "    (a write is acknowledged only once committed) and exits 0. One JSON line\n"
	 "    per request goes to the access log.\n"
	 "\n"
	 "    On PostgreSQL a thread listens for the register's commits by any\n"
	 "    process (LISTEN/NOTIFY) and brings the server's index up to date at\n"
	 "    once; it writes one JSON line per event to standard error\n"
	 "    (docs/postgresql.md).\n"
	 "\n"
	 "    Callers without a token are the public; \"Authorization: Bearer TOKEN\"\n"
	 "    ('hazreg token new') makes them a reporter, analyst or admin. A route\n"
	 "    above the caller's role is answered 401 without a token, 403 with one;\n"
	 "    a malformed, unknown, revoked or expired token is answered 401. Private\n"
	 "    fields are served to analysts and admins only, never cached\n"
	 "    (docs/api.md).\n",
	 "    --listen ADDR:PORT\n"
	 "        The IPv4 address and port (default 127.0.0.1:8080).\n"
	 "    --threads N\n"
	 "        Worker threads (default 2).\n"
	 "    --timeout S\n"
	 "        Close a connection idle for S seconds (default 15).\n"
	 "    --per-ip N\n"
	 "        Connections from one client address (default 64).\n"
	 "    --max-connections N\n"
	 "        Connections in all (default 1024).\n"
	 "    --max-header-bytes N\n"
	 "        Largest request line and headers (default 16384).\n"
	 "    --max-body-bytes N\n"
	 "        Largest request body (default 1048576).\n"
	 "    --max-limit N\n"
	 "        Most features on a page of OGC API items (default 10000); a larger\n"
	 "        limit= is refused with 400.\n"
	 "    --reports-per-minute N\n"
	 "        Public reports (POST /reports) one client address may send in a\n"
	 "        minute; beyond, 429 with Retry-After (default 10).\n"
	 "    --access-log FILE\n"
	 "        Append the access log to FILE (default: standard error).\n"
	 "    --web DIR\n"
	 "        The map page's files (index.html and what it loads), read once at\n"
	 "        start and served at /map/; \"/\" gives the page to a browser and the\n"
	 "        OGC landing page to other clients (and with ?f=html). Default:\n"
	 "        $HAZREG_WEB, else web/ beside the hazreg executable when it holds\n"
	 "        index.html (make builds it there).\n"
	 "    --no-web\n"
	 "        Serve no map page: \"/\" is the OGC landing page for every client.\n"
	 "    --list-routes\n"
	 "        Print every route, METHOD PATTERN LEAST-ROLE, and exit.\n"
	 "    --db-read URL\n"
	 "        Read from URL, a streaming-replication standby of the PostgreSQL\n"
	 "        register --db names, and write to --db (default: $HAZREG_DB_READ,\n"
	 "        else read from --db too). An answer after a write this server\n"
	 "        acknowledged waits for the standby to replay it (at most 5 s).\n" JSON_OPTION(
		 "the address served") DB_OPTION HELP_OPTION,
	 "    0   the server ran and was stopped by SIGTERM or SIGINT.\n" EXIT_COMMON
	 "        (1 also when the address cannot be listened on.)\n",
	 "    hazreg --db var/demo.gpkg serve\n"
	 "    hazreg serve --listen 0.0.0.0:8080 --threads 4 --access-log access.jsonl\n"},

	{"token new", "make a bearer token for the HTTP API",
	 "hazreg token new --role ROLE [--org NAME] [--expires TIME|N(d|h|m|s)]\n"
	 "                 [--note TEXT] [--json] [--db FILE]",
	 "    Make a bearer token for 'hazreg serve' and print it, with its id. The\n"
	 "    token is shown this once: the register keeps only a hash of it, in a\n"
	 "    table beside the log (never in the log), with its role, organisation,\n"
	 "    note and expiry. Its holder sends it as \"Authorization: Bearer TOKEN\".\n"
	 "\n"
	 "    A reporter may append signed records of its organisation (POST\n"
	 "    /records); an analyst may also review public reports and read private\n"
	 "    fields; an admin may do everything the API offers. Without a token a\n"
	 "    caller is the public.\n",
	 "    --role reporter|analyst|admin\n"
	 "        What the token may do.\n"
	 "    --org NAME\n"
	 "        The organisation, as its records name it in \"org\". Needed for a\n"
	 "        reporter: it may append that organisation's records only.\n"
	 "    --expires TIME|N(d|h|m|s)\n"
	 "        When the token stops working: a time, or a duration from now such as\n"
	 "        30d or 12h (default 90d). It must be in the future.\n"
	 "    --note TEXT\n"
	 "        Whom the token was given to, for 'hazreg token list'.\n" JSON_OPTION(
		 "the token and its id") DB_OPTION HELP_OPTION,
	 "    0   the token was made and printed.\n" EXIT_COMMON,
	 "    hazreg token new --role reporter --org \"Demo NGO\" --expires 30d --note \"field office\"\n"
	 "    hazreg token new --role analyst --expires 2026-12-31\n"},

	{"token revoke", "stop a bearer token at once",
	 "hazreg token revoke ID [--json] [--db FILE]",
	 "    Revoke the token with this id (from 'hazreg token new' or 'hazreg token\n"
	 "    list'): from now on the server answers it 401. It stays listed.\n",
	 JSON_OPTION("the id and the time") DB_OPTION HELP_OPTION,
	 "    0   the token was revoked.\n" EXIT_COMMON
	 "        (1 also when there is no such token, or it is revoked already.)\n",
	 "    hazreg token revoke 3f2a9c0d51e4b7a6\n"},

	{"token list", "list the bearer tokens, never their secrets",
	 "hazreg token list [--json] [--db FILE]",
	 "    List every token made: id, role, status (active, expired or revoked),\n"
	 "    expiry, organisation and note. No token, nor any hash of one, is shown.\n",
	 JSON_OPTION("an array of tokens") DB_OPTION HELP_OPTION,
	 "    0   the list was printed (perhaps empty).\n" EXIT_COMMON,
	 "    hazreg token list\n"
	 "    hazreg token list --json\n"},

	{"risk timeline", "an area's decay curve as a table",
	 "hazreg risk timeline ID [--from TIME] [--to TIME] [--step DURATION] [--json]\n"
	 "                        [--db FILE] " ASOF_SYNOPSIS,
	 "    Print how the residual-risk model sees the hazardous area ID over time:\n"
	 "    one row per step with the phase (persistent, active, decaying, residual),\n"
	 "    the expected number of live devices and the probability that at least\n"
	 "    one device is live, each for the optimistic bound (the maker's claim)\n"
	 "    and the conservative bound (CCW Amended Protocol II). A row is added at\n"
	 "    every emplacement bound, SD window and SDA deadline, named in the event\n"
	 "    column. When a count is unknown no expected number is given, and the\n"
	 "    probability counts such an entry as at least one device.\n"
	 "\n"
	 "    The output starts with the area's status: an area is hazardous until\n"
	 "    released by survey or clearance. The model informs priorities; it never\n"
	 "    releases land.\n"
	 "\n" TIME_TEXT,
	 "    --from TIME\n"
	 "        First row (default: the earliest evidence of contamination).\n"
	 "    --to TIME\n"
	 "        Last row (default: 180 days after the latest SDA deadline, or a year\n"
	 "        when nothing decays).\n"
	 "    --step DURATION\n"
	 "        Time between rows: a whole number and a unit, s, m, h, d or w (6h,\n"
	 "        1d, 2w). Default: a step that gives about 40 rows.\n" ASOF_OPTION("")
		 JSON_OPTION("the rows") DB_OPTION HELP_OPTION,
	 "    0   the curve was printed.\n" EXIT_COMMON
	 "    4   the register holds no hazardous area with this id.\n",
	 "    hazreg risk timeline UA-HA-2025-00017\n"
	 "    hazreg risk timeline UA-HA-2025-00017 --from 2025-03-01 --to 2025-04-01 --step 1d\n"},

	{"plot", "draw an area's decay curve (SVG or PNG)",
	 "hazreg plot ID -o FILE.svg|FILE.png [--from TIME] [--to TIME] [--at TIME|now]\n"
	 "               [--lang uk|en] [--json] [--db FILE] " ASOF_SYNOPSIS,
	 "    Draw the decay curve of the hazardous area ID: expected live devices over\n"
	 "    time on a log scale (the probability that at least one is live when a\n"
	 "    count is unknown), the conservative and optimistic bounds as two lines\n"
	 "    with the range between them shaded, SD windows shaded, SDA deadlines\n"
	 "    dashed and the moment --at marked and read out. The title holds the\n"
	 "    area's status; under it: hazardous until released by survey or\n"
	 "    clearance. The file is SVG or PNG by its name, and is replaced only once\n"
	 "    complete.\n"
	 "\n" TIME_TEXT,
	 "    -o FILE, --output FILE\n"
	 "        The picture to write: FILE.svg (self-contained SVG) or FILE.png.\n"
	 "    --from TIME, --to TIME\n"
	 "        The range drawn (defaults as for \"risk timeline\").\n"
	 "    --at TIME|now\n"
	 "        The moment marked and read out (default: now).\n"
	 "    --lang uk|en\n"
	 "        The language of the labels (default en).\n" ASOF_OPTION(ASOF_AT)
		 JSON_OPTION("what was written") DB_OPTION HELP_OPTION,
	 "    0   the picture was written.\n" EXIT_COMMON
	 "        (1 also when the file cannot be written.)\n"
	 "    4   the register holds no hazardous area with this id.\n",
	 "    hazreg plot UA-HA-2025-00017 -o decay.svg\n"
	 "    hazreg plot UA-HA-2025-00017 -o decay.png --lang uk --at 2025-06-01\n"},

	{"reliability", "field evidence on self-destruct against the bounds",
	 "hazreg reliability [--class CLASS] [-o FILE.svg|FILE.png] [--json] [--db FILE]\n"
	 "                   " ASOF_SYNOPSIS,
	 "    Estimate, for each non-persistent device class, the fraction of devices\n"
	 "    still live after their SD window, from the items found in hazardous\n"
	 "    areas: n items found past the window, k of them live, and the posterior\n"
	 "    Beta(1 + k, 1 + n - k) with its mean and 95% credible interval. Items\n"
	 "    whose area lacks emplacement times are counted as skipped. Each class is\n"
	 "    compared with the catalogue's optimistic bound (the maker's claim) and\n"
	 "    conservative bound (CCW Amended Protocol II).\n"
	 "\n"
	 "    When the evidence on a class is worse than its conservative bound (the\n"
	 "    whole interval above it), the line \"Field evidence is worse than the\n"
	 "    conservative bound for CLASS\" is printed first, before the table.\n",
	 "    --class CLASS\n"
	 "        Only this device class (default: every non-persistent class).\n"
	 "    -o FILE, --output FILE\n"
	 "        Also draw the chart to FILE.svg or FILE.png.\n" ASOF_OPTION("")
		 JSON_OPTION("the estimate") DB_OPTION HELP_OPTION,
	 "    0   the estimate was printed.\n" EXIT_COMMON
	 "        (1 also when the chart cannot be written.)\n"
	 "    4   the catalogue holds no device class with this id.\n",
	 "    hazreg reliability\n"
	 "    hazreg reliability --class np-sd-48h -o np-sd-48h.png\n"},

	{"summary", "open hazardous land and events by oblast or raion",
	 "hazreg summary --by adm1|adm2 [--at TIME] [--format text|csv|svg|png]\n"
	 "               [--output FILE] [--json] [--db FILE] " ASOF_SYNOPSIS,
	 "    Count the register by administrative area: for each oblast (adm1) or\n"
	 "    raion (adm2) the register holds as boundaries (records of kind adm_area,\n"
	 "    their ids OCHA p-codes), the number and km2 of open SHA and of open CHA,\n"
	 "    the km2 released by NTS, TS and clearance, the EO items found and the\n"
	 "    accidents with the people killed and injured, all up to TIME; a row for\n"
	 "    what lies outside every boundary and a row of totals follow.\n"
	 "\n"
	 "    An area is open at TIME when its hazard had begun and the parts released\n"
	 "    by then do not cover all of it; its open land is what they leave, cut by\n"
	 "    the boundaries (GEOS intersection). An area that straddles a boundary is\n"
	 "    split between the areas it lies in and counted in each; the total counts\n"
	 "    it once. Items and accidents count where their point lies. Every figure\n"
	 "    is public: accidents appear only as counts. See docs/summary.md.\n"
	 "\n"
	 "    text: an aligned table. csv: RFC 4180 with an HXL hashtag row (#adm1+code,\n"
	 "    #adm1+name, ...) and no totals row, for humanitarian data portals. svg,\n"
	 "    png: a bar chart of open km2 per area, SHA and CHA stacked.\n"
	 "\n" TIME_TEXT,
	 "    --by adm1|adm2\n"
	 "        Oblasts (level 1) or raions (level 2). Required.\n"
	 "    --at TIME\n"
	 "        The moment counted (default: now).\n" ASOF_AT
	 "    --format text|csv|svg|png\n"
	 "        What to write (default: text, or the chart when --output ends in\n"
	 "        .svg or .png). png needs --output.\n"
	 "    -o FILE, --output FILE\n"
	 "        Write to FILE (replaced) instead of the standard output.\n"
	 ASOF_OPTION("") JSON_OPTION("the summary") DB_OPTION HELP_OPTION,
	 "    0   the summary was written.\n" EXIT_COMMON
	 "    4   the register holds no administrative area of that level.\n",
	 "    hazreg summary --by adm1\n"
	 "    hazreg summary --by adm2 --at 2025-06-01 --format csv -o raions.csv\n"
	 "    hazreg summary --by adm1 -o oblasts.png\n"},

	{"help", "print the manual of a command",
	 "hazreg help [COMMAND]",
	 "    Print the manual of COMMAND (\"query\" and \"log\" show their subcommands),\n"
	 "    or the overview without one.\n",
	 HELP_OPTION,
	 "    0   the manual was printed.\n"
	 "    2   there is no such command.\n",
	 "    hazreg help import\n"
	 "    hazreg help query point\n"},
};

#define NMANUALS (sizeof manuals / sizeof manuals[0])

static const manual *find_manual(const char *name)
{
	for (size_t i = 0; i < NMANUALS; i++)
		if (strcmp(manuals[i].name, name) == 0)
			return &manuals[i];
	return NULL;
}

void cli_help_overview(FILE *out)
{
	size_t w = 0;

	fputs("hazreg " HAZREG_VERSION " - a register of explosive hazards: hazardous areas, "
	      "land release,\nitems found, accidents and risk education.\n\n"
	      "Usage: hazreg [--db FILE] COMMAND [ARGUMENTS] [--json]\n"
	      "       hazreg help COMMAND\n"
	      "       hazreg --version\n\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; i < NMANUALS; i++)
		if (strlen(manuals[i].name) > w)
			w = strlen(manuals[i].name);
	for (size_t i = 0; i < NMANUALS; i++)
		fprintf(out, "  %-*s  %s\n", (int)w, manuals[i].name, manuals[i].summary);
	fputs("\nOptions:\n"
	      "  --db FILE     the register (default: $HAZREG_DB, else ./hazreg.gpkg)\n"
	      "  --json        print results as JSON\n"
	      "  --known-at TIME  answer as the register stood at TIME, from the records\n"
	      "                   appended by then (the commands that answer about hazards)\n"
	      "  --log-size N     the same, from the first N records of the log\n"
	      "  -h, --help    print usage (after a command: that command's usage)\n"
	      "  --version     print the version\n\n"
	      "Times are ISO 8601 with a zone (2025-06-01T00:00:00Z), a date (2025-06-01)\n"
	      "or \"now\" (HAZREG_NOW when set).\n\n"
	      "Exit status:\n"
	      "  0  success\n"
	      "  1  failure: I/O, a corrupt store, a register that cannot be opened\n"
	      "  2  usage error: the bad argument is named and the usage printed\n"
	      "  3  input refused by validation (nothing written)\n"
	      "  4  not found: no such hazardous area\n"
	      "  5  check failed: the register is not consistent\n\n"
	      "Only survey and clearance records release land. If you see a suspicious\n"
	      "item: do not touch it, mark the place, report it (in Ukraine call 101).\n"
	      "Run 'hazreg help COMMAND' for a command's manual; see also hazreg(1).\n",
	      out);
}

void cli_help_usage(FILE *out, const char *cmd)
{
	const manual *m = cmd ? find_manual(cmd) : NULL;

	if (!m) {
		fputs("Usage: hazreg [--db FILE] COMMAND [ARGUMENTS] [--json]\n"
		      "Run 'hazreg --help' for the commands.\n",
		      out);
		return;
	}
	fprintf(out, "Usage: %s\n%c%s.\n\nOptions:\n%s\nRun 'hazreg help %s' for the manual.\n",
	        m->synopsis, toupper((unsigned char)m->summary[0]), m->summary + 1, m->options,
	        m->name);
}

int cli_help_manual(FILE *out, const char *cmd)
{
	const manual *m = find_manual(cmd);
	size_t n = strlen(cmd);

	if (!m) {
		/* "query" and "log" are groups: print each subcommand's manual. */
		int found = 0;
		for (size_t i = 0; i < NMANUALS; i++) {
			if (strncmp(manuals[i].name, cmd, n) == 0 && manuals[i].name[n] == ' ') {
				if (found)
					fputs("\n", out);
				cli_help_manual(out, manuals[i].name);
				found = 1;
			}
		}
		return found ? 0 : -1;
	}
	fprintf(out,
	        "NAME\n    hazreg %s - %s\n\n"
	        "SYNOPSIS\n    %s\n\n"
	        "DESCRIPTION\n%s\n"
	        "OPTIONS\n%s\n"
	        "EXIT STATUS\n%s\n"
	        "EXAMPLES\n%s",
	        m->name, m->summary, m->synopsis, m->description, m->options, m->exit_status,
	        m->examples);
	return 0;
}
