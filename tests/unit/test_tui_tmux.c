/* test_tui_tmux.c - runs tests/tui/tmux-test.sh (the real `weft view` in tmux) as part of the unit
 * tests, on the weft binary built beside this test (B/tests/test_tui_tmux -> B/bin/weft), and passes
 * its PASS/FAIL lines through. Without tmux the script says SKIP; that becomes one PASS line saying
 * it was skipped (the runner wants at least one verdict). Run from the top of the tree.
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	char self[PATH_MAX], cmd[2 * PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0) {
		printf("FAIL tmux: cannot find this test's own path\n");
		return 1;
	}
	self[n] = 0;
	char *bdir = dirname(dirname(self)); /* B/tests/test_tui_tmux -> B */
	snprintf(cmd, sizeof cmd, "tests/tui/tmux-test.sh '%s/bin/weft' 2>&1", bdir);
	FILE *p = popen(cmd, "r");
	if (!p) {
		printf("FAIL tmux: cannot run tests/tui/tmux-test.sh\n");
		return 1;
	}
	char line[4096];
	int fails = 0, verdicts = 0;
	while (fgets(line, sizeof line, p)) {
		if (strncmp(line, "SKIP ", 5) == 0) {
			printf("PASS %.*s (skipped)\n", (int)strcspn(line + 5, "\n"), line + 5);
			verdicts++;
			continue;
		}
		fails += strncmp(line, "FAIL ", 5) == 0;
		verdicts += strncmp(line, "PASS ", 5) == 0 || strncmp(line, "FAIL ", 5) == 0;
		fputs(line, stdout);
	}
	int st = pclose(p);
	if (!verdicts) {
		printf("FAIL tmux: tests/tui/tmux-test.sh printed no verdict (status %d)\n", st);
		return 1;
	}
	if (fails == 0 && (!WIFEXITED(st) || WEXITSTATUS(st) != 0)) {
		printf("FAIL tmux: tests/tui/tmux-test.sh exited with status %d\n", st);
		return 1;
	}
	return fails ? 1 : 0;
}
