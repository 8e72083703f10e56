/*
 * test_plot.c - the pictures of the risk model: golden SVG files (byte for
 * byte; HR_UPDATE_GOLDEN=1 rewrites the files of tests/data/plot), what every
 * decay curve must say (the status in the title, "hazardous until
 * released", the SD window and the SDA deadline, never "safe"), the
 * events and default range the timeline shares, PNG rendering (a valid
 * PNG of the document's size), determinism and allocation failures.
 */
#define _GNU_SOURCE /* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "formats/plot_int.h"
#include "test.h"

#define HOUR 3600
#define DAY 86400

static hr_time at_time(const char *s)
{
	hr_time t = HR_TIME_NONE;
	if (hr_time_parse(&t, s, strlen(s)) != 0)
		fprintf(stderr, "bad time in test: %s\n", s);
	return t;
}

/* The shipped catalogue's figures (src/core/register.c). */
static hr_risk_class np48 = {"np-sd-48h", 0, 48, 48, {6e-6, 0.10}, 2880, {6e-6, 0.001}};
static hr_risk_class np15d = {"np-sd-15d", 0, 360, 360, {6e-6, 0.10}, 2880, {6e-6, 0.001}};
static hr_risk_class persistent = {"persistent", 1, 0, 0, {1, 1}, 0, {1, 1}};

/* Ten np-sd-48h devices emplaced at one known moment. */
static hr_risk_entry decay_entries[1];
static hr_risk_inputs decay = {"DEMO-HA-101", "Field by the crossroads", "open", "CHA", 0, 0, 1,
                               decay_entries, 1, &np48, NULL};

/* np-sd-15d of unknown count over three days, and persistent devices. */
static hr_risk_entry mixed_entries[2];
static hr_risk_class mixed_classes[2];
static hr_risk_inputs mixed = {"DEMO-HA-102", "Orchard by the road", "worked_on", "SHA", 0, 0, 2,
                               mixed_entries, 2, mixed_classes, NULL};

static void fixtures(void)
{
	hr_time t = at_time("2025-03-01T06:00:00Z");
	decay_entries[0] = (hr_risk_entry){&np48, 10, t, t};
	decay.reported = at_time("2025-03-02");
	decay.hazard_from = t;

	mixed_classes[0] = np15d;
	mixed_classes[1] = persistent;
	mixed_entries[0] = (hr_risk_entry){&mixed_classes[0], HR_COUNT_UNKNOWN,
	                                   at_time("2025-03-01"), at_time("2025-03-04")};
	mixed_entries[1] = (hr_risk_entry){&mixed_classes[1], HR_COUNT_UNKNOWN, HR_TIME_NONE,
	                                   HR_TIME_NONE};
	mixed.reported = at_time("2025-03-05");
	mixed.hazard_from = at_time("2025-03-01");
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	*len = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* Compare with tests/data/plot/NAME, or rewrite it under HR_UPDATE_GOLDEN=1. */
static void golden(const char *name, const char *svg)
{
	const char *src = getenv("HR_SRC"), *update = getenv("HR_UPDATE_GOLDEN");
	char path[1024];
	size_t len = 0;
	char *want;

	snprintf(path, sizeof path, "%s/tests/data/plot/%s", src ? src : ".", name);
	if (update && strcmp(update, "1") == 0) {
		FILE *f = fopen(path, "wb");
		HR_CHECK(f != NULL);
		if (f) {
			fputs(svg, f);
			fclose(f);
			fprintf(stderr, "updated %s\n", path);
		}
		return;
	}
	want = read_file(path, &len);
	HR_CHECK(want != NULL);
	if (!want) {
		fprintf(stderr, "  no golden file %s (HR_UPDATE_GOLDEN=1 writes it)\n", path);
		return;
	}
	hr_test_checks++;
	if (len != strlen(svg) || memcmp(want, svg, len) != 0) {
		size_t i = 0;
		while (i < len && svg[i] && want[i] == svg[i])
			i++;
		hr_test_failures++;
		fprintf(stderr,
		        "%s differs from its golden file at byte %zu:\n  want: %.60s\n  got:  %.60s\n",
		        name, i, want + i, svg + i);
	}
	free(want);
}

/* What every decay curve must say. */
static void doctrine(const char *svg, const char *title_has, const char *line)
{
	const char *t0 = strstr(svg, "<title>"), *t1 = strstr(svg, "</title>");
	const char *bold = strstr(svg, "font-size=\"17\" font-weight=\"bold\"");

	HR_CHECK(t0 && t1 && t1 > t0);
	if (t0 && t1) {
		char title[512];
		snprintf(title, sizeof title, "%.*s", (int)(t1 - t0 - 7), t0 + 7);
		HR_CHECK(strstr(title, title_has) != NULL);
	}
	/* the visible title, the first bold line, holds the status too */
	HR_CHECK(bold != NULL);
	if (bold) {
		const char *end = strstr(bold, "</text>");
		HR_CHECK(end && memmem(bold, (size_t)(end - bold), title_has, strlen(title_has)));
	}
	HR_CHECK(strstr(svg, line) != NULL);
	HR_CHECK(strcasestr(svg, "safe") == NULL);
	HR_CHECK(strstr(svg, "font-family=\"DejaVu Sans, sans-serif\"") != NULL);
	/* self-contained: no scripts, styles, links or images */
	HR_CHECK(strstr(svg, "<script") == NULL);
	HR_CHECK(strstr(svg, "<style") == NULL);
	HR_CHECK(strstr(svg, "href") == NULL);
	HR_CHECK(strstr(svg, "<image") == NULL);
}

static const char EN_LINE[] = "Hazardous until released by survey or clearance. The model informs "
                              "priorities; it never releases land.";
static const char UK_LINE[] =
	"Небезпечно, доки ділянку не звільнено обстеженням або очищенням. Модель допомагає "
	"визначати пріоритети; вона ніколи не звільняє землю.";

static void test_events(void)
{
	hr_plot_event *ev = NULL;
	size_t n = 99;
	hr_time e = decay_entries[0].earliest, from = 0, to = 0;

	HR_CHECK_INT_EQ(hr_plot_events(&ev, &n, &decay), 0);
	HR_CHECK_INT_EQ(n, 4);
	if (n == 4) {
		HR_CHECK_INT_EQ(ev[0].kind, HR_PLOT_EMPLACED);
		HR_CHECK_INT_EQ(ev[0].t, e);
		HR_CHECK_INT_EQ(ev[1].kind, HR_PLOT_SD_OPENS);
		HR_CHECK_INT_EQ(ev[1].t, e + 48 * HOUR);
		HR_CHECK_INT_EQ(ev[2].kind, HR_PLOT_SD_CLOSES);
		HR_CHECK_INT_EQ(ev[2].t, e + 48 * HOUR);
		HR_CHECK_INT_EQ(ev[3].kind, HR_PLOT_SDA);
		HR_CHECK_INT_EQ(ev[3].t, e + 120 * DAY);
		for (size_t i = 0; i < n; i++) {
			HR_CHECK_INT_EQ(ev[i].bounds, HR_PLOT_OPT | HR_PLOT_CONS);
			HR_CHECK_STR_EQ(ev[i].class_id, "np-sd-48h");
		}
	}
	hr_free(ev);
	HR_CHECK_INT_EQ(hr_plot_range(&decay, &from, &to), 0);
	HR_CHECK_INT_EQ(from, e);
	HR_CHECK_INT_EQ(to, e + (120 + 180) * DAY);

	/* uncertain emplacement: optimistic from the earliest, conservative from the latest;
	 * the persistent entry has no time of its own */
	ev = NULL;
	HR_CHECK_INT_EQ(hr_plot_events(&ev, &n, &mixed), 0);
	HR_CHECK_INT_EQ(n, 9);
	if (n == 9) {
		hr_time e0 = at_time("2025-03-01"), e1 = at_time("2025-03-04");
		HR_CHECK_INT_EQ(ev[0].t, e0);
		HR_CHECK_INT_EQ(ev[0].bounds, HR_PLOT_OPT);
		HR_CHECK_INT_EQ(ev[1].t, e1);
		HR_CHECK_INT_EQ(ev[1].bounds, HR_PLOT_CONS);
		/* the persistent entry, of unknown time, counts from the first report */
		HR_CHECK_INT_EQ(ev[2].t, mixed.reported);
		HR_CHECK_INT_EQ(ev[2].kind, HR_PLOT_REPORTED);
		HR_CHECK_STR_EQ(ev[2].class_id, "persistent");
		HR_CHECK_INT_EQ(ev[3].t, e0 + 15 * DAY);
		HR_CHECK_INT_EQ(ev[3].kind, HR_PLOT_SD_OPENS);
		HR_CHECK_INT_EQ(ev[8].t, e1 + 120 * DAY);
		HR_CHECK_INT_EQ(ev[8].kind, HR_PLOT_SDA);
		HR_CHECK_INT_EQ(ev[8].bounds, HR_PLOT_CONS);
	}
	hr_free(ev);
	HR_CHECK_INT_EQ(hr_plot_range(&mixed, &from, &to), 0);
	HR_CHECK_INT_EQ(from, at_time("2025-03-01"));
	HR_CHECK_INT_EQ(to, at_time("2025-03-04") + (120 + 180) * DAY);

	/* persistent only: a year */
	{
		hr_risk_inputs p = mixed;
		p.entries = &mixed_entries[1];
		p.n = 1;
		HR_CHECK_INT_EQ(hr_plot_range(&p, &from, &to), 0);
		HR_CHECK_INT_EQ(to - from, 365 * DAY);
		p.hazard_from = p.reported = HR_TIME_NONE;
		HR_CHECK_INT_EQ(hr_plot_range(&p, &from, &to), HR_EINVAL);
	}
}

static void test_labels(void)
{
	char b[48];
	HR_CHECK_STR_EQ(hr_plot__decade(b, sizeof b, 2, 0), "100");
	HR_CHECK_STR_EQ(hr_plot__decade(b, sizeof b, 0, 0), "1");
	HR_CHECK_STR_EQ(hr_plot__decade(b, sizeof b, -4, 0), "0.0001");
	HR_CHECK_STR_EQ(hr_plot__decade(b, sizeof b, -7, 0), "10\xe2\x81\xbb\xe2\x81\xb7");
	HR_CHECK_STR_EQ(hr_plot__decade(b, sizeof b, 0, 1), "100%");
	HR_CHECK_STR_EQ(hr_plot__decade(b, sizeof b, -3, 1), "0.1%");
	HR_CHECK_STR_EQ(hr_plot__num(b, sizeof b, 12.3, 0), "12");
	HR_CHECK_STR_EQ(hr_plot__num(b, sizeof b, 1.0, 0), "1");
	HR_CHECK_STR_EQ(hr_plot__num(b, sizeof b, 0.7176, 0), "0.72");
	HR_CHECK_STR_EQ(hr_plot__num(b, sizeof b, 6e-5, 0), "0.00006");
	HR_CHECK_STR_EQ(hr_plot__num(b, sizeof b, 0, 0), "0");
	HR_CHECK_STR_EQ(hr_plot__num(b, sizeof b, 0.1, 1), "10%");
	HR_CHECK_STR_EQ(hr_plot__num(b, sizeof b, 6e-6, 1), "0.0006%");
}

/* Width and height from a PNG's IHDR; 0 when not a PNG. */
static int png_size(const char *path, unsigned *w, unsigned *h)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char b[24];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(b, 1, sizeof b, f) : 0;

	if (f)
		fclose(f);
	if (n != sizeof b || memcmp(b, sig, 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0)
		return 0;
	*w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
	*h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
	return 1;
}

static void test_png(const char *svg, unsigned want_w, unsigned want_h, const char *name)
{
	const char *tmp = getenv("HR_TEST_TMP");
	char path[1024], err[256];
	unsigned w = 0, h = 0;

	if (!tmp)
		tmp = "/tmp";
	mkdir(tmp, 0777);
	snprintf(path, sizeof path, "%s/%s", tmp, name);
	HR_CHECK_INT_EQ(hr_svg_to_png(svg, strlen(svg), path, err, sizeof err), 0);
	HR_CHECK(png_size(path, &w, &h));
	HR_CHECK_INT_EQ(w, want_w);
	HR_CHECK_INT_EQ(h, want_h);
	/* a picture that does not parse, and a file that cannot be written */
	HR_CHECK_INT_EQ(hr_svg_to_png("<svg", 4, path, err, sizeof err), HR_EINVAL);
	HR_CHECK(err[0] != '\0');
	HR_CHECK_INT_EQ(hr_svg_to_png(svg, strlen(svg), "/nonexistent-dir/x.png", err, sizeof err),
	                HR_EIO);
}

static void test_decay(void)
{
	hr_time from, to, at = at_time("2025-05-01");
	char *svg = NULL, *again = NULL;

	hr_plot_range(&decay, &from, &to);
	HR_CHECK_INT_EQ(hr_plot_risk_svg(&svg, &decay, from, to, at, "en"), 0);
	HR_CHECK_INT_EQ(hr_plot_risk_svg(&again, &decay, from, to, at, NULL), 0);
	if (!svg || !again)
		goto done;
	HR_CHECK_STR_EQ(svg, again); /* same input, same bytes */
	golden("decay_48h.svg", svg);
	doctrine(svg, "status: open", EN_LINE);
	HR_CHECK(strstr(svg, "DEMO-HA-101 (Field by the crossroads) \xe2\x80\x94 status: open "
	                     "\xe2\x80\x94 CHA") != NULL);
	/* the SD window shaded and labelled, the SDA deadline dashed and labelled */
	HR_CHECK(strstr(svg, "fill=\"#f2b701\" fill-opacity=\"0.35\"") != NULL);
	HR_CHECK(strstr(svg, ">SD window 2025-03-03</text>") != NULL);
	HR_CHECK(strstr(svg, "stroke-dasharray=\"7,4\"") != NULL);
	HR_CHECK(strstr(svg, ">SDA deadline 2025-06-29</text>") != NULL);
	HR_CHECK(strstr(svg, ">at 2025-05-01</text>") != NULL);
	HR_CHECK(strstr(svg, "Expected live devices (log scale)") != NULL);
	HR_CHECK(strstr(svg, "Conservative bound (CCW Amended Protocol II)") != NULL);
	HR_CHECK(strstr(svg, "Optimistic bound (maker\xe2\x80\x99s claim)") != NULL);
	HR_CHECK(strstr(svg, ">2025-05-01</text>") != NULL); /* an ISO date tick */
	test_png(svg, 1000, 624, "decay_48h.png");
	hr_free(svg);
	svg = NULL;

	HR_CHECK_INT_EQ(hr_plot_risk_svg(&svg, &decay, from, to, at, "uk"), 0);
	if (svg) {
		golden("decay_48h_uk.svg", svg);
		doctrine(svg, "статус: open (відкрита)", UK_LINE);
	}
done:
	hr_free(svg);
	hr_free(again);
}

static void test_mixed(void)
{
	hr_time from, to, at = at_time("2025-04-01");
	char *svg = NULL;

	hr_plot_range(&mixed, &from, &to);
	HR_CHECK_INT_EQ(hr_plot_risk_svg(&svg, &mixed, from, to, at, "en"), 0);
	if (!svg)
		return;
	golden("unknown_persistent.svg", svg);
	doctrine(svg, "status: worked_on", EN_LINE);
	/* unknown counts: the probability, and the axis says so */
	HR_CHECK(strstr(svg, "P(at least one device live), log scale") != NULL);
	HR_CHECK(strstr(svg, "number of devices unknown") != NULL);
	HR_CHECK(strstr(svg, "Expected live devices") == NULL);
	HR_CHECK(strstr(svg, ">SD window 2025-03-16</text>") != NULL);
	HR_CHECK(strstr(svg, ">SDA deadline 2025-07-02</text>") != NULL);
	HR_CHECK(strstr(svg, ">100%</text>") != NULL);
	hr_free(svg);
}

static void test_reliability(void)
{
	hr_reliability_row rows[3] = {
		{.class_id = "np-sd-15d", .mean = 0.5, .lo = 0.025, .hi = 0.975,
		 .sd_fail = {6e-6, 0.10}, .estimable = 1},
		{.class_id = "np-sd-48h", .n = 1, .k = 1, .skipped = 2, .mean = 2.0 / 3,
		 .lo = 0.158113883, .hi = 0.987420883, .sd_fail = {6e-6, 0.10}, .estimable = 1,
		 .sd_worse = 1, .worse_than_conservative = 1},
		{.class_id = "np-sd-4h", .n = 400, .mean = 1.0 / 402, .lo = 6.3e-5, .hi = 0.00917,
		 .sd_fail = {6e-6, 0.10}, .estimable = 1},
	};
	hr_reliability r = {3, rows};
	char *svg = NULL;

	HR_CHECK_INT_EQ(hr_plot_reliability_svg(&svg, &r), 0);
	if (!svg)
		return;
	golden("reliability.svg", svg);
	HR_CHECK(strstr(svg, "font-weight=\"bold\" fill=\"#b2182b\">Field evidence is worse than "
	                     "the conservative bound for: np-sd-48h</text>") != NULL);
	HR_CHECK(strstr(svg, ">n = 1, k = 1 live</text>") != NULL);
	HR_CHECK(strstr(svg, ">n = 400, k = 0 live</text>") != NULL);
	HR_CHECK(strstr(svg, ">cons. 10%</text>") != NULL);
	HR_CHECK(strstr(svg, ">opt. 0.0006%</text>") != NULL);
	HR_CHECK(strcasestr(svg, "safe") == NULL);
	test_png(svg, 900, 600, "reliability.png");
	hr_free(svg);

	/* nothing worse: no headline in bold red */
	rows[1].worse_than_conservative = rows[1].sd_worse = 0;
	HR_CHECK_INT_EQ(hr_plot_reliability_svg(&svg, &r), 0);
	if (svg)
		HR_CHECK(strstr(svg, "Field evidence is worse") == NULL);
	hr_free(svg);
	/* evidence after the SDA deadline gets its own column, judged against
	 * P(live after SDA) */
	rows[2].n_sda = 10;
	rows[2].k_sda = 1;
	rows[2].mean_sda = 2.0 / 12;
	rows[2].lo_sda = 0.0228;
	rows[2].hi_sda = 0.413;
	rows[2].sda_live[0] = 6e-6;
	rows[2].sda_live[1] = 0.001;
	rows[2].sda_worse = rows[2].worse_than_conservative = 1;
	HR_CHECK_INT_EQ(hr_plot_reliability_svg(&svg, &r), 0);
	if (svg) {
		HR_CHECK(strstr(svg, ">np-sd-4h after SDA</text>") != NULL);
		HR_CHECK(strstr(svg, ">cons. 0.1%</text>") != NULL);
		HR_CHECK(strstr(svg, "for: np-sd-4h after SDA</text>") != NULL);
	}
	hr_free(svg);
	r.n = 0;
	HR_CHECK_INT_EQ(hr_plot_reliability_svg(&svg, &r), 0);
	hr_free(svg);
}

static void test_errors(void)
{
	char *svg = (char *)"untouched";
	hr_time t = at_time("2025-03-01");

	HR_CHECK_INT_EQ(hr_plot_risk_svg(&svg, &decay, t, t, t, "en"), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_plot_risk_svg(&svg, &decay, t, t - 1, t, "en"), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_plot_risk_svg(&svg, &decay, t, t + DAY, t, "fr"), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_plot_risk_svg(&svg, NULL, t, t + DAY, t, "en"), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_plot_risk_svg(NULL, &decay, t, t + DAY, t, "en"), HR_EINVAL);
	HR_CHECK_INT_EQ(hr_plot_reliability_svg(NULL, NULL), HR_EINVAL);

	/* a name full of markup is escaped, not interpreted */
	{
		hr_risk_inputs odd = decay;
		odd.name = "<b>\"x\" & 'y'</b>\x01";
		svg = NULL;
		HR_CHECK_INT_EQ(hr_plot_risk_svg(&svg, &odd, t, t + DAY, t, "en"), 0);
		HR_CHECK(svg && strstr(svg, "(&lt;b&gt;&quot;x&quot; &amp; &apos;y&apos;&lt;/b&gt;?)"));
		hr_free(svg);
	}
	/* no contamination recorded: the model's "persistent" */
	{
		hr_risk_inputs none = decay;
		none.n = 0;
		none.entries = NULL;
		svg = NULL;
		HR_CHECK_INT_EQ(hr_plot_risk_svg(&svg, &none, t, t + 365 * DAY, t, "en"), 0);
		HR_CHECK(svg && strstr(svg, "No contamination recorded"));
		hr_free(svg);
	}
}

/* Every allocation may fail: an error, never a crash or a leak. */
static void test_alloc_fail(void)
{
	hr_time from, to, at = at_time("2025-05-01");
	hr_reliability_row row = {.class_id = "np-sd-48h", .n = 1, .k = 1, .mean = 0.6, .lo = 0.2,
	                          .hi = 0.9, .sd_fail = {6e-6, 0.1}, .estimable = 1, .sd_worse = 1,
	                          .worse_than_conservative = 1};
	hr_reliability r = {1, &row};
	int failed = 0;

	hr_plot_range(&mixed, &from, &to);
	for (long k = 1; k < 200; k++) {
		char *svg = NULL;
		int rc;
		hr__alloc_fail_after(k);
		rc = hr_plot_risk_svg(&svg, &mixed, from, to, at, "en");
		hr__alloc_fail_after(0);
		HR_CHECK(rc == 0 || rc == HR_ENOMEM);
		HR_CHECK((rc == 0) == (svg != NULL));
		failed += rc == HR_ENOMEM;
		hr_free(svg);
		svg = NULL;
		hr__alloc_fail_after(k);
		rc = hr_plot_reliability_svg(&svg, &r);
		hr__alloc_fail_after(0);
		HR_CHECK(rc == 0 || rc == HR_ENOMEM);
		hr_free(svg);
	}
	HR_CHECK(failed > 0);
}

int main(void)
{
	fixtures();
	test_labels();
	test_events();
	test_decay();
	test_mixed();
	test_reliability();
	test_errors();
	test_alloc_fail();
	return HR_TEST_DONE();
}
