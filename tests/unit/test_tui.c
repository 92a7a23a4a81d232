/* test_tui.c - unit tests of the viewer's curses-free parts: keys and the request table, panes
 * (moving, paging, scrolling, searching), the canvas, the cycle picture and scenario, finding source
 * files, and the whole model driven by keys (views opened and closed, resizes down to 1x1, reports
 * with bad indexes, random keys). Prints PASS/FAIL lines; exits 1 on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_fixture.h"
#include "tui/canvas.h"
#include "tui/diagram.h"
#include "tui/keys.h"
#include "tui/request.h"
#include "tui/script.h"
#include "tui/source_view.h"
#include "tui/tui.h"
#include "tui/view.h"

/* ---- keys and requests ---- */

static void test_keys(void)
{
	char buf[32];
	CHECK("keys: <Enter>", keys_parse_name("Enter", 5) == TK_ENTER, "got %d", keys_parse_name("Enter", 5));
	CHECK("keys: <pgdn> any case", keys_parse_name("pgdn", 4) == TK_PGDN, "no");
	CHECK("keys: <^L>", keys_parse_name("^L", 2) == TK_CTRL('l'), "no");
	CHECK("keys: <lt>", keys_parse_name("lt", 2) == '<', "no");
	CHECK("keys: unknown", keys_parse_name("Nope", 4) == -1, "no");
	bool round = true;
	for (int k = TK_BASE + 1; k < TK_LAST; k++) {
		keys_name(k, buf, sizeof buf);
		if (keys_parse_name(buf, strlen(buf)) != k)
			round = false;
	}
	CHECK("keys: every special key's name parses back", round, "no");
	CHECK("keys: name of ^B", strcmp(keys_name(TK_CTRL('b'), buf, sizeof buf), "^B") == 0, "got %s", buf);
}

static void test_requests(void)
{
	/* Every request has a name, a help text and a key; no key is bound to two requests. */
	bool ok = true, unique = true;
	for (int req = REQ_NONE + 1; req < REQ_COUNT; req++) {
		char k[128];
		request_keys(req, k, sizeof k);
		if (!request_name(req) || !request_help(req) || !k[0]) {
			printf("  request %d has no name, help or key\n", req);
			ok = false;
		}
	}
	CHECK("requests: name, help and key for each", ok, "see above");
	CHECK("requests: q quits", request_from_key('q') == REQ_QUIT, "no");
	CHECK("requests: ? is help", request_from_key('?') == REQ_VIEW_HELP, "no");
	CHECK("requests: / n N search", request_from_key('/') == REQ_SEARCH && request_from_key('n') == REQ_FIND_NEXT &&
	                                      request_from_key('N') == REQ_FIND_PREV, "no");
	CHECK("requests: Tab, Enter, Backspace, Esc", request_from_key(TK_TAB) == REQ_NEXT_PANE &&
	      request_from_key(TK_ENTER) == REQ_ENTER && request_from_key(TK_BACKSPACE) == REQ_BACK &&
	      request_from_key(TK_ESC) == REQ_BACK && request_from_key(8) == REQ_BACK, "no");
	CHECK("requests: j/k and arrows", request_from_key('j') == REQ_MOVE_DOWN && request_from_key(TK_UP) == REQ_MOVE_UP &&
	      request_from_key(TK_PGDN) == REQ_PAGE_DOWN && request_from_key(TK_PGUP) == REQ_PAGE_UP, "no");
	/* A key listed twice in request.def would make the second binding dead. */
	for (int req = REQ_NONE + 1; req < REQ_COUNT; req++) {
		char k[128];
		request_keys(req, k, sizeof k);
		for (char *tok = strtok(k, ", "); tok; tok = strtok(NULL, ", ")) {
			int key = keys_parse_name(tok, strlen(tok));
			if (key < 0 && strlen(tok) == 1)
				key = tok[0];
			if (key >= 0 && request_from_key(key) != (enum request)req) {
				printf("  key %s of %s is taken by %s\n", tok, request_name(req),
				       request_name(request_from_key(key)));
				unique = false;
			}
		}
	}
	CHECK("requests: no key bound twice", unique, "see above");
}

/* docs/viewer.md has a row "| keys | name | does |" for every request. */
static void test_docs(void)
{
	FILE *f = fopen("docs/viewer.md", "r");
	if (!f) {
		CHECK("docs: docs/viewer.md", 0, "cannot open it (run from the top of the tree)");
		return;
	}
	static char doc[65536];
	size_t n = fread(doc, 1, sizeof doc - 1, f);
	doc[n] = 0;
	fclose(f);
	bool ok = true;
	for (int req = REQ_NONE + 1; req < REQ_COUNT; req++) {
		char row[128];
		snprintf(row, sizeof row, "| %s |", request_name(req));
		if (!strstr(doc, row)) {
			printf("  docs/viewer.md does not list %s\n", request_name(req));
			ok = false;
		}
	}
	CHECK("docs: viewer.md lists every request", ok, "see above");
}

/* ---- panes ---- */

static void fill(struct pane *p, int n, int every)
{
	doc_clear(&p->doc);
	for (int i = 0; i < n; i++) {
		struct tline *l = doc_add(&p->doc, i % every == 0 ? i : -1, 0);
		line_add(l, STYLE_NORMAL, "line %d%s", i, i == 37 ? " needle" : "");
	}
	p->sel = -1;
	p->top = 0;
	p->x = p->y = 0;
	p->w = 40;
	p->h = 10;
	p->title = NULL;
}

static void test_panes(void)
{
	struct pane p = {0};
	fill(&p, 100, 3); /* lines 0, 3, 6, ... selectable */
	pane_select(&p, 1);
	CHECK("pane: select goes to the next selectable line", p.sel == 3, "sel %d", p.sel);
	pane_move(&p, 1);
	CHECK("pane: move skips unselectable lines", p.sel == 6, "sel %d", p.sel);
	pane_move(&p, -5);
	CHECK("pane: move stops at the first item", p.sel == 0 && p.top == 0, "sel %d top %d", p.sel, p.top);
	pane_page(&p, 1);
	CHECK("pane: page down moves about a screen", p.sel >= 6 && p.sel <= 12 && p.sel >= p.top && p.sel < p.top + 10,
	      "sel %d top %d", p.sel, p.top);
	pane_home(&p, 1);
	CHECK("pane: End goes to the last item, shows the end", p.sel == 99 && p.top == 90, "sel %d top %d", p.sel, p.top);
	pane_home(&p, 0);
	CHECK("pane: Home", p.sel == 0 && p.top == 0, "sel %d top %d", p.sel, p.top);
	CHECK("pane: search finds", pane_search(&p, "NEEDLE", 1) == false, "37 is not selectable");
	fill(&p, 100, 1);
	pane_select(&p, 50);
	CHECK("pane: search wraps around", pane_search(&p, "needle", 1) && p.sel == 37, "sel %d", p.sel);
	CHECK("pane: search centres the match", p.top <= 37 && 37 < p.top + 10 && p.top > 30, "top %d", p.top);
	CHECK("pane: search backwards", pane_search(&p, "line 9", -1) && p.sel == 9, "sel %d", p.sel);
	CHECK("pane: search backwards wraps", pane_search(&p, "line 9", -1) && p.sel == 99, "sel %d", p.sel);
	CHECK("pane: no match", !pane_search(&p, "absent", 1) && p.sel == 99, "sel %d", p.sel);
	/* A pane with nothing selectable scrolls. */
	fill(&p, 30, 1000);
	p.doc.lines[0].item = -1;
	pane_select(&p, 0);
	CHECK("pane: nothing selectable, no selection", p.sel == -1, "sel %d", p.sel);
	pane_move(&p, 5);
	CHECK("pane: scrolls instead", p.top == 5, "top %d", p.top);
	pane_move(&p, 100);
	CHECK("pane: scroll stops at the end", p.top == 20, "top %d", p.top);
	/* Empty pane. */
	fill(&p, 0, 1);
	pane_select(&p, 0);
	pane_move(&p, 1);
	pane_page(&p, -1);
	CHECK("pane: empty pane is harmless", p.sel == -1 && p.top == 0, "sel %d top %d", p.sel, p.top);
	doc_clear(&p.doc);
}

/* ---- canvas ---- */

static void test_canvas(void)
{
	struct canvas c = {0};
	canvas_resize(&c, 10, 2);
	int used = canvas_text(&c, 0, 0, 10, "h\xc3\xa9llo w\xe2\x94\x80rld!", STYLE_NORMAL);
	CHECK("canvas: text cut at the width", used == 10, "used %d", used);
	CHECK("canvas: UTF-8 decoded", c.cells[1].ch == 0xe9 && c.cells[7].ch == 0x2500, "got %x %x",
	      c.cells[1].ch, c.cells[7].ch);
	canvas_text(&c, 0, 1, 10, "a\tb\xff" "c", STYLE_NORMAL);
	CHECK("canvas: control and invalid bytes shown as ?", c.cells[11].ch == '?' && c.cells[13].ch == 0xfffd,
	      "got %x %x", c.cells[11].ch, c.cells[13].ch);
	canvas_put(&c, 50, 50, 'x', STYLE_NORMAL); /* ignored */
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	canvas_clear(&c);
	canvas_text(&c, 0, 0, 10, "ab", STYLE_NORMAL);
	canvas_dump(&c, m, 0);
	fclose(m);
	CHECK("canvas: dump trims trailing blanks", strcmp(out, "ab\n\n") == 0, "got \"%s\"", out);
	free(out);
	CHECK("canvas: width of UTF-8 text", canvas_text_width("\xe2\x94\x80\xe2\x94\x80x") == 3, "no");
	canvas_free(&c);
}

/* ---- diagram ---- */

static struct report *cycle_report(int n, bool ring)
{
	struct report *r = report_new();
	struct report_finding *f = report_add_finding(r, REPORT_DEADLOCK);
	f->ncycle = (size_t)n;
	f->cycle = report_xcalloc((size_t)n, sizeof *f->cycle);
	for (int i = 0; i < n; i++) {
		f->cycle[i] = fixture_step(i + 1, i + 1, ring ? (i + 1) % n + 1 : 100 + i, -1, -1, "mutex");
		struct report_lock *l = report_add_lock(r, i + 1);
		l->kind = report_strdup("mutex");
		l->name = report_strdup("a_lock_with_a_rather_long_name");
	}
	return r;
}

static bool all_lines_fit(const struct doc *d, int w)
{
	for (int i = 0; i < d->n; i++)
		if (line_width(&d->lines[i]) > w)
			return false;
	return true;
}

static void test_diagram(void)
{
	static const struct tui_glyphs g = {"-", "|", "+", "+", "+", "+", ">", "<", "~"};
	struct report *fx = fixture_report();
	CHECK("diagram: ABBA is a ring", diagram_is_ring(&fx->findings[0]), "no");
	CHECK("diagram: blocked join without cycle is not a ring", !diagram_is_ring(&fx->findings[1]), "no");
	for (int n = 1; n <= 4; n++) {
		struct report *r = cycle_report(n, true);
		struct doc d = {0};
		diagram_cycle(&d, r, &r->findings[0], &g, 80);
		char name[64];
		snprintf(name, sizeof name, "diagram: ring of %d has 2 rows per step", n);
		CHECK(name, d.n == 2 * n, "%d rows", d.n);
		snprintf(name, sizeof name, "diagram: ring of %d fits 80 columns", n);
		CHECK(name, all_lines_fit(&d, 80), "too wide");
		/* The return line ends under the right-hand corner of the first row. */
		snprintf(name, sizeof name, "diagram: ring of %d is closed", n);
		CHECK(name, line_width(&d.lines[0]) == line_width(&d.lines[d.n - 1]), "%d vs %d",
		      line_width(&d.lines[0]), line_width(&d.lines[d.n - 1]));
		doc_clear(&d);
		diagram_scenario(&d, r, &r->findings[0], &g, 80);
		int items = 0;
		for (int i = 0; i < d.n; i++)
			items += d.lines[i].item >= 0;
		snprintf(name, sizeof name, "diagram: scenario of %d has a hold and a wait per step", n);
		CHECK(name, items == 2 * n, "%d items", items);
		doc_clear(&d);
		report_free(r);
	}
	struct report *r = cycle_report(3, false);
	struct doc d = {0};
	diagram_cycle(&d, r, &r->findings[0], &g, 60);
	CHECK("diagram: not a ring: one row per step, naming the target", d.n == 3, "%d rows", d.n);
	CHECK("diagram: narrow screens shrink the labels", all_lines_fit(&d, 60), "too wide");
	doc_clear(&d);
	diagram_scenario(&d, r, &r->findings[0], &g, 30);
	char text[512];
	CHECK("diagram: narrow scenario names the thread on each line",
	      strstr(line_text(&d.lines[1], text, sizeof text), "T1: lock(M1);") != NULL, "got \"%s\"", text);
	doc_clear(&d);
	report_free(r);
	report_free(fx);
}

/* ---- source files ---- */

static void test_source_locate(void)
{
	char dir[] = "/tmp/weft-test-tui-XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK("source: temporary directory", 0, "mkdtemp failed");
		return;
	}
	char path[512], report_path[512], found[512], tried[4096];
	snprintf(path, sizeof path, "%s/src", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/src/a.c", dir);
	FILE *f = fopen(path, "w");
	fputs("int x;\n", f);
	fclose(f);
	snprintf(report_path, sizeof report_path, "%s/report.json", dir);
	CHECK("source: absolute path as is", source_view_locate(path, report_path, found, sizeof found, tried, sizeof tried) == 0 &&
	      strcmp(found, path) == 0, "found %s", found);
	CHECK("source: relative to the report", source_view_locate("src/a.c", report_path, found, sizeof found, tried,
	      sizeof tried) == 0, "tried %s", tried);
	CHECK("source: moved tree, by the tail of the path",
	      source_view_locate("/old/build/tree/src/a.c", report_path, found, sizeof found, tried, sizeof tried) == 0 &&
	      strstr(found, "/src/a.c") != NULL, "tried %s", tried);
	CHECK("source: missing file lists what was tried",
	      source_view_locate("/nowhere/b.c", report_path, found, sizeof found, tried, sizeof tried) < 0 &&
	      strstr(tried, "/nowhere/b.c") && strstr(tried, "report.json") == NULL && strstr(tried, "/b.c"),
	      "tried %s", tried);
	CHECK("source: empty path", source_view_locate("", report_path, found, sizeof found, tried, sizeof tried) < 0,
	      "found %s", found);
	unlink(path);
	snprintf(path, sizeof path, "%s/src", dir);
	rmdir(path);
	rmdir(dir);
}

/* ---- the model, driven by keys ---- */

static unsigned keys(struct tui *t, const char *s)
{
	unsigned f = 0;
	for (; *s; s++)
		f |= tui_key(t, *s == '\r' ? TK_ENTER : *s == '\b' ? TK_BACKSPACE : *s);
	return f;
}

static void test_model(void)
{
	struct report *r = fixture_report();
	struct tui_options opt = {.report_path = "fixture.json"};
	struct tui *t = tui_new(r, &opt);
	struct canvas c = {0};
	tui_resize(t, 80, 24);
	CHECK("model: starts on the findings list", tui_depth(t) == 1 && strcmp(tui_top(t)->ops->name, "findings") == 0, "no");
	keys(t, "\r");
	CHECK("model: Enter on an inversion opens the cycle view", strcmp(tui_top(t)->ops->name, "cycle") == 0, "%s",
	      tui_top(t)->ops->name);
	keys(t, "\t\r");
	CHECK("model: Tab then Enter on a frame opens its source", strcmp(tui_top(t)->ops->name, "source") == 0, "%s",
	      tui_top(t)->ops->name);
	keys(t, "\b\b");
	CHECK("model: Backspace goes back", tui_depth(t) == 1, "depth %d", tui_depth(t));
	keys(t, "j\r");
	CHECK("model: a deadlock that is not a ring still opens the cycle view",
	      strcmp(tui_top(t)->ops->name, "cycle") == 0, "%s", tui_top(t)->ops->name);
	keys(t, "S");
	CHECK("model: S shows every stack", strcmp(tui_top(t)->ops->name, "stacks") == 0, "%s", tui_top(t)->ops->name);
	tui_key(t, TK_ESC);
	tui_key(t, TK_ESC);
	keys(t, "jj\r");
	CHECK("model: a race opens the race view", strcmp(tui_top(t)->ops->name, "race") == 0, "%s", tui_top(t)->ops->name);
	keys(t, "\b");
	keys(t, "?");
	keys(t, "?");
	CHECK("model: help once", tui_depth(t) == 2 && strcmp(tui_top(t)->ops->name, "help") == 0, "depth %d", tui_depth(t));
	keys(t, "\bt");
	CHECK("model: t shows the threads", strcmp(tui_top(t)->ops->name, "threads") == 0, "%s", tui_top(t)->ops->name);
	keys(t, "\b");
	keys(t, "/misuse\r");
	const struct tline *l = pane_selected(&tui_top(t)->panes[0]);
	CHECK("model: search selects the match", l && r->findings[l->item].kind == REPORT_API_MISUSE, "item %d",
	      l ? l->item : -1);
	keys(t, "f");
	CHECK("model: filter keeps one kind", tui_top(t)->panes[0].doc.n == 1, "%d lines", tui_top(t)->panes[0].doc.n);
	keys(t, "F");
	CHECK("model: F shows all again", tui_top(t)->panes[0].doc.n == 4, "%d lines", tui_top(t)->panes[0].doc.n);
	unsigned flags = keys(t, "Z");
	CHECK("model: an unbound key redraws with a message", flags == TUI_REDRAW, "flags %u", flags);
	tui_render(t, &c);
	/* The bottom row says something about Z. */
	bool said = false;
	for (int x = 0; x + 1 < c.w; x++)
		if (c.cells[(size_t)(c.h - 1) * (size_t)c.w + (size_t)x].ch == 'Z')
			said = true;
	CHECK("model: the message is on the status line", said, "no");
	/* Sizes down to 1x1, every view. */
	bool survived = true;
	static const int sizes[][2] = {{1, 1}, {2, 3}, {10, 4}, {30, 8}, {80, 24}, {200, 60}};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		tui_resize(t, sizes[i][0], sizes[i][1]);
		tui_render(t, &c);
		keys(t, "\r\t\r");
		tui_render(t, &c);
		keys(t, "\b\b\b");
		survived = survived && c.w == sizes[i][0] && c.h == sizes[i][1];
	}
	CHECK("model: every size from 1x1 to 200x60 renders", survived, "no");
	flags = keys(t, "q");
	CHECK("model: q quits", flags & TUI_QUIT, "flags %u", flags);
	canvas_free(&c);
	tui_free(t);
	report_free(r);
}

/* A report whose indexes point nowhere: the viewer shows what it can and does not crash. */
static struct report *broken_report(void)
{
	struct report *r = report_new();
	struct report_finding *f = report_add_finding(r, REPORT_DEADLOCK);
	f->ncycle = 2;
	f->cycle = report_xcalloc(2, sizeof *f->cycle);
	f->cycle[0] = fixture_step(7, 42, -1, 99, -5, NULL);
	f->cycle[1] = fixture_step(-1, -1, -1, 3, 1000, "join");
	f = report_add_finding(r, REPORT_DATA_RACE);
	f->naccesses = 1;
	f->accesses = report_xcalloc(1, sizeof *f->accesses);
	f->accesses[0].stack = 12;
	f->accesses[0].thread = -1;
	f = report_add_finding(r, REPORT_LOCK_ORDER_INVERSION);
	f = report_add_finding(r, REPORT_API_MISUSE);
	f->misuse = report_strdup("no-such-misuse");
	struct report_stack *s = report_finding_add_stack(f, NULL, -1);
	report_stack_add_frame(s); /* a frame with nothing known */
	struct report_thread *th = report_add_thread(r, 3);
	th->has_last = true; /* with no frames */
	return r;
}

static void test_robustness(void)
{
	struct report *r = broken_report();
	struct tui_options opt = {.report_path = NULL, .ascii = true};
	char err[256];
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	int st = script_run(r, &opt, "\n\t\t\n\n<BS><BS><BS>j\n\t\nSj\n<BS><BS>j\nS\n<BS><BS><BS>jGj\n\n<BS>t\n\n<BS>", 80, 24, false, m,
	                    err, sizeof err);
	fclose(m);
	CHECK("robust: bad indexes do not crash", st == 0 && len > 0, "%s", err);
	free(out);
	report_free(r);

	/* An empty report. */
	r = report_new();
	out = NULL;
	m = open_memstream(&out, &len);
	st = script_run(r, &opt, "\njkt\n\t<BS>", 80, 24, false, m, err, sizeof err);
	fclose(m);
	CHECK("robust: empty report", st == 0 && strstr(out, "No findings") != NULL, "got %s", out);
	free(out);
	report_free(r);

	/* Random keys and sizes on the fixture (fixed seed: the same run every time). */
	r = fixture_report();
	struct tui *t = tui_new(r, &opt);
	struct canvas c = {0};
	static const int pool[] = {'j', 'k', TK_ENTER, TK_ENTER, TK_BACKSPACE, TK_TAB, TK_BTAB, TK_PGDN, TK_PGUP, 'g', 'G',
	                           's', 'f', 'F', 't', 'S', '?', 'n', 'N', '/', 'x', TK_ESC, TK_RIGHT, TK_LEFT, TK_RESIZE};
	unsigned seed = 12345;
	int quits = 0;
	for (int i = 0; i < 20000; i++) {
		seed = seed * 1103515245u + 12345u;
		int key = pool[(seed >> 16) % (sizeof pool / sizeof pool[0])];
		if (key == TK_RESIZE)
			tui_resize(t, 1 + (int)((seed >> 8) % 150), 1 + (int)((seed >> 4) % 50));
		else if (tui_key(t, key) & TUI_QUIT)
			quits++;
		if (i % 7 == 0)
			tui_render(t, &c);
	}
	CHECK("robust: 20000 random keys and resizes", tui_depth(t) >= 1 && quits == 0, "depth %d", tui_depth(t));
	canvas_free(&c);
	tui_free(t);
	report_free(r);
}

static void test_script_errors(void)
{
	struct report *r = report_new();
	struct tui_options opt = {0};
	char err[256] = "";
	FILE *m = fopen("/dev/null", "w");
	CHECK("script: unknown key name", script_run(r, &opt, "<Nope>", 80, 24, false, m, err, sizeof err) < 0 &&
	      strstr(err, "Nope"), "%s", err);
	CHECK("script: unclosed <", script_run(r, &opt, "ab<Enter", 80, 24, false, m, err, sizeof err) < 0, "%s", err);
	CHECK("script: bad resize", script_run(r, &opt, "<resize 0x3>", 80, 24, false, m, err, sizeof err) < 0, "%s", err);
	int w, h;
	CHECK("script: sizes", script_parse_size("120x40", &w, &h) == 0 && w == 120 && h == 40 &&
	      script_parse_size("80", &w, &h) < 0 && script_parse_size("x3", &w, &h) < 0, "no");
	fclose(m);
	report_free(r);
}

int main(void)
{
	test_keys();
	test_requests();
	test_docs();
	test_panes();
	test_canvas();
	test_diagram();
	test_source_locate();
	test_model();
	test_robustness();
	test_script_errors();
	return fixture_failures ? 1 : 0;
}
