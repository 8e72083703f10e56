/*
 * cmd_query.c - "hazreg query point" and "hazreg query bbox": is this
 * place hazardous at time T? The answer comes from hr_query_point /
 * hr_query_bbox; this file only words it. When nothing is listed it says
 * that nothing is recorded, never that the ground is without hazard, and
 * tells people what to do about a suspicious item.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char NOT_A_STATEMENT[] =
	"No record here does not mean no danger: unrecorded hazards may exist. "
	"If you see a suspicious item: do not touch it, mark the place, report it "
	"(in Ukraine call 101).\n";

/* The civilian message's language: --lang, else Ukrainian when the
 * locale asks for it, else English. */
static const char *query_lang;

static const char *default_lang(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "uk", 2) == 0 ? "uk" : "en";
	}
	return "en";
}

/* Positionals (at least nmin of npos; *got receives how many), --at and
 * --lang of a query command. */
static int parse_query(cli_ctx *ctx, int argc, char **argv, const char **pos, size_t nmin,
                       size_t npos, size_t *got, hr_time *at)
{
	cli_args a;
	const char *arg, *v;
	size_t n = 0;
	int is_opt, r;

	*at = HR_TIME_NONE;
	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt) {
			if (n >= npos)
				return cli_usage_err(ctx, "unexpected argument '%s'", arg);
			pos[n++] = arg;
			continue;
		}
		if (cli_opt_is(&a, arg, "--lang")) {
			if (!(v = cli_opt_value(ctx, &a, "--lang")))
				return CLI_USAGE;
			if (strcmp(v, "uk") != 0 && strcmp(v, "en") != 0)
				return cli_usage_err(ctx, "--lang: '%s' is not uk or en", v);
			query_lang = v;
			continue;
		}
		if (cli_opt_is(&a, arg, "--at")) {
			if (!(v = cli_opt_value(ctx, &a, "--at")))
				return CLI_USAGE;
			if (cli_parse_time(ctx, "--at", v, at) != 0)
				return CLI_USAGE;
			continue;
		}
		if ((r = cli_other_opt(ctx, &a, arg)) != 0)
			return r;
	}
	if (n < nmin)
		return cli_usage_err(ctx, "%zu coordinate%s missing", nmin - n,
		                     nmin - n == 1 ? "" : "s");
	*got = n;
	/* asked then, the question was about then */
	if (*at == HR_TIME_NONE)
		*at = cli_asof_default_at(ctx);
	return 0;
}

static const char *classification_words(const char *c)
{
	if (!c)
		return "unknown";
	if (strcmp(c, "CHA") == 0)
		return "CHA \xe2\x80\x94 confirmed hazardous area";
	if (strcmp(c, "SHA") == 0)
		return "SHA \xe2\x80\x94 suspected hazardous area";
	return c;
}

static const char *status_words(const char *s)
{
	if (!s)
		return "unknown";
	if (strcmp(s, "worked_on") == 0)
		return "worked on (survey or clearance under way)";
	if (strcmp(s, "closed") == 0)
		return "closed";
	return s;
}

/* What was asked about: a point, a box, or an MGRS square (a point
 * query whose answer is a box's: every area that meets the square). */
enum { AT_POINT = 0, IN_BOX = 1, IN_SQUARE = 2 };

/* The line that says hazardous or released, at a point or in a box. */
static void print_state(FILE *out, const hr_area_hit *h, int box)
{
	char t[HR_TIME_BUFSZ];
	const char *where = box == IN_SQUARE ? "in this square" : box ? "in this box" : "here";

	if (h->hazardous) {
		if (h->hazard_from == HR_TIME_NONE)
			fprintf(out, "  HAZARDOUS %s (since an unknown date)\n", where);
		else
			fprintf(out, "  HAZARDOUS %s since %s\n", where, hr_time_format(t, h->hazard_from));
		if (h->released_parts > 0)
			fprintf(out, "  released parts:      %d of this area by then, %s\n",
			        h->released_parts,
			        box ? (box == IN_SQUARE ? "not covering all of it in this square"
			                                : "not covering all of it in this box")
			            : "none covering this place");
		return;
	}
	if (h->release_part)
		fprintf(out, "  released %s: part %s %s on %s\n", where, h->release_part,
		        h->release ? h->release : "released", cli_time(t, h->released_at));
	else
		fprintf(out, "  released %s: all of the area in it, the last part on %s\n", where,
		        cli_time(t, h->released_at));
}

static void print_hit(FILE *out, const hr_area_hit *h, int box)
{
	char t[HR_TIME_BUFSZ];

	fprintf(out, "\n%s%s%s\n", h->area_id, h->name ? ": " : "", h->name ? h->name : "");
	fprintf(out, "  classification:      %s\n", classification_words(h->classification));
	fprintf(out, "  status:              %s\n", status_words(h->status));
	print_state(out, h, box);
	fprintf(out, "  devices:             %s\n",
	        h->devices && *h->devices ? h->devices : "none recorded");
	fprintf(out, "  organisation:        %s\n", h->org ? h->org : "unknown");
	fprintf(out, "  date of information: %s\n", cli_time(t, h->doi));
	if (h->hazardous)
		cli_print_model(out, &h->risk);
}

/* For a place: the civilian message, in one language. */
static void print_message(FILE *out, const hr_hits *hits)
{
	char *m = NULL;
	if (hr_civilian_message(&m, hits, query_lang ? query_lang : default_lang()) == 0) {
		fprintf(out, "\n%s\n", m);
		hr_free(m);
	}
}

static void print_hits(FILE *out, const hr_hits *hits, const hr_point *p, const hr_bbox *b,
                       int square)
{
	char t[HR_TIME_BUFSZ];
	int any_hazardous = 0;
	int kind = square ? IN_SQUARE : b ? IN_BOX : AT_POINT;

	hr_time_format(t, hits->at);
	if (hits->n == 0) {
		fprintf(out, "No recorded hazardous area %s at %s.\n",
		        square ? "in this square" : b ? "in this box" : "here", t);
		if (b)
			fputs(NOT_A_STATEMENT, out);
		else
			print_message(out, hits);
		return;
	}
	fprintf(out, "%zu hazardous area%s ", hits->n, hits->n == 1 ? "" : "s");
	if (b)
		fprintf(out, "in the box %.7f %.7f %.7f %.7f", b->west, b->south, b->east, b->north);
	else if (square)
		fprintf(out, "in the square around %.7f %.7f", p->lon, p->lat);
	else
		fprintf(out, "at %.7f %.7f", p->lon, p->lat);
	fprintf(out, " on %s\n", t);
	for (size_t i = 0; i < hits->n; i++) {
		print_hit(out, &hits->hits[i], kind);
		any_hazardous |= hits->hits[i].hazardous;
	}
	if (!b)
		print_message(out, hits);
	else if (!any_hazardous) {
		fputc('\n', out);
		fputs(NOT_A_STATEMENT, out);
	}
}

/* How the one-argument coordinate was read, before the answer. */
static const char *const FORM_NAME[] = {"", "decimal degrees", "degrees, minutes, seconds", "UTM",
                                        "MGRS"};
static const char *const FORM_KEY[] = {"", "dd", "dms", "utm", "mgrs"};
static const char *const CORNER[] = {"SW", "SE", "NE", "NW"};

static int is_square(const hr_coord *c)
{
	return c && c->form == HR_COORD_MGRS && c->side_m > 1;
}

static void print_coord(FILE *out, const hr_coord *c, const char *text)
{
	if (is_square(c)) {
		fprintf(out, "MGRS %s is a square of %.0f m; every hazardous area that meets it, its\n"
		             "edges included, is listed. Corners (lon lat, WGS84):\n", text, c->side_m);
		for (int k = 0; k < 4; k++)
			fprintf(out, "  %s %.7f %.7f\n", CORNER[k], c->ring[k].lon, c->ring[k].lat);
		fputc('\n', out);
		return;
	}
	fprintf(out, "%s %s read as %.7f %.7f (lon lat, WGS84)%s.\n\n", FORM_NAME[c->form], text,
	        c->p.lon, c->p.lat, c->form == HR_COORD_MGRS ? ", the centre of its 1 m square" : "");
}

/* The answer's JSON; after a coordinate given as text, "coordinate" says
 * how it was read (and for an MGRS square, its size and corners). */
static int print_json(cli_ctx *ctx, FILE *out, const hr_hits *hits, const char *type,
                      const hr_point *p, const hr_bbox *b, const hr_coord *c, const char *text)
{
	char *s = NULL, *end;
	int err = hr_hits_to_json(&s, hits, type, p, b);

	if (err != 0) {
		cli_err("%s: cannot write the answer as JSON: %s", ctx->cmd, hr_strerror(err));
		return CLI_FAIL;
	}
	if (c && (end = strrchr(s, '}')) != NULL) {
		fwrite(s, 1, (size_t)(end - s), out);
		fputs(",\"coordinate\":{\"text\":", out);
		cli_json_str(out, text);
		fprintf(out, ",\"form\":\"%s\",\"point\":[%.9f,%.9f]", FORM_KEY[c->form], c->p.lon,
		        c->p.lat);
		if (c->form == HR_COORD_MGRS) {
			fprintf(out, ",\"side_m\":%.0f,\"square\":[", c->side_m);
			for (int k = 0; k < 5; k++)
				fprintf(out, "%s[%.9f,%.9f]", k ? "," : "", c->ring[k].lon, c->ring[k].lat);
			fputc(']', out);
		}
		fputs("}}\n", out);
	} else {
		fputs(s, out);
		if (!*s || s[strlen(s) - 1] != '\n')
			fputc('\n', out);
	}
	hr_free(s);
	return CLI_OK;
}

/* Run a query on an open register and print the answer, then (with
 * --known-at or --log-size) the state it is from. c and text: the one
 * coordinate a point query was given as text (NULL: two numbers). */
static int answer(cli_ctx *ctx, const hr_point *p, const hr_bbox *b, const hr_coord *c,
                  const char *text, hr_time at)
{
	hr_register *reg = NULL;
	hr_hits *hits = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = NULL;
	int rc, err, square = is_square(c);

	rc = cli_open(ctx, &reg, 0, 1);
	if (rc != CLI_OK)
		goto done;
	if (b)
		err = hr_query_bbox(reg, b, at, &hits);
	else if (square)
		err = hr_query_polygon(reg, c->ring, 5, at, &hits);
	else
		err = hr_query_point(reg, *p, at, &hits);
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "the query failed");
		goto done;
	}
	if (!(mem = open_memstream(&buf, &len))) {
		rc = cli_fail(ctx, "out of memory");
		goto done;
	}
	if (ctx->json) {
		rc = print_json(ctx, mem, hits, b ? "bbox" : square ? "square" : "point", p, b, c, text);
	} else {
		if (c)
			print_coord(mem, c, text);
		print_hits(mem, hits, p, b, square);
	}
	fclose(mem);
	if (rc == CLI_OK)
		rc = cli_asof_flush(ctx, stdout, buf, len);
	else
		free(buf);
done:
	hr_hits_free(hits);
	hr_register_close(reg);
	return rc;
}

/* LON LAT, or one coordinate in any form hr_coord_parse() reads. */
int cli_cmd_query_point(cli_ctx *ctx, int argc, char **argv)
{
	const char *pos[2];
	hr_point p;
	hr_coord c;
	hr_time at;
	size_t n;
	char err[256];
	int rc = parse_query(ctx, argc, argv, pos, 1, 2, &n, &at);

	if (rc != 0)
		return CLI_STATUS(rc);
	if (n == 1) {
		char *end = NULL;
		if (hr_coord_parse(&c, pos[0], err, sizeof err) == 0)
			return answer(ctx, &c.p, NULL, &c, pos[0], at);
		if (*pos[0] && (strtod(pos[0], &end), end && !*end)) /* LON without LAT */
			return cli_usage_err(ctx, "1 coordinate missing");
		return cli_usage_err(ctx, "'%s': %s", pos[0], err);
	}
	if (cli_parse_double(ctx, "LON", pos[0], -180, 180, &p.lon) != 0 ||
	    cli_parse_double(ctx, "LAT", pos[1], -90, 90, &p.lat) != 0)
		return CLI_USAGE;
	return answer(ctx, &p, NULL, NULL, NULL, at);
}

int cli_cmd_query_bbox(cli_ctx *ctx, int argc, char **argv)
{
	const char *pos[4];
	hr_bbox b;
	hr_time at;
	size_t n;
	int rc = parse_query(ctx, argc, argv, pos, 4, 4, &n, &at);

	if (rc != 0)
		return CLI_STATUS(rc);
	if (cli_parse_double(ctx, "W", pos[0], -180, 180, &b.west) != 0 ||
	    cli_parse_double(ctx, "S", pos[1], -90, 90, &b.south) != 0 ||
	    cli_parse_double(ctx, "E", pos[2], -180, 180, &b.east) != 0 ||
	    cli_parse_double(ctx, "N", pos[3], -90, 90, &b.north) != 0)
		return CLI_USAGE;
	if (b.west > b.east)
		return cli_usage_err(ctx, "W %s is east of E %s (boxes across the antimeridian: "
		                          "query each side)", pos[0], pos[2]);
	if (b.south > b.north)
		return cli_usage_err(ctx, "S %s is north of N %s", pos[1], pos[3]);
	return answer(ctx, NULL, &b, NULL, NULL, at);
}
