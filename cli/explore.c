/* explore.c - `weft explore [options] -- PROGRAM ARGS`: run a program under many schedules and stop
 * at the first failing one; shrink it, save it as a schedule file, replay it once more with the
 * report on, and report (docs/explore.md).
 *
 * Sequence: parse options; start --jobs fork servers (the program, started once each with the
 * runtime in explore mode and ASLR off, forks one child per run at the start of main); send run
 * requests (strategy, seed, run number; dfs: imposed prefixes) and read the outcomes (wait status,
 * failure kind, step log); at the first failure: shrink (fewer preemptions), save the schedule,
 * replay it strictly with the report on (the program's output is shown then), print the text
 * report and the exploration summary, write --json; exit 66 when a run failed, 0 when none did.
 */
#include "explore.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "launch.h"
#include "output.h"
#include "report.h"
#include "report_text.h"
#include "schedule.h"

#define EXIT_FAILURE_FOUND 66
#define SERVER_IN_FD 100     /* where the server finds its pipes (far above the program's fds) */
#define SERVER_OUT_FD 101

static const char *const op_names[] = {
#define X(e, name) name,
	SCHED_OPS(X)
#undef X
};

/* ---- the fork-server client ---- */

static void remove_dir(const char *dir)
{
	char cmd[PATH_MAX + 32];
	if (!dir[0])
		return;
	snprintf(cmd, sizeof cmd, "%s/report.json", dir);
	unlink(cmd);
	rmdir(dir);
}

int xserver_start(struct xserver *sv, const char *cmd, char **prog_argv, char *prog, size_t plen)
{
	memset(sv, 0, sizeof *sv);
	sv->pid = -1;
	sv->to = sv->from = -1;
	char runtime[PATH_MAX];
	if (launch_find_runtime(cmd, runtime, sizeof runtime) < 0)
		return WEFT_EXIT_USAGE;
	if (!launch_option_safe(runtime)) {
		fprintf(stderr, "weft %s: the runtime path %s holds a space or ':', which LD_PRELOAD cannot carry\n", cmd, runtime);
		return WEFT_EXIT_USAGE;
	}
	int rc = launch_resolve_program(cmd, prog_argv[0], prog, plen);
	if (rc)
		return rc;
	rc = launch_check_preloadable(cmd, prog);
	if (rc)
		return rc;
	const char *t = getenv("TMPDIR");
	snprintf(sv->dir, sizeof sv->dir, "%s/weft-explore.XXXXXX", t && *t && launch_option_safe(t) ? t : "/tmp");
	if (!mkdtemp(sv->dir)) {
		fprintf(stderr, "weft %s: cannot create a temporary directory: %s\n", cmd, strerror(errno));
		return WEFT_EXIT_USAGE;
	}
	if (snprintf(sv->json, sizeof sv->json, "%.4000s/report.json", sv->dir) >= (int)sizeof sv->json)
		return WEFT_EXIT_USAGE;
	int rq[2], rs[2];
	if (pipe2(rq, O_CLOEXEC) != 0 || pipe2(rs, O_CLOEXEC) != 0) {
		fprintf(stderr, "weft %s: pipe: %s\n", cmd, strerror(errno));
		return WEFT_EXIT_USAGE;
	}
	char opts[PATH_MAX + 256];
	const char *old = getenv("WEFT_OPTIONS");
	snprintf(opts, sizeof opts, "%s%smanaged=1 stderr=0 explore=1 explore_in=%d explore_out=%d json=%s",
		 old ? old : "", old && *old ? " " : "", SERVER_IN_FD, SERVER_OUT_FD, sv->json);
	const char *old_pre = getenv("LD_PRELOAD");
	char preload[2 * PATH_MAX];
	snprintf(preload, sizeof preload, "%s%s%s", runtime, old_pre && *old_pre ? ":" : "", old_pre ? old_pre : "");
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "weft %s: fork: %s\n", cmd, strerror(errno));
		return WEFT_EXIT_USAGE;
	}
	if (pid == 0) {
		dup2(rq[0], SERVER_IN_FD);
		dup2(rs[1], SERVER_OUT_FD);
		signal(SIGPIPE, SIG_DFL);
		setenv("LD_PRELOAD", preload, 1);
		setenv("WEFT_OPTIONS", opts, 1);
		setenv("WEFT_REPORT_ROOT", sv->json, 1);
		unsetenv("WEFT_REPORT_CLAIMED");
		/* runs must be repeatable: the same addresses in every run and in every replay */
		personality(personality(0xffffffff) | ADDR_NO_RANDOMIZE);
		execv(prog, prog_argv);
		fprintf(stderr, "weft %s: cannot execute %s: %s\n", cmd, prog, strerror(errno));
		_exit(127);
	}
	close(rq[0]);
	close(rs[1]);
	sv->pid = pid;
	sv->to = rq[1];
	sv->from = rs[0];
	return 0;
}

void xserver_stop(struct xserver *sv)
{
	if (sv->to >= 0) {
		struct sched_req rq = {.magic = SCHED_PROTO_MAGIC, .op = SOP_QUIT};
		ssize_t w = write(sv->to, &rq, sizeof rq);
		(void)w;
		close(sv->to);
	}
	if (sv->from >= 0)
		close(sv->from);
	if (sv->pid > 0)
		while (waitpid(sv->pid, NULL, 0) < 0 && errno == EINTR)
			;
	remove_dir(sv->dir);
	sv->to = sv->from = -1;
	sv->pid = -1;
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, void *p, size_t n)
{
	char *c = p;
	while (n) {
		ssize_t r = read(fd, c, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

int xserver_send(struct xserver *sv, const struct sched_req *rq, const uint16_t *dec)
{
	if (write_all(sv->to, rq, sizeof *rq) < 0)
		return -1;
	if (rq->ndecisions && write_all(sv->to, dec, rq->ndecisions * sizeof *dec) < 0)
		return -1;
	return 0;
}

int xserver_recv(struct xserver *sv, struct xresult *out)
{
	memset(out, 0, sizeof *out);
	if (read_all(sv->from, &out->res, sizeof out->res) < 0 || out->res.magic != SCHED_PROTO_MAGIC)
		return -1;
	out->steps = calloc(out->res.nsteps + 1, sizeof *out->steps);
	if (out->res.nsteps && read_all(sv->from, out->steps, out->res.nsteps * sizeof *out->steps) < 0)
		return -1;
	return 0;
}

const char *xresult_failure(const struct xresult *r, int expect_exit, unsigned fail_on)
{
	const struct sched_res *s = &r->res;
	switch (s->failure) {
	case SF_DEADLOCK: return "deadlock";
	case SF_LIVELOCK: return "livelock";
	case SF_DIVERGED: return "diverged";
	default: break;
	}
	if (s->timed_out)
		return "timeout";
	if (WIFSIGNALED(s->wstatus))
		return WTERMSIG(s->wstatus) == SIGABRT ? "abort" : "crash";
	if (WIFEXITED(s->wstatus) && WEXITSTATUS(s->wstatus) != expect_exit)
		return "exit-status";
	for (int k = 0; k < REPORT_KIND_COUNT; k++)
		if (s->findings & fail_on & (1u << k))
			return report_kind_name((enum report_kind)k);
	return NULL;
}

static bool is_preemption(const struct sched_step *st) { return st->chosen != st->cur && !(st->flags & SSTEP_FREE); }

long xresult_preemptions(const struct xresult *r)
{
	long n = 0;
	for (uint32_t i = 0; i < r->res.nsteps; i++)
		n += is_preemption(&r->steps[i]);
	return n;
}

/* ---- options ---- */

struct xopts {
	int strategy;            /* enum sched_strategy */
	long runs;
	uint64_t seed;
	long depth, preemptions, jobs, shard_i, shard_n, max_steps, timeout_ms;
	int expect_exit;
	unsigned fail_on;
	const char *json, *out, *confirm;
	struct explore_format fmt;
	bool keep_going, quiet, no_shrink;
	char **prog_argv;
};

static const char *strategy_name(int s) { return s == SCHED_PCT ? "pct" : s == SCHED_DFS ? "dfs" : "random"; }

static void explore_usage(FILE *out)
{
	fprintf(out,
		"usage: weft explore [options] [--] PROGRAM [ARGS...]\n"
		"\n"
		"Runs PROGRAM many times, one thread at a time, each run under a schedule chosen by a\n"
		"strategy, and stops at the first run that fails (crash, assertion, non-zero exit, deadlock,\n"
		"livelock, or a finding named by --fail-on). The failing schedule is shrunk, saved and can be\n"
		"replayed exactly with 'weft replay'.\n"
		"\n"
		"options:\n"
		"  --strategy S        random (default), pct, or dfs\n"
		"  --runs N            at most N runs (default 1000)\n"
		"  --seed S            seed of the strategy (default 1); a failure names seed and run\n"
		"  --depth D           pct: bug depth (default 3)\n"
		"  --preemptions B     dfs: preemption bound (default 2)\n"
		"  --jobs N            N runs in parallel (default 1)\n"
		"  --shard I/N         only runs whose number is I modulo N (CI matrices)\n"
		"  --expect-exit N     exit status of a passing run (default 0)\n"
		"  --fail-on KIND      also fail on a finding: lock-order-inversion, api-misuse, data-race\n"
		"  --max-steps N       scheduling steps before a run counts as a livelock (default 100000)\n"
		"  --timeout-ms N      a run longer than this is a failure (default 10000)\n"
		"  --out DIR           where schedules are saved (default weft-explore)\n"
		"  --json FILE         JSON report of the failing run, with \"runs\" and \"failure\"\n"
		"  --format FMT        also write the report as text, json, sarif, junit or dot\n"
		"  --output FILE       where --format writes (default: stdout; the extension picks\n"
		"                      the format when --format is not given)\n"
		"  --keep-going        count every failing run instead of stopping at the first\n"
		"  --no-shrink         save the failing schedule as found\n"
		"  --merge REPORT...   the verdict of shards: counts their runs, fails when one failed\n"
		"                      (weft explore --merge --help)\n"
		"  --confirm REPORT    steer toward the lock-order inversions (and lock deadlocks) of REPORT,\n"
		"                      a JSON report of 'weft run' on the same program, until one deadlocks;\n"
		"                      --confirm found: toward the first inversion an explored run reports\n"
		"  --quiet             no text report\n"
		"  -h, --help          this text\n"
		"\n"
		"exit status: 66 when a run failed, 0 when none did, 2 on a usage error. See docs/explore.md.\n");
}

static int parse_xopts(int argc, char **argv, struct xopts *o)
{
	*o = (struct xopts){.runs = 1000, .seed = 1, .depth = 3, .preemptions = 2, .jobs = 1, .shard_n = 1,
			    .max_steps = SCHED_DEFAULT_MAX_STEPS, .timeout_ms = 10000, .out = "weft-explore",
			    .fmt = {.format = -1}};
	int i = 1;
	for (; i < argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			explore_usage(stdout);
			return 0;
		}
		char name[64];
		const char *val = NULL, *eq = strchr(a, '=');
		if (eq && (size_t)(eq - a) < sizeof name) {
			memcpy(name, a, (size_t)(eq - a));
			name[eq - a] = 0;
			val = eq + 1;
		} else {
			snprintf(name, sizeof name, "%s", a);
		}
		static const char *const flags[] = {"--keep-going", "--quiet", "--no-shrink", "-q"};
		bool flag = false;
		for (size_t k = 0; k < sizeof flags / sizeof *flags; k++)
			flag |= !strcmp(name, flags[k]);
		if (!flag && !val) {
			if (i + 1 >= argc)
				return args_usage_error("explore", "option '%s' needs a value", name);
			val = argv[++i];
		}
		long v;
		if (!strcmp(name, "--strategy")) {
			if (!strcmp(val, "random"))
				o->strategy = SCHED_RANDOM;
			else if (!strcmp(val, "pct"))
				o->strategy = SCHED_PCT;
			else if (!strcmp(val, "dfs"))
				o->strategy = SCHED_DFS;
			else
				return args_usage_error("explore", "unknown strategy '%s' (random, pct, dfs)", val);
		} else if (!strcmp(name, "--runs")) {
			if (!args_long(val, 1, 1000000000L, &o->runs))
				return args_usage_error("explore", "--runs needs a number from 1, not '%s'", val);
		} else if (!strcmp(name, "--seed")) {
			char *e;
			errno = 0;
			o->seed = strtoull(val, &e, 10);
			if (errno || *e || !*val)
				return args_usage_error("explore", "--seed needs a number, not '%s'", val);
		} else if (!strcmp(name, "--depth")) {
			if (!args_long(val, 1, 16, &o->depth))
				return args_usage_error("explore", "--depth needs a number from 1 to 16, not '%s'", val);
		} else if (!strcmp(name, "--preemptions")) {
			if (!args_long(val, 0, 100, &o->preemptions))
				return args_usage_error("explore", "--preemptions needs a number from 0 to 100, not '%s'", val);
		} else if (!strcmp(name, "--jobs")) {
			if (!args_long(val, 1, 256, &o->jobs))
				return args_usage_error("explore", "--jobs needs a number from 1 to 256, not '%s'", val);
		} else if (!strcmp(name, "--shard")) {
			char *e;
			o->shard_i = strtol(val, &e, 10);
			if (*e != '/' || (o->shard_n = strtol(e + 1, &e, 10)) < 1 || *e || o->shard_i < 0 || o->shard_i >= o->shard_n)
				return args_usage_error("explore", "--shard needs I/N with 0 <= I < N, not '%s'", val);
		} else if (!strcmp(name, "--expect-exit")) {
			if (!args_long(val, 0, 255, &v))
				return args_usage_error("explore", "--expect-exit needs a number from 0 to 255, not '%s'", val);
			o->expect_exit = (int)v;
		} else if (!strcmp(name, "--fail-on")) {
			int k = report_kind_from_name(val);
			if (k < 0 || k == REPORT_DEADLOCK)
				return args_usage_error("explore", "--fail-on needs lock-order-inversion, api-misuse or data-race, not '%s'", val);
			o->fail_on |= 1u << k;
		} else if (!strcmp(name, "--max-steps")) {
			if (!args_long(val, 10, 1000000, &o->max_steps))
				return args_usage_error("explore", "--max-steps needs a number from 10 to 1000000, not '%s'", val);
		} else if (!strcmp(name, "--timeout-ms")) {
			if (!args_long(val, 1, 3600000, &o->timeout_ms))
				return args_usage_error("explore", "--timeout-ms needs a number of milliseconds, not '%s'", val);
		} else if (!strcmp(name, "--out")) {
			o->out = val;
		} else if (!strcmp(name, "--json")) {
			o->json = val;
		} else if (explore_format_option("explore", name, val, &o->fmt) != 0) {
			if (o->fmt.format == -2)
				return WEFT_EXIT_USAGE;
		} else if (!strcmp(name, "--confirm")) {
			o->confirm = val;
		} else if (!strcmp(name, "--keep-going")) {
			o->keep_going = true;
		} else if (!strcmp(name, "--quiet") || !strcmp(name, "-q")) {
			o->quiet = true;
		} else if (!strcmp(name, "--no-shrink")) {
			o->no_shrink = true;
		} else {
			return args_usage_error("explore", "unknown option '%s'", a);
		}
	}
	if (i >= argc)
		return args_usage_error("explore", "no program to run");
	if (o->confirm && o->strategy == SCHED_DFS)
		return args_usage_error("explore", "--confirm steers a random or pct search, not dfs");
	o->prog_argv = argv + i;
	return -1;
}

/* ---- runs ---- */

static struct sched_req make_req(const struct xopts *o, uint32_t run, uint32_t pct_len)
{
	return (struct sched_req){.magic = SCHED_PROTO_MAGIC, .op = SOP_RUN, .run = run,
				  .strategy = (uint32_t)o->strategy, .seed = o->seed, .depth = (uint32_t)o->depth,
				  .pct_len = pct_len, .max_steps = (uint32_t)o->max_steps,
				  .timeout_ms = (uint32_t)o->timeout_ms};
}

static int run_one(struct xserver *sv, const struct sched_req *rq, const uint16_t *dec, struct xresult *out)
{
	if (xserver_send(sv, rq, dec) < 0 || xserver_recv(sv, out) < 0) {
		fprintf(stderr, "weft explore: the program stopped serving runs (it may have failed before main, or cleared LD_PRELOAD)\n");
		return -1;
	}
	return 0;
}

static uint16_t *decisions_of(const struct xresult *r)
{
	uint16_t *d = malloc((r->res.nsteps + 1) * sizeof *d);
	for (uint32_t i = 0; i < r->res.nsteps; i++)
		d[i] = r->steps[i].chosen;
	return d;
}

/* dfs: the next prefix to run after a run whose trace is r (CHESS-style stateless search with a
 * preemption bound). tried[i] keeps the threads already tried at step i. Returns the prefix length,
 * or -1 when the bounded space is exhausted. */
static long dfs_next(const struct xresult *r, uint64_t **tried, size_t *tried_n, long prefix_len, long bound,
		     uint16_t **prefix)
{
	size_t n = r->res.nsteps;
	if (*tried_n < n) {
		*tried = realloc(*tried, n * sizeof **tried);
		for (size_t i = *tried_n; i < n; i++)
			(*tried)[i] = 0;
	}
	for (size_t i = (size_t)prefix_len; i < n; i++)
		(*tried)[i] = r->steps[i].chosen < 64 ? 1ull << r->steps[i].chosen : 0;
	*tried_n = n;
	long *pre = malloc((n + 1) * sizeof *pre);
	pre[0] = 0;
	for (size_t i = 0; i < n; i++)
		pre[i + 1] = pre[i] + is_preemption(&r->steps[i]);
	for (size_t i = n; i-- > 0;) {
		const struct sched_step *st = &r->steps[i];
		for (int t = 0; t < 64; t++) {
			uint64_t bit = 1ull << t;
			if (!(st->enabled & bit) || ((*tried)[i] & bit))
				continue;
			long cost = (t != st->cur && !(st->flags & SSTEP_FREE)) ? 1 : 0;
			if (pre[i] + cost > bound)
				continue;
			(*tried)[i] |= bit;
			*prefix = realloc(*prefix, (i + 1) * sizeof **prefix);
			for (size_t k = 0; k < i; k++)
				(*prefix)[k] = r->steps[k].chosen;
			(*prefix)[i] = (uint16_t)t;
			*tried_n = i + 1;
			free(pre);
			return (long)i + 1;
		}
	}
	free(pre);
	return -1;
}

/* Iterative preemption bounding (CHESS): bounds lo, lo+1, ... hi; at most budget runs. Stops at
 * the first failing run (of kind want, when want is not NULL), which goes to *found. Returns 1 when
 * one was found, 0 when not (*exhausted: the space of bound hi was searched entirely), -1 when the
 * server died. *runs counts the runs made, *bounded_runs those of the last bound. */
static int dfs_search(struct xserver *sv, const struct xopts *o, long lo, long hi, long budget, const char *want,
		      struct xresult *found, const char **found_kind, long *runs, long *bounded_runs, bool *exhausted,
		      void (*tick)(long runs))
{
	*exhausted = false;
	long used = 0;
	for (long bound = lo; bound <= hi && used < budget; bound++) {
		uint16_t *prefix = NULL;
		uint64_t *tried = NULL;
		size_t tried_n = 0;
		long plen = 0;
		int rc = 0;
		*bounded_runs = 0;
		for (;;) {
			struct sched_req rq = make_req(o, (uint32_t)*runs, 0);
			rq.follow = SFOLLOW_LENIENT;
			rq.flags = SREQ_DEFAULT_AFTER;
			rq.ndecisions = (uint32_t)plen;
			struct xresult r;
			if (run_one(sv, &rq, prefix, &r) < 0) {
				rc = -1;
				break;
			}
			(*runs)++;
			(*bounded_runs)++;
			used++;
			const char *k = xresult_failure(&r, o->expect_exit, o->fail_on);
			if (k && (!want || !strcmp(k, want))) {
				*found = r;
				*found_kind = k;
				rc = 1;
				break;
			}
			plen = dfs_next(&r, &tried, &tried_n, plen, bound, &prefix);
			free(r.steps);
			if (tick)
				tick(*runs);
			if (plen < 0) {
				*exhausted = bound == hi;
				break;
			}
			if (used >= budget)
				break;
		}
		free(prefix);
		free(tried);
		if (rc)
			return rc;
	}
	return 0;
}

/* One shrinking candidate: the decisions of best with the preemptions at steps[from..to) taken
 * back (the switched-out thread goes on), the rest followed where it still applies and the
 * non-preemptive default policy elsewhere. Returns 1 when it fails with kind and fewer
 * preemptions (it replaces *best), 0 when not, -1 when the server died. */
static int shrink_try(struct xserver *sv, const struct xopts *o, const char *kind, struct xresult *best,
		      const long *psteps, long from, long to)
{
	uint16_t *d = decisions_of(best);
	for (long k = from; k < to; k++)
		d[psteps[k]] = best->steps[psteps[k]].cur;
	struct sched_req rq = make_req(o, (uint32_t)best->res.nsteps, 0);
	rq.follow = SFOLLOW_LENIENT;
	rq.flags = SREQ_DEFAULT_AFTER;
	rq.ndecisions = best->res.nsteps;
	struct xresult cand;
	int rc = run_one(sv, &rq, d, &cand);
	free(d);
	if (rc < 0)
		return -1;
	const char *k = xresult_failure(&cand, o->expect_exit, o->fail_on);
	if (k && !strcmp(k, kind) && xresult_preemptions(&cand) < xresult_preemptions(best)) {
		free(best->steps);
		*best = cand;
		return 1;
	}
	free(cand.steps);
	return 0;
}

/* Shrinking, within SHRINK_BUDGET runs:
 * 1. take preemptions back in chunks, halving the chunk size down to one at a time (after
 *    ddmin, Zeller & Hildebrandt, TSE 2002), latest chunks first; restart after every success;
 * 2. when preemptions remain, a bounded search around the failure: iterative preemption bounding
 *    from 0 up to one less than what is left, for a run that fails the same way (its first hit
 *    has the fewest preemptions that search can reach).
 * The result replaces *best; *shrink_runs counts the runs. */
#define SHRINK_BUDGET 300   /* a few hundred runs: well under a second on the small tests */
static void shrink(struct xserver *sv, const struct xopts *o, const char *kind, struct xresult *best, long *shrink_runs)
{
	long budget = SHRINK_BUDGET;
	bool changed = true;
	while (changed && budget > 0) {
		changed = false;
		long have = xresult_preemptions(best);
		if (have == 0)
			return;
		long *ps = malloc((size_t)have * sizeof *ps), np = 0;
		for (uint32_t i = 0; i < best->res.nsteps; i++)
			if (is_preemption(&best->steps[i]))
				ps[np++] = i;
		for (long chunk = np > 1 ? np / 2 : 1; chunk >= 1 && !changed && budget > 0; chunk /= 2) {
			for (long end = np; end > 0 && !changed && budget > 0; end -= chunk) {
				long from = end - chunk > 0 ? end - chunk : 0;
				int rc = shrink_try(sv, o, kind, best, ps, from, end);
				budget--;
				(*shrink_runs)++;
				if (rc < 0) {
					free(ps);
					return;
				}
				changed = rc == 1;
			}
		}
		free(ps);
	}
	long have = xresult_preemptions(best);
	if (have > 0 && budget > 0) {
		struct xresult found;
		const char *k = NULL;
		long runs = 0, bounded = 0;
		bool exhausted;
		int rc = dfs_search(sv, o, 0, have - 1, budget, kind, &found, &k, &runs, &bounded, &exhausted, NULL);
		*shrink_runs += runs;
		if (rc == 1) {
			if (xresult_preemptions(&found) < have) {
				free(best->steps);
				*best = found;
			} else {
				free(found.steps);
			}
		}
	}
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress(bool tty, long runs, double t0, long failures, bool final)
{
	static double last;
	double t = now_s();
	if (!tty || (!final && t - last < 0.25))
		return;
	last = t;
	fprintf(stderr, "\rweft explore: %ld runs, %.0f schedules/s, %ld failure%s%s", runs,
		t > t0 ? runs / (t - t0) : 0.0, failures, failures == 1 ? "" : "s", final ? "\n" : "");
}

/* ---- reporting the failing run ---- */

struct report_failure *explore_failure(const char *kind, const struct xresult *r, long run, uint64_t seed,
				       const char *strategy, const char *path)
{
	struct report_failure *f = report_xcalloc(1, sizeof *f);
	f->kind = report_strdup(kind);
	f->summary = report_strdup(r->res.summary[0] ? r->res.summary : NULL);
	f->run = run;
	f->seed = seed;
	f->strategy = report_strdup(strategy);
	f->schedule = report_strdup(path);
	f->steps = (long)r->res.nsteps;
	long np = xresult_preemptions(r);
	f->preemptions = report_xcalloc((size_t)np + 1, sizeof *f->preemptions);
	for (uint32_t i = 0; i < r->res.nsteps; i++) {
		const struct sched_step *st = &r->steps[i];
		if (!is_preemption(st))
			continue;
		struct report_preemption *p = &f->preemptions[f->npreemptions++];
		p->step = i;
		p->thread = st->cur;
		p->to = st->chosen;
		p->call = report_strdup(st->op < OP_COUNT ? op_names[st->op] : "call");
		p->pc = st->pc;
	}
	return f;
}

/* rep->failure becomes f; the stacks of the preemptions that the report run captured (in the
 * failure the runtime wrote, matched by step) move over to f. */
void explore_set_failure(struct report *rep, struct report_failure *f)
{
	struct report_failure *old = rep->failure;
	if (old) {
		for (size_t i = 0; i < old->npreemptions; i++) {
			struct report_preemption *o = &old->preemptions[i];
			for (size_t k = 0; k < f->npreemptions && o->has_stack; k++)
				if (f->preemptions[k].step == o->step && !f->preemptions[k].has_stack) {
					f->preemptions[k].stack = o->stack;
					f->preemptions[k].has_stack = true;
					o->has_stack = false;
					memset(&o->stack, 0, sizeof o->stack);
				}
			free(o->call);
			report_stack_clear(&o->stack);
		}
		free(old->preemptions);
		free(old->kind);
		free(old->summary);
		free(old->strategy);
		free(old->schedule);
		free(old);
	}
	rep->failure = f;
}

static bool use_colour(void)
{
	const char *term = getenv("TERM");
	return isatty(2) && !getenv("NO_COLOR") && term && strcmp(term, "dumb") != 0;
}

/* The report run's trace lives in the server's temporary directory: move it beside the saved
 * schedule (NAME.schedule -> NAME.trace) and point the report at it; drop the field otherwise. */
void explore_keep_trace(struct report *rep, const char *schedule)
{
	if (!rep->trace)
		return;
	char dst[4200];
	size_t l = schedule ? strlen(schedule) : 0;
	if (l > 9 && strcmp(schedule + l - 9, ".schedule") == 0)
		l -= 9;
	if (!schedule || snprintf(dst, sizeof dst, "%.*s.trace", (int)l, schedule) >= (int)sizeof dst ||
	    rename(rep->trace, dst) != 0) {
		free(rep->trace);
		rep->trace = NULL;
		return;
	}
	char *abs = realpath(dst, NULL);
	free(rep->trace);
	rep->trace = abs ? abs : report_strdup(dst);
}

/* Replays decisions strictly with the report on; fills *rep (the run's report, or a bare one). */
int explore_report_run(struct xserver *sv, const char *prog, char **prog_argv, const uint16_t *dec, size_t n,
		       uint32_t timeout_ms, struct xresult *out, struct report **rep)
{
	struct sched_req rq = {.magic = SCHED_PROTO_MAGIC, .op = SOP_RUN, .follow = SFOLLOW_STRICT,
			       .flags = SREQ_REPORT, .ndecisions = (uint32_t)n, .max_steps = (uint32_t)n + 1000,
			       .timeout_ms = timeout_ms};
	unlink(sv->json);
	fflush(NULL);
	if (run_one(sv, &rq, dec, out) < 0)
		return -1;
	char err[512];
	*rep = NULL;
	if (report_read_json_file(sv->json, rep, err, sizeof err) < 0) {
		*rep = report_new();
		(*rep)->version = REPORT_SCHEMA_VERSION;
		(*rep)->tool_version = report_strdup(WEFT_VERSION);
		(*rep)->exit_status = -1;
	}
	struct report *r = *rep;
	if (!r->program)
		r->program = report_strdup(prog);
	if (!r->argc) {
		for (size_t k = 0; prog_argv[k]; k++)
			r->argc++;
		r->argv = report_xcalloc(r->argc + 1, sizeof *r->argv);
		for (size_t k = 0; k < r->argc; k++)
			r->argv[k] = report_strdup(prog_argv[k]);
	}
	int st = out->res.wstatus;
	if (!r->ended) {
		r->ended = true;
		r->exit_status = WIFSIGNALED(st) ? -1 : WEXITSTATUS(st);
		r->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
	}
	return 0;
}

/* The text report of the failing run, then the exploration lines. */
void explore_print(struct report *rep, const char *prog, const char *cmd)
{
	unsigned flags = use_colour() ? REPORT_TEXT_COLOR : 0;
	fflush(stdout);
	if (rep->nfindings)
		output_text(&rep, 1, rep->program ? rep->program : prog, stderr, flags);
	const struct report_failure *f = rep->failure;
	if (!f) {
		fprintf(stderr, "weft %s: no failure in %ld run%s\n", cmd, rep->runs, rep->runs == 1 ? "" : "s");
		return;
	}
	fprintf(stderr, "weft %s: %s in run %ld (seed %llu, strategy %s)%s%s\n", cmd, f->kind, f->run,
		(unsigned long long)f->seed, f->strategy ? f->strategy : "?", f->summary ? ": " : "",
		f->summary ? f->summary : "");
	fprintf(stderr, "weft %s: schedule %s: %ld steps, %zu preemption%s\n", cmd, f->schedule ? f->schedule : "(not saved)",
		f->steps, f->npreemptions, f->npreemptions == 1 ? "" : "s");
	for (size_t i = 0; i < f->npreemptions; i++) {
		const struct report_preemption *p = &f->preemptions[i];
		fprintf(stderr, "  preemption %zu at step %ld: T%d switched out at %s (pc 0x%llx), T%d ran%s\n", i + 1, p->step,
			p->thread, p->call ? p->call : "?", (unsigned long long)p->pc, p->to,
			p->has_stack ? "; the switched-out thread was at:" : "");
		if (p->has_stack)
			report_format_stack(&p->stack, stderr, 4, use_colour() ? REPORT_TEXT_COLOR : 0);
	}
}

int explore_format_option(const char *cmd, const char *name, const char *val, struct explore_format *f)
{
	if (!strcmp(name, "--format")) {
		int k = output_format_from_name(val);
		if (k < 0) {
			fprintf(stderr, "weft %s: --format needs %s, not '%s' (try 'weft %s --help')\n", cmd,
				OUTPUT_FORMAT_LIST, val, cmd);
			f->format = -2;
			return -1;
		}
		f->format = k;
		return 1;
	}
	if (!strcmp(name, "--output")) {
		f->output = val;
		return 1;
	}
	return 0;
}

int explore_write_format(struct report *rep, const struct explore_format *f, const char *cmd)
{
	int format = f->format;
	if (format < 0 && f->output)
		format = (int)output_format_from_path(f->output);
	if (format < 0)
		return 0;
	char err[512];
	struct report *const reps[1] = {rep};
	if (output_write((enum output_format)format, reps, 1, f->output, 0, err, sizeof err) < 0) {
		fprintf(stderr, "weft %s: %s\n", cmd, err);
		return -1;
	}
	return 0;
}

int explore_write_json(struct report *rep, const char *path, const char *cmd)
{
	char err[512];
	if (report_write_json_file(rep, path, err, sizeof err) < 0) {
		fprintf(stderr, "weft %s: %s\n", cmd, err);
		return -1;
	}
	return 0;
}

/* ---- the search ---- */

static bool dfs_tty;
static double dfs_t0;
static void dfs_tick(long runs) { progress(dfs_tty, runs, dfs_t0, 0, false); }

/* What the search loops share. */
struct xsearch {
	struct xserver *sv;
	long jobs;
	bool tty;
	double t0;
	long runs, failures, first_run, next;
	uint32_t pct_len;
	const char *kind;        /* failure kind of the first failing run, NULL while none */
	struct xresult fail;     /* that run */
	bool broken;             /* a server stopped answering */
	uint32_t reached;        /* --confirm: edges reached (or-ed over runs) */
	long closed;             /* --confirm: cycle closings (summed over runs) */
};

/* Requests kept in flight per server: the server forks the next run as soon as one ends instead
 * of waiting for a round trip through weft (docs/performance.md, "Exploration"). Results are read
 * in the order the runs were sent, so the first failure is the same for a given --jobs. 8: a round
 * trip costs about a small run (two context switches and a wakeup), so a few in flight hide it;
 * more only add runs made after a failure (they are counted, and wasted). */
#define PIPELINE 8

/* random / pct: runs numbered x->next, next + shard_n, ... below limit, on every server; stops
 * sending at the first failure (unless --keep-going) and reads what is still in flight (those runs
 * count as runs). flags: extra request flags (SREQ_CONFIRM). */
static void search_random(struct xsearch *x, const struct xopts *o, uint32_t flags, long limit)
{
	long inflight[256][PIPELINE];   /* run numbers sent to server j, oldest first (a ring) */
	int head[256] = {0}, count[256] = {0};
	long jobs = x->jobs < 256 ? x->jobs : 256;
	for (;;) {
		/* fill every server's pipeline */
		/* pct estimates the run length from earlier runs: one run first, then the pipeline */
		int depth = o->strategy == SCHED_PCT && x->pct_len == 0 ? 1 : PIPELINE;
		for (long j = 0; j < jobs && !x->broken; j++)
			while (count[j] < depth && x->next < limit && (!x->kind || o->keep_going)) {
				struct sched_req rq = make_req(o, (uint32_t)x->next, x->pct_len);
				rq.flags |= flags;
				if (xserver_send(&x->sv[j], &rq, NULL) < 0) {
					x->broken = true;
					break;
				}
				inflight[j][(head[j] + count[j]++) % PIPELINE] = x->next;
				x->next += o->shard_n;
			}
		bool any = false;
		for (long j = 0; j < jobs; j++) {
			if (count[j] == 0)
				continue;
			any = true;
			long run = inflight[j][head[j]];
			head[j] = (head[j] + 1) % PIPELINE;
			count[j]--;
			struct xresult r;
			if (xserver_recv(&x->sv[j], &r) < 0) {
				if (!x->broken)
					fprintf(stderr, "weft explore: the program stopped serving runs (it may have failed before main, or cleared LD_PRELOAD)\n");
				x->broken = true;
				count[j] = 0;
				continue;
			}
			x->runs++;
			x->reached |= r.res.confirm_reached;
			x->closed += r.res.confirm_closed;
			if (r.res.nsteps > x->pct_len)
				x->pct_len = r.res.nsteps;
			const char *k = xresult_failure(&r, o->expect_exit, o->fail_on);
			if (k) {
				x->failures++;
				if (!x->kind) {
					x->kind = k;
					x->first_run = run;
					x->fail = r;
					continue;
				}
			}
			free(r.steps);
		}
		progress(x->tty, x->runs, x->t0, x->failures, false);
		if (!any)
			break;
	}
}

/* The call site of a stack: its innermost frame with an address and a module. */
static const struct report_frame *call_site(const struct report_finding *f, int idx)
{
	if (idx < 0 || (size_t)idx >= f->nstacks)
		return NULL;
	const struct report_stack *st = &f->stacks[idx];
	for (size_t i = 0; i < st->nframes; i++)
		if (st->frames[i].pc && st->frames[i].module)
			return &st->frames[i];
	return NULL;
}

/* The cycle of a lock-order inversion as call sites: 0, or -1 with the reason in why. */
static int cycle_of(const struct report_finding *f, struct sched_confirm *c, const char **why)
{
	memset(c, 0, sizeof *c);
	if (f->ncycle < 2 || f->ncycle > SCHED_CONFIRM_MAX) {
		*why = f->ncycle < 2 ? "its cycle is missing from the report" : "its cycle is too long";
		return -1;
	}
	for (size_t i = 0; i < f->ncycle; i++) {
		const struct report_frame *h = call_site(f, f->cycle[i].hold_stack), *a = call_site(f, f->cycle[i].wait_stack);
		if (!h || !a) {
			*why = "the report has no module and offset for its call sites";
			return -1;
		}
		c->held[i].offset = h->offset;
		snprintf(c->held[i].module, sizeof c->held[i].module, "%s", h->module);
		c->acq[i].offset = a->offset;
		snprintf(c->acq[i].module, sizeof c->acq[i].module, "%s", a->module);
	}
	c->nedges = (uint32_t)f->ncycle;
	return 0;
}

/* A finding --confirm can steer toward: a lock-order inversion, or a deadlock that `weft run` saw
 * happen (under stress, once) whose cycle is made of locks only. */
static bool lock_cycle(const struct report_finding *f)
{
	if (f->kind == REPORT_LOCK_ORDER_INVERSION)
		return true;
	if (f->kind != REPORT_DEADLOCK || f->ncycle < 2)
		return false;
	for (size_t i = 0; i < f->ncycle; i++)
		if (f->cycle[i].holds < 0 || f->cycle[i].waits < 0)
			return false;
	return true;
}

/* Send the cycle to every server; -1 when a server died. missing: sites not found, and why. */
static int send_cycle(struct xsearch *x, const struct sched_confirm *c, int *missing, char *why, size_t wlen)
{
	*missing = 0;
	why[0] = 0;
	for (long j = 0; j < x->jobs; j++) {
		struct sched_req rq = {.magic = SCHED_PROTO_MAGIC, .op = SOP_CONFIRM};
		struct sched_res res;
		if (write_all(x->sv[j].to, &rq, sizeof rq) < 0 || write_all(x->sv[j].to, c, sizeof *c) < 0 ||
		    read_all(x->sv[j].from, &res, sizeof res) < 0 || res.magic != SCHED_PROTO_MAGIC) {
			x->broken = true;
			return -1;
		}
		*missing = (int)(2 * c->nedges - res.findings);
		if (res.summary[0])
			snprintf(why, wlen, "%.*s", (int)sizeof res.summary, res.summary);
	}
	return 0;
}

/* --confirm REPORT: for each lock-order inversion of the report, in order, steer --runs runs
 * toward its cycle; stop at the first failing run. Fills *cf for the inversion tried last (the
 * confirmed one when a run deadlocked). Returns 0, or a usage exit status after one line. */
static int confirm_report(struct xsearch *x, const struct xopts *o, struct report *src, const char *source,
			  struct report_confirm **cf);

/* --confirm found: explore until a run reports a lock-order inversion (or fails); replay that run
 * quietly with the report on to learn the inversion's call sites, then steer toward it. */
static int confirm_found(struct xsearch *x, const struct xopts *o, struct report_confirm **cf)
{
	struct xopts o2 = *o;
	unsigned loi = 1u << REPORT_LOCK_ORDER_INVERSION;
	o2.fail_on |= loi;
	search_random(x, &o2, 0, o->runs);
	if (!x->kind || strcmp(x->kind, "lock-order-inversion") != 0 || (o->fail_on & loi))
		return 0;   /* a real failure (or the inversion itself was asked for): report that */
	long run = x->first_run;
	uint16_t *d = decisions_of(&x->fail);
	struct sched_req rq = {.magic = SCHED_PROTO_MAGIC, .op = SOP_RUN, .follow = SFOLLOW_STRICT,
			       .flags = SREQ_REPORT | SREQ_QUIET, .ndecisions = x->fail.res.nsteps,
			       .max_steps = x->fail.res.nsteps + 1000, .timeout_ms = (uint32_t)o->timeout_ms};
	unlink(x->sv[0].json);
	struct xresult r;
	int rc = run_one(&x->sv[0], &rq, d, &r);
	free(d);
	free(x->fail.steps);
	memset(&x->fail, 0, sizeof x->fail);
	x->kind = NULL;
	x->failures--;
	x->first_run = -1;
	if (rc < 0) {
		x->broken = true;
		return 0;
	}
	free(r.steps);
	struct report *src = NULL;
	char err[512];
	if (report_read_json_file(x->sv[0].json, &src, err, sizeof err) < 0) {
		fprintf(stderr, "weft explore: --confirm found: the report of run %ld is unreadable: %s\n", run, err);
		return 0;
	}
	if (!o->quiet)
		fprintf(stderr, "weft explore: run %ld reported a lock-order inversion; steering toward it\n", run);
	char source[64];
	snprintf(source, sizeof source, "run %ld", run);
	return confirm_report(x, o, src, source, cf);
}

static int confirm_search(struct xsearch *x, const struct xopts *o, const char *prog, struct report_confirm **cf)
{
	if (!strcmp(o->confirm, "found"))
		return confirm_found(x, o, cf);
	struct report *src = NULL;
	char err[512];
	if (report_read_json_file(o->confirm, &src, err, sizeof err) < 0) {
		fprintf(stderr, "weft explore: --confirm: %s\n", err);
		return WEFT_EXIT_USAGE;
	}
	char a[PATH_MAX], b[PATH_MAX];
	if (src->program && (!realpath(src->program, a) || !realpath(prog, b) || strcmp(a, b) != 0))
		fprintf(stderr, "weft explore: note: %s is a report on %s, not on %s\n", o->confirm, src->program, prog);
	return confirm_report(x, o, src, o->confirm, cf);
}

/* Steer toward each lock cycle of src in turn (frees src). */
static int confirm_report(struct xsearch *x, const struct xopts *o, struct report *src, const char *source,
			  struct report_confirm **cf)
{
	size_t ninv = 0;
	for (size_t i = 0; i < src->nfindings; i++)
		ninv += lock_cycle(&src->findings[i]);
	if (ninv == 0) {
		fprintf(stderr, "weft explore: --confirm: %s reports no lock-order inversion (nor a deadlock on locks)\n", source);
		report_free(src);
		return WEFT_EXIT_USAGE;
	}
	for (size_t i = 0; i < src->nfindings && !x->kind && !x->broken; i++) {
		const struct report_finding *f = &src->findings[i];
		if (!lock_cycle(f))
			continue;
		const char *inv = f->summary ? f->summary : "lock-order inversion";
		struct sched_confirm c;
		const char *why = NULL;
		if (cycle_of(f, &c, &why) < 0) {
			fprintf(stderr, "weft explore: cannot steer toward \"%s\": %s\n", inv, why);
			continue;
		}
		int missing;
		char mwhy[300];
		if (send_cycle(x, &c, &missing, mwhy, sizeof mwhy) < 0)
			break;
		if (missing == (int)(2 * c.nedges)) {
			fprintf(stderr, "weft explore: cannot steer toward \"%s\": %s\n", inv, mwhy);
			continue;
		}
		long runs0 = x->runs, closed0 = x->closed;
		x->reached = 0;
		search_random(x, o, SREQ_CONFIRM, x->next + o->runs * o->shard_n);
		if (*cf) {
			free((*cf)->source);
			free((*cf)->inversion);
			free(*cf);
		}
		struct report_confirm *r = report_xcalloc(1, sizeof *r);
		r->source = report_strdup(source);
		r->inversion = report_strdup(inv);
		r->confirmed = x->kind && !strcmp(x->kind, "deadlock");
		r->runs = x->runs - runs0;
		r->edges = c.nedges;
		r->edges_reached = __builtin_popcount(x->reached);
		r->closed = x->closed - closed0;
		*cf = r;
		if (!x->kind && !o->quiet) {
			fprintf(stderr, "weft explore: not confirmed: \"%s\" did not deadlock in %ld run%s steered toward it; ", inv,
				r->runs, r->runs == 1 ? "" : "s");
			if (r->edges_reached == 0)
				fprintf(stderr, "no thread ever reached its part of the cycle%s\n",
					missing ? " (some call sites are not in the program)" : " (is this the program the report came from?)");
			else if (r->closed == 0)
				fprintf(stderr, "%ld of its %ld edges were reached, never all at once (something keeps them apart)\n",
					r->edges_reached, r->edges);
			else
				fprintf(stderr, "the cycle closed %ld time%s, on other lock instances\n", r->closed, r->closed == 1 ? "" : "s");
		}
	}
	report_free(src);
	return 0;
}

int cmd_explore(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--merge"))
		return explore_merge(argc, argv);
	struct xopts o;
	int rc = parse_xopts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (mkdir(o.out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "weft explore: cannot create %s: %s\n", o.out, strerror(errno));
		return WEFT_EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_IGN);
	long jobs = o.strategy == SCHED_DFS ? 1 : o.jobs;
	struct xserver *sv = calloc((size_t)jobs, sizeof *sv);
	char prog[PATH_MAX];
	for (long j = 0; j < jobs; j++) {
		rc = xserver_start(&sv[j], "explore", o.prog_argv, prog, sizeof prog);
		if (rc) {
			for (long k = 0; k < j; k++)
				xserver_stop(&sv[k]);
			return rc;
		}
	}
	struct xsearch x = {.sv = sv, .jobs = jobs, .tty = isatty(2) && !o.quiet, .t0 = now_s(), .first_run = -1,
			    .next = o.shard_i};
	struct report_confirm *confirm = NULL;
	bool exhausted = false;
	long bounded_runs = 0;

	dfs_tty = x.tty;
	dfs_t0 = x.t0;
	if (o.confirm) {
		rc = confirm_search(&x, &o, prog, &confirm);
		if (rc) {
			for (long j = 0; j < jobs; j++)
				xserver_stop(&sv[j]);
			free(sv);
			return rc;
		}
	} else if (o.strategy != SCHED_DFS) {
		search_random(&x, &o, 0, o.runs);
	} else {
		/* iterative preemption bounding: bound 0, 1, ... up to --preemptions */
		const char *k = NULL;
		int rc2 = dfs_search(&sv[0], &o, 0, o.preemptions, o.runs, NULL, &x.fail, &k, &x.runs, &bounded_runs,
				     &exhausted, dfs_tick);
		if (rc2 < 0)
			x.broken = true;
		if (rc2 == 1) {
			x.failures++;
			x.kind = k;
			x.first_run = x.runs - 1;
		}
	}
	bool tty = x.tty, broken = x.broken;
	double t0 = x.t0;
	long runs = x.runs, failures = x.failures, shrink_runs = 0, first_run = x.first_run;
	long shrunk_from = -1, shrunk_steps = -1;
	const char *kind = x.kind;
	struct xresult fail = x.fail;
	progress(tty, runs, t0, failures, true);
	double elapsed = now_s() - t0;

	struct report *rep = NULL;
	int status = 0;
	if (kind) {
		if (!o.no_shrink && !broken && strcmp(kind, "timeout") != 0) {
			shrunk_from = xresult_preemptions(&fail);
			shrunk_steps = (long)fail.res.nsteps;
			shrink(&sv[0], &o, kind, &fail, &shrink_runs);
		}
		/* save the schedule */
		const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
		char path[PATH_MAX + 512];
		snprintf(path, sizeof path, "%.2048s/%.1024s.seed%llu.run%ld.schedule", o.out, base, (unsigned long long)o.seed,
			 first_run);
		struct schedule s = {.program = prog, .strategy = (char *)strategy_name(o.strategy), .seed = o.seed,
				     .run = first_run, .failure = (char *)kind, .preemptions = xresult_preemptions(&fail),
				     .n = fail.res.nsteps, .decisions = decisions_of(&fail)};
		for (char **a = o.prog_argv; *a; a++)
			s.argc++;
		s.argv = o.prog_argv;
		char err[512];
		if (schedule_write(&s, path, err, sizeof err) < 0) {
			fprintf(stderr, "weft explore: %s\n", err);
			path[0] = 0;
		}
		/* replay it with the report on */
		struct xresult again;
		if (!broken && explore_report_run(&sv[0], prog, o.prog_argv, s.decisions, s.n, (uint32_t)o.timeout_ms,
						  &again, &rep) == 0) {
			const char *k2 = xresult_failure(&again, o.expect_exit, o.fail_on);
			if (!k2 || strcmp(k2, kind) != 0)
				fprintf(stderr, "weft explore: note: the replay of the failing schedule ended %s (the program is not deterministic under its schedule)\n",
					k2 ? k2 : "without failure");
			if (!fail.res.summary[0] && again.res.summary[0])
				memcpy(fail.res.summary, again.res.summary, sizeof fail.res.summary);
			free(again.steps);
		} else {
			rep = report_new();
			rep->version = REPORT_SCHEMA_VERSION;
			rep->tool_version = report_strdup(WEFT_VERSION);
			rep->program = report_strdup(prog);
			rep->ended = true;
		}
		explore_set_failure(rep, explore_failure(kind, &fail, first_run, o.seed, strategy_name(o.strategy),
							 path[0] ? path : NULL));
		explore_keep_trace(rep, path[0] ? path : NULL);
		if (shrunk_from >= 0) {
			rep->failure->shrink_runs = shrink_runs;
			rep->failure->shrunk_from_preemptions = shrunk_from;
			rep->failure->shrunk_from_steps = shrunk_steps;
		}
		free(s.decisions);
		status = EXIT_FAILURE_FOUND;
	} else {
		rep = report_new();
		rep->version = REPORT_SCHEMA_VERSION;
		rep->tool_version = report_strdup(WEFT_VERSION);
		rep->program = report_strdup(prog);
		for (char **a = o.prog_argv; *a; a++)
			rep->argc++;
		rep->argv = report_xcalloc(rep->argc + 1, sizeof *rep->argv);
		for (size_t k = 0; k < rep->argc; k++)
			rep->argv[k] = report_strdup(o.prog_argv[k]);
		rep->ended = true;
		rep->exit_status = 0;
		status = broken ? WEFT_EXIT_USAGE : 0;
	}
	rep->explored = true;
	rep->runs = runs;
	rep->confirm = confirm;
	for (long j = 0; j < jobs; j++)
		xserver_stop(&sv[j]);
	free(sv);
	if (!o.quiet) {
		explore_print(rep, prog, "explore");
		if (confirm && confirm->confirmed)
			fprintf(stderr, "weft explore: confirmed: \"%s\" deadlocks in run %ld, steered toward it\n",
				confirm->inversion, first_run);
		if (kind && shrink_runs > 0)
			fprintf(stderr, "weft explore: shrunk in %ld run%s from %ld preemption%s (%ld steps) to %zu (%ld steps)\n",
				shrink_runs, shrink_runs == 1 ? "" : "s", shrunk_from, shrunk_from == 1 ? "" : "s", shrunk_steps,
				rep->failure->npreemptions, rep->failure->steps);
		if (kind && rep->failure->schedule)
			fprintf(stderr, "weft explore: replay with: weft replay %s\n", rep->failure->schedule);
		if (!kind && o.strategy == SCHED_DFS && exhausted)
			fprintf(stderr, "weft explore: no failure in all %ld schedules with <= %ld preemptions (the bounded space is exhausted)\n",
				bounded_runs, o.preemptions);
		fprintf(stderr, "weft explore: %ld runs%s in %.2f s (%.0f schedules/s)%s\n", runs,
			shrink_runs ? " + shrinking" : "", elapsed, elapsed > 0 ? runs / elapsed : 0.0,
			failures > 1 ? "" : "");
		if (o.keep_going)
			fprintf(stderr, "weft explore: %ld failing run%s\n", failures, failures == 1 ? "" : "s");
	}
	if (o.json && explore_write_json(rep, o.json, "explore") < 0 && status == 0)
		status = WEFT_EXIT_USAGE;
	if (explore_write_format(rep, &o.fmt, "explore") < 0 && status == 0)
		status = WEFT_EXIT_USAGE;
	free(fail.steps);
	report_free(rep);
	return status;
}
