/* expect.c - the end-to-end checker: a sample's expectation lines against weft's JSON report(s).
 *
 *   expect [--name NAME] [--exit N] [--elapsed-ms N] [--stdout FILE] SPEC REPORT [REPORT...]
 *       Checks the expectations written in SPEC (a sample's header comment) against the reports of
 *       one run (the first process's report first, then those of the processes it forked), the run's
 *       exit status, wall time and standard output. Prints one line "PASS NAME" or
 *       "FAIL NAME: first reason", then one indented line per further reason. Exit 0 pass, 1 fail,
 *       2 usage error.
 *   expect --query KEY SPEC
 *       Prints a directive for the runner: "modes" (of `weft:`), "args", "timeout" (seconds).
 *
 * The syntax is documented in tests/README.md. Rules:
 *  - The verdict comes from the report model read by report_read_json_file() (common/report.h),
 *    never from weft's text output.
 *  - Anything the checker cannot understand (an unknown key, a bad value, an unreadable report, a
 *    spec without expectations) is a FAIL, never a silent pass: a checker that cannot fail is
 *    worse than none. tests/e2e/selftest holds reports it must reject.
 *  - Every `expect: KIND ...` line needs a finding of its own (two lines never share one finding);
 *    every finding must be claimed by an `expect:` line or permitted by an `allow:` line.
 *  - Each report must also keep the contract of docs/report-format.md where a checker can see it
 *    (ids that resolve, stack indexes in range, lock cycles that close, an `end` that was written).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAX_EXPECT 32
#define MAX_TERMS 16
#define MAX_REASONS 64
#define MAX_STDOUT 16

enum cmp { CMP_EQ, CMP_GE, CMP_LE };

/* A numeric constraint on a finding, e.g. locks>=2. */
struct num_term {
	const char *field;    /* "locks", "threads", "cycle", "count", "stacks" */
	enum cmp cmp;
	long value;
};

/* One `expect: KIND ...` line. */
struct expectation {
	int line;
	char *text;           /* the line after "expect:", for messages */
	int kind;             /* enum report_kind */
	char *misuse;
	char *functions[MAX_TERMS];
	int nfunctions;
	char *wait_kinds[MAX_TERMS];
	int nwait_kinds;
	char *lock_kind;
	bool self;
	struct num_term nums[MAX_TERMS];
	int nnums;
};

/* One `allow: KIND[/MISUSE]` line. */
struct allowance {
	int kind;
	char *misuse;         /* NULL: any */
};

struct spec {
	const char *path;
	char *modes;          /* `weft:` */
	char *args;
	int timeout;          /* seconds, 0 = default */
	bool expect_none;
	struct expectation exps[MAX_EXPECT];
	int nexps;
	struct allowance allows[MAX_EXPECT];
	int nallows;
	int exit_status;      /* -1: not given */
	int ended_by_weft;    /* -1: not given, 0 no, 1 yes */
	bool has_reports;
	enum cmp reports_cmp;
	long reports;
	char *stdout_lines[MAX_STDOUT];
	int nstdout;
	double max_seconds;   /* < 0: not given */
};

/* Reasons for a FAIL, collected so the line names every one, not only the first. */
static char *reasons[MAX_REASONS];
static int nreasons;

static void __attribute__((format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (nreasons < MAX_REASONS)
		reasons[nreasons++] = report_strdup(buf);
}

/* ---- reading the spec ------------------------------------------------------------------- */

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = 0;
	return s;
}

/* Parses "N", ">=N", "<=N" (the operator may also follow a field name: handled by the caller).
 * Returns 0, or -1 when the text is not a number. */
static int parse_long(const char *s, long *out)
{
	char *end;

	if (!*s)
		return -1;
	errno = 0;
	*out = strtol(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int parse_term_num(struct expectation *e, const char *field, const char *op, const char *val,
			  int line)
{
	struct num_term *t;

	if (e->nnums == MAX_TERMS) {
		fail("line %d: too many terms", line);
		return -1;
	}
	t = &e->nums[e->nnums];
	t->field = field;
	t->cmp = strcmp(op, ">=") == 0 ? CMP_GE : strcmp(op, "<=") == 0 ? CMP_LE : CMP_EQ;
	if (parse_long(val, &t->value) < 0 || t->value < 0) {
		fail("line %d: %s%s%s is not a count", line, field, op, val);
		return -1;
	}
	e->nnums++;
	return 0;
}

/* Parses the words after "expect:" (not "none"). Returns 0 or -1 (reason recorded). */
static int parse_expectation(struct expectation *e, char *text, int line)
{
	static const char *const num_fields[] = {"locks", "threads", "cycle", "count", "stacks"};
	char *save = NULL, *w;
	bool first = true;

	memset(e, 0, sizeof *e);
	e->line = line;
	e->text = report_strdup(text);
	for (w = strtok_r(text, " \t", &save); w; w = strtok_r(NULL, " \t", &save), first = false) {
		char *op, *val;
		size_t klen;

		if (first) {
			e->kind = report_kind_from_name(w);
			if (e->kind < 0) {
				fail("line %d: unknown finding kind \"%s\"", line, w);
				return -1;
			}
			continue;
		}
		if (strcmp(w, "self") == 0) {
			e->self = true;
			continue;
		}
		op = strpbrk(w, "<>=");
		if (!op) {
			fail("line %d: \"%s\" is not a term (see tests/README.md)", line, w);
			return -1;
		}
		klen = (size_t)(op - w);
		if (op[0] == '=') {
			val = op + 1;
		} else if (op[1] == '=') {
			val = op + 2;
		} else {
			fail("line %d: bad operator in \"%s\"", line, w);
			return -1;
		}
		char opbuf[3] = {op[0], op[0] == '=' ? 0 : '=', 0};
		*op = 0;
		bool done = false;
		for (size_t i = 0; i < sizeof num_fields / sizeof *num_fields; i++)
			if (strcmp(w, num_fields[i]) == 0) {
				if (parse_term_num(e, num_fields[i], opbuf, val, line) < 0)
					return -1;
				done = true;
			}
		if (done)
			continue;
		if (opbuf[0] != '=' || !*val) {
			fail("line %d: \"%s\" needs name=value", line, w);
			return -1;
		}
		if (strcmp(w, "misuse") == 0 && !e->misuse) {
			e->misuse = report_strdup(val);
		} else if (strcmp(w, "function") == 0 && e->nfunctions < MAX_TERMS) {
			e->functions[e->nfunctions++] = report_strdup(val);
		} else if (strcmp(w, "wait-kind") == 0 && e->nwait_kinds < MAX_TERMS) {
			e->wait_kinds[e->nwait_kinds++] = report_strdup(val);
		} else if (strcmp(w, "lock-kind") == 0 && !e->lock_kind) {
			e->lock_kind = report_strdup(val);
		} else {
			fail("line %d: unknown or repeated term \"%.*s\"", line, (int)klen, w);
			return -1;
		}
	}
	if (first) {
		fail("line %d: \"expect:\" without a kind", line);
		return -1;
	}
	if (e->misuse && e->kind != REPORT_API_MISUSE) {
		fail("line %d: misuse= only applies to api-misuse", line);
		return -1;
	}
	return 0;
}

static int parse_yes_no(const char *v)
{
	return strcmp(v, "yes") == 0 ? 1 : strcmp(v, "no") == 0 ? 0 : -1;
}

/* Handles one "key: value" line of the header. Returns 0, or -1 after recording a reason. */
static int spec_line(struct spec *sp, const char *key, char *val, int line)
{
	long n;

	if (strcmp(key, "weft") == 0) {
		char tmp[256], *save = NULL;
		snprintf(tmp, sizeof tmp, "%s", val);
		for (char *m = strtok_r(tmp, " \t", &save); m; m = strtok_r(NULL, " \t", &save))
			if (strcmp(m, "run") != 0 && strcmp(m, "preload") != 0) {
				fail("line %d: unknown mode \"%s\" (run, preload)", line, m);
				return -1;
			}
		free(sp->modes);
		sp->modes = report_strdup(val);
	} else if (strcmp(key, "args") == 0) {
		free(sp->args);
		sp->args = report_strdup(val);
	} else if (strcmp(key, "timeout") == 0) {
		if (parse_long(val, &n) < 0 || n <= 0 || n > 3600) {
			fail("line %d: bad timeout \"%s\"", line, val);
			return -1;
		}
		sp->timeout = (int)n;
	} else if (strcmp(key, "expect") == 0) {
		if (strcmp(val, "none") == 0) {
			sp->expect_none = true;
		} else {
			if (sp->nexps == MAX_EXPECT) {
				fail("line %d: too many expect: lines", line);
				return -1;
			}
			if (parse_expectation(&sp->exps[sp->nexps], val, line) < 0)
				return -1;
			sp->nexps++;
		}
	} else if (strcmp(key, "allow") == 0) {
		char *slash = strchr(val, '/');
		struct allowance *a = &sp->allows[sp->nallows];
		if (sp->nallows == MAX_EXPECT) {
			fail("line %d: too many allow: lines", line);
			return -1;
		}
		if (slash)
			*slash = 0;
		a->kind = report_kind_from_name(val);
		a->misuse = slash ? report_strdup(slash + 1) : NULL;
		if (a->kind < 0) {
			fail("line %d: unknown finding kind \"%s\"", line, val);
			return -1;
		}
		sp->nallows++;
	} else if (strcmp(key, "expect-exit") == 0) {
		if (parse_long(val, &n) < 0 || n < 0 || n > 255) {
			fail("line %d: bad exit status \"%s\"", line, val);
			return -1;
		}
		sp->exit_status = (int)n;
	} else if (strcmp(key, "expect-ended-by-weft") == 0) {
		sp->ended_by_weft = parse_yes_no(val);
		if (sp->ended_by_weft < 0) {
			fail("line %d: expect-ended-by-weft takes yes or no", line);
			return -1;
		}
	} else if (strcmp(key, "expect-reports") == 0) {
		const char *v = val;
		sp->reports_cmp = CMP_EQ;
		if (strncmp(v, ">=", 2) == 0)
			sp->reports_cmp = CMP_GE, v += 2;
		else if (strncmp(v, "<=", 2) == 0)
			sp->reports_cmp = CMP_LE, v += 2;
		if (parse_long(v, &sp->reports) < 0 || sp->reports < 1) {
			fail("line %d: bad report count \"%s\"", line, val);
			return -1;
		}
		sp->has_reports = true;
	} else if (strcmp(key, "expect-stdout") == 0) {
		if (sp->nstdout == MAX_STDOUT) {
			fail("line %d: too many expect-stdout: lines", line);
			return -1;
		}
		sp->stdout_lines[sp->nstdout++] = report_strdup(val);
	} else if (strcmp(key, "expect-max-seconds") == 0) {
		char *end;
		sp->max_seconds = strtod(val, &end);
		if (end == val || *end || sp->max_seconds <= 0) {
			fail("line %d: bad number of seconds \"%s\"", line, val);
			return -1;
		}
	} else {
		fail("line %d: unknown key \"%s:\"", line, key);
		return -1;
	}
	return 0;
}

/* Is `key` one of ours? Prose in the header ("Forced: ...") is not. */
static bool is_key(const char *key)
{
	return strcmp(key, "weft") == 0 || strcmp(key, "args") == 0 || strcmp(key, "timeout") == 0 ||
	       strcmp(key, "expect") == 0 || strcmp(key, "allow") == 0 || strncmp(key, "expect-", 7) == 0;
}

/* Reads the header: the first comment block of a C file (up to the first line holding a comment
 * end), or every line of a file without one. Leading comment marks are ignored. Returns 0 or -1. */
static int spec_read(struct spec *sp, const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[2048];
	int line = 0, bad = 0;

	memset(sp, 0, sizeof *sp);
	sp->path = path;
	sp->exit_status = -1;
	sp->ended_by_weft = -1;
	sp->max_seconds = -1;
	if (!f) {
		fail("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(buf, sizeof buf, f)) {
		char *s = trim(buf), *colon, *k;
		bool last = strstr(s, "*/") != NULL;

		line++;
		if (last)
			*strstr(s, "*/") = 0;
		if (strncmp(s, "/*", 2) == 0 || strncmp(s, "//", 2) == 0)
			s += 2;
		else if (*s == '*' || *s == '#')
			s++;
		s = trim(s);
		colon = strchr(s, ':');
		if (colon) {
			*colon = 0;
			k = s;
			if (strspn(k, "abcdefghijklmnopqrstuvwxyz-") == strlen(k) && is_key(k)) {
				if (spec_line(sp, k, trim(colon + 1), line) < 0)
					bad = 1;
			}
		}
		if (last)
			break;
	}
	fclose(f);
	if (bad)
		return -1;
	if (sp->expect_none && sp->nexps) {
		fail("%s: \"expect: none\" together with expected findings", path);
		return -1;
	}
	if (!sp->expect_none && !sp->nexps) {
		fail("%s: no \"expect:\" line (a test that cannot fail)", path);
		return -1;
	}
	if (sp->exit_status < 0) {
		fail("%s: no \"expect-exit:\" line", path);
		return -1;
	}
	return 0;
}

/* ---- matching ---------------------------------------------------------------------------- */

/* A frame's function names `want`: equal, or followed by a compiler suffix (".constprop.0",
 * ".part.0", ".isra.0") or a C++ parameter list. */
static bool function_is(const char *fn, const char *want)
{
	size_t n = strlen(want);

	return fn && strncmp(fn, want, n) == 0 && (fn[n] == 0 || fn[n] == '.' || fn[n] == '(');
}

static bool finding_has_function(const struct report_finding *f, const char *want)
{
	for (size_t s = 0; s < f->nstacks; s++)
		for (size_t i = 0; i < f->stacks[s].nframes; i++)
			if (function_is(f->stacks[s].frames[i].function, want))
				return true;
	return false;
}

static long finding_num(const struct report_finding *f, const char *field)
{
	if (strcmp(field, "locks") == 0)
		return (long)f->nlocks;
	if (strcmp(field, "threads") == 0)
		return (long)f->nthreads;
	if (strcmp(field, "cycle") == 0)
		return (long)f->ncycle;
	if (strcmp(field, "count") == 0)
		return (long)f->count;
	return (long)f->nstacks;
}

static const char *cmp_name(enum cmp c)
{
	return c == CMP_GE ? ">=" : c == CMP_LE ? "<=" : "=";
}

static bool cmp_ok(long have, enum cmp c, long want)
{
	return c == CMP_GE ? have >= want : c == CMP_LE ? have <= want : have == want;
}

/* Does finding f (of report r) satisfy e? When not, why says which term failed. */
static bool matches(const struct expectation *e, const struct report *r,
		    const struct report_finding *f, char *why, size_t whylen)
{
	if ((int)f->kind != e->kind) {
		snprintf(why, whylen, "kind is %s", report_kind_name(f->kind));
		return false;
	}
	if (e->misuse && (!f->misuse || strcmp(f->misuse, e->misuse) != 0)) {
		snprintf(why, whylen, "misuse is %s, not %s", f->misuse ? f->misuse : "null", e->misuse);
		return false;
	}
	for (int i = 0; i < e->nnums; i++) {
		long have = finding_num(f, e->nums[i].field);
		if (!cmp_ok(have, e->nums[i].cmp, e->nums[i].value)) {
			snprintf(why, whylen, "%s is %ld, not %s%ld", e->nums[i].field, have,
				 cmp_name(e->nums[i].cmp), e->nums[i].value);
			return false;
		}
	}
	for (int i = 0; i < e->nfunctions; i++)
		if (!finding_has_function(f, e->functions[i])) {
			snprintf(why, whylen, "no frame of function %s in its %zu stack(s)",
				 e->functions[i], f->nstacks);
			return false;
		}
	for (int i = 0; i < e->nwait_kinds; i++) {
		bool found = false;
		for (size_t c = 0; c < f->ncycle; c++)
			if (f->cycle[c].wait_kind && strcmp(f->cycle[c].wait_kind, e->wait_kinds[i]) == 0)
				found = true;
		if (!found) {
			snprintf(why, whylen, "no step waits on a %s", e->wait_kinds[i]);
			return false;
		}
	}
	if (e->lock_kind) {
		if (f->nlocks == 0) {
			snprintf(why, whylen, "no locks, wanted %s locks", e->lock_kind);
			return false;
		}
		for (size_t i = 0; i < f->nlocks; i++) {
			const struct report_lock *l = report_find_lock(r, f->locks[i]);
			if (!l || !l->kind || strcmp(l->kind, e->lock_kind) != 0) {
				snprintf(why, whylen, "lock %d is a %s, not a %s", f->locks[i],
					 l && l->kind ? l->kind : "(unknown)", e->lock_kind);
				return false;
			}
		}
	}
	if (e->self) {
		bool found = false;
		for (size_t c = 0; c < f->ncycle; c++)
			if (f->cycle[c].holds >= 0 && f->cycle[c].holds == f->cycle[c].waits)
				found = true;
		if (!found) {
			snprintf(why, whylen, "no step where a thread waits for a lock it holds");
			return false;
		}
	}
	return true;
}

/* Every finding of every report, with the report it belongs to. */
struct item {
	const struct report *r;
	const struct report_finding *f;
	int owner;            /* index of the expectation that claimed it, -1 none */
};

static bool allowed(const struct spec *sp, const struct report_finding *f)
{
	for (int i = 0; i < sp->nallows; i++)
		if ((int)f->kind == sp->allows[i].kind &&
		    (!sp->allows[i].misuse || (f->misuse && strcmp(f->misuse, sp->allows[i].misuse) == 0)))
			return true;
	return false;
}

/* Backtracking: give expectation k and the following ones distinct findings, so that every
 * finding left over is allowed. The sizes are tiny (a handful of each). */
static bool assign(const struct spec *sp, struct item *items, size_t nitems, int k)
{
	char why[256];

	if (k == sp->nexps) {
		for (size_t i = 0; i < nitems; i++)
			if (items[i].owner < 0 && !allowed(sp, items[i].f))
				return false;
		return true;
	}
	for (size_t i = 0; i < nitems; i++) {
		if (items[i].owner >= 0 || !matches(&sp->exps[k], items[i].r, items[i].f, why, sizeof why))
			continue;
		items[i].owner = k;
		if (assign(sp, items, nitems, k + 1))
			return true;
		items[i].owner = -1;
	}
	return false;
}

static void describe_finding(const struct report_finding *f, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s \"%s\"", report_kind_name(f->kind), f->misuse ? "/" : "",
		 f->misuse ? f->misuse : "", f->summary ? f->summary : "(no summary)");
}

/* No assignment exists: say why, one reason per expectation that no finding can satisfy, or per
 * finding that nothing claims or allows. */
static void explain(const struct spec *sp, struct item *items, size_t nitems)
{
	char why[256], desc[512];
	int reported = 0;

	for (int k = 0; k < sp->nexps; k++) {
		const struct expectation *e = &sp->exps[k];
		bool any = false;
		const char *reason = NULL;
		char reason_buf[256] = "";

		for (size_t i = 0; i < nitems && !any; i++) {
			if (matches(e, items[i].r, items[i].f, why, sizeof why)) {
				any = true;
			} else if ((int)items[i].f->kind == e->kind && !reason_buf[0]) {
				snprintf(reason_buf, sizeof reason_buf, "%s", why);
				reason = reason_buf;
			}
		}
		if (!any) {
			fail("expected (line %d) \"%s\": %s", e->line, e->text,
			     reason ? reason : "no finding of that kind");
			reported++;
		}
	}
	/* Greedy claim to name the findings nobody accounts for. */
	for (size_t i = 0; i < nitems; i++)
		items[i].owner = -1;
	for (int k = 0; k < sp->nexps; k++)
		for (size_t i = 0; i < nitems; i++)
			if (items[i].owner < 0 && matches(&sp->exps[k], items[i].r, items[i].f, why, sizeof why)) {
				items[i].owner = k;
				break;
			}
	for (size_t i = 0; i < nitems; i++)
		if (items[i].owner < 0 && !allowed(sp, items[i].f)) {
			describe_finding(items[i].f, desc, sizeof desc);
			fail("unexpected finding: %s", desc);
			reported++;
		}
	if (!reported)
		fail("the findings cannot be matched one to one with the expect: lines");
}

/* ---- the report contract ----------------------------------------------------------------- */

static void check_contract(const struct report *r, const char *path)
{
	if (r->version != REPORT_SCHEMA_VERSION)
		fail("%s: version %d, not %d", path, r->version, REPORT_SCHEMA_VERSION);
	if (!r->ended)
		fail("%s: end.ended is false, but the program has ended", path);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct report_finding *f = &r->findings[i];
		const char *kn = report_kind_name(f->kind);

		if (f->count < 1)
			fail("%s: finding %zu (%s) has count %u", path, i, kn, f->count);
		if ((f->kind == REPORT_API_MISUSE) != (f->misuse != NULL))
			fail("%s: finding %zu (%s) has misuse %s", path, i, kn, f->misuse ? f->misuse : "null");
		if (!f->summary)
			fail("%s: finding %zu (%s) has no summary", path, i, kn);
		for (size_t t = 0; t < f->nthreads; t++)
			if (!report_find_thread(r, f->threads[t]))
				fail("%s: finding %zu (%s) names thread %d, absent from threads", path, i, kn,
				     f->threads[t]);
		for (size_t l = 0; l < f->nlocks; l++)
			if (!report_find_lock(r, f->locks[l]))
				fail("%s: finding %zu (%s) names lock %d, absent from locks", path, i, kn,
				     f->locks[l]);
		for (size_t c = 0; c < f->ncycle; c++) {
			const struct report_cycle_step *s = &f->cycle[c];
			if (s->hold_stack < -1 || s->hold_stack >= (int)f->nstacks ||
			    s->wait_stack < -1 || s->wait_stack >= (int)f->nstacks)
				fail("%s: finding %zu (%s) step %zu: stack index out of range", path, i, kn, c);
			if (s->holds >= 0 && !report_find_lock(r, s->holds))
				fail("%s: finding %zu (%s) step %zu holds unknown lock %d", path, i, kn, c, s->holds);
			if (s->waits >= 0 && !report_find_lock(r, s->waits))
				fail("%s: finding %zu (%s) step %zu waits for unknown lock %d", path, i, kn, c, s->waits);
		}
		if (f->kind == REPORT_LOCK_ORDER_INVERSION) {
			if (f->ncycle == 0)
				fail("%s: finding %zu (%s) has no cycle", path, i, kn);
			for (size_t c = 0; c < f->ncycle; c++) {
				const struct report_cycle_step *s = &f->cycle[c], *n = &f->cycle[(c + 1) % f->ncycle];
				if (s->holds < 0 || s->waits < 0 || s->waits != n->holds) {
					fail("%s: finding %zu (%s): the cycle does not close at step %zu "
					     "(waits %d, next holds %d)", path, i, kn, c, s->waits, n->holds);
					break;
				}
			}
		}
		if (f->kind == REPORT_DEADLOCK) {
			if (f->ncycle == 0)
				fail("%s: finding %zu (%s) has no blocked thread", path, i, kn);
			for (size_t c = 0; c < f->ncycle; c++)
				if (!f->cycle[c].wait_kind)
					fail("%s: finding %zu (%s) step %zu has no wait_kind", path, i, kn, c);
		}
	}
}

/* ---- the run ------------------------------------------------------------------------------ */

static void check_stdout(const struct spec *sp, const char *path)
{
	FILE *f;
	char buf[4096];
	bool seen[MAX_STDOUT] = {false};

	if (!sp->nstdout)
		return;
	if (!path) {
		fail("expect-stdout: lines but no --stdout file");
		return;
	}
	f = fopen(path, "r");
	if (!f) {
		fail("cannot open %s: %s", path, strerror(errno));
		return;
	}
	while (fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\r\n")] = 0;
		for (int i = 0; i < sp->nstdout; i++)
			if (strcmp(buf, sp->stdout_lines[i]) == 0)
				seen[i] = true;
	}
	fclose(f);
	for (int i = 0; i < sp->nstdout; i++)
		if (!seen[i])
			fail("the program did not print \"%s\"", sp->stdout_lines[i]);
}

static int query(const char *key, const char *path)
{
	struct spec sp;

	if (spec_read(&sp, path) < 0) {
		fprintf(stderr, "%s\n", reasons[0]);
		return 1;
	}
	if (strcmp(key, "modes") == 0)
		printf("%s\n", sp.modes ? sp.modes : "");
	else if (strcmp(key, "args") == 0)
		printf("%s\n", sp.args ? sp.args : "");
	else if (strcmp(key, "timeout") == 0)
		printf("%d\n", sp.timeout);
	else {
		fprintf(stderr, "expect: unknown query key %s\n", key);
		return 2;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: expect [--name NAME] [--exit N] [--elapsed-ms N] [--stdout FILE] "
			"SPEC REPORT [REPORT...]\n       expect --query modes|args|timeout SPEC\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *name = NULL, *stdout_path = NULL, *spec_path;
	long exit_status = -1, elapsed_ms = -1;
	struct spec sp;
	struct report **reports;
	struct item *items = NULL;
	size_t nreports, nitems = 0;
	int a = 1;

	if (argc == 4 && strcmp(argv[1], "--query") == 0)
		return query(argv[2], argv[3]);
	for (; a < argc && strncmp(argv[a], "--", 2) == 0; a += 2) {
		if (a + 1 >= argc)
			usage();
		if (strcmp(argv[a], "--name") == 0)
			name = argv[a + 1];
		else if (strcmp(argv[a], "--stdout") == 0)
			stdout_path = argv[a + 1];
		else if (strcmp(argv[a], "--exit") == 0 && parse_long(argv[a + 1], &exit_status) == 0)
			;
		else if (strcmp(argv[a], "--elapsed-ms") == 0 && parse_long(argv[a + 1], &elapsed_ms) == 0)
			;
		else
			usage();
	}
	if (argc - a < 2)
		usage();
	spec_path = argv[a++];
	if (!name)
		name = spec_path;

	nreports = (size_t)(argc - a);
	reports = report_xcalloc(nreports, sizeof *reports);
	if (spec_read(&sp, spec_path) == 0) {
		for (size_t i = 0; i < nreports; i++) {
			char err[512];
			if (report_read_json_file(argv[a + i], &reports[i], err, sizeof err) < 0) {
				fail("cannot read report: %s", err);
				reports[i] = NULL;
				continue;
			}
			check_contract(reports[i], argv[a + i]);
			for (size_t k = 0; k < reports[i]->nfindings; k++) {
				items = realloc(items, (nitems + 1) * sizeof *items);
				if (!items)
					abort();
				items[nitems++] = (struct item){reports[i], &reports[i]->findings[k], -1};
			}
		}
		if (exit_status >= 0 && exit_status != sp.exit_status)
			fail("exit status %ld, expected %d", exit_status, sp.exit_status);
		if (exit_status < 0)
			fail("no --exit given: the exit status is part of every check");
		if (sp.has_reports && !cmp_ok((long)nreports, sp.reports_cmp, sp.reports))
			fail("%zu report(s), expected %s%ld", nreports, cmp_name(sp.reports_cmp), sp.reports);
		if (sp.ended_by_weft >= 0 && reports[0] && reports[0]->ended_by_weft != (sp.ended_by_weft == 1))
			fail("end.ended_by_weft is %s, expected %s", reports[0]->ended_by_weft ? "true" : "false",
			     sp.ended_by_weft ? "true" : "false");
		if (sp.max_seconds > 0) {
			if (elapsed_ms < 0)
				fail("expect-max-seconds: but no --elapsed-ms given");
			else if (elapsed_ms > sp.max_seconds * 1000)
				fail("took %.2f s, expected at most %g s", elapsed_ms / 1000.0, sp.max_seconds);
		}
		check_stdout(&sp, stdout_path);
		if (sp.expect_none) {
			for (size_t i = 0; i < nitems; i++) {
				char desc[512];
				if (allowed(&sp, items[i].f))
					continue;
				describe_finding(items[i].f, desc, sizeof desc);
				fail("expected no finding, got %s", desc);
			}
		} else if (!assign(&sp, items, nitems, 0)) {
			explain(&sp, items, nitems);
		}
	}

	if (nreasons == 0) {
		printf("PASS %s\n", name);
	} else {
		printf("FAIL %s: %s\n", name, reasons[0]);
		for (int i = 1; i < nreasons; i++)
			printf("    %s\n", reasons[i]);
	}
	for (size_t i = 0; i < nreports; i++)
		if (reports[i])
			report_free(reports[i]);
	free(reports);
	free(items);
	return nreasons ? 1 : 0;
}
