/* bank.c - tellers move money between accounts. A transfer locks the account it takes money from,
 * then the account it pays into. Two tellers paying in opposite directions between the same two
 * accounts deadlock: each holds one account and waits for the other (an ABBA deadlock).
 *
 * usage: bank ACCOUNTS TRANSFERS   (each of the two tellers makes TRANSFERS transfers)
 *
 * The tellers' first transfers (0 -> 1 and 1 -> 0) are made to overlap with steps weft cannot see
 * (gallery.h): both take their first account before either asks for its second. Without weft this
 * program hangs forever; weft ends it and reports the deadlock.
 *
 * weft: run
 * args: 8 2000
 * expect: deadlock cycle=2 wait-kind=mutex function=transfer function=teller
 * allow: lock-order-inversion
 * expect-exit: 66
 * expect-ended-by-weft: yes
 * expect-max-seconds: 3
 * timeout: 20
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
	pthread_mutex_lock(&from->lock);
	if (first) {                             /* let the other teller take its first account */
		step_add(&holding);
		step_await(&holding, 2, 200);
	}
	pthread_mutex_lock(&to->lock);          /* BUG: the order depends on the direction */
	if (from->balance >= amount) {
		from->balance -= amount;
		to->balance += amount;
	}
	pthread_mutex_unlock(&to->lock);
	pthread_mutex_unlock(&from->lock);
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
		fprintf(stderr, "usage: bank ACCOUNTS>=2 TRANSFERS>=1\n");
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
