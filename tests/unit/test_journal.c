/* Tests for src/core/journal.c: line format, folding, unresolved entries,
 * torn lines, permissions and symlinks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "paths.h"
#include "testutil.h"

typedef tu_state_dir fixture;

static int setup(void **state)
{
	*state = tu_state_dir_new("journal", "uat", "journal");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	tu_state_dir_free(*state);
	return 0;
}

static pc_journal *open_ok(const fixture *f)
{
	pc_err err;
	pc_journal *j;

	pc_err_clear(&err);
	j = pc_journal_open(f->state_dir, &err);
	if (!j)
		fail_msg("pc_journal_open: %s", err.msg);
	return j;
}

static void read_ok(const fixture *f, pc_journal_view *view)
{
	pc_err err;

	pc_err_clear(&err);
	if (pc_journal_read(f->path, view, &err) != 0)
		fail_msg("pc_journal_read: %s", err.msg);
}

static void payout_fields(pc_params *p, const char *order)
{
	pc_params_init(p);
	assert_int_equal(pc_params_set_str(p, "mchOrderId", order), 0);
	assert_int_equal(pc_params_set(p, "amount", PC_JNUM, "500.10"), 0);
	assert_int_equal(pc_params_set_str(p, "accountNo", "09171234567"), 0);
	assert_int_equal(pc_params_set_str(p, "sign", "c2lnbmF0dXJl"), 0);
}

static void intent(pc_journal *j, const char *op, const char *key)
{
	pc_params fields;
	pc_err err;

	payout_fields(&fields, key);
	pc_err_clear(&err);
	if (pc_journal_intent(j, op, key, &fields, &err) != 0)
		fail_msg("pc_journal_intent: %s", err.msg);
	pc_params_free(&fields);
}

static void outcome(pc_journal *j, const char *key, const char *name, int code, const char *status,
                    const char *detail)
{
	pc_outcome o = { name, code, status, NULL, detail };
	pc_err err;

	pc_err_clear(&err);
	if (pc_journal_outcome(j, "payout.create", key, &o, &err) != 0)
		fail_msg("pc_journal_outcome: %s", err.msg);
}

static void append_raw(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* 2026-11-21T10:00:00.123Z: digits where digits go, UTC marker at the end. */
static void assert_iso_utc_ms(const char *ts)
{
	const char *shape = "dddd-dd-ddTdd:dd:dd.dddZ";
	size_t i;

	assert_non_null(ts);
	assert_int_equal(strlen(ts), strlen(shape));
	for (i = 0; shape[i]; i++) {
		if (shape[i] == 'd')
			assert_true(ts[i] >= '0' && ts[i] <= '9');
		else
			assert_int_equal(ts[i], shape[i]);
	}
}

static void test_intent_and_outcome_fold(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	pc_outcome o = { "accepted", 1000, "PENDING", "D20261121001", NULL };
	pc_journal_view view;
	const pc_journal_entry *e;
	pc_err err;

	assert_string_equal(pc_journal_path(j), f->path);
	intent(j, "payout.create", "ORDER1");
	pc_err_clear(&err);
	assert_int_equal(pc_journal_outcome(j, "payout.create", "ORDER1", &o, &err), 0);
	pc_journal_close(j);

	read_ok(f, &view);
	assert_int_equal(view.count, 1);
	assert_int_equal(view.bad_lines, 0);
	e = pc_journal_find(&view, "payout.create", "ORDER1");
	assert_ptr_equal(e, &view.items[0]);
	assert_string_equal(e->op, "payout.create");
	assert_string_equal(e->key, "ORDER1");
	assert_iso_utc_ms(e->intent_ts);
	assert_iso_utc_ms(e->outcome_ts);
	assert_int_equal(e->fields.n, 3);
	assert_string_equal(pc_params_get(&e->fields, "mchOrderId"), "ORDER1");
	assert_int_equal(pc_params_find(&e->fields, "amount")->kind, PC_JNUM);
	assert_string_equal(pc_params_get(&e->fields, "amount"), "500.10");
	assert_string_equal(pc_params_get(&e->fields, "accountNo"), "09171234567");
	assert_null(pc_params_find(&e->fields, "sign"));
	assert_string_equal(e->outcome, "accepted");
	assert_int_equal(e->code, 1000);
	assert_string_equal(e->status, "PENDING");
	assert_string_equal(e->transaction_id, "D20261121001");
	assert_null(e->detail);
	assert_false(pc_journal_entry_unresolved(e));
	assert_null(pc_journal_find(&view, "payout.create", "ORDER2"));
	assert_null(pc_journal_find(&view, "refund.create", "ORDER1"));
	pc_journal_view_free(&view);
	assert_int_equal(view.count, 0);
}

static void test_line_format(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	char *text;
	char *second;
	char ts[25];

	intent(j, "payout.create", "ORDER1");
	outcome(j, "ORDER1", "unknown", 0, NULL, "timeout after 15 s");
	pc_journal_close(j);
	text = tu_read_file(f->path, NULL);
	second = strchr(text, '\n');
	assert_non_null(second);
	*second++ = '\0';
	/* Each line: {"ts":"<24 characters>", then the rest in a fixed order. */
	assert_memory_equal(text, "{\"ts\":\"", 7);
	memcpy(ts, text + 7, 24);
	ts[24] = '\0';
	assert_iso_utc_ms(ts);
	assert_string_equal(text + 7 + 24, "\",\"type\":\"intent\",\"op\":\"payout.create\",\"key\":\"ORDER1\","
	                    "\"fields\":{\"mchOrderId\":\"ORDER1\",\"amount\":500.10,\"accountNo\":\"09171234567\"}}");
	assert_memory_equal(second, "{\"ts\":\"", 7);
	assert_string_equal(second + 7 + 24, "\",\"type\":\"outcome\",\"op\":\"payout.create\",\"key\":\"ORDER1\","
	                    "\"outcome\":\"unknown\",\"code\":0,\"detail\":\"timeout after 15 s\"}\n");
	free(text);
}

static void test_unresolved_detection(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	pc_journal_view view;
	const pc_journal_entry *e;

	intent(j, "payout.create", "P1");
	read_ok(f, &view);
	e = pc_journal_find(&view, "payout.create", "P1");
	assert_null(e->outcome);
	assert_true(pc_journal_entry_unresolved(e));
	pc_journal_view_free(&view);

	outcome(j, "P1", "unknown", 0, NULL, "no answer within 15000 ms");
	read_ok(f, &view);
	e = pc_journal_find(&view, "payout.create", "P1");
	assert_string_equal(e->outcome, "unknown");
	assert_string_equal(e->detail, "no answer within 15000 ms");
	assert_true(pc_journal_entry_unresolved(e));
	pc_journal_view_free(&view);

	outcome(j, "P1", "settled", 1000, "COMPLETE", NULL);
	read_ok(f, &view);
	assert_int_equal(view.count, 1);
	e = pc_journal_find(&view, "payout.create", "P1");
	assert_string_equal(e->outcome, "settled");
	assert_string_equal(e->status, "COMPLETE");
	assert_int_equal(e->code, 1000);
	assert_null(e->detail); /* the later outcome replaces all of the earlier one */
	assert_false(pc_journal_entry_unresolved(e));
	pc_journal_view_free(&view);
	pc_journal_close(j);
}

static void test_outcome_without_intent_and_retry(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	pc_journal_view view;
	const pc_journal_entry *e;

	intent(j, "payout.create", "A");
	outcome(j, "ORPHAN", "settled", 1000, "FAILED", NULL);
	outcome(j, "A", "rejected", 1004, NULL, "amount too small");
	intent(j, "refund.create", "A"); /* same key, other operation: its own entry */
	intent(j, "payout.create", "A"); /* a retry under the same ids */
	read_ok(f, &view);
	assert_int_equal(view.count, 3);
	assert_string_equal(view.items[0].key, "A");
	assert_string_equal(view.items[0].op, "payout.create");
	assert_string_equal(view.items[1].key, "ORPHAN");
	assert_string_equal(view.items[2].op, "refund.create");

	e = &view.items[1];
	assert_null(e->intent_ts);
	assert_int_equal(e->fields.n, 0);
	assert_string_equal(e->status, "FAILED");
	assert_false(pc_journal_entry_unresolved(e));

	e = &view.items[0];
	assert_null(e->outcome);
	assert_int_equal(e->code, 0);
	assert_true(pc_journal_entry_unresolved(e));
	assert_string_equal(pc_params_get(&e->fields, "amount"), "500.10");
	pc_journal_view_free(&view);
	pc_journal_close(j);
}

static void test_torn_last_line(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	pc_journal_view view;
	char *text;

	intent(j, "payout.create", "T1");
	outcome(j, "T1", "accepted", 1000, "PENDING", NULL);
	intent(j, "payout.create", "T2");
	pc_journal_close(j);
	/* A crash in the middle of the next line. */
	append_raw(f->path, "{\"ts\":\"2026-11-21T10:00:00.123Z\",\"type\":\"outc");

	read_ok(f, &view);
	assert_int_equal(view.bad_lines, 1);
	assert_int_equal(view.count, 2);
	assert_string_equal(view.items[0].outcome, "accepted");
	assert_true(pc_journal_entry_unresolved(&view.items[1]));
	pc_journal_view_free(&view);

	/* Reopening ends the torn line, so the next line stays readable. */
	j = open_ok(f);
	intent(j, "payout.create", "T3");
	pc_journal_close(j);
	text = tu_read_file(f->path, NULL);
	assert_non_null(strstr(text, "\"type\":\"outc\n{\"ts\":"));
	free(text);
	read_ok(f, &view);
	assert_int_equal(view.bad_lines, 1);
	assert_int_equal(view.count, 3);
	assert_string_equal(view.items[2].key, "T3");
	pc_journal_view_free(&view);
}

static void test_garbage_lines_are_counted_not_fatal(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	pc_journal_view view;

	intent(j, "payout.create", "G1");
	pc_journal_close(j);
	append_raw(f->path,
	           "not json at all\n"
	           "\n"
	           "{}\n"
	           "{\"type\":\"intent\",\"op\":\"payout.create\"}\n"
	           "{\"type\":\"intent\",\"op\":\"payout.create\",\"key\":\"G2\",\"fields\":[1]}\n"
	           "{\"type\":\"outcome\",\"op\":\"payout.create\",\"key\":\"G1\",\"outcome\":\"settled\",\"code\":\"x\"}\n"
	           "{\"type\":\"note\",\"op\":\"payout.create\",\"key\":\"G1\"}\n"
	           "\xff\xfe\n"
	           "{\"type\":\"outcome\",\"op\":\"payout.create\",\"key\":\"G1\",\"outcome\":\"settled\",\"code\":1000}\n");
	read_ok(f, &view);
	assert_int_equal(view.bad_lines, 7);
	assert_int_equal(view.count, 1);
	assert_string_equal(view.items[0].outcome, "settled");
	assert_null(view.items[0].outcome_ts);
	pc_journal_view_free(&view);
}

static void test_thousand_entries(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	pc_journal_view view;
	char key[32];
	int i, unresolved = 0;

	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "K%04d", i);
		intent(j, "payout.create", key);
		if (i % 2 == 0)
			outcome(j, key, "accepted", 1000, "PENDING", NULL);
	}
	pc_journal_close(j);
	read_ok(f, &view);
	assert_int_equal(view.count, 1000);
	assert_int_equal(view.bad_lines, 0);
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "K%04d", i);
		assert_string_equal(view.items[i].key, key);
		if (pc_journal_entry_unresolved(&view.items[i]))
			unresolved++;
	}
	assert_int_equal(unresolved, 500);
	assert_string_equal(pc_journal_find(&view, "payout.create", "K0998")->outcome, "accepted");
	assert_null(pc_journal_find(&view, "payout.create", "K0999")->outcome);
	pc_journal_view_free(&view);
}

static pc_journal_reader *reader_ok(const fixture *f)
{
	pc_err err;
	pc_journal_reader *jr;

	pc_err_clear(&err);
	jr = pc_journal_reader_open(f->path, &err);
	if (!jr)
		fail_msg("pc_journal_reader_open: %s", err.msg);
	return jr;
}

/* Steps of n lines until the end; the number of steps that said "more". */
static int step_to_end(pc_journal_reader *jr, int n)
{
	pc_err err;
	int rc, more = 0;

	pc_err_clear(&err);
	while ((rc = pc_journal_reader_step(jr, n, &err)) > 0)
		more++;
	if (rc < 0)
		fail_msg("pc_journal_reader_step: %s", err.msg);
	return more;
}

/* Any slicing folds the same view as reading the file whole. */
static void test_reader_slices_match_whole_read(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	pc_journal_view whole;
	char key[32];

	for (int i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "S%04d", i);
		intent(j, i % 3 ? "payout.create" : "refund.create", key);
		if (i % 4)
			outcome(j, key, i % 5 ? "accepted" : "unknown", 1000, "PENDING", NULL);
	}
	pc_journal_close(j);
	append_raw(f->path, "not json\n");
	read_ok(f, &whole);
	for (int n = 1; n <= 1000; n = n * 3 + 1) {
		pc_journal_reader *jr = reader_ok(f);
		const pc_journal_view *v;
		int more = step_to_end(jr, n);

		v = pc_journal_reader_view(jr);
		/* 526 lines (300 intents, 225 outcomes, the bad one) in steps of n. */
		/* A step says "more" until one meets the end of the file. */
		assert_int_equal(more, 526 / n);
		assert_int_equal(v->count, whole.count);
		assert_int_equal(v->bad_lines, 1);
		for (int i = 0; i < v->count; i++) {
			const pc_journal_entry *a = &v->items[i], *b = &whole.items[i];

			assert_string_equal(a->op, b->op);
			assert_string_equal(a->key, b->key);
			assert_int_equal(pc_journal_entry_unresolved(a), pc_journal_entry_unresolved(b));
			assert_ptr_equal(pc_journal_reader_find(jr, a->op, a->key), a);
		}
		assert_null(pc_journal_reader_find(jr, "payout.create", "S0000"));
		assert_non_null(pc_journal_reader_find(jr, "refund.create", "S0000"));
		pc_journal_reader_close(jr);
	}
	pc_journal_view_free(&whole);
}

/* A line still being written waits for its newline; later lines follow. */
static void test_reader_follows_appends(void **state)
{
	fixture *f = *state;
	pc_journal_reader *jr = reader_ok(f);
	pc_journal *j;
	const pc_journal_entry *e;

	/* No journal yet: empty, and read once it appears. */
	assert_int_equal(step_to_end(jr, 10), 0);
	assert_int_equal(pc_journal_reader_view(jr)->count, 0);
	j = open_ok(f);
	intent(j, "payout.create", "F1");
	pc_journal_close(j);
	step_to_end(jr, 10);
	assert_int_equal(pc_journal_reader_view(jr)->count, 1);
	assert_true(pc_journal_entry_unresolved(pc_journal_reader_find(jr, "payout.create", "F1")));

	append_raw(f->path, "{\"ts\":\"2026-11-21T10:00:01.000Z\",\"type\":\"outcome\",\"op\":\"payout.create\",");
	step_to_end(jr, 10);
	assert_int_equal(pc_journal_reader_view(jr)->bad_lines, 0);
	assert_true(pc_journal_entry_unresolved(pc_journal_reader_find(jr, "payout.create", "F1")));
	append_raw(f->path, "\"key\":\"F1\",\"outcome\":\"accepted\",\"code\":1000}\n");
	step_to_end(jr, 10);
	e = pc_journal_reader_find(jr, "payout.create", "F1");
	assert_non_null(e);
	assert_string_equal(e->outcome, "accepted");
	assert_int_equal(pc_journal_reader_view(jr)->bad_lines, 0);
	pc_journal_reader_close(jr);
}

static void test_modes(void **state)
{
	fixture *f = *state;
	pc_journal *j;
	struct stat st;

	umask(0);
	j = open_ok(f);
	pc_journal_close(j);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(f->state_dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
}

static void test_open_permissions_refused(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	char *want;
	pc_err err;

	pc_journal_close(j);
	assert_int_equal(chmod(f->path, 0640), 0);
	pc_err_clear(&err);
	assert_null(pc_journal_open(f->state_dir, &err));
	assert_int_equal(err.cls, PC_EINPUT);
	want = pc_strdupf("permissions 0640 for journal '%s' are too open: it holds account numbers and must be "
	                  "readable by its owner only; run: chmod 600 '%s'", f->path, f->path);
	assert_string_equal(err.msg, want);
	free(want);
}

static void test_symlinked_journal_refused(void **state)
{
	fixture *f = *state;
	char *elsewhere = pc_strdupf("%s/elsewhere", f->dir);
	pc_journal_view view;
	pc_err err;
	int fd;

	pc_err_clear(&err);
	assert_int_equal(pc_mkdir_p(f->state_dir, 0700, &err), 0);
	fd = open(elsewhere, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(symlink(elsewhere, f->path), 0);
	assert_null(pc_journal_open(f->state_dir, &err));
	assert_int_equal(err.cls, PC_EINPUT);
	assert_non_null(strstr(err.msg, "is a symbolic link"));
	assert_non_null(strstr(err.msg, f->path));
	assert_int_equal(pc_journal_read(f->path, &view, &err), -1);
	assert_non_null(strstr(err.msg, "is a symbolic link"));
	/* A dangling link is refused too, not followed to create a file. */
	assert_int_equal(unlink(elsewhere), 0);
	assert_null(pc_journal_open(f->state_dir, &err));
	assert_int_equal(access(elsewhere, F_OK), -1);
	free(elsewhere);
}

static void test_sign_never_written(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	char *text;

	intent(j, "payout.create", "S1");
	intent(j, "refund.create", "S2");
	pc_journal_close(j);
	text = tu_read_file(f->path, NULL);
	assert_null(strstr(text, "sign"));
	assert_null(strstr(text, "c2lnbmF0dXJl"));
	assert_non_null(strstr(text, "\"accountNo\":\"09171234567\""));
	free(text);
}

static void test_missing_journal_is_empty(void **state)
{
	fixture *f = *state;
	pc_journal_view view;

	view.count = 42;
	read_ok(f, &view);
	assert_int_equal(view.count, 0);
	assert_int_equal(view.bad_lines, 0);
	assert_null(view.items);
	pc_journal_view_free(&view);
}

static void test_bad_arguments_write_nothing(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	pc_outcome bogus = { "maybe", 0, NULL, NULL, NULL };
	pc_params fields;
	char *text;
	pc_err err;

	pc_err_clear(&err);
	assert_int_equal(pc_journal_outcome(j, "payout.create", "X", &bogus, &err), -1);
	assert_string_equal(err.msg, "unknown journal outcome 'maybe'");
	assert_int_equal(pc_journal_intent(j, "payout.create", "", NULL, &err), -1);
	/* A value that could not be read back (not UTF-8) is refused. */
	pc_params_init(&fields);
	assert_int_equal(pc_params_set_str(&fields, "name", "Jos\xe9"), 0);
	assert_int_equal(pc_journal_intent(j, "payout.create", "X", &fields, &err), -1);
	assert_int_equal(err.cls, PC_EINPUT);
	assert_non_null(strstr(err.msg, "cannot journal this request"));
	pc_params_free(&fields);
	pc_journal_close(j);
	text = tu_read_file(f->path, NULL);
	assert_string_equal(text, "");
	free(text);
}

static void test_outcome_text_not_utf8_is_escaped(void **state)
{
	fixture *f = *state;
	pc_journal *j = open_ok(f);
	pc_journal_view view;

	intent(j, "payout.create", "U1");
	outcome(j, "U1", "rejected", 1003, NULL, "bad name Jos\xe9");
	pc_journal_close(j);
	read_ok(f, &view);
	assert_int_equal(view.bad_lines, 0);
	assert_string_equal(view.items[0].detail, "bad name Jos\\xe9");
	pc_journal_view_free(&view);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_intent_and_outcome_fold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unresolved_detection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_without_intent_and_retry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_last_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_lines_are_counted_not_fatal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thousand_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_slices_match_whole_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_follows_appends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_permissions_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlinked_journal_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sign_never_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_journal_is_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_text_not_utf8_is_escaped, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
