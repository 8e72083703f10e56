/*
 * readers.c - hr_reader_open(): the one place that knows every format
 * hazreg imports, how each is named and how a file of it is recognised.
 * A format is one row of the table below.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <string.h>
#include <strings.h>

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

/*
 * name: what --format takes; exts: file name endings that choose it under
 * "auto" (space-separated, compared without case); mapping: whether the
 * format takes a field mapping file.
 */
static const struct {
	const char *name;
	const char *exts;
	int mapping;
	open_fn open;
} formats[] = {
	{"geojson", ".geojson .geojsons .geojsonl .geojsonseq .json", 1, open_geojson},
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

/* The format whose extension list has the file's ending, or -1. */
static int by_extension(const char *path)
{
	for (size_t i = 0; i < NFORMATS; i++) {
		const char *e = formats[i].exts;
		while (*e) {
			size_t n = strcspn(e, " ");
			if (n && ends_with(path, e, n))
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
