/*
 * ratelimit.c - how often one client address may do something (submit a
 * public report): at most N times in a window of a minute, counted in
 * memory by the server and forgotten when it stops.
 *
 * The table has a fixed size, so that no stream of new addresses can make
 * it grow: an address is found by a keyed hash (SipHash, random key, so
 * that nobody can aim collisions) among a few slots; when none is free,
 * the one whose window started longest ago is reused. Someone who sends
 * from very many addresses can thus push an address out early; what they
 * cannot do is send more than N from any one address in a minute while it
 * is remembered, or exhaust the server's memory. Behind a reverse proxy
 * every client has the proxy's address: give the proxy its own limit.
 */
#include "server/srv.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 4096
#define PROBES 16
#define WINDOW_S 60

typedef struct {
	char addr[48];   /* "" when free */
	int64_t start;   /* when its window started, monotonic seconds */
	unsigned count;  /* taken in the window */
} slot;

struct srv_rate {
	pthread_mutex_t lock;
	unsigned per_window;
	unsigned char key[crypto_shorthash_KEYBYTES];
	slot slots[SLOTS];
};

srv_rate *srv_rate_new(unsigned per_minute)
{
	srv_rate *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	pthread_mutex_init(&r->lock, NULL);
	r->per_window = per_minute;
	crypto_shorthash_keygen(r->key);
	return r;
}

void srv_rate_free(srv_rate *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static int64_t now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec;
}

/* The slot of an address: its own, else a free or stale one, else the oldest. */
static slot *find(srv_rate *r, const char *addr, int64_t now)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t at;
	slot *spare = NULL;

	crypto_shorthash(h, (const unsigned char *)addr, strlen(addr), r->key);
	memcpy(&at, h, sizeof at);
	for (unsigned i = 0; i < PROBES; i++) {
		slot *s = &r->slots[(at + i) % SLOTS];
		if (strcmp(s->addr, addr) == 0)
			return s;
		if (!spare || (spare->addr[0] && (!s->addr[0] || s->start < spare->start)))
			spare = s;
	}
	/* a free slot, or else the one whose window started first: forgotten */
	snprintf(spare->addr, sizeof spare->addr, "%s", addr);
	spare->start = now;
	spare->count = 0;
	return spare;
}

int srv_rate_take(srv_rate *r, const char *addr, unsigned *retry_after)
{
	int64_t now = now_s();
	slot *s;
	int ok;

	*retry_after = 0;
	if (!r || r->per_window == 0)
		return 1;
	pthread_mutex_lock(&r->lock);
	s = find(r, addr ? addr : "?", now);
	if (now - s->start >= WINDOW_S) {
		s->start = now;
		s->count = 0;
	}
	ok = s->count < r->per_window;
	if (ok)
		s->count++;
	else
		*retry_after = (unsigned)(s->start + WINDOW_S - now);
	pthread_mutex_unlock(&r->lock);
	if (!ok && *retry_after == 0)
		*retry_after = 1;
	return ok;
}
