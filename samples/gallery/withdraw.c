/* withdraw.c - check-then-act: a withdrawal checks the balance in one critical section and debits
 * it in another. Each critical section is correct on its own (no data race, no lock-order
 * problem), but two withdrawals can both pass the check before either debits: the account is
 * overdrawn. An atomicity violation -- the window is a few instructions wide, so ordinary runs
 * almost never hit it; weft explore runs the program under many schedules and finds one.
 *
 * usage: withdraw THREADS BALANCE AMOUNT   (each thread tries to withdraw AMOUNT once)
 *
 * weft: explore
 * explore-strategies: pct random
 * explore-budget: 500
 * explore-expect: abort
 * args: 2 100 60
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static long balance, amount;
static int approved;

static int has_funds(long want)
{
	pthread_mutex_lock(&account_lock);
	int ok = balance >= want;
	pthread_mutex_unlock(&account_lock);
	return ok;
}

static void debit(long want)
{
	pthread_mutex_lock(&account_lock);
	balance -= want;
	approved++;
	pthread_mutex_unlock(&account_lock);
}

static void *withdraw(void *arg)
{
	if (has_funds(amount))          /* BUG: checked in one critical section ... */
		debit(amount);          /* ... and acted on in another */
	return NULL;
}

int main(int argc, char **argv)
{
	int nthreads = argc > 1 ? atoi(argv[1]) : 2;

	balance = argc > 2 ? atol(argv[2]) : 100;
	amount = argc > 3 ? atol(argv[3]) : 60;
	if (nthreads < 1 || balance < 0 || amount < 1) {
		fprintf(stderr, "usage: withdraw THREADS BALANCE AMOUNT\n");
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
