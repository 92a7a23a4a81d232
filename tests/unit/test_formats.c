/* test_formats.c - the output formats of cli/: SARIF (checked against the required properties and
 * types of the SARIF 2.1.0 schema that weft's output uses, and GitHub code scanning's own demands),
 * JUnit XML (well-formed, one testcase per kind, failures), DOT (through `dot -Tsvg` when Graphviz
 * is installed), and `weft report` on good, corrupt, truncated and wrong-version files.
 *
 * The JSON checks parse the output with a small parser of their own (not weft's reader, which only
 * maps weft reports), so the SARIF is checked by code that shares nothing with the code writing it.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "fmt_dot.h"
#include "fmt_junit.h"
#include "fmt_sarif.h"
#include "output.h"
#include "report.h"
#include "report_fixture.h"

/* ---- a minimal JSON DOM for checking ---- */

enum jt { JT_NULL, JT_BOOL, JT_NUM, JT_STR, JT_ARR, JT_OBJ };

struct jn {
	enum jt t;
	double num;
	bool b;
	char *s;
	size_t n;
	struct jn **v;
	char **k;
};

struct jp {
	const char *p;
	bool bad;
};

static void jp_ws(struct jp *p)
{
	while (*p->p == ' ' || *p->p == '\n' || *p->p == '\t' || *p->p == '\r')
		p->p++;
}

static char *jp_str(struct jp *p)
{
	if (*p->p != '"') {
		p->bad = true;
		return NULL;
	}
	p->p++;
	size_t cap = 64, n = 0;
	char *o = malloc(cap);
	while (*p->p && *p->p != '"') {
		if (n + 8 > cap)
			o = realloc(o, cap *= 2);
		if ((unsigned char)*p->p < 0x20)
			p->bad = true;
		if (*p->p == '\\') {
			p->p++;
			char c = *p->p;
			if (c == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p->p[i]) || !p->p[i])
						p->bad = true;
				p->p += 4;
				o[n++] = '?';
			} else if (strchr("\"\\/bfnrt", c) && c) {
				o[n++] = c == 'n' ? '\n' : c == 't' ? '\t' : c;
			} else {
				p->bad = true;
			}
			if (*p->p)
				p->p++;
			continue;
		}
		o[n++] = *p->p++;
	}
	if (*p->p != '"')
		p->bad = true;
	else
		p->p++;
	o[n] = 0;
	return o;
}

static struct jn *jp_val(struct jp *p, int depth)
{
	struct jn *v = calloc(1, sizeof *v);
	jp_ws(p);
	if (depth > 100) {
		p->bad = true;
		return v;
	}
	char c = *p->p;
	if (c == '{' || c == '[') {
		v->t = c == '{' ? JT_OBJ : JT_ARR;
		p->p++;
		jp_ws(p);
		if (*p->p == (c == '{' ? '}' : ']')) {
			p->p++;
			return v;
		}
		for (;;) {
			v->v = realloc(v->v, (v->n + 1) * sizeof *v->v);
			v->k = realloc(v->k, (v->n + 1) * sizeof *v->k);
			v->k[v->n] = NULL;
			if (c == '{') {
				jp_ws(p);
				v->k[v->n] = jp_str(p);
				jp_ws(p);
				if (*p->p != ':')
					p->bad = true;
				else
					p->p++;
			}
			v->v[v->n] = jp_val(p, depth + 1);
			v->n++;
			jp_ws(p);
			if (*p->p == ',') {
				p->p++;
				continue;
			}
			if (*p->p == (c == '{' ? '}' : ']')) {
				p->p++;
				break;
			}
			p->bad = true;
			break;
		}
		return v;
	}
	if (c == '"') {
		v->t = JT_STR;
		v->s = jp_str(p);
		return v;
	}
	if (strncmp(p->p, "true", 4) == 0 || strncmp(p->p, "false", 5) == 0) {
		v->t = JT_BOOL;
		v->b = c == 't';
		p->p += v->b ? 4 : 5;
		return v;
	}
	if (strncmp(p->p, "null", 4) == 0) {
		p->p += 4;
		return v;
	}
	char *end;
	v->num = strtod(p->p, &end);
	if (end == p->p)
		p->bad = true;
	v->t = JT_NUM;
	p->p = end;
	return v;
}

static void jn_free(struct jn *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		jn_free(v->v[i]);
		free(v->k[i]);
	}
	free(v->v);
	free(v->k);
	free(v->s);
	free(v);
}

static struct jn *get(const struct jn *o, const char *key)
{
	if (!o || o->t != JT_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (o->k[i] && strcmp(o->k[i], key) == 0)
			return o->v[i];
	return NULL;
}

/* ---- SARIF schema checks ---- */

static int sarif_errors;
static char sarif_first_error[300];

static void serr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void serr(const char *fmt, ...)
{
	if (!sarif_errors++) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(sarif_first_error, sizeof sarif_first_error, fmt, ap);
		va_end(ap);
	}
}

/* Requires key in o with type t (JT_NUM also checks integer-ness when integer is set). */
static const struct jn *req(const struct jn *o, const char *key, enum jt t, const char *where)
{
	const struct jn *v = get(o, key);
	if (!v) {
		serr("%s: missing required \"%s\"", where, key);
		return NULL;
	}
	if (v->t != t) {
		serr("%s.%s: wrong type", where, key);
		return NULL;
	}
	return v;
}

static const struct jn *opt(const struct jn *o, const char *key, enum jt t, const char *where)
{
	const struct jn *v = get(o, key);
	if (v && v->t != t) {
		serr("%s.%s: wrong type", where, key);
		return NULL;
	}
	return v;
}

static void check_int_min(const struct jn *o, const char *key, int min, const char *where)
{
	const struct jn *v = opt(o, key, JT_NUM, where);
	if (v && (v->num != (double)(long)v->num || v->num < min))
		serr("%s.%s: must be an integer >= %d", where, key, min);
}

static void check_message(const struct jn *m, const char *where)
{
	/* message: anyOf required text / required id */
	if (!m || m->t != JT_OBJ)
		serr("%s: message is not an object", where);
	else if (!opt(m, "text", JT_STR, where) && !opt(m, "id", JT_STR, where))
		serr("%s: message has neither text nor id", where);
}

static void check_level(const struct jn *o, const char *where)
{
	const struct jn *l = opt(o, "level", JT_STR, where);
	if (l && strcmp(l->s, "none") && strcmp(l->s, "note") && strcmp(l->s, "warning") && strcmp(l->s, "error"))
		serr("%s.level: \"%s\" not in none|note|warning|error", where, l->s);
}

static void check_uri(const char *uri, const char *where)
{
	/* uri-reference: no spaces or raw non-ASCII; GitHub wants relative paths without "./" */
	for (const unsigned char *p = (const unsigned char *)uri; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '\\')
			serr("%s: uri \"%s\" has a character that must be percent-encoded", where, uri);
	if (strncmp(uri, "./", 2) == 0)
		serr("%s: uri \"%s\" starts with ./", where, uri);
}

static void check_location(const struct jn *loc, const char *where)
{
	if (!loc || loc->t != JT_OBJ) {
		serr("%s: location is not an object", where);
		return;
	}
	const struct jn *pl = opt(loc, "physicalLocation", JT_OBJ, where);
	if (pl) {
		const struct jn *al = opt(pl, "artifactLocation", JT_OBJ, where);
		if (!al && !get(pl, "address"))
			serr("%s.physicalLocation: needs artifactLocation or address", where);
		if (al) {
			const struct jn *u = opt(al, "uri", JT_STR, where);
			if (u)
				check_uri(u->s, where);
			opt(al, "uriBaseId", JT_STR, where);
		}
		const struct jn *rg = opt(pl, "region", JT_OBJ, where);
		if (rg) {
			check_int_min(rg, "startLine", 1, where);
			check_int_min(rg, "startColumn", 1, where);
		}
	}
	const struct jn *ll = opt(loc, "logicalLocations", JT_ARR, where);
	for (size_t i = 0; ll && i < ll->n; i++) {
		if (ll->v[i]->t != JT_OBJ)
			serr("%s.logicalLocations[%zu]: not an object", where, i);
		opt(ll->v[i], "name", JT_STR, where);
		opt(ll->v[i], "kind", JT_STR, where);
	}
	const struct jn *m = get(loc, "message");
	if (m)
		check_message(m, where);
}

static void check_sarif(const struct jn *log, size_t want_results)
{
	sarif_errors = 0;
	if (!log || log->t != JT_OBJ) {
		serr("top level is not an object");
		return;
	}
	const struct jn *v = req(log, "version", JT_STR, "sarifLog");
	if (v && strcmp(v->s, "2.1.0"))
		serr("version is \"%s\", not 2.1.0", v->s);
	const struct jn *schema = opt(log, "$schema", JT_STR, "sarifLog");
	if (schema && !strstr(schema->s, "sarif"))
		serr("$schema does not name SARIF");
	const struct jn *runs = req(log, "runs", JT_ARR, "sarifLog");
	if (!runs || runs->n != 1) {
		serr("want exactly one run");
		return;
	}
	const struct jn *run = runs->v[0];
	const struct jn *tool = req(run, "tool", JT_OBJ, "run");
	const struct jn *driver = req(tool, "driver", JT_OBJ, "tool");
	const struct jn *name = req(driver, "name", JT_STR, "driver");
	if (name && strcmp(name->s, "weft"))
		serr("driver.name is not weft");
	opt(driver, "version", JT_STR, "driver");
	const struct jn *rules = req(driver, "rules", JT_ARR, "driver");
	size_t nrules = rules ? rules->n : 0;
	for (size_t i = 0; i < nrules; i++) {
		const struct jn *r = rules->v[i];
		char w[64];
		snprintf(w, sizeof w, "rules[%zu]", i);
		req(r, "id", JT_STR, w);
		const struct jn *sd = opt(r, "shortDescription", JT_OBJ, w);
		if (sd)
			req(sd, "text", JT_STR, w);
		const struct jn *fd = opt(r, "fullDescription", JT_OBJ, w);
		if (fd)
			req(fd, "text", JT_STR, w);
		const struct jn *dc = opt(r, "defaultConfiguration", JT_OBJ, w);
		if (dc)
			check_level(dc, w);
		const struct jn *pr = opt(r, "properties", JT_OBJ, w);
		const struct jn *tags = pr ? opt(pr, "tags", JT_ARR, w) : NULL;
		for (size_t t = 0; tags && t < tags->n; t++)
			if (tags->v[t]->t != JT_STR)
				serr("%s.properties.tags: not strings", w);
	}
	if (nrules != REPORT_KIND_COUNT)
		serr("want one rule per finding kind, have %zu", nrules);
	const struct jn *ob = opt(run, "originalUriBaseIds", JT_OBJ, "run");
	for (size_t i = 0; ob && i < ob->n; i++) {
		const struct jn *u = opt(ob->v[i], "uri", JT_STR, "originalUriBaseIds");
		if (u && (strncmp(u->s, "file:///", 8) || u->s[strlen(u->s) - 1] != '/'))
			serr("originalUriBaseIds uri \"%s\" is not an absolute file URI ending in /", u->s);
	}
	const struct jn *inv = opt(run, "invocations", JT_ARR, "run");
	for (size_t i = 0; inv && i < inv->n; i++) {
		req(inv->v[i], "executionSuccessful", JT_BOOL, "invocation");
		check_int_min(inv->v[i], "exitCode", -2147483647, "invocation");
	}
	const struct jn *ck = opt(run, "columnKind", JT_STR, "run");
	if (ck && strcmp(ck->s, "utf16CodeUnits") && strcmp(ck->s, "unicodeCodePoints"))
		serr("columnKind \"%s\" not allowed", ck->s);
	const struct jn *results = req(run, "results", JT_ARR, "run");
	if (!results)
		return;
	if (results->n != want_results)
		serr("have %zu results, want %zu", results->n, want_results);
	for (size_t i = 0; i < results->n; i++) {
		const struct jn *r = results->v[i];
		char w[64];
		snprintf(w, sizeof w, "results[%zu]", i);
		check_message(req(r, "message", JT_OBJ, w), w);
		check_level(r, w);
		const struct jn *rid = opt(r, "ruleId", JT_STR, w);
		const struct jn *rix = opt(r, "ruleIndex", JT_NUM, w);
		check_int_min(r, "ruleIndex", -1, w);
		/* GitHub: ruleId must name a rule, and ruleIndex point at it */
		if (rid && rix && rix->num >= 0 && (size_t)rix->num < nrules) {
			const struct jn *id = get(rules->v[(size_t)rix->num], "id");
			if (!id || id->t != JT_STR || strcmp(id->s, rid->s))
				serr("%s: ruleIndex does not point at ruleId %s", w, rid->s);
		} else {
			serr("%s: needs ruleId and a valid ruleIndex", w);
		}
		/* GitHub: at least one location, with a physical location */
		const struct jn *locs = req(r, "locations", JT_ARR, w);
		if (!locs || locs->n < 1 || !get(locs->v[0], "physicalLocation"))
			serr("%s: no physical location", w);
		for (size_t k = 0; locs && k < locs->n; k++)
			check_location(locs->v[k], w);
		const struct jn *pf = opt(r, "partialFingerprints", JT_OBJ, w);
		for (size_t k = 0; pf && k < pf->n; k++)
			if (pf->v[k]->t != JT_STR)
				serr("%s.partialFingerprints: values must be strings", w);
		const struct jn *cfs = opt(r, "codeFlows", JT_ARR, w);
		for (size_t c = 0; cfs && c < cfs->n; c++) {
			const struct jn *tfs = req(cfs->v[c], "threadFlows", JT_ARR, w);
			if (tfs && tfs->n < 1)
				serr("%s: threadFlows must not be empty", w);
			for (size_t t = 0; tfs && t < tfs->n; t++) {
				opt(tfs->v[t], "id", JT_STR, w);
				const struct jn *tl = req(tfs->v[t], "locations", JT_ARR, w);
				if (tl && tl->n < 1)
					serr("%s: threadFlow locations must not be empty", w);
				for (size_t l = 0; tl && l < tl->n; l++) {
					check_int_min(tl->v[l], "nestingLevel", 0, w);
					const struct jn *loc = get(tl->v[l], "location");
					if (loc)
						check_location(loc, w);
					const struct jn *kinds = opt(tl->v[l], "kinds", JT_ARR, w);
					for (size_t q = 0; kinds && q < kinds->n; q++)
						if (kinds->v[q]->t != JT_STR)
							serr("%s: kinds must be strings", w);
				}
			}
		}
		opt(r, "properties", JT_OBJ, w);
	}
}

static char *capture(int (*fn)(struct report *const *, size_t, FILE *), struct report *const *reps, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = fn(reps, n, f);
	fclose(f);
	if (rc) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void test_sarif(void)
{
	struct report *r = fixture_report();
	char *s = capture(fmt_sarif_write, &r, 1);
	struct jp p = {.p = s ? s : ""};
	struct jn *log = jp_val(&p, 0);
	jp_ws(&p);
	CHECK("sarif_is_json", s && !p.bad && *p.p == 0, "output is not valid JSON");
	check_sarif(log, 4);
	CHECK("sarif_schema", sarif_errors == 0, "%d problems; first: %s", sarif_errors, sarif_first_error);

	/* specific content */
	const struct jn *res = get(get(log, "runs")->v[0], "results");
	const struct jn *r0 = res && res->n ? res->v[0] : NULL;
	const struct jn *pl = r0 ? get(get(r0, "locations")->v[0], "physicalLocation") : NULL;
	const struct jn *uri = get(get(pl, "artifactLocation"), "uri");
	const struct jn *line = get(get(pl, "region"), "startLine");
	CHECK("sarif_location", uri && uri->t == JT_STR && strcmp(uri->s, "samples/abba.c") == 0 && line && line->num == 11,
	      "first result located at %s:%g", uri && uri->s ? uri->s : "?", line ? line->num : -1);
	const struct jn *rid = get(r0, "ruleId");
	CHECK("sarif_rule", rid && strcmp(rid->s, "lock-order-inversion") == 0, "ruleId wrong");
	const struct jn *tfs = get(get(r0, "codeFlows")->v[0], "threadFlows");
	CHECK("sarif_threadflows", tfs && tfs->n == 2, "want one threadFlow per thread (2)");
	jn_free(log);
	free(s);

	/* fingerprints do not depend on line numbers */
	struct report *r2 = fixture_report();
	r2->findings[0].stacks[0].frames[1].line += 10;
	char *s1 = capture(fmt_sarif_write, &r, 1), *s2 = capture(fmt_sarif_write, &r2, 1);
	const char *f1 = s1 ? strstr(s1, "weftFindingHash/v1") : NULL, *f2 = s2 ? strstr(s2, "weftFindingHash/v1") : NULL;
	CHECK("sarif_fingerprint_stable", f1 && f2 && strncmp(f1, f2, 44) == 0, "fingerprint changed with a line number");
	free(s1);
	free(s2);
	report_free(r2);

	/* an empty report, and two processes */
	struct report *e = report_new();
	s = capture(fmt_sarif_write, &e, 1);
	p = (struct jp){.p = s ? s : ""};
	log = jp_val(&p, 0);
	check_sarif(log, 0);
	CHECK("sarif_empty", !p.bad && sarif_errors == 0, "%s", sarif_first_error);
	jn_free(log);
	free(s);
	struct report *two[2] = {r, e};
	e->pid = 99;
	report_add_finding(e, REPORT_DEADLOCK); /* no stacks at all: still a located result */
	s = capture(fmt_sarif_write, two, 2);
	p = (struct jp){.p = s ? s : ""};
	log = jp_val(&p, 0);
	check_sarif(log, 5);
	CHECK("sarif_two_processes", !p.bad && sarif_errors == 0, "%s", sarif_first_error);
	jn_free(log);
	free(s);
	report_free(e);
	report_free(r);
}

/* ---- XML well-formedness (the subset JUnit output uses) ---- */

static const char *xml_check(const char *s)
{
	static char why[200];
	const char *stack[64];
	size_t depth = 0, roots = 0;
	const char *p = s;
	if (strncmp(p, "<?xml ", 6) == 0) {
		p = strstr(p, "?>");
		if (!p)
			return "unterminated XML declaration";
		p += 2;
	}
	while (*p) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
			return "forbidden control character";
		if (c == '&') {
			const char *e = strchr(p, ';');
			if (!e || e - p > 8)
				return "bad entity";
			if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) && strncmp(p, "&gt;", 4) && strncmp(p, "&quot;", 6) &&
			    strncmp(p, "&apos;", 6) && strncmp(p, "&#", 2))
				return "unknown entity";
			p = e + 1;
			continue;
		}
		if (c == '>' && depth == 0)
			return "stray >";
		if (c != '<') {
			if (depth == 0 && c != ' ' && c != '\n')
				return "text outside the root element";
			p++;
			continue;
		}
		bool close = p[1] == '/';
		const char *n = p + 1 + close, *ne = n;
		while (*ne && (isalnum((unsigned char)*ne) || *ne == '_' || *ne == '-' || *ne == '.'))
			ne++;
		if (ne == n)
			return "bad tag name";
		/* attributes */
		const char *q = ne;
		for (;;) {
			while (*q == ' ' || *q == '\n')
				q++;
			if (*q == '>' || (*q == '/' && q[1] == '>'))
				break;
			if (close)
				return "attributes on a closing tag";
			const char *an = q;
			while (isalnum((unsigned char)*q) || *q == '_' || *q == '-')
				q++;
			if (q == an || *q != '=' || q[1] != '"')
				return "bad attribute";
			q += 2;
			while (*q && *q != '"') {
				if (*q == '<')
					return "< in an attribute";
				q++;
			}
			if (!*q)
				return "unterminated attribute";
			q++;
		}
		bool empty = *q == '/';
		if (close) {
			if (!depth || strncmp(stack[depth - 1], n, (size_t)(ne - n)) ||
			    isalnum((unsigned char)stack[depth - 1][ne - n]))
				return "mismatched closing tag";
			depth--;
		} else if (!empty) {
			if (depth == 0)
				roots++;
			if (depth == 64)
				return "too deep";
			stack[depth++] = n;
		} else if (depth == 0) {
			roots++;
		}
		p = q + (empty ? 2 : 1);
	}
	if (depth) {
		snprintf(why, sizeof why, "%zu unclosed elements", depth);
		return why;
	}
	return roots == 1 ? NULL : "not exactly one root element";
}

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_junit(void)
{
	struct report *r = fixture_report();
	/* markup and forbidden characters in the text must not break the XML */
	free(r->findings[2].summary);
	r->findings[2].summary = report_strdup("a <b> & \"c\" ]]> \x01\x1b[31m bad\xff utf8");
	char *s = capture(fmt_junit_write, &r, 1);
	const char *why = s ? xml_check(s) : "no output";
	CHECK("junit_well_formed", !why, "%s", why);
	CHECK("junit_structure", s && count(s, "<testsuite ") == 1 && strstr(s, "<testsuite name=\"weft\"") &&
					 count(s, "<testcase ") == REPORT_KIND_COUNT && count(s, "<failure ") == 4 &&
					 strstr(s, "failures=\"4\"") && strstr(s, "name=\"deadlock\""),
	      "structure not as expected");
	CHECK("junit_escaped", s && strstr(s, "a &lt;b&gt; &amp; \"c\" ]]&gt;"), "markup not escaped");
	free(s);

	/* python's XML parser, when there is one, as a second opinion */
	if (system("command -v python3 >/dev/null 2>&1") == 0) {
		char path[] = "/tmp/weft-junit-XXXXXX";
		int fd = mkstemp(path);
		FILE *f = fdopen(fd, "w");
		fmt_junit_write(&r, 1, f);
		fclose(f);
		char cmd[200];
		snprintf(cmd, sizeof cmd, "python3 -c 'import sys,xml.dom.minidom as m; m.parse(sys.argv[1])' %s", path);
		int rc = system(cmd);
		CHECK("junit_python_parses", rc == 0, "python3 xml.dom.minidom rejected it");
		unlink(path);
	}

	struct report *e = report_new();
	s = capture(fmt_junit_write, &e, 1);
	why = s ? xml_check(s) : "no output";
	CHECK("junit_no_findings", !why && count(s, "<failure") == 0 && strstr(s, "failures=\"0\""), "%s", why ? why : "failures");
	free(s);
	report_free(e);
	report_free(r);
}

static void test_dot(void)
{
	struct report *r = fixture_report();
	free(r->locks[0].name);
	r->locks[0].name = report_strdup("odd \"name\" \\ here");
	char *s = capture(fmt_dot_write, &r, 1);
	CHECK("dot_structure", s && strncmp(s, "digraph weft {", 14) == 0 && count(s, " -> ") >= 3 && strstr(s, "color=red") &&
				       strstr(s, "\"p4711_M1\" -> \"p4711_M2\""),
	      "graph not as expected:\n%s", s ? s : "");
	if (system("command -v dot >/dev/null 2>&1") == 0) {
		char path[] = "/tmp/weft-dot-XXXXXX";
		int fd = mkstemp(path);
		if (write(fd, s, strlen(s)) < 0)
			printf("FAIL dot_write\n");
		close(fd);
		char cmd[200];
		snprintf(cmd, sizeof cmd, "dot -Tsvg %s -o /dev/null 2>/tmp/weft-dot-err.txt", path);
		int rc = system(cmd);
		CHECK("dot_graphviz_accepts", rc == 0, "dot -Tsvg failed (see /tmp/weft-dot-err.txt)");
		/* two processes: clusters */
		struct report *two[2] = {r, r};
		char *s2 = capture(fmt_dot_write, two, 2);
		FILE *f = fopen(path, "w");
		fputs(s2, f);
		fclose(f);
		rc = system(cmd);
		CHECK("dot_clusters", rc == 0 && strstr(s2, "subgraph \"cluster_p4711\""), "clusters rejected");
		free(s2);
		unlink(path);
	} else {
		printf("PASS dot_graphviz_accepts (skipped: dot not installed)\n");
	}
	free(s);
	report_free(r);
}

/* ---- weft report ---- */

static int run_report(const char *a1, const char *a2, const char *a3, const char *a4)
{
	char *argv[] = {"report", (char *)a1, (char *)a2, (char *)a3, (char *)a4, NULL};
	int argc = 1;
	while (argv[argc])
		argc++;
	/* keep the test output clean: stdout and stderr of the command go to /dev/null */
	fflush(stdout);
	int so = dup(1), se = dup(2), nul = open("/dev/null", 1);
	dup2(nul, 1);
	dup2(nul, 2);
	int rc = cmd_report(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	close(nul);
	return rc;
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	fwrite(text, 1, len, f);
	fclose(f);
}

static void test_report_cmd(void)
{
	char dir[] = "/tmp/weft-test-fmt.XXXXXX";
	if (!mkdtemp(dir))
		return;
	char good[300], bad[300], out[300];
	snprintf(good, sizeof good, "%s/good.json", dir);
	snprintf(bad, sizeof bad, "%s/bad.json", dir);
	snprintf(out, sizeof out, "%s/out.sarif", dir);
	struct report *r = fixture_report();
	size_t n;
	char *j = fixture_to_json(r, &n);
	write_file(good, j, n);

	CHECK("report_text", run_report(good, NULL, NULL, NULL) == 0, "text failed");
	int ok = 1;
	for (int f = 0; f < 5; f++)
		ok &= run_report("--format", output_format_name((enum output_format)f), good, NULL) == 0;
	CHECK("report_all_formats", ok, "a format failed");
	CHECK("report_output_by_extension", run_report(good, "--output", out, NULL) == 0 && access(out, R_OK) == 0,
	      "no %s", out);
	FILE *f = fopen(out, "r");
	char head[64] = "";
	if (f) {
		size_t k = fread(head, 1, sizeof head - 1, f);
		head[k] = 0;
		fclose(f);
	}
	CHECK("report_output_sarif", strstr(head, "$schema") != NULL, "extension .sarif did not select SARIF");

	/* truncated at many points, wrong version, not JSON, missing: exit 2 and never a crash */
	int bad_rc = 0;
	for (size_t cut = 0; cut < n; cut += n / 37 + 1) {
		write_file(bad, j, cut);
		bad_rc |= run_report(bad, NULL, NULL, NULL) != WEFT_EXIT_USAGE;
	}
	CHECK("report_truncated_exit2", !bad_rc, "a truncated report did not give exit 2");
	char *v2 = strdup(j);
	memcpy(strstr(v2, "\"version\": 1"), "\"version\": 7", 12);
	write_file(bad, v2, n);
	CHECK("report_wrong_version_exit2", run_report(bad, NULL, NULL, NULL) == WEFT_EXIT_USAGE, "wrong version accepted");
	free(v2);
	write_file(bad, "\x7f" "ELF\x02\x01\x01\x00garbage", 14);
	CHECK("report_binary_exit2", run_report(bad, NULL, NULL, NULL) == WEFT_EXIT_USAGE, "binary accepted");
	CHECK("report_missing_exit2", run_report("/nonexistent/r.json", NULL, NULL, NULL) == WEFT_EXIT_USAGE, "missing file");
	CHECK("report_usage_exit2", run_report(NULL, NULL, NULL, NULL) == WEFT_EXIT_USAGE &&
					    run_report("--format", "pdf", good, NULL) == WEFT_EXIT_USAGE &&
					    run_report("--bogus", good, NULL, NULL) == WEFT_EXIT_USAGE,
	      "usage errors not 2");
	CHECK("report_help", run_report("--help", NULL, NULL, NULL) == 0, "help not 0");

	free(j);
	report_free(r);
	unlink(good);
	unlink(bad);
	unlink(out);
	rmdir(dir);
}

int main(void)
{
	test_sarif();
	test_junit();
	test_dot();
	test_report_cmd();
	return fixture_failures ? 1 : 0;
}
