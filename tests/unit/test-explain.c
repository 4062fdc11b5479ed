/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The explanation table: sorted, unique, complete entries, and a lookup
 * that finds every entry and nothing else.  (That every code the checks
 * emit has an entry is tests/run-explain.sh's job.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "../../checks/explain.h"

static void test_table_not_empty(void **state)
{
	(void)state;
	assert_true(explain_count() > 100);
	assert_non_null(explain_at(0));
	assert_null(explain_at(explain_count()));
}

/* Strictly increasing by strcmp: sorted (the binary search needs it) and
 * unique at once. */
static void test_sorted_and_unique(void **state)
{
	(void)state;
	for (size_t i = 1; i < explain_count(); i++) {
		const char *a = explain_at(i - 1)->code, *b = explain_at(i)->code;

		if (strcmp(a, b) >= 0)
			fail_msg("entry %zu \"%s\" is not after \"%s\"", i, b, a);
	}
}

/* A code as the checks write them (and tests/run-fixtures.sh demands):
 * lower-case dotted words. */
static bool code_shaped(const char *c)
{
	bool dot = false;

	if (!islower((unsigned char)*c))
		return false;
	for (const char *p = c; *p; p++) {
		if (*p == '.') {
			if (p[1] == '.' || !p[1])
				return false;
			dot = true;
		} else if (!islower((unsigned char)*p) &&
			   !isdigit((unsigned char)*p) && *p != '_') {
			return false;
		}
	}
	return dot;
}

/* A sentence for people: not empty, no stray blanks, ends a sentence. */
static void check_text(const char *code, const char *what, const char *t)
{
	size_t n;

	if (!t || !*t)
		fail_msg("%s: empty %s", code, what);
	n = strlen(t);
	if (isspace((unsigned char)t[0]) || isspace((unsigned char)t[n - 1]))
		fail_msg("%s: %s starts or ends with a blank", code, what);
	if (strstr(t, "  ") || strchr(t, '\n') || strchr(t, '\t'))
		fail_msg("%s: %s has a double blank, newline or tab", code,
			 what);
	if (!strchr(".)", t[n - 1]))
		fail_msg("%s: %s does not end a sentence", code, what);
	if (n < 12)
		fail_msg("%s: %s is too short to explain anything", code, what);
}

static void test_every_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < explain_count(); i++) {
		const struct explanation *e = explain_at(i);

		assert_non_null(e->code);
		if (!code_shaped(e->code))
			fail_msg("\"%s\" is not a finding code", e->code);
		check_text(e->code, "meaning", e->meaning);
		check_text(e->code, "why", e->why);
		check_text(e->code, "fix", e->fix);
	}
}

static void test_lookup(void **state)
{
	char buf[128];

	(void)state;
	for (size_t i = 0; i < explain_count(); i++) {
		const struct explanation *e = explain_at(i);
		size_t n = strlen(e->code);

		assert_ptr_equal(explain_find(e->code), e);
		/* a prefix or an extension of a code is not that code */
		assert_true(n < sizeof(buf) - 2);
		memcpy(buf, e->code, n - 1);
		buf[n - 1] = 0;
		if (explain_find(buf))
			assert_string_equal(explain_find(buf)->code, buf);
		memcpy(buf, e->code, n);
		memcpy(buf + n, "x", 2);
		assert_null(explain_find(buf));
	}
	assert_null(explain_find(NULL));
	assert_null(explain_find(""));
	assert_null(explain_find("IOMMU.INTERRUPT_REMAPPING"));
	assert_non_null(explain_find("iommu.interrupt_remapping"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_not_empty),
		cmocka_unit_test(test_sorted_and_unique),
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
