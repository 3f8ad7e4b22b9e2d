/* test_codes.c — PayCools code tables: complete, unique, sorted, advised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "codes.h"

/* The documented codes with PayCools' texts, written out again here so a
 * row lost or altered in the table is caught. */
static const struct {
	int code;
	const char *message;
} documented_api[] = {
	{ 1000, "success" },
	{ 1001, "merchant appid is invalid" },
	{ 1002, "merchant white ip forbidden" },
	{ 1003, "request sign is invalid" },
	{ 1004, "merchant unavailable" },
	{ 1005, "merchant institute unavailable" },
	{ 1006, "merchant balance insufficient" },
	{ 1007, "transaction exceed limit" },
	{ 1008, "transaction not found" },
	{ 1009, "request params invalid" },
	{ 1010, "request bank name invalid" },
	{ 1011, "merchant channel unavailable" },
	{ 1012, "merchant order id is repeat" },
	{ 1013, "merchant access frequency limit" },
	{ 1014, "merchant payout idempotency repeat" },
	{ 1015, "request email invalid" },
	{ 1016, "request ewallet name invalid" },
	{ 1017, "the static virtual account exist" },
	{ 1018, "network failed, please retry" },
	{ 1019, "the bank transfer account exist" },
	{ 1020, "dynamic qrcode amount is null" },
	{ 1501, "original transaction id does not exist" },
	{ 1502, "refund is processing" },
	{ 1503, "system error, contact PayCools" },
	{ 1504, "appId does not match" },
	{ 1505, "refund not allowed" },
	{ 1506, "refund amount greater than refundable amount" },
	{ 1507, "original channel does not support refunds" },
	{ 1508, "original channel allows only one refund" },
	{ 1509, "transactions older than 60 days cannot be refunded" },
	{ 1510, "original channel not support refund" },
	{ 1511, "original channel not support partial refund" },
	{ 1512, "full refund amount must equal original amount" },
	{ 1513, "refund amount invalid" },
	{ 1515, "merchant refund order id is repeat" },
	{ 1516, "original transaction is not completed" },
};

static const struct {
	int code;
	const char *message;
} documented_failed[] = {
	{ -10000, "Transaction Service Error" },
	{ -10001, "Transaction Exceed Limit" },
	{ -10002, "Transaction Params Error" },
	{ -10003, "Transaction Insufficient Balance" },
	{ -10004, "Transaction Channel Rejected" },
	{ -10005, "Transaction Destination Account Error" },
	{ -10006, "Transaction Network Reject" },
	{ -10007, "Transaction Channel Error (message truncated in PayCools' docs)" },
	{ -10009, "Channel Refund Failed" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_every_api_code_resolves(void **state)
{
	int count = -1;

	(void)state;
	pc_api_codes(&count);
	assert_int_equal(count, (int)COUNT(documented_api));
	for (size_t i = 0; i < COUNT(documented_api); i++) {
		const pc_code_info *info = pc_api_code(documented_api[i].code);

		assert_non_null(info);
		assert_int_equal(info->code, documented_api[i].code);
		assert_string_equal(info->message, documented_api[i].message);
	}
}

static void test_every_failed_code_resolves(void **state)
{
	int count = -1;

	(void)state;
	pc_failed_codes(&count);
	assert_int_equal(count, (int)COUNT(documented_failed));
	for (size_t i = 0; i < COUNT(documented_failed); i++) {
		const pc_code_info *info = pc_failed_code(documented_failed[i].code);

		assert_non_null(info);
		assert_int_equal(info->code, documented_failed[i].code);
		assert_string_equal(info->message, documented_failed[i].message);
	}
}

static void test_unknown_codes(void **state)
{
	static const int unknown_api[] = { 0, 1, 999, 1021, 1500, 1514, 1517, 1777, -1, -10000 };
	static const int unknown_failed[] = { 0, 1001, 10000, -9999, -10008, -10010, 1000 };

	(void)state;
	for (size_t i = 0; i < COUNT(unknown_api); i++)
		assert_null(pc_api_code(unknown_api[i]));
	for (size_t i = 0; i < COUNT(unknown_failed); i++)
		assert_null(pc_failed_code(unknown_failed[i]));
}

/* Each advice line says what it means and what to do: never empty, one
 * line, and longer than a bare restatement. */
static void check_advice(const pc_code_info *table, int count)
{
	for (int i = 0; i < count; i++) {
		assert_non_null(table[i].message);
		assert_non_null(table[i].advice);
		assert_true(table[i].message[0] != '\0');
		assert_true(strlen(table[i].advice) > 20);
		assert_null(strchr(table[i].advice, '\n'));
		assert_non_null(strchr(table[i].advice, ':'));
	}
}

static void test_advice_present(void **state)
{
	int api_count;
	int failed_count;
	const pc_code_info *api = pc_api_codes(&api_count);
	const pc_code_info *failed = pc_failed_codes(&failed_count);

	(void)state;
	check_advice(api, api_count);
	check_advice(failed, failed_count);
}

/* The api table ascends; the failedCode table follows PayCools' list,
 * -10000 first, so its codes descend. Strict order also means unique. */
static void test_sorted_and_unique(void **state)
{
	int count;
	const pc_code_info *api = pc_api_codes(&count);
	const pc_code_info *failed;

	(void)state;
	for (int i = 1; i < count; i++)
		assert_true(api[i - 1].code < api[i].code);
	failed = pc_failed_codes(&count);
	for (int i = 1; i < count; i++)
		assert_true(failed[i - 1].code > failed[i].code);
}

static void test_known_advice(void **state)
{
	(void)state;
	assert_string_equal(pc_api_code(1002)->advice,
			    "the calling IP is not on the app's whitelist: for production send "
			    "this server's public IP to PayCools support; UAT needs no whitelist");
	assert_non_null(strstr(pc_api_code(1003)->advice, "paycon info"));
	assert_non_null(strstr(pc_api_code(1012)->advice, "paycon payout status ORDER_ID"));
	assert_non_null(strstr(pc_api_code(1014)->advice, "paycon reconcile"));
	assert_non_null(strstr(pc_api_code(1013)->advice, "same mchOrderId and idempotencyId"));
	assert_non_null(strstr(pc_api_code(1018)->advice, "same mchOrderId and idempotencyId"));
}

static void test_retryable(void **state)
{
	int count;
	const pc_code_info *api = pc_api_codes(&count);

	(void)state;
	assert_true(pc_api_code_retryable(1013));
	assert_true(pc_api_code_retryable(1018));
	for (int i = 0; i < count; i++) {
		int expected = api[i].code == 1013 || api[i].code == 1018;

		assert_int_equal(!!pc_api_code_retryable(api[i].code), expected);
	}
	assert_false(pc_api_code_retryable(0));
	assert_false(pc_api_code_retryable(-10006));
}

static void test_null_count_allowed(void **state)
{
	(void)state;
	assert_non_null(pc_api_codes(NULL));
	assert_non_null(pc_failed_codes(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_api_code_resolves),
		cmocka_unit_test(test_every_failed_code_resolves),
		cmocka_unit_test(test_unknown_codes),
		cmocka_unit_test(test_advice_present),
		cmocka_unit_test(test_sorted_and_unique),
		cmocka_unit_test(test_known_advice),
		cmocka_unit_test(test_retryable),
		cmocka_unit_test(test_null_count_allowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
