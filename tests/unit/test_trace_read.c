/* test_trace_read.c - the trace reader (common/trace_read.c) on hand-built traces: validation of
 * the header and records (every corruption gives one message naming it), ordering by seq, and the
 * derivation of every kind of happens-before arrow. Prints PASS/FAIL lines; exits 1 on a failure.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_read.h"

static int failures, passes;

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s ", ok ? "PASS" : "FAIL");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (ok)
		passes++;
	else
		failures++;
}

/* ---- building traces ---- */

struct tb {
	unsigned char buf[65536];
	size_t len;
	uint32_t hsize;
	uint64_t nrec;
};

static void put(struct tb *b, size_t off, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b->buf[off + (size_t)i] = (unsigned char)(v >> (8 * i));
}

static void tb_init(struct tb *b, uint32_t hsize)
{
	memset(b, 0, sizeof *b);
	memcpy(b->buf, TRACE_MAGIC, 8);
	put(b, 8, TRACE_VERSION, 4);
	put(b, 12, hsize, 4);
	put(b, 16, 32, 4);
	put(b, 24, 4242, 8);
	b->hsize = hsize;
	b->len = hsize;
}

static void rec(struct tb *b, uint64_t seq, uint32_t thread, unsigned kind, unsigned flags, uint32_t obj)
{
	size_t o = b->len;
	put(b, o, seq, 8);
	put(b, o + 8, thread, 4);
	put(b, o + 12, kind, 2);
	put(b, o + 14, flags, 2);
	put(b, o + 16, obj, 4);
	put(b, o + 20, seq * 10, 4); /* clock: something recognisable */
	b->len += 32;
	b->nrec++;
}

/* Write the counts into the header (nthreads given by the test). */
static void tb_finish(struct tb *b, uint32_t nthreads)
{
	put(b, 20, nthreads, 4);
	put(b, 32, b->nrec, 8);
}

static struct trace_data *read_ok(struct tb *b, const char *what)
{
	struct trace_data *t = NULL;
	char err[256] = "";
	int rc = trace_read_mem(b->buf, b->len, &t, err, sizeof err);
	check(rc == 0 && t, "%s: read (%s)", what, rc == 0 ? "ok" : err);
	return rc == 0 ? t : NULL;
}

static void read_bad(struct tb *b, size_t len, const char *what, const char *want)
{
	struct trace_data *t = NULL;
	char err[256] = "";
	int rc = trace_read_mem(b->buf, len, &t, err, sizeof err);
	check(rc < 0 && !t && strstr(err, want) && !strchr(err, '\n'), "corrupt %s: \"%s\" names \"%s\"", what, err,
	      want);
	trace_data_free(t);
}

/* Is there an arrow between the events with these seqs? */
static bool arrow(const struct trace_data *t, uint64_t from, uint64_t to)
{
	for (size_t i = 0; i < t->narrows; i++)
		if (t->events[t->arrows[i].from].seq == from && t->events[t->arrows[i].to].seq == to)
			return true;
	return false;
}

/* ---- the tests ---- */

static void test_threads_and_locks(void)
{
	struct tb b;
	tb_init(&b, 40);
	/* grouped by thread, as the runtime writes them */
	rec(&b, 1, 0, TRACE_CREATE, 0, 1);
	rec(&b, 2, 0, TRACE_CREATE, 0, 2);
	rec(&b, 9, 0, TRACE_JOIN, 0, 1);
	rec(&b, 3, 1, TRACE_START, 0, 0);
	rec(&b, 4, 1, TRACE_LOCK, TRACE_F_OBJ_IS_LOCK, 1);
	rec(&b, 5, 1, TRACE_UNLOCK, TRACE_F_OBJ_IS_LOCK, 1);
	rec(&b, 8, 1, TRACE_EXIT, 0, 0);
	rec(&b, 6, 2, TRACE_START, 0, 0);
	rec(&b, 7, 2, TRACE_LOCK, TRACE_F_OBJ_IS_LOCK, 1);
	tb_finish(&b, 3);
	struct trace_data *t = read_ok(&b, "threads and locks");
	if (!t)
		return;
	bool sorted = t->nevents == 9;
	for (size_t i = 0; sorted && i < t->nevents; i++)
		sorted = t->events[i].seq == i + 1;
	check(sorted, "events sorted by seq");
	check(t->nthreads == 3 && t->threads[0] == 0 && t->threads[2] == 2, "three lanes");
	check(trace_lane(t, 2) == 2 && trace_lane(t, 7) == -1, "trace_lane");
	check(t->pid == 4242 && t->events[3].clock == 40, "pid and clock");
	check(arrow(t, 1, 3) && arrow(t, 2, 6), "create -> start");
	check(arrow(t, 5, 7), "unlock -> next lock of the same lock");
	check(arrow(t, 8, 9), "exit -> join");
	check(t->narrows == 4, "no other arrows (%zu)", t->narrows);
	size_t first, n = trace_arrows_into(t, 6, &first); /* seq 7 */
	check(n == 1 && t->arrows[first].from == 4, "trace_arrows_into");
	n = trace_arrows_into(t, 0, &first);
	check(n == 0, "no arrow into the first event");
	char buf[64];
	check(strcmp(trace_describe_event(&t->events[3], buf, sizeof buf), "lock M1") == 0, "label lock M1 (%s)", buf);
	check(strcmp(trace_describe_event(&t->events[0], buf, sizeof buf), "create T1") == 0, "label create T1");
	check(strcmp(trace_describe_event(&t->events[2], buf, sizeof buf), "start") == 0, "label start");
	trace_data_free(t);
}

static void test_cond_sem_once(void)
{
	struct tb b;
	tb_init(&b, 40);
	rec(&b, 1, 1, TRACE_COND_WAIT, 0, 3);
	rec(&b, 2, 1, TRACE_UNLOCK, TRACE_F_OBJ_IS_LOCK, 1);
	rec(&b, 3, 2, TRACE_LOCK, TRACE_F_OBJ_IS_LOCK, 1);
	rec(&b, 4, 2, TRACE_SIGNAL, 0, 3);
	rec(&b, 5, 2, TRACE_UNLOCK, TRACE_F_OBJ_IS_LOCK, 1);
	rec(&b, 6, 1, TRACE_COND_WAKE, 0, 3);
	rec(&b, 7, 1, TRACE_LOCK, TRACE_F_OBJ_IS_LOCK, 1);
	/* a wait that times out: no arrow from the old signal */
	rec(&b, 8, 1, TRACE_COND_WAIT, TRACE_F_TIMED, 3);
	rec(&b, 9, 1, TRACE_COND_WAKE, TRACE_F_TIMED | TRACE_F_FAILED, 3);
	/* a spurious wake: the latest signal came before the wait */
	rec(&b, 10, 1, TRACE_COND_WAIT, 0, 3);
	rec(&b, 11, 1, TRACE_COND_WAKE, 0, 3);
	/* semaphores and once (object ids of their own) */
	rec(&b, 12, 2, TRACE_SEM_POST, 0, 4);
	rec(&b, 13, 2, TRACE_SEM_POST, 0, 4);
	rec(&b, 14, 1, TRACE_SEM_WAIT, 0, 4);
	rec(&b, 15, 2, TRACE_ONCE_DONE, 0, 5);
	rec(&b, 16, 1, TRACE_ONCE_PASS, 0, 5);
	rec(&b, 17, 2, TRACE_BROADCAST, 0, 3);
	rec(&b, 18, 1, TRACE_COND_WAIT, 0, 3); /* no wait record in between is needed for broadcast */
	rec(&b, 19, 2, TRACE_BROADCAST, 0, 3);
	rec(&b, 20, 1, TRACE_COND_WAKE, 0, 3);
	tb_finish(&b, 2);
	struct trace_data *t = read_ok(&b, "cond, sem, once");
	if (!t)
		return;
	check(arrow(t, 4, 6), "signal -> cond-wake");
	check(arrow(t, 2, 3) && arrow(t, 5, 7), "unlock -> lock around the wait");
	check(!arrow(t, 4, 9), "a timed-out wake has no arrow");
	check(!arrow(t, 4, 11), "a spurious wake has no arrow");
	check(arrow(t, 13, 14) && !arrow(t, 12, 14), "the latest sem-post -> sem-wait");
	check(arrow(t, 15, 16), "once-done -> once-pass");
	check(arrow(t, 19, 20) && !arrow(t, 17, 20), "the latest broadcast -> cond-wake");
	char buf[64];
	check(strcmp(trace_describe_event(&t->events[8], buf, sizeof buf), "timeout C3") == 0, "label timeout C3 (%s)",
	      buf);
	check(strcmp(trace_describe_event(&t->events[11], buf, sizeof buf), "sem-post S4") == 0, "label sem-post S4");
	trace_data_free(t);
}

static void test_barrier_rwlock(void)
{
	struct tb b;
	tb_init(&b, 40);
	/* round 1: T1, T2 arrive; T1 leaves and arrives again (round 2) before T2 records its leave */
	rec(&b, 1, 1, TRACE_BARRIER_ARRIVE, 0, 7);
	rec(&b, 2, 2, TRACE_BARRIER_ARRIVE, 0, 7);
	rec(&b, 3, 1, TRACE_BARRIER_LEAVE, 0, 7);
	rec(&b, 4, 1, TRACE_BARRIER_ARRIVE, 0, 7);
	rec(&b, 5, 2, TRACE_BARRIER_LEAVE, 0, 7);
	rec(&b, 6, 2, TRACE_BARRIER_ARRIVE, 0, 7);
	rec(&b, 7, 2, TRACE_BARRIER_LEAVE, 0, 7);
	rec(&b, 8, 1, TRACE_BARRIER_LEAVE, 0, 7);
	/* rwlock: two readers, then a writer gets arrows from both rdunlocks */
	rec(&b, 9, 1, TRACE_RDLOCK, TRACE_F_OBJ_IS_LOCK, 2);
	rec(&b, 10, 2, TRACE_RDLOCK, TRACE_F_OBJ_IS_LOCK, 2);
	rec(&b, 11, 1, TRACE_RDUNLOCK, TRACE_F_OBJ_IS_LOCK, 2);
	rec(&b, 12, 2, TRACE_RDUNLOCK, TRACE_F_OBJ_IS_LOCK, 2);
	rec(&b, 13, 3, TRACE_LOCK, TRACE_F_OBJ_IS_LOCK, 2);
	rec(&b, 14, 3, TRACE_UNLOCK, TRACE_F_OBJ_IS_LOCK, 2);
	rec(&b, 15, 1, TRACE_RDLOCK, TRACE_F_OBJ_IS_LOCK, 2);
	tb_finish(&b, 3);
	struct trace_data *t = read_ok(&b, "barrier, rwlock");
	if (!t)
		return;
	check(arrow(t, 1, 3) && arrow(t, 2, 3) && arrow(t, 1, 5) && arrow(t, 2, 5), "round 1 arrivals -> its leaves");
	check(!arrow(t, 4, 5), "a round-2 arrival is not an arrow into a round-1 leave");
	check(arrow(t, 4, 7) && arrow(t, 6, 7) && arrow(t, 4, 8) && arrow(t, 6, 8), "round 2 arrivals -> its leaves");
	check(!arrow(t, 1, 7), "round 1 arrivals do not reach round 2");
	check(arrow(t, 11, 13) && arrow(t, 12, 13), "rdunlocks -> the next write lock");
	check(arrow(t, 14, 15), "write unlock -> rdlock");
	check(!arrow(t, 11, 15), "rdunlock -> rdlock is no arrow");
	char buf[64];
	check(strcmp(trace_describe_event(&t->events[0], buf, sizeof buf), "arrive B7") == 0, "label arrive B7");
	trace_data_free(t);
}

static void test_layout(void)
{
	struct tb b;
	/* a longer header (a later version appending fields) is skipped */
	tb_init(&b, 48);
	rec(&b, 2, 1, TRACE_LOCK, TRACE_F_OBJ_IS_LOCK, 1);
	rec(&b, 2, 1, TRACE_DROPPED, 0, 120); /* a dropped record repeats the next kept seq */
	rec(&b, 3, 1, 99, 0, 0);              /* a kind from a newer writer is kept */
	tb_finish(&b, 1);
	struct trace_data *t = read_ok(&b, "header_size 48, dropped, unknown kind");
	if (t) {
		char buf[64];
		check(t->nevents == 3 && t->events[0].kind == TRACE_DROPPED && t->events[1].kind == TRACE_LOCK,
		      "the dropped record comes first");
		check(strcmp(trace_describe_event(&t->events[0], buf, sizeof buf), "dropped 120") == 0, "label dropped");
		check(strcmp(trace_describe_event(&t->events[2], buf, sizeof buf), "kind 99") == 0, "label unknown kind");
		trace_data_free(t);
	}
	tb_init(&b, 40);
	tb_finish(&b, 0);
	t = read_ok(&b, "empty trace");
	if (t)
		check(t->nevents == 0 && t->nthreads == 0 && t->narrows == 0, "empty trace has nothing");
	trace_data_free(t);
}

static void test_corrupt(void)
{
	struct tb b;
	tb_init(&b, 40);
	rec(&b, 1, 0, TRACE_CREATE, 0, 1);
	rec(&b, 2, 1, TRACE_START, 0, 0);
	rec(&b, 3, 1, TRACE_EXIT, 0, 0);
	tb_finish(&b, 2);
	struct tb good = b;
	read_bad(&b, 10, "10 bytes", "truncated");
	read_bad(&b, 0, "empty file", "truncated");
	read_bad(&b, b.len - 5, "cut record", "truncated: 3 records promised, 2 in the file");
	read_bad(&b, b.len - 32, "missing record", "truncated");
	b.len += 7;
	read_bad(&b, b.len, "trailing bytes", "7 bytes after");
	b = good;
	b.buf[0] = 'X';
	read_bad(&b, b.len, "magic", "not a weft trace");
	b = good;
	put(&b, 8, 2, 4);
	read_bad(&b, b.len, "version", "version 2");
	b = good;
	put(&b, 12, 8, 4);
	read_bad(&b, b.len, "header size", "header size 8");
	b = good;
	put(&b, 16, 16, 4);
	read_bad(&b, b.len, "record size", "record size 16");
	b = good;
	put(&b, 16, 0x7fffffff, 4);
	read_bad(&b, b.len, "huge record size", "record size");
	b = good;
	put(&b, 32, 0x7fffffffffffffffull, 8);
	read_bad(&b, b.len, "huge record count", "truncated");
	b = good;
	put(&b, 40 + 32, 0, 8);
	read_bad(&b, b.len, "seq 0", "sequence number 0");
	b = good;
	put(&b, 40 + 32, 1, 8);
	read_bad(&b, b.len, "duplicate seq", "two records have sequence number 1");
	b = good;
	put(&b, 20, 5, 4);
	read_bad(&b, b.len, "thread count", "header says 5 threads");

	struct trace_data *t = NULL;
	char err[256];
	int rc = trace_read_file("/nonexistent/t.bin", &t, err, sizeof err);
	check(rc < 0 && strncmp(err, "/nonexistent/t.bin: ", 20) == 0, "missing file: \"%s\"", err);
	/* the file reader names the file in front of the problem */
	char path[] = "/tmp/weft-trace-test.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (f) {
		fwrite(good.buf, 1, good.len - 3, f);
		fclose(f);
		rc = trace_read_file(path, &t, err, sizeof err);
		check(rc < 0 && strstr(err, path) && strstr(err, "truncated"), "truncated file: \"%s\"", err);
		f = fopen(path, "wb");
		fwrite(good.buf, 1, good.len, f);
		fclose(f);
		rc = trace_read_file(path, &t, err, sizeof err);
		check(rc == 0 && t && t->nevents == 3 && t->narrows == 1, "good file read");
		trace_data_free(t);
		unlink(path);
	} else {
		check(false, "cannot create a temporary file");
	}
}

int main(void)
{
	test_threads_and_locks();
	test_cond_sem_once();
	test_barrier_rwlock();
	test_layout();
	test_corrupt();
	printf("%d passed, %d failed\n", passes, failures);
	return failures ? 1 : 0;
}
