/*
 * outfile.c - files that exports create whole or not at all: written
 * under a temporary name beside the destination and linked to it once
 * complete, so that a failure leaves nothing and an existing file is never
 * overwritten (link fails where rename would replace).
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int hr_out__begin(const char *path, char **tmp, int *fd, char *err, size_t errlen)
{
	struct stat st;
	mode_t mask;
	*tmp = NULL;
	*fd = -1;
	if (lstat(path, &st) == 0) {
		hr__fmt(err, errlen, "%s exists already: the export never overwrites a file", path);
		return HR_EEXISTS;
	}
	if (!(*tmp = hr__malloc(strlen(path) + sizeof ".XXXXXX"))) {
		hr__fmt(err, errlen, "out of memory");
		return HR_ENOMEM;
	}
	strcpy(*tmp, path);
	strcat(*tmp, ".XXXXXX");
	if ((*fd = mkstemp(*tmp)) < 0) {
		hr__fmt(err, errlen, "cannot write beside %s: %s", path, strerror(errno));
		hr_free(*tmp);
		*tmp = NULL;
		return HR_EIO;
	}
	/* mkstemp makes the file private; an export is made to be shared */
	mask = umask(0);
	umask(mask);
	fchmod(*fd, 0666 & ~mask);
	return 0;
}

int hr_out__finish(const char *path, char *tmp, int ok, char *err, size_t errlen)
{
	int rc = 0;
	if (!tmp)
		return 0;
	if (ok && link(tmp, path) != 0) {
		if (errno == EEXIST) {
			hr__fmt(err, errlen, "%s exists already: the export never overwrites a file",
			        path);
			rc = HR_EEXISTS;
		} else {
			hr__fmt(err, errlen, "cannot name the export %s: %s", path, strerror(errno));
			rc = HR_EIO;
		}
	}
	unlink(tmp);
	hr_free(tmp);
	return rc;
}
