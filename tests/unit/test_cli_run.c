/* test_cli_run.c - `weft run` (cli/run.c) without the real runtime: the "runtime" preloaded is the C
 * library itself (harmless), and the programs are shell scripts that play the runtime's part: they
 * copy a prepared JSON report to the json= path found in WEFT_OPTIONS. Checks exit statuses,
 * the environment given to the program, reports of forked processes, `end` completed from the wait
 * status, --json paths WEFT_OPTIONS cannot carry, --format/--output, and signal forwarding.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "report.h"
#include "report_fixture.h"

static char dir[64];

static void put(const char *name, const char *text, int mode)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	chmod(p, (mode_t)mode);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 1 << 20);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

/* Runs `weft run ARGS...` in-process with stderr captured into dir/stderr.txt; returns its status. */
static int weft_run(const char *const *args)
{
	char *argv[32];
	int argc = 0;
	argv[argc++] = "run";
	for (int i = 0; args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	char errp[256];
	snprintf(errp, sizeof errp, "%s/stderr.txt", dir);
	fflush(stdout);
	fflush(stderr);
	int se = dup(2), so = dup(1);
	int fd = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int nul = open("/dev/null", O_WRONLY);
	dup2(fd, 2);
	dup2(nul, 1);
	int rc = cmd_run(argc, argv);
	fflush(stderr);
	fflush(stdout);
	dup2(se, 2);
	dup2(so, 1);
	close(se);
	close(so);
	close(fd);
	close(nul);
	return rc;
}

static char *err_text(void)
{
	char p[256];
	snprintf(p, sizeof p, "%s/stderr.txt", dir);
	return slurp(p);
}

/* dir/name in a string that lives until the end of the test (a few dozen, never freed) */
static char *path_in(const char *name)
{
	char *b = malloc(256);
	snprintf(b, 256, "%s/%s", dir, name);
	return b;
}

/* the fake program: copies $FAKE_REPORT to the json= path, optionally a child report, then exits
 * or kills itself; also records its environment */
static const char fake[] =
	"#!/bin/sh\n"
	"json=$(printf '%s\\n' \"$WEFT_OPTIONS\" | tr ' ' '\\n' | sed -n 's/^json=//p' | tail -1)\n"
	"printf '%s\\n%s\\n%s\\n' \"$LD_PRELOAD\" \"$WEFT_OPTIONS\" \"$WEFT_REPORT_ROOT\" > \"$FAKE_DIR/env.txt\"\n"
	"[ -n \"$FAKE_REPORT\" ] && cp \"$FAKE_REPORT\" \"$json.tmp\" && mv \"$json.tmp\" \"$json\"\n"
	"[ -n \"$FAKE_CHILD\" ] && cp \"$FAKE_CHILD\" \"${json%.json}.$$.json\"\n"
	"[ -n \"$FAKE_KILL\" ] && kill -\"$FAKE_KILL\" $$\n"
	"exit ${FAKE_EXIT:-0}\n";

static void set(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

static void write_report(const char *name, struct report *r)
{
	char err[256];
	if (report_write_json_file(r, path_in(name), err, sizeof err) < 0)
		printf("FAIL fixture: %s\n", err);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/weft-test-run.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	setenv("FAKE_DIR", dir, 1);

	/* the C library stands in for libweft.so */
	Dl_info info;
	if (!dladdr((void *)printf, &info) || !info.dli_fname) {
		printf("FAIL setup: cannot find the C library\n");
		return 1;
	}
	setenv("WEFT_RUNTIME", info.dli_fname, 1);
	unsetenv("WEFT_OPTIONS");
	unsetenv("LD_PRELOAD");

	put("fake.sh", fake, 0755);
	put("noexec.sh", fake, 0644);
	struct report *r = fixture_report();
	r->ended = false;
	r->ended_by_weft = false;
	r->exit_status = -1;
	write_report("findings.json", r);
	struct report *clean = report_new();
	clean->pid = 1234;
	write_report("clean.json", clean);
	struct report *child = report_new();
	child->pid = 1235;
	child->parent_pid = 1234;
	report_add_finding(child, REPORT_API_MISUSE)->misuse = report_strdup("join-twice");
	write_report("child.json", child);

	const char *fakep = path_in("fake.sh");
	int rc;
	char *e;

	/* findings -> 66, or --exitcode */
	set("FAKE_REPORT", path_in("findings.json"));
	rc = weft_run((const char *[]){fakep, NULL});
	e = err_text();
	CHECK("findings_exit_66", rc == 66 && e && strstr(e, "SUMMARY: weft: 4 findings"), "rc=%d stderr:\n%s", rc, e);
	free(e);
	rc = weft_run((const char *[]){"--exitcode", "9", "--quiet", fakep, NULL});
	e = err_text();
	CHECK("exitcode_option_and_quiet", rc == 9 && e && !strstr(e, "SUMMARY"), "rc=%d stderr:\n%s", rc, e);
	free(e);

	/* the environment the program sees */
	setenv("LD_PRELOAD", "/nonexistent/other.so", 1);
	setenv("WEFT_OPTIONS", "verbosity=1", 1);
	rc = weft_run((const char *[]){"--no-deadlock", "--no-lock-order", "--no-misuse", "--deadlock-ms", "250", fakep, NULL});
	unsetenv("LD_PRELOAD");
	unsetenv("WEFT_OPTIONS");
	char *env = slurp(path_in("env.txt"));
	char want_pre[PATH_MAX + 64], libc_real[PATH_MAX];
	if (!realpath(info.dli_fname, libc_real))
		snprintf(libc_real, sizeof libc_real, "%s", info.dli_fname);
	snprintf(want_pre, sizeof want_pre, "%s:/nonexistent/other.so\n", libc_real);
	CHECK("environment", env && strncmp(env, want_pre, strlen(want_pre)) == 0 && strstr(env, "\nverbosity=1 managed=1 ") &&
				     strstr(env, " json=/") && strstr(env, " deadlock=0") && strstr(env, " lock_order=0") &&
				     strstr(env, " misuse=0") && strstr(env, " deadlock_ms=250") && strstr(env, "exitcode=66"),
	      "program saw:\n%s", env);
	free(env);

	/* clean report: the program's own status */
	set("FAKE_REPORT", path_in("clean.json"));
	set("FAKE_EXIT", "5");
	rc = weft_run((const char *[]){fakep, NULL});
	e = err_text();
	CHECK("clean_own_status", rc == 5 && e && strstr(e, "SUMMARY: weft: no findings in "), "rc=%d stderr:\n%s", rc, e);
	free(e);

	/* no report: say why, still the program's status */
	set("FAKE_REPORT", NULL);
	set("FAKE_EXIT", "3");
	rc = weft_run((const char *[]){fakep, NULL});
	e = err_text();
	CHECK("no_report", rc == 3 && e && strstr(e, "no report:") && strstr(e, "did not load the weft runtime"),
	      "rc=%d stderr:\n%s", rc, e);
	free(e);
	set("FAKE_EXIT", NULL);

	/* killed by a signal: 128+N, said in one line, `end` filled in the --json file */
	set("FAKE_REPORT", path_in("clean.json"));
	set("FAKE_KILL", "TERM");
	char *jp = path_in("out.json");
	rc = weft_run((const char *[]){"--json", jp, fakep, NULL});
	e = err_text();
	struct report *back = NULL;
	char err[300];
	int rrc = report_read_json_file(jp, &back, err, sizeof err);
	CHECK("killed_by_signal", rc == 143 && e && strstr(e, "was killed by signal 15 (SIGTERM") && rrc == 0 && back->ended &&
					  back->signal == 15 && back->exit_status == -1,
	      "rc=%d stderr:\n%s", rc, e);
	report_free(back);
	free(e);
	set("FAKE_KILL", NULL);

	/* a forked process's report counts and is listed; `end` of the main report is the exit status */
	set("FAKE_CHILD", path_in("child.json"));
	rc = weft_run((const char *[]){"--json", jp, "--format", "sarif", "--output", path_in("out.sarif"), fakep, NULL});
	e = err_text();
	rrc = report_read_json_file(jp, &back, err, sizeof err);
	char *sarif = slurp(path_in("out.sarif"));
	CHECK("child_report", rc == 66 && e && strstr(e, "(2 processes)") && strstr(e, "weft run: 2 reports:") && rrc == 0 &&
				      back->ended && back->exit_status == 0 && sarif && strstr(sarif, "\"ruleId\": \"api-misuse\""),
	      "rc=%d stderr:\n%s", rc, e);
	report_free(back);
	free(sarif);
	free(e);

	/* a --json path WEFT_OPTIONS cannot carry (space, colon): copied there at the end */
	mkdir(path_in("a b:c"), 0755);
	char *odd = path_in("a b:c/r.json");
	rc = weft_run((const char *[]){"--json", odd, "--quiet", fakep, NULL});
	int reports_there = 0;
	DIR *d = opendir(path_in("a b:c"));
	for (struct dirent *de; d && (de = readdir(d));)
		reports_there += strncmp(de->d_name, "r.", 2) == 0 && strstr(de->d_name, ".json") != NULL;
	if (d)
		closedir(d);
	rrc = report_read_json_file(odd, &back, err, sizeof err);
	CHECK("odd_json_path", rc == 66 && rrc == 0 && reports_there == 2, "rc=%d, %d reports there %s", rc, reports_there,
	      rrc ? err : "");
	report_free(back);
	set("FAKE_CHILD", NULL);

	/* PATH lookup, not found, not executable, usage errors */
	char path[512];
	snprintf(path, sizeof path, "%s:/usr/bin:/bin", dir);
	char *old_path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", path, 1);
	rc = weft_run((const char *[]){"fake.sh", NULL});
	CHECK("path_lookup", rc == 0, "rc=%d", rc);
	rc = weft_run((const char *[]){"weft-no-such-program", NULL});
	e = err_text();
	CHECK("not_found_127", rc == 127 && e && strstr(e, "weft-no-such-program: command not found"), "rc=%d %s", rc, e);
	free(e);
	rc = weft_run((const char *[]){"noexec.sh", NULL});
	CHECK("not_executable_126", rc == 126, "rc=%d", rc);
	rc = weft_run((const char *[]){path_in("noexec.sh"), NULL});
	CHECK("not_executable_path_126", rc == 126, "rc=%d", rc);
	if (old_path)
		setenv("PATH", old_path, 1);
	free(old_path);
	static const char *const usage_cases[][4] = {
		{NULL},
		{"--bogus", "P", NULL},
		{"--exitcode", "300", "P", NULL},
		{"--deadlock-ms", "x", "P", NULL},
		{"--format", "pdf", "P", NULL},
		{"--suppressions", "/nonexistent", "P", NULL},
		{"--json", "/nonexistent/dir/r.json", "P", NULL},
		{"--quiet=1", "P", NULL},
		{"--json", NULL},
	};
	int usage_bad = -1;
	for (size_t i = 0; i < sizeof usage_cases / sizeof usage_cases[0]; i++) {
		const char *a[5] = {0};
		for (int j = 0; j < 4 && usage_cases[i][j]; j++)
			a[j] = strcmp(usage_cases[i][j], "P") ? usage_cases[i][j] : fakep;
		if (weft_run(a) != 2 && usage_bad < 0)
			usage_bad = (int)i;
	}
	CHECK("usage_errors_exit_2", usage_bad < 0, "usage case %d did not give 2", usage_bad);
	setenv("WEFT_RUNTIME", "/nonexistent/libweft.so", 1);
	rc = weft_run((const char *[]){fakep, NULL});
	e = err_text();
	CHECK("runtime_missing", rc == 2 && e && strstr(e, "runtime is missing"), "rc=%d %s", rc, e);
	free(e);
	setenv("WEFT_RUNTIME", info.dli_fname, 1);

	/* a statically linked program is refused (when the toolchain can build one) */
	put("static.c", "int main(void) { return 0; }\n", 0644);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "cc -static -o %s/static %s/static.c 2>/dev/null", dir, dir);
	if (system(cmd) == 0) {
		rc = weft_run((const char *[]){path_in("static"), NULL});
		e = err_text();
		CHECK("static_refused", rc == 2 && e && strstr(e, "statically linked"), "rc=%d %s", rc, e);
		free(e);
	} else {
		printf("PASS static_refused (skipped: no static C library)\n");
	}

	/* SIGTERM sent to weft alone reaches the program */
	put("trap.sh",
	    "#!/bin/sh\ntrap 'echo got-term > \"$FAKE_DIR/trap.txt\"; exit 7' TERM\necho ready > \"$FAKE_DIR/ready.txt\"\n"
	    "i=0; while [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done\nexit 0\n",
	    0755);
	set("FAKE_REPORT", NULL);
	fflush(stdout);
	pid_t w = fork();
	if (w == 0) {
		int st = weft_run((const char *[]){"--quiet", path_in("trap.sh"), NULL});
		_exit(st);
	}
	for (int i = 0; i < 100 && access(path_in("ready.txt"), F_OK) != 0; i++)
		usleep(50000);
	kill(w, SIGTERM);
	int st = 0;
	waitpid(w, &st, 0);
	char *tr = slurp(path_in("trap.txt"));
	CHECK("signal_forwarded", WIFEXITED(st) && WEXITSTATUS(st) == 7 && tr && strstr(tr, "got-term"),
	      "weft status %d, trap %s", st, tr ? tr : "(none)");
	free(tr);

	report_free(r);
	report_free(clean);
	report_free(child);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("FAIL cleanup\n");
	return fixture_failures ? 1 : 0;
}
