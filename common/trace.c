/* trace.c - names and roles of trace record kinds (the format is in trace.h). */
#include "trace.h"

const char *trace_kind_name(unsigned kind)
{
	static const char *const names[] = {
#define X(e, name, role) name,
		TRACE_KINDS(X)
#undef X
	};
	return kind < TRACE_KIND_COUNT ? names[kind] : "?";
}

char trace_kind_role(unsigned kind)
{
	static const char roles[] = {
#define X(e, name, role) role,
		TRACE_KINDS(X)
#undef X
	};
	return kind < TRACE_KIND_COUNT ? roles[kind] : '-';
}
