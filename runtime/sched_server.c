/* sched_server.c - the explore-mode fork server (protocol in common/sched_proto.h).
 *
 * Called at the start of main, where the process is single-threaded: it never returns in the
 * server; it returns in each forked child, which then runs main under the requested schedule.
 * Starting a process per schedule costs milliseconds (exec, the dynamic loader, constructors);
 * a fork of the ready process costs about a hundred microseconds, which is what makes thousands of
 * schedules per second possible (docs/explore.md).
 *
 * Standalone (explore=1 without explore_in): one run in this process, strategy and seed from
 * WEFT_OPTIONS.
 */
#include "sched_server.h"
#include "trace_rt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "finding.h"
#include "intercept.h"
#include "lockgraph.h"
#include "report_rt.h"
#include "sched.h"
#include "sched_int.h"
#include "stack.h"
#include "thread.h"

#define MAX_STEPS_CAP 1000000u   /* the step log is mapped once for this many steps (32 MB, lazily) */

static bool read_all(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

static bool write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static uint32_t parse_strategy(const char *s)
{
	if (!s || strcmp(s, "random") == 0)
		return SCHED_RANDOM;
	if (strcmp(s, "pct") == 0)
		return SCHED_PCT;
	if (strcmp(s, "dfs") == 0)
		return SCHED_DFS;
	rt_printf("explore: unknown strategy '%s'; using random\n", s);
	return SCHED_RANDOM;
}

static void map_log(void)
{
	size_t sz = sizeof(struct sched_res) + (size_t)MAX_STEPS_CAP * sizeof(struct sched_step);
	void *m = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	RT_CHECK(m != MAP_FAILED, errno, sz);
	sched_res = m;
	sched_steps = (struct sched_step *)(sched_res + 1);
}

/* ---- --confirm: call sites of a report (module + offset) to addresses in this process ---- */

/* Lowest start address of a mapping of module in /proc/self/maps (the base the symbolizer's
 * offsets are taken from); 0 when not mapped. An exact path first, else the same file name. */
static uintptr_t module_base(const char *module)
{
	static char buf[1 << 20];   /* maps of a test program: a few kB; bigger ones are cut */
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	size_t n = 0;
	ssize_t r;
	while (n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = 0;
	const char *want_base = strrchr(module, '/') ? strrchr(module, '/') + 1 : module;
	uintptr_t exact = 0, same_name = 0;
	for (char *line = buf; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		char *path = strchr(line, '/');
		if (path) {
			uintptr_t start = (uintptr_t)strtoull(line, NULL, 16);
			const char *pb = strrchr(path, '/') + 1;
			if (strcmp(path, module) == 0 && (!exact || start < exact))
				exact = start;
			if (strcmp(pb, want_base) == 0 && (!same_name || start < same_name))
				same_name = start;
		}
		line = nl ? nl + 1 : NULL;
	}
	return exact ? exact : same_name;
}

/* Resolve the cycle; the answer counts the sites found and names the first one missing. */
static void set_cycle(const struct sched_confirm *c, struct sched_res *res)
{
	memset(&sched_cycle, 0, sizeof sched_cycle);
	sched_cycle.n = c->nedges <= SCHED_CONFIRM_MAX ? c->nedges : SCHED_CONFIRM_MAX;
	for (uint32_t i = 0; i < sched_cycle.n; i++) {
		const struct sched_site *sites[2] = {&c->held[i], &c->acq[i]};
		uintptr_t *outs[2] = {&sched_cycle.held[i], &sched_cycle.acq[i]};
		for (int k = 0; k < 2; k++) {
			char mod[sizeof sites[k]->module];
			memcpy(mod, sites[k]->module, sizeof mod);
			mod[sizeof mod - 1] = 0;
			uintptr_t base = module_base(mod);
			*outs[k] = base ? base + sites[k]->offset : 0;
			if (base)
				res->findings++;
			else if (!res->summary[0])
				snprintf(res->summary, sizeof res->summary, "module %s is not mapped in the program", mod);
		}
	}
}

/* In the child: the process is new; only this thread survives. */
static void child_setup(const struct sched_req *rq)
{
	rt_pid = getpid();
	thread_after_fork_child();
	finding_after_fork_child();
	lockgraph_after_fork_child();
	rt_opt.deadlock = 0;     /* the scheduler finds deadlocks; the watchdog's self-deadlock exit is off */
	if (!(rq->flags & SREQ_REPORT)) {
		report_rt_deferred = true;
		stack_off = true;
	} else if (rt_opt.json) {
		/* the run that writes the report also records the happens-before trace beside it, so
		 * the viewer can show who held which lock at every step of the failing schedule */
		char tp[4096];
		size_t l = strlen(rt_opt.json);
		if (l > 5 && strcmp(rt_opt.json + l - 5, ".json") == 0)
			l -= 5;
		snprintf(tp, sizeof tp, "%.*s.trace", (int)(l < 4000 ? l : 4000), rt_opt.json);
		trace_start(tp);
	}
	if (!(rq->flags & SREQ_REPORT) || (rq->flags & SREQ_QUIET)) {
		int fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}
	if (rq->timeout_ms) {
		struct itimerval it = {{0, 0}, {rq->timeout_ms / 1000, (rq->timeout_ms % 1000) * 1000}};
		signal(SIGALRM, SIG_DFL);
		setitimer(ITIMER_REAL, &it, NULL);
	}
	sched_begin();
}

void sched_server_main(void)
{
	map_log();
	sched_time_base();
	if (rt_opt.explore_in < 0) {
		sched_cfg.strategy = parse_strategy(rt_opt.strategy);
		sched_cfg.seed = (uint64_t)rt_opt.seed;
		sched_cfg.depth = (uint32_t)rt_opt.depth;
		sched_cfg.max_steps = (uint32_t)rt_opt.max_steps;
		sched_cfg.flags = SREQ_REPORT;
		rt_opt.deadlock = 0;
		sched_begin();
		return;
	}
	int in = (int)rt_opt.explore_in, out = (int)rt_opt.explore_out;
	uint16_t *dec = NULL;
	size_t dec_cap = 0;
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		struct sched_req rq;
		if (!read_all(in, &rq, sizeof rq) || rq.magic != SCHED_PROTO_MAGIC)
			RF(_exit)(0);
		if (rq.op == SOP_CONFIRM) {
			static struct sched_confirm c;
			struct sched_res res = {.magic = SCHED_PROTO_MAGIC, .diverged_step = -1};
			if (!read_all(in, &c, sizeof c))
				RF(_exit)(0);
			set_cycle(&c, &res);
			if (!write_all(out, &res, sizeof res))
				RF(_exit)(0);
			continue;
		}
		if (rq.op != SOP_RUN)
			RF(_exit)(0);
		if (rq.ndecisions > dec_cap) {
			size_t cap = rq.ndecisions + 1024;
			uint16_t *nd = rt_mmap(cap * sizeof *nd);
			RT_CHECK(nd != NULL, cap, 0);
			if (dec)
				munmap(dec, dec_cap * sizeof *dec);
			dec = nd;
			dec_cap = cap;
		}
		if (rq.ndecisions && !read_all(in, dec, rq.ndecisions * sizeof *dec))
			RF(_exit)(0);
		memset(sched_res, 0, sizeof *sched_res);
		sched_res->diverged_step = -1;
		sched_cfg = (struct sched_config){
			.run = rq.run, .strategy = rq.strategy, .seed = rq.seed, .depth = rq.depth,
			.pct_len = rq.pct_len,
			.max_steps = rq.max_steps && rq.max_steps <= MAX_STEPS_CAP ? rq.max_steps : SCHED_DEFAULT_MAX_STEPS,
			.follow = rq.follow, .flags = rq.flags, .ndecisions = rq.ndecisions, .decisions = dec,
		};
		if (!sched_cycle.n)
			sched_cfg.flags &= ~SREQ_CONFIRM;
		pid_t pid = RF(fork)();
		if (pid == 0) {
			close(in);
			close(out);
			signal(SIGPIPE, SIG_DFL);
			child_setup(&rq);
			return;
		}
		struct sched_res res;
		memset(&res, 0, sizeof res);
		int st = 0;
		if (pid < 0) {
			st = 127 << 8;
		} else {
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
		}
		memcpy(&res, sched_res, sizeof res);
		res.magic = SCHED_PROTO_MAGIC;
		res.wstatus = st;
		res.timed_out = WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM;
		if (res.nsteps > sched_cfg.max_steps)
			res.nsteps = sched_cfg.max_steps;
		if (!write_all(out, &res, sizeof res) ||
		    !write_all(out, sched_steps, res.nsteps * sizeof(struct sched_step)))
			RF(_exit)(0);
	}
}
