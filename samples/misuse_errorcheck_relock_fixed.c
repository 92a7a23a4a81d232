/* misuse_errorcheck_relock_fixed.c - twin of misuse_errorcheck_relock.c: the helper documents
 * that its caller holds the lock and does not take it. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: total=30 relock=0
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t account_lock;
static int amounts[3] = {5, 10, 15};
static int relock_rc;

/* Caller holds account_lock. */
__attribute__((noinline)) static int account_total_locked(void)
{
	int t = 0;

	for (int i = 0; i < 3; i++)
		t += amounts[i];
	return t;
}

__attribute__((noinline)) static int close_account(void)
{
	int t;

	pthread_mutex_lock(&account_lock);
	t = account_total_locked();
	pthread_mutex_unlock(&account_lock);
	return t;
}

int main(void)
{
	pthread_mutexattr_t attr;
	int total;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&account_lock, &attr);
	pthread_mutexattr_destroy(&attr);
	total = close_account();
	printf("total=%d relock=%d\n", total, relock_rc);
	pthread_mutex_destroy(&account_lock);
	return 0;
}
