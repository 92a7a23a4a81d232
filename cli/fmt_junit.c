/* fmt_junit.c - JUnit XML output: a testsuite "weft" with one testcase per finding kind; a kind with
 * findings is a failure whose text is the text report of those findings. CI systems (GitLab, Jenkins,
 * GitHub test reporters) show it next to the program's own tests.
 *
 * Rules: the output is well-formed XML 1.0 whatever the report holds: markup characters are
 * escaped, characters XML 1.0 forbids (most control characters) are dropped, invalid UTF-8 becomes
 * U+FFFD.
 */
#include "fmt_junit.h"

#include <stdlib.h>
#include <string.h>

#include "fmt_common.h"

static void xml_escape(FILE *out, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		unsigned char c = *p;
		if (c < 0x80) {
			switch (c) {
			case '&': fputs("&amp;", out); break;
			case '<': fputs("&lt;", out); break;
			case '>': fputs("&gt;", out); break;
			case '"': fputs(attr ? "&quot;" : "\"", out); break;
			case '\n': fputs(attr ? "&#10;" : "\n", out); break;
			case '\t': fputs(attr ? "&#9;" : "\t", out); break;
			case '\r': fputs("&#13;", out); break;
			default:
				if (c >= 0x20 && c != 0x7f)
					fputc(c, out);
				else if (c == 0x7f)
					fputs("&#127;", out);
				/* other C0 controls (including ESC of colour codes) are not allowed in XML 1.0 */
			}
			p++;
			continue;
		}
		int n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		bool ok = n > 0;
		for (int i = 1; ok && i < n; i++)
			ok = (p[i] & 0xc0) == 0x80;
		if (ok && n == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0)))
			ok = false;
		if (ok && n == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90)))
			ok = false;
		/* U+FFFE and U+FFFF are not XML characters either */
		if (ok && n == 3 && c == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
			ok = false;
		if (ok) {
			fwrite(p, 1, (size_t)n, out);
			p += n;
		} else {
			fputs("\xef\xbf\xbd", out);
			p++;
		}
	}
}

static const char *base_name(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;
	return s && s[1] ? s + 1 : path ? path : "program";
}

int fmt_junit_write(struct report *const *reports, size_t n, FILE *out)
{
	unsigned counts[REPORT_KIND_COUNT] = {0};
	for (size_t i = 0; i < n; i++) {
		unsigned c[REPORT_KIND_COUNT];
		report_count_kinds(reports[i], c);
		for (int k = 0; k < REPORT_KIND_COUNT; k++)
			counts[k] += c[k];
	}
	unsigned failures = 0;
	for (int k = 0; k < REPORT_KIND_COUNT; k++)
		failures += counts[k] != 0;
	const char *program = n && reports[0]->program ? reports[0]->program : n && reports[0]->argc ? reports[0]->argv[0] : NULL;

	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out, "<testsuites name=\"weft\" tests=\"%d\" failures=\"%u\" errors=\"0\">\n", REPORT_KIND_COUNT, failures);
	fprintf(out, "  <testsuite name=\"weft\" tests=\"%d\" failures=\"%u\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
		REPORT_KIND_COUNT, failures);
	fprintf(out, "    <properties>\n");
	if (program) {
		fprintf(out, "      <property name=\"program\" value=\"");
		xml_escape(out, program, true);
		fprintf(out, "\"/>\n");
	}
	for (size_t i = 0; i < n; i++)
		if (reports[i]->pid > 0)
			fprintf(out, "      <property name=\"pid\" value=\"%ld\"/>\n", reports[i]->pid);
	fprintf(out, "    </properties>\n");

	for (int k = 0; k < REPORT_KIND_COUNT; k++) {
		fprintf(out, "    <testcase classname=\"weft.");
		xml_escape(out, base_name(program), true);
		fprintf(out, "\" name=\"%s\" time=\"0\"", report_kind_name((enum report_kind)k));
		if (!counts[k]) {
			fprintf(out, "/>\n");
			continue;
		}
		fprintf(out, ">\n      <failure type=\"%s\" message=\"%u %s finding%s\">", report_kind_name((enum report_kind)k),
			counts[k], report_kind_title((enum report_kind)k), counts[k] == 1 ? "" : "s");
		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; j < reports[i]->nfindings; j++) {
				if (reports[i]->findings[j].kind != (enum report_kind)k)
					continue;
				char *text = fmt_finding_text(reports[i], j);
				xml_escape(out, text ? text : "(out of memory)\n", false);
				free(text);
			}
		}
		fprintf(out, "</failure>\n    </testcase>\n");
	}
	fprintf(out, "  </testsuite>\n</testsuites>\n");
	return ferror(out) ? -1 : 0;
}
