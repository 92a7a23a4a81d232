/* misuse_unlock_not_owner_fixed.c - twin of misuse_unlock_not_owner.c: the signal is a semaphore;
 * the mutex is locked and unlocked by the same thread. Must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: released
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t gate;

static void *releaser(void *arg)
{
	pthread_mutex_lock(&print_lock);
	printf("released\n");
	pthread_mutex_unlock(&print_lock);
	sem_post(&gate);
	return NULL;
}

int main(void)
{
	pthread_t t;

	sem_init(&gate, 0, 0);
	pthread_create(&t, NULL, releaser, NULL);
	sem_wait(&gate);
	pthread_join(t, NULL);
	sem_destroy(&gate);
	return 0;
}
