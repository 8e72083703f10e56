/*
 * hazreg/common.h - shared vocabulary of the public API: error codes, time,
 * points and boxes, the export macro and the one deallocator.
 */
#ifndef HAZREG_COMMON_H
#define HAZREG_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define HR_BEGIN_DECL extern "C" {
#define HR_END_DECL }
#else
#define HR_BEGIN_DECL
#define HR_END_DECL
#endif

#if defined(__GNUC__)
#define HR_EXTERN(type) extern __attribute__((visibility("default"))) type
#else
#define HR_EXTERN(type) extern type
#endif

HR_BEGIN_DECL

/** Error codes. Every fallible function returns 0 or one of these (< 0). */
typedef enum {
	HR_OK = 0,
	HR_ERROR = -1,      /**< generic failure; see hr_errmsg() */
	HR_ENOMEM = -2,     /**< out of memory */
	HR_EINVAL = -3,     /**< caller mistake: bad argument */
	HR_ENOTFOUND = -4,  /**< no such record, area or file */
	HR_EIO = -5,        /**< storage failed (read, write, fsync) */
	HR_ECORRUPT = -6,   /**< stored bytes do not decode or do not hash */
	HR_EVALIDATE = -7,  /**< input refused by validation */
	HR_EEXISTS = -8,    /**< already exists */
	HR_EVERSION = -9,   /**< unknown format or interface version */
	HR_EREADONLY = -10, /**< write attempted on a read-only register */
	HR_EBUSY = -11,     /**< another writer held the register longer than the
	                         handle waits (hr_open_options.lock_wait_ms) */
} hr_error_code;

/**
 * Name an error code in plain words.
 * @param code one of hr_error_code
 * @return a static string, never NULL
 */
HR_EXTERN(const char *) hr_strerror(int code);

/**
 * Free memory that the library returned and documented as "caller frees
 * with hr_free()". NULL is harmless.
 */
HR_EXTERN(void) hr_free(void *p);

/** A moment: whole seconds since 1970-01-01T00:00:00Z (UTC, no leap secs). */
typedef int64_t hr_time;
/** "No time given" (unknown emplacement, open-ended validity). */
#define HR_TIME_NONE INT64_MIN
/** Length of a buffer that holds any formatted hr_time with its NUL. */
#define HR_TIME_BUFSZ 32

/**
 * Parse an ISO 8601 date-time with a zone ("2025-03-01T06:30:00Z",
 * "2025-03-01T08:30+02:00") or a calendar date ("2025-03-01", meaning
 * 00:00:00Z that day). Fractions of seconds are truncated.
 * @param out receives the time
 * @param s text, need not be NUL-terminated
 * @param len length of s in bytes
 * @return 0, or HR_EINVAL when s is not such a time (no zone, bad field)
 */
HR_EXTERN(int) hr_time_parse(hr_time *out, const char *s, size_t len);

/**
 * Format a time as "YYYY-MM-DDTHH:MM:SSZ".
 * @param buf at least HR_TIME_BUFSZ bytes
 * @param t the time; HR_TIME_NONE formats as the empty string
 * @return buf
 */
HR_EXTERN(char *) hr_time_format(char *buf, hr_time t);

/**
 * "Now" for the library: the wall clock, or the value of the environment
 * variable HAZREG_NOW (an ISO 8601 time) when it is set, so that answers
 * can be reproduced.
 */
HR_EXTERN(hr_time) hr_time_now(void);

/** Length of a buffer that holds any number hr_json_real() writes. */
#define HR_REAL_BUFSZ 40

/**
 * A double as a JSON number that reads back as the same double: the
 * shorter of "%.15g" and "%.17g" that does; negative zero as 0, and null
 * when the value is not finite.
 * @param buf at least HR_REAL_BUFSZ bytes
 * @return buf
 */
HR_EXTERN(char *) hr_json_real(char *buf, double v);

/** A WGS84 position, degrees; lon first as in GeoJSON. */
typedef struct {
	double lon;
	double lat;
} hr_point;

/** A WGS84 box, degrees. */
typedef struct {
	double west, south, east, north;
} hr_bbox;

HR_END_DECL

#endif
