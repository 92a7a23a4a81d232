/* fmt_common.c - helpers shared by the output formats (see fmt_common.h). */
#include "fmt_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_text.h"

const struct report_frame *fmt_source_frame(const struct report_stack *s)
{
	for (size_t i = 0; s && i < s->nframes; i++)
		if (s->frames[i].file)
			return &s->frames[i];
	return NULL;
}

static const char *primary_role(enum report_kind k)
{
	switch (k) {
	case REPORT_DEADLOCK: return "blocked";
	case REPORT_LOCK_ORDER_INVERSION: return "acquired";
	case REPORT_DATA_RACE: return "access";
	case REPORT_API_MISUSE: return "current";
	default: return "";
	}
}

const struct report_stack *fmt_primary_stack(const struct report_finding *f)
{
	const char *role = primary_role(f->kind);
	for (size_t i = 0; i < f->nstacks; i++)
		if (f->stacks[i].role && strcmp(f->stacks[i].role, role) == 0 && fmt_source_frame(&f->stacks[i]))
			return &f->stacks[i];
	for (size_t i = 0; i < f->nstacks; i++)
		if (fmt_source_frame(&f->stacks[i]))
			return &f->stacks[i];
	return NULL;
}

char *fmt_finding_text(const struct report *r, size_t index)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return NULL;
	report_format_finding(r, index, m, REPORT_TEXT_NO_THREADS);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
