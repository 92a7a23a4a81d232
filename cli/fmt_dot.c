/* fmt_dot.c - Graphviz DOT output: the lock-order graph that the findings show.
 *
 * Nodes are locks (boxes: label, kind, name, where created) and, for deadlocks that wait on
 * something other than a lock, threads (ellipses). An edge A -> B says "a thread took or waits for B
 * while holding A", labelled by the thread and where it took B. Edges of a lock-order inversion or a
 * deadlock cycle are red (bold for a real deadlock, where threads are blocked on them); locks of the
 * report that appear in no cycle are drawn grey. Several reports (forked processes) become clusters.
 * Node names are prefixed by the process ("p4711_M1") so processes never share a node.
 */
#include "fmt_dot.h"

#include <stdlib.h>
#include <string.h>

#include "fmt_common.h"
#include "report_text.h"

/* Writes s escaped for a DOT double-quoted string; newlines become \n (centred lines). */
static void dot_escape(FILE *out, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', out), fputc(*p, out);
		else if (*p == '\n')
			fputs("\\n", out);
		else if ((unsigned char)*p >= 0x20)
			fputc(*p, out);
	}
}

static const char *base_name(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;
	return s && s[1] ? s + 1 : path;
}

struct edge {
	int from, to;          /* lock ids; `to` is a thread id when to_thread */
	bool from_thread, to_thread;
	int thread;
	bool deadlock;         /* part of a real deadlock */
	const struct report_stack *where;
};

struct graph {
	struct edge *e;
	size_t n, cap;
};

static void add_edge(struct graph *g, struct edge e)
{
	for (size_t i = 0; i < g->n; i++) {
		struct edge *o = &g->e[i];
		if (o->from == e.from && o->to == e.to && o->from_thread == e.from_thread && o->to_thread == e.to_thread &&
		    o->thread == e.thread) {
			o->deadlock |= e.deadlock;
			if (!o->where)
				o->where = e.where;
			return;
		}
	}
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		struct edge *ne = realloc(g->e, cap * sizeof *ne);
		if (!ne)
			return;
		g->e = ne;
		g->cap = cap;
	}
	g->e[g->n++] = e;
}

static const struct report_stack *stack_of(const struct report_finding *f, int idx)
{
	return idx >= 0 && (size_t)idx < f->nstacks ? &f->stacks[idx] : NULL;
}

static bool lock_in_graph(const struct graph *g, int id)
{
	for (size_t i = 0; i < g->n; i++)
		if ((!g->e[i].from_thread && g->e[i].from == id) || (!g->e[i].to_thread && g->e[i].to == id))
			return true;
	return false;
}

static void node_name(FILE *out, const struct report *r, bool thread, int id)
{
	fprintf(out, "\"p%ld_%c%d\"", r->pid > 0 ? r->pid : 0, thread ? 'T' : 'M', id);
}

static void one_report(const struct report *r, FILE *out, const char *indent)
{
	struct graph g = {0};
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct report_finding *f = &r->findings[i];
		if (f->kind != REPORT_LOCK_ORDER_INVERSION && f->kind != REPORT_DEADLOCK)
			continue;
		bool dl = f->kind == REPORT_DEADLOCK;
		for (size_t j = 0; j < f->ncycle; j++) {
			const struct report_cycle_step *s = &f->cycle[j];
			struct edge e = {.thread = s->thread, .deadlock = dl, .where = stack_of(f, s->wait_stack)};
			if (s->holds >= 0) {
				e.from = s->holds;
			} else if (s->thread >= 0) {
				e.from = s->thread; /* a thread that holds nothing but waits */
				e.from_thread = true;
			} else {
				continue;
			}
			if (s->waits >= 0) {
				e.to = s->waits;
			} else if (s->waits_thread >= 0) {
				e.to = s->waits_thread;
				e.to_thread = true;
			} else {
				continue;
			}
			add_edge(&g, e);
		}
	}

	/* nodes: every lock of the report, then the threads edges name */
	for (size_t i = 0; i < r->nlocks; i++) {
		const struct report_lock *l = &r->locks[i];
		char lab[24];
		report_text_lock_label(l->id, lab, sizeof lab);
		fprintf(out, "%s", indent);
		node_name(out, r, false, l->id);
		fprintf(out, " [label=\"");
		dot_escape(out, lab);
		fprintf(out, "\\n");
		dot_escape(out, l->kind ? l->kind : "lock");
		if (l->name) {
			fputc(' ', out);
			dot_escape(out, l->name);
		}
		const struct report_frame *fr = fmt_source_frame(l->has_created ? &l->created : NULL);
		if (fr) {
			fprintf(out, "\\n");
			dot_escape(out, base_name(fr->file));
			if (fr->line > 0)
				fprintf(out, ":%d", fr->line);
		}
		fprintf(out, "\"");
		if (lock_in_graph(&g, l->id))
			fprintf(out, ", color=red, fontcolor=red, penwidth=2");
		else
			fprintf(out, ", color=gray50, fontcolor=gray40");
		fprintf(out, "];\n");
	}
	/* endpoints without a node yet: threads, and locks named by a finding but missing from the
	 * lock table */
	for (size_t i = 0; i < g.n; i++) {
		for (int side = 0; side < 2; side++) {
			bool th = side ? g.e[i].to_thread : g.e[i].from_thread;
			int id = side ? g.e[i].to : g.e[i].from;
			bool seen = !th && report_find_lock(r, id);
			for (size_t j = 0; j <= i && !seen; j++) {
				if (g.e[j].from == id && g.e[j].from_thread == th && (j < i || side == 1))
					seen = true;
				if (g.e[j].to == id && g.e[j].to_thread == th && j < i)
					seen = true;
			}
			if (seen)
				continue;
			char lab[24];
			if (th)
				report_text_thread_label(id, lab, sizeof lab);
			else
				report_text_lock_label(id, lab, sizeof lab);
			fprintf(out, "%s", indent);
			node_name(out, r, th, id);
			fprintf(out, " [label=\"%s%s\", shape=%s, color=red, fontcolor=red];\n", th ? "thread " : "", lab,
				th ? "ellipse" : "box");
		}
	}

	for (size_t i = 0; i < g.n; i++) {
		const struct edge *e = &g.e[i];
		char t[24];
		report_text_thread_label(e->thread, t, sizeof t);
		fprintf(out, "%s", indent);
		node_name(out, r, e->from_thread, e->from);
		fprintf(out, " -> ");
		node_name(out, r, e->to_thread, e->to);
		fprintf(out, " [label=\"%s%s", t, e->deadlock ? (e->to_thread ? " joins" : " waits") : "");
		const struct report_frame *fr = fmt_source_frame(e->where);
		if (fr) {
			fprintf(out, "\\n");
			dot_escape(out, base_name(fr->file));
			if (fr->line > 0)
				fprintf(out, ":%d", fr->line);
		}
		fprintf(out, "\", color=red, fontcolor=red%s];\n", e->deadlock ? ", penwidth=3, style=bold" : ", penwidth=2");
	}
	free(g.e);
}

int fmt_dot_write(struct report *const *reports, size_t n, FILE *out)
{
	const char *program = n && reports[0]->program ? reports[0]->program : "program";
	fprintf(out, "digraph weft {\n");
	fprintf(out, "  graph [label=\"weft lock-order graph: ");
	dot_escape(out, base_name(program));
	fprintf(out, "\", labelloc=t, fontname=\"Helvetica\"];\n");
	fprintf(out, "  node [shape=box, fontname=\"Helvetica\"];\n");
	fprintf(out, "  edge [fontname=\"Helvetica\", fontsize=10];\n");
	for (size_t i = 0; i < n; i++) {
		if (n > 1) {
			fprintf(out, "  subgraph \"cluster_p%ld\" {\n    label=\"process %ld", reports[i]->pid > 0 ? reports[i]->pid : (long)i,
				reports[i]->pid);
			if (reports[i]->program) {
				fputc(' ', out);
				dot_escape(out, base_name(reports[i]->program));
			}
			fprintf(out, "\";\n");
			one_report(reports[i], out, "    ");
			fprintf(out, "  }\n");
		} else {
			one_report(reports[i], out, "  ");
		}
	}
	fprintf(out, "}\n");
	return ferror(out) ? -1 : 0;
}
