/* fdsync.c - happens-before through file descriptors (semantics in fdsync.h).
 * Storage: one entry per descriptor number and one per connection, in NORESERVE memory (only the
 * pages in use cost memory), never freed: an entry's own clock is emptied when its number is
 * closed; connection entries stay (when their table is full, connections share one clock). */
#include "fdsync.h"

#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "hb.h"
#include "intercept.h"
#include "thread.h"

enum { FD_PLAIN, FD_SOCKET };          /* FD_SOCKET: paired with its connection on first use */

struct fdent {
	struct hb_sync own;
	struct hb_sync *volatile link;  /* the clock used for this number; NULL: own */
	volatile int kind;
};

#define CONNS (1u << 16)
#define CONN_PROBES 32
struct conn {
	volatile uint64_t key;          /* 0: free */
	struct hb_sync sync;
};

static struct fdent *fds;              /* FDSYNC_MAX entries */
static struct conn *conns;             /* CONNS entries */
static volatile int tables_failed;
static rt_spin init_lock;
static struct hb_sync connects, conn_overflow;

static bool tables(void)
{
	if (likely(__atomic_load_n(&fds, __ATOMIC_ACQUIRE) != NULL))
		return true;
	if (tables_failed)
		return false;
	rt_spin_lock(&init_lock);
	if (!fds) {
		conns = rt_mmap(CONNS * sizeof *conns);
		struct fdent *t = conns ? rt_mmap((size_t)FDSYNC_MAX * sizeof *t) : NULL;
		if (t)
			__atomic_store_n(&fds, t, __ATOMIC_RELEASE);
		else
			tables_failed = 1;
	}
	rt_spin_unlock(&init_lock);
	return fds != NULL;
}

static struct fdent *ent(int fd)
{
	if (fd < 0 || fd >= FDSYNC_MAX || !hb_active || !tables())
		return NULL;
	return &fds[fd];
}

/* FNV-1a over an address, skipping the unused tail of a sockaddr_un */
static uint64_t addr_hash(const struct sockaddr_storage *a, socklen_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	const unsigned char *p = (const unsigned char *)a;
	for (socklen_t i = 0; i < len && i < sizeof *a; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* The clock of fd's connection: the unordered pair of its two addresses. NULL: not connected. */
static struct hb_sync *conn_of(int fd)
{
	struct sockaddr_storage a, b;
	socklen_t la = sizeof a, lb = sizeof b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	if (getsockname(fd, (struct sockaddr *)&a, &la) != 0 || getpeername(fd, (struct sockaddr *)&b, &lb) != 0)
		return NULL;
	uint64_t ha = addr_hash(&a, la), hb = addr_hash(&b, lb);
	uint64_t key = (ha < hb ? ha * 31 + hb : hb * 31 + ha) | 1;
	for (uint32_t i = 0; i < CONN_PROBES; i++) {
		struct conn *c = &conns[(key + i) & (CONNS - 1)];
		uint64_t k = __atomic_load_n(&c->key, __ATOMIC_ACQUIRE);
		if (k == key)
			return &c->sync;
		if (k == 0) {
			uint64_t zero = 0;
			if (__atomic_compare_exchange_n(&c->key, &zero, key, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) ||
			    zero == key)
				return &c->sync;
		}
	}
	return &conn_overflow;
}

static struct hb_sync *sync_of(int fd)
{
	struct fdent *e = ent(fd);
	if (!e)
		return NULL;
	if (unlikely(e->kind == FD_SOCKET)) {
		struct hb_sync *c = conn_of(fd);
		e->link = c;                  /* not connected: its own clock */
		e->kind = FD_PLAIN;
	}
	struct hb_sync *l = e->link;
	return l ? l : &e->own;
}

void fd_sync_release(struct wthr *t, int fd)
{
	struct hb_sync *s = sync_of(fd);
	if (s && t)
		hb_release(t, s);
}

void fd_sync_acquire(struct wthr *t, int fd)
{
	struct hb_sync *s = sync_of(fd);
	if (s && t)
		hb_acquire(t, s);
}

void fd_sync_pair(int rfd, int wfd)
{
	struct fdent *r = ent(rfd), *w = ent(wfd);
	if (!r || !w)
		return;
	r->kind = w->kind = FD_PLAIN;
	r->link = NULL;
	w->link = &r->own;
}

void fd_sync_socket(int fd)
{
	struct fdent *e = ent(fd);
	if (e) {
		e->link = NULL;
		e->kind = FD_SOCKET;
	}
}

void fd_sync_connect(struct wthr *t)
{
	if (hb_active && t)
		hb_release(t, &connects);
}

void fd_sync_accept(struct wthr *t, int fd)
{
	if (hb_active && t)
		hb_acquire(t, &connects);
	fd_sync_socket(fd);
}

void fd_sync_dup(int from, int to)
{
	struct fdent *e = ent(to), *f = ent(from);
	if (!e || !f || e == f)
		return;
	struct hb_sync *s = sync_of(from);
	e->kind = FD_PLAIN;
	e->link = s;
}

void fd_sync_close(int fd)
{
	struct fdent *e = ent(fd);
	if (!e)
		return;
	e->link = NULL;
	e->kind = FD_PLAIN;
	rt_spin_lock(&e->own.lk);
	vc_free(&e->own.vc);
	rt_spin_unlock(&e->own.lk);
}
