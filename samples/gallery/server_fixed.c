/* server_fixed.c - server.c with race-free statistics: the counters are atomics, updated with
 * atomic_fetch_add (relaxed: they are independent counters, read only after the workers are
 * joined, and pthread_join orders those reads).
 *
 * The rest as in server.c: a thread-pool server on loopback: an acceptor thread hands connections to worker
 * threads through a queue; each worker answers the requests of its connection (a number in, its
 * square out) and counts them in shared request statistics. A load generator in the same program
 * (CLIENTS client threads, REQUESTS requests each) drives it.
 *
 * usage: server_fixed WORKERS CLIENTS REQUESTS
 *
 * build: weft-cc
 * weft: run
 * args: 4 4 50
 * expect: none
 * expect-exit: 0
 * expect-stdout: answered=200 requests=200 bytes=3200
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include "gallery.h"

#define QCAP 64

static struct {                  /* connections waiting for a worker */
	pthread_mutex_t lock;
	pthread_cond_t nonempty;
	int fds[QCAP];
	int head, len;
} conns = {.lock = PTHREAD_MUTEX_INITIALIZER, .nonempty = PTHREAD_COND_INITIALIZER};

static struct {
	atomic_long requests;
	atomic_long bytes;
} stats;

static int listen_fd, nclients, nrequests;
static struct sockaddr_in server_addr;
static atomic_int first_done;    /* clients that have had their first answer */

static void record_request(size_t bytes)
{
	atomic_fetch_add_explicit(&stats.requests, 1, memory_order_relaxed);   /* FIX */
	atomic_fetch_add_explicit(&stats.bytes, bytes, memory_order_relaxed);
}

static int io_all(int fd, void *buf, size_t n, int writing)
{
	for (size_t done = 0; done < n;) {
		ssize_t r = writing ? send(fd, (char *)buf + done, n - done, MSG_NOSIGNAL)
				    : recv(fd, (char *)buf + done, n - done, 0);
		if (r <= 0)
			return -1;
		done += r;
	}
	return 0;
}

static void conn_push(int fd)
{
	pthread_mutex_lock(&conns.lock);
	if (conns.len < QCAP) {
		conns.fds[(conns.head + conns.len++) % QCAP] = fd;
		pthread_cond_signal(&conns.nonempty);
	} else {
		close(fd);               /* overloaded: refuse */
	}
	pthread_mutex_unlock(&conns.lock);
}

static int conn_pop(void)
{
	pthread_mutex_lock(&conns.lock);
	while (conns.len == 0)
		pthread_cond_wait(&conns.nonempty, &conns.lock);
	int fd = conns.fds[conns.head];
	conns.head = (conns.head + 1) % QCAP;
	conns.len--;
	pthread_mutex_unlock(&conns.lock);
	return fd;
}

static void *acceptor(void *arg)
{
	int fd;

	while ((fd = accept(listen_fd, NULL, NULL)) >= 0)
		conn_push(fd);
	return NULL;                     /* the listening socket was shut down */
}

static void *worker(void *arg)
{
	int fd;
	uint64_t n;

	while ((fd = conn_pop()) >= 0) {
		while (io_all(fd, &n, sizeof n, 0) == 0) {
			uint64_t square = n * n;
			record_request(2 * sizeof n);
			if (io_all(fd, &square, sizeof square, 1) < 0)
				break;
		}
		close(fd);
	}
	return NULL;                     /* fd -1: shutting down */
}

static void *client(void *arg)
{
	long id = (long)arg, ok = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&server_addr, sizeof server_addr) < 0) {
		perror("client: connect");
		exit(1);
	}
	step_await(&first_done, id, 0);  /* forced: first requests one client after another */
	for (uint64_t i = 0; i < (uint64_t)nrequests; i++) {
		uint64_t n = id * 1000 + i, answer;
		if (io_all(fd, &n, sizeof n, 1) < 0 || io_all(fd, &answer, sizeof answer, 0) < 0)
			break;
		ok += answer == n * n;
		if (i == 0) {            /* all connections open together */
			step_add(&first_done);
			step_await(&first_done, nclients, 0);
		}
	}
	close(fd);
	return (void *)ok;
}

int main(int argc, char **argv)
{
	int nworkers = argc > 1 ? atoi(argv[1]) : 4;
	socklen_t len = sizeof server_addr;
	long answered = 0;

	nclients = argc > 2 ? atoi(argv[2]) : 4;
	nrequests = argc > 3 ? atoi(argv[3]) : 50;
	if (nworkers < nclients || nclients < 1 || nrequests < 1) {
		fprintf(stderr, "usage: server_fixed WORKERS CLIENTS REQUESTS (WORKERS >= CLIENTS >= 1)\n");
		return 2;
	}
	server_addr.sin_family = AF_INET;
	server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&server_addr, sizeof server_addr) < 0 ||
	    listen(listen_fd, 64) < 0 || getsockname(listen_fd, (struct sockaddr *)&server_addr, &len) < 0) {
		perror("server: listen");
		return 1;
	}

	pthread_t acc, workers[nworkers], clients[nclients];
	pthread_create(&acc, NULL, acceptor, NULL);
	for (int i = 0; i < nworkers; i++)
		pthread_create(&workers[i], NULL, worker, NULL);
	for (long i = 0; i < nclients; i++)
		pthread_create(&clients[i], NULL, client, (void *)i);
	for (int i = 0; i < nclients; i++) {
		void *ok;
		pthread_join(clients[i], &ok);
		answered += (long)ok;
	}

	shutdown(listen_fd, SHUT_RDWR);  /* ends accept() in the acceptor */
	pthread_join(acc, NULL);
	for (int i = 0; i < nworkers; i++)
		conn_push(-1);
	for (int i = 0; i < nworkers; i++)
		pthread_join(workers[i], NULL);
	close(listen_fd);
	printf("answered=%ld requests=%ld bytes=%ld\n", answered, atomic_load(&stats.requests),
	       atomic_load(&stats.bytes));
	return 0;
}
