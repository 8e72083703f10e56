/*
 * nopg.c - stands in for the PostgreSQL backend (pg*.c) in a build made
 * without libpq: postgresql:// addresses are refused, saying why.
 */
#include "hazreg/sys/backend.h"

#include <stdio.h>

int hr_backend_pg_open(hr_backend **out, const char *conninfo, int create, int readonly,
                       char *err, size_t errlen)
{
	(void)conninfo;
	(void)create;
	(void)readonly;
	if (out)
		*out = NULL;
	if (err && errlen)
		snprintf(err, errlen, "this build has no PostgreSQL backend (libpq was missing when "
		                      "it was built)");
	return HR_EVERSION;
}
