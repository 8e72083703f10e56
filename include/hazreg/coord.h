/*
 * hazreg/coord.h - coordinates as field teams write them: decimal degrees,
 * degrees-minutes-seconds, UTM (zones 34N-38N) and MGRS grid references,
 * read to WGS84 longitude/latitude (UTM through PROJ).
 *
 * A grid reference names a square, not a point: "37U DQ 12 34" is a 1 km
 * square, "37U DQ 123 456" a 100 m one. Readers keep that square, so that
 * a point query on it asks about the whole square (docs/formats.md,
 * "Coordinates").
 */
#ifndef HAZREG_COORD_H
#define HAZREG_COORD_H

#include "common.h"

HR_BEGIN_DECL

/** How a coordinate was written. */
typedef enum {
	HR_COORD_DD = 1,  /**< decimal degrees, "48.1234, 37.5678" or "48.1234N 37.5678E" */
	HR_COORD_DMS = 2, /**< degrees, minutes, seconds: 48°07'24.2"N 37°34'04.1"E */
	HR_COORD_UTM = 3, /**< "37U 412345 5334567" or "37N 412345 5334567" */
	HR_COORD_MGRS = 4 /**< "37UDQ1234556789", spaces allowed */
} hr_coord_form;

/** A coordinate read from text. */
typedef struct {
	hr_coord_form form;
	hr_point p;      /**< the point (DD, DMS, UTM) or the square's centre (MGRS) */
	double side_m;   /**< MGRS: the square's side in metres (1..100000); else 0 */
	hr_point ring[5]; /**< MGRS: the square's corners in lon/lat, closed
	                       (SW, SE, NE, NW, SW), as UTM draws it; else unset */
} hr_coord;

/**
 * Read one coordinate in any of the forms above (grammar in
 * docs/formats.md). Degrees without hemisphere letters are latitude then
 * longitude (ISO 6709, as GPS receivers and KoBo write them); with the
 * letters N/S/E/W (or Ukrainian Пн/Пд/Сх/Зх), the letters decide.
 * @param err receives the reason and the column (1-based) where the text
 *        went wrong, e.g. "column 4: MGRS 100 km square 'DZ' does not exist
 *        in zone 37"
 * Safe to call from several threads at once: each thread keeps its own
 * PROJ context and transformations (made on first use, freed when the
 * thread ends).
 * @param out receives the coordinate (zeroed on failure)
 * @param text NUL-terminated UTF-8, borrowed
 * @param errlen size of err (err may be NULL when errlen is 0)
 * @return 0, HR_EINVAL (not a coordinate, or out of range: UTM zones other
 *         than 34..38 north are refused, naming the zone), HR_ENOMEM,
 *         HR_ERROR (PROJ cannot make the transformation: no proj.db)
 */
HR_EXTERN(int) hr_coord_parse(hr_coord *out, const char *text, char *err, size_t errlen);

/**
 * Write lon/lat as MGRS or UTM text (for exports and tests): MGRS as
 * "37UDQ1234556789" (truncated to the square that holds the point, as MGRS
 * is read), UTM as "37U 412345 5334567" (rounded to the metre). The zone is
 * the point's own, with the Norway and Svalbard exceptions.
 * @param buf receives the text, NUL-terminated; "" on failure
 * @param n size of buf (24 bytes hold any of them)
 * @param digits MGRS: digits per easting/northing, 0..5 (0: the 100 km
 *        square, 5: 1 m)
 * @return 0, HR_EINVAL (outside zones 34N-38N, buffer too small)
 */
HR_EXTERN(int) hr_coord_to_mgrs(char *buf, size_t n, hr_point p, int digits);
HR_EXTERN(int) hr_coord_to_utm(char *buf, size_t n, hr_point p);

/**
 * UTM of lon/lat as numbers (through PROJ, EPSG:4326 -> EPSG:326ZZ).
 * @param zone receives the zone (34..38)
 * @param band receives the latitude band letter (N..X)
 * @param easting, northing receive metres, unrounded
 * @return 0, HR_EINVAL (outside zones 34N-38N), HR_ERROR (PROJ failed)
 */
HR_EXTERN(int) hr_coord_utm(hr_point p, int *zone, char *band, double *easting, double *northing);

HR_END_DECL

#endif
