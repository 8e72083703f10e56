/*
 * readers.c - hr_reader_open(): the one place that knows every format
 * hazreg imports, how each is named and how a file of it is recognised.
 * A format is one row of the table below.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int hr_fmt__open_input(FILE **fp, uint64_t *total, const char *path, char *err, size_t errlen)
{
	struct stat st;
	*fp = NULL;
	*total = 0;
	if (strcmp(path, "-") == 0) {
		*fp = stdin;
		return 0;
	}
	if (!(*fp = fopen(path, "rb"))) {
		int e = errno;
		hr__fmt(err, errlen, "cannot open %s: %s", path, strerror(e));
		return e == ENOENT || e == ENOTDIR ? HR_ENOTFOUND : HR_EIO;
	}
	if (fstat(fileno(*fp), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			hr__fmt(err, errlen, "cannot read %s: it is a directory", path);
			fclose(*fp);
			*fp = NULL;
			return HR_EIO;
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0)
			*total = (uint64_t)st.st_size;
	}
	return 0;
}

typedef int (*open_fn)(hr_reader **out, const char *path, const hr_reader_options *opts,
                       char *err, size_t errlen);

static int open_geojson(hr_reader **out, const char *path, const hr_reader_options *opts,
                        char *err, size_t errlen)
{
	hr_mapping *m = NULL;
	int rc;
	if (opts->mapping && (rc = hr_mapping__load(&m, opts->mapping, err, errlen)))
		return rc;
	return hr_reader__geojson_mapped(out, path, m, err, errlen);
}

static int open_kobo_json(hr_reader **out, const char *path, const hr_reader_options *opts,
                          char *err, size_t errlen)
{
	(void)opts;
	return hr_reader__kobo_json(out, path, err, errlen);
}

static int open_odk_csv(hr_reader **out, const char *path, const hr_reader_options *opts,
                        char *err, size_t errlen)
{
	(void)opts;
	return hr_reader__odk_csv(out, path, err, errlen);
}

static int open_gpkg(hr_reader **out, const char *path, const hr_reader_options *opts,
                     char *err, size_t errlen)
{
	hr_mapping *m = NULL;
	int rc;
	if (strcmp(path, "-") == 0) {
		hr__fmt(err, errlen, "a GeoPackage cannot be read from standard input: name the file");
		return HR_EINVAL;
	}
	if (opts->mapping && (rc = hr_mapping__load(&m, opts->mapping, err, errlen)))
		return rc;
	return hr_reader__gpkg(out, path, m, err, errlen);
}

static int open_csv(hr_reader **out, const char *path, const hr_reader_options *opts, char *err,
                    size_t errlen)
{
	(void)opts;
	return hr_reader__csv_open(out, path, err, errlen);
}

/*
 * name: what --format takes; exts: file name endings that choose it under
 * "auto" (space-separated, compared without case); mapping: whether the
 * format takes a field mapping file; sniff: for a format that shares an
 * ending with another, whether a file's first bytes are of this format
 * (asked before the endings decide).
 */
static const struct {
	const char *name;
	const char *exts;
	int mapping;
	open_fn open;
	int (*sniff)(const char *path);
} formats[] = {
	{"geojson", ".geojson .geojsons .geojsonl .geojsonseq .json", 1, open_geojson, NULL},
	{"csv", ".csv .tsv", 0, open_csv, NULL},
	/* ".json" is GeoJSON unless it starts as a KoBo export: an array, or {"count" ... */
	{"kobo-json", ".json", 0, open_kobo_json, hr_reader__kobo_sniff},
	/* a .csv file whose header is ODK Central's (SubmissionDate, KEY) or KoBo's (_uuid) */
	{"odk-csv", ".csv", 0, open_odk_csv, hr_reader__odk_sniff},
	{"gpkg", ".gpkg", 1, open_gpkg, NULL},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

const char *const *hr_reader_formats(void)
{
	static const char *names[NFORMATS + 1];
	for (size_t i = 0; i < NFORMATS; i++)
		names[i] = formats[i].name; /* the same values on every call */
	return names;
}

static int ends_with(const char *path, const char *ext, size_t elen)
{
	size_t plen = strlen(path);
	return plen > elen && strncasecmp(path + plen - elen, ext, elen) == 0;
}

/* The format whose extension list has the file's ending, or -1; a format
 * that sniffs is chosen only when the file's first bytes say so. */
static int by_extension(const char *path)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < NFORMATS; i++) {
			const char *e = formats[i].exts;
			if (pass == 0 ? !formats[i].sniff : formats[i].sniff != NULL)
				continue;
			while (*e) {
				size_t n = strcspn(e, " ");
				if (n && ends_with(path, e, n) && (!formats[i].sniff || formats[i].sniff(path)))
					return (int)i;
				e += n;
				e += strspn(e, " ");
			}
		}
	return -1;
}

static int by_name(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(formats[i].name, name) == 0)
			return (int)i;
	return -1;
}

int hr_reader_open(hr_reader **out, const char *path, const hr_reader_options *opts, char *err,
                   size_t errlen)
{
	static const hr_reader_options defaults = HR_READER_OPTIONS_INIT;
	const char *name;
	int f;

	if (out)
		*out = NULL;
	if (!out || !path) {
		hr__fmt(err, errlen, "no reader or path given");
		return HR_EINVAL;
	}
	if (!opts)
		opts = &defaults;
	name = opts->format;
	if (name && strcmp(name, "auto") != 0) {
		if ((f = by_name(name)) < 0) {
			char list[256] = "";
			for (size_t i = 0; i < NFORMATS; i++) {
				if (i)
					strncat(list, ", ", sizeof list - strlen(list) - 1);
				strncat(list, formats[i].name, sizeof list - strlen(list) - 1);
			}
			hr__fmt(err, errlen, "unknown format '%s' (known: %s)", name, list);
			return HR_EINVAL;
		}
	} else if (strcmp(path, "-") == 0 || (f = by_extension(path)) < 0) {
		f = by_name("geojson");
	}
	if (opts->mapping && !formats[f].mapping) {
		hr__fmt(err, errlen, "%s: the %s format takes no field mapping file", path,
		        formats[f].name);
		return HR_EINVAL;
	}
	return formats[f].open(out, path, opts, err, errlen);
}
