/* report.c - construction, copying and freeing of the report model (common/report.h).
 *
 * Rules: plain heap data; every allocation failure aborts with one line written by raw write(2)
 * (reports are built off the hot path, and a half-built report is worse than none). Arrays grow
 * one element at a time (see grow()); a pointer returned by an add function is valid until the next
 * add on the same array.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const kind_names[] = {
#define X(e, json, supp, title) json,
	REPORT_KINDS(X)
#undef X
};

static const char *const kind_titles[] = {
#define X(e, json, supp, title) title,
	REPORT_KINDS(X)
#undef X
};

const char *report_kind_name(enum report_kind k)
{
	return (unsigned)k < REPORT_KIND_COUNT ? kind_names[k] : "unknown";
}

const char *report_kind_title(enum report_kind k)
{
	return (unsigned)k < REPORT_KIND_COUNT ? kind_titles[k] : "unknown finding";
}

int report_kind_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int k = 0; k < REPORT_KIND_COUNT; k++)
		if (strcmp(kind_names[k], name) == 0)
			return k;
	return -1;
}

static void __attribute__((noreturn)) oom(void)
{
	static const char msg[] = "weft: out of memory while building a report\n";
	ssize_t n = write(2, msg, sizeof msg - 1);
	(void)n;
	abort();
}

void *report_xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);
	if (!p)
		oom();
	return p;
}

char *report_strdup(const char *s)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		oom();
	return d;
}

/* Appends one zeroed element to an array of n elements of size sz; returns the (moved) array.
 * The array is reallocated to exactly n + 1 elements each time: callers may have allocated it
 * themselves with report_xcalloc(n, sz), and glibc's realloc extends in place or remaps large
 * blocks, so the cost stays small for report-sized arrays. */
static void *grow(void *arr, size_t n, size_t sz)
{
	arr = realloc(arr, (n + 1) * sz);
	if (!arr)
		oom();
	memset((char *)arr + n * sz, 0, sz);
	return arr;
}

struct report *report_new(void)
{
	struct report *r = report_xcalloc(1, sizeof *r);
	r->version = REPORT_SCHEMA_VERSION;
#ifdef WEFT_VERSION
	r->tool_version = report_strdup(WEFT_VERSION);
#endif
	r->exit_status = -1;
	return r;
}

void report_stack_clear(struct report_stack *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nframes; i++) {
		free(s->frames[i].function);
		free(s->frames[i].file);
		free(s->frames[i].module);
	}
	free(s->frames);
	free(s->role);
	free(s->note);
	memset(s, 0, sizeof *s);
	s->thread = -1;
}

void report_stack_copy(struct report_stack *dst, const struct report_stack *src)
{
	memset(dst, 0, sizeof *dst);
	dst->role = report_strdup(src->role);
	dst->thread = src->thread;
	dst->note = report_strdup(src->note);
	dst->nframes = src->nframes;
	if (src->nframes) {
		dst->frames = report_xcalloc(src->nframes, sizeof *dst->frames);
		for (size_t i = 0; i < src->nframes; i++) {
			const struct report_frame *a = &src->frames[i];
			struct report_frame *b = &dst->frames[i];
			*b = *a;
			b->function = report_strdup(a->function);
			b->file = report_strdup(a->file);
			b->module = report_strdup(a->module);
		}
	}
}

static void finding_free(struct report_finding *f)
{
	free(f->misuse);
	free(f->summary);
	for (size_t i = 0; i < f->nstacks; i++)
		report_stack_clear(&f->stacks[i]);
	free(f->stacks);
	free(f->threads);
	free(f->locks);
	for (size_t i = 0; i < f->ncycle; i++) {
		free(f->cycle[i].hold_mode);
		free(f->cycle[i].wait_mode);
		free(f->cycle[i].wait_kind);
	}
	free(f->cycle);
	for (size_t i = 0; i < f->naccesses; i++)
		free(f->accesses[i].locks);
	free(f->accesses);
	if (f->memory) {
		free(f->memory->kind);
		free(f->memory->name);
		free(f->memory->module);
		free(f->memory);
	}
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->tool_version);
	free(r->trace);
	if (r->confirm) {
		free(r->confirm->source);
		free(r->confirm->inversion);
		free(r->confirm);
	}
	if (r->failure) {
		free(r->failure->kind);
		free(r->failure->summary);
		free(r->failure->strategy);
		free(r->failure->schedule);
		for (size_t i = 0; i < r->failure->npreemptions; i++) {
			free(r->failure->preemptions[i].call);
			report_stack_clear(&r->failure->preemptions[i].stack);
		}
		free(r->failure->preemptions);
		free(r->failure);
	}
	free(r->program);
	for (size_t i = 0; i < r->argc; i++)
		free(r->argv[i]);
	free(r->argv);
	for (size_t i = 0; i < r->nfindings; i++)
		finding_free(&r->findings[i]);
	free(r->findings);
	for (size_t i = 0; i < r->nthreads; i++) {
		struct report_thread *t = &r->threads[i];
		free(t->name);
		free(t->state);
		report_stack_clear(&t->created);
		report_stack_clear(&t->last);
	}
	free(r->threads);
	for (size_t i = 0; i < r->nlocks; i++) {
		struct report_lock *l = &r->locks[i];
		free(l->kind);
		free(l->type);
		free(l->name);
		report_stack_clear(&l->created);
	}
	free(r->locks);
	free(r);
}

struct report_finding *report_add_finding(struct report *r, enum report_kind kind)
{
	r->findings = grow(r->findings, r->nfindings, sizeof *r->findings);
	struct report_finding *f = &r->findings[r->nfindings++];
	f->kind = kind;
	f->count = 1;
	return f;
}

struct report_stack *report_finding_add_stack(struct report_finding *f, const char *role, int thread)
{
	f->stacks = grow(f->stacks, f->nstacks, sizeof *f->stacks);
	struct report_stack *s = &f->stacks[f->nstacks++];
	s->role = report_strdup(role);
	s->thread = thread;
	return s;
}

struct report_frame *report_stack_add_frame(struct report_stack *s)
{
	s->frames = grow(s->frames, s->nframes, sizeof *s->frames);
	struct report_frame *fr = &s->frames[s->nframes++];
	fr->line = -1;
	fr->column = -1;
	return fr;
}

struct report_thread *report_add_thread(struct report *r, int id)
{
	r->threads = grow(r->threads, r->nthreads, sizeof *r->threads);
	struct report_thread *t = &r->threads[r->nthreads++];
	t->id = id;
	t->parent = -1;
	t->created.thread = -1;
	t->last.thread = -1;
	return t;
}

struct report_lock *report_add_lock(struct report *r, int id)
{
	r->locks = grow(r->locks, r->nlocks, sizeof *r->locks);
	struct report_lock *l = &r->locks[r->nlocks++];
	l->id = id;
	l->created.thread = -1;
	return l;
}

const struct report_thread *report_find_thread(const struct report *r, int id)
{
	for (size_t i = 0; i < r->nthreads; i++)
		if (r->threads[i].id == id)
			return &r->threads[i];
	return NULL;
}

const struct report_lock *report_find_lock(const struct report *r, int id)
{
	for (size_t i = 0; i < r->nlocks; i++)
		if (r->locks[i].id == id)
			return &r->locks[i];
	return NULL;
}

void report_count_kinds(const struct report *r, unsigned counts[REPORT_KIND_COUNT])
{
	memset(counts, 0, REPORT_KIND_COUNT * sizeof counts[0]);
	for (size_t i = 0; i < r->nfindings; i++)
		if ((unsigned)r->findings[i].kind < REPORT_KIND_COUNT)
			counts[r->findings[i].kind]++;
}
