/*
 * cmd_summary.c - "hazreg summary --by adm1|adm2": the register counted by
 * oblast or raion (hr_summary_by_adm) as an aligned table, CSV with an HXL
 * hashtag row for humanitarian data portals, JSON, or a bar chart of open
 * land (SVG, or PNG through librsvg like "hazreg plot"). Read only; every
 * figure is public.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_TEXT, F_CSV, F_SVG, F_PNG };

typedef struct {
	int level;           /* 1 or 2; 0 until --by */
	hr_time at;          /* HR_TIME_NONE: the default moment */
	int format;          /* F_*; -1 until --format or --output decide */
	const char *output;  /* NULL: standard output */
} summary_opts;

static int parse_summary(cli_ctx *ctx, int argc, char **argv, summary_opts *o)
{
	static const char *const formats[] = {"text", "csv", "svg", "png"};
	cli_args a;
	const char *arg, *v;
	int is_opt, r;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		if (cli_opt_is(&a, arg, "--by")) {
			if (!(v = cli_opt_value(ctx, &a, "--by")))
				return CLI_USAGE;
			if (strcmp(v, "adm1") != 0 && strcmp(v, "adm2") != 0)
				return cli_usage_err(ctx, "--by '%s': adm1 (oblasts) or adm2 (raions)", v);
			o->level = v[3] - '0';
			continue;
		}
		if (cli_opt_is(&a, arg, "--at")) {
			if (!(v = cli_opt_value(ctx, &a, "--at")) ||
			    cli_parse_time(ctx, "--at", v, &o->at) != 0)
				return CLI_USAGE;
			continue;
		}
		if (cli_opt_is(&a, arg, "--format")) {
			if (!(v = cli_opt_value(ctx, &a, "--format")))
				return CLI_USAGE;
			o->format = -1;
			for (int i = 0; i < 4; i++)
				if (strcmp(v, formats[i]) == 0)
					o->format = i;
			if (o->format < 0)
				return cli_usage_err(ctx, "--format '%s': text, csv, svg or png", v);
			continue;
		}
		if (strcmp(arg, "-o") == 0 || cli_opt_is(&a, arg, "--output")) {
			if (!(o->output = cli_opt_value(ctx, &a, arg[1] == 'o' ? "-o" : "--output")))
				return CLI_USAGE;
			continue;
		}
		if ((r = cli_other_opt(ctx, &a, arg)) != 0)
			return r;
	}
	if (!o->level)
		return cli_usage_err(ctx, "--by adm1 or --by adm2 is missing");
	if (o->format < 0) {
		const char *k = o->output ? cli_image_kind(o->output) : NULL;
		o->format = !k ? F_TEXT : strcmp(k, "svg") == 0 ? F_SVG : F_PNG;
	}
	if (o->format == F_PNG && !o->output)
		return cli_usage_err(ctx, "--format png needs --output FILE.png");
	if ((o->format == F_SVG || o->format == F_PNG) && o->output &&
	    cli_image_kind(o->output) != (o->format == F_SVG ? cli_image_kind("x.svg")
	                                                     : cli_image_kind("x.png")))
		return cli_usage_err(ctx, "--output '%s': the file name must end in .%s", o->output,
		                     o->format == F_SVG ? "svg" : "png");
	if (ctx->json && o->format == F_CSV)
		return cli_usage_err(ctx, "--json and --format csv: choose one");
	return 0;
}

/* ---- the table ------------------------------------------------------------ */

static const char *adm_words(int level)
{
	return level == 1 ? "oblast (adm1)" : "raion (adm2)";
}

/* Columns of the text table (the CSV's, hr_summary_csv), in order. */
#define NCOLS 15

static void row_cells(char cells[NCOLS][160], const hr_summary_row *r, const char *label)
{
	const char *km = "%.3f";
	snprintf(cells[0], 160, "%s", r->pcode ? r->pcode : "");
	snprintf(cells[1], 160, "%s", label ? label : r->name ? r->name : "");
	snprintf(cells[2], 160, "%s", r->name_uk ? r->name_uk : "");
	snprintf(cells[3], 160, "%s", r->parent_pcode ? r->parent_pcode : "");
	snprintf(cells[4], 160, "%llu", (unsigned long long)r->sha);
	snprintf(cells[5], 160, km, r->sha_km2);
	snprintf(cells[6], 160, "%llu", (unsigned long long)r->cha);
	snprintf(cells[7], 160, km, r->cha_km2);
	for (int m = 0; m < 3; m++)
		snprintf(cells[8 + m], 160, km, r->released_km2[m]);
	snprintf(cells[11], 160, "%lld", (long long)r->items);
	snprintf(cells[12], 160, "%llu", (unsigned long long)r->accidents);
	snprintf(cells[13], 160, "%lld", (long long)r->killed);
	snprintf(cells[14], 160, "%lld", (long long)r->injured);
}

static size_t u8len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if ((*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void summary_text(FILE *out, const hr_summary *s)
{
	/* the text table leaves out the Ukrainian name and the parent */
	static const char *const head[NCOLS] = {
		"pcode", "name", "", "", "SHA", "SHA km2", "CHA", "CHA km2", "NTS km2",
		"TS km2", "clearance km2", "items", "accidents", "killed", "injured"};
	static const int shown[] = {0, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
	size_t nrows = s->n + 2, w[NCOLS] = {0};
	char(*cells)[NCOLS][160] = calloc(nrows + 1, sizeof *cells);
	char t[HR_TIME_BUFSZ];
	if (!cells) {
		fputs("out of memory\n", out);
		return;
	}
	for (int c = 0; c < NCOLS; c++)
		snprintf(cells[0][c], 160, "%s", head[c]);
	for (size_t i = 0; i < s->n; i++)
		row_cells(cells[i + 1], &s->rows[i], NULL);
	row_cells(cells[s->n + 1], &s->outside, "outside every boundary");
	row_cells(cells[s->n + 2], &s->total, "total");
	for (size_t i = 0; i <= nrows; i++)
		for (int c = 0; c < NCOLS; c++)
			if (u8len(cells[i][c]) > w[c])
				w[c] = u8len(cells[i][c]);
	fprintf(out, "Open hazardous land, land released and events by %s at %s\n\n",
	        adm_words(s->level), hr_time_format(t, s->at));
	for (size_t i = 0; i <= nrows; i++) {
		if (i == nrows) { /* a rule above the totals */
			size_t all = 0;
			for (size_t k = 0; k < sizeof shown / sizeof *shown; k++)
				all += w[shown[k]] + (k ? 2 : 0);
			while (all--)
				fputc('-', out);
			fputc('\n', out);
		}
		for (size_t k = 0; k < sizeof shown / sizeof *shown; k++) {
			int c = shown[k];
			size_t pad = w[c] - u8len(cells[i][c]);
			if (k)
				fputs("  ", out);
			if (c <= 1) { /* text: left-aligned */
				fputs(cells[i][c], out);
				if (k + 1 < sizeof shown / sizeof *shown)
					fprintf(out, "%*s", (int)pad, "");
			} else {
				fprintf(out, "%*s%s", (int)pad, "", cells[i][c]);
			}
		}
		fputc('\n', out);
	}
	fprintf(out,
	        "\nSHA and CHA: open hazardous areas with land in the row, and that land in km2 "
	        "(released parts taken out).\n"
	        "An area that straddles a boundary is split between the rows it lies in and "
	        "counted in each (%llu here); the total counts it once.\n"
	        "Released: land released by then, by method. Items and accidents: found or "
	        "happened by then.\n"
	        "Land is hazardous until released by survey or clearance.\n",
	        (unsigned long long)s->split);
	free(cells);
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_row(FILE *out, const hr_summary_row *r)
{
	const char *names[4] = {"pcode", "name", "name_uk", "parent_pcode"};
	const char *vals[4] = {r->pcode, r->name, r->name_uk, r->parent_pcode};
	fputc('{', out);
	for (int i = 0; i < 4; i++) {
		fprintf(out, "%s\"%s\":", i ? "," : "", names[i]);
		if (vals[i])
			cli_json_str(out, vals[i]);
		else
			fputs("null", out);
	}
	fprintf(out,
	        ",\"sha_open\":%llu,\"sha_open_km2\":%.6f,\"cha_open\":%llu,\"cha_open_km2\":%.6f,"
	        "\"released_km2\":{\"nts\":%.6f,\"ts\":%.6f,\"clearance\":%.6f},\"items_found\":%lld,"
	        "\"accidents\":%llu,\"killed\":%lld,\"injured\":%lld}",
	        (unsigned long long)r->sha, r->sha_km2, (unsigned long long)r->cha, r->cha_km2,
	        r->released_km2[0], r->released_km2[1], r->released_km2[2], (long long)r->items,
	        (unsigned long long)r->accidents, (long long)r->killed, (long long)r->injured);
}

static void summary_json(FILE *out, const hr_summary *s)
{
	char t[HR_TIME_BUFSZ];
	fprintf(out, "{\"by\":\"adm%d\",\"at\":\"%s\",\"rows\":[", s->level,
	        hr_time_format(t, s->at));
	for (size_t i = 0; i < s->n; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_row(out, &s->rows[i]);
	}
	fputs("],\n\"outside\":", out);
	json_row(out, &s->outside);
	fputs(",\n\"total\":", out);
	json_row(out, &s->total);
	fprintf(out, ",\n\"split_areas\":%llu}\n", (unsigned long long)s->split);
}

/* ---- the command ---------------------------------------------------------- */

/* Text or CSV to --output (replaced) or standard output. */
static int write_answer(cli_ctx *ctx, const summary_opts *o, char *buf, size_t len)
{
	FILE *f;
	int bad;
	if (!o->output)
		return o->format == F_CSV && ctx->asof.option
		               ? (cli_asof_text(ctx, stderr), cli_flush_mem(stdout, buf, len))
		               : cli_asof_flush(ctx, stdout, buf, len);
	if (!(f = fopen(o->output, "w"))) {
		free(buf);
		cli_err("%s: cannot write: %s", o->output, strerror(errno));
		return CLI_FAIL;
	}
	bad = fwrite(buf, 1, len, f) != len;
	bad |= fclose(f) != 0;
	free(buf);
	if (bad) {
		cli_err("%s: write failed: %s", o->output, strerror(errno));
		return CLI_FAIL;
	}
	if (ctx->asof.option)
		cli_asof_text(ctx, stderr);
	return CLI_OK;
}

int cli_cmd_summary(cli_ctx *ctx, int argc, char **argv)
{
	summary_opts o = {0, HR_TIME_NONE, -1, NULL};
	hr_register *reg = NULL;
	hr_summary *s = NULL;
	char *svg = NULL, *buf = NULL;
	size_t len = 0;
	FILE *mem = NULL;
	int err, rc = parse_summary(ctx, argc, argv, &o);

	if (rc != 0)
		return CLI_STATUS(rc);
	if ((rc = cli_open(ctx, &reg, 0, 1)) != CLI_OK)
		goto done;
	if (o.at == HR_TIME_NONE)
		o.at = cli_asof_default_at(ctx);
	if ((err = hr_summary_by_adm(reg, o.level, o.at, &s)) != 0) {
		if (err == HR_ENOTFOUND) {
			cli_err("%s: %s", ctx->cmd, hr_errmsg(reg));
			rc = CLI_NOTFOUND;
		} else {
			rc = cli_lib_err(ctx, reg, err, "cannot count by administrative area");
		}
		goto done;
	}
	if (o.format == F_SVG || o.format == F_PNG) {
		if ((err = hr_summary_svg(&svg, s)) != 0) {
			rc = cli_fail(ctx, "cannot draw the chart: %s", hr_strerror(err));
			goto done;
		}
		if (o.output && (rc = cli_write_image(o.output, svg)) != CLI_OK)
			goto done;
		if (!o.output && !ctx->json) {
			if (fputs(svg, stdout) < 0 || fflush(stdout) != 0)
				rc = cli_fail(ctx, "writing the chart failed");
			goto done;
		}
	}
	if (!(mem = open_memstream(&buf, &len))) {
		rc = cli_fail(ctx, "out of memory");
		goto done;
	}
	if (ctx->json)
		summary_json(mem, s);
	else if (o.format == F_CSV) {
		char *csv = NULL;
		if ((err = hr_summary_csv(&csv, s)) != 0) {
			rc = cli_fail(ctx, "cannot write the CSV: %s", hr_strerror(err));
			goto done;
		}
		fputs(csv, mem);
		hr_free(csv);
	}
	else if (o.format == F_TEXT)
		summary_text(mem, s);
	else
		fprintf(mem, "chart: %s (%zu bars)\n", o.output,
		        s->n + (s->outside.sha_km2 + s->outside.cha_km2 > 0));
	fclose(mem);
	mem = NULL;
	if (o.format == F_SVG || o.format == F_PNG || ctx->json) {
		summary_opts std = o;
		std.output = NULL;
		std.format = F_TEXT;
		rc = write_answer(ctx, &std, buf, len);
	} else {
		rc = write_answer(ctx, &o, buf, len);
	}
	buf = NULL;
done:
	if (mem)
		fclose(mem);
	free(buf);
	hr_free(svg);
	hr_summary_free(s);
	hr_register_close(reg);
	return rc;
}
