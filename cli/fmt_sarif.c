/* fmt_sarif.c - SARIF 2.1.0 output, as GitHub code scanning accepts it.
 *
 * One run; tool.driver lists one rule per finding kind (ruleIndex = enum report_kind). Each finding
 * is a result whose location is the first frame with a source file of its main stack; the stacks go
 * into one codeFlow with a threadFlow per thread (frames outermost first, nestingLevel = call depth),
 * so GitHub shows them as steps. Source paths under the current directory (where CI runs, the
 * repository root) are made relative to %SRCROOT%; other absolute paths become file:// URIs.
 * partialFingerprints hold a hash of the kind and the function names of the stacks, without line
 * numbers, so an alert survives edits elsewhere in the file.
 */
#include "fmt_sarif.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt_common.h"
#include "jsonw.h"
#include "report_text.h"

#ifndef WEFT_VERSION
#define WEFT_VERSION "unknown"
#endif

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static const struct {
	const char *name;         /* PascalCase name */
	const char *short_desc;
	const char *full_desc;
	const char *level;        /* SARIF level: deadlocks and races are errors, the rest warnings */
} rule_info[REPORT_KIND_COUNT] = {
	[REPORT_DATA_RACE] = {"DataRace", "Data race",
			      "Two threads access the same memory without synchronisation and at least one access is a write.",
			      "error"},
	[REPORT_LOCK_ORDER_INVERSION] = {"LockOrderInversion", "Lock-order inversion (potential deadlock)",
					 "Locks are taken in an order that forms a cycle; two threads running these paths at the same time can deadlock.",
					 "warning"},
	[REPORT_DEADLOCK] = {"Deadlock", "Deadlock",
			     "Threads wait for each other in a cycle, or every thread is blocked with nobody left to wake them.",
			     "error"},
	[REPORT_API_MISUSE] = {"PthreadApiMisuse", "pthread API misuse",
			       "A pthread function was used against its contract (unlock by a non-owner, destroy of a locked mutex, ...).",
			       "warning"},
};

/* ---- URIs ---- */

static void uri_encode(const char *s, char *out, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && k + 4 < len; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~/", c)) {
			out[k++] = (char)c;
		} else {
			out[k++] = '%';
			out[k++] = hex[c >> 4];
			out[k++] = hex[c & 15];
		}
	}
	out[k] = 0;
}

struct sarif_ctx {
	struct jsonw w;
	char root[PATH_MAX]; /* current directory, without trailing slash */
};

/* Writes "artifactLocation": {"uri", "uriBaseId"?} for a source path. */
static void artifact(struct sarif_ctx *c, const char *file)
{
	char enc[PATH_MAX * 3];
	bool base = false;
	size_t rl = strlen(c->root);
	if (file[0] == '/') {
		if (rl > 1 && strncmp(file, c->root, rl) == 0 && file[rl] == '/') {
			uri_encode(file + rl + 1, enc, sizeof enc);
			base = true;
		} else {
			memcpy(enc, "file://", 7);
			uri_encode(file, enc + 7, sizeof enc - 7);
		}
	} else {
		const char *f = file;
		while (strncmp(f, "./", 2) == 0)
			f += 2;
		uri_encode(f, enc, sizeof enc);
		base = true;
	}
	jsonw_key(&c->w, "artifactLocation");
	jsonw_open(&c->w, '{');
	jsonw_key(&c->w, "uri");
	jsonw_str(&c->w, enc);
	if (base) {
		jsonw_key(&c->w, "uriBaseId");
		jsonw_str(&c->w, "%SRCROOT%");
	}
	jsonw_close(&c->w, '}');
}

/* A "location" object for a frame; `message` may be NULL. */
static void location(struct sarif_ctx *c, const struct report_frame *f, const char *fallback_uri, const char *message)
{
	jsonw_open(&c->w, '{');
	if (f && f->file) {
		jsonw_key(&c->w, "physicalLocation");
		jsonw_open(&c->w, '{');
		artifact(c, f->file);
		jsonw_key(&c->w, "region");
		jsonw_open(&c->w, '{');
		jsonw_key(&c->w, "startLine");
		jsonw_int(&c->w, f->line > 0 ? f->line : 1);
		if (f->column > 0) {
			jsonw_key(&c->w, "startColumn");
			jsonw_int(&c->w, f->column);
		}
		jsonw_close(&c->w, '}');
		jsonw_close(&c->w, '}');
	} else if (fallback_uri) {
		jsonw_key(&c->w, "physicalLocation");
		jsonw_open(&c->w, '{');
		artifact(c, fallback_uri);
		jsonw_key(&c->w, "region");
		jsonw_open(&c->w, '{');
		jsonw_key(&c->w, "startLine");
		jsonw_int(&c->w, 1);
		jsonw_close(&c->w, '}');
		jsonw_close(&c->w, '}');
	}
	if (f && f->function) {
		jsonw_key(&c->w, "logicalLocations");
		jsonw_open(&c->w, '[');
		jsonw_open(&c->w, '{');
		jsonw_key(&c->w, "name");
		jsonw_str(&c->w, f->function);
		jsonw_key(&c->w, "kind");
		jsonw_str(&c->w, "function");
		jsonw_close(&c->w, '}');
		jsonw_close(&c->w, ']');
	}
	if (message)
		jsonw_text_obj(&c->w, "message", message);
	jsonw_close(&c->w, '}');
}

/* ---- fingerprints ---- */

static uint64_t fnv(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	h ^= 0xff; /* separator, so "ab"+"c" differs from "a"+"bc" */
	h *= 0x100000001b3ull;
	return h;
}

static void fingerprint(const struct report_finding *f, char *out, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = fnv(h, report_kind_name(f->kind));
	h = fnv(h, f->misuse);
	for (size_t i = 0; i < f->nstacks; i++) {
		const struct report_stack *s = &f->stacks[i];
		h = fnv(h, s->role);
		for (size_t j = 0; j < s->nframes; j++)
			if (s->frames[j].file)
				h = fnv(h, s->frames[j].function);
	}
	snprintf(out, len, "%016llx", (unsigned long long)h);
}

/* ---- results ---- */

static void stack_message(const struct report_stack *s, char *buf, size_t len)
{
	char t[24];
	if (s->thread >= 0)
		snprintf(buf, len, "%s: %s", report_text_thread_label(s->thread, t, sizeof t), s->role ? s->role : "stack");
	else
		snprintf(buf, len, "%s", s->role ? s->role : "stack");
}

static void code_flows(struct sarif_ctx *c, const struct report *r, const struct report_finding *f)
{
	if (!f->nstacks)
		return;
	jsonw_key(&c->w, "codeFlows");
	jsonw_open(&c->w, '[');
	jsonw_open(&c->w, '{');
	jsonw_key(&c->w, "threadFlows");
	jsonw_open(&c->w, '[');
	/* one threadFlow per distinct thread, in order of first appearance; -1 collects the rest */
	bool *done = calloc(f->nstacks, sizeof *done);
	for (size_t i = 0; done && i < f->nstacks; i++) {
		if (done[i])
			continue;
		int th = f->stacks[i].thread;
		char t[24], msg[64];
		jsonw_open(&c->w, '{');
		if (th >= 0) {
			report_text_thread_label(th, t, sizeof t);
			jsonw_key(&c->w, "id");
			jsonw_str(&c->w, t);
			snprintf(msg, sizeof msg, "thread %s", t);
			jsonw_text_obj(&c->w, "message", msg);
		}
		jsonw_key(&c->w, "locations");
		jsonw_open(&c->w, '[');
		for (size_t j = i; j < f->nstacks; j++) {
			const struct report_stack *s = &f->stacks[j];
			if (done[j] || s->thread != th)
				continue;
			done[j] = true;
			char sm[160];
			stack_message(s, sm, sizeof sm);
			if (!s->nframes) {
				jsonw_open(&c->w, '{');
				jsonw_key(&c->w, "location");
				location(c, NULL, NULL, sm);
				jsonw_close(&c->w, '}');
				continue;
			}
			/* outermost first, as a sequence of calls; the innermost frame carries the role */
			for (size_t k = s->nframes; k-- > 0;) {
				const struct report_frame *fr = &s->frames[k];
				jsonw_open(&c->w, '{');
				jsonw_key(&c->w, "location");
				location(c, fr, NULL, k == 0 ? sm : (fr->function ? fr->function : "??"));
				jsonw_key(&c->w, "nestingLevel");
				jsonw_int(&c->w, (int64_t)(s->nframes - 1 - k));
				if (k == 0) {
					jsonw_key(&c->w, "kinds");
					jsonw_open(&c->w, '[');
					jsonw_str(&c->w, s->role && (strcmp(s->role, "blocked") == 0) ? "wait" : "call");
					jsonw_close(&c->w, ']');
				}
				jsonw_close(&c->w, '}');
			}
		}
		jsonw_close(&c->w, ']');
		jsonw_close(&c->w, '}');
	}
	free(done);
	jsonw_close(&c->w, ']');
	jsonw_close(&c->w, '}');
	jsonw_close(&c->w, ']');
	(void)r;
}

static void result(struct sarif_ctx *c, const struct report *r, size_t idx, bool several)
{
	const struct report_finding *f = &r->findings[idx];
	int k = (unsigned)f->kind < REPORT_KIND_COUNT ? (int)f->kind : 0;
	jsonw_open(&c->w, '{');
	jsonw_key(&c->w, "ruleId");
	jsonw_str(&c->w, report_kind_name((enum report_kind)k));
	jsonw_key(&c->w, "ruleIndex");
	jsonw_int(&c->w, k);
	jsonw_key(&c->w, "level");
	jsonw_str(&c->w, rule_info[k].level);

	char msg[2048];
	const char *sum = f->summary ? f->summary : report_kind_title(f->kind);
	if (several && r->pid > 0)
		snprintf(msg, sizeof msg, "%s (process %ld)", sum, r->pid);
	else
		snprintf(msg, sizeof msg, "%s", sum);
	jsonw_text_obj(&c->w, "message", msg);

	/* GitHub requires a location: the main stack's source frame, else the program itself */
	const struct report_stack *ps = fmt_primary_stack(f);
	jsonw_key(&c->w, "locations");
	jsonw_open(&c->w, '[');
	location(c, fmt_source_frame(ps), r->program ? r->program : "unknown", NULL);
	jsonw_close(&c->w, ']');

	char fp[32];
	fingerprint(f, fp, sizeof fp);
	jsonw_key(&c->w, "partialFingerprints");
	jsonw_open(&c->w, '{');
	jsonw_key(&c->w, "weftFindingHash/v1");
	jsonw_str(&c->w, fp);
	jsonw_close(&c->w, '}');

	code_flows(c, r, f);

	jsonw_key(&c->w, "properties");
	jsonw_open(&c->w, '{');
	jsonw_key(&c->w, "count");
	jsonw_int(&c->w, f->count);
	if (f->misuse) {
		jsonw_key(&c->w, "misuse");
		jsonw_str(&c->w, f->misuse);
	}
	if (r->pid > 0) {
		jsonw_key(&c->w, "pid");
		jsonw_int(&c->w, r->pid);
	}
	jsonw_close(&c->w, '}');
	jsonw_close(&c->w, '}');
}

static void rules(struct sarif_ctx *c)
{
	jsonw_key(&c->w, "rules");
	jsonw_open(&c->w, '[');
	for (int k = 0; k < REPORT_KIND_COUNT; k++) {
		jsonw_open(&c->w, '{');
		jsonw_key(&c->w, "id");
		jsonw_str(&c->w, report_kind_name((enum report_kind)k));
		jsonw_key(&c->w, "name");
		jsonw_str(&c->w, rule_info[k].name);
		jsonw_text_obj(&c->w, "shortDescription", rule_info[k].short_desc);
		jsonw_text_obj(&c->w, "fullDescription", rule_info[k].full_desc);
		jsonw_key(&c->w, "help");
		jsonw_open(&c->w, '{');
		jsonw_key(&c->w, "text");
		jsonw_str(&c->w, rule_info[k].full_desc);
		jsonw_close(&c->w, '}');
		jsonw_key(&c->w, "defaultConfiguration");
		jsonw_open(&c->w, '{');
		jsonw_key(&c->w, "level");
		jsonw_str(&c->w, rule_info[k].level);
		jsonw_close(&c->w, '}');
		jsonw_key(&c->w, "properties");
		jsonw_open(&c->w, '{');
		jsonw_key(&c->w, "tags");
		jsonw_open(&c->w, '[');
		jsonw_str(&c->w, "concurrency");
		jsonw_str(&c->w, "reliability");
		jsonw_close(&c->w, ']');
		jsonw_key(&c->w, "precision");
		jsonw_str(&c->w, k == REPORT_LOCK_ORDER_INVERSION ? "high" : "very-high");
		jsonw_key(&c->w, "problem.severity");
		jsonw_str(&c->w, rule_info[k].level);
		jsonw_close(&c->w, '}');
		jsonw_close(&c->w, '}');
	}
	jsonw_close(&c->w, ']');
}

int fmt_sarif_write(struct report *const *reports, size_t n, FILE *out)
{
	struct sarif_ctx *c = calloc(1, sizeof *c);
	if (!c)
		return -1;
	jsonw_init(&c->w, out);
	if (!getcwd(c->root, sizeof c->root))
		snprintf(c->root, sizeof c->root, "/");
	struct jsonw *w = &c->w;

	jsonw_open(w, '{');
	jsonw_key(w, "$schema");
	jsonw_str(w, SARIF_SCHEMA);
	jsonw_key(w, "version");
	jsonw_str(w, "2.1.0");
	jsonw_key(w, "runs");
	jsonw_open(w, '[');
	jsonw_open(w, '{');
	jsonw_key(w, "tool");
	jsonw_open(w, '{');
	jsonw_key(w, "driver");
	jsonw_open(w, '{');
	jsonw_key(w, "name");
	jsonw_str(w, "weft");
	jsonw_key(w, "version");
	jsonw_str(w, WEFT_VERSION);
	jsonw_key(w, "semanticVersion");
	jsonw_str(w, WEFT_VERSION);
	rules(c);
	jsonw_close(w, '}');
	jsonw_close(w, '}');

	/* %SRCROOT% is the directory the report was formatted in */
	char rootenc[PATH_MAX * 3], rooturi[PATH_MAX * 3 + 16];
	uri_encode(c->root, rootenc, sizeof rootenc);
	snprintf(rooturi, sizeof rooturi, "file://%s%s", rootenc, strcmp(c->root, "/") ? "/" : "");
	jsonw_key(w, "originalUriBaseIds");
	jsonw_open(w, '{');
	jsonw_key(w, "%SRCROOT%");
	jsonw_open(w, '{');
	jsonw_key(w, "uri");
	jsonw_str(w, rooturi);
	jsonw_close(w, '}');
	jsonw_close(w, '}');

	jsonw_key(w, "invocations");
	jsonw_open(w, '[');
	jsonw_open(w, '{');
	jsonw_key(w, "executionSuccessful");
	jsonw_bool(w, true);
	if (n && reports[0]->ended && reports[0]->exit_status >= 0) {
		jsonw_key(w, "exitCode");
		jsonw_int(w, reports[0]->exit_status);
	}
	if (n && reports[0]->argc) {
		jsonw_key(w, "arguments");
		jsonw_open(w, '[');
		for (size_t i = 0; i < reports[0]->argc; i++)
			jsonw_str(w, reports[0]->argv[i]);
		jsonw_close(w, ']');
	}
	jsonw_close(w, '}');
	jsonw_close(w, ']');

	jsonw_key(w, "results");
	jsonw_open(w, '[');
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < reports[i]->nfindings; j++)
			result(c, reports[i], j, n > 1);
	jsonw_close(w, ']');

	jsonw_key(w, "columnKind");
	jsonw_str(w, "unicodeCodePoints");
	jsonw_close(w, '}');
	jsonw_close(w, ']');
	jsonw_close(w, '}');
	int rc = ferror(out) ? -1 : 0;
	free(c);
	return rc;
}
