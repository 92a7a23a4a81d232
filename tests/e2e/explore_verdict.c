/* explore_verdict.c - prints the verdict of a `weft explore` JSON report on one line, for
 * tests/gallery.sh (which compares it with the sample's explore-expect header line):
 *
 *   explore_verdict REPORT   ->   "runs=N failure=KIND"  (KIND "none" when no run failed)
 *
 * and single fields for tests/explore.sh (which so needs no JSON tool of its own):
 *   explore_verdict --kind REPORT         the failure kind, or "none"
 *   explore_verdict --confirm REPORT      "confirmed|not-confirmed KIND EDGES_REACHED"
 *   explore_verdict --preemptions REPORT  "WITH_STACK TOTAL": preemptions whose stack has a
 *                                         symbolized first frame, and all of them
 *
 * Exit status 0; 1 when the report cannot be read or is not an explore report.
 */
#include <stdio.h>
#include <string.h>
#include "report.h"

int main(int argc, char **argv)
{
	struct report *r = NULL;
	char err[256];

	const char *field = NULL;
	if (argc == 3 && argv[1][0] == '-') {
		field = argv[1];
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: explore_verdict [--kind|--confirm|--preemptions] REPORT\n");
		return 2;
	}
	if (report_read_json_file(argv[1], &r, err, sizeof err) != 0) {
		printf("cannot read report: %s\n", err);
		return 1;
	}
	if (!r->explored) {
		printf("not a weft explore report (no \"runs\")\n");
		report_free(r);
		return 1;
	}
	const char *kind = r->failure ? (r->failure->kind ? r->failure->kind : "?") : "none";
	if (field && strcmp(field, "--kind") == 0) {
		printf("%s\n", kind);
	} else if (field && strcmp(field, "--confirm") == 0) {
		const struct report_confirm *c = r->confirm;
		printf("%s %s %ld\n", c && c->confirmed ? "confirmed" : "not-confirmed", kind, c ? c->edges_reached : 0);
	} else if (field && strcmp(field, "--preemptions") == 0) {
		size_t with = 0, n = r->failure ? r->failure->npreemptions : 0;
		for (size_t i = 0; i < n; i++) {
			const struct report_preemption *p = &r->failure->preemptions[i];
			with += p->has_stack && p->stack.nframes > 0 && p->stack.frames[0].function;
		}
		printf("%zu %zu\n", with, n);
	} else if (field) {
		fprintf(stderr, "explore_verdict: unknown field option %s\n", field);
		report_free(r);
		return 2;
	}
	if (field) {
		report_free(r);
		return 0;
	}
	printf("runs=%ld failure=%s\n", r->runs,
	       r->failure ? (r->failure->kind ? r->failure->kind : "?") : "none");
	report_free(r);
	return 0;
}
