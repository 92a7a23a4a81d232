/* actors_stop_fixed.c - actors_stop.c with the mailbox closed when the actor stops: the actor
 * marks its mailbox closed (under the mailbox lock) when it takes STOP and answers the requests
 * still queued with an error; send_msg() to a closed mailbox fails at once, and ask_balance()
 * returns the error instead of waiting for a reply that cannot come.
 *
 * usage: actors_stop_fixed DEPOSITS
 *
 * weft: run
 * args: 100
 * expect: none
 * expect-exit: 0
 * expect-stdout: late request refused
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { DEPOSIT, GET, STOP };

struct reply {
	pthread_mutex_t lock;
	pthread_cond_t ready_cond;
	int ready;
	long value;
	int error;
};

struct msg {
	int type;
	long amount;
	struct reply *reply;      /* GET: where the answer goes */
	struct msg *next;
};

struct actor {
	pthread_t thread;
	pthread_mutex_t lock;     /* the mailbox */
	pthread_cond_t nonempty;
	struct msg *head, *tail;
	int closed;               /* the actor has stopped */
	long balance;             /* the actor's own state */
};

static void answer(struct reply *r, long value, int error)
{
	pthread_mutex_lock(&r->lock);
	r->value = value;
	r->error = error;
	r->ready = 1;
	pthread_cond_signal(&r->ready_cond);
	pthread_mutex_unlock(&r->lock);
}

static int send_msg(struct actor *a, int type, long amount, struct reply *reply)
{
	struct msg *m = calloc(1, sizeof *m);

	m->type = type;
	m->amount = amount;
	m->reply = reply;
	pthread_mutex_lock(&a->lock);
	if (a->closed) {                     /* FIX: the actor has stopped: refuse */
		pthread_mutex_unlock(&a->lock);
		free(m);
		return -1;
	}
	if (a->tail)
		a->tail->next = m;
	else
		a->head = m;
	a->tail = m;
	pthread_cond_signal(&a->nonempty);
	pthread_mutex_unlock(&a->lock);
	return 0;
}

static long ask_balance(struct actor *a, int *error)
{
	struct reply r = {.lock = PTHREAD_MUTEX_INITIALIZER, .ready_cond = PTHREAD_COND_INITIALIZER};

	if (send_msg(a, GET, 0, &r) < 0) {
		*error = 1;
		return 0;
	}
	pthread_mutex_lock(&r.lock);
	while (!r.ready)
		pthread_cond_wait(&r.ready_cond, &r.lock);
	pthread_mutex_unlock(&r.lock);
	*error = r.error;
	return r.value;
}

/* One message, on the actor's own thread. Returns 0 after STOP. */
static int account_receive(struct actor *a, struct msg *m)
{
	switch (m->type) {
	case DEPOSIT:
		a->balance += m->amount;
		return 1;
	case GET:
		answer(m->reply, a->balance, 0);
		return 1;
	default:
		return 0;
	}
}

static void *actor_main(void *arg)
{
	struct actor *a = arg;
	int running = 1;

	while (running) {
		pthread_mutex_lock(&a->lock);
		while (!a->head)
			pthread_cond_wait(&a->nonempty, &a->lock);
		struct msg *m = a->head;
		a->head = m->next;
		if (!a->head)
			a->tail = NULL;
		pthread_mutex_unlock(&a->lock);
		running = account_receive(a, m);
		free(m);
	}
	pthread_mutex_lock(&a->lock);           /* FIX: close the mailbox, refuse what is left */
	a->closed = 1;
	struct msg *left = a->head;
	a->head = a->tail = NULL;
	pthread_mutex_unlock(&a->lock);
	while (left) {
		struct msg *next = left->next;
		if (left->type == GET)
			answer(left->reply, 0, 1);
		free(left);
		left = next;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct actor acct = {.lock = PTHREAD_MUTEX_INITIALIZER, .nonempty = PTHREAD_COND_INITIALIZER};
	int deposits = argc > 1 ? atoi(argv[1]) : 100, error;

	if (deposits < 1) {
		fprintf(stderr, "usage: actors_stop_fixed DEPOSITS\n");
		return 2;
	}
	pthread_create(&acct.thread, NULL, actor_main, &acct);
	for (int i = 0; i < deposits; i++)
		send_msg(&acct, DEPOSIT, 10, NULL);
	long balance = ask_balance(&acct, &error);
	printf("deposits=%d balance=%ld\n", deposits, balance);
	send_msg(&acct, STOP, 0, NULL);
	fflush(stdout);

	pthread_join(acct.thread, NULL);            /* (the actor has surely stopped) */
	balance = ask_balance(&acct, &error);        /* now refused */
	if (error)
		printf("late request refused\n");
	else
		printf("late balance=%ld\n", balance);
	return 0;
}
