/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-odm-stanza.c - the stanza reader and writer: the accepted syntax,
 * round trips of arbitrary byte strings, and every syntax error.
 */
#include <stdlib.h>
#include <string.h>

#include "odm-internal.h"
#include "../tap.h"

/* Parse; render every stanza as "Class@line{name=value(q)@line;...}". */
struct render {
	struct odm_buf *out;
	int stop_after;   /* return 42 from the callback at this stanza */
	int n;
};

static int render_cb(const struct odm_stanza *st, void *arg)
{
	struct render *r = arg;

	odm_buf_printf(r->out, "%s@%d{", st->class_name, st->line);
	for (int i = 0; i < st->npairs; i++)
		odm_buf_printf(r->out, "%s=%s%s@%d;", st->names[i], st->values[i],
			       st->quoted[i] ? "(q)" : "", st->lines[i]);
	odm_buf_add(r->out, "}", 1);
	if (++r->n == r->stop_after)
		return 42;
	return 0;
}

static char *parse(const char *text)
{
	static char res[4096];
	char err[512];
	struct render r = { .out = odm_buf_new() };
	int rc = odm_stanza_parse(text, strlen(text), "in", render_cb, &r, err,
				  sizeof(err));

	if (rc < 0)
		snprintf(res, sizeof(res), "ERR%d: %s", -rc, err);
	else
		snprintf(res, sizeof(res), "%s", odm_buf_data(r.out));
	odm_buf_free(r.out);
	return res;
}

#define OK(text, want) is_str(parse(text), want, "parses: " #text)
#define BAD(text, want) is_str(parse(text), "ERR10: " want, "rejects: " #text)

/* Round trip: write an object holding @v, read it back. */
struct rt {
	const char *want;
	size_t wantlen;
	int same;
};

static int rt_cb(const struct odm_stanza *st, void *arg)
{
	struct rt *r = arg;

	r->same = st->npairs == 2 && strcmp(st->names[0], "s") == 0 &&
		  strlen(st->values[0]) == r->wantlen &&
		  memcmp(st->values[0], r->want, r->wantlen) == 0 &&
		  strcmp(st->values[1], "-7") == 0 && !st->quoted[1];
	return 0;
}

static int round_trip(struct odm_class *cls, const char *v)
{
	struct odm_obj *o = odm_obj_new(cls);
	struct odm_buf *b = odm_buf_new();
	struct rt r = { .want = v, .wantlen = strlen(v) };
	int rc;

	rc = odm_obj_set(NULL, o, "s", v);
	if (rc == 0)
		rc = odm_obj_set(NULL, o, "n", "-7");
	if (rc == 0)
		rc = odm_stanza_write(b, o);
	if (rc == 0)
		rc = odm_stanza_parse(odm_buf_data(b), odm_buf_len(b), "rt", rt_cb, &r,
				      NULL, 0);
	odm_obj_free(o);
	odm_buf_free(b);
	return rc == 0 && r.same;
}

int main(void)
{
	struct odm *odm = odm_handle_new();
	struct odm_class *cls;
	const char *def = "class S { longchar s[5000]; short n; double d; };";

	is_int(ODM_E_STANZA, 10, "ODM_E_STANZA is 10 (used below)");

	/* accepted syntax */
	OK("", "");
	OK("\n\n# only a comment\n", "");
	OK("CuAt:\n\tname = \"vi0\"\n\tnls_index = 0\n",
	   "CuAt@1{name=vi0(q)@2;nls_index=0@3;}");
	OK("\nA:\n\tx = \"1\"\n\nB:\n  y = 2\n\n\n",
	   "A@2{x=1(q)@3;}B@5{y=2@6;}");
	OK("A:\n\tx=\"1\"\nB:\n\ty=2", "A@1{x=1(q)@2;}B@3{y=2@4;}");
	OK("A:   \n\tx\t=\t\"a\"  \t\n", "A@1{x=a(q)@2;}");
	OK("A:\n\tx = bare words  here \t\n", "A@1{x=bare words  here@2;}");
	OK("A:\n\tx =\n\ty = \"\"\n", "A@1{x=@2;y=(q)@3;}");
	OK("A:\n# comment inside\n\tx = 1\n  # indented comment\n\ty = 2\n",
	   "A@1{x=1@3;y=2@5;}");
	OK("A:\n\tx = \"q\\\"b\\\\n\\nt\\tz\"\n", "A@1{x=q\"b\\n\nt\tz(q)@2;}");
	OK("A:\n\tx = \"\\101\\0102\\7a\"\n", "A@1{x=A\b2\aa(q)@2;}");
	OK("A:\n\tx = \"one \\\ntwo\"\n\ty = 3\n", "A@1{x=one two(q)@2;y=3@4;}");
	OK("A:\r\n\tx = \"1\"\r\n\r\nB:\r\n", "A@1{x=1(q)@2;}B@4{}");
	OK("A:\n", "A@1{}");
	OK("A:\n\tx = \"#not a comment\"\n", "A@1{x=#not a comment(q)@2;}");
	OK("A:\n\tx = a \"b\" c\n", "A@1{x=a \"b\" c@2;}");
	OK("A:\n\tx = \"\xc3\xa9t\xc3\xa9\"\n", "A@1{x=\xc3\xa9t\xc3\xa9(q)@2;}");

	/* errors: name:line: reason */
	BAD("\tx = 1\n", "in:1: descriptor line outside a stanza (no 'ClassName:' before it)");
	BAD("A:\n\tx = 1\n\n\ty = 2\n", "in:4: descriptor line outside a stanza (no 'ClassName:' before it)");
	BAD("A\n", "in:1: expected 'ClassName:' or an indented 'descriptor = value'");
	BAD("A:\nx = 1\n", "in:2: expected 'ClassName:' or an indented 'descriptor = value'");
	BAD("1A:\n", "in:1: expected 'ClassName:' or an indented 'descriptor = value'");
	BAD("A: B\n", "in:1: unexpected text after 'ClassName:'");
	BAD("A:\n\tB:\n", "in:2: a 'ClassName:' line must start in column 1");
	BAD("A:\n\t= 1\n", "in:2: expected 'descriptor = value'");
	BAD("A:\n\tx 1\n", "in:2: expected '=' after descriptor 'x'");
	BAD("A:\n\tx\n", "in:2: expected '=' after descriptor 'x'");
	BAD("A:\n\tx = \"abc\n", "in:2: unterminated string: no closing '\"'");
	BAD("A:\n\tx = \"abc", "in:2: unterminated string: no closing '\"'");
	BAD("A:\n\tx = \"abc\\", "in:2: unterminated string: no closing '\"'");
	BAD("A:\n\tx = \"a\" b\n", "in:2: unexpected text after the closing quote of 'x'");
	BAD("A:\n\tx = \"a\\q\"\n", "in:2: unknown escape '\\q' in a string");
	BAD("A:\n\tx = \"a\\\x01\"\n", "in:2: unknown escape '\\' followed by byte 0x01");
	BAD("A:\n\tx = \"a\\0\"\n", "in:2: NUL byte (\\0) in a value");
	BAD("A:\n\tx = \"a\\400\"\n", "in:2: octal escape \\400 is larger than \\377");
	BAD("A:\n\ty = 1\n\tx = \"one \\\ntwo\" 3\n", "in:4: unexpected text after the closing quote of 'x'");
	{
		char longname[200] = "A:\n\t";
		memset(longname + 4, 'n', 100);
		strcpy(longname + 104, " = 1\n");
		is_str(parse(longname), "ERR10: in:2: descriptor name 'nnnnnnnnnnnnnnnnnnnn...' is too long",
		       "rejects a long descriptor name");
		memset(longname, 'C', 100);
		strcpy(longname + 100, ":\n");
		is_str(parse(longname), "ERR10: in:1: class name 'CCCCCCCCCCCCCCCCCCCC...' is too long",
		       "rejects a long class name");
	}
	{
		/* NUL bytes in the text */
		const char t1[] = "A:\n\tx = \"a\0b\"\n";
		const char t2[] = "A:\n\tx = a\0b\n";
		char err[256];
		struct render r = { .out = odm_buf_new() };
		is_int(odm_stanza_parse(t1, sizeof(t1) - 1, "in", render_cb, &r, err, sizeof(err)),
		       -ODM_E_STANZA, "NUL in a quoted value is an error");
		is_str(err, "in:2: NUL byte in a value", "... with its message");
		is_int(odm_stanza_parse(t2, sizeof(t2) - 1, "in", render_cb, &r, err, sizeof(err)),
		       -ODM_E_STANZA, "NUL in a bare value is an error");
		is_str(err, "in:2: NUL byte in a value", "... with its message");
		odm_buf_free(r.out);
	}
	{
		/* the callback's error stops the parse and comes back */
		struct render r = { .out = odm_buf_new(), .stop_after = 2 };
		const char *t = "A:\n\tx = 1\n\nB:\n\n\nC:\n";
		is_int(odm_stanza_parse(t, strlen(t), "in", render_cb, &r, NULL, 0), 42,
		       "callback's value is returned");
		is_str(odm_buf_data(r.out), "A@1{x=1@2;}B@4{}", "and no stanza after it is read");
		odm_buf_free(r.out);
	}

	/* the writer */
	if (odm_class_parse(odm, def, strlen(def), "s.cre", NULL, &cls) < 0) {
		printf("Bail out! %s\n", odm_errmsg(odm));
		return 1;
	}
	{
		struct odm_obj *o = odm_obj_new(cls);
		struct odm_buf *b = odm_buf_new();
		odm_obj_set(odm, o, "s", "a\"b\\c\nd\te\x01\x7f\xc3\xa9");
		odm_obj_set(odm, o, "d", "2.5");
		is_int(odm_stanza_write(b, o), 0, "write an object");
		is_str(odm_buf_data(b), "S:\n\ts = \"a\\\"b\\\\c\\nd\\te\\001\\177\xc3\xa9\"\n\td = 2.5\n\n",
		       "only set descriptors, strings quoted and escaped, numbers bare");
		odm_obj_clear(o);
		odm_buf_reset(b);
		odm_stanza_write(b, o);
		is_str(odm_buf_data(b), "S:\n\n", "an object with nothing set");
		odm_obj_free(o);
		odm_buf_free(b);
	}

	/* round trips */
	ok(round_trip(cls, ""), "round trip: empty string");
	ok(round_trip(cls, "plain"), "round trip: plain");
	ok(round_trip(cls, "\"\\\n\t\r\x01\x1f\x7f\xff #x = y"), "round trip: specials");
	ok(round_trip(cls, "\\\n"), "round trip: backslash newline");
	ok(round_trip(cls, "  leading and trailing  "), "round trip: blanks");
	{
		char v[4097];
		int all = 1;
		srand(12345);
		for (int k = 0; k < 2000; k++) {
			size_t n = (size_t)rand() % (k < 1000 ? 16 : 4096);
			for (size_t i = 0; i < n; i++)
				v[i] = (char)(1 + rand() % 255);
			v[n] = '\0';
			if (!round_trip(cls, v)) {
				all = 0;
				break;
			}
		}
		ok(all, "round trip: 2000 random byte strings");
		for (int c = 1; c < 256; c++) {
			v[0] = (char)c;
			v[1] = '0' + c % 8;
			v[2] = '\0';
			if (!round_trip(cls, v))
				all = 0;
		}
		ok(all, "round trip: every byte value, followed by a digit");
	}
	odm_class_free_list(cls);
	free(odm);

	/* bounds: a value of 1 MiB, a stanza of 16 MiB (odmadd(1)) */
	{
		size_t vmax = 1 << 20, n = 0;
		char *big = malloc(20u << 20);
		if (!big)
			return 99;
		n = (size_t)sprintf(big, "C:\n\ta = \"");
		memset(big + n, 'x', vmax + 1);
		n += vmax + 1;
		strcpy(big + n, "\"\n");
		is_str(parse(big), "ERR10: in:2: a value longer than 1048576 bytes",
		       "a quoted value past the bound");
		n = (size_t)sprintf(big, "C:\n\ta = ");
		memset(big + n, 'x', vmax + 1);
		strcpy(big + n + vmax + 1, "\n");
		is_str(parse(big), "ERR10: in:2: a value longer than 1048576 bytes",
		       "a bare value past the bound");
		strcpy(big + n + vmax, "\n");
		is_str(strncmp(parse(big), "ERR", 3) == 0 ? "refused" : "parsed", "parsed",
		       "a value of 1 MiB is taken");
		n = (size_t)sprintf(big, "C:\n");
		for (int i = 0; n < (17u << 20); i++)
			n += (size_t)sprintf(big + n, "\ta = %01000d\n", i);
		is_str(parse(big), "ERR10: in:1: a stanza longer than 16777216 bytes",
		       "a stanza past the bound");
		free(big);
	}
	return tap_done();
}
