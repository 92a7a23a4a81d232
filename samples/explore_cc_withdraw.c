/* explore_cc_withdraw.c - check-then-act on an atomic: each thread reads the balance and, if it
 * covers the amount, stores the balance minus the amount. Every access is atomic (no data race),
 * but a thread can be switched out between its load and its store, so both withdrawals pass the
 * check: 160 is paid out of 100. Built with weft-cc, so atomics are scheduling points; a
 * plain build has no scheduling point between the load and the store and no run can fail.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 200
 * explore-max-preemptions: 1
 * explore-expect: abort
 */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int balance = 100;
static atomic_int paid;

static void *withdraw(void *arg)
{
	int amount = 80;
	int seen = atomic_load(&balance);
	if (seen >= amount) {
		atomic_store(&balance, seen - amount);   /* BUG: the balance may have changed since */
		atomic_fetch_add(&paid, amount);
	}
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, withdraw, NULL);
	pthread_create(&b, NULL, withdraw, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("balance=%d paid=%d\n", atomic_load(&balance), atomic_load(&paid));
	assert(atomic_load(&balance) + atomic_load(&paid) == 100);
	return 0;
}
