/* bank_fixed.c - bank.c with its deadlock fixed: every transfer locks the two accounts in one
 * global order (lower account id first), whatever the direction of the payment, so no cycle of
 * waits can form.
 *
 * usage: bank_fixed ACCOUNTS TRANSFERS
 *
 * The same forcing as bank.c: now the second teller waits for account 0 as it should, and the
 * first one stops waiting for it after 200 ms and completes its transfer.
 *
 * weft: run
 * args: 8 2000
 * expect: none
 * expect-exit: 0
 * expect-stdout: accounts=8 total=8000
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "gallery.h"

struct account {
	pthread_mutex_t lock;
	int id;
	long balance;
};

static struct account *accounts;
static int naccounts, ntransfers;
static atomic_int holding;   /* tellers holding the first account of their first transfer */

static void transfer(struct account *from, struct account *to, long amount, int first)
{
	struct account *lo = from->id < to->id ? from : to;
	struct account *hi = from->id < to->id ? to : from;

	pthread_mutex_lock(&lo->lock);          /* FIX: lower id first, whatever the direction */
	if (first) {                             /* let the other teller take its first account */
		step_add(&holding);
		step_await(&holding, 2, 200);
	}
	pthread_mutex_lock(&hi->lock);
	if (from->balance >= amount) {
		from->balance -= amount;
		to->balance += amount;
	}
	pthread_mutex_unlock(&hi->lock);
	pthread_mutex_unlock(&lo->lock);
}

static void *teller(void *arg)
{
	int t = (int)(long)arg;

	for (int k = 0; k < ntransfers; k++) {
		int a = (k * 7 + t) % naccounts, b = (k * 5 + 1) % naccounts;
		if (k == 0)
			a = t, b = 1 - t;        /* teller 0: 0 -> 1, teller 1: 1 -> 0 */
		if (a == b)
			b = (b + 1) % naccounts;
		transfer(&accounts[a], &accounts[b], 1 + k % 50, k == 0);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[2];
	long total = 0;

	naccounts = argc > 1 ? atoi(argv[1]) : 8;
	ntransfers = argc > 2 ? atoi(argv[2]) : 2000;
	if (naccounts < 2 || ntransfers < 1) {
		fprintf(stderr, "usage: bank_fixed ACCOUNTS>=2 TRANSFERS>=1\n");
		return 2;
	}
	accounts = calloc(naccounts, sizeof *accounts);
	for (int i = 0; i < naccounts; i++) {
		pthread_mutex_init(&accounts[i].lock, NULL);
		accounts[i].id = i;
		accounts[i].balance = 1000;
	}
	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, teller, (void *)i);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < naccounts; i++)
		total += accounts[i].balance;
	printf("accounts=%d total=%ld\n", naccounts, total);
	free(accounts);
	return 0;
}
