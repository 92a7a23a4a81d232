/* test_report_json.c - the JSON writer and reader (common/report_json.c): round trip, rejection of
 * corrupt, truncated and wrong-version input with a message, unknown fields ignored, atomic files.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "report_fixture.h"

/* Replaces the first occurrence of `from` in s with `to`; returns a new string (NULL if absent). */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	if (!p)
		return NULL;
	size_t a = (size_t)(p - s), fl = strlen(from), tl = strlen(to), rest = strlen(p + fl);
	char *o = malloc(a + tl + rest + 1);
	memcpy(o, s, a);
	memcpy(o + a, to, tl);
	memcpy(o + a + tl, p + fl, rest + 1);
	return o;
}

/* Reading `text` must fail and the message must contain `want`. */
static void expect_reject(const char *name, const char *text, const char *want)
{
	struct report *r = NULL;
	char err[300] = "";
	int rc = report_read_json(text, strlen(text), &r, err, sizeof err);
	CHECK(name, rc < 0 && r == NULL && strstr(err, want) && !strchr(err, '\n'),
	      "rc=%d err=\"%s\" (wanted \"%s\")", rc, err, want);
	report_free(r);
}

static void test_round_trip(void)
{
	struct report *r = fixture_report();
	size_t n1, n2;
	char *j1 = fixture_to_json(r, &n1);
	struct report *back = NULL;
	char err[300] = "";
	int rc = report_read_json(j1, n1, &back, err, sizeof err);
	CHECK("round_trip_read", rc == 0 && back, "%s", err);
	if (!back)
		exit(1);
	char *j2 = fixture_to_json(back, &n2);
	CHECK("round_trip_identical", n1 == n2 && memcmp(j1, j2, n1) == 0, "second write differs (%zu vs %zu bytes)", n1, n2);
	if (n1 != n2 || memcmp(j1, j2, n1)) {
		FILE *a = fopen("/tmp/weft-rt1.json", "w"), *b = fopen("/tmp/weft-rt2.json", "w");
		fputs(j1, a);
		fputs(j2, b);
		fclose(a);
		fclose(b);
		printf("  (see diff /tmp/weft-rt1.json /tmp/weft-rt2.json)\n");
	}
	/* a few fields by value */
	CHECK("round_trip_values",
	      back->pid == 4711 && back->argc == 3 && strcmp(back->argv[2], r->argv[2]) == 0 &&
		      strcmp(back->argv[1], r->argv[1]) == 0 && back->nfindings == 4 &&
		      back->findings[0].kind == REPORT_LOCK_ORDER_INVERSION && back->findings[0].ncycle == 2 &&
		      back->findings[0].stacks[1].frames[0].inlined && back->findings[0].stacks[0].frames[0].line == -1 &&
		      back->findings[0].stacks[0].frames[0].file == NULL && back->findings[2].count == 3 &&
		      back->findings[3].memory && back->findings[3].memory->alloc_stack == 2 &&
		      back->findings[3].accesses[1].atomic && back->threads[0].parent == -1 &&
		      !back->threads[0].has_created && back->threads[2].has_last && back->locks[1].addr == r->locks[1].addr &&
		      back->ended_by_weft && back->exit_status == 66 && back->signal == 0 && back->parent_pid == 0 &&
		      back->suppressed == 2,
	      "a value changed in the round trip");
	/* document fields the reader does not keep: summary counts */
	CHECK("summary_by_kind", strstr(j1, "\"by_kind\": {\"data-race\": 1, \"lock-order-inversion\": 1, \"deadlock\": 1, \"api-misuse\": 1}") != NULL,
	      "summary.by_kind not as expected");
	CHECK("pc_hex", strstr(j1, "\"pc_hex\": \"0x555555555189\"") != NULL, "pc_hex missing");
	CHECK("null_unknowns", strstr(j1, "\"parent_pid\": null") && strstr(j1, "\"signal\": null") &&
				       strstr(j1, "\"file\": null, \"line\": null"),
	      "unknown values are not null");
	report_free(back);

	/* an empty report round-trips as well */
	struct report *e = report_new();
	char *je = fixture_to_json(e, &n1);
	rc = report_read_json(je, n1, &back, err, sizeof err);
	char *je2 = rc == 0 ? fixture_to_json(back, &n2) : NULL;
	CHECK("round_trip_empty", rc == 0 && je2 && strcmp(je, je2) == 0, "%s", err);
	report_free(back);
	report_free(e);
	free(je);
	free(je2);

	free(j1);
	free(j2);
	report_free(r);
}

static void test_truncated(void)
{
	struct report *r = fixture_report();
	size_t n;
	char *j = fixture_to_json(r, &n);
	/* every proper prefix that ends before the closing brace must be rejected, never crash */
	size_t last = n;
	while (last > 0 && (j[last - 1] == '\n' || j[last - 1] == ' '))
		last--;
	size_t bad = 0, wrong_msg = 0;
	char err[300];
	for (size_t k = 0; k < last; k++) {
		struct report *out = NULL;
		err[0] = 0;
		if (report_read_json(j, k, &out, err, sizeof err) == 0) {
			bad++;
			report_free(out);
		} else if (k > 0 && !strstr(err, "truncated") && !strstr(err, "empty")) {
			/* a cut inside a number or a literal may read as a different error; count only */
			if (!strstr(err, "bad number") && !strstr(err, "literal"))
				wrong_msg++;
		}
	}
	CHECK("truncated_all_rejected", bad == 0, "%zu prefixes accepted", bad);
	CHECK("truncated_message", wrong_msg == 0, "%zu prefixes rejected without saying truncated", wrong_msg);
	struct report *out = NULL;
	report_read_json(j, n / 2, &out, err, sizeof err);
	CHECK("truncated_line_col", strchr(err, ':') && err[0] >= '1' && err[0] <= '9', "no line:column in \"%s\"", err);
	free(j);
	report_free(r);
}

static void test_rejects(void)
{
	expect_reject("reject_empty", "", "empty");
	expect_reject("reject_blank", "  \n ", "empty");
	expect_reject("reject_not_object", "[1, 2]", "not a weft report");
	expect_reject("reject_no_weft", "{\"version\": 1}", "not a weft report");
	expect_reject("reject_wrong_weft", "{\"weft\": \"trace\", \"version\": 1}", "\"trace\"");
	expect_reject("reject_wrong_version", "{\"weft\": \"report\", \"version\": 2}", "version 2");
	expect_reject("reject_no_version", "{\"weft\": \"report\"}", "version");
	expect_reject("reject_syntax_line_col", "{\"weft\": \"report\",\n  \"version\": 1,\n  \"pid\" 12}", "3:9:");
	expect_reject("reject_trailing", "{\"weft\": \"report\", \"version\": 1} x", "after the end");
	expect_reject("reject_trailing_comma", "{\"weft\": \"report\", \"version\": 1,}", "member name");
	expect_reject("reject_bad_escape", "{\"weft\": \"rep\\qort\", \"version\": 1}", "escape");
	expect_reject("reject_control_char", "{\"weft\": \"rep\nort\", \"version\": 1}", "control character");
	expect_reject("reject_bad_number", "{\"weft\": \"report\", \"version\": 01}", "leading zero");
	expect_reject("reject_binary", "\x7f" "ELF\x02\x01", "byte 0x7f");
	expect_reject("reject_wrong_type", "{\"weft\": \"report\", \"version\": 1, \"pid\": \"x\"}", "pid: expected a number");
	expect_reject("reject_bad_kind",
		      "{\"weft\": \"report\", \"version\": 1, \"findings\": [{\"kind\": \"bogus\"}]}",
		      "findings[0].kind: unknown finding kind");
	expect_reject("reject_stack_index",
		      "{\"weft\": \"report\", \"version\": 1, \"findings\": [{\"kind\": \"deadlock\", \"stacks\": [],"
		      " \"cycle\": [{\"thread\": 1, \"hold_stack\": 3}]}]}",
		      "findings[0].cycle[0].hold_stack: stack index 3 out of range");
	expect_reject("reject_frame_type",
		      "{\"weft\": \"report\", \"version\": 1, \"findings\": [{\"kind\": \"deadlock\", \"stacks\": "
		      "[{\"frames\": [{\"line\": \"x\"}]}]}]}",
		      "findings[0].stacks[0].frames[0].line");
	/* nesting bomb */
	char deep[4096];
	size_t k = (size_t)snprintf(deep, sizeof deep, "{\"weft\": \"report\", \"version\": 1, \"x\": ");
	for (int i = 0; i < 1000; i++)
		deep[k++] = '[';
	deep[k] = 0;
	expect_reject("reject_deep_nesting", deep, "nesting");
}

static void test_unknown_fields(void)
{
	struct report *r = fixture_report();
	size_t n;
	char *j = fixture_to_json(r, &n);
	/* add unknown fields at several levels: top, finding, stack, frame, thread, lock, end */
	char *a = replace(j, "\"weft\": \"report\",", "\"weft\": \"report\", \"future\": {\"deep\": [1, 2.5e3, null, true, \"\\u00e9\\ud83d\\ude00\"]},");
	char *b = replace(a, "\"count\": 1,", "\"count\": 1, \"new_field\": [{}], \"x\": -3.5,");
	char *c = replace(b, "\"role\": \"held\",", "\"role\": \"held\", \"extra\": null,");
	char *d = replace(c, "\"inlined\": false", "\"inlined\": false, \"discriminator\": 7");
	char *e = replace(d, "\"ended\": true,", "\"ended\": true, \"rusage\": {\"utime\": 0.25},");
	char *f = replace(e, "\"state\": \"blocked\",", "\"state\": \"blocked\", \"cpu\": 3,");
	char *g = replace(f, "\"addr_hex\":", "\"color\": \"red\", \"addr_hex\":");
	CHECK("unknown_fields_inserted", a && b && c && d && e && f && g, "fixture text changed");
	if (g) {
		struct report *back = NULL;
		char err[300] = "";
		int rc = report_read_json(g, strlen(g), &back, err, sizeof err);
		char *j2 = rc == 0 ? fixture_to_json(back, NULL) : NULL;
		CHECK("unknown_fields_ignored", rc == 0 && j2 && strcmp(j, j2) == 0, "%s", rc ? err : "output differs");
		free(j2);
		report_free(back);
	}
	free(a), free(b), free(c), free(d), free(e), free(f), free(g);

	/* a minimal report: only the two required members; everything else takes its default */
	const char *min = "{\"weft\":\"report\",\"version\":1}";
	struct report *m = NULL;
	char err[300] = "";
	int rc = report_read_json(min, strlen(min), &m, err, sizeof err);
	CHECK("minimal_report", rc == 0 && m && m->nfindings == 0 && m->exit_status == -1 && m->program == NULL,
	      "%s", err);
	report_free(m);

	/* nulls map to the model's unknowns */
	const char *nul = "{\"weft\":\"report\",\"version\":1,\"pid\":null,\"end\":{\"exit_status\":null,\"signal\":9},"
			  "\"findings\":[{\"kind\":\"api-misuse\",\"misuse\":null,\"count\":null,\"stacks\":[{\"role\":"
			  "\"current\",\"thread\":null,\"frames\":[{\"function\":null,\"line\":null,\"pc\":null}]}]}]}";
	rc = report_read_json(nul, strlen(nul), &m, err, sizeof err);
	CHECK("nulls", rc == 0 && m && m->pid == 0 && m->exit_status == -1 && m->signal == 9 &&
			       m->findings[0].misuse == NULL && m->findings[0].count == 1 &&
			       m->findings[0].stacks[0].thread == -1 && m->findings[0].stacks[0].frames[0].line == -1 &&
			       m->findings[0].stacks[0].frames[0].function == NULL,
	      "%s", err);
	report_free(m);
	free(j);
	report_free(r);
}

static void test_files(void)
{
	char dir[] = "/tmp/weft-test-json.XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK("files_tmpdir", 0, "mkdtemp failed");
		return;
	}
	char path[300], err[400] = "";
	snprintf(path, sizeof path, "%s/report.json", dir);
	struct report *r = fixture_report();
	int rc = report_write_json_file(r, path, err, sizeof err);
	CHECK("write_file", rc == 0, "%s", err);
	struct report *back = NULL;
	rc = report_read_json_file(path, &back, err, sizeof err);
	CHECK("read_file", rc == 0 && back && back->nfindings == 4, "%s", err);
	report_free(back);
	/* no temporary file left behind */
	DIR *d = opendir(dir);
	int entries = 0;
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			entries++;
	if (d)
		closedir(d);
	CHECK("write_file_no_temp", entries == 1, "%d files in %s", entries, dir);

	/* errors name the file */
	char missing[320];
	snprintf(missing, sizeof missing, "%s/nope.json", dir);
	rc = report_read_json_file(missing, &back, err, sizeof err);
	CHECK("read_missing", rc < 0 && strstr(err, "nope.json") && strstr(err, "No such file"), "%s", err);
	FILE *f = fopen(path, "w");
	fputs("{\"weft\": \"report\",\n \"version\": 1,\n \"findings\": [", f);
	fclose(f);
	rc = report_read_json_file(path, &back, err, sizeof err);
	CHECK("read_truncated_file", rc < 0 && strstr(err, "report.json:3:") && strstr(err, "truncated"), "%s", err);
	rc = report_read_json_file(dir, &back, err, sizeof err);
	CHECK("read_directory", rc < 0 && strstr(err, "directory"), "%s", err);
	rc = report_write_json_file(r, "/nonexistent-dir/r.json", err, sizeof err);
	CHECK("write_unwritable", rc < 0 && strstr(err, "/nonexistent-dir"), "%s", err);
	unlink(path);
	rmdir(dir);
	report_free(r);
}

/* Deterministic mutations of a valid report (byte changes, deletions, duplications): each is
 * either read, and then written and formatted without trouble, or rejected with a one-line
 * message. Run under ASan/valgrind this is the "never a crash" test of the reader. */
static void test_mutations(void)
{
	struct report *r = fixture_report();
	size_t n;
	char *j = fixture_to_json(r, &n);
	char *buf = malloc(n * 2 + 16);
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	size_t accepted = 0, bad_msg = 0;
	static const char alphabet[] = "{}[]\",:0123456789-eE.tfn\\u \n";
	for (int iter = 0; iter < 3000; iter++) {
		memcpy(buf, j, n);
		size_t len = n;
		int edits = 1 + iter % 3;
		for (int e = 0; e < edits; e++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			size_t pos = (size_t)(seed >> 33) % len;
			int op = (int)((seed >> 20) & 3);
			if (op == 0) {
				buf[pos] = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
			} else if (op == 1 && len > 1) {
				memmove(buf + pos, buf + pos + 1, len - pos - 1);
				len--;
			} else if (op == 2) {
				size_t k = 1 + (size_t)((seed >> 12) % 40);
				if (pos + k > len)
					k = len - pos;
				memmove(buf + pos + k, buf + pos, len - pos);
				len += k;
			} else {
				buf[pos] = (char)(seed >> 40);
			}
		}
		struct report *out = NULL;
		char err[300] = "";
		if (report_read_json(buf, len, &out, err, sizeof err) == 0) {
			accepted++;
			FILE *dn = fopen("/dev/null", "w");
			char e2[200];
			report_write_json(out, fileno(dn), e2, sizeof e2);
			fclose(dn);
			report_free(out);
		} else if (!err[0] || strchr(err, '\n')) {
			bad_msg++;
		}
	}
	CHECK("mutations_no_crash", bad_msg == 0, "%zu rejections without a one-line message", bad_msg);
	printf("  (%zu of 3000 mutated reports were still valid)\n", accepted);
	free(buf);
	free(j);
	report_free(r);
}

/* weft explore's fields: runs, confirm, failure with preemptions (one with a stack, one without) */
static void test_exploration(void)
{
	struct report *r = report_new();
	r->version = REPORT_SCHEMA_VERSION;
	r->explored = true;
	r->runs = 18;
	r->confirm = report_xcalloc(1, sizeof *r->confirm);
	r->confirm->source = report_strdup("run.json");
	r->confirm->inversion = report_strdup("locks taken in a cycle: M2 -> M1 -> M2");
	r->confirm->confirmed = true;
	r->confirm->runs = 3;
	r->confirm->edges = 2;
	r->confirm->edges_reached = 2;
	r->confirm->closed = 1;
	struct report_failure *f = report_xcalloc(1, sizeof *f);
	r->failure = f;
	f->kind = report_strdup("deadlock");
	f->run = 2;
	f->seed = 1;
	f->strategy = report_strdup("random");
	f->steps = 6;
	f->shrink_runs = 17;
	f->shrunk_from_preemptions = 3;
	f->shrunk_from_steps = 6;
	f->preemptions = report_xcalloc(2, sizeof *f->preemptions);
	f->npreemptions = 2;
	f->preemptions[0] = (struct report_preemption){.step = 4, .thread = 1, .to = 2, .call = report_strdup("lock"),
						       .pc = 0x5555555551e4, .has_stack = true};
	f->preemptions[0].stack.role = report_strdup("preempted");
	f->preemptions[0].stack.thread = 1;
	struct report_frame *fr = report_stack_add_frame(&f->preemptions[0].stack);
	fr->pc = 0x5555555551e4;
	fr->function = report_strdup("transfer_ab");
	fr->line = 24;
	f->preemptions[1] = (struct report_preemption){.step = 5, .thread = 2, .to = 1, .call = report_strdup("atomic"),
						       .pc = 0x555555555220};
	size_t n1, n2;
	char *j1 = fixture_to_json(r, &n1);
	struct report *back = NULL;
	char err[300] = "";
	int rc = report_read_json(j1, n1, &back, err, sizeof err);
	char *j2 = rc == 0 ? fixture_to_json(back, &n2) : NULL;
	CHECK("exploration_round_trip", rc == 0 && j2 && n1 == n2 && memcmp(j1, j2, n1) == 0, "%s", err);
	CHECK("exploration_values",
	      back && back->explored && back->runs == 18 && back->confirm && back->confirm->confirmed &&
		      back->confirm->edges == 2 && back->confirm->closed == 1 && !strcmp(back->confirm->source, "run.json") &&
		      back->failure && back->failure->npreemptions == 2 && back->failure->preemptions[0].has_stack &&
		      back->failure->preemptions[0].stack.nframes == 1 &&
		      !strcmp(back->failure->preemptions[0].stack.frames[0].function, "transfer_ab") &&
		      !back->failure->preemptions[1].has_stack && back->failure->shrink_runs == 17 &&
		      back->failure->shrunk_from_preemptions == 3,
	      "an exploration value changed in the round trip");
	CHECK("exploration_fields_written", strstr(j1, "\"confirm\": {") != NULL && strstr(j1, "\"stack\": {") != NULL,
	      "confirm or stack not written");
	report_free(back);
	free(j1);
	free(j2);
	report_free(r);
}

static void test_model(void)
{
	CHECK("kind_names", strcmp(report_kind_name(REPORT_DEADLOCK), "deadlock") == 0 &&
				    report_kind_from_name("data-race") == REPORT_DATA_RACE &&
				    report_kind_from_name("nope") == -1 && report_kind_from_name(NULL) == -1 &&
				    strcmp(report_kind_title(REPORT_API_MISUSE), "pthread API misuse") == 0,
	      "kind tables disagree");
	struct report *r = fixture_report();
	unsigned counts[REPORT_KIND_COUNT];
	report_count_kinds(r, counts);
	CHECK("count_kinds", counts[REPORT_DATA_RACE] == 1 && counts[REPORT_DEADLOCK] == 1 &&
				     counts[REPORT_API_MISUSE] == 1 && counts[REPORT_LOCK_ORDER_INVERSION] == 1,
	      "wrong counts");
	struct report_stack copy;
	report_stack_copy(&copy, &r->findings[0].stacks[1]);
	CHECK("stack_copy", copy.nframes == 2 && copy.frames[0].function != r->findings[0].stacks[1].frames[0].function &&
				    strcmp(copy.frames[0].function, "take") == 0 && copy.frames[0].inlined,
	      "copy differs");
	/* a copied stack can grow */
	struct report_frame *fr = report_stack_add_frame(&copy);
	CHECK("stack_copy_grow", copy.nframes == 3 && fr->line == -1 && fr->function == NULL, "bad new frame");
	report_stack_clear(&copy);
	CHECK("stack_clear", copy.nframes == 0 && copy.frames == NULL && copy.thread == -1, "not cleared");
	CHECK("find", report_find_thread(r, 2) && report_find_thread(r, 2)->tid == 4713 && !report_find_thread(r, 9) &&
			      report_find_lock(r, 1) && !report_find_lock(r, 7),
	      "find failed");
	report_free(r);
	report_free(NULL);
}

int main(void)
{
	test_model();
	test_round_trip();
	test_exploration();
	test_truncated();
	test_rejects();
	test_unknown_fields();
	test_files();
	test_mutations();
	return fixture_failures ? 1 : 0;
}
