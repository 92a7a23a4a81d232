/* shared_waits.c - waits that another process ends: a process-shared semaphore and a process-shared
 * condition variable in shared memory. The parent's two threads wait on them (untimed) while a
 * forked child, which weft cannot see from the parent, posts and signals 1.3 s later -- longer than
 * weft's all-threads-blocked delay. These are not deadlocks: weft must not end the program.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: woken=2
 * timeout: 20
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
	sem_t sem;
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	int signalled;
};

static struct shared *sh;

static void *sem_waiter(void *arg)
{
	sem_wait(&sh->sem);
	return arg;
}

static void *cond_waiter(void *arg)
{
	pthread_mutex_lock(&sh->mutex);
	while (!sh->signalled)
		pthread_cond_wait(&sh->cond, &sh->mutex);
	pthread_mutex_unlock(&sh->mutex);
	return arg;
}

int main(void)
{
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->mutex, &ma);
	pthread_cond_init(&sh->cond, &ca);
	sem_init(&sh->sem, 1, 0);

	pid_t child = fork();
	if (child == 0) {
		usleep(1300 * 1000);
		sem_post(&sh->sem);
		pthread_mutex_lock(&sh->mutex);
		sh->signalled = 1;
		pthread_cond_broadcast(&sh->cond);
		pthread_mutex_unlock(&sh->mutex);
		_exit(0);
	}
	pthread_t a, b;
	pthread_create(&a, NULL, sem_waiter, NULL);
	pthread_create(&b, NULL, cond_waiter, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	waitpid(child, NULL, 0);
	printf("woken=2\n");
	return 0;
}
