/* fmt_common.c - helpers shared by the output formats (see fmt_common.h). */
#include "fmt_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report_text.h"

static bool exists_here(const char *file)
{
	struct stat st;
	return file && stat(file, &st) == 0 && S_ISREG(st.st_mode);
}

const struct report_frame *fmt_source_frame(const struct report_stack *s)
{
	const struct report_frame *any = NULL;
	for (size_t i = 0; s && i < s->nframes; i++) {
		if (!s->frames[i].file)
			continue;
		if (exists_here(s->frames[i].file))
			return &s->frames[i];
		if (!any)
			any = &s->frames[i];
	}
	return any;
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
	for (int pass = 0; pass < 4; pass++) {
		bool need_here = pass < 2, need_role = pass % 2 == 0;
		for (size_t i = 0; i < f->nstacks; i++) {
			const struct report_stack *s = &f->stacks[i];
			if (need_role && !(s->role && strcmp(s->role, role) == 0))
				continue;
			const struct report_frame *fr = fmt_source_frame(s);
			if (fr && (!need_here || exists_here(fr->file)))
				return s;
		}
	}
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
