/*
 * fuzz_mapping.c - fuzz target for field mapping files (src/formats/
 * mapping.c): any bytes as a mapping's text. Besides memory errors it
 * checks the parser's promises: a refused text names a line and a column
 * inside the text and says why; an accepted mapping applied to a feature
 * with foreign columns either gives a record that validates or refuses the
 * feature with a reason.
 */
#include "formats/formats_int.h"

#include "core/core_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_mapping: %s: %s\n", what, detail);
	abort();
}

static const char feature[] =
	"{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	"[[[37,48],[37.1,48],[37.1,48.1],[37,48]]]},\"properties\":{\"OBJECTID\":7,"
	"\"Area_Code\":\"FOR-HA-001\",\"Organisation\":\"DEMO-NGO\",\"Survey_Date\":"
	"\"2025-04-02\",\"Hazard_Type\":\"Suspected\",\"Area_Status\":\"Open\","
	"\"Survey Team\":\"B\",\"Shape_Area\":0.5,\"Empty\":null}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hr_mapping *m = NULL;
	hr_read_error e;
	hr_record *rec = NULL;
	json_t *feat;
	unsigned long lines = 1;
	int rc;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	rc = hr_mapping__parse(&m, (const char *)data, size, &e);
	if (rc == HR_ENOMEM)
		return 0;
	if (rc) {
		if (rc != HR_EINVAL || e.reason[0] == '\0')
			fail("refused without a reason", e.reason);
		if (e.line < 1 || e.line > lines || e.column < 1 || e.column > size + 1)
			fail("the error's place is outside the text", e.reason);
		if (m)
			fail("a refused mapping was handed out", "");
		return 0;
	}
	(void)hr_mapping__layer(m);
	if (!(feat = json_loads(feature, 0, NULL)))
		fail("the test feature does not parse", "");
	memset(&e, 0, sizeof e);
	rc = hr_mapping__feature_record(&rec, m, feat, &e);
	if (rc == 1 && e.reason[0] == '\0')
		fail("feature refused without a reason", e.field);
	if (rc == 0) {
		char msg[384] = "";
		if (!rec || hr_record_validate(rec, msg, sizeof msg) != 0)
			fail("an accepted record does not validate", msg);
	}
	hr_record_free(rec);
	json_decref(feat);
	hr_mapping__free(m);
	return 0;
}
