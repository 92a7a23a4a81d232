/* once.c - 8 threads race to use a table that pthread_once initialises exactly once; the table's
 * own mutex is then used by all of them. Correct: must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: inits=1 uses=8000
 */
#include <pthread.h>
#include <stdio.h>

#define THREADS 8

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t table_lock;
static int inits, uses;

static void table_init(void)
{
	pthread_mutex_init(&table_lock, NULL);
	inits++;
}

static void *user(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		pthread_once(&table_once, table_init);
		pthread_mutex_lock(&table_lock);
		uses++;
		pthread_mutex_unlock(&table_lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, user, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("inits=%d uses=%d\n", inits, uses);
	return 0;
}
