/* self_deadlock.c - a thread locks a default (non-recursive) mutex it already holds.
 *
 * add_entry() holds the table lock and calls table_size(), which takes it again: the thread waits
 * for itself forever. weft must end the program (exit 66) and report a one-step cycle (holds ==
 * waits).
 *
 * weft: run
 * expect: deadlock self cycle=1 locks=1 wait-kind=mutex function=table_size function=add_entry
 * allow: lock-order-inversion
 * expect-exit: 66
 * expect-ended-by-weft: yes
 * expect-max-seconds: 3
 * timeout: 20
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int table[16];
static int entries;

__attribute__((noinline)) static int table_size(void)
{
	int n;

	pthread_mutex_lock(&table_lock);   /* BUG: the caller already holds table_lock */
	n = entries;
	pthread_mutex_unlock(&table_lock);
	return n;
}

__attribute__((noinline)) static void add_entry(int v)
{
	pthread_mutex_lock(&table_lock);
	if (table_size() < 16)
		table[entries++] = v;
	pthread_mutex_unlock(&table_lock);
}

int main(void)
{
	add_entry(42);
	printf("entries=%d\n", entries);
	return 0;
}
