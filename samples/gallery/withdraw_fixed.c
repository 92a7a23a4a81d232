/* withdraw_fixed.c - withdraw.c with the check and the debit in one critical section: no other
 * withdrawal can come between them, in any schedule (weft explore tries its budget of them).
 *
 * usage: withdraw_fixed THREADS BALANCE AMOUNT   (each thread tries to withdraw AMOUNT once)
 *
 * weft: explore
 * explore-strategies: pct random
 * explore-budget: 500
 * explore-expect: none
 * args: 2 100 60
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static long balance, amount;
static int approved;

static int try_debit(long want)
{
	pthread_mutex_lock(&account_lock);   /* FIX: check and act under one lock */
	int ok = balance >= want;
	if (ok) {
		balance -= want;
		approved++;
	}
	pthread_mutex_unlock(&account_lock);
	return ok;
}

static void *withdraw(void *arg)
{
	try_debit(amount);
	return NULL;
}

int main(int argc, char **argv)
{
	int nthreads = argc > 1 ? atoi(argv[1]) : 2;

	balance = argc > 2 ? atol(argv[2]) : 100;
	amount = argc > 3 ? atol(argv[3]) : 60;
	if (nthreads < 1 || balance < 0 || amount < 1) {
		fprintf(stderr, "usage: withdraw_fixed THREADS BALANCE AMOUNT\n");
		return 2;
	}
	pthread_t t[nthreads];
	for (int i = 0; i < nthreads; i++)
		pthread_create(&t[i], NULL, withdraw, NULL);
	for (int i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	printf("approved=%d balance=%ld\n", approved, balance);
	assert(balance >= 0);           /* the bank's invariant: never overdrawn */
	return 0;
}
