/* lazy.c - lazy initialisation by double-checked locking: the configuration is loaded by the first
 * request handler that needs it; the others find it already there, without taking the lock.
 *
 * BUG: the fast path reads the plain pointer `config` (and then the fields it points to) without
 * any synchronisation with the thread that wrote them: a data race. On a weakly ordered machine,
 * or after the compiler reorders the stores, a handler can see the pointer before the fields.
 *
 * Forced (gallery.h): handler 0 loads the configuration; the other handlers start right after and
 * take the fast path.
 *
 * usage: lazy HANDLERS
 *
 * build: weft-cc
 * weft: run
 * args: 4
 * expect: data-race function=get_config function=load_config threads=2
 * allow: data-race
 * expect-exit: 66
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gallery.h"

struct config {
	int port;
	int max_connections;
	char name[32];
};

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static struct config *config;
static atomic_int loaded;

static struct config *load_config(void)
{
	struct config *c = malloc(sizeof *c);

	c->port = 8080;
	c->max_connections = 512;
	strcpy(c->name, "gallery");
	return c;
}

static const struct config *get_config(void)
{
	if (config == NULL) {                  /* BUG: read without synchronisation */
		pthread_mutex_lock(&init_lock);
		if (config == NULL)
			config = load_config();
		pthread_mutex_unlock(&init_lock);
	}
	return config;
}

static void *handler(void *arg)
{
	long id = (long)arg;

	if (id != 0)
		step_await(&loaded, 1, 0);     /* forced: handler 0 loads it first */
	const struct config *c = get_config();
	if (id == 0)
		step_post(&loaded, 1);
	return (void *)(long)(c->port + c->max_connections);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4;
	long sum = 0;

	if (n < 1) {
		fprintf(stderr, "usage: lazy HANDLERS\n");
		return 2;
	}
	pthread_t t[n];
	for (long i = 0; i < n; i++)
		pthread_create(&t[i], NULL, handler, (void *)i);
	for (int i = 0; i < n; i++) {
		void *r;
		pthread_join(t[i], &r);
		sum += (long)r;
	}
	printf("handlers=%d sum=%ld name=%s\n", n, sum, get_config()->name);
	return 0;
}
