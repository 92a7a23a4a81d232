/* race_use_after_free_fixed.c - the twin of race_use_after_free.c: the owner joins the reader
 * before it frees the block, so the read happens before the free. Must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: done
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct msg {
	long id;
	long payload[7];
};

long seen;     /* not static: the compiler must keep the read */

static void *reader(void *arg)
{
	struct msg *m = arg;
	seen = m->payload[0] + m->id;
	return NULL;
}

static void *owner(void *arg)
{
	struct msg *m = calloc(1, sizeof *m);
	m->id = 7;
	pthread_t r;
	pthread_create(&r, NULL, reader, m);
	pthread_join(r, NULL);         /* the read happens before the free */
	free(m);
	return arg;
}

int main(void)
{
	pthread_t a;
	pthread_create(&a, NULL, owner, NULL);
	pthread_join(a, NULL);
	puts("done");
	return 0;
}
