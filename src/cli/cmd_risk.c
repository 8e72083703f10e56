/*
 * cmd_risk.c - the residual-risk model on the command line:
 * "hazreg risk timeline ID" prints an area's decay curve as a table,
 * "hazreg plot ID -o FILE" draws it (SVG or PNG), and "hazreg reliability"
 * compares field evidence on self-destruct with the catalogue's bounds.
 *
 * The model informs priorities; it never changes an area's status and
 * never releases land. Every output here therefore starts from the area's
 * status and says "hazardous until released by survey or clearance", and
 * when field evidence is worse than the conservative bound, that is said
 * first, before any table.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DAY 86400

static const char HAZARDOUS_UNTIL[] =
	"Hazardous until released by survey or clearance. The model informs priorities; "
	"it never releases land.";

/* ---- shared ------------------------------------------------------------- */

/* A number as printed: a negative zero is zero. */
static double num(double v)
{
	return v == 0 ? 0.0 : v;
}

/* A JSON number that reads back as the same double; null when not finite. */
static void json_num(FILE *out, double v)
{
	char buf[HR_REAL_BUFSZ];
	fputs(hr_json_real(buf, v), out);
}

static void json_time(FILE *out, hr_time t)
{
	char b[HR_TIME_BUFSZ];
	if (t == HR_TIME_NONE)
		fputs("null", out);
	else
		cli_json_str(out, hr_time_format(b, t));
}

/* Open the area's model inputs; messages printed. */
static int load_area(cli_ctx *ctx, hr_register *reg, const char *id, hr_risk_inputs **in)
{
	char where[CLI_WHERE_BUFSZ];
	int err = hr_area_risk_inputs(reg, id, in);
	if (err == HR_ENOTFOUND) {
		cli_err("%s: %s: no hazardous area with this id in %s", ctx->cmd, id,
		        cli_asof_where(ctx, where, sizeof where));
		return CLI_NOTFOUND;
	}
	if (err != 0)
		return cli_lib_err(ctx, reg, err, "cannot read the hazardous area");
	return CLI_OK;
}

/* A timeline's problem in the words of the command line. */
static int timeline_problem(cli_ctx *ctx, const hr_risk_inputs *in, hr_timeline_problem why)
{
	switch (why) {
	case HR_TIMELINE_NO_TIME:
		return cli_usage_err(ctx, "area %s has no known time: give --from and --to",
		                     in->area_id);
	case HR_TIMELINE_BACKWARDS:
		return cli_usage_err(ctx, "--to must be after --from");
	case HR_TIMELINE_TOO_MANY:
		return cli_usage_err(ctx, "--step gives more than %d rows: take a longer step or a "
		                          "shorter range",
		                     HR_TIMELINE_MAX_ROWS);
	default:
		return cli_fail(ctx, "cannot make the timeline");
	}
}

/* The range asked for, defaults from the model's events filled in. */
static int area_range(cli_ctx *ctx, const hr_risk_inputs *in, hr_time *from, hr_time *to)
{
	hr_timeline_problem why;

	if (hr_timeline_range(in, from, to, &why) == 0)
		return CLI_OK;
	return timeline_problem(ctx, in, why);
}

const char *cli_image_kind(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot && strcasecmp(dot, ".svg") == 0)
		return "svg";
	if (dot && strcasecmp(dot, ".png") == 0)
		return "png";
	return NULL;
}

/* A new file beside path, readable as the umask allows; *tmp names it. */
static int temp_beside(const char *path, char **tmp)
{
	size_t n = strlen(path) + sizeof ".XXXXXX";
	mode_t mask;
	int fd;

	*tmp = malloc(n);
	if (!*tmp)
		return -1;
	snprintf(*tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(*tmp);
	if (fd < 0) {
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	/* mkstemp makes the file private; a picture is made to be shared */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	return fd;
}

int cli_write_image(const char *path, const char *svg)
{
	const char *kind = cli_image_kind(path);
	char *tmp = NULL, err[256];
	size_t len = strlen(svg);
	int fd, rc = CLI_OK;
	FILE *f = NULL;

	fd = temp_beside(path, &tmp);
	if (fd < 0) {
		cli_err("%s: cannot write: %s", path, strerror(errno));
		return CLI_FAIL;
	}
	if (strcmp(kind, "svg") == 0) {
		f = fdopen(fd, "w");
		if (!f || fwrite(svg, 1, len, f) != len || fflush(f) != 0) {
			cli_err("%s: write failed: %s", path, strerror(errno));
			rc = CLI_FAIL;
		}
		if (f ? fclose(f) != 0 : close(fd) != 0) {
			if (rc == CLI_OK)
				cli_err("%s: write failed: %s", path, strerror(errno));
			rc = CLI_FAIL;
		}
	} else {
		close(fd);
		if (hr_svg_to_png(svg, len, tmp, err, sizeof err) != 0) {
			cli_err("%s: cannot render the PNG: %s", path, err);
			rc = CLI_FAIL;
		}
	}
	if (rc == CLI_OK && rename(tmp, path) != 0) {
		cli_err("%s: cannot rename %s to it: %s", path, tmp, strerror(errno));
		rc = CLI_FAIL;
	}
	if (rc != CLI_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}

static int image_option(cli_ctx *ctx, cli_args *a, const char *arg, const char **path)
{
	if (!(*path = cli_opt_value(ctx, a, arg[1] == 'o' ? "-o" : "--output")))
		return CLI_USAGE;
	if (!cli_image_kind(*path))
		return cli_usage_err(ctx, "%s '%s': the file name must end in .svg or .png",
		                     arg[1] == 'o' ? "-o" : "--output", *path);
	return 0;
}

static const char *classification_words(const char *c)
{
	if (c && strcmp(c, "CHA") == 0)
		return "CHA, confirmed hazardous area";
	if (c && strcmp(c, "SHA") == 0)
		return "SHA, suspected hazardous area";
	return c ? c : "classification unknown";
}

/* The header every output about an area starts with. */
static void area_header(FILE *out, const hr_risk_inputs *in)
{
	fprintf(out, "%s%s%s%s: status %s, %s.\n%s\n", in->area_id, in->name ? " (" : "",
	        in->name ? in->name : "", in->name ? ")" : "", in->status ? in->status : "unknown",
	        classification_words(in->classification), HAZARDOUS_UNTIL);
}

/* ---- risk timeline ------------------------------------------------------- */

typedef struct {
	const char *id;
	hr_time from, to;
	hr_time step;      /* 0: chosen from the range */
} timeline_opts;

static int time_option(cli_ctx *ctx, cli_args *a, const char *name, hr_time *t)
{
	const char *v = cli_opt_value(ctx, a, name);
	if (!v || cli_parse_time(ctx, name, v, t) != 0)
		return CLI_USAGE;
	return 0;
}

static int parse_timeline(cli_ctx *ctx, int argc, char **argv, timeline_opts *o)
{
	cli_args a;
	const char *arg, *v;
	int is_opt, r;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt) {
			if (o->id)
				return cli_usage_err(ctx, "unexpected argument '%s'", arg);
			o->id = arg;
			continue;
		}
		if (cli_opt_is(&a, arg, "--from")) {
			if (time_option(ctx, &a, "--from", &o->from))
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--to")) {
			if (time_option(ctx, &a, "--to", &o->to))
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--step")) {
			if (!(v = cli_opt_value(ctx, &a, "--step")))
				return CLI_USAGE;
			if (hr_duration_parse(&o->step, v) != 0)
				return cli_usage_err(ctx, "--step '%s' is not a duration: give a whole "
				                          "number and a unit, such as 6h, 1d or 2w "
				                          "(s, m, h, d, w)",
				                     v);
			continue;
		}
		if ((r = cli_other_opt(ctx, &a, arg)) != 0)
			return r;
	}
	if (!o->id)
		return cli_usage_err(ctx, "the id of a hazardous area is missing");
	return 0;
}

/* "day", "12 hours", "2 weeks": the step in words. */
static const char *step_words(char *buf, size_t len, hr_time s)
{
	static const struct {
		hr_time seconds;
		const char *unit;
	} units[] = {{7 * DAY, "week"}, {DAY, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
	size_t i = 0;
	long long n;

	while (i < sizeof units / sizeof units[0] - 1 &&
	       (s % units[i].seconds != 0 || (i == 0 && s >= 30 * DAY)))
		i++;
	n = (long long)(s / units[i].seconds);
	if (n == 1)
		snprintf(buf, len, "%s", units[i].unit);
	else
		snprintf(buf, len, "%lld %ss", n, units[i].unit);
	return buf;
}

static const char *kind_words(hr_plot_event_kind k)
{
	switch (k) {
	case HR_PLOT_EMPLACED: return "emplaced";
	case HR_PLOT_SD_OPENS: return "SD window opens";
	case HR_PLOT_SD_CLOSES: return "SD window closes";
	case HR_PLOT_SDA: return "SDA deadline";
	case HR_PLOT_REPORTED: return "first report (latest emplacement unknown)";
	}
	return "?";
}

/* Which bound an event is for, in words ("" when both). */
static const char *bound_words(const hr_plot_event *e)
{
	if (e->bounds == (HR_PLOT_OPT | HR_PLOT_CONS))
		return "";
	if (e->kind == HR_PLOT_REPORTED)
		return "";
	if (e->kind == HR_PLOT_EMPLACED)
		return e->bounds & HR_PLOT_OPT ? " (earliest)" : " (latest)";
	return e->bounds & HR_PLOT_OPT ? " (optimistic)" : " (conservative)";
}

static int same_class(const hr_plot_event *a, const hr_plot_event *b)
{
	if (!a->class_id || !b->class_id)
		return a->class_id == b->class_id;
	return strcmp(a->class_id, b->class_id) == 0;
}

/* The events of a row as text: "np-sd-48h: SD window opens and closes; ..." */
static void events_text(FILE *out, const hr_plot_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const hr_plot_event *e = &ev[i];
		const char *cls = e->class_id ? e->class_id : "unknown class";
		fprintf(out, "%s%s: ", i ? "; " : "", cls);
		/* a window of one moment opens and closes at once */
		if (e->kind == HR_PLOT_SD_OPENS && i + 1 < n && ev[i + 1].kind == HR_PLOT_SD_CLOSES &&
		    ev[i + 1].bounds == e->bounds && same_class(&ev[i + 1], e)) {
			fprintf(out, "SD window opens and closes%s", bound_words(e));
			i++;
			continue;
		}
		fprintf(out, "%s%s", kind_words(e->kind), bound_words(e));
	}
}

static void timeline_head_text(FILE *out, const hr_risk_inputs *in, const hr_timeline *o)
{
	char t1[HR_TIME_BUFSZ], t2[HR_TIME_BUFSZ], sw[48];

	area_header(out, in);
	fprintf(out, "Decay curve from %s to %s, every %s, and at each event.\n",
	        hr_time_format(t1, o->from), hr_time_format(t2, o->to),
	        step_words(sw, sizeof sw, o->step));
	fputs("Bounds: optimistic = maker's claim; conservative = CCW Amended Protocol II.\n", out);
	if (o->count_unknown)
		fputs("Some counts are unknown: no expected number is given, and P(any live) counts "
		      "such an entry as one device (at least one, number unknown).\n",
		      out);
	if (in->n == 0)
		fputs("No contamination recorded: the model treats the area as persistent.\n", out);
	fprintf(out, "\n%-20s  %-10s  %-24s  %s\n", "", "", "expected live devices", "P(any live)");
	fprintf(out, "%-20s  %-10s  %-10s  %-12s  %-10s  %-12s  %s\n", "time", "phase", "optimistic",
	        "conservative", "optimistic", "conservative", "event");
}

static void row_text(FILE *out, const hr_timeline_row *r)
{
	const hr_risk *m = &r->model;
	char t[HR_TIME_BUFSZ], e0[24], e1[24], p0[24], p1[24];

	if (m->count_unknown) {
		snprintf(e0, sizeof e0, "unknown");
		snprintf(e1, sizeof e1, "unknown");
	} else {
		snprintf(e0, sizeof e0, "%.3g", num(m->expected[HR_OPTIMISTIC]));
		snprintf(e1, sizeof e1, "%.3g", num(m->expected[HR_CONSERVATIVE]));
	}
	snprintf(p0, sizeof p0, "%.3g", num(m->p_any[HR_OPTIMISTIC]));
	snprintf(p1, sizeof p1, "%.3g", num(m->p_any[HR_CONSERVATIVE]));
	/* the last column is padded only when an event follows it */
	fprintf(out, "%-20s  %-10s  %-10s  %-12s  %-10s  %-*s", hr_time_format(t, r->t),
	        hr_phase_name(m->phase), e0, e1, p0, r->nevents ? 12 : 0, p1);
	if (r->nevents) {
		fputs("  ", out);
		events_text(out, r->events, r->nevents);
	}
	fputc('\n', out);
}

static int print_timeline(cli_ctx *ctx, FILE *out, const hr_risk_inputs *in,
                          const hr_timeline *tl)
{
	char *json = NULL;

	if (ctx->json) {
		if (hr_timeline_to_json(&json, in, tl) != 0)
			return cli_fail(ctx, "out of memory");
		fputs(json, out);
		fputc('\n', out);
		hr_free(json);
		return CLI_OK;
	}
	timeline_head_text(out, in, tl);
	for (size_t i = 0; i < tl->nrows; i++)
		row_text(out, &tl->rows[i]);
	return CLI_OK;
}

int cli_cmd_risk_timeline(cli_ctx *ctx, int argc, char **argv)
{
	timeline_opts o = {NULL, HR_TIME_NONE, HR_TIME_NONE, 0};
	hr_register *reg = NULL;
	hr_risk_inputs *in = NULL;
	hr_timeline *tl = NULL;
	hr_timeline_problem why;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = NULL;
	int rc = parse_timeline(ctx, argc, argv, &o), err;

	if (rc != 0)
		return CLI_STATUS(rc);
	if ((rc = cli_open(ctx, &reg, 0, 1)) != CLI_OK)
		goto done;
	if ((rc = load_area(ctx, reg, o.id, &in)) != CLI_OK)
		goto done;
	err = hr_risk_timeline(&tl, in, o.from, o.to, o.step, &why);
	if (err == HR_EINVAL) {
		rc = timeline_problem(ctx, in, why);
		goto done;
	}
	if (err != 0 || !(mem = open_memstream(&buf, &len))) {
		cli_err("%s: out of memory", ctx->cmd);
		rc = CLI_FAIL;
		goto done;
	}
	rc = print_timeline(ctx, mem, in, tl);
	fclose(mem);
	mem = NULL;
	if (rc == CLI_OK)
		rc = cli_asof_flush(ctx, stdout, buf, len);
	else
		free(buf);
	buf = NULL;
done:
	free(buf);
	hr_timeline_free(tl);
	hr_risk_inputs_free(in);
	hr_register_close(reg);
	return rc;
}

/* ---- plot ----------------------------------------------------------------- */

typedef struct {
	const char *id, *output, *lang;
	hr_time from, to, at;
} plot_opts;

static int parse_plot(cli_ctx *ctx, int argc, char **argv, plot_opts *o)
{
	cli_args a;
	const char *arg;
	int is_opt, r;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt) {
			if (o->id)
				return cli_usage_err(ctx, "unexpected argument '%s'", arg);
			o->id = arg;
			continue;
		}
		if (strcmp(arg, "-o") == 0 || cli_opt_is(&a, arg, "--output")) {
			if (image_option(ctx, &a, arg, &o->output))
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--from")) {
			if (time_option(ctx, &a, "--from", &o->from))
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--to")) {
			if (time_option(ctx, &a, "--to", &o->to))
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--at")) {
			if (time_option(ctx, &a, "--at", &o->at))
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--lang")) {
			if (!(o->lang = cli_opt_value(ctx, &a, "--lang")))
				return CLI_USAGE;
			if (strcmp(o->lang, "en") != 0 && strcmp(o->lang, "uk") != 0)
				return cli_usage_err(ctx, "--lang '%s' is not a language of the "
				                          "plot: uk or en",
				                     o->lang);
			continue;
		}
		if ((r = cli_other_opt(ctx, &a, arg)) != 0)
			return r;
	}
	if (!o->id)
		return cli_usage_err(ctx, "the id of a hazardous area is missing");
	if (!o->output)
		return cli_usage_err(ctx, "-o FILE.svg or -o FILE.png is missing");
	return 0;
}

int cli_cmd_plot(cli_ctx *ctx, int argc, char **argv)
{
	plot_opts o = {NULL, NULL, "en", HR_TIME_NONE, HR_TIME_NONE, HR_TIME_NONE};
	hr_register *reg = NULL;
	hr_risk_inputs *in = NULL;
	char *svg = NULL, t1[HR_TIME_BUFSZ], t2[HR_TIME_BUFSZ];
	int err, rc = parse_plot(ctx, argc, argv, &o);

	if (rc != 0)
		return CLI_STATUS(rc);
	if (o.at == HR_TIME_NONE)
		o.at = cli_asof_default_at(ctx);
	if ((rc = cli_open(ctx, &reg, 0, 1)) != CLI_OK)
		goto done;
	if ((rc = load_area(ctx, reg, o.id, &in)) != CLI_OK)
		goto done;
	{
		/* the moment read out must be on the chart: widen a default range to it */
		int from_given = o.from != HR_TIME_NONE, to_given = o.to != HR_TIME_NONE;
		if ((rc = area_range(ctx, in, &o.from, &o.to)) != CLI_OK)
			goto done;
		if (!from_given && o.at < o.from)
			o.from = o.at;
		if (!to_given && o.at > o.to)
			o.to = o.at + (o.to - o.from) / 20;
	}
	err = hr_plot_risk_svg(&svg, in, o.from, o.to, o.at, o.lang);
	if (err != 0) {
		cli_err("%s: cannot draw the plot: %s", ctx->cmd, hr_strerror(err));
		rc = CLI_FAIL;
		goto done;
	}
	if ((rc = cli_write_image(o.output, svg)) != CLI_OK)
		goto done;
	if (ctx->json) {
		fputs("{\"file\":", stdout);
		cli_json_str(stdout, o.output);
		fputs(",\"area_id\":", stdout);
		cli_json_str(stdout, in->area_id);
		fputs(",\"status\":", stdout);
		cli_json_str(stdout, in->status);
		fputs(",\"from\":", stdout);
		json_time(stdout, o.from);
		fputs(",\"to\":", stdout);
		json_time(stdout, o.to);
		fputs(",\"at\":", stdout);
		json_time(stdout, o.at);
		fputs(",\"note\":", stdout);
		cli_json_str(stdout, HAZARDOUS_UNTIL);
		cli_asof_json(ctx, stdout);
		fputs("}\n", stdout);
	} else {
		printf("%s: decay curve of %s (status %s) from %s to %s\n%s\n", o.output, in->area_id,
		       in->status ? in->status : "unknown", hr_time_format(t1, o.from),
		       hr_time_format(t2, o.to), HAZARDOUS_UNTIL);
		cli_asof_text(ctx, stdout);
	}
done:
	hr_free(svg);
	hr_risk_inputs_free(in);
	hr_register_close(reg);
	return rc;
}

/* ---- reliability ---------------------------------------------------------- */

static void reliability_text(FILE *out, const hr_reliability *r)
{
	size_t worse = 0;

	for (size_t i = 0; i < r->n; i++) {
		const hr_reliability_row *w = &r->rows[i];
		if (!w->worse_than_conservative)
			continue;
		worse++;
		if (w->sd_worse)
			fprintf(out,
			        "Field evidence is worse than the conservative bound for %s: %llu of %llu "
			        "found live after the SD window (95%% interval %.3g to %.3g; conservative "
			        "bound %.3g).\n",
			        w->class_id, (unsigned long long)w->k, (unsigned long long)w->n, w->lo,
			        w->hi, w->sd_fail[HR_CONSERVATIVE]);
		if (w->sda_worse)
			fprintf(out,
			        "Field evidence is worse than the conservative bound for %s: %llu of %llu "
			        "found live after the SDA deadline (95%% interval %.3g to %.3g; "
			        "conservative bound %.3g).\n",
			        w->class_id, (unsigned long long)w->k_sda, (unsigned long long)w->n_sda,
			        w->lo_sda, w->hi_sda, w->sda_live[HR_CONSERVATIVE]);
	}
	if (worse)
		fputc('\n', out);
	fputs("Field evidence on self-destruct, by class: n devices found past their SD window and "
	      "before the SDA\n"
	      "deadline, k of them live; a second line (after SDA) counts those found after the SDA "
	      "deadline.\n"
	      "Posterior Beta(1 + k, 1 + n - k): mean and 95% credible interval. Items whose area "
	      "lacks emplacement\n"
	      "times are skipped. Bounds: optimistic = maker's claim; conservative = CCW Amended "
	      "Protocol II.\n",
	      out);
	fprintf(out, "%s\n\n", HAZARDOUS_UNTIL);
	fprintf(out, "%-14s  %6s  %6s  %7s  %-8s  %-20s  %-10s  %-12s  %s\n", "class", "n", "k",
	        "skipped", "mean", "95% interval", "optimistic", "conservative", "verdict");
	for (size_t i = 0; i < r->n; i++) {
		const hr_reliability_row *w = &r->rows[i];
		char mean[16], iv[40], opt[16], cons[16];
		snprintf(mean, sizeof mean, "%.3g", w->mean);
		snprintf(iv, sizeof iv, "%.3g to %.3g", w->lo, w->hi);
		if (w->persistent) {
			snprintf(opt, sizeof opt, "-");
			snprintf(cons, sizeof cons, "-");
		} else {
			snprintf(opt, sizeof opt, "%.3g", w->sd_fail[HR_OPTIMISTIC]);
			snprintf(cons, sizeof cons, "%.3g", w->sd_fail[HR_CONSERVATIVE]);
		}
		fprintf(out, "%-14s  %6llu  %6llu  %7llu  %-8s  %-20s  %-10s  %-12s  %s\n", w->class_id,
		        (unsigned long long)w->n, (unsigned long long)w->k,
		        (unsigned long long)w->skipped, mean, iv, opt, cons,
		        w->persistent || !w->estimable || w->sd_worse || (w->n == 0 && w->n_sda == 0)
		                ? hr_reliability_verdict(w)
		        : w->n == 0 ? "no evidence in this window"
		                    : "consistent with the conservative bound");
		if (w->n_sda == 0)
			continue;
		snprintf(mean, sizeof mean, "%.3g", w->mean_sda);
		snprintf(iv, sizeof iv, "%.3g to %.3g", w->lo_sda, w->hi_sda);
		snprintf(opt, sizeof opt, "%.3g", w->sda_live[HR_OPTIMISTIC]);
		snprintf(cons, sizeof cons, "%.3g", w->sda_live[HR_CONSERVATIVE]);
		fprintf(out, "%-14s  %6llu  %6llu  %7s  %-8s  %-20s  %-10s  %-12s  %s\n", "  after SDA",
		        (unsigned long long)w->n_sda, (unsigned long long)w->k_sda, "", mean, iv, opt,
		        cons, w->sda_worse ? "WORSE than the conservative bound" : "");
	}
	if (r->n == 0)
		fputs("(no device class to show)\n", out);
}

/* A string's JSON escapes without the quotes, to splice into a sentence. */
static void json_inner(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
}

static void reliability_json(FILE *out, const hr_reliability *r)
{
	size_t k = 0;

	fputs("{\"headline\":[", out);
	for (size_t i = 0; i < r->n; i++) {
		if (!r->rows[i].worse_than_conservative)
			continue;
		fputs(k++ ? "," : "", out);
		fputs("\"Field evidence is worse than the conservative bound for ", out);
		json_inner(out, r->rows[i].class_id);
		fputc('"', out);
	}
	fputs("],\"note\":", out);
	cli_json_str(out, HAZARDOUS_UNTIL);
	fputs(",\"classes\":[", out);
	for (size_t i = 0; i < r->n; i++) {
		const hr_reliability_row *w = &r->rows[i];
		fprintf(out, "%s{\"class\":", i ? "," : "");
		cli_json_str(out, w->class_id);
		fprintf(out, ",\"persistent\":%s,\"n\":%llu,\"k\":%llu,\"skipped\":%llu,\"mean\":",
		        w->persistent ? "true" : "false", (unsigned long long)w->n,
		        (unsigned long long)w->k, (unsigned long long)w->skipped);
		json_num(out, w->mean);
		fputs(",\"interval_95\":[", out);
		json_num(out, w->lo);
		fputc(',', out);
		json_num(out, w->hi);
		fputs("],\"bounds\":", out);
		if (w->persistent) {
			fputs("null", out);
		} else {
			fputs("{\"optimistic\":", out);
			json_num(out, w->sd_fail[HR_OPTIMISTIC]);
			fputs(",\"conservative\":", out);
			json_num(out, w->sd_fail[HR_CONSERVATIVE]);
			fputc('}', out);
		}
		fprintf(out, ",\"after_sda\":{\"n\":%llu,\"k\":%llu,\"mean\":",
		        (unsigned long long)w->n_sda, (unsigned long long)w->k_sda);
		json_num(out, w->mean_sda);
		fputs(",\"interval_95\":[", out);
		json_num(out, w->lo_sda);
		fputc(',', out);
		json_num(out, w->hi_sda);
		fputs("],\"bounds\":{\"optimistic\":", out);
		json_num(out, w->sda_live[HR_OPTIMISTIC]);
		fputs(",\"conservative\":", out);
		json_num(out, w->sda_live[HR_CONSERVATIVE]);
		fprintf(out, "},\"worse_than_conservative\":%s}", w->sda_worse ? "true" : "false");
		fprintf(out,
		        ",\"estimable\":%s,\"worse_than_conservative\":%s,\"better_than_optimistic\":%s,"
		        "\"verdict\":",
		        w->estimable ? "true" : "false",
		        w->worse_than_conservative ? "true" : "false",
		        w->better_than_optimistic ? "true" : "false");
		cli_json_str(out, hr_reliability_verdict(w));
		fputc('}', out);
	}
	fputs("]}\n", out);
}

static int parse_reliability(cli_ctx *ctx, int argc, char **argv, const char **cls,
                             const char **output)
{
	cli_args a;
	const char *arg;
	int is_opt, r;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		if (cli_opt_is(&a, arg, "--class")) {
			if (!(*cls = cli_opt_value(ctx, &a, "--class")))
				return CLI_USAGE;
			continue;
		}
		if (strcmp(arg, "-o") == 0 || cli_opt_is(&a, arg, "--output")) {
			if (image_option(ctx, &a, arg, output))
				return CLI_USAGE;
			continue;
		}
		if ((r = cli_other_opt(ctx, &a, arg)) != 0)
			return r;
	}
	return 0;
}

int cli_cmd_reliability(cli_ctx *ctx, int argc, char **argv)
{
	const char *cls = NULL, *output = NULL;
	hr_register *reg = NULL;
	hr_reliability *r = NULL;
	char *svg = NULL, *buf = NULL, where[CLI_WHERE_BUFSZ];
	size_t len = 0;
	FILE *mem = NULL;
	int err, rc = parse_reliability(ctx, argc, argv, &cls, &output);

	if (rc != 0)
		return CLI_STATUS(rc);
	if ((rc = cli_open(ctx, &reg, 0, 1)) != CLI_OK)
		goto done;
	err = hr_register_reliability(reg, cls, &r);
	if (err == HR_ENOTFOUND || (err == 0 && cls && r->n == 0)) {
		cli_err("%s: %s: no device class with this id in the catalogue of %s", ctx->cmd, cls,
		        cli_asof_where(ctx, where, sizeof where));
		rc = CLI_NOTFOUND;
		goto done;
	}
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "cannot estimate reliability");
		goto done;
	}
	if (output) {
		if ((err = hr_plot_reliability_svg(&svg, r)) != 0) {
			cli_err("%s: cannot draw the chart: %s", ctx->cmd, hr_strerror(err));
			rc = CLI_FAIL;
			goto done;
		}
		if ((rc = cli_write_image(output, svg)) != CLI_OK)
			goto done;
	}
	if (!(mem = open_memstream(&buf, &len))) {
		cli_err("%s: out of memory", ctx->cmd);
		rc = CLI_FAIL;
		goto done;
	}
	if (ctx->json)
		reliability_json(mem, r);
	else
		reliability_text(mem, r);
	if (output && !ctx->json)
		fprintf(mem, "\nchart: %s\n", output);
	fclose(mem);
	mem = NULL;
	rc = cli_asof_flush(ctx, stdout, buf, len);
	buf = NULL;
done:
	if (mem)
		fclose(mem);
	free(buf);
	hr_free(svg);
	hr_reliability_free(r);
	hr_register_close(reg);
	return rc;
}
