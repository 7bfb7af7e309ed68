/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-smit.c - unit tests of the SMIT engine's internals: shell quoting
 * (round trip through /bin/sh), the cmd_to_discover parser, comma lists,
 * running commands with separate and interleaved output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "odm.h"
#include "smit-internal.h"
#include "../tap.h"

static const char *const hostile[] = {
	"",
	"plain",
	"it's",
	"''",
	"'\\''",
	"\"double\" \\back\\slash",
	"$(touch pwned-a)",
	"`touch pwned-b`",
	"; touch pwned-c",
	"a && touch pwned-d || touch pwned-e",
	"line1\nline2\n",
	"$HOME ${HOME} * ? [a] ~ # %",
	"| cat > pwned-f &",
	"\t tab and spaces  ",
	"-n",
	"\x01\x7f\xc3\xa9 bytes",
};

static void test_quote(struct smit *smit)
{
	size_t i;

	char *q = smit_quote("it's");

	is_str(q, "'it'\\''s'", "quote: one quote");
	free(q);
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct vipa_buf cmd = { 0 }, out = { 0 }, err = { 0 };
		char what[128];
		int status = -1, rc;

		/* printf prints the argument back exactly, or the quoting broke */
		vipa_buf_adds(&cmd, "printf '%s' ");
		smit_quote_into(&cmd, hostile[i]);
		rc = smit_exec(smit, cmd.data, &out, &err, NULL, &status, 0);
		snprintf(what, sizeof(what), "quote round trip %zu", i);
		ok(rc == 0 && status == 0 && err.len == 0 &&
		   out.len == strlen(hostile[i]) &&
		   memcmp(out.data ? out.data : "", hostile[i], out.len) == 0, what);
		vipa_buf_free(&cmd);
		vipa_buf_free(&out);
		vipa_buf_free(&err);
	}
	ok(access("pwned-a", F_OK) != 0 && access("pwned-b", F_OK) != 0 &&
	   access("pwned-c", F_OK) != 0 && access("pwned-d", F_OK) != 0 &&
	   access("pwned-e", F_OK) != 0 && access("pwned-f", F_OK) != 0,
	   "no hostile value ran anything");
}

static void discover_case(const char *text, int want_rc, const char *want,
			  const char *what)
{
	struct smit_kvs kvs = { 0 };
	struct vipa_buf got = { 0 };
	const char *why;
	int rc, i;

	rc = smit_parse_discover(text, &kvs, &why);
	for (i = 0; i < kvs.n; i++)
		vipa_buf_addf(&got, "%s=%s;", kvs.v[i].name, kvs.v[i].value);
	vipa_buf_add(&got, "", 0);
	ok(rc == want_rc, what);
	if (rc != want_rc)
		printf("#   rc %d, want %d\n", rc, want_rc);
	if (want_rc == 0)
		is_str(got.data, want, what);
	else
		ok(why != NULL, "a reason is given");
	vipa_buf_free(&got);
	smit_kvs_free(&kvs);
}

static void test_discover(void)
{
	discover_case("#netaddr:state:netmask:netaddr6:alias6:prefixlen:alias4:interface_names\n"
		      "10.68.6.1:up:255.255.255.0:::::en1,en5\n", 0,
		      "netaddr=10.68.6.1;state=up;netmask=255.255.255.0;netaddr6=;"
		      "alias6=;prefixlen=;alias4=;interface_names=en1,en5;",
		      "discover: lsattr -O output");
	discover_case("#a:b\nx#!:y:#!:#!:\n", 0, "a=x:y;b=::;", "discover: #!: escapes");
	discover_case("#a#!:b:c\n1:2", 0, "a:b=1;c=2;", "discover: escape in a name, no final newline");
	discover_case("#a\n\n", 0, "a=;", "discover: one empty value");
	discover_case("#a:b\n", 0, "a=;b=;", "discover: no values line");
	discover_case("#a:b:c\n1:2\n", -SMIT_E_DATA, NULL, "discover: too few values");
	discover_case("#a\n1:2\n", -SMIT_E_DATA, NULL, "discover: too many values");
	discover_case("a:b\n1:2\n", -SMIT_E_DATA, NULL, "discover: no #");
	discover_case("", 0, "", "discover: empty output");
	discover_case("\n\n", 0, "", "discover: blank lines only");
	discover_case("#a:a\n1:2\n", 0, "a=2;", "discover: a repeated name keeps the last value");
	discover_case("#a\n1#!:2#!x\n", 0, "a=1:2#!x;",
		      "discover: '#!' without ':' is literal text");
	discover_case("#a\n1#!\n", 0, "a=1#!;", "discover: '#!' at the end stays");
	discover_case("#a:b\n1:2\n3:4\n", 0, "a=1;b=2;", "discover: later lines ignored");
}

static void test_commas(void)
{
	char **v = NULL;
	int n;

	n = smit_split_commas("up,down,detach", &v);
	ok(n == 3 && strcmp(v[0], "up") == 0 && strcmp(v[2], "detach") == 0 &&
	   v[3] == NULL, "commas: three values");
	vipa_strv_free(&v, NULL);
	n = smit_split_commas(",-d", &v);
	ok(n == 2 && v[0][0] == '\0' && strcmp(v[1], "-d") == 0,
	   "commas: an empty first value");
	vipa_strv_free(&v, NULL);
	n = smit_split_commas("", &v);
	ok(n == 0 && v && v[0] == NULL, "commas: empty string");
	vipa_strv_free(&v, NULL);
}

struct collect {
	struct vipa_buf text;
	int calls;
};

static void collect_fn(int fd, const char *data, size_t len, void *arg)
{
	struct collect *c = arg;

	char got[32];
	FILE *f;

	vipa_buf_addf(&c->text, "%d:", fd);
	vipa_buf_add(&c->text, data, len);
	c->calls++;
	/* tell the command what was read: it writes its next line only then */
	snprintf(got, sizeof(got), "got%d", c->calls);
	if ((f = fopen(got, "w")))
		fclose(f);
}

static void test_run(struct smit *smit)
{
	struct smit_result *r = NULL;
	struct collect c = { { 0 }, 0 };
	const char *s;
	size_t len;
	int rc;

	smit_set_log_file(smit, NULL);
	smit_set_script_file(smit, NULL);
	smit_set_output_fn(smit, collect_fn, &c);
	/* each line only after the one before was read (files got1, got2):
	 * the order seen does not depend on timing */
	rc = smit_run_command(smit, "echo one; until [ -e got1 ]; do sleep 0.01; done; "
			      "echo two >&2; until [ -e got2 ]; do sleep 0.01; done; "
			      "echo three; exit 7", &r);
	ok(rc == 0 && r, "run: started");
	if (!r)
		return;
	is_int(smit_result_status(r), 7, "run: exit status");
	is_int(smit_result_ran(r), 1, "run: ran");
	is_str(smit_result_stdout(r, &len), "one\nthree\n", "run: stdout");
	is_int(len, 10, "run: stdout length");
	is_str(smit_result_stderr(r, NULL), "two\n", "run: stderr");
	is_str(smit_result_output(r, NULL), "one\ntwo\nthree\n", "run: interleaved");
	is_str(c.text.data, "1:one\n2:two\n1:three\n", "run: output callback");
	ok(smit_result_warning(r) == NULL, "run: no warning without files");
	smit_result_free(r);
	vipa_buf_free(&c.text);
	smit_set_output_fn(smit, NULL, NULL);

	rc = smit_run_command(smit, "kill -TERM $$", &r);
	ok(rc == 0 && r && smit_result_status(r) == 128 + 15, "run: killed by a signal");
	smit_result_free(r);

	rc = smit_run_command(smit, "printf %s \"$_SMIT_LOG_FILE|$ENV|$_SMIT_DEBUG_FLAG\"", &r);
	s = r ? smit_result_stdout(r, NULL) : "";
	is_str(s, "||0", "run: _SMIT_ variables set, ENV unset");
	smit_result_free(r);

	rc = smit_run_command(smit, "", &r);
	ok(rc == -SMIT_E_ARG && r == NULL, "run: empty command refused");
}

int main(void)
{
	struct odm *odm = NULL;
	struct smit *smit = NULL;
	char dir[] = "/tmp/test-smit.XXXXXX";
	int rc;

	setenv("ENV", "/nonexistent/env", 1);
	if (!mkdtemp(dir) || chdir(dir) < 0) {
		printf("1..0 # SKIP no temporary directory\n");
		return 77;
	}
	rc = odm_open(&odm, dir, 0);
	ok(rc == 0, "odm_open");
	rc = smit_new(&smit, odm, 0);
	ok(rc == 0 && smit, "smit_new");
	if (!smit)
		return tap_done();
	is_str(smit_strerror(-SMIT_E_REQUIRED), "required field is empty", "strerror");
	is_str(smit_strerror(999), "unknown error", "strerror of an unknown code");

	test_quote(smit);
	test_discover();
	test_commas();
	test_run(smit);

	smit_free(smit);
	odm_close(odm);
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", dir);
		rc = system(cmd);
		(void)rc;
	}
	return tap_done();
}
