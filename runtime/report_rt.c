/* report_rt.c - from the runtime's state to the report model, the JSON file and stderr.
 *
 * The report file is rewritten (temporary name + rename, by report_write_json_file) whenever a new
 * finding appears, at exec, at the end, and when weft ends a deadlocked program, so a program that
 * crashes, closes stderr or is killed keeps every finding recorded before. Everything here runs
 * under report_lock with the re-entrancy guard raised: libdw and malloc may take pthread locks.
 */
#include "report_rt.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "finding.h"
#include "obj.h"
#include "race.h"
#include "report.h"
#include "report_describe.h"
#include "report_text.h"
#include "rt.h"
#include "sched.h"
#include "stack.h"
#include "symbolize.h"
#include "thread.h"
#include "trace_rt.h"

static rt_spin report_lock;
static volatile int dirty;
static char path[4096];
static long parent_pid;
static unsigned suppressed;

/* ---- suppressions: lines "kind:pattern"; kind is race, deadlock, misuse, inversion, or * ---- */
struct supp {
	char kind[24];
	char pattern[232];
	unsigned hits;
};
static struct supp *supps;
static int nsupps;

static void load_suppressions(void)
{
	if (!rt_opt.suppressions)
		return;
	FILE *f = fopen(rt_opt.suppressions, "r");
	if (!f) {
		rt_printf("cannot read suppressions file %s\n", rt_opt.suppressions);
		return;
	}
	char line[512];
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		s[strcspn(s, "\r\n")] = 0;
		if (!*s || *s == '#')
			continue;
		char *colon = strchr(s, ':');
		if (!colon || colon == s || !colon[1]) {
			rt_printf("%s:%d: expected KIND:PATTERN, ignored\n", rt_opt.suppressions, lineno);
			continue;
		}
		*colon = 0;
		struct supp *n = realloc(supps, (size_t)(nsupps + 1) * sizeof *supps);
		if (!n)
			break;
		supps = n;
		snprintf(supps[nsupps].kind, sizeof supps[nsupps].kind, "%.23s", s);
		snprintf(supps[nsupps].pattern, sizeof supps[nsupps].pattern, "%.231s", colon + 1);
		supps[nsupps].hits = 0;
		nsupps++;
	}
	fclose(f);
}

static bool kind_matches(const char *k, enum report_kind kind)
{
	if (strcmp(k, "*") == 0 || strcmp(k, report_kind_name(kind)) == 0)
		return true;
	switch (kind) {
	case REPORT_DATA_RACE: return strcmp(k, "race") == 0;
	case REPORT_LOCK_ORDER_INVERSION: return strcmp(k, "inversion") == 0 || strcmp(k, "deadlock") == 0 || strcmp(k, "lock-order") == 0;
	case REPORT_DEADLOCK: return strcmp(k, "deadlock") == 0;
	case REPORT_API_MISUSE: return strcmp(k, "misuse") == 0 || strcmp(k, "mutex") == 0;
	default: return false;
	}
}

static bool frame_matches(const struct report_frame *fr, const char *pat)
{
	if (fr->function && fnmatch(pat, fr->function, 0) == 0)
		return true;
	if (fr->file && (fnmatch(pat, fr->file, 0) == 0 || fnmatch(pat, report_describe_basename(fr->file), 0) == 0))
		return true;
	if (fr->module && (fnmatch(pat, fr->module, 0) == 0 || fnmatch(pat, report_describe_basename(fr->module), 0) == 0))
		return true;
	return false;
}

static bool suppressed_by(const struct report_finding *f)
{
	for (int i = 0; i < nsupps; i++) {
		if (!kind_matches(supps[i].kind, f->kind))
			continue;
		if (f->misuse && fnmatch(supps[i].pattern, f->misuse, 0) == 0)
			goto hit;
		for (size_t s = 0; s < f->nstacks; s++)
			for (size_t k = 0; k < f->stacks[s].nframes; k++)
				if (frame_matches(&f->stacks[s].frames[k], supps[i].pattern))
					goto hit;
		continue;
	hit:
		supps[i].hits++;
		return true;
	}
	return false;
}

/* ---- stacks ---- */

static void fill_depot(struct report_stack *s, uint32_t id, unsigned from)
{
	const uintptr_t *pcs;
	unsigned n = stack_get(id, &pcs);
	for (unsigned i = from; i < n; i++)
		sym_append_frames(s, pcs[i], 1);
}

/* A splice: the call site pc of an earlier acquisition, then the frames of stack `id` outside the
 * function that contains pc (the function that took the lock and still held it). */
static void fill_splice(struct report_stack *s, uint32_t id, uintptr_t pc)
{
	sym_append_frames(s, pc, 1);
	const char *fn = sym_function(pc);
	const uintptr_t *pcs;
	unsigned n = stack_get(id, &pcs);
	for (unsigned i = 0; fn && i < n; i++) {
		const char *g = sym_function(pcs[i]);
		if (g && strcmp(g, fn) == 0 && pcs[i] != pc) {
			fill_depot(s, id, i + 1);
			return;
		}
		if (pcs[i] == pc) {
			fill_depot(s, id, i + 1);
			return;
		}
	}
	s->note = strdup("outer frames not captured: the lock was taken in a function that has returned");
}

static void fill_rstk(struct report_stack *s, const struct rstk *r)
{
	s->role = strdup(r->role ? r->role : "stack");
	s->thread = r->thread;
	if (r->type == RSTK_SPLICE) {
		if (r->pc)
			fill_splice(s, r->id, r->pc);
		else
			fill_depot(s, r->id, 0);
	} else if (r->id) {
		fill_depot(s, r->id, 0);
	} else if (r->pc) {
		sym_append_frames(s, r->pc, 1);
		s->note = strdup("only the call site was captured");
	}
}

static void fill_stack_id(struct report_stack *s, const char *role, int thread, uint32_t id, bool full)
{
	s->role = strdup(role);
	s->thread = thread;
	if (full) {
		fill_depot(s, id, 0);
		return;
	}
	const uintptr_t *pcs;
	unsigned n = stack_get(id, &pcs);
	for (unsigned i = 0; i < n; i++)
		sym_append_frames_cheap(s, pcs[i]);
	s->note = strdup("not symbolized: the thread is in no finding");
}

/* ---- the model ---- */

static void read_cmdline(struct report *r)
{
	char buf[8192];
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	size_t cnt = 0;
	for (ssize_t i = 0; i < n; i++)
		cnt += buf[i] == 0;
	r->argv = report_xcalloc(cnt + 1, sizeof *r->argv);
	for (char *p = buf; p < buf + n && r->argc < cnt; p += strlen(p) + 1)
		r->argv[r->argc++] = strdup(p);
}

static bool id_in(const int *ids, size_t n, int id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static const char *thread_state(const struct wthr *t)
{
	if (t->finished)
		return "finished";
	if (t->wait_kind != WAIT_NONE)
		return "blocked";
	return "running";
}

/* The source location of a race access's innermost frame ("file:line", else the function, else
 * the module and offset) into buf. */
static void access_loc(const struct report_finding *f, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "?");
	if (i >= f->naccesses || f->accesses[i].stack < 0 || (size_t)f->accesses[i].stack >= f->nstacks)
		return;
	const struct report_stack *s = &f->stacks[f->accesses[i].stack];
	if (s->nframes == 0)
		return;
	const struct report_frame *fr = &s->frames[0];
	if (fr->file && fr->line > 0)
		snprintf(buf, len, "%s:%d", fr->file, fr->line);
	else if (fr->function)
		snprintf(buf, len, "%s", fr->function);
	else
		snprintf(buf, len, "%s+%#llx", fr->module ? fr->module : "?", (unsigned long long)fr->offset);
}

/* Races are found per pair of instructions (race_report.c), and one line of source can hold
 * several (`counter++` is a read and a write): in the report, a data race whose two accesses are at
 * the same pair of source locations as an earlier one is folded into it (its count grows). */
static bool fold_race(struct report *r, const struct report_finding *f)
{
	char a[512], b[512], x[512], y[512];
	access_loc(f, 0, a, sizeof a);
	access_loc(f, 1, b, sizeof b);
	for (size_t i = 0; i < r->nfindings; i++) {
		struct report_finding *g = &r->findings[i];
		if (g->kind != REPORT_DATA_RACE)
			continue;
		access_loc(g, 0, x, sizeof x);
		access_loc(g, 1, y, sizeof y);
		if ((strcmp(a, x) == 0 && strcmp(b, y) == 0) || (strcmp(a, y) == 0 && strcmp(b, x) == 0)) {
			g->count += f->count;
			return true;
		}
	}
	return false;
}

/* The name of thread tid (its comm) into buf; "" when it cannot be read. */
static void read_comm(pid_t tid, char *buf, size_t len)
{
	char fn[64];
	snprintf(fn, sizeof fn, "/proc/self/task/%d/comm", (int)tid);
	int fd = open(fn, O_RDONLY | O_CLOEXEC);
	ssize_t m = fd >= 0 ? read(fd, buf, len - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[m > 0 ? m : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
}

static struct report *build(int status, bool ended, bool by_weft)
{
	struct report *r = report_new();
	r->version = REPORT_SCHEMA_VERSION;
	r->tool_version = strdup(WEFT_VERSION);
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		r->program = strdup(exe);
	}
	read_cmdline(r);
	r->pid = rt_pid;
	r->parent_pid = parent_pid;
	r->ended = ended;
	r->exit_status = ended ? status : -1;
	r->ended_by_weft = by_weft;

	/* findings, oldest first */
	unsigned nf = 0;
	for (struct rfinding *f = finding_list(); f; f = f->next)
		nf++;
	struct rfinding **fs = calloc(nf ? nf : 1, sizeof *fs);
	unsigned k = nf;
	for (struct rfinding *f = finding_list(); f && k; f = f->next)
		fs[--k] = f;
	int *want_locks = NULL, *want_threads = NULL;
	size_t nwl = 0, nwt = 0;
	unsigned supp_count = 0;
	for (unsigned i = 0; i < nf; i++) {
		struct rfinding *rf = fs[i];
		/* built in a scratch report, moved into r unless a suppression drops it */
		struct report *scratch = report_new();
		struct report_finding *f = report_add_finding(scratch, rf->kind);
		f->misuse = report_strdup(rf->misuse);
		f->summary = strdup(rf->summary);
		f->count = rf->count;
		for (int s = 0; s < rf->nstacks; s++) {
			struct report_stack *st = report_finding_add_stack(f, NULL, -1);
			fill_rstk(st, &rf->stacks[s]);
		}
		if (rf->kind == REPORT_DATA_RACE)
			race_report_fill(f, rf);   /* accesses and memory (race_report.c) */
		f->nthreads = (size_t)rf->nthreads;
		f->threads = report_xcalloc(f->nthreads + 1, sizeof *f->threads);
		memcpy(f->threads, rf->threads, f->nthreads * sizeof *f->threads);
		f->nlocks = (size_t)rf->nlocks;
		f->locks = report_xcalloc(f->nlocks + 1, sizeof *f->locks);
		memcpy(f->locks, rf->locks, f->nlocks * sizeof *f->locks);
		if (rf->nsteps) {
			f->ncycle = (size_t)rf->nsteps;
			f->cycle = report_xcalloc(f->ncycle, sizeof *f->cycle);
			for (int s = 0; s < rf->nsteps; s++) {
				const struct rstep *a = &rf->steps[s];
				struct report_cycle_step *b = &f->cycle[s];
				b->thread = a->thread;
				b->holds = a->holds;
				b->hold_mode = a->holds > 0 ? strdup(a->hold_read ? "read" : "write") : NULL;
				b->waits = a->waits;
				b->wait_mode = a->waits > 0 ? strdup(a->wait_read ? "read" : "write") : NULL;
				b->wait_kind = report_strdup(a->wait_kind);
				b->waits_thread = a->waits_thread;
				b->hold_stack = a->hold_stack;
				b->wait_stack = a->wait_stack;
			}
		}
		if (nsupps && suppressed_by(f)) {
			supp_count++;
			report_free(scratch);
			continue;
		}
		if (f->kind == REPORT_DATA_RACE && fold_race(r, f)) {
			report_free(scratch);
			continue;
		}
		struct report_finding *dst = report_add_finding(r, rf->kind);
		*dst = *f;
		f = dst;
		scratch->nfindings = 0;
		report_free(scratch);
		want_locks = realloc(want_locks, (nwl + f->nlocks + 1) * sizeof *want_locks);
		for (size_t j = 0; j < f->nlocks; j++)
			want_locks[nwl++] = f->locks[j];
		want_threads = realloc(want_threads, (nwt + f->nthreads + 1) * sizeof *want_threads);
		for (size_t j = 0; j < f->nthreads; j++)
			want_threads[nwt++] = f->threads[j];
	}
	free(fs);
	r->suppressed = suppressed + supp_count;

	/* threads: every thread up to a bound, and always those in findings */
	int nt = thread_count();
	/* a thread inherits the process's name: only a name of its own (pthread_setname_np) says
	 * something */
	char pname[64];
	read_comm(rt_pid, pname, sizeof pname);
	for (int i = 0; i < nt; i++) {
		struct wthr *t = thread_by_id(i);
		if (!t || (i >= 256 && !id_in(want_threads, nwt, i)))
			continue;
		struct report_thread *rt = report_add_thread(r, t->id);
		rt->parent = t->parent;
		rt->tid = t->tid;
		rt->state = strdup(thread_state(t));
		/* a finished thread's name was kept at its end (sync.c); a live one's is read now */
		char comm[64] = "";
		if (t->finished)
			snprintf(comm, sizeof comm, "%.*s", (int)sizeof t->name, t->name);
		else if (t->tid)
			read_comm(t->tid, comm, sizeof comm);
		if (comm[0] && (t->id == 0 || strcmp(comm, pname) != 0))
			rt->name = strdup(comm);
		bool involved = id_in(want_threads, nwt, i);
		if (t->created_stack) {
			rt->has_created = true;
			fill_stack_id(&rt->created, "created", t->id, t->created_stack, involved);
		}
		if (t->wait_kind != WAIT_NONE && t->blocked_stack && !t->finished) {
			rt->has_last = true;
			fill_stack_id(&rt->last, "blocked", t->id, t->blocked_stack, true);
		}
	}
	/* locks named in findings */
	for (size_t i = 0; i < nwl; i++) {
		if (id_in(want_locks, i, want_locks[i]))
			continue; /* already added */
		struct wlock *l = lock_by_id(want_locks[i]);
		if (!l)
			continue;
		struct report_lock *rl = report_add_lock(r, l->o.id);
		rl->kind = strdup(obj_kind_name(l->o.kind));
		if (l->o.kind == OBJ_MUTEX || l->o.kind == OBJ_C11_MUTEX) {
			static const char *const types[] = {"normal", "recursive", "errorcheck", "adaptive"};
			rl->type = strdup(types[l->type & 3]);
		}
		rl->addr = l->o.addr;
		rl->name = sym_data_name(l->o.addr);
		if (l->o.created_stack) {
			rl->has_created = true;
			fill_stack_id(&rl->created, l->o.by_init ? "created" : "first-use", -1, l->o.created_stack, true);
		}
	}
	free(want_locks);
	free(want_threads);
	return r;
}

/* ---- writing ---- */

/* explore mode, the replay of a failing schedule: the preemptions with the stacks of the threads
 * switched out; weft explore completes "failure" (docs/explore.md) */
static void add_preemptions(struct report *r)
{
	static const char *const op_names[] = {
#define X(e, name) name,
		SCHED_OPS(X)
#undef X
	};
	const struct sched_preempt *p;
	unsigned n = sched_preemptions(&p);
	if (n == 0)
		return;
	r->explored = true;
	struct report_failure *f = report_xcalloc(1, sizeof *f);
	f->preemptions = report_xcalloc(n, sizeof *f->preemptions);
	f->run = -1;
	for (unsigned i = 0; i < n; i++) {
		struct report_preemption *q = &f->preemptions[f->npreemptions++];
		q->step = p[i].step;
		q->thread = p[i].thread;
		q->to = p[i].to;
		q->call = report_strdup(p[i].op >= 0 && p[i].op < OP_COUNT ? op_names[p[i].op] : "call");
		q->pc = p[i].pc;
		if (p[i].stack) {
			q->has_stack = true;
			fill_stack_id(&q->stack, "preempted", p[i].thread, p[i].stack, true);
		}
	}
	r->failure = f;
}

static size_t written_findings;   /* findings in the last report written (suppressed ones left out) */

static void write_report(int status, bool ended, bool by_weft, bool to_stderr)
{
	struct report *r = build(status, ended, by_weft);
	written_findings = r->nfindings;
	if (rt_opt.explore && rt_opt.explore_in >= 0)   /* served runs: weft completes "failure" */
		add_preemptions(r);
	const char *trace = ended ? trace_write() : NULL;
	r->trace = report_strdup(trace);
	char err[256];
	if (report_write_json_file(r, path, err, sizeof err) != 0)
		rt_printf("cannot write the report: %s\n", err);
	if (to_stderr && r->nfindings > 0) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		if (m) {
			report_format_text(r, m, 0);
			fclose(m);
			rt_write(2, buf, len);
			free(buf);
			rt_printf("report written to %s\n", path);
		}
	}
	report_free(r);
}

static void with_lock(int status, bool ended, bool by_weft, bool to_stderr)
{
	int e = errno;
	rt_guard++;
	rt_spin_lock(&report_lock);
	dirty = 0;
	write_report(status, ended, by_weft, to_stderr);
	rt_spin_unlock(&report_lock);
	rt_guard--;
	errno = e;
}

static void choose_path(void)
{
	const char *base = rt_opt.json;
	char def[64];
	if (!base) {
		snprintf(def, sizeof def, "weft-report.%d.json", (int)rt_pid);
		if (access(".", W_OK) == 0)
			snprintf(path, sizeof path, "%s", def);
		else
			snprintf(path, sizeof path, "/tmp/%s", def);
		return;
	}
	/* the program's first process image writes `json`; later ones (forked children, exec'd
	 * images) write json with ".PID" (and ".N" for a further exec) before the extension */
	const char *claimed = getenv("WEFT_REPORT_CLAIMED");
	if (!claimed) {
		snprintf(path, sizeof path, "%s", base);
		char v[24];
		snprintf(v, sizeof v, "%d", (int)rt_pid);
		setenv("WEFT_REPORT_CLAIMED", v, 1);
		return;
	}
	size_t bl = strlen(base);
	int stem = (bl > 5 && strcmp(base + bl - 5, ".json") == 0) ? (int)(bl - 5) : (int)bl;
	for (int gen = 0; gen < 1000; gen++) {
		if (gen == 0)
			snprintf(path, sizeof path, "%.*s.%d.json", stem, base, (int)rt_pid);
		else
			snprintf(path, sizeof path, "%.*s.%d.%d.json", stem, base, (int)rt_pid, gen);
		if (access(path, F_OK) != 0)
			return;
	}
}

void report_rt_init(void)
{
	choose_path();
	load_suppressions();
	/* an empty report at once: a program that is killed early still leaves a valid file */
	rt_spin_lock(&report_lock);
	struct report *r = report_new();
	r->version = REPORT_SCHEMA_VERSION;
	r->tool_version = strdup(WEFT_VERSION);
	r->pid = rt_pid;
	r->exit_status = -1;
	read_cmdline(r);
	char err[256];
	if (report_write_json_file(r, path, err, sizeof err) != 0)
		rt_printf("cannot write the report: %s\n", err);
	report_free(r);
	rt_spin_unlock(&report_lock);
}

void report_rt_mark(void) { __atomic_store_n(&dirty, 1, __ATOMIC_RELEASE); }

bool report_rt_deferred;

void report_rt_changed(void)
{
	if (__atomic_load_n(&dirty, __ATOMIC_ACQUIRE) && !report_rt_deferred) {
		with_lock(-1, false, false, false);
		/* halt_on_error: the first finding that survives the suppressions ends the program */
		if (rt_opt.halt_on_error && written_findings > 0 && !rt_opt.explore) {
			report_rt_final((int)rt_opt.exitcode, true);
			syscall(SYS_exit_group, (int)rt_opt.exitcode);
		}
	}
}

void report_rt_flush(void) { with_lock(-1, false, false, false); }

void report_rt_before_exec(void)
{
	if (finding_total() == 0 && rt_opt.json) {
		rt_spin_lock(&report_lock);
		unlink(path);
		rt_spin_unlock(&report_lock);
		/* if this is the first image, the next one may take the main name again */
		const char *claimed = getenv("WEFT_REPORT_CLAIMED");
		if (claimed && atoi(claimed) == (int)rt_pid && strcmp(path, rt_opt.json) == 0)
			unsetenv("WEFT_REPORT_CLAIMED");
		return;
	}
	with_lock(-1, true, false, false);
}

void report_rt_final(int status, bool ended_by_weft)
{
	bool to_stderr = !rt_opt.managed && rt_opt.stderr;
	with_lock(status, true, ended_by_weft, to_stderr);
}

void report_rt_after_fork_child(void)
{
	parent_pid = getppid();
	report_lock.v = 0;
	dirty = 0;
	suppressed = 0;
	if (rt_opt.json) {
		choose_path();
	} else {
		snprintf(path, sizeof path, "weft-report.%d.json", (int)rt_pid);
	}
}

