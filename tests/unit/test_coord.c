/*
 * test_coord.c - hr_coord_parse, hr_coord_to_mgrs and hr_coord_to_utm:
 * every written form, the corners of MGRS squares of 0..5 digits, every
 * refusal with its column, and several threads parsing at once.
 *
 * Run as "test_coord --oracle" it reads "lat lon MGRS" lines (the MGRS
 * written by another program) and prints, for tests/scripts/coord_oracle.sh,
 * hazreg's UTM and MGRS of each point and whether the point lies in the
 * square hazreg reads from the other program's MGRS; as "test_coord
 * --read" it reads one coordinate text a line and prints what
 * hr_coord_parse made of it.
 */
#include "test.h"

#include "hazreg/coord.h"

#include <math.h>
#include <pthread.h>

static hr_coord parse_ok(const char *text, int line)
{
	hr_coord c;
	char err[256];
	int rc = hr_coord_parse(&c, text, err, sizeof err);
	hr_test_checks++;
	if (rc != 0) {
		hr_test_failures++;
		fprintf(stderr, "test_coord.c:%d: \"%s\" refused: %s\n", line, text, err);
	}
	return c;
}

#define PARSE_OK(text) parse_ok(text, __LINE__)

/* The point of text within tol degrees of lat, lon, read as form. */
#define CHECK_AT(text, form_, lat_, lon_, tol)                                                       \
	do {                                                                                         \
		hr_coord c_ = PARSE_OK(text);                                                        \
		HR_CHECK_INT_EQ(c_.form, form_);                                                     \
		if (fabs(c_.p.lat - (lat_)) > (tol) || fabs(c_.p.lon - (lon_)) > (tol)) {            \
			hr_test_failures++;                                                          \
			fprintf(stderr, "%s:%d: \"%s\" read as %.9f, %.9f; expected %.9f, %.9f\n", \
			        __FILE__, __LINE__, text, c_.p.lat, c_.p.lon, (double)(lat_),        \
			        (double)(lon_));                                                     \
		}                                                                                    \
	} while (0)

/* text is refused with exactly msg. */
#define CHECK_ERR(text, msg)                                                                         \
	do {                                                                                         \
		hr_coord c_;                                                                         \
		char e_[256] = "";                                                                   \
		HR_CHECK_INT_EQ(hr_coord_parse(&c_, text, e_, sizeof e_), HR_EINVAL);                \
		HR_CHECK_STR_EQ(e_, msg);                                                            \
	} while (0)

static void test_degrees(void)
{
	const double lat = 48.1234, lon = 37.5678, t = 1e-12;
	CHECK_AT("48.1234, 37.5678", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48.1234,37.5678", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48.1234 37.5678", HR_COORD_DD, lat, lon, t);
	CHECK_AT("  48.1234 ;  37.5678  ", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48.1234N 37.5678E", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48.1234N37.5678E", HR_COORD_DD, lat, lon, t);
	CHECK_AT("37.5678E 48.1234N", HR_COORD_DD, lat, lon, t);
	CHECK_AT("N48.1234 E37.5678", HR_COORD_DD, lat, lon, t);
	CHECK_AT("N 48.1234, E 37.5678", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48.1234° N, 37.5678° E", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48.1234°, 37.5678°", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48.1234° 37.5678°", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48.1234 пн. ш., 37.5678 сх. д.", HR_COORD_DD, lat, lon, t);
	CHECK_AT("Пн 48.1234 Сх 37.5678", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48.1234Пн 37.5678Сх", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48.1234S 37.5678W", HR_COORD_DD, -lat, -lon, t);
	CHECK_AT("-48.1234, -37.5678", HR_COORD_DD, -lat, -lon, t);
	CHECK_AT("48 37", HR_COORD_DD, 48, 37, t);
	CHECK_AT("48N 37E", HR_COORD_DD, 48, 37, t);
	CHECK_AT("90, 180", HR_COORD_DD, 90, 180, t);
	/* decimal commas, when a space or ';' separates the coordinates */
	CHECK_AT("48,1234 37,5678", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48,1234; 37,5678", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48,1234, 37,5678", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48,1234N 37,5678E", HR_COORD_DD, lat, lon, t);
	CHECK_AT("48,37", HR_COORD_DD, 48, 37, t);
	CHECK_AT(" 48,37 ", HR_COORD_DD, 48, 37, t);
	CHECK_AT("48.1234,37.5678", HR_COORD_DD, lat, lon, t);
}

static void test_dms(void)
{
	const double lat = 48 + 7 / 60.0 + 24.2 / 3600, lon = 37 + 34 / 60.0 + 4.1 / 3600, t = 1e-12;
	CHECK_AT("48°07'24.2\"N 37°34'04.1\"E", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48°07′24.2″N, 37°34′04.1″E", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48°07’24.2”N 37°34’04.1”E", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48°07'24.2''N 37°34'04.1''E", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48° 07' 24.2\" N, 37° 34' 04.1\" E", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("N48°07'24.2\" E37°34'04.1\"", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48 07 24.2 N 37 34 04.1 E", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48 07 24.2 N, 37 34 04.1 E", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("N48 07 24.2 E37 34 04.1", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48d07m24.2s 37d34m04.1s", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48d07m24.2sN 37d34m04.1sE", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48°07'24.2\" пн. ш., 37°34'04.1\" сх. д.", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48°07.5'N 37°34.25'E", HR_COORD_DMS, 48.125, 37 + 34.25 / 60, t);
	CHECK_AT("48°07'24,2\"N 37°34'04,1\"E", HR_COORD_DMS, lat, lon, t);
	CHECK_AT("48 07.5 N 37 34.25 E", HR_COORD_DMS, 48.125, 37 + 34.25 / 60, t);
	CHECK_AT("48°07'24.2\"S 37°34'04.1\"W", HR_COORD_DMS, -lat, -lon, t);
	CHECK_AT("-48°07'24.2\", -37°34'04.1\"", HR_COORD_DMS, -lat, -lon, t);
}

static void test_utm(void)
{
	hr_coord c;
	char buf[32];
	/* cs2cs EPSG:32637 EPSG:4326 and GeoConvert: 412345 5334567 */
	CHECK_AT("37U 412345 5334567", HR_COORD_UTM, 48.158303604, 37.821309658, 1e-8);
	CHECK_AT("37N 412345 5334567", HR_COORD_UTM, 48.158303604, 37.821309658, 1e-8);
	CHECK_AT("37u 412345.0 5334567.000", HR_COORD_UTM, 48.158303604, 37.821309658, 1e-8);
	CHECK_AT("37U 412345,0 5334567,000", HR_COORD_UTM, 48.158303604, 37.821309658, 1e-8);
	c = PARSE_OK("  37U   412345   5334567  ");
	HR_CHECK(c.side_m == 0);
	HR_CHECK_INT_EQ(hr_coord_to_utm(buf, sizeof buf, c.p), 0);
	HR_CHECK_STR_EQ(buf, "37U 412345 5334567");
	c = PARSE_OK("34T 500000 5000000");
	HR_CHECK_INT_EQ(hr_coord_to_utm(buf, sizeof buf, c.p), 0);
	HR_CHECK_STR_EQ(buf, "34T 500000 5000000");
	HR_CHECK(fabs(c.p.lon - 21) < 1e-9);
	c = PARSE_OK("38T 600000 5000000");
	HR_CHECK_INT_EQ(hr_coord_to_utm(buf, sizeof buf, c.p), 0);
	HR_CHECK_STR_EQ(buf, "38T 600000 5000000");
	HR_CHECK_INT_EQ(hr_coord_to_utm(buf, sizeof buf, (hr_point){30.5, 50.45}), 0);
	HR_CHECK_STR_EQ(buf, "36U 322521 5591652"); /* Kyiv; cs2cs: 322520.830 5591652.147 */
	HR_CHECK_INT_EQ(hr_coord_to_utm(buf, sizeof buf, (hr_point){15, 50}), HR_EINVAL);
	HR_CHECK_STR_EQ(buf, "");
	HR_CHECK_INT_EQ(hr_coord_to_utm(buf, sizeof buf, (hr_point){37, -1}), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_coord_to_utm(buf, 8, (hr_point){37, 48}), HR_EINVAL);
}

/* The corners of the square "37UDQ" + digits against the UTM corners. */
static void test_mgrs_squares(void)
{
	static const char *const refs[] = {"37UDQ", "37UDQ15", "37UDQ1256", "37UDQ123567",
	                                    "37UDQ12345678", "37UDQ1234556789"};
	static const double e0[] = {400000, 410000, 412000, 412300, 412340, 412345};
	static const double n0[] = {5400000, 5450000, 5456000, 5456700, 5456780, 5456789};
	char buf[32], want[32];
	for (int d = 0; d <= 5; d++) {
		hr_coord c = PARSE_OK(refs[d]);
		double side = pow(10, 5 - d);
		static const double cx[] = {0, 1, 1, 0, 0}, cy[] = {0, 0, 1, 1, 0};
		HR_CHECK_INT_EQ(c.form, HR_COORD_MGRS);
		HR_CHECK(c.side_m == side);
		for (int k = 0; k < 5; k++) {
			snprintf(want, sizeof want, "37U %.0f %.0f", e0[d] + cx[k] * side, n0[d] + cy[k] * side);
			HR_CHECK_INT_EQ(hr_coord_to_utm(buf, sizeof buf, c.ring[k]), 0);
			HR_CHECK_STR_EQ(buf, want);
		}
		snprintf(want, sizeof want, "37U %.0f %.0f", e0[d] + side / 2, n0[d] + side / 2);
		HR_CHECK_INT_EQ(hr_coord_to_utm(buf, sizeof buf, c.p), 0);
		if (d < 5) /* 1 m: the centre is half a metre in, rounding is a tie */
			HR_CHECK_STR_EQ(buf, want);
		HR_CHECK_INT_EQ(hr_coord_to_mgrs(buf, sizeof buf, c.p, d), 0);
		HR_CHECK_STR_EQ(buf, refs[d]);
	}
	/* spaces and case */
	{
		hr_coord a = PARSE_OK("37U DQ 12345 56789"), b = PARSE_OK("37udq1234556789"),
		         c = PARSE_OK(" 37U  DQ  1234556789 ");
		HR_CHECK(a.p.lat == b.p.lat && a.p.lon == b.p.lon && a.side_m == 1);
		HR_CHECK(a.p.lat == c.p.lat && a.p.lon == c.p.lon);
		a = PARSE_OK("37U DQ 123 456");
		HR_CHECK(a.side_m == 100);
		HR_CHECK_INT_EQ(hr_coord_to_mgrs(buf, sizeof buf, a.p, 3), 0);
		HR_CHECK_STR_EQ(buf, "37UDQ123456");
	}
	/* every zone of operation, and an even zone's shifted rows */
	{
		static const struct {
			double lon, lat;
			const char *mgrs;
		} k[] = {{22.5, 48.5, "34UFU"}, {30.5, 50.45, "36UUA"}, {37.5, 47.1, "37TCN"},
		         {44.5, 45.0, "38TMQ"}, {28.0, 46.0, "35TNL"}}; /* GeoConvert -m -p -5 */
		for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
			hr_coord c;
			HR_CHECK_INT_EQ(hr_coord_to_mgrs(buf, sizeof buf, (hr_point){k[i].lon, k[i].lat}, 0), 0);
			HR_CHECK_STR_EQ(buf, k[i].mgrs);
			c = PARSE_OK(k[i].mgrs);
			HR_CHECK(c.side_m == 100000);
			HR_CHECK_INT_EQ(hr_coord_to_mgrs(buf, sizeof buf, c.p, 0), 0);
			HR_CHECK_STR_EQ(buf, k[i].mgrs);
		}
	}
}

static void test_errors(void)
{
	CHECK_ERR("", "column 1: no coordinate");
	CHECK_ERR("   ", "column 4: no coordinate");
	CHECK_ERR("48°61'24.2\"N 37°34'04.1\"E", "column 4: minutes must be less than 60 (got 61)");
	CHECK_ERR("48°07'60\"N 37°34'04.1\"E", "column 7: seconds must be less than 60 (got 60)");
	CHECK_ERR("48 61 24.2 N 37 34 04.1 E", "column 4: minutes must be less than 60 (got 61)");
	CHECK_ERR("48.5°07'N 37°E", "column 6: minutes after a fraction");
	CHECK_ERR("48.1234, 37.5678 x", "column 18: unexpected text after the coordinate");
	CHECK_ERR("48.1234N 37.5678E 5", "column 19: unexpected text after the coordinate");
	CHECK_ERR("37U 412345 5334567 m", "column 20: unexpected text after the coordinate");
	CHECK_ERR("37UDQ1234556789!", "column 16: unexpected text after the coordinate");
	CHECK_ERR("48.1234", "column 8: expected a second coordinate");
	CHECK_ERR("48.1234, abc", "column 10: expected a number");
	CHECK_ERR("91, 37", "column 1: latitude 91 is outside -90..90");
	CHECK_ERR("45, -181", "column 5: longitude -181 is outside -180..180");
	CHECK_ERR("48.1N 37.5N", "column 7: both coordinates are latitudes (N/S)");
	CHECK_ERR("48.1E 37.5W", "column 7: both coordinates are longitudes (E/W)");
	CHECK_ERR("48.1N 37.5", "column 7: one coordinate has a hemisphere letter and the other has none");
	CHECK_ERR("48.5 E37.5", "column 1: one coordinate has a hemisphere letter and the other has none");
	CHECK_ERR("-48.1N 37.5E", "column 6: a sign and a hemisphere letter on one coordinate");
	CHECK_ERR("N-48.1 E37.5", "column 2: a sign and a hemisphere letter on one coordinate");
	/* UTM */
	CHECK_ERR("33U 412345 5334567", "column 1: UTM zone 33 is outside the zones of operation 34N-38N");
	CHECK_ERR("39T 412345 5334567", "column 1: UTM zone 39 is outside the zones of operation 34N-38N");
	CHECK_ERR("61U 412345 5334567", "column 1: 61 is not a UTM zone (1-60)");
	CHECK_ERR("37M 412345 5334567",
	          "column 3: band 'M' is south of the equator; the zones of operation are 34N-38N");
	CHECK_ERR("37Y 412345 5334567",
	          "column 3: 'Y' is not a latitude band (C-X without I and O) nor N for the northern hemisphere");
	CHECK_ERR("37T 412345 5334567",
	          "column 3: UTM band 'T' does not match the northing: the point is at 48.1583°N, in band U");
	CHECK_ERR("37S 412345 5334567",
	          "column 3: UTM band 'S' does not match the northing: the point is at 48.1583°N, in band U "
	          "(for the southern hemisphere: the zones of operation are 34N-38N)");
	CHECK_ERR("37U 41234 5334567", "column 5: UTM easting 41234 is outside 100000-900000");
	CHECK_ERR("37U 412345 95334567", "column 12: UTM northing 95334567 is outside 0-9400000 (north of the equator)");
	CHECK_ERR("37U 412345", "column 11: expected a space and the UTM northing");
	/* MGRS */
	CHECK_ERR("33UDQ1234556789", "column 1: UTM zone 33 is outside the zones of operation 34N-38N");
	CHECK_ERR("37UDQ123456789", "column 6: MGRS needs an even number of digits, easting then northing (got 9)");
	CHECK_ERR("37UDQ 1234 56789",
	          "column 12: MGRS easting and northing need the same number of digits (4 and 5)");
	CHECK_ERR("37UDQ123456123456", "column 6: MGRS has at most 10 digits (got 12)");
	CHECK_ERR("37UDQ 123456 123456", "column 7: MGRS has at most 5 digits of easting (got 6)");
	CHECK_ERR("37UJQ1234556789", "column 4: MGRS column letter 'J' is not used in zone 37 (its columns are ABCDEFGH)");
	CHECK_ERR("37UIQ12", "column 4: MGRS column letter 'I' is not used in zone 37 (its columns are ABCDEFGH)");
	CHECK_ERR("37UDZ1234556789", "column 5: 'Z' is not an MGRS row letter (A-V without I and O)");
	CHECK_ERR("37UDO12", "column 5: 'O' is not an MGRS row letter (A-V without I and O)");
	CHECK_ERR("37UAQ", "column 4: MGRS 100 km square 'AQ' does not exist in zone 37U: it would lie at 34.20°E, "
	                   "outside the zone's 36°E-42°E");
	CHECK_ERR("37TDQ12", "column 3: MGRS band 'T' does not match the square DQ: it lies at 48.97°N, in band U");
	CHECK_ERR("37IDQ12", "column 3: 'I' is not a latitude band (C-X without I and O)");
	CHECK_ERR("37CDQ12", "column 3: band 'C' is south of the equator; the zones of operation are 34N-38N");
	CHECK_ERR("34XDQ", "column 3: grid zone 34X does not exist (Svalbard's zones are 31X, 33X, 35X, 37X)");
}

/* hr_coord_parse from several threads: each keeps its PROJ objects. */
static void *parse_many(void *arg)
{
	long bad = 0;
	(void)arg;
	for (int i = 0; i < 200; i++) {
		hr_coord c;
		char text[64], err[128];
		snprintf(text, sizeof text, "%dN %d %d", 34 + i % 5, 300000 + 1000 * i, 5300000 + 500 * i);
		if (hr_coord_parse(&c, text, err, sizeof err) != 0 || !(c.p.lat > 47 && c.p.lat < 50))
			bad++;
	}
	return (void *)bad;
}

static void test_threads(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		HR_CHECK_INT_EQ(pthread_create(&t[i], NULL, parse_many, NULL), 0);
	for (int i = 0; i < 4; i++) {
		void *bad = NULL;
		HR_CHECK_INT_EQ(pthread_join(t[i], &bad), 0);
		HR_CHECK_INT_EQ((long)bad, 0);
	}
}

/* "lat lon MGRS" lines -> "zone band easting northing mgrs5 inside" */
static int oracle(void)
{
	char line[256], mg[64], buf[32], err[256];
	double lat, lon;
	while (fgets(line, sizeof line, stdin)) {
		hr_point p;
		hr_coord sq;
		int zone, zs;
		char band, bs;
		double e, n, ce, cn;
		if (sscanf(line, "%lf %lf %63s", &lat, &lon, mg) != 3)
			return fprintf(stderr, "bad line: %s", line), 2;
		p.lon = lon;
		p.lat = lat;
		if (hr_coord_utm(p, &zone, &band, &e, &n) || hr_coord_to_mgrs(buf, sizeof buf, p, 5))
			return fprintf(stderr, "no UTM for %s", line), 2;
		if (hr_coord_parse(&sq, mg, err, sizeof err))
			return fprintf(stderr, "%s: %s\n", mg, err), 2;
		/* inside the square: the point's UTM within half a side of the centre's */
		if (hr_coord_utm(sq.p, &zs, &bs, &ce, &cn))
			return 2;
		printf("%d%c %.4f %.4f %s %s\n", zone, band, e, n, buf,
		       zs == zone && fabs(e - ce) <= sq.side_m / 2 + 1e-6 && fabs(n - cn) <= sq.side_m / 2 + 1e-6
		               ? "inside"
		               : "OUTSIDE");
	}
	return 0;
}

/* One coordinate text a line -> "lon lat form side_m", or "refused: why". */
static int read_lines(void)
{
	char line[512], err[256];
	while (fgets(line, sizeof line, stdin)) {
		hr_coord c;
		line[strcspn(line, "\n")] = '\0';
		if (hr_coord_parse(&c, line, err, sizeof err) == 0)
			printf("%.12f %.12f %d %g\n", c.p.lon, c.p.lat, (int)c.form, c.side_m);
		else
			printf("refused: %s\n", err);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--oracle") == 0)
		return oracle();
	if (argc > 1 && strcmp(argv[1], "--read") == 0)
		return read_lines();
	test_degrees();
	test_dms();
	test_utm();
	test_mgrs_squares();
	test_errors();
	test_threads();
	return HR_TEST_DONE();
}
