/*
 * submission_csv.c - field-form submissions from CSV: the "odk-csv" format,
 * ODK Central's CSV export (and KoBoToolbox's CSV export of a form without
 * repeats).
 *
 * ODK Central exports a form as a main file FORM.csv, one submission a
 * row, and one file FORM-REPEAT.csv per repeat group beside it, one entry a
 * row, tied to its submission by PARENT_KEY = the submission's KEY. Group
 * paths are joined with '-' ("place-geometry"), a geopoint is split into
 * NAME-Latitude, -Longitude, -Altitude and -Accuracy, a geoshape is one
 * "lat lon alt acc;..." cell. KoBoToolbox's CSV export is ';'-separated,
 * joins groups with '/', and has the whole geopoint in a column of its own
 * (beside _NAME_latitude etc., which are left out with the other '_'
 * columns).
 *
 * Each row (with its repeat entries) is turned into the submission object
 * the KoBo JSON reader reads (submission_read.c: keys as group paths with
 * '/', values as text, repeats as arrays), so both formats map and validate
 * alike; this file adds the places: a refused submission names the line
 * and column of the field at fault, in the main file or in a repeat file.
 * A repeat row whose PARENT_KEY is no submission's KEY is refused at the
 * end, with its file, line and column.
 *
 * The rows come from the CSV row layer (csv_rows.c). Repeat files are read
 * whole when the reader opens; the main file is streamed.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Columns of ODK Central's export that say how a submission arrived. */
static const char *const central_meta[] = {
	"SubmissionDate", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
	"AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
	"PARENT_KEY", NULL};

/* A split geopoint's columns, once their '-' became '/'. */
static const char *const split_parts[] = {"/Latitude", "/Longitude", "/Altitude", "/Accuracy"};

/* One repeat file: its entries by the KEY of their submission. */
typedef struct {
	char *name;     /* the repeat group's name, e.g. "item" */
	char *path;     /* the file, for errors */
	char *base;     /* its file name without directories */
	char **cols;    /* column names, groups joined by '/' */
	size_t ncols;
	size_t parent_col;
	/* parent KEY -> {"entries": [...], "lines": [...], "used": bool} */
	json_t *by_parent;
} repeat_file;

typedef struct {
	hr_reader base;
	hr_csv *rows;
	char *path;
	char **cols;
	size_t ncols;
	size_t key_col; /* KEY, or (size_t)-1 */
	int header_read;
	const hr_csv_row *row;
	repeat_file *rep;
	size_t nrep;
	hr_sub_batch batch;
	int ended;          /* the main file is read: unclaimed repeats are checked */
	size_t check_rep;   /* where that check is */
	const char *check_key;
	uint64_t nsubs;     /* submissions read */
	char raw[512];      /* the PARENT_KEY of a refused repeat row */
} csv_sub_reader;

#define refuse hr_gj__refuse

static int is_central_meta(const char *name)
{
	for (const char *const *m = central_meta; *m; m++)
		if (strcmp(name, *m) == 0)
			return 1;
	return strncmp(name, "SET-OF-", 7) == 0;
}

/* A column name as a group path: ODK's '-' between groups becomes '/'. */
static char *column_path(const char *name)
{
	char *p = hr__strdup(name), *s;
	if (!p)
		return NULL;
	if (!is_central_meta(name))
		for (s = p; *s; s++)
			if (*s == '-')
				*s = '/';
	return p;
}

static void free_cols(char **cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hr_free(cols[i]);
	hr_free(cols);
}

/* The header row's names as paths. 0 or HR_ENOMEM */
static int take_header(char ***cols, size_t *ncols, const hr_csv_row *row)
{
	*cols = hr__calloc(row->nfields + 1, sizeof **cols);
	if (!*cols)
		return HR_ENOMEM;
	*ncols = row->nfields;
	for (size_t i = 0; i < row->nfields; i++)
		if (!((*cols)[i] = column_path(row->field[i])))
			return HR_ENOMEM;
	return 0;
}

static size_t find_col(char **cols, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cols[i], name) == 0)
			return i;
	return (size_t)-1;
}

/* Which split part a column is (0..3: Latitude..Accuracy), its base name's length; or -1. */
static int split_part(const char *path, size_t *baselen)
{
	size_t n = strlen(path);
	for (int i = 0; i < 4; i++) {
		size_t m = strlen(split_parts[i]);
		if (n > m && strcmp(path + n - m, split_parts[i]) == 0) {
			*baselen = n - m;
			return i;
		}
	}
	return -1;
}

/*
 * A row as a submission object: path -> text; a split geopoint joined to
 * "lat lon alt acc" under its own path. Metadata stays out but for the
 * instance id (meta/instanceID, or KEY).
 */
static int row_object(json_t **out, char **cols, size_t ncols, const hr_csv_row *row)
{
	json_t *o = json_object();
	*out = NULL;
	if (!o)
		return HR_ENOMEM;
	for (size_t i = 0; i < row->nfields && i < ncols; i++) {
		const char *v = row->field[i];
		size_t bl;
		int part = split_part(cols[i], &bl);
		if (part >= 0) {
			/* the part of a geopoint: joined with the others under the base path */
			char *path = hr__strdup(cols[i]);
			json_t *cur;
			char buf[256];
			if (!path)
				goto nomem;
			path[bl] = '\0';
			cur = json_object_get(o, path);
			if (part == 0 || cur) {
				const char *prev = cur ? json_string_value(cur) : "";
				hr__fmt(buf, sizeof buf, "%s%s%s", prev, *prev ? " " : "", *v ? v : "0");
				if (*v || part > 0) {
					if (json_object_set_new(o, path, json_string(buf))) {
						hr_free(path);
						goto nomem;
					}
				}
			}
			hr_free(path);
			continue;
		}
		if (!*v || (is_central_meta(cols[i]) && strcmp(cols[i], "KEY") != 0))
			continue;
		if (json_object_set_new(o, strcmp(cols[i], "KEY") == 0 ? "_uuid" : cols[i],
		                        json_string(v)))
			goto nomem;
	}
	*out = o;
	return 0;
nomem:
	json_decref(o);
	return HR_ENOMEM;
}

/* ---- repeat files --------------------------------------------------- */

static void repeat_free(repeat_file *r)
{
	hr_free(r->name);
	hr_free(r->path);
	free_cols(r->cols, r->ncols);
	json_decref(r->by_parent);
}

/* Read one repeat file whole from its rows. 0, HR_EINVAL/HR_EIO (err says why), HR_ENOMEM */
static int repeat_rows(repeat_file *r, hr_csv *c, char *err, size_t errlen)
{
	const hr_csv_row *row;
	hr_read_error re;
	int rc;
	if (!(r->by_parent = json_object())) {
		rc = HR_ENOMEM;
		goto done;
	}
	while ((rc = hr_csv__next(c, &row, &re)) != 0) {
		json_t *slot, *entry = NULL;
		const char *parent;
		if (rc < 0 || rc == HR_EVALIDATE) {
			hr__fmt(err, errlen, "%s: line %llu, column %u: %s", r->path,
			        (unsigned long long)re.line, re.column, re.reason);
			rc = rc == HR_EVALIDATE ? HR_EINVAL : rc;
			goto done;
		}
		if (row->index == 0) {
			if ((rc = take_header(&r->cols, &r->ncols, row)))
				goto done;
			r->parent_col = find_col(r->cols, r->ncols, "PARENT_KEY");
			if (r->parent_col == (size_t)-1) {
				hr__fmt(err, errlen, "%s: line 1: no PARENT_KEY column: a repeat group's file "
				                     "ties each row to its submission's KEY", r->path);
				rc = HR_EINVAL;
				goto done;
			}
			continue;
		}
		parent = r->parent_col < row->nfields ? row->field[r->parent_col] : "";
		slot = json_object_get(r->by_parent, parent);
		if (!slot) {
			slot = json_pack("{s:[],s:[],s:b,s:I,s:I}", "entries", "lines", "used", 0,
			                 "line", (json_int_t)row->first_line, "column",
			                 (json_int_t)(r->parent_col + 1));
			if (!slot || json_object_set_new(r->by_parent, parent, slot)) {
				rc = HR_ENOMEM;
				goto done;
			}
		}
		if ((rc = row_object(&entry, r->cols, r->ncols, row)))
			goto done;
		json_object_del(entry, "_uuid");
		if (json_array_append_new(json_object_get(slot, "entries"), entry) ||
		    json_array_append_new(json_object_get(slot, "lines"),
		                          json_integer((json_int_t)row->first_line))) {
			rc = HR_ENOMEM;
			goto done;
		}
	}
	if (!r->cols) {
		hr__fmt(err, errlen, "%s: empty: no header row", r->path);
		rc = HR_EINVAL;
	}
done:
	return rc;
}

static int repeat_load(repeat_file *r, char *err, size_t errlen)
{
	FILE *fp = fopen(r->path, "rb");
	hr_csv *c = NULL;
	int rc;
	if (!fp) {
		hr__fmt(err, errlen, "cannot open %s: %s", r->path, strerror(errno));
		return HR_EIO;
	}
	if ((rc = hr_csv__open_file(&c, fp, 1, 0, 0))) {
		fclose(fp);
		return rc;
	}
	rc = repeat_rows(r, c, err, errlen);
	hr_csv__close(c);
	return rc;
}

/* The repeat files beside the main file: MAIN-NAME.csv. */
static int find_repeats(csv_sub_reader *s, char *err, size_t errlen)
{
	const char *slash = strrchr(s->path, '/');
	size_t dirlen = slash ? (size_t)(slash - s->path) : 0;
	const char *file = slash ? slash + 1 : s->path;
	size_t stem = strlen(file);
	char dir[4096];
	DIR *d;
	struct dirent *e;
	int rc = 0;
	if (stem > 4 && strcasecmp(file + stem - 4, ".csv") == 0)
		stem -= 4;
	hr__fmt(dir, sizeof dir, "%.*s", (int)(slash ? dirlen : 1), slash ? s->path : ".");
	if (slash && dirlen == 0)
		hr__fmt(dir, sizeof dir, "/");
	if (!(d = opendir(dir)))
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		repeat_file *nr, *r;
		const char *name;
		if (n <= stem + 5 || strncmp(e->d_name, file, stem) != 0 || e->d_name[stem] != '-' ||
		    strcasecmp(e->d_name + n - 4, ".csv") != 0)
			continue;
		nr = hr__realloc(s->rep, (s->nrep + 1) * sizeof *nr);
		if (!nr) {
			rc = HR_ENOMEM;
			break;
		}
		s->rep = nr;
		r = &s->rep[s->nrep++];
		memset(r, 0, sizeof *r);
		r->path = hr__calloc(1, strlen(dir) + n + 2);
		if (!r->path) {
			rc = HR_ENOMEM;
			break;
		}
		sprintf(r->path, "%s/%s", dir, e->d_name);
		/* a nested repeat's file is named by its path: the last part is its name */
		name = e->d_name + stem + 1;
		if (strrchr(name, '-'))
			name = strrchr(name, '-') + 1;
		r->name = hr__strdup(name);
		if (!r->name) {
			rc = HR_ENOMEM;
			break;
		}
		r->name[strlen(r->name) - 4] = '\0';
		if ((rc = repeat_load(r, err, errlen)))
			break;
	}
	closedir(d);
	return rc;
}

/* ---- the reader ----------------------------------------------------- */

/* Put the repeats of the submission with this KEY into it. 0 or HR_ENOMEM */
static int attach_repeats(csv_sub_reader *s, json_t *sub, const char *key)
{
	for (size_t i = 0; i < s->nrep; i++) {
		json_t *slot = json_object_get(s->rep[i].by_parent, key);
		if (!slot)
			continue;
		json_object_set_new(slot, "used", json_true());
		if (json_object_set(sub, s->rep[i].name, json_object_get(slot, "entries")))
			return HR_ENOMEM;
	}
	return 0;
}

/*
 * Say where a refused submission's field is: in the main file, its line
 * and column; in a repeat entry ("item[2]/condition"), the repeat file,
 * line and column, at the start of the reason.
 */
static void place_error(csv_sub_reader *s, hr_read_error *err, const char *key)
{
	char *open = strchr(err->field, '[');
	size_t col;
	err->line = s->row->first_line;
	err->column = 0;
	if (!err->field[0])
		return;
	if ((col = find_col(s->cols, s->ncols, err->field)) == (size_t)-1 && !open) {
		/* a field the validator names by its property: the column of that name */
		for (size_t i = 0; i < s->ncols; i++) {
			const char *l = strrchr(s->cols[i], '/');
			if (!is_central_meta(s->cols[i]) && strcmp(l ? l + 1 : s->cols[i], err->field) == 0)
				col = i;
		}
	}
	if (col != (size_t)-1) {
		err->line = s->row->line[col];
		err->column = (uint32_t)(col + 1);
		return;
	}
	if (open && strchr(open, '/')) {
		char name[64], reason[sizeof err->reason];
		unsigned long n = strtoul(open + 1, NULL, 10);
		const char *leafname = strrchr(open, '/') + 1;
		hr__fmt(name, sizeof name, "%.*s", (int)(open - err->field), err->field);
		for (size_t i = 0; i < s->nrep; i++) {
			const char *l = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
			json_t *slot = json_object_get(s->rep[i].by_parent, key);
			json_t *line = json_array_get(json_object_get(slot, "lines"), n - 1);
			if (strcmp(s->rep[i].name, l) != 0 || !line)
				continue;
			col = 0;
			for (size_t c = 0; c < s->rep[i].ncols; c++) {
				const char *cl = strrchr(s->rep[i].cols[c], '/');
				if (strcmp(cl ? cl + 1 : s->rep[i].cols[c], leafname) == 0)
					col = c + 1;
			}
			hr__fmt(reason, sizeof reason, "%s", err->reason);
			if (col)
				hr__fmt(err->reason, sizeof err->reason, "%s, line %lld, column %zu: %s",
				        s->rep[i].path, (long long)json_integer_value(line), col, reason);
			else
				hr__fmt(err->reason, sizeof err->reason, "%s, line %lld: %s",
				        s->rep[i].path, (long long)json_integer_value(line), reason);
			return;
		}
	}
}

/* After the main file: the first repeat row no submission claimed, refused. */
static int unclaimed(csv_sub_reader *s, hr_read_error *err)
{
	for (; s->check_rep < s->nrep; s->check_rep++) {
		repeat_file *r = &s->rep[s->check_rep];
		void *it = s->check_key ? json_object_iter_next(r->by_parent,
		                                                json_object_key_to_iter(s->check_key))
		                        : json_object_iter(r->by_parent);
		for (; it; it = json_object_iter_next(r->by_parent, it)) {
			json_t *slot = json_object_iter_value(it);
			const char *key = json_object_iter_key(it);
			if (json_is_true(json_object_get(slot, "used")))
				continue;
			s->check_key = key;
			hr__fmt(s->raw, sizeof s->raw, "%s", key);
			err->index = s->nsubs; /* past the last submission */
			refuse(err, "PARENT_KEY",
			       "%s, line %lld, column %lld: PARENT_KEY \"%.80s\" is the KEY of no "
			       "submission in %s (%zu %s row%s of that submission left over)",
			       r->path, (long long)json_integer_value(json_object_get(slot, "line")),
			       (long long)json_integer_value(json_object_get(slot, "column")), key,
			       s->path, json_array_size(json_object_get(slot, "entries")), r->name,
			       json_array_size(json_object_get(slot, "entries")) == 1 ? "" : "s");
			hr_gj__copy_utf8(err->id, sizeof err->id,
			                 strncmp(key, "uuid:", 5) == 0 ? key + 5 : key);
			return 1;
		}
		s->check_key = NULL;
	}
	return 0;
}

static int csv_sub_next(hr_reader *base, hr_record **rec, hr_read_error *err)
{
	csv_sub_reader *s = (csv_sub_reader *)base;
	int rc;
	if (!base || !rec || !err)
		return HR_EINVAL;
	*rec = NULL;
	memset(err, 0, sizeof *err);
	while (!hr_sub__take(&s->batch, rec, err)) {
		json_t *sub = NULL;
		const char *key;
		if (s->ended)
			return unclaimed(s, err);
		rc = hr_csv__next(s->rows, &s->row, err);
		if (rc == 0) {
			s->ended = 1;
			continue;
		}
		if (rc < 0)
			return rc;
		if (!s->header_read) {
			if ((rc = take_header(&s->cols, &s->ncols, s->row))) {
				hr__fmt(err->reason, sizeof err->reason, "out of memory");
				return rc;
			}
			s->header_read = 1;
			s->key_col = find_col(s->cols, s->ncols, "KEY");
			if (s->key_col == (size_t)-1)
				s->key_col = find_col(s->cols, s->ncols, "_uuid");
			continue;
		}
		err->index = s->row->index - 1;
		if (rc == HR_EVALIDATE)
			return 1; /* a row longer than the header: refused, err says where */
		s->nsubs++;
		if ((rc = row_object(&sub, s->cols, s->ncols, s->row))) {
			hr__fmt(err->reason, sizeof err->reason, "out of memory");
			return rc;
		}
		key = s->key_col < s->row->nfields ? s->row->field[s->key_col] : "";
		if ((rc = attach_repeats(s, sub, key)) ||
		    (rc = hr_sub__fill(&s->batch, sub, s->row->index - 1))) {
			json_decref(sub);
			hr__fmt(err->reason, sizeof err->reason, "out of memory");
			return rc;
		}
		if (s->batch.err_set)
			place_error(s, &s->batch.err, key);
		json_decref(sub);
	}
	return 1;
}

static const char *csv_sub_raw(hr_reader *base)
{
	csv_sub_reader *s = (csv_sub_reader *)base;
	if (!s)
		return "";
	return s->ended ? s->raw : hr_csv__raw(s->rows);
}

static void csv_sub_progress(hr_reader *base, uint64_t *done, uint64_t *total)
{
	hr_csv__progress(base ? ((csv_sub_reader *)base)->rows : NULL, done, total);
}

static void csv_sub_close(hr_reader *base)
{
	csv_sub_reader *s = (csv_sub_reader *)base;
	if (!s)
		return;
	hr_sub__batch_free(&s->batch);
	hr_csv__close(s->rows);
	for (size_t i = 0; i < s->nrep; i++)
		repeat_free(&s->rep[i]);
	hr_free(s->rep);
	free_cols(s->cols, s->ncols);
	hr_free(s->path);
	hr_free(s);
}

static int reader_new(csv_sub_reader **out, const char *path)
{
	csv_sub_reader *s = hr__calloc(1, sizeof *s);
	*out = s;
	if (!s)
		return HR_ENOMEM;
	s->base.version = HR_READER_VERSION;
	s->base.next = csv_sub_next;
	s->base.raw = csv_sub_raw;
	s->base.progress = csv_sub_progress;
	s->base.close = csv_sub_close;
	return (s->path = hr__strdup(path)) ? 0 : HR_ENOMEM;
}

int hr_reader__odk_mem(hr_reader **out, const unsigned char *data, size_t len,
                       const char *repeat, const unsigned char *rep, size_t replen, char *err,
                       size_t errlen)
{
	csv_sub_reader *s = NULL;
	hr_csv *c = NULL;
	int rc;
	*out = NULL;
	if ((rc = reader_new(&s, "input")))
		goto done;
	if (repeat) {
		repeat_file *r = s->rep = hr__calloc(1, sizeof *s->rep);
		if (!r || !(r->name = hr__strdup(repeat)) || !(r->path = hr__strdup(repeat))) {
			rc = HR_ENOMEM;
			goto done;
		}
		s->nrep = 1;
		if ((rc = hr_csv__open_mem(&c, rep, replen, 0)) ||
		    (rc = repeat_rows(r, c, err, errlen)))
			goto done;
	}
	if ((rc = hr_csv__open_mem(&s->rows, data, len, 0)))
		goto done;
	*out = &s->base;
	s = NULL;
done:
	if (rc == HR_ENOMEM)
		hr__fmt(err, errlen, "out of memory");
	hr_csv__close(c);
	csv_sub_close(s ? &s->base : NULL);
	return rc;
}

int hr_reader__odk_csv(hr_reader **out, const char *path, char *err, size_t errlen)
{
	csv_sub_reader *s = NULL;
	FILE *fp = NULL;
	uint64_t total = 0;
	int rc = 0, is_stdin;
	if (out)
		*out = NULL;
	if (!out || !path) {
		hr__fmt(err, errlen, "no reader or path given");
		return HR_EINVAL;
	}
	is_stdin = strcmp(path, "-") == 0;
	if ((rc = hr_fmt__open_input(&fp, &total, path, err, errlen)))
		return rc;
	if ((rc = reader_new(&s, path)))
		goto done;
	if (!is_stdin && (rc = find_repeats(s, err, errlen)))
		goto done;
	if ((rc = hr_csv__open_file(&s->rows, fp, !is_stdin, total, 0)))
		goto done;
	fp = NULL;
	*out = &s->base;
	s = NULL;
done:
	if (rc == HR_ENOMEM)
		hr__fmt(err, errlen, "out of memory");
	if (fp && fp != stdin)
		fclose(fp);
	csv_sub_close(s ? &s->base : NULL);
	return rc;
}

int hr_reader__odk_sniff(const char *path)
{
	char buf[4096];
	size_t n;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return (strstr(buf, "SubmissionDate") && strstr(buf, "KEY")) ||
	       (strstr(buf, "_uuid") && strstr(buf, "_submission_time"));
}
