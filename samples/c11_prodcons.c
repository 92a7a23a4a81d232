/* c11_prodcons.c - a bounded queue with C11 threads (thrd_*, mtx_*, cnd_*), predicates tested in
 * while loops, one producer, two consumers, a call_once initialiser. Correct: must stay silent.
 *
 * weft: run
 * expect: none
 * expect-exit: 0
 * expect-stdout: consumed=10000 sum=50005000 inits=1
 */
#include <stdio.h>
#include <threads.h>

#define CAP 4
#define ITEMS 10000

static once_flag init_once = ONCE_FLAG_INIT;
static mtx_t lock;
static cnd_t not_full, not_empty;
static long buf[CAP];
static int head, len, inits;

static void queue_init(void)
{
	mtx_init(&lock, mtx_plain);
	cnd_init(&not_full);
	cnd_init(&not_empty);
	inits++;
}

static void put(long v)
{
	mtx_lock(&lock);
	while (len == CAP)
		cnd_wait(&not_full, &lock);
	buf[(head + len) % CAP] = v;
	len++;
	cnd_signal(&not_empty);
	mtx_unlock(&lock);
}

static long get(void)
{
	long v;

	mtx_lock(&lock);
	while (len == 0)
		cnd_wait(&not_empty, &lock);
	v = buf[head];
	head = (head + 1) % CAP;
	len--;
	cnd_signal(&not_full);
	mtx_unlock(&lock);
	return v;
}

static int producer(void *arg)
{
	call_once(&init_once, queue_init);
	for (long i = 1; i <= ITEMS; i++)
		put(i);
	put(-1);
	put(-1);                     /* one poison pill per consumer */
	return 0;
}

struct tally { long count, sum; };

static int consumer(void *arg)
{
	struct tally *t = arg;
	long v;

	call_once(&init_once, queue_init);
	while ((v = get()) >= 0) {
		t->count++;
		t->sum += v;
	}
	return 0;
}

int main(void)
{
	thrd_t p, c[2];
	struct tally t[2] = {{0, 0}, {0, 0}};

	for (int i = 0; i < 2; i++)
		thrd_create(&c[i], consumer, &t[i]);
	thrd_create(&p, producer, NULL);
	thrd_join(p, NULL);
	for (int i = 0; i < 2; i++)
		thrd_join(c[i], NULL);
	printf("consumed=%ld sum=%ld inits=%d\n", t[0].count + t[1].count, t[0].sum + t[1].sum, inits);
	return 0;
}
