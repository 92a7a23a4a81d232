/* idempotent.c - an idempotent payment handler: every request carries an id, and a table of the ids
 * already seen makes a retried request harmless -- it must be charged once. Two front-end threads
 * receive every request (a client that timed out retries through the other one).
 *
 * BUG: the handler checks the table (without the lock: "it is only a read") and inserts the id
 * later, under the lock: check and insert are not one atomic step. Two copies of a request can
 * both find the id absent, and the payment is charged twice. The unlocked check also races with
 * the insert. Forced (gallery.h): both copies of the first request pass the check together.
 *
 * usage: idempotent REQUESTS
 *
 * build: weft-cc
 * weft: run
 * args: 200
 * expect: data-race function=seen_contains function=seen_insert threads=2
 * allow: data-race
 * expect-exit: 66
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "gallery.h"

#define SLOTS 4096                    /* open addressing; id 0 is never used */

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static long seen[SLOTS];
static long charged, payments;        /* under table_lock */
static int nrequests;
static atomic_int checked;

static int seen_contains(long id)
{
	for (unsigned h = id % SLOTS; seen[h]; h = (h + 1) % SLOTS)
		if (seen[h] == id)
			return 1;
	return 0;
}

static void seen_insert(long id)
{
	unsigned h = id % SLOTS;

	while (seen[h] && seen[h] != id)
		h = (h + 1) % SLOTS;
	seen[h] = id;
}

static void handle_payment(long id, long amount)
{
	if (seen_contains(id))                 /* BUG: checked without the lock ... */
		return;                        /* a retry: already charged */
	if (id == 1 && step_add(&checked) < 2) /* forced: the other copy checks too */
		step_await(&checked, 2, 200);
	pthread_mutex_lock(&table_lock);
	seen_insert(id);                       /* ... and inserted later */
	charged += amount;
	payments++;
	pthread_mutex_unlock(&table_lock);
}

static void *front_end(void *arg)
{
	for (long id = 1; id <= nrequests; id++)
		handle_payment(id, 100);
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t t[2];

	nrequests = argc > 1 ? atoi(argv[1]) : 200;
	if (nrequests < 1 || nrequests >= SLOTS) {
		fprintf(stderr, "usage: idempotent REQUESTS (1..%d)\n", SLOTS - 1);
		return 2;
	}
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, front_end, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("requests=%d payments=%ld charged=%ld\n", nrequests, payments, charged);
	return 0;
}
