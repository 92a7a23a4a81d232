/* idempotent_fixed.c - idempotent.c with check and insert made one atomic step: the handler
 * inserts the id under the lock and learns in the same critical section whether it was new; only
 * the copy that inserted it charges. Every access to the table is under the lock.
 *
 * usage: idempotent_fixed REQUESTS
 *
 * build: weft-cc
 * weft: run
 * args: 200
 * expect: none
 * expect-exit: 0
 * expect-stdout: requests=200 payments=200 charged=20000
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

/* Inserts id; 1 if it was new, 0 if it was already there. Called under table_lock. */
static int seen_insert_new(long id)
{
	unsigned h = id % SLOTS;

	while (seen[h] && seen[h] != id)
		h = (h + 1) % SLOTS;
	if (seen[h] == id)
		return 0;
	seen[h] = id;
	return 1;
}

static void handle_payment(long id, long amount)
{
	if (id == 1 && step_add(&checked) < 2) /* forced: the other copy comes too */
		step_await(&checked, 2, 200);
	pthread_mutex_lock(&table_lock);
	if (seen_insert_new(id)) {             /* FIX: check and insert, one critical section */
		charged += amount;
		payments++;
	}
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
		fprintf(stderr, "usage: idempotent_fixed REQUESTS (1..%d)\n", SLOTS - 1);
		return 2;
	}
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, front_end, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("requests=%d payments=%ld charged=%ld\n", nrequests, payments, charged);
	return 0;
}
