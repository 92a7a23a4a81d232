/* source_view.c - source files (see source_view.h). One pane: a line per source line (item = line
 * number), the frame's line highlighted and centred. */
#include "tui/source_view.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report_describe.h"
#include "tui/tui.h"

/* Tabs in source files stop every 8 columns, as most editors and terminals show them. */
#define SOURCE_TAB 8

struct source_priv {
	char *file;      /* as in the debug info */
	char *module;
	char *found;     /* path opened, NULL if none */
	char *tried;     /* paths tried, when not found */
	int line;
	char *text;      /* the whole file */
	size_t ntext;
	char **lines;    /* into text */
	int nlines;
};

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int try_path(const char *p, char *found, size_t foundlen, char *tried, size_t triedlen)
{
	/* Each candidate once. */
	size_t pl = strlen(p);
	for (const char *s = tried; (s = strstr(s, p)) != NULL; s++)
		if ((s == tried || s[-1] == '\n') && (s[pl] == '\n' || s[pl] == 0))
			return -1;
	if (is_file(p)) {
		snprintf(found, foundlen, "%s", p);
		return 0;
	}
	size_t used = strlen(tried);
	if (used + pl + 2 < triedlen)
		snprintf(tried + used, triedlen - used, "%s%s", used ? "\n" : "", p);
	return -1;
}

int source_view_locate(const char *file, const char *report_path, char *found, size_t foundlen,
                       char *tried, size_t triedlen)
{
	char dir[4096] = ".", cand[8192];
	tried[0] = 0;
	if (!file || !*file)
		return -1;
	if (report_path) {
		const char *slash = strrchr(report_path, '/');
		if (slash)
			snprintf(dir, sizeof dir, "%.*s", (int)(slash - report_path), report_path);
		if (!dir[0])
			snprintf(dir, sizeof dir, "/");
	}
	if (try_path(file, found, foundlen, tried, triedlen) == 0)
		return 0;
	if (file[0] != '/') {
		snprintf(cand, sizeof cand, "%s/%s", dir, file);
		if (try_path(cand, found, foundlen, tried, triedlen) == 0)
			return 0;
	}
	for (const char *tail = strchr(file + 1, '/'); tail; tail = strchr(tail + 1, '/')) {
		if (!tail[1])
			break;
		snprintf(cand, sizeof cand, "%s/%s", dir, tail + 1);
		if (try_path(cand, found, foundlen, tried, triedlen) == 0)
			return 0;
		if (try_path(tail + 1, found, foundlen, tried, triedlen) == 0)
			return 0;
	}
	return -1;
}

static int load(struct source_priv *sp)
{
	FILE *fp = fopen(sp->found, "rb");
	if (!fp)
		return -1;
	size_t cap = 0;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (sp->ntext + n + 1 > cap) {
			cap = (sp->ntext + n + 1) * 2;
			sp->text = realloc(sp->text, cap);
			if (!sp->text)
				abort();
		}
		memcpy(sp->text + sp->ntext, chunk, n);
		sp->ntext += n;
	}
	fclose(fp);
	if (!sp->text) {
		sp->text = calloc(1, 1);
		if (!sp->text)
			abort();
	}
	sp->text[sp->ntext] = 0;
	int cap_lines = 0;
	char *s = sp->text;
	while (*s || s < sp->text + sp->ntext) {
		if (sp->nlines == cap_lines) {
			cap_lines = cap_lines ? cap_lines * 2 : 256;
			sp->lines = realloc(sp->lines, (size_t)cap_lines * sizeof *sp->lines);
			if (!sp->lines)
				abort();
		}
		sp->lines[sp->nlines++] = s;
		char *nl = memchr(s, '\n', (size_t)(sp->text + sp->ntext - s));
		if (!nl)
			break;
		*nl = 0;
		if (nl > s && nl[-1] == '\r')
			nl[-1] = 0;
		s = nl + 1;
		if (s >= sp->text + sp->ntext)
			break;
	}
	return 0;
}

/* A source line with tabs expanded and NUL bytes shown as '?'. */
static void expand(const char *src, char *out, size_t len)
{
	size_t o = 0;
	int col = 0;
	for (const char *s = src; *s && o + SOURCE_TAB + 1 < len; s++) {
		if (*s == '\t') {
			do {
				out[o++] = ' ';
				col++;
			} while (col % SOURCE_TAB);
		} else {
			out[o++] = *s;
			if (((unsigned char)*s & 0xc0) != 0x80)
				col++;
		}
	}
	out[o] = 0;
}

static void build(struct view *v)
{
	struct source_priv *sp = v->priv;
	struct pane *p = &v->panes[0];
	int sel = p->sel;
	doc_clear(&p->doc);
	if (!sp->found) {
		struct tline *l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_ERROR, "Source file not found: %s", sp->file);
		doc_add(&p->doc, -1, 0);
		l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_HEADER, "Tried:");
		for (char *s = sp->tried; s && *s;) {
			char *nl = strchr(s, '\n');
			l = doc_add(&p->doc, -1, 0);
			line_add(l, STYLE_NORMAL, "  %.*s", nl ? (int)(nl - s) : (int)strlen(s), s);
			s = nl ? nl + 1 : s + strlen(s);
		}
		doc_add(&p->doc, -1, 0);
		l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_NORMAL, "Run weft view from the source tree, or put the report beside it.");
		if (sp->module) {
			l = doc_add(&p->doc, -1, 0);
			line_add(l, STYLE_DIM, "(code from %s)", sp->module);
		}
		return;
	}
	char num[16];
	int numw = snprintf(num, sizeof num, "%d", sp->nlines);
	const struct tui_glyphs *g = tui_glyphs(v->tui);
	char *buf = malloc(65536);
	if (!buf)
		abort();
	for (int i = 0; i < sp->nlines; i++) {
		bool target = i + 1 == sp->line;
		struct tline *l = doc_add(&p->doc, i + 1, 0);
		line_add(l, target ? STYLE_TARGET : STYLE_LINENO, "%s%*d ", target ? ">" : " ", numw, i + 1);
		line_add(l, STYLE_DIM, "%s ", g->v);
		l->fixed = 2;
		expand(sp->lines[i], buf, 65536);
		line_add(l, target ? STYLE_TARGET : STYLE_NORMAL, "%s", buf);
		if (target)
			l->fill = STYLE_TARGET;
	}
	free(buf);
	if (sp->nlines == 0) {
		struct tline *l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_DIM, "(empty file)");
	}
	p->sel = -1;
	if (sel >= 0) {
		pane_select(p, sel);
	} else {
		pane_select(p, sp->line > 0 && sp->line <= sp->nlines ? sp->line - 1 : 0);
		p->center = true;
	}
}

static void status(const struct view *v, char *buf, size_t len)
{
	const struct source_priv *sp = v->priv;
	if (!sp->found)
		snprintf(buf, len, "not found");
	else if (sp->line > sp->nlines)
		snprintf(buf, len, "line %d is past the end (%d lines): the file changed?", sp->line, sp->nlines);
	else
		snprintf(buf, len, "%s", sp->found);
}

static void source_free(struct view *v)
{
	struct source_priv *sp = v->priv;
	free(sp->file);
	free(sp->module);
	free(sp->found);
	free(sp->tried);
	free(sp->text);
	free(sp->lines);
	free(sp);
}

static const struct view_ops source_ops = {
	.name = "source",
	.build = build,
	.status = status,
	.free = source_free,
};

struct view *source_view_new(struct tui *t, const char *file, int line, const char *module)
{
	struct source_priv *sp = calloc(1, sizeof *sp);
	if (!sp)
		abort();
	sp->file = strdup(file);
	sp->module = module ? strdup(module) : NULL;
	sp->line = line;
	char found[4096];
	sp->tried = calloc(1, 8192);
	if (!sp->file || !sp->tried)
		abort();
	if (source_view_locate(file, tui_report_path(t), found, sizeof found, sp->tried, 8192) == 0) {
		sp->found = strdup(found);
		if (load(sp) < 0) {
			snprintf(sp->tried, 8192, "%.4000s (%s)", found, strerror(errno));
			free(sp->found);
			sp->found = NULL;
		}
	}
	struct view *v = view_new(t, &source_ops, 1, sp);
	if (line > 0)
		view_set_title(v, "Source %s:%d", file, line);
	else
		view_set_title(v, "Source %s", file);
	return v;
}
