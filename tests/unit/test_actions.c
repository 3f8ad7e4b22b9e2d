/* Tests for src/tui/actions.c and keys.c, without a terminal: the action
 * table is complete and consistent, keys parse, no key is bound twice in
 * one place, and read-only refuses every writing action at dispatch. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "endpoints.h"
#include "keymap.h"

/* Every context a key can be pressed in. */
static unsigned contexts[TUI_PANE_COUNT * 2 + 2];
static size_t ncontexts;

static int setup_contexts(void **state)
{
	(void)state;
	ncontexts = 0;
	for (int p = 0; p < TUI_PANE_COUNT; p++) {
		contexts[ncontexts++] = TUI_IN(p);
		contexts[ncontexts++] = TUI_IN(p) | TUI_IN_DETAIL;
	}
	contexts[ncontexts++] = TUI_IN_FORM;
	contexts[ncontexts++] = TUI_IN_REVIEW;
	return 0;
}

static void test_every_row_is_complete(void **state)
{
	size_t n;
	const tui_action *t = tui_actions(&n);

	(void)state;
	assert_int_equal(n, TUI_A_COUNT);
	for (size_t i = 0; i < n; i++) {
		const tui_action *a = &t[i];

		assert_int_equal(a->id, (int)i);
		assert_ptr_equal(tui_action_get(a->id), a);
		assert_non_null(a->name);
		assert_non_null(a->help);
		assert_true(strlen(a->help) > 10);
		assert_true(a->where != 0);
		if (a->flags & TUI_SCRIPT) {
			assert_null(a->keys[0]);
			continue;
		}
		if (!a->keys[0] || !a->label)
			fail_msg("action %s has no key or label", a->name);
	}
}

static void test_names_are_unique_commands(void **state)
{
	size_t n;
	const tui_action *t = tui_actions(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		for (const char *c = t[i].name; *c; c++)
			if (!islower((unsigned char)*c) && *c != '-')
				fail_msg("action name '%s' is not lower-case words with dashes", t[i].name);
		assert_ptr_equal(tui_action_by_name(t[i].name), &t[i]);
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(t[i].name, t[j].name) == 0)
				fail_msg("two actions named %s", t[i].name);
	}
	assert_null(tui_action_by_name("no-such-action"));
}

static void test_every_key_parses_and_names_itself(void **state)
{
	size_t n;
	const tui_action *t = tui_actions(&n);
	char name[32];

	(void)state;
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < 2; k++) {
			const char *spec = t[i].keys[k];
			const char *again;
			int key;

			if (!spec)
				continue;
			key = tui_key_parse(&spec);
			if (key < 0 || *spec)
				fail_msg("action %s: key '%s' does not parse as one key", t[i].name, t[i].keys[k]);
			tui_key_name(key, name, sizeof(name));
			again = name;
			assert_int_equal(tui_key_parse(&again), key);
		}
	}
}

static void test_no_key_is_bound_twice_in_one_place(void **state)
{
	size_t n;
	const tui_action *t = tui_actions(&n);

	(void)state;
	for (size_t c = 0; c < ncontexts; c++) {
		for (size_t i = 0; i < n; i++) {
			if (!tui_action_applies(&t[i], contexts[c]))
				continue;
			for (int k = 0; k < 2; k++) {
				const char *spec = t[i].keys[k];
				int key;

				if (!spec)
					continue;
				key = tui_key_parse(&spec);
				/* Forms and the review take text: letters type there. */
				if ((contexts[c] & (TUI_IN_FORM | TUI_IN_REVIEW)) && tui_key_is_text(key)) {
					assert_null(tui_action_for_key(key, contexts[c]));
					continue;
				}
				if (tui_action_for_key(key, contexts[c]) != &t[i])
					fail_msg("key %s of %s is taken by %s in context 0x%x", t[i].keys[k], t[i].name,
					         tui_action_for_key(key, contexts[c])->name, contexts[c]);
			}
		}
	}
}

static void test_viewer_refuses_every_write_at_dispatch(void **state)
{
	size_t n;
	const tui_action *t = tui_actions(&n);
	char why[256];
	int writes = 0;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		why[0] = '\0';
		assert_int_equal(tui_action_check(&t[i], false, why, sizeof(why)), 0);
		if (t[i].flags & TUI_WRITES) {
			writes++;
			assert_int_equal(tui_action_check(&t[i], true, why, sizeof(why)), -1);
			assert_non_null(strstr(why, "read-only"));
			assert_non_null(strstr(why, t[i].name));
		} else {
			assert_int_equal(tui_action_check(&t[i], true, why, sizeof(why)), 0);
		}
	}
	/* Payouts, refunds (two ways), QR, VA, transfers, web, checkout, send. */
	assert_true(writes >= 14);
	assert_int_equal(tui_action_check(NULL, false, why, sizeof(why)), -1);
}

static void test_flags_agree_with_the_endpoint_table(void **state)
{
	size_t n;
	const tui_action *t = tui_actions(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const pc_endpoint *ep;

		if (t[i].flags & TUI_MOVES_MONEY)
			assert_true(t[i].flags & TUI_WRITES);
		if (!t[i].endpoint)
			continue;
		ep = pc_endpoint_by_id(t[i].endpoint);
		if (!ep)
			fail_msg("action %s names unknown endpoint %s", t[i].name, t[i].endpoint);
		assert_int_equal((t[i].flags & TUI_WRITES) != 0, (ep->flags & PC_EP_WRITES) != 0);
		assert_int_equal((t[i].flags & TUI_MOVES_MONEY) != 0, (ep->flags & PC_EP_MOVES_MONEY) != 0);
	}
}

static void test_every_pane_opens_by_name_and_key(void **state)
{
	(void)state;
	for (int p = 0; p < TUI_PANE_COUNT; p++) {
		const tui_action *a = tui_pane_opener(p);

		assert_non_null(a);
		assert_string_equal(a->name, tui_pane_name(p));
		assert_non_null(a->keys[0]);
		assert_true(strlen(tui_pane_title(p)) > 1);
		if (p != TUI_PANE_HELP)
			assert_int_equal(a->pane, p);
	}
	assert_string_equal(tui_pane_name(TUI_PANE_PAYOUTS), "payouts");
	assert_string_equal(tui_pane_name(TUI_PANE_QR), "qr");
}

static void test_dispatch_finds_the_pane_action(void **state)
{
	const tui_action *a;

	(void)state;
	assert_int_equal(tui_action_for_key('n', TUI_IN(TUI_PANE_PAYOUTS))->id, TUI_A_NEW_PAYOUT);
	assert_int_equal(tui_action_for_key('n', TUI_IN(TUI_PANE_QR))->id, TUI_A_NEW_QR);
	assert_null(tui_action_for_key('n', TUI_IN(TUI_PANE_CALLBACKS)));
	/* In a detail view, q goes back and n creates nothing. */
	assert_int_equal(tui_action_for_key('q', TUI_IN(TUI_PANE_PAYOUTS) | TUI_IN_DETAIL)->id, TUI_A_BACK);
	assert_null(tui_action_for_key('n', TUI_IN(TUI_PANE_PAYOUTS) | TUI_IN_DETAIL));
	assert_int_equal(tui_action_for_key('v', TUI_IN(TUI_PANE_QR) | TUI_IN_DETAIL)->id, TUI_A_SHOW_QR);
	/* Forms take text: letters are no actions there. */
	assert_null(tui_action_for_key('q', TUI_IN_FORM));
	assert_int_equal(tui_action_for_key(TUI_KEY_ENTER, TUI_IN_FORM)->id, TUI_A_SUBMIT);
	assert_int_equal(tui_action_for_key(TUI_KEY_CTRL('c'), TUI_IN_REVIEW)->id, TUI_A_CANCEL);
	a = tui_action_for_key(TUI_KEY_ENTER, TUI_IN_REVIEW);
	assert_int_equal(a->id, TUI_A_SEND);
	assert_true(a->flags & TUI_MOVES_MONEY);
	assert_int_equal(tui_action_for_key('2', TUI_IN(TUI_PANE_BALANCE))->id, TUI_A_GO_PAYOUTS);
	/* Quitting from a form takes F10, since Q is a letter there. */
	assert_int_equal(tui_action_for_key(TUI_KEY_F(10), TUI_IN_FORM)->id, TUI_A_QUIT);
	assert_string_equal(tui_action_key_in(tui_action_get(TUI_A_QUIT), TUI_IN_FORM), "<F10>");
	assert_string_equal(tui_action_key_in(tui_action_get(TUI_A_QUIT), TUI_IN(TUI_PANE_QR)), "Q");
	assert_null(tui_action_key_in(tui_action_get(TUI_A_NEW_QR), TUI_IN(TUI_PANE_VA)));
}

static void test_key_names(void **state)
{
	const char *spec = "ab<Enter><C-c><F12><LT><Space>\xe2\x82\xb1<Nope>";
	char buf[32];

	(void)state;
	assert_int_equal(tui_key_parse(&spec), 'a');
	assert_int_equal(tui_key_parse(&spec), 'b');
	assert_int_equal(tui_key_parse(&spec), TUI_KEY_ENTER);
	assert_int_equal(tui_key_parse(&spec), 3);
	assert_int_equal(tui_key_parse(&spec), TUI_KEY_F(12));
	assert_int_equal(tui_key_parse(&spec), '<');
	assert_int_equal(tui_key_parse(&spec), ' ');
	assert_int_equal(tui_key_parse(&spec), 0x20b1);
	assert_int_equal(tui_key_parse(&spec), -1);
	assert_string_equal(spec, "<Nope>");
	spec = "\xff";
	assert_int_equal(tui_key_parse(&spec), -1);
	assert_string_equal(tui_key_name(TUI_KEY_CTRL('l'), buf, sizeof(buf)), "<C-l>");
	assert_string_equal(tui_key_name(TUI_KEY_PGDOWN, buf, sizeof(buf)), "<PgDown>");
	assert_string_equal(tui_key_name('x', buf, sizeof(buf)), "x");
	assert_true(tui_key_is_text('x'));
	assert_true(tui_key_is_text(0x20b1));
	assert_false(tui_key_is_text(27));
	assert_false(tui_key_is_text(0x85));
	assert_false(tui_key_is_text(TUI_KEY_ENTER));
}

/* doc/console.md documents every action by its `:` name. */
static void test_the_manual_names_every_action(void **state)
{
	char path[512], needle[80];
	size_t n;
	const tui_action *t = tui_actions(&n);
	FILE *f;
	char *doc;
	long size;

	(void)state;
	snprintf(path, sizeof(path), "%s/../doc/console.md", TESTS_SRCDIR);
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	doc = calloc(1, (size_t)size + 1);
	assert_non_null(doc);
	assert_int_equal(fread(doc, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	for (size_t i = 0; i < n; i++) {
		char spaced[80];

		snprintf(needle, sizeof(needle), ":%s`", t[i].name);
		snprintf(spaced, sizeof(spaced), ":%s ", t[i].name);
		if (!strstr(doc, needle) && !strstr(doc, spaced))
			fail_msg("doc/console.md does not mention :%s", t[i].name);
	}
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_is_complete),
		cmocka_unit_test(test_names_are_unique_commands),
		cmocka_unit_test(test_every_key_parses_and_names_itself),
		cmocka_unit_test(test_no_key_is_bound_twice_in_one_place),
		cmocka_unit_test(test_viewer_refuses_every_write_at_dispatch),
		cmocka_unit_test(test_flags_agree_with_the_endpoint_table),
		cmocka_unit_test(test_every_pane_opens_by_name_and_key),
		cmocka_unit_test(test_dispatch_finds_the_pane_action),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_the_manual_names_every_action),
	};

	return cmocka_run_group_tests(tests, setup_contexts, NULL);
}
