/* explore_cc_withdraw_fixed.c - the twin of explore_cc_withdraw.c: the withdrawal is one
 * compare-and-swap loop, and the main thread waits for a flag the first withdrawal sets by
 * spinning on an atomic load (a spin loop weft explore must not mistake for a livelock). Built
 * with weft-cc. Must never fail.
 *
 * weft: explore
 * explore-strategies: random pct dfs
 * explore-budget: 300
 * explore-expect: none
 */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int balance = 100;
static atomic_int withdrawn;

static void *withdraw(void *arg)
{
	int amount = 80;
	int seen = atomic_load(&balance);
	while (seen >= amount && !atomic_compare_exchange_weak(&balance, &seen, seen - amount))
		;   /* seen was refreshed: check again */
	atomic_fetch_add(&withdrawn, 1);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, withdraw, NULL);
	pthread_create(&b, NULL, withdraw, NULL);
	while (atomic_load(&withdrawn) == 0)
		;   /* spin until one withdrawal is through */
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("balance=%d\n", atomic_load(&balance));
	assert(atomic_load(&balance) == 20);
	return 0;
}
