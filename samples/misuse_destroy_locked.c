/* misuse_destroy_locked.c - a mutex destroyed while it is locked (glibc returns EBUSY and the
 * program ignores it).
 *
 * weft: run
 * expect: api-misuse misuse=destroy-locked function=close_log
 * expect-exit: 66
 * expect-stdout: lines=3
 */
#include <pthread.h>
#include <stdio.h>

struct log {
	pthread_mutex_t lock;
	int lines;
};

__attribute__((noinline)) static void log_line(struct log *l)
{
	pthread_mutex_lock(&l->lock);
	l->lines++;
	pthread_mutex_unlock(&l->lock);
}

__attribute__((noinline)) static int close_log(struct log *l)
{
	int lines;

	pthread_mutex_lock(&l->lock);
	lines = l->lines;
	pthread_mutex_destroy(&l->lock);   /* BUG: still locked */
	return lines;
}

int main(void)
{
	struct log l = {.lines = 0};

	pthread_mutex_init(&l.lock, NULL);
	for (int i = 0; i < 3; i++)
		log_line(&l);
	printf("lines=%d\n", close_log(&l));
	return 0;
}
