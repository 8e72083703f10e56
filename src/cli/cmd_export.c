/*
 * cmd_export.c - "hazreg export": the derived layers as one GeoJSON
 * FeatureCollection (hr_export_geojson), one layer as CSV, with HXL tags
 * on request (hr_export_csv), a GeoPackage (hr_export_gpkg) or the open
 * hazardous areas as OSM XML (hr_export_osm). Which layers and fields a
 * profile allows is decided by the library in one place; this file picks
 * the profile, the layer and the destination. A file given with -o is
 * written beside its final name and renamed only once complete, so a
 * failed export never leaves half a file under that name. An export of
 * the register as it stood (--known-at, --log-size) carries that state in
 * an "as_of" member.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The formats of --format; GeoPackage and OSM are written by name only. */
enum { FMT_GEOJSON, FMT_CSV, FMT_GPKG, FMT_OSM };

typedef struct {
	int format;          /* FMT_* */
	const char *layer;   /* NULL: every layer the profile allows */
	hr_profile profile;
	const char *output;  /* NULL: standard output */
	int csv;             /* --format csv */
	int hxl;             /* --hxl */
} export_opts;

static int check_layer(cli_ctx *ctx, const char *v)
{
	static const char *const layers[] = {"areas", "releases", "items", "accidents", "eore",
	                                     "reports", "admin", NULL};
	for (const char *const *l = layers; *l; l++)
		if (strcmp(*l, v) == 0)
			return 0;
	return cli_usage_err(ctx, "--layer '%s' is not a layer: areas, releases, items, eore, "
	                          "admin, accidents or reports",
	                     v);
}

static int export_option(cli_ctx *ctx, cli_args *a, const char *arg, export_opts *o)
{
	const char *v;

	if (cli_opt_is(a, arg, "--format")) {
		if (!(v = cli_opt_value(ctx, a, "--format")))
			return CLI_USAGE;
		if (strcmp(v, "geojson") == 0)
			o->format = FMT_GEOJSON;
		else if (strcmp(v, "csv") == 0)
			o->format = FMT_CSV;
		else if (strcmp(v, "gpkg") == 0)
			o->format = FMT_GPKG;
		else if (strcmp(v, "osm") == 0)
			o->format = FMT_OSM;
		else
			return cli_usage_err(ctx, "--format '%s' is not known: geojson, csv, gpkg or osm",
			                     v);
		o->csv = o->format == FMT_CSV;
		return 0;
	}
	if (cli_opt_is(a, arg, "--hxl")) {
		o->hxl = 1;
		return 0;
	}
	if (cli_opt_is(a, arg, "--layer")) {
		if (!(v = cli_opt_value(ctx, a, "--layer")))
			return CLI_USAGE;
		o->layer = v;
		return check_layer(ctx, v);
	}
	if (cli_opt_is(a, arg, "--profile")) {
		if (!(v = cli_opt_value(ctx, a, "--profile")))
			return CLI_USAGE;
		if (strcmp(v, "public") == 0)
			o->profile = HR_PROFILE_PUBLIC;
		else if (strcmp(v, "internal") == 0)
			o->profile = HR_PROFILE_INTERNAL;
		else
			return cli_usage_err(ctx, "--profile '%s' is not a profile: public or internal",
			                     v);
		return 0;
	}
	if (strcmp(arg, "-o") == 0 || cli_opt_is(a, arg, "--output")) {
		if (!(o->output = cli_opt_value(ctx, a, arg[1] == 'o' ? "-o" : "--output")))
			return CLI_USAGE;
		return 0;
	}
	return -1;
}

static int parse_export(cli_ctx *ctx, int argc, char **argv, export_opts *o)
{
	cli_args a;
	const char *arg;
	int is_opt, r;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		r = export_option(ctx, &a, arg, o);
		if (r >= 0) {
			if (r != 0)
				return r;
			continue;
		}
		/* --json is accepted: the output is JSON already. */
		if ((r = cli_other_opt(ctx, &a, arg)) != 0)
			return r;
	}
	if ((o->format == FMT_GPKG || o->format == FMT_OSM) && !o->output)
		return cli_usage_err(ctx, "--format %s writes a file: name it with --output FILE",
		                     o->format == FMT_GPKG ? "gpkg" : "osm");
	if (o->format == FMT_OSM && o->layer && strcmp(o->layer, "areas") != 0)
		return cli_usage_err(ctx, "--format osm writes hazardous areas only (--layer areas)");
	if (o->hxl && !o->csv)
		return cli_usage_err(ctx, "--hxl goes with --format csv");
	return 0;
}

/* A temporary file beside path; *tmp receives its name (caller frees). */
static FILE *open_beside(const char *path, char **tmp)
{
	size_t n = strlen(path) + sizeof ".XXXXXX";
	FILE *f = NULL;
	mode_t mask;
	int fd;

	*tmp = malloc(n);
	if (!*tmp)
		return NULL;
	snprintf(*tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(*tmp);
	/* mkstemp makes the file private; an export is made to be shared. */
	mask = umask(0);
	umask(mask);
	if (fd >= 0)
		fchmod(fd, 0666 & ~mask);
	/* read too: --known-at and --log-size add "as_of" at its end */
	if (fd < 0 || !(f = fdopen(fd, "w+"))) {
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
	}
	return f;
}

static int write_export(cli_ctx *ctx, hr_register *reg, const export_opts *o, FILE *out)
{
	int err = o->csv ? hr_export_csv(reg, out, o->layer, o->profile, o->hxl ? HR_CSV_HXL : 0)
	                 : hr_export_geojson(reg, out, o->layer, o->profile);

	if (err == HR_EINVAL) {
		cli_usage_err(ctx, "layer '%s' is not allowed in the %s profile",
		              o->layer ? o->layer : o->csv ? "areas" : "(all)",
		              o->profile == HR_PROFILE_PUBLIC ? "public" : "internal");
		return CLI_USAGE;
	}
	if (err != 0)
		return cli_lib_err(ctx, reg, err, "export failed");
	return CLI_OK;
}

/* With --known-at or --log-size, the state the export is from goes into
 * the FeatureCollection as a foreign member, "as_of" (RFC 7946 section
 * 6.1), added at its end: out must be a file that can be read and
 * rewritten; for standard output it is a temporary file, copied over. */
static int add_asof(cli_ctx *ctx, FILE *out, int to_stdout)
{
	char chunk[65536];
	size_t n;

	if (cli_asof_json_file(ctx, out) != 0)
		return cli_fail(ctx, "cannot add the state it is from (\"as_of\") to the export: %s",
		                ferror(out) ? strerror(errno) : "it does not end as GeoJSON does");
	if (!to_stdout)
		return CLI_OK;
	rewind(out);
	while ((n = fread(chunk, 1, sizeof chunk, out)) > 0)
		if (fwrite(chunk, 1, n, stdout) != n)
			break;
	if (ferror(out))
		return cli_fail(ctx, "cannot read the export back: %s", strerror(errno));
	return CLI_OK;
}

/* A GeoPackage or OSM file: written by the library beside its name,
 * never over an existing file. */
static int export_file(cli_ctx *ctx, hr_register *reg, const export_opts *o)
{
	int err = o->format == FMT_GPKG ? hr_export_gpkg(reg, o->output, o->layer, o->profile)
	                                : hr_export_osm(reg, o->output, o->profile);

	if (err == HR_EINVAL && o->layer) {
		cli_usage_err(ctx, "layer '%s' is not allowed in the %s profile", o->layer,
		              o->profile == HR_PROFILE_PUBLIC ? "public" : "internal");
		return CLI_USAGE;
	}
	if (err != 0)
		return cli_lib_err(ctx, reg, err, "export failed");
	if (!ctx->json)
		cli_asof_text(ctx, stdout);
	return CLI_OK;
}

int cli_cmd_export(cli_ctx *ctx, int argc, char **argv)
{
	export_opts o = {FMT_GEOJSON, NULL, HR_PROFILE_PUBLIC, NULL, 0, 0};
	hr_register *reg = NULL;
	FILE *out = stdout;
	char *tmp = NULL;
	int rc = parse_export(ctx, argc, argv, &o);

	if (rc != 0)
		return CLI_STATUS(rc);
	rc = cli_open(ctx, &reg, 0, 1);
	if (rc != CLI_OK)
		goto done;
	if (o.format == FMT_GPKG || o.format == FMT_OSM) {
		rc = export_file(ctx, reg, &o);
		goto done;
	}
	if (o.output && !(out = open_beside(o.output, &tmp))) {
		cli_err("%s: cannot write: %s", o.output, strerror(errno));
		rc = CLI_FAIL;
		goto done;
	}
	/* "as_of" is a member of the GeoJSON; a CSV has no place for it */
	if (!o.output && ctx->asof.option && !o.csv && !(out = tmpfile())) {
		out = stdout;
		rc = cli_fail(ctx, "cannot make a temporary file: %s", strerror(errno));
		goto done;
	}
	rc = write_export(ctx, reg, &o, out);
	if (rc == CLI_OK && ctx->asof.option && !o.csv)
		rc = add_asof(ctx, out, !o.output);
	if (!o.output && out != stdout) {
		fclose(out);
		out = stdout;
	}
	if (rc == CLI_OK && (fflush(out) != 0 || ferror(out))) {
		cli_err("%s: write failed: %s", o.output ? o.output : "standard output",
		        strerror(errno));
		rc = CLI_FAIL;
	}
	if (tmp) {
		if (fclose(out) != 0 && rc == CLI_OK) {
			cli_err("%s: write failed: %s", o.output, strerror(errno));
			rc = CLI_FAIL;
		}
		out = NULL;
		if (rc == CLI_OK && rename(tmp, o.output) != 0) {
			cli_err("%s: cannot rename %s to it: %s", o.output, tmp, strerror(errno));
			rc = CLI_FAIL;
		}
		if (rc != CLI_OK)
			unlink(tmp);
	}
	/* the GeoJSON is in the file: say here too which state it is from */
	if (rc == CLI_OK && o.output && !ctx->json)
		cli_asof_text(ctx, stdout);
done:
	free(tmp);
	hr_register_close(reg);
	return rc;
}
