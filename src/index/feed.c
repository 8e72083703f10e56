/*
 * feed.c - the build's second thread: while the store is read, it faults
 * in the pages the scan is about to fill and makes the rasters of the
 * areas the scan has finished (index_int.h, "Rasters made on a second
 * thread"). What it has not done when the scan ends is done then on all
 * cores (hr_ix__rasters). It reads only what the scan has handed over, and
 * waits between chunks while the scan moves an array it reads.
 */
#include "index/index_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <unistd.h>

struct hr_ix_feed {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t tid;
	hr_index *ix;
	_Atomic size_t ready; /* areas [0, ready) are complete (the scan's) */
	_Atomic int hold;     /* the scan waits to move an array */
	_Atomic int stop;     /* the scan is over: the thread ends at once */
	size_t next;          /* areas [0, next) have their raster (under mu) */
	/* pages faulted in ahead of the scan (under mu) */
	const void *xy_at, *area_at; /* the arrays they were faulted in for */
	size_t xy_done, area_done;   /* bytes from the start */
};

#define HR_IX_FEED_CHUNK 256
#define HR_IX_FEED_STEP (2u << 20)   /* a huge page */
#define HR_IX_FEED_AHEAD (32u << 20) /* of the vertices; a quarter of it of the records */

/* Fault in (without writing) the next step of an array the scan is about
 * to fill, up to `ahead` bytes past `used`: the first touch of fresh
 * memory (zeroing, and on a virtual machine often the host's own fault)
 * is then paid here, not on the scan's thread. 1 when a step was taken. */
static int populate(const void *base, size_t cap, size_t used, size_t ahead, const void **at,
                    size_t *done)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t from, to;
	size_t want = used + ahead < cap ? used + ahead : cap;
	if (*at != base) {
		*at = base;
		*done = 0;
	}
	if (*done < used)
		*done = used;
	if (*done >= want)
		return 0;
	from = ((uintptr_t)base + *done + 4095) & ~(uintptr_t)4095;
	to = ((uintptr_t)base + (*done + HR_IX_FEED_STEP < want ? *done + HR_IX_FEED_STEP : want)) &
	     ~(uintptr_t)4095;
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE); /* a hint */
	*done = *done + HR_IX_FEED_STEP < want ? *done + HR_IX_FEED_STEP : want;
	return 1;
#else
	(void)base, (void)cap, (void)used, (void)ahead, (void)at, (void)done;
	return 0;
#endif
}

/* One step of faulting in ahead of the scan, if one is due. */
static int feed_ahead(hr_ix_feed *f, size_t ready)
{
	const hr_index *ix = f->ix;
	size_t vend = ready ? ix->area[ready - 1].vtx + (size_t)ix->area[ready - 1].nv : 0;
	return populate(ix->xy, ix->capxy * 2 * sizeof *ix->xy, vend * 2 * sizeof *ix->xy,
	                HR_IX_FEED_AHEAD, &f->xy_at, &f->xy_done) ||
	       populate(ix->area, ix->caparea * sizeof *ix->area, ready * sizeof *ix->area,
	                HR_IX_FEED_AHEAD / 4, &f->area_at, &f->area_done);
}

static void *feed_work(void *arg)
{
	hr_ix_feed *f = arg;
	pthread_mutex_lock(&f->mu);
	while (!atomic_load_explicit(&f->stop, memory_order_relaxed)) {
		size_t ready = atomic_load_explicit(&f->ready, memory_order_acquire), to;
		if (atomic_load_explicit(&f->hold, memory_order_relaxed)) {
			pthread_cond_wait(&f->cv, &f->mu);
			continue;
		}
		/* the scan's page faults first: they are on its way, rasters
		 * left over are made after it on every core */
		if (feed_ahead(f, ready))
			continue;
		if (f->next == ready) {
			pthread_cond_wait(&f->cv, &f->mu);
			continue;
		}
		to = ready - f->next > HR_IX_FEED_CHUNK ? f->next + HR_IX_FEED_CHUNK : ready;
		for (; f->next < to; f->next++)
			hr_ix__raster(f->ix, &f->ix->area[f->next]);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

void hr_ix__feed_start(hr_index *ix)
{
	hr_ix_feed *f;
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2 || !(f = hr__calloc(1, sizeof *f)))
		return;
	f->ix = ix;
	if (pthread_mutex_init(&f->mu, NULL) != 0) {
		hr_free(f);
		return;
	}
	if (pthread_cond_init(&f->cv, NULL) != 0) {
		pthread_mutex_destroy(&f->mu);
		hr_free(f);
		return;
	}
	if (pthread_create(&f->tid, NULL, feed_work, f) != 0) {
		pthread_cond_destroy(&f->cv);
		pthread_mutex_destroy(&f->mu);
		hr_free(f);
		return;
	}
	ix->feed = f;
}

void hr_ix__feed_put(hr_index *ix, size_t ready)
{
	hr_ix_feed *f = ix->feed;
	if (!f)
		return;
	atomic_store_explicit(&f->ready, ready, memory_order_release);
	/* a wake-up lost to a race costs a chunk's delay, not an area */
	if (ready % HR_IX_FEED_CHUNK == 0)
		pthread_cond_signal(&f->cv);
}

void hr_ix__feed_hold(hr_index *ix)
{
	if (ix->feed) {
		atomic_store_explicit(&ix->feed->hold, 1, memory_order_relaxed);
		pthread_mutex_lock(&ix->feed->mu); /* the thread is between chunks */
	}
}

void hr_ix__feed_let(hr_index *ix)
{
	if (ix->feed) {
		atomic_store_explicit(&ix->feed->hold, 0, memory_order_relaxed);
		pthread_cond_signal(&ix->feed->cv);
		pthread_mutex_unlock(&ix->feed->mu);
	}
}

size_t hr_ix__feed_stop(hr_index *ix)
{
	hr_ix_feed *f = ix->feed;
	size_t done;
	if (!f)
		return 0;
	/* seen by the thread within a chunk or a step; the signal under the
	 * lock wakes it if it waits */
	atomic_store_explicit(&f->stop, 1, memory_order_relaxed);
	pthread_mutex_lock(&f->mu);
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->tid, NULL);
	done = f->next;
	pthread_cond_destroy(&f->cv);
	pthread_mutex_destroy(&f->mu);
	hr_free(f);
	ix->feed = NULL;
	return done;
}
