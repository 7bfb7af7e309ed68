/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-json.c - the JSON pieces of the library's text kit: string escapes
 * (quote, backslash, every control byte, UTF-8 kept, bytes that are not
 * UTF-8 replaced) and which texts are JSON numbers.
 */
#include <stdlib.h>
#include <string.h>

#include "vipa-kit.h"
#include "../tap.h"

static char out[1024];

static const char *str(const char *s)
{
	struct vipa_buf b = { 0 };

	if (vipa_json_str(&b, s) < 0)
		snprintf(out, sizeof(out), "(failed)");
	else
		snprintf(out, sizeof(out), "%s", b.data);
	vipa_buf_free(&b);
	return out;
}

static const char *num(const char *s)
{
	struct vipa_buf b = { 0 };

	if (vipa_json_num(&b, s) < 0)
		snprintf(out, sizeof(out), "(failed)");
	else
		snprintf(out, sizeof(out), "%s", b.data);
	vipa_buf_free(&b);
	return out;
}

int main(void)
{
	char all[32];

	/* strings */
	is_str(str(""), "\"\"", "empty string");
	is_str(str("vi0"), "\"vi0\"", "plain text as it is");
	is_str(str("a\"b\\c"), "\"a\\\"b\\\\c\"", "quote and backslash escaped");
	is_str(str("a\nb\tc\rd\be\ff"), "\"a\\nb\\tc\\rd\\be\\ff\"", "short escapes");
	for (int i = 1; i < 32; i++)
		all[i - 1] = (char)i;
	all[31] = '\0';
	is_str(str(all),
	       "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
	       "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
	       "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"",
	       "every control byte escaped");
	is_str(str("\x7f/:#!"), "\"\x7f/:#!\"", "DEL, slash, colon kept");
	is_str(str("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
	       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"", "UTF-8 of 2, 3 and 4 bytes kept");
	is_str(str("caf\xe9"), "\"caf\\ufffd\"", "a Latin-1 byte replaced");
	is_str(str("\xc3"), "\"\\ufffd\"", "a sequence cut short replaced");
	is_str(str("\xc3(x"), "\"\\ufffd(x\"", "a bad continuation: one byte replaced");
	is_str(str("\xc0\xaf"), "\"\\ufffd\\ufffd\"", "an overlong form replaced");
	is_str(str("\xe0\x80\xaf"), "\"\\ufffd\\ufffd\\ufffd\"", "an overlong 3-byte form replaced");
	is_str(str("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"", "a surrogate replaced");
	is_str(str("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"",
	       "beyond U+10FFFF replaced");
	is_str(str("\xff\xfe"), "\"\\ufffd\\ufffd\"", "bytes never in UTF-8 replaced");

	/* numbers */
	ok(vipa_json_is_number("0"), "0 is a number");
	ok(vipa_json_is_number("-12"), "-12 is a number");
	ok(vipa_json_is_number("1.5"), "1.5 is a number");
	ok(vipa_json_is_number("-2.5e-3"), "-2.5e-3 is a number");
	ok(vipa_json_is_number("1E+300"), "1E+300 is a number");
	ok(!vipa_json_is_number(""), "empty is no number");
	ok(!vipa_json_is_number("007"), "leading zeros: no number");
	ok(!vipa_json_is_number("+1"), "a plus sign: no number");
	ok(!vipa_json_is_number("1."), "1. is no number");
	ok(!vipa_json_is_number(".5"), ".5 is no number");
	ok(!vipa_json_is_number("1,5"), "1,5 is no number");
	ok(!vipa_json_is_number("inf"), "inf is no number");
	ok(!vipa_json_is_number("nan"), "nan is no number");
	ok(!vipa_json_is_number("0x10"), "0x10 is no number");
	ok(!vipa_json_is_number("1e"), "1e is no number");
	ok(!vipa_json_is_number("12 "), "a trailing blank: no number");
	is_str(num("64"), "64", "a number bare");
	is_str(num(""), "null", "empty: null");
	is_str(num("007"), "\"007\"", "not a number: a string");
	return tap_done();
}
