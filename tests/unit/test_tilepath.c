/*
 * test_tilepath.c - the strict parser of tlog-tiles paths (GET /tile/...):
 * every name the writers make is read back to its tile, and nothing else
 * is: no padding, no abbreviation, no width of 0 or 256, no level past 63,
 * no index past 2^64 - 1; and the framing of entry bundles.
 */
#include <string.h>

#include "hazreg/hazreg.h"
#include "test.h"

static void accepts(const char *path, int entries, unsigned level, uint64_t index, unsigned width)
{
	hr_tile t;
	int e = -1;
	HR_CHECK_INT_EQ(hr_tile_path_parse(path, strlen(path), &t, &e), 0);
	HR_CHECK_INT_EQ(e, entries);
	HR_CHECK_INT_EQ(t.level, level);
	HR_CHECK(t.index == index);
	HR_CHECK_INT_EQ(t.width, width);
}

static void refuses(const char *path)
{
	hr_tile t;
	int e;
	int rc = hr_tile_path_parse(path, strlen(path), &t, &e);
	if (rc != HR_EINVAL)
		fprintf(stderr, "accepted: %s\n", path);
	HR_CHECK_INT_EQ(rc, HR_EINVAL);
}

int main(void)
{
	static const unsigned char bundle[] = {0, 2, 'a', 'b', 0, 0, 0, 1, 'c'};
	const unsigned char *entry;
	size_t off = 0, elen = 0;

	accepts("tile/0/000", 0, 0, 0, 256);
	accepts("tile/0/000.p/11", 0, 0, 0, 11);
	accepts("tile/2/x001/234.p/7", 0, 2, 1234, 7);
	accepts("tile/entries/x001/x234/067", 1, 0, 1234067, 256);
	accepts("tile/entries/005.p/255", 1, 0, 5, 255);
	accepts("tile/63/x018/x446/x744/x073/x709/x551/615", 0, 63, UINT64_MAX, 256);
	refuses("tile/0/x018/x446/x744/x073/x709/x551/616"); /* 2^64 */
	refuses("tile/0/00");
	refuses("tile/0/0000");
	refuses("tile/00/000");
	refuses("tile/64/000");
	refuses("tile/0/x000/005");
	refuses("tile/0/000.p/0");
	refuses("tile/0/000.p/256");
	refuses("tile/0/000.p/011");
	refuses("tile/0/000.p/");
	refuses("tile/0/000/");
	refuses("tile//000");
	refuses("tile/entries/");
	refuses("tile/entries/x001");
	refuses("tile/-1/000");
	refuses("/tile/0/000");
	refuses("tile/0/000 ");
	/* a NUL inside is not a shorter path */
	{
		hr_tile t;
		int e;
		HR_CHECK_INT_EQ(hr_tile_path_parse("tile/0/000\0x", 12, &t, &e), HR_EINVAL);
	}
	/* bundles */
	HR_CHECK_INT_EQ(hr_bundle_next(bundle, sizeof bundle, &off, &entry, &elen), 1);
	HR_CHECK_INT_EQ(elen, 2);
	HR_CHECK(memcmp(entry, "ab", 2) == 0);
	HR_CHECK_INT_EQ(hr_bundle_next(bundle, sizeof bundle, &off, &entry, &elen), 1);
	HR_CHECK_INT_EQ(elen, 0);
	HR_CHECK_INT_EQ(hr_bundle_next(bundle, sizeof bundle, &off, &entry, &elen), 1);
	HR_CHECK_INT_EQ(elen, 1);
	HR_CHECK_INT_EQ(hr_bundle_next(bundle, sizeof bundle, &off, &entry, &elen), 0);
	off = 0;
	HR_CHECK_INT_EQ(hr_bundle_next(bundle, 3, &off, &entry, &elen), HR_EVALIDATE);
	off = 0;
	HR_CHECK_INT_EQ(hr_bundle_next(bundle, 1, &off, &entry, &elen), HR_EVALIDATE);
	return HR_TEST_DONE();
}
