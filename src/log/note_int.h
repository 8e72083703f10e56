/*
 * note_int.h - helpers shared by the signed-note code (note.c) and the
 * checkpoint code (checkpoint.c): the text rules of C2SP signed-note and
 * strict base64.
 */
#ifndef HR_NOTE_INT_H
#define HR_NOTE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/core_int.h"
#include "hazreg/note.h"

/*
 * Check that text[0..len) is valid UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF) without ASCII control characters other than
 * '\n'. On failure writes "line N: reason" to err, N counted from 1.
 */
int hr_note__check_utf8(const char *text, size_t len, char *err, size_t errsz);

/*
 * Decode strict standard base64 with padding (RFC 4648 section 4): the
 * input must be exactly the canonical encoding of the bytes it gives, so
 * one byte string has one spelling. Returns 0 and the length in *outlen,
 * or -1 (bad character, padding, trailing bits, or more than outmax bytes).
 */
int hr_note__b64_decode(uint8_t *out, size_t outmax, size_t *outlen, const char *s, size_t len);

/* Encode n bytes as standard padded base64 into buf (NUL-terminated).
 * bufsz must be at least 4 * ((n + 2) / 3) + 1. Returns the text length. */
size_t hr_note__b64_encode(char *buf, size_t bufsz, const uint8_t *p, size_t n);

#endif
