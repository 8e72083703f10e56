/*
 * log_int.h - helpers shared by the Merkle tree (merkle.c) and its tiles
 * (tiles.c); not part of the public API.
 */
#ifndef HR_LOG_INT_H
#define HR_LOG_INT_H

#include <stddef.h>

/*
 * Reduce count adjacent hashes at one height (count a power of two, >= 1)
 * to the root of the perfect subtree they form. Overwrites hashes.
 */
void hr_merkle__hash_up(unsigned char out[32], unsigned char *hashes, size_t count);

#endif
