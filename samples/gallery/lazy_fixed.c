/* lazy_fixed.c - lazy.c with the lazy initialisation done by pthread_once(): the first caller runs
 * load_config, every other caller returns from pthread_once only after it has finished, and that
 * return is ordered after the load (happens-before), so reading the fields is safe. (The other
 * correct way: an atomic pointer, published with a release store and read with an acquire load.)
 *
 * The same forcing as lazy.c: handler 0 loads the configuration first.
 *
 * usage: lazy_fixed HANDLERS
 *
 * build: weft-cc
 * weft: run
 * args: 4
 * expect: none
 * expect-exit: 0
 * expect-stdout: handlers=4 sum=34368 name=gallery
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

static pthread_once_t config_once = PTHREAD_ONCE_INIT;
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

static void init_config(void)
{
	config = load_config();
}

static const struct config *get_config(void)
{
	pthread_once(&config_once, init_config);   /* FIX */
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
		fprintf(stderr, "usage: lazy_fixed HANDLERS\n");
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
