/* schedule_model.c - an explored schedule as steps (see schedule_model.h for the sources and the
 * alignment of trace events to steps). Everything read from the report and the trace is
 * bounds-checked: a schedule that does not match them shows what it can. */
#include "tui/schedule_model.h"

#include <stdlib.h>
#include <string.h>

int schedule_model_preemption_at(const struct report *r, size_t step)
{
	if (!r || !r->failure)
		return -1;
	for (size_t k = 0; k < r->failure->npreemptions; k++)
		if (r->failure->preemptions[k].step >= 0 && (size_t)r->failure->preemptions[k].step == step)
			return (int)k;
	return -1;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Put the trace's events on steps (the rule in schedule_model.h). */
static void align(struct schedule_model *m)
{
	const struct trace_data *t = m->trace;
	size_t n = m->sched.n;
	if (!t || n == 0)
		return;
	size_t p = 0, *at = calloc(t->nevents ? t->nevents : 1, sizeof *at);
	m->ev_index = calloc(t->nevents ? t->nevents : 1, sizeof *m->ev_index);
	if (!at || !m->ev_index)
		abort();
	/* last[k]: the step of the last event of the thread in lane k (n: none yet) */
	size_t *last = malloc((m->nthreads ? m->nthreads : 1) * sizeof *last);
	if (!last)
		abort();
	for (size_t k = 0; k < m->nthreads; k++)
		last[k] = n;
	for (size_t i = 0; i < t->nevents; i++) {
		int th = (int)t->events[i].thread, lane = schedule_model_lane(m, th);
		bool start = t->events[i].kind == TRACE_START;
		size_t q = n;
		if (lane >= 0) {
			/* the thread's next step: its first (start), else the first after its last event's */
			size_t from = start || last[lane] == n ? 0 : last[lane] + 1;
			if (!start && from < p)
				from = p;
			for (q = from; q < n && m->steps[q].thread != th; q++)
				;
		}
		if (q == n)
			q = lane >= 0 && last[lane] != n ? last[lane] : p;
		if (!start && q > p)
			p = q;
		if (lane >= 0)
			last[lane] = q;
		at[i] = q;
		m->steps[q].ev_n++;
	}
	free(last);
	/* counting sort by step (stable: seq order within a step) */
	size_t first = 0;
	for (size_t s = 0; s < n; s++) {
		m->steps[s].ev_first = first;
		first += m->steps[s].ev_n;
		m->steps[s].ev_n = 0;
	}
	for (size_t i = 0; i < t->nevents; i++) {
		struct sm_step *st = &m->steps[at[i]];
		m->ev_index[st->ev_first + st->ev_n++] = i;
	}
	free(at);
}

void schedule_model_init(struct schedule_model *m, struct schedule *s, struct trace_data *t,
                         const struct report *r)
{
	memset(m, 0, sizeof *m);
	m->sched = *s;
	memset(s, 0, sizeof *s);
	m->trace = t;
	m->r = r;
	size_t n = m->sched.n;
	m->steps = calloc(n ? n : 1, sizeof *m->steps);
	m->threads = calloc(n ? n : 1, sizeof *m->threads);
	if (!m->steps || !m->threads)
		abort();
	for (size_t i = 0; i < n; i++) {
		m->steps[i].thread = m->sched.decisions[i];
		m->steps[i].preemption = schedule_model_preemption_at(r, i);
		bool seen = false;
		for (size_t k = 0; k < m->nthreads && !seen; k++)
			seen = m->threads[k] == m->steps[i].thread;
		if (!seen)
			m->threads[m->nthreads++] = m->steps[i].thread;
	}
	qsort(m->threads, m->nthreads, sizeof *m->threads, cmp_int);
	align(m);
}

void schedule_model_free(struct schedule_model *m)
{
	schedule_free(&m->sched);
	if (m->trace)
		trace_data_free(m->trace);
	free(m->steps);
	free(m->ev_index);
	free(m->threads);
	memset(m, 0, sizeof *m);
}

int schedule_model_lane(const struct schedule_model *m, int thread)
{
	for (size_t k = 0; k < m->nthreads; k++)
		if (m->threads[k] == thread)
			return (int)k;
	return -1;
}

int schedule_model_holders(const struct schedule_model *m, size_t step, struct sm_hold *out, int max)
{
	const struct trace_data *t = m->trace;
	if (!t)
		return -1;
	/* the events of the steps up to and including this one, in step order */
	size_t upto = step < m->sched.n ? m->steps[step].ev_first + m->steps[step].ev_n : t->nevents;
	int n = 0;
	for (size_t j = 0; j < upto && j < t->nevents; j++) {
		const struct trace_event *e = &t->events[m->ev_index ? m->ev_index[j] : j];
		if (!(e->flags & TRACE_F_OBJ_IS_LOCK) || (e->flags & TRACE_F_FAILED))
			continue;
		if (e->kind == TRACE_LOCK || e->kind == TRACE_RDLOCK) {
			if (n < max)
				out[n++] = (struct sm_hold){(int)e->obj, (int)e->thread, e->kind == TRACE_RDLOCK};
		} else if (e->kind == TRACE_UNLOCK || e->kind == TRACE_RDUNLOCK) {
			for (int k = n - 1; k >= 0; k--)
				if (out[k].lock == (int)e->obj && out[k].thread == (int)e->thread) {
					memmove(&out[k], &out[k + 1], (size_t)(n - k - 1) * sizeof *out);
					n--;
					break;
				}
		}
	}
	return n;
}
