/* explore_verdict.c - prints the verdict of a `weft explore` JSON report on one line, for
 * tests/gallery.sh (which compares it with the sample's explore-expect header line):
 *
 *   explore_verdict REPORT   ->   "runs=N failure=KIND"  (KIND "none" when no run failed)
 *
 * Exit status 0; 1 when the report cannot be read or is not an explore report.
 */
#include <stdio.h>
#include "report.h"

int main(int argc, char **argv)
{
	struct report *r = NULL;
	char err[256];

	if (argc != 2) {
		fprintf(stderr, "usage: explore_verdict REPORT\n");
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
	printf("runs=%ld failure=%s\n", r->runs,
	       r->failure ? (r->failure->kind ? r->failure->kind : "?") : "none");
	report_free(r);
	return 0;
}
