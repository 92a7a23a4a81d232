/* report_json.c - the JSON form of the report model (docs/report-format.md): writer and reader.
 *
 * Writer rules: it runs inside the program under test (called by the runtime, off the hot path), so
 * it uses no stdio FILE and no locale-dependent formatting: the text is built in a growable heap
 * buffer with hand-written number formatting and handed to write(2) in one go. Out of memory is an
 * error return, never an abort, because the host process must survive a failed report.
 *
 * Reader rules: a small recursive-descent parser builds a tree of JSON values (depth-limited, so a
 * hostile file cannot overflow the stack), then the tree is mapped onto the model. Unknown fields
 * are ignored; `null` means unknown (-1 / NULL / 0 as the model says); a known field of the wrong
 * type, a bad stack or lock index, a wrong "weft"/"version", a truncated or corrupt text all give
 * -1 and one line naming the problem (line:column for syntax errors, the field path otherwise).
 * Every index the formatters will follow is checked here, so no formatter can be crashed by a file.
 */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------------------------------ */
/* Writer                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/* Nesting deeper than this never happens in a report (top, finding, stack, frames, frame = 5). */
#define JW_MAX_DEPTH 16

struct jw {
	char *buf;
	size_t len, cap;
	bool oom;
	int depth;
	int compact_depth;          /* containers at depth > this are written on one line; INT_MAX: none */
	bool first[JW_MAX_DEPTH];   /* no element written yet in the container at this depth */
	bool after_key;
};

static void jw_raw(struct jw *w, const char *s, size_t n)
{
	if (w->oom)
		return;
	if (w->len + n + 1 > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		while (cap < w->len + n + 1)
			cap *= 2;
		char *b = realloc(w->buf, cap);
		if (!b) {
			w->oom = true;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = 0;
}

static void jw_str_raw(struct jw *w, const char *s)
{
	jw_raw(w, s, strlen(s));
}

static bool jw_compact(const struct jw *w)
{
	return w->depth > w->compact_depth;
}

static void jw_newline(struct jw *w)
{
	static const char spaces[] = "                                ";
	jw_raw(w, "\n", 1);
	int n = w->depth * 2;
	if (n > (int)sizeof spaces - 1)
		n = sizeof spaces - 1;
	jw_raw(w, spaces, (size_t)n);
}

/* Separator before a value or a key in the current container. */
static void jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth])
		jw_raw(w, jw_compact(w) ? ", " : ",", jw_compact(w) ? 2 : 1);
	w->first[w->depth] = false;
	if (!jw_compact(w))
		jw_newline(w);
}

static void jw_open(struct jw *w, char c, bool compact)
{
	jw_sep(w);
	jw_raw(w, &c, 1);
	if (w->depth + 1 >= JW_MAX_DEPTH) {
		w->oom = true; /* cannot happen with the report model; fail rather than corrupt */
		return;
	}
	w->depth++;
	w->first[w->depth] = true;
	if (compact && w->compact_depth > w->depth - 1)
		w->compact_depth = w->depth - 1;
}

static void jw_close(struct jw *w, char c)
{
	bool was_compact = jw_compact(w);
	bool empty = w->first[w->depth];
	w->depth--;
	if (w->compact_depth >= w->depth)
		w->compact_depth = INT_MAX;
	if (!was_compact && !empty)
		jw_newline(w);
	jw_raw(w, &c, 1);
}

/* Appends a JSON string literal. Invalid UTF-8 bytes become U+FFFD so the output is always valid. */
static void jw_quote(struct jw *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	jw_raw(w, "\"", 1);
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned char c = *p;
		const unsigned char *run = p;
		/* copy the longest run of plain characters at once */
		while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (p > run) {
			jw_raw(w, (const char *)run, (size_t)(p - run));
			continue;
		}
		c = *p;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			jw_raw(w, e, 2);
			p++;
		} else if (c < 0x20) {
			switch (c) {
			case '\n': jw_raw(w, "\\n", 2); break;
			case '\t': jw_raw(w, "\\t", 2); break;
			case '\r': jw_raw(w, "\\r", 2); break;
			case '\b': jw_raw(w, "\\b", 2); break;
			case '\f': jw_raw(w, "\\f", 2); break;
			default: {
				char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
				jw_raw(w, e, 6);
			}
			}
			p++;
		} else {
			/* multi-byte UTF-8: validate the sequence (no overlongs, no surrogates, <= U+10FFFF) */
			int n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
			if (c >= 0xf5)
				n = 0;
			bool ok = n > 0;
			for (int i = 1; ok && i < n; i++)
				ok = (p[i] & 0xc0) == 0x80;
			if (ok && n == 3) {
				if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0))
					ok = false;
			} else if (ok && n == 4) {
				if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))
					ok = false;
			}
			if (ok) {
				jw_raw(w, (const char *)p, (size_t)n);
				p += n;
			} else {
				jw_raw(w, "\xef\xbf\xbd", 3);
				p++;
			}
		}
	}
	jw_raw(w, "\"", 1);
}

static void jw_key(struct jw *w, const char *k)
{
	jw_sep(w);
	jw_quote(w, k);
	jw_raw(w, ": ", 2);
	w->after_key = true;
}

static void jw_fmt_u64(char *out, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
}

static void jw_u64(struct jw *w, uint64_t v)
{
	char b[24];
	jw_fmt_u64(b, v);
	jw_sep(w);
	jw_str_raw(w, b);
}

static void jw_i64(struct jw *w, int64_t v)
{
	char b[24];
	if (v < 0) {
		b[0] = '-';
		jw_fmt_u64(b + 1, (uint64_t)0 - (uint64_t)v);
	} else {
		jw_fmt_u64(b, (uint64_t)v);
	}
	jw_sep(w);
	jw_str_raw(w, b);
}

static void jw_null(struct jw *w)
{
	jw_sep(w);
	jw_str_raw(w, "null");
}

static void jw_bool(struct jw *w, bool b)
{
	jw_sep(w);
	jw_str_raw(w, b ? "true" : "false");
}

static void jw_string(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_sep(w);
	jw_quote(w, s);
}

static void jw_hex(struct jw *w, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char b[20], *p = b + sizeof b;
	*--p = 0;
	do {
		*--p = hex[v & 15];
		v >>= 4;
	} while (v);
	*--p = 'x';
	*--p = '0';
	jw_string(w, p);
}

/* An id or index where -1 (or any negative) means unknown. */
static void jw_id(struct jw *w, long v)
{
	if (v < 0)
		jw_null(w);
	else
		jw_i64(w, v);
}

static void jw_int_array(struct jw *w, const int *v, size_t n)
{
	jw_open(w, '[', true);
	for (size_t i = 0; i < n; i++)
		jw_i64(w, v[i]);
	jw_close(w, ']');
}

static void jw_frame(struct jw *w, const struct report_frame *f)
{
	jw_open(w, '{', true);
	jw_key(w, "function"); jw_string(w, f->function);
	jw_key(w, "file"); jw_string(w, f->file);
	jw_key(w, "line"); jw_id(w, f->line);
	jw_key(w, "column"); jw_id(w, f->column);
	jw_key(w, "module"); jw_string(w, f->module);
	jw_key(w, "offset"); jw_u64(w, f->offset);
	jw_key(w, "pc"); jw_u64(w, f->pc);
	jw_key(w, "pc_hex"); jw_hex(w, f->pc);
	jw_key(w, "inlined"); jw_bool(w, f->inlined);
	jw_close(w, '}');
}

static void jw_stack(struct jw *w, const struct report_stack *s)
{
	jw_open(w, '{', false);
	jw_key(w, "role"); jw_string(w, s->role);
	jw_key(w, "thread"); jw_id(w, s->thread);
	jw_key(w, "note"); jw_string(w, s->note);
	jw_key(w, "frames");
	jw_open(w, '[', false);
	for (size_t i = 0; i < s->nframes; i++)
		jw_frame(w, &s->frames[i]);
	jw_close(w, ']');
	jw_close(w, '}');
}

static void jw_finding(struct jw *w, const struct report_finding *f)
{
	jw_open(w, '{', false);
	jw_key(w, "kind"); jw_string(w, report_kind_name(f->kind));
	jw_key(w, "summary"); jw_string(w, f->summary);
	jw_key(w, "count"); jw_u64(w, f->count);
	jw_key(w, "misuse"); jw_string(w, f->misuse);
	jw_key(w, "threads"); jw_int_array(w, f->threads, f->nthreads);
	jw_key(w, "locks"); jw_int_array(w, f->locks, f->nlocks);
	jw_key(w, "stacks");
	jw_open(w, '[', false);
	for (size_t i = 0; i < f->nstacks; i++)
		jw_stack(w, &f->stacks[i]);
	jw_close(w, ']');
	if (f->ncycle || f->kind == REPORT_LOCK_ORDER_INVERSION || f->kind == REPORT_DEADLOCK) {
		jw_key(w, "cycle");
		jw_open(w, '[', false);
		for (size_t i = 0; i < f->ncycle; i++) {
			const struct report_cycle_step *c = &f->cycle[i];
			jw_open(w, '{', true);
			jw_key(w, "thread"); jw_id(w, c->thread);
			jw_key(w, "holds"); jw_id(w, c->holds);
			jw_key(w, "hold_mode"); jw_string(w, c->hold_mode);
			jw_key(w, "waits"); jw_id(w, c->waits);
			jw_key(w, "wait_mode"); jw_string(w, c->wait_mode);
			jw_key(w, "wait_kind"); jw_string(w, c->wait_kind);
			jw_key(w, "waits_thread"); jw_id(w, c->waits_thread);
			jw_key(w, "hold_stack"); jw_id(w, c->hold_stack);
			jw_key(w, "wait_stack"); jw_id(w, c->wait_stack);
			jw_close(w, '}');
		}
		jw_close(w, ']');
	}
	if (f->naccesses || f->kind == REPORT_DATA_RACE) {
		jw_key(w, "accesses");
		jw_open(w, '[', false);
		for (size_t i = 0; i < f->naccesses; i++) {
			const struct report_access *a = &f->accesses[i];
			jw_open(w, '{', true);
			jw_key(w, "thread"); jw_id(w, a->thread);
			jw_key(w, "write"); jw_bool(w, a->write);
			jw_key(w, "atomic"); jw_bool(w, a->atomic);
			jw_key(w, "size"); jw_u64(w, a->size);
			jw_key(w, "addr"); jw_u64(w, a->addr);
			jw_key(w, "stack"); jw_id(w, a->stack);
			jw_key(w, "locks"); jw_int_array(w, a->locks, a->nlocks);
			jw_close(w, '}');
		}
		jw_close(w, ']');
	}
	if (f->memory || f->kind == REPORT_DATA_RACE) {
		jw_key(w, "memory");
		const struct report_memory *m = f->memory;
		if (!m) {
			jw_null(w);
		} else {
			jw_open(w, '{', true);
			jw_key(w, "kind"); jw_string(w, m->kind);
			jw_key(w, "name"); jw_string(w, m->name);
			jw_key(w, "base"); jw_u64(w, m->base);
			jw_key(w, "size"); jw_u64(w, m->size);
			jw_key(w, "offset"); jw_u64(w, m->offset);
			jw_key(w, "thread"); jw_id(w, m->thread);
			jw_key(w, "alloc_stack"); jw_id(w, m->alloc_stack);
			jw_key(w, "module"); jw_string(w, m->module);
			jw_close(w, '}');
		}
	}
	jw_close(w, '}');
}

/* weft explore / weft replay: "runs" and "failure" (docs/report-format.md, "Exploration") */
static void jw_exploration(struct jw *w, const struct report *r)
{
	jw_key(w, "runs"); jw_u64(w, r->runs > 0 ? (uint64_t)r->runs : 0);
	const struct report_confirm *c = r->confirm;
	if (c) {   /* only with --confirm */
		jw_key(w, "confirm");
		jw_open(w, '{', false);
		jw_key(w, "source"); jw_string(w, c->source);
		jw_key(w, "inversion"); jw_string(w, c->inversion);
		jw_key(w, "confirmed"); jw_bool(w, c->confirmed);
		jw_key(w, "runs"); jw_id(w, c->runs);
		jw_key(w, "edges"); jw_id(w, c->edges);
		jw_key(w, "edges_reached"); jw_id(w, c->edges_reached);
		jw_key(w, "closed"); jw_id(w, c->closed);
		jw_close(w, '}');
	}
	jw_key(w, "failure");
	const struct report_failure *f = r->failure;
	if (!f) {
		jw_null(w);
		return;
	}
	jw_open(w, '{', false);
	jw_key(w, "kind"); jw_string(w, f->kind);
	jw_key(w, "summary"); jw_string(w, f->summary);
	jw_key(w, "run"); jw_id(w, f->run);
	jw_key(w, "seed"); jw_u64(w, f->seed);
	jw_key(w, "strategy"); jw_string(w, f->strategy);
	jw_key(w, "schedule"); jw_string(w, f->schedule);
	jw_key(w, "steps"); jw_id(w, f->steps);
	jw_key(w, "preemptions");
	jw_open(w, '[', false);
	for (size_t i = 0; i < f->npreemptions; i++) {
		const struct report_preemption *p = &f->preemptions[i];
		jw_open(w, '{', true);
		jw_key(w, "step"); jw_id(w, p->step);
		jw_key(w, "thread"); jw_id(w, p->thread);
		jw_key(w, "to"); jw_id(w, p->to);
		jw_key(w, "call"); jw_string(w, p->call);
		jw_key(w, "pc"); jw_u64(w, p->pc);
		jw_key(w, "pc_hex"); jw_hex(w, p->pc);
		if (p->has_stack) {   /* only when captured (the replay that wrote the report) */
			jw_key(w, "stack");
			jw_stack(w, &p->stack);
		}
		jw_close(w, '}');
	}
	jw_close(w, ']');
	if (f->shrink_runs > 0) {   /* only when weft explore made shrinking runs */
		jw_key(w, "shrink");
		jw_open(w, '{', false);
		jw_key(w, "runs"); jw_id(w, f->shrink_runs);
		jw_key(w, "from_preemptions"); jw_id(w, f->shrunk_from_preemptions);
		jw_key(w, "from_steps"); jw_id(w, f->shrunk_from_steps);
		jw_close(w, '}');
	}
	jw_close(w, '}');
}

static void jw_report(struct jw *w, const struct report *r)
{
	unsigned counts[REPORT_KIND_COUNT];
	report_count_kinds(r, counts);

	jw_open(w, '{', false);
	jw_key(w, "weft"); jw_string(w, "report");
	jw_key(w, "version"); jw_i64(w, r->version ? r->version : REPORT_SCHEMA_VERSION);
	jw_key(w, "tool_version"); jw_string(w, r->tool_version);
	jw_key(w, "program"); jw_string(w, r->program);
	jw_key(w, "argv");
	jw_open(w, '[', true);
	for (size_t i = 0; i < r->argc; i++)
		jw_string(w, r->argv[i]);
	jw_close(w, ']');
	jw_key(w, "pid"); jw_id(w, r->pid ? r->pid : -1);
	jw_key(w, "parent_pid"); jw_id(w, r->parent_pid ? r->parent_pid : -1);
	jw_key(w, "trace"); jw_string(w, r->trace);
	jw_key(w, "end");
	jw_open(w, '{', true);
	jw_key(w, "ended"); jw_bool(w, r->ended);
	jw_key(w, "exit_status"); jw_id(w, r->exit_status);
	jw_key(w, "signal"); jw_id(w, r->signal ? r->signal : -1);
	jw_key(w, "ended_by_weft"); jw_bool(w, r->ended_by_weft);
	jw_close(w, '}');
	jw_key(w, "summary");
	jw_open(w, '{', true);
	jw_key(w, "findings"); jw_u64(w, r->nfindings);
	jw_key(w, "suppressed"); jw_u64(w, r->suppressed);
	jw_key(w, "by_kind");
	jw_open(w, '{', true);
	for (int k = 0; k < REPORT_KIND_COUNT; k++) {
		jw_key(w, report_kind_name((enum report_kind)k));
		jw_u64(w, counts[k]);
	}
	jw_close(w, '}');
	jw_close(w, '}');

	jw_key(w, "findings");
	jw_open(w, '[', false);
	for (size_t i = 0; i < r->nfindings; i++)
		jw_finding(w, &r->findings[i]);
	jw_close(w, ']');

	jw_key(w, "threads");
	jw_open(w, '[', false);
	for (size_t i = 0; i < r->nthreads; i++) {
		const struct report_thread *t = &r->threads[i];
		jw_open(w, '{', false);
		jw_key(w, "id"); jw_id(w, t->id);
		jw_key(w, "parent"); jw_id(w, t->parent);
		jw_key(w, "tid"); jw_id(w, t->tid > 0 ? t->tid : -1);
		jw_key(w, "name"); jw_string(w, t->name);
		jw_key(w, "state"); jw_string(w, t->state);
		jw_key(w, "created");
		if (t->has_created)
			jw_stack(w, &t->created);
		else
			jw_null(w);
		jw_key(w, "last");
		if (t->has_last)
			jw_stack(w, &t->last);
		else
			jw_null(w);
		jw_close(w, '}');
	}
	jw_close(w, ']');

	jw_key(w, "locks");
	jw_open(w, '[', false);
	for (size_t i = 0; i < r->nlocks; i++) {
		const struct report_lock *l = &r->locks[i];
		jw_open(w, '{', false);
		jw_key(w, "id"); jw_id(w, l->id);
		jw_key(w, "kind"); jw_string(w, l->kind);
		jw_key(w, "type"); jw_string(w, l->type);
		jw_key(w, "addr"); jw_u64(w, l->addr);
		jw_key(w, "addr_hex"); jw_hex(w, l->addr);
		jw_key(w, "name"); jw_string(w, l->name);
		jw_key(w, "created");
		if (l->has_created)
			jw_stack(w, &l->created);
		else
			jw_null(w);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	if (r->explored)
		jw_exploration(w, r);
	jw_close(w, '}');
	jw_raw(w, "\n", 1);
}

/* snprintf does not touch a FILE or the heap for these formats; it is only used on error paths. */
static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int report_write_json(const struct report *r, int fd, char *err, size_t errlen)
{
	struct jw w = {.compact_depth = INT_MAX};
	jw_report(&w, r);
	if (w.oom) {
		free(w.buf);
		set_err(err, errlen, "out of memory while writing the JSON report");
		return -1;
	}
	int rc = write_all(fd, w.buf, w.len);
	int e = errno;
	free(w.buf);
	if (rc < 0) {
		set_err(err, errlen, "cannot write the JSON report: %s", strerror(e));
		return -1;
	}
	return 0;
}

int report_write_json_file(const struct report *r, const char *path, char *err, size_t errlen)
{
	/* The temporary name is in the same directory (rename must not cross file systems) and does
	 * not end in ".json", so a reader listing reports never picks it up. The counter keeps two
	 * threads of one process that write at once from sharing a temporary file. */
	static unsigned counter;
	unsigned n = __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 64);
	if (!tmp) {
		set_err(err, errlen, "out of memory while writing %s", path);
		return -1;
	}
	/* "<path>.tmp.<pid>.<n>", assembled by hand: no stdio on this path */
	char num[24];
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.", 5);
	size_t k = plen + 5;
	jw_fmt_u64(num, (uint64_t)getpid());
	memcpy(tmp + k, num, strlen(num));
	k += strlen(num);
	tmp[k++] = '.';
	jw_fmt_u64(num, n);
	memcpy(tmp + k, num, strlen(num) + 1);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		set_err(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	char e2[256];
	int rc = report_write_json(r, fd, e2, sizeof e2);
	if (close(fd) < 0 && rc == 0) {
		snprintf(e2, sizeof e2, "cannot write the JSON report: %s", strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) < 0) {
		snprintf(e2, sizeof e2, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
		rc = -1;
	}
	if (rc < 0) {
		set_err(err, errlen, "%s: %s", path, e2);
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Reader: JSON text -> value tree                                                             */
/* ------------------------------------------------------------------------------------------ */

/* Reports nest 6 deep; anything beyond this is not a report and would only risk the stack. */
#define JR_MAX_DEPTH 64

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	bool b;
	bool is_int;          /* number without fraction or exponent */
	bool neg;
	uint64_t u;           /* magnitude of an integer */
	double d;
	char *s;              /* string (UTF-8, NUL-free) */
	size_t n;             /* array items or object members */
	struct jval *items;
	char **keys;
};

struct jr {
	const char *p, *start, *end;
	char *err;
	size_t errlen;
	bool failed;
	int depth;
};

static void jval_free(struct jval *v)
{
	if (!v)
		return;
	free(v->s);
	for (size_t i = 0; i < v->n; i++) {
		jval_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
}

static void jr_fail(struct jr *r, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void jr_fail(struct jr *r, const char *at, const char *fmt, ...)
{
	if (r->failed)
		return;
	r->failed = true;
	int line = 1, col = 1;
	for (const char *q = r->start; q < at && q < r->end; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*q & 0xc0) != 0x80) {
			col++;
		}
	}
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	set_err(r->err, r->errlen, "%d:%d: %s", line, col, msg);
}

static void jr_ws(struct jr *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static void jr_value(struct jr *r, struct jval *v);

static const char *describe_char(const struct jr *r, char *buf, size_t len)
{
	if (r->p >= r->end)
		return "end of input (truncated file?)";
	unsigned char c = (unsigned char)*r->p;
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, len, "'%c'", c);
	else
		snprintf(buf, len, "byte 0x%02x", c);
	return buf;
}

static bool jr_grow(struct jr *r, void **arr, size_t n, size_t sz)
{
	/* powers of two: arrays here are private to the parser */
	if (n && (n & (n - 1)))
		return true;
	void *a = realloc(*arr, (n ? n * 2 : 4) * sz);
	if (!a) {
		jr_fail(r, r->p, "out of memory");
		return false;
	}
	*arr = a;
	return true;
}

static void utf8_put(char **o, uint32_t cp)
{
	unsigned char *q = (unsigned char *)*o;
	if (cp < 0x80) {
		*q++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*q++ = (unsigned char)(0xc0 | cp >> 6);
		*q++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*q++ = (unsigned char)(0xe0 | cp >> 12);
		*q++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*q++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*q++ = (unsigned char)(0xf0 | cp >> 18);
		*q++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		*q++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*q++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	*o = (char *)q;
}

static int hex4(const char *p, const char *end, uint32_t *out)
{
	uint32_t v = 0;
	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Parses a string literal at r->p (which is '"'); returns a malloc'd UTF-8 string or NULL. */
static char *jr_string(struct jr *r)
{
	const char *open = r->p++;
	/* the decoded text is never longer than the literal */
	const char *q = r->p;
	while (q < r->end && *q != '"') {
		if (*q == '\\')
			q++;
		q++;
	}
	if (q >= r->end) {
		jr_fail(r, open, "unterminated string (truncated file?)");
		return NULL;
	}
	char *out = malloc((size_t)(q - r->p) + 1), *o = out;
	if (!out) {
		jr_fail(r, open, "out of memory");
		return NULL;
	}
	while (*r->p != '"') {
		unsigned char c = (unsigned char)*r->p;
		if (c < 0x20) {
			jr_fail(r, r->p, "control character in a string");
			goto bad;
		}
		if (c != '\\') {
			*o++ = (char)c;
			r->p++;
			continue;
		}
		const char *esc = r->p;
		r->p++;
		switch (*r->p) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			uint32_t cp, lo;
			if (hex4(r->p + 1, r->end, &cp) < 0) {
				jr_fail(r, esc, "bad \\u escape in a string");
				goto bad;
			}
			r->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (r->end - r->p >= 7 && r->p[1] == '\\' && r->p[2] == 'u' &&
				    hex4(r->p + 3, r->end, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					r->p += 6;
				} else {
					cp = 0xfffd; /* lone surrogate */
				}
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				cp = 0xfffd;
			}
			if (cp == 0) {
				jr_fail(r, esc, "\\u0000 in a string is not supported");
				goto bad;
			}
			utf8_put(&o, cp);
			break;
		}
		default:
			jr_fail(r, esc, "bad escape in a string");
			goto bad;
		}
		r->p++;
	}
	r->p++;
	*o = 0;
	return out;
bad:
	free(out);
	return NULL;
}

static void jr_number(struct jr *r, struct jval *v)
{
	const char *s = r->p;
	const char *q = s;
	if (q < r->end && *q == '-')
		q++;
	if (q >= r->end || *q < '0' || *q > '9') {
		jr_fail(r, s, "bad number");
		return;
	}
	if (*q == '0' && q + 1 < r->end && q[1] >= '0' && q[1] <= '9') {
		jr_fail(r, s, "bad number (leading zero)");
		return;
	}
	bool is_int = true;
	uint64_t u = 0;
	bool overflow = false;
	while (q < r->end && *q >= '0' && *q <= '9') {
		unsigned dgt = (unsigned)(*q - '0');
		if (u > (UINT64_MAX - dgt) / 10)
			overflow = true;
		u = u * 10 + dgt;
		q++;
	}
	if (q < r->end && *q == '.') {
		is_int = false;
		q++;
		if (q >= r->end || *q < '0' || *q > '9') {
			jr_fail(r, s, "bad number");
			return;
		}
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < r->end && (*q == 'e' || *q == 'E')) {
		is_int = false;
		q++;
		if (q < r->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= r->end || *q < '0' || *q > '9') {
			jr_fail(r, s, "bad number");
			return;
		}
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	v->type = J_NUM;
	v->neg = *s == '-';
	v->is_int = is_int && !overflow;
	v->u = u;
	/* strtod needs a terminated copy; numbers are short */
	char tmp[64];
	size_t n = (size_t)(q - s);
	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	v->d = strtod(tmp, NULL);
	r->p = q;
}

static bool jr_lit(struct jr *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) >= n && memcmp(r->p, word, n) == 0) {
		r->p += n;
		return true;
	}
	if ((size_t)(r->end - r->p) < n && memcmp(r->p, word, (size_t)(r->end - r->p)) == 0)
		jr_fail(r, r->end, "unexpected end of input (truncated file?)");
	else
		jr_fail(r, r->p, "invalid literal (expected %s)", word);
	return false;
}

static void jr_value(struct jr *r, struct jval *v)
{
	char cb[16];
	memset(v, 0, sizeof *v);
	jr_ws(r);
	if (r->p >= r->end) {
		jr_fail(r, r->p, "unexpected end of input (truncated file?)");
		return;
	}
	switch (*r->p) {
	case '{':
	case '[': {
		bool obj = *r->p == '{';
		char close = obj ? '}' : ']';
		if (++r->depth > JR_MAX_DEPTH) {
			jr_fail(r, r->p, "nesting deeper than %d levels", JR_MAX_DEPTH);
			return;
		}
		v->type = obj ? J_OBJ : J_ARR;
		r->p++;
		jr_ws(r);
		if (r->p < r->end && *r->p == close) {
			r->p++;
			r->depth--;
			return;
		}
		for (;;) {
			char *key = NULL;
			jr_ws(r);
			if (obj) {
				if (r->p >= r->end || *r->p != '"') {
					jr_fail(r, r->p, "expected a member name (a string), found %s",
						describe_char(r, cb, sizeof cb));
					return;
				}
				key = jr_string(r);
				if (!key)
					return;
				jr_ws(r);
				if (r->p >= r->end || *r->p != ':') {
					jr_fail(r, r->p, "expected ':' after a member name, found %s",
						describe_char(r, cb, sizeof cb));
					free(key);
					return;
				}
				r->p++;
			}
			if (!jr_grow(r, (void **)&v->items, v->n, sizeof *v->items) ||
			    (obj && !jr_grow(r, (void **)&v->keys, v->n, sizeof *v->keys))) {
				free(key);
				return;
			}
			if (obj)
				v->keys[v->n] = key;
			jr_value(r, &v->items[v->n]);
			v->n++;
			if (r->failed)
				return;
			jr_ws(r);
			if (r->p < r->end && *r->p == ',') {
				r->p++;
				continue;
			}
			if (r->p < r->end && *r->p == close) {
				r->p++;
				break;
			}
			jr_fail(r, r->p, "expected ',' or '%c', found %s", close, describe_char(r, cb, sizeof cb));
			return;
		}
		r->depth--;
		return;
	}
	case '"':
		v->s = jr_string(r);
		if (v->s)
			v->type = J_STR;
		return;
	case 't':
		if (jr_lit(r, "true")) {
			v->type = J_BOOL;
			v->b = true;
		}
		return;
	case 'f':
		if (jr_lit(r, "false"))
			v->type = J_BOOL;
		return;
	case 'n':
		if (jr_lit(r, "null"))
			v->type = J_NULL;
		return;
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) {
			jr_number(r, v);
			return;
		}
		jr_fail(r, r->p, "expected a value, found %s", describe_char(r, cb, sizeof cb));
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Reader: value tree -> model                                                                 */
/* ------------------------------------------------------------------------------------------ */

/* Mapping context: the path of the field being read, for error messages ("findings[2].count"). */
struct jm {
	char path[256];
	char *err;
	size_t errlen;
	bool failed;
};

static const struct jval *jget(const struct jval *o, const char *key)
{
	if (!o || o->type != J_OBJ)
		return NULL;
	/* the last occurrence wins, as in most JSON readers */
	for (size_t i = o->n; i-- > 0;)
		if (strcmp(o->keys[i], key) == 0)
			return &o->items[i];
	return NULL;
}

static const char *jtype_name(enum jtype t)
{
	switch (t) {
	case J_NULL: return "null";
	case J_BOOL: return "a boolean";
	case J_NUM: return "a number";
	case J_STR: return "a string";
	case J_ARR: return "an array";
	case J_OBJ: return "an object";
	}
	return "?";
}

static void jm_fail(struct jm *m, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void jm_fail(struct jm *m, const char *key, const char *fmt, ...)
{
	if (m->failed)
		return;
	m->failed = true;
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (key)
		set_err(m->err, m->errlen, "%s%s%s: %s", m->path, m->path[0] ? "." : "", key, msg);
	else
		set_err(m->err, m->errlen, "%s: %s", m->path[0] ? m->path : "report", msg);
}

static bool jm_type(struct jm *m, const char *key, const struct jval *v, enum jtype want)
{
	if (v->type == want)
		return true;
	jm_fail(m, key, "expected %s, found %s", jtype_name(want), jtype_name(v->type));
	return false;
}

/* Path helpers: append ".key", ".key[i]" (i >= 0) or "[i]" (key NULL); jm_pop restores the
 * previous length returned by jm_push. */
static size_t jm_push(struct jm *m, const char *key, long idx)
{
	size_t old = strlen(m->path);
	size_t room = sizeof m->path - old;
	if (key && idx >= 0)
		snprintf(m->path + old, room, "%s%s[%ld]", old ? "." : "", key, idx);
	else if (key)
		snprintf(m->path + old, room, "%s%s", old ? "." : "", key);
	else
		snprintf(m->path + old, room, "[%ld]", idx);
	return old;
}

static void jm_pop(struct jm *m, size_t old)
{
	m->path[old] = 0;
}

/* String or null; absent is NULL. */
static char *jm_str(struct jm *m, const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key);
	if (!v || v->type == J_NULL)
		return NULL;
	if (!jm_type(m, key, v, J_STR))
		return NULL;
	return report_strdup(v->s);
}

/* Integer in [lo, hi] or null (-> dflt); absent -> dflt. */
static int64_t jm_int(struct jm *m, const struct jval *o, const char *key, int64_t lo, int64_t hi, int64_t dflt)
{
	const struct jval *v = jget(o, key);
	if (!v || v->type == J_NULL)
		return dflt;
	if (!jm_type(m, key, v, J_NUM))
		return dflt;
	if (!v->is_int) {
		jm_fail(m, key, "expected an integer");
		return dflt;
	}
	if (v->neg ? (v->u > (uint64_t)INT64_MAX || -(int64_t)v->u < lo) : (v->u > (uint64_t)hi)) {
		jm_fail(m, key, "value out of range");
		return dflt;
	}
	return v->neg ? -(int64_t)v->u : (int64_t)v->u;
}

static uint64_t jm_u64(struct jm *m, const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key);
	if (!v || v->type == J_NULL)
		return 0;
	if (!jm_type(m, key, v, J_NUM))
		return 0;
	if (!v->is_int || v->neg) {
		jm_fail(m, key, "expected a non-negative integer");
		return 0;
	}
	return v->u;
}

static bool jm_bool(struct jm *m, const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key);
	if (!v || v->type == J_NULL)
		return false;
	if (!jm_type(m, key, v, J_BOOL))
		return false;
	return v->b;
}

/* Array or null/absent (-> NULL). */
static const struct jval *jm_arr(struct jm *m, const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key);
	if (!v || v->type == J_NULL)
		return NULL;
	if (!jm_type(m, key, v, J_ARR))
		return NULL;
	return v;
}

static const struct jval *jm_obj(struct jm *m, const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key);
	if (!v || v->type == J_NULL)
		return NULL;
	if (!jm_type(m, key, v, J_OBJ))
		return NULL;
	return v;
}

static int *jm_int_array(struct jm *m, const struct jval *o, const char *key, size_t *n)
{
	*n = 0;
	const struct jval *a = jm_arr(m, o, key);
	if (!a || !a->n)
		return NULL;
	int *out = report_xcalloc(a->n, sizeof *out);
	for (size_t i = 0; i < a->n; i++) {
		const struct jval *v = &a->items[i];
		if (v->type != J_NUM || !v->is_int || v->u > INT_MAX) {
			jm_fail(m, key, "element %zu is not a valid id", i);
			free(out);
			return NULL;
		}
		out[i] = v->neg ? -(int)v->u : (int)v->u;
	}
	*n = a->n;
	return out;
}

static void jm_stack(struct jm *m, const struct jval *o, struct report_stack *s)
{
	memset(s, 0, sizeof *s);
	s->thread = -1;
	if (!jm_type(m, NULL, o, J_OBJ))
		return;
	s->role = jm_str(m, o, "role");
	s->thread = (int)jm_int(m, o, "thread", -1, INT_MAX, -1);
	s->note = jm_str(m, o, "note");
	const struct jval *fr = jm_arr(m, o, "frames");
	if (!fr || !fr->n)
		return;
	s->frames = report_xcalloc(fr->n, sizeof *s->frames);
	s->nframes = fr->n;
	for (size_t i = 0; i < fr->n && !m->failed; i++) {
		const struct jval *f = &fr->items[i];
		struct report_frame *d = &s->frames[i];
		d->line = d->column = -1;
		size_t old = jm_push(m, "frames", (long)i);
		if (jm_type(m, NULL, f, J_OBJ)) {
			d->function = jm_str(m, f, "function");
			d->file = jm_str(m, f, "file");
			d->line = (int)jm_int(m, f, "line", -1, INT_MAX, -1);
			d->column = (int)jm_int(m, f, "column", -1, INT_MAX, -1);
			d->module = jm_str(m, f, "module");
			d->offset = jm_u64(m, f, "offset");
			d->pc = jm_u64(m, f, "pc");
			d->inlined = jm_bool(m, f, "inlined");
		}
		jm_pop(m, old);
	}
}

/* A stack index field: null/absent -> -1, otherwise must be < nstacks. */
static int jm_stack_index(struct jm *m, const struct jval *o, const char *key, size_t nstacks)
{
	int64_t v = jm_int(m, o, key, -1, INT_MAX, -1);
	if (v >= (int64_t)nstacks) {
		jm_fail(m, key, "stack index %lld out of range (the finding has %zu stacks)", (long long)v, nstacks);
		return -1;
	}
	return (int)v;
}

static void jm_finding(struct jm *m, const struct jval *o, struct report_finding *f)
{
	f->count = 1;
	if (!jm_type(m, NULL, o, J_OBJ))
		return;
	const struct jval *kv = jget(o, "kind");
	if (!kv || kv->type != J_STR) {
		jm_fail(m, "kind", kv ? "expected a string, found %s" : "missing%s", kv ? jtype_name(kv->type) : "");
		return;
	}
	int k = report_kind_from_name(kv->s);
	if (k < 0) {
		jm_fail(m, "kind", "unknown finding kind \"%.60s\"", kv->s);
		return;
	}
	f->kind = (enum report_kind)k;
	f->summary = jm_str(m, o, "summary");
	f->count = (unsigned)jm_int(m, o, "count", 0, UINT_MAX, 1);
	f->misuse = jm_str(m, o, "misuse");
	f->threads = jm_int_array(m, o, "threads", &f->nthreads);
	f->locks = jm_int_array(m, o, "locks", &f->nlocks);

	const struct jval *st = jm_arr(m, o, "stacks");
	if (st && st->n) {
		f->stacks = report_xcalloc(st->n, sizeof *f->stacks);
		f->nstacks = st->n;
		for (size_t i = 0; i < st->n; i++)
			f->stacks[i].thread = -1;
		for (size_t i = 0; i < st->n && !m->failed; i++) {
			size_t old = jm_push(m, "stacks", (long)i);
			jm_stack(m, &st->items[i], &f->stacks[i]);
			jm_pop(m, old);
		}
	}

	const struct jval *cy = jm_arr(m, o, "cycle");
	if (cy && cy->n && !m->failed) {
		f->cycle = report_xcalloc(cy->n, sizeof *f->cycle);
		f->ncycle = cy->n;
		for (size_t i = 0; i < cy->n && !m->failed; i++) {
			const struct jval *c = &cy->items[i];
			struct report_cycle_step *d = &f->cycle[i];
			d->thread = d->holds = d->waits = d->waits_thread = d->hold_stack = d->wait_stack = -1;
			size_t old = jm_push(m, "cycle", (long)i);
			if (jm_type(m, NULL, c, J_OBJ)) {
				d->thread = (int)jm_int(m, c, "thread", -1, INT_MAX, -1);
				d->holds = (int)jm_int(m, c, "holds", -1, INT_MAX, -1);
				d->hold_mode = jm_str(m, c, "hold_mode");
				d->waits = (int)jm_int(m, c, "waits", -1, INT_MAX, -1);
				d->wait_mode = jm_str(m, c, "wait_mode");
				d->wait_kind = jm_str(m, c, "wait_kind");
				d->waits_thread = (int)jm_int(m, c, "waits_thread", -1, INT_MAX, -1);
				d->hold_stack = jm_stack_index(m, c, "hold_stack", f->nstacks);
				d->wait_stack = jm_stack_index(m, c, "wait_stack", f->nstacks);
			}
			jm_pop(m, old);
		}
	}

	const struct jval *ac = jm_arr(m, o, "accesses");
	if (ac && ac->n && !m->failed) {
		f->accesses = report_xcalloc(ac->n, sizeof *f->accesses);
		f->naccesses = ac->n;
		for (size_t i = 0; i < ac->n; i++)
			f->accesses[i].thread = f->accesses[i].stack = -1;
		for (size_t i = 0; i < ac->n && !m->failed; i++) {
			const struct jval *a = &ac->items[i];
			struct report_access *d = &f->accesses[i];
			size_t old = jm_push(m, "accesses", (long)i);
			if (jm_type(m, NULL, a, J_OBJ)) {
				d->thread = (int)jm_int(m, a, "thread", -1, INT_MAX, -1);
				d->write = jm_bool(m, a, "write");
				d->atomic = jm_bool(m, a, "atomic");
				d->size = (unsigned)jm_int(m, a, "size", 0, UINT_MAX, 0);
				d->addr = jm_u64(m, a, "addr");
				d->stack = jm_stack_index(m, a, "stack", f->nstacks);
				d->locks = jm_int_array(m, a, "locks", &d->nlocks);
			}
			jm_pop(m, old);
		}
	}

	const struct jval *mem = jm_obj(m, o, "memory");
	if (mem && !m->failed) {
		struct report_memory *d = report_xcalloc(1, sizeof *d);
		f->memory = d;
		size_t old = jm_push(m, "memory", -1);
		d->kind = jm_str(m, mem, "kind");
		d->name = jm_str(m, mem, "name");
		d->base = jm_u64(m, mem, "base");
		d->size = jm_u64(m, mem, "size");
		d->offset = jm_u64(m, mem, "offset");
		d->thread = (int)jm_int(m, mem, "thread", -1, INT_MAX, -1);
		d->alloc_stack = jm_stack_index(m, mem, "alloc_stack", f->nstacks);
		d->module = jm_str(m, mem, "module");
		jm_pop(m, old);
	}
}

/* "created"/"last" stacks of threads and locks: null or absent -> has = false. */
static void jm_opt_stack(struct jm *m, const struct jval *o, const char *key, bool *has, struct report_stack *s)
{
	s->thread = -1;
	const struct jval *v = jm_obj(m, o, key);
	if (!v)
		return;
	size_t old = jm_push(m, key, -1);
	jm_stack(m, v, s);
	jm_pop(m, old);
	*has = true;
}

static void jm_report(struct jm *m, const struct jval *root, struct report *r)
{
	if (root->type != J_OBJ) {
		jm_fail(m, NULL, "not a weft report (the top level is %s, not an object)", jtype_name(root->type));
		return;
	}
	const struct jval *wv = jget(root, "weft");
	if (!wv || wv->type != J_STR || strcmp(wv->s, "report") != 0) {
		if (wv && wv->type == J_STR)
			jm_fail(m, NULL, "not a weft report (\"weft\" is \"%.40s\", expected \"report\")", wv->s);
		else
			jm_fail(m, NULL, "not a weft report (no \"weft\": \"report\" member)");
		return;
	}
	const struct jval *vv = jget(root, "version");
	if (!vv || vv->type != J_NUM) {
		jm_fail(m, NULL, "report has no schema \"version\"");
		return;
	}
	if (!vv->is_int || vv->neg || vv->u != REPORT_SCHEMA_VERSION) {
		jm_fail(m, NULL, "report schema version %g is not supported (this weft reads version %d)", vv->d,
			REPORT_SCHEMA_VERSION);
		return;
	}
	r->version = REPORT_SCHEMA_VERSION;
	free(r->tool_version);
	r->tool_version = jm_str(m, root, "tool_version");
	r->program = jm_str(m, root, "program");
	const struct jval *av = jm_arr(m, root, "argv");
	if (av && av->n) {
		r->argv = report_xcalloc(av->n, sizeof *r->argv);
		for (size_t i = 0; i < av->n; i++) {
			if (av->items[i].type != J_STR) {
				jm_fail(m, "argv", "element %zu is not a string", i);
				break;
			}
			r->argv[r->argc++] = report_strdup(av->items[i].s);
		}
	}
	r->pid = (long)jm_int(m, root, "pid", -1, LONG_MAX, 0);
	if (r->pid < 0)
		r->pid = 0;
	r->parent_pid = (long)jm_int(m, root, "parent_pid", -1, LONG_MAX, 0);
	if (r->parent_pid < 0)
		r->parent_pid = 0;
	r->trace = jm_str(m, root, "trace");

	const struct jval *end = jm_obj(m, root, "end");
	r->exit_status = -1;
	if (end) {
		size_t old = jm_push(m, "end", -1);
		r->ended = jm_bool(m, end, "ended");
		r->exit_status = (int)jm_int(m, end, "exit_status", -1, INT_MAX, -1);
		r->signal = (int)jm_int(m, end, "signal", -1, 127, 0);
		if (r->signal < 0)
			r->signal = 0;
		r->ended_by_weft = jm_bool(m, end, "ended_by_weft");
		jm_pop(m, old);
	}
	const struct jval *sum = jm_obj(m, root, "summary");
	if (sum) {
		size_t old = jm_push(m, "summary", -1);
		r->suppressed = (unsigned)jm_int(m, sum, "suppressed", 0, UINT_MAX, 0);
		jm_pop(m, old);
	}

	const struct jval *fv = jm_arr(m, root, "findings");
	if (fv && fv->n && !m->failed) {
		r->findings = report_xcalloc(fv->n, sizeof *r->findings);
		for (size_t i = 0; i < fv->n && !m->failed; i++) {
			snprintf(m->path, sizeof m->path, "findings[%zu]", i);
			jm_finding(m, &fv->items[i], &r->findings[r->nfindings++]);
		}
		if (!m->failed)
			m->path[0] = 0;
	}

	const struct jval *tv = jm_arr(m, root, "threads");
	if (tv && tv->n && !m->failed) {
		r->threads = report_xcalloc(tv->n, sizeof *r->threads);
		for (size_t i = 0; i < tv->n && !m->failed; i++) {
			const struct jval *o = &tv->items[i];
			struct report_thread *t = &r->threads[r->nthreads++];
			t->parent = -1;
			t->created.thread = t->last.thread = -1;
			snprintf(m->path, sizeof m->path, "threads[%zu]", i);
			if (!jm_type(m, NULL, o, J_OBJ))
				break;
			t->id = (int)jm_int(m, o, "id", -1, INT_MAX, -1);
			t->parent = (int)jm_int(m, o, "parent", -1, INT_MAX, -1);
			t->tid = (long)jm_int(m, o, "tid", -1, LONG_MAX, 0);
			if (t->tid < 0)
				t->tid = 0;
			t->name = jm_str(m, o, "name");
			t->state = jm_str(m, o, "state");
			jm_opt_stack(m, o, "created", &t->has_created, &t->created);
			jm_opt_stack(m, o, "last", &t->has_last, &t->last);
		}
		if (!m->failed)
			m->path[0] = 0;
	}

	if (jget(root, "runs") && !m->failed) {
		r->explored = true;
		r->runs = (long)jm_int(m, root, "runs", 0, LONG_MAX, 0);
		const struct jval *co = jm_obj(m, root, "confirm");
		if (co) {
			size_t old = jm_push(m, "confirm", -1);
			struct report_confirm *c = report_xcalloc(1, sizeof *c);
			r->confirm = c;
			c->source = jm_str(m, co, "source");
			c->inversion = jm_str(m, co, "inversion");
			c->confirmed = jm_bool(m, co, "confirmed");
			c->runs = (long)jm_int(m, co, "runs", 0, LONG_MAX, 0);
			c->edges = (long)jm_int(m, co, "edges", 0, LONG_MAX, 0);
			c->edges_reached = (long)jm_int(m, co, "edges_reached", 0, LONG_MAX, 0);
			c->closed = (long)jm_int(m, co, "closed", 0, LONG_MAX, 0);
			jm_pop(m, old);
		}
		const struct jval *fo = jm_obj(m, root, "failure");
		if (fo) {
			size_t old = jm_push(m, "failure", -1);
			struct report_failure *f = report_xcalloc(1, sizeof *f);
			r->failure = f;
			f->kind = jm_str(m, fo, "kind");
			f->summary = jm_str(m, fo, "summary");
			f->run = (long)jm_int(m, fo, "run", -1, LONG_MAX, -1);
			f->seed = jm_u64(m, fo, "seed");
			f->strategy = jm_str(m, fo, "strategy");
			f->schedule = jm_str(m, fo, "schedule");
			f->steps = (long)jm_int(m, fo, "steps", -1, LONG_MAX, -1);
			const struct jval *so = jm_obj(m, fo, "shrink");
			if (so) {
				size_t sold = jm_push(m, "shrink", -1);
				f->shrink_runs = (long)jm_int(m, so, "runs", 1, LONG_MAX, 0);
				f->shrunk_from_preemptions = (long)jm_int(m, so, "from_preemptions", 0, LONG_MAX, 0);
				f->shrunk_from_steps = (long)jm_int(m, so, "from_steps", 0, LONG_MAX, 0);
				jm_pop(m, sold);
			}
			const struct jval *pv = jm_arr(m, fo, "preemptions");
			if (pv && pv->n) {
				f->preemptions = report_xcalloc(pv->n, sizeof *f->preemptions);
				for (size_t i = 0; i < pv->n && !m->failed; i++) {
					const struct jval *o = &pv->items[i];
					if (!jm_type(m, "preemptions", o, J_OBJ))
						break;
					struct report_preemption *p = &f->preemptions[f->npreemptions++];
					p->step = (long)jm_int(m, o, "step", -1, LONG_MAX, -1);
					p->thread = (int)jm_int(m, o, "thread", -1, INT_MAX, -1);
					p->to = (int)jm_int(m, o, "to", -1, INT_MAX, -1);
					p->call = jm_str(m, o, "call");
					p->pc = jm_u64(m, o, "pc");
					jm_opt_stack(m, o, "stack", &p->has_stack, &p->stack);
				}
			}
			jm_pop(m, old);
		}
	}

	const struct jval *lv = jm_arr(m, root, "locks");
	if (lv && lv->n && !m->failed) {
		r->locks = report_xcalloc(lv->n, sizeof *r->locks);
		for (size_t i = 0; i < lv->n && !m->failed; i++) {
			const struct jval *o = &lv->items[i];
			struct report_lock *l = &r->locks[r->nlocks++];
			l->created.thread = -1;
			snprintf(m->path, sizeof m->path, "locks[%zu]", i);
			if (!jm_type(m, NULL, o, J_OBJ))
				break;
			l->id = (int)jm_int(m, o, "id", -1, INT_MAX, -1);
			l->kind = jm_str(m, o, "kind");
			l->type = jm_str(m, o, "type");
			l->addr = jm_u64(m, o, "addr");
			l->name = jm_str(m, o, "name");
			jm_opt_stack(m, o, "created", &l->has_created, &l->created);
		}
		if (!m->failed)
			m->path[0] = 0;
	}
}

int report_read_json(const char *text, size_t len, struct report **out, char *err, size_t errlen)
{
	*out = NULL;
	struct jr r = {.p = text, .start = text, .end = text + len, .err = err, .errlen = errlen};
	/* a UTF-8 byte order mark is tolerated */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		r.p += 3;
	jr_ws(&r);
	if (r.p >= r.end) {
		set_err(err, errlen, "empty input (no JSON report)");
		return -1;
	}
	struct jval root;
	jr_value(&r, &root);
	if (!r.failed) {
		jr_ws(&r);
		if (r.p < r.end) {
			char cb[16];
			jr_fail(&r, r.p, "unexpected %s after the end of the report", describe_char(&r, cb, sizeof cb));
		}
	}
	if (r.failed) {
		jval_free(&root);
		return -1;
	}
	struct jm m = {.err = err, .errlen = errlen};
	struct report *rep = report_new();
	jm_report(&m, &root, rep);
	jval_free(&root);
	if (m.failed) {
		report_free(rep);
		return -1;
	}
	*out = rep;
	return 0;
}

int report_read_json_file(const char *path, struct report **out, char *err, size_t errlen)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		set_err(err, errlen, "%s: is a directory", path);
		return -1;
	}
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			close(fd);
			set_err(err, errlen, "%s: out of memory", path);
			return -1;
		}
		if (len == cap) {
			char *b = realloc(buf, cap * 2);
			if (!b) {
				free(buf);
				buf = NULL;
				continue;
			}
			buf = b;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(buf);
			close(fd);
			set_err(err, errlen, "%s: %s", path, strerror(e));
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	char e2[300];
	int rc = report_read_json(buf, len, out, e2, sizeof e2);
	free(buf);
	if (rc < 0)
		set_err(err, errlen, "%s:%s%s", path, e2[0] >= '0' && e2[0] <= '9' ? "" : " ", e2);
	return rc;
}
