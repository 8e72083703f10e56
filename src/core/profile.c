/*
 * profile.c - the one place that decides what a public output may show.
 *
 * Private values (victims, informants, finders) never reach a derived
 * layer at all: they stay in the private table beside the log and enter
 * the log only as salted commitments. On top of that, the public profile
 * leaves out whole layers that could point at people: accidents and
 * public reports.
 */
#include "core/register_int.h"

#include <string.h>

int hr_profile__layer_visible(hr_profile p, const hr_layer *l)
{
	if (l == &hr_layer_classes || l == &hr_layer_org_keys)
		return 0; /* not geographic: published through their own tables */
	if (p == HR_PROFILE_INTERNAL)
		return 1;
	/* Where members of the public said they saw an item points at them and
	 * at their homes as much as at a hazard, and is unverified until an
	 * organisation surveys it (and then records what it found as its own
	 * records). The reporter follows a report by its tracking id. */
	return l != &hr_layer_accidents && l != &hr_layer_reports;
}

int hr_profile__counts_visible(hr_profile p, const hr_layer *l)
{
	(void)p;
	/* Counts per administrative area (accidents, killed, injured per
	 * oblast) point at nobody, as the national authorities and OCHA publish
	 * them; public reports are unverified and are not counted at all. */
	return l != &hr_layer_reports;
}

int hr_profile__column_visible(hr_profile p, const hr_layer *l, size_t col)
{
	(void)p;
	(void)l;
	(void)col;
	/* Every column of a derived layer is publishable by construction: the
	 * layers are built from public fields only (derive.c). Kept as a
	 * function so a future sensitive column is decided here. */
	return 1;
}
