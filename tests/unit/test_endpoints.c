/* test_endpoints.c — the endpoint table, path matching and validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "endpoints.h"

/* ------------------------------------------------------------ helpers */

static void parse(pc_params *p, const char *json)
{
	pc_err err;

	pc_err_clear(&err);
	if (pc_params_parse(p, json, strlen(json), &err) != 0)
		fail_msg("test JSON does not parse: %s (%s)", err.msg, json);
}

static const pc_endpoint *endpoint(const char *id)
{
	const pc_endpoint *ep = pc_endpoint_by_id(id);

	if (!ep)
		fail_msg("no endpoint %s", id);
	return ep;
}

static void expect_valid(const char *id, const char *json)
{
	pc_params p;
	pc_err err;

	pc_err_clear(&err);
	parse(&p, json);
	if (pc_endpoint_validate(endpoint(id), &p, &err) != 0)
		fail_msg("%s %s should be valid, got: %s", id, json, err.msg);
	pc_params_free(&p);
}

/* Validation must fail with exactly this message. */
static void expect_message(const char *id, const char *json, const char *message)
{
	pc_params p;
	pc_err err;

	pc_err_clear(&err);
	parse(&p, json);
	assert_int_equal(pc_endpoint_validate(endpoint(id), &p, &err), -1);
	assert_int_equal(err.cls, PC_EINPUT);
	assert_string_equal(err.msg, message);
	pc_params_free(&p);
}

/* ------------------------------------------------------------ minimal sets */

#define APP "\"appName\":\"Paycon Test\","
#define URLS "\"callbackUrl\":\"https://merchant.example/cb\",\"redirectUrl\":\"https://merchant.example/done\""
#define DATES "\"startDate\":\"2024-01-01\",\"endDate\":\"2024-01-31\""

/* The smallest request each row accepts: every mandatory field, plus the
 * conditional ones its values trigger. One entry per row, in table order. */
static const struct {
	const char *id;
	const char *json;
} minimal[] = {
	{ "account.balance", "{}" },
	{ "statement.payments", "{\"createDate\":\"2024-01-01\",\"page\":1}" },
	{ "statement.payouts", "{\"completeDate\":\"2024-01-01\",\"page\":1}" },
	{ "payout.create", "{\"mchOrderId\":\"PO1001\"," APP "\"idempotencyId\":\"IDEM000001\","
	  "\"amount\":10000,\"accountNo\":\"09171234567\",\"accountName\":\"Juan Dela Cruz\","
	  "\"payMethodCode\":\"EWALLET\",\"ewalletCode\":\"GCASH\"}" },
	{ "payout.status", "{\"mchOrderId\":\"PO1001\"}" },
	{ "va.create", "{" APP "\"mchOrderId\":\"VA1001\",\"channelCode\":\"GCASH_STATIC_VA\","
	  "\"customerName\":\"Juan Dela Cruz\",\"email\":\"juan@example.com\"}" },
	{ "va.batch_create", "{" APP "\"mchOrderId\":\"VA1001\","
	  "\"channelCode\":\"GCASH_STATIC_VA,PAYMAYA_STATIC_VA\","
	  "\"customerName\":\"Juan Dela Cruz\",\"email\":\"juan@example.com\"}" },
	{ "va.update", "{\"mchOrderId\":\"VA1001\",\"channelCode\":\"GCASH_STATIC_VA\"}" },
	{ "va.payments", "{\"mchOrderId\":\"VA1001\"," DATES "}" },
	{ "va.cancel", "{\"mchOrderId\":\"VA1001\"}" },
	{ "qr.create", "{" APP "\"mchOrderId\":\"QR1001\",\"channelCode\":\"QRPH_STATIC_QR\","
	  "\"customerName\":\"Juan\"}" },
	{ "qr.show", "{\"mchOrderId\":\"QR1001\"}" },
	{ "qr.payments", "{\"mchOrderId\":\"QR1001\"," DATES "}" },
	{ "qr.cancel", "{\"mchOrderId\":\"QR1001\"}" },
	{ "qr.update", "{\"mchOrderId\":\"QR1001\",\"customerName\":\"Juan\"}" },
	{ "transfer.create", "{" APP "\"mchOrderId\":\"TR1001\",\"channelCode\":\"INSTA_TRANSFER_ACC\","
	  "\"customerName\":\"Juan\"}" },
	{ "transfer.update", "{\"mchOrderId\":\"TR1001\",\"channelCode\":\"INSTA_TRANSFER_ACC\"}" },
	{ "transfer.payments", "{\"mchOrderId\":\"TR1001\"," DATES "}" },
	{ "web.create", "{" APP "\"mchOrderId\":\"WEB1001\",\"amount\":50000,"
	  "\"channelCode\":\"GCASH_URL\",\"email\":\"juan@example.com\",\"mobile\":\"09171234567\","
	  URLS "}" },
	{ "web.status", "{\"transactionId\":\"C1175676368800878371\"}" },
	{ "refund.create", "{\"mchRefundOrderId\":\"RF1001\","
	  "\"originalTransactionId\":\"C1175676368800878371\",\"refundAmount\":10000,"
	  "\"refundCallbackUrl\":\"https://merchant.example/refund\"}" },
	{ "refund.show", "{\"originalTransactionId\":\"C1175676368800878371\"}" },
	{ "checkout.create", "{\"mchOrderId\":\"CHK0000001\",\"currency\":\"PHP\",\"amount\":10000,"
	  "\"customer\":{\"firstName\":\"Juan\",\"email\":\"juan@example.com\",\"mobile\":\"09171234567\"},"
	  "\"items\":[{\"name\":\"Tea\",\"amount\":10000,\"quantity\":1}]," URLS "}" },
	{ "checkout.status", "{\"mchOrderId\":\"CHK0000001\"}" },
	{ "directdebit.pay", "{" APP "\"mchOrderId\":\"DD1001\",\"amount\":10000,"
	  "\"channelCode\":\"JTWALLET_DIRECT_DEBIT\",\"payToken\":\"tok123\","
	  "\"callbackUrl\":\"https://merchant.example/cb\"}" },
	{ "va.aggregate_create", "{" APP "\"aggregateOrderId\":\"AGG1001\",\"channelCode\":\"CEBUANA_VA\","
	  "\"aggregateAmount\":20000,\"items\":\"[{\\\"subOrderId\\\":\\\"S1\\\",\\\"amount\\\":20000}]\"}" },
	{ "va.aggregate_detail", "{\"aggregateOrderId\":\"AGG1001\"}" },
	{ "qr.merge_create", "{" APP "\"aggregateOrderId\":\"AGG2001\",\"channelCode\":\"QRPH_HYBRID_QR\","
	  "\"items\":\"[]\",\"aggregateAmount\":5000}" },
	{ "qr.v2_detail", "{}" },
};

#define NMINIMAL (sizeof(minimal) / sizeof(minimal[0]))

/* ------------------------------------------------------------ the table */

/* Ids, methods, paths and flags other code relies on. */
static const struct {
	const char *id;
	pc_method method;
	const char *path;
	unsigned flags;
} fixed_rows[] = {
	{ "account.balance", PC_GET, "/api/v1/account/checkBalance", 0 },
	{ "statement.payments", PC_POST, "/api/v1/record/paymentList", PC_EP_TIMESTAMP },
	{ "statement.payouts", PC_POST, "/api/v1/record/payoutList", PC_EP_TIMESTAMP },
	{ "payout.create", PC_POST, "/api/v1/payout", PC_EP_WRITES | PC_EP_MOVES_MONEY },
	{ "payout.status", PC_GET, "/api/v1/payout/check", 0 },
	{ "va.create", PC_POST, "/api/v1/paymentCode", PC_EP_WRITES },
	{ "va.batch_create", PC_POST, "/api/v1/batch/paymentCode", PC_EP_WRITES },
	{ "va.update", PC_POST, "/api/v1/batch/paymentCode/{mchOrderId}/update", PC_EP_WRITES },
	{ "va.payments", PC_GET, "/api/v1/paymentCode/{mchOrderId}/payments", PC_EP_PATH_GUESSED },
	{ "va.cancel", PC_POST, "/api/v1/paymentCode/cancel", PC_EP_WRITES },
	{ "qr.create", PC_POST, "/api/v1/qrcode", PC_EP_WRITES },
	{ "qr.show", PC_GET, "/api/v1/qrcode/{mchOrderId}", PC_EP_PATH_GUESSED },
	{ "qr.payments", PC_GET, "/api/v1/qrcode/{mchOrderId}/payments", 0 },
	{ "qr.cancel", PC_POST, "/api/v1/qrcode/cancel", PC_EP_WRITES },
	{ "qr.update", PC_POST, "/api/v1/qrcode/update", PC_EP_WRITES },
	{ "transfer.create", PC_POST, "/api/v1/batch/paymentAccount", PC_EP_WRITES },
	{ "transfer.update", PC_POST, "/api/v1/batch/paymentAccount/{mchOrderId}/update", PC_EP_WRITES },
	{ "transfer.payments", PC_GET, "/api/v1/paymentAccount/{mchOrderId}/payments", 0 },
	{ "web.create", PC_POST, "/api/v1/payment", PC_EP_WRITES },
	{ "web.status", PC_GET, "/api/v1/payment/{transactionId}", 0 },
	{ "refund.create", PC_POST, "/api/payment/refund", PC_EP_WRITES | PC_EP_MOVES_MONEY },
	{ "refund.show", PC_GET, "/api/refund/payments", 0 },
	{ "checkout.create", PC_POST, "/api/v1/checkout",
	  PC_EP_PARAM_ENVELOPE | PC_EP_TIMESTAMP | PC_EP_WRITES },
	{ "checkout.status", PC_POST, "/api/v1/checkout/state", PC_EP_PARAM_ENVELOPE | PC_EP_TIMESTAMP },
	{ "directdebit.pay", PC_POST, "/api/jt/direct/debit/pay",
	  PC_EP_VARIANT_JT | PC_EP_TIMESTAMP | PC_EP_WRITES },
	{ "va.aggregate_create", PC_POST, "/api/v2/paymentCode", PC_EP_VARIANT_JT | PC_EP_WRITES },
	{ "va.aggregate_detail", PC_POST, "/api/v2/paymentCode/detail", PC_EP_VARIANT_JT },
	{ "qr.merge_create", PC_POST, "/api/v2/qrcode/merge", PC_EP_VARIANT_JT | PC_EP_WRITES },
	{ "qr.v2_detail", PC_GET, "/api/v2/qrcode/detail", PC_EP_VARIANT_JT },
};

static void test_fixed_ids_paths_flags(void **state)
{
	size_t count;
	const pc_endpoint *all = pc_endpoints(&count);

	(void)state;
	assert_non_null(all);
	assert_int_equal(count, sizeof(fixed_rows) / sizeof(fixed_rows[0]));
	for (size_t i = 0; i < count; i++) {
		const pc_endpoint *ep = endpoint(fixed_rows[i].id);

		assert_ptr_equal(ep, &all[i]);
		assert_int_equal(ep->method, fixed_rows[i].method);
		assert_string_equal(ep->path, fixed_rows[i].path);
		if (ep->flags != fixed_rows[i].flags)
			fail_msg("%s flags 0x%x, expected 0x%x", ep->id, ep->flags, fixed_rows[i].flags);
	}
	assert_null(pc_endpoint_by_id("payout.frobnicate"));
	assert_null(pc_endpoint_by_id(NULL));
	assert_ptr_equal(pc_endpoints(NULL), all);
}

static bool path_has_placeholder(const char *path, const char *name)
{
	char want[80];

	snprintf(want, sizeof(want), "{%s}", name);
	return strstr(path, want) != NULL;
}

static bool list_well_formed(const char *list)
{
	size_t n = strlen(list);

	return n > 0 && list[0] != '|' && list[n - 1] != '|' && !strstr(list, "||");
}

static void check_field_well_formed(const pc_endpoint *ep, const pc_field *f)
{
	const char *where = ep->id;

	if (!f->name || !f->name[0] || !f->help || !f->help[0] || strchr(f->help, '\n'))
		fail_msg("%s: a field lacks a name or a one-line help", where);
	assert_ptr_equal(pc_endpoint_field(ep, f->name), f); /* names unique */
	if (strcmp(f->name, "appId") == 0 || strcmp(f->name, "sign") == 0
	    || strcmp(f->name, "timestamp") == 0)
		fail_msg("%s: %s is implicit and must not be listed", where, f->name);
	if ((f->flags & PC_FF_PATH_ONLY) && !path_has_placeholder(ep->path, f->name))
		fail_msg("%s: path-only %s has no placeholder", where, f->name);
	if ((f->flags & PC_FF_MONEY) && f->type != PC_FT_INT)
		fail_msg("%s: money field %s is not an integer", where, f->name);
	if (f->allowed && !list_well_formed(f->allowed))
		fail_msg("%s: %s has a malformed allowed list", where, f->name);
	if (f->max != 0 && f->min > f->max)
		fail_msg("%s: %s has min > max", where, f->name);
	if (f->format != PC_FMT_NONE && f->type != PC_FT_STRING)
		fail_msg("%s: %s has a string format on a non-string", where, f->name);
	if (f->presence == PC_CONDITIONAL && !f->one_of && !f->when_field)
		fail_msg("%s: conditional %s names no condition", where, f->name);
	if (f->when_field) {
		const pc_field *w = pc_endpoint_field(ep, f->when_field);

		if (!w || w == f || !f->when_values || !list_well_formed(f->when_values))
			fail_msg("%s: %s has a bad when_field/when_values", where, f->name);
	}
	if (f->one_of) {
		int members = 0;

		for (size_t i = 0; i < ep->nfields; i++)
			if (ep->fields[i].one_of && strcmp(ep->fields[i].one_of, f->one_of) == 0)
				members++;
		if (members < 2 || f->presence != PC_CONDITIONAL)
			fail_msg("%s: one_of group %s is malformed", where, f->one_of);
	}
}

/* Every {placeholder} of the path names a field of the row. */
static void check_placeholders(const pc_endpoint *ep)
{
	for (const char *s = strchr(ep->path, '{'); s; s = strchr(s + 1, '{')) {
		const char *close = strchr(s, '}');
		char name[64];

		assert_non_null(close);
		snprintf(name, sizeof(name), "%.*s", (int)(close - s - 1), s + 1);
		if (!pc_endpoint_field(ep, name))
			fail_msg("%s: placeholder {%s} is not a field", ep->id, name);
	}
}

static void test_table_well_formed(void **state)
{
	size_t count;
	const pc_endpoint *all = pc_endpoints(&count);

	(void)state;
	for (size_t i = 0; i < count; i++) {
		const pc_endpoint *ep = &all[i];

		assert_non_null(ep->title);
		assert_non_null(ep->section);
		assert_non_null(ep->response);
		if (ep->path[0] != '/')
			fail_msg("%s: path does not start with '/'", ep->id);
		for (size_t j = 0; j < i; j++)
			if (strcmp(all[j].id, ep->id) == 0)
				fail_msg("duplicate id %s", ep->id);
		if (ep->nfields == 0 && strcmp(ep->id, "account.balance") != 0)
			fail_msg("%s has no fields", ep->id);
		check_placeholders(ep);
		for (size_t k = 0; k < ep->nfields; k++)
			check_field_well_formed(ep, &ep->fields[k]);
	}
}

static void test_field_flags(void **state)
{
	static const struct {
		const char *id, *field;
		unsigned flags;
	} want[] = {
		{ "payout.create", "amount", PC_FF_MONEY },
		{ "payout.create", "accountNo", PC_FF_SECRET },
		{ "qr.create", "amount", PC_FF_MONEY },
		{ "web.create", "amount", PC_FF_MONEY },
		{ "refund.create", "refundAmount", PC_FF_MONEY },
		{ "checkout.create", "amount", PC_FF_MONEY },
		{ "va.update", "mchOrderId", PC_FF_PATH_ONLY },
		{ "va.payments", "mchOrderId", PC_FF_PATH_ONLY },
		{ "qr.payments", "mchOrderId", PC_FF_PATH_ONLY },
		{ "transfer.update", "mchOrderId", PC_FF_PATH_ONLY },
		{ "transfer.payments", "mchOrderId", PC_FF_PATH_ONLY },
		{ "qr.show", "mchOrderId", 0 },     /* listed param: in path AND signed */
		{ "web.status", "transactionId", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const pc_field *f = pc_endpoint_field(endpoint(want[i].id), want[i].field);

		assert_non_null(f);
		if (f->flags != want[i].flags)
			fail_msg("%s.%s flags 0x%x, expected 0x%x", want[i].id, want[i].field,
			         f->flags, want[i].flags);
	}
	assert_null(pc_endpoint_field(endpoint("payout.create"), "appId"));
	assert_null(pc_endpoint_field(NULL, "amount"));
	assert_string_equal(pc_method_name(PC_GET), "GET");
	assert_string_equal(pc_method_name(PC_POST), "POST");
}

/* Bounds exactly as documented (the more permissive where sites differ). */
static void test_field_bounds(void **state)
{
	static const struct {
		const char *id, *field;
		pc_presence presence;
		long long min, max;
		const char *allowed;
		pc_format format;
	} want[] = {
		{ "payout.create", "amount", PC_MANDATORY, 100, 500000000, NULL, PC_FMT_NONE },
		{ "payout.create", "mchOrderId", PC_MANDATORY, 1, 32, NULL, PC_FMT_ALNUM },
		{ "payout.create", "idempotencyId", PC_MANDATORY, 10, 30, NULL, PC_FMT_ALNUM },
		{ "payout.create", "accountName", PC_MANDATORY, 1, 30, NULL, PC_FMT_PERSON_NAME },
		{ "payout.create", "payMethodCode", PC_MANDATORY, 0, 0, "BANK|EWALLET|SCANQR", PC_FMT_NONE },
		{ "payout.create", "bankCode", PC_CONDITIONAL, 0, 0, NULL, PC_FMT_NONE },
		{ "payout.create", "email", PC_OPTIONAL, 1, 50, NULL, PC_FMT_EMAIL },
		{ "qr.create", "customerName", PC_MANDATORY, 1, 128, NULL, PC_FMT_NONE },
		{ "qr.create", "callbackUrl", PC_OPTIONAL, 1, 256, NULL, PC_FMT_URL },
		{ "qr.create", "email", PC_OPTIONAL, 1, 128, NULL, PC_FMT_EMAIL },
		{ "qr.create", "amount", PC_CONDITIONAL, 2000, 0, NULL, PC_FMT_NONE },
		{ "qr.create", "expireSeconds", PC_OPTIONAL, 60, 3600, NULL, PC_FMT_NONE },
		{ "qr.create", "channelCode", PC_MANDATORY, 0, 0,
		  "QRPH_STATIC_QR|QRPH_DYNAMIC_QR|QRPH_HYBRID_QR", PC_FMT_NONE },
		{ "va.create", "channelCode", PC_MANDATORY, 0, 0, NULL, PC_FMT_NONE },
		{ "va.batch_create", "channelCode", PC_MANDATORY, 0, 0, NULL, PC_FMT_CODE_LIST },
		{ "transfer.create", "channelCode", PC_MANDATORY, 0, 0, "INSTA_TRANSFER_ACC", PC_FMT_CODE_LIST },
		{ "web.create", "amount", PC_MANDATORY, 100, 5000000, NULL, PC_FMT_NONE },
		{ "web.create", "mobile", PC_MANDATORY, 11, 11, NULL, PC_FMT_MOBILE_PH },
		{ "web.create", "channelCode", PC_MANDATORY, 0, 0, NULL, PC_FMT_NONE },
		{ "statement.payments", "page", PC_MANDATORY, 1, 0, NULL, PC_FMT_NONE },
		{ "statement.payments", "createDate", PC_CONDITIONAL, 1, 50, NULL, PC_FMT_DATE },
		{ "qr.payments", "startDate", PC_MANDATORY, 0, 0, NULL, PC_FMT_DATE },
		{ "checkout.create", "mchOrderId", PC_MANDATORY, 10, 32, NULL, PC_FMT_NONE },
		{ "checkout.create", "currency", PC_MANDATORY, 0, 0, "PHP", PC_FMT_NONE },
		{ "checkout.create", "redirectUrl", PC_MANDATORY, 1, 512, NULL, PC_FMT_URL },
		{ "checkout.create", "metadata", PC_OPTIONAL, 1, 2000, NULL, PC_FMT_NONE },
		{ "checkout.create", "availableChannelCodes", PC_OPTIONAL, 0, 0, NULL, PC_FMT_CODE_LIST },
		{ "checkout.create", "expireTime", PC_OPTIONAL, 0, 0, NULL, PC_FMT_DATETIME },
		{ "refund.show", "refundTransactionId", PC_CONDITIONAL, 1, 20, NULL, PC_FMT_NONE },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const pc_field *f = pc_endpoint_field(endpoint(want[i].id), want[i].field);

		assert_non_null(f);
		assert_int_equal(f->presence, want[i].presence);
		if (f->min != want[i].min || f->max != want[i].max)
			fail_msg("%s.%s bounds %lld-%lld", want[i].id, want[i].field, f->min, f->max);
		if (want[i].allowed)
			assert_string_equal(f->allowed, want[i].allowed);
		else
			assert_null(f->allowed);
		assert_int_equal(f->format, want[i].format);
	}
	assert_int_equal(pc_endpoint_field(endpoint("checkout.create"), "customer")->type, PC_FT_OBJECT);
	assert_int_equal(pc_endpoint_field(endpoint("checkout.create"), "items")->type, PC_FT_ARRAY);
	assert_int_equal(pc_endpoint_field(endpoint("qr.merge_create"), "items")->type, PC_FT_STRING);
	assert_int_equal(pc_endpoint_field(endpoint("va.aggregate_create"), "items")->type, PC_FT_STRING);
}

/* ------------------------------------------------------------ every row */

static void test_minimal_sets_cover_table(void **state)
{
	size_t count;
	const pc_endpoint *all = pc_endpoints(&count);

	(void)state;
	assert_int_equal(count, NMINIMAL);
	for (size_t i = 0; i < count; i++)
		assert_string_equal(minimal[i].id, all[i].id);
}

static void test_minimal_sets_pass(void **state)
{
	(void)state;
	for (size_t i = 0; i < NMINIMAL; i++)
		expect_valid(minimal[i].id, minimal[i].json);
}

/* appId, sign and timestamp are the client's: never "not a field". */
static void test_implicit_fields_ignored(void **state)
{
	(void)state;
	for (size_t i = 0; i < NMINIMAL; i++) {
		const pc_endpoint *ep = endpoint(minimal[i].id);
		pc_params p;
		pc_err err;

		parse(&p, minimal[i].json);
		assert_int_equal(pc_params_set_str(&p, "appId", "f90addc4861540ef9312e87d8f360e08"), 0);
		assert_int_equal(pc_params_set_str(&p, "sign", "abc="), 0);
		assert_int_equal(pc_params_set(&p, "timestamp", PC_JNUM, "1679335338000"), 0);
		if (pc_endpoint_validate(ep, &p, &err) != 0)
			fail_msg("%s: %s", ep->id, err.msg);
		pc_params_free(&p);
	}
}

static void test_each_mandatory_field_missing(void **state)
{
	int checked = 0;

	(void)state;
	for (size_t i = 0; i < NMINIMAL; i++) {
		const pc_endpoint *ep = endpoint(minimal[i].id);
		pc_params base;

		parse(&base, minimal[i].json);
		for (size_t k = 0; k < ep->nfields; k++) {
			const pc_field *f = &ep->fields[k];
			char want[256];
			pc_params p;
			pc_err err;

			if (f->presence != PC_MANDATORY)
				continue;
			assert_int_equal(pc_params_copy(&p, &base), 0);
			assert_int_equal(pc_params_remove(&p, f->name), 0);
			assert_int_equal(pc_endpoint_validate(ep, &p, &err), -1);
			snprintf(want, sizeof(want), "%s: field %s: missing (mandatory)", ep->id, f->name);
			assert_string_equal(err.msg, want);
			/* an empty string is as missing as an absent key */
			assert_int_equal(pc_params_set_str(&p, f->name, ""), 0);
			assert_int_equal(pc_endpoint_validate(ep, &p, &err), -1);
			assert_string_equal(err.msg, want);
			pc_params_free(&p);
			checked++;
		}
		pc_params_free(&base);
	}
	assert_true(checked > 60);
}

/* ------------------------------------------------------------ conditionals */

#define PAYOUT_BASE "\"mchOrderId\":\"PO1001\"," APP "\"idempotencyId\":\"IDEM000001\"," \
	"\"accountNo\":\"09171234567\",\"accountName\":\"Juan Dela Cruz\""

static void test_payout_conditionals(void **state)
{
	(void)state;
	expect_message("payout.create", "{" PAYOUT_BASE ",\"amount\":10000,\"payMethodCode\":\"BANK\"}",
	               "payout.create: field bankCode: missing (mandatory when payMethodCode is BANK)");
	expect_message("payout.create", "{" PAYOUT_BASE ",\"amount\":10000,\"payMethodCode\":\"EWALLET\","
	               "\"bankCode\":\"BPI\"}",
	               "payout.create: field ewalletCode: missing (mandatory when payMethodCode is EWALLET)");
	expect_valid("payout.create", "{" PAYOUT_BASE ",\"amount\":10000,\"payMethodCode\":\"BANK\","
	             "\"bankCode\":\"ANY_BANK_CODE\"}");
	expect_valid("payout.create", "{" PAYOUT_BASE ",\"amount\":10000,\"payMethodCode\":\"SCANQR\"}");
	expect_message("payout.create", "{" PAYOUT_BASE ",\"amount\":10000,\"payMethodCode\":\"CASH\"}",
	               "payout.create: field payMethodCode: 'CASH' is not one of BANK, EWALLET, SCANQR");
	/* amount bounds, inclusive */
	expect_valid("payout.create", "{" PAYOUT_BASE ",\"amount\":100,\"payMethodCode\":\"SCANQR\"}");
	expect_valid("payout.create", "{" PAYOUT_BASE ",\"amount\":500000000,\"payMethodCode\":\"SCANQR\"}");
	expect_message("payout.create", "{" PAYOUT_BASE ",\"amount\":50,\"payMethodCode\":\"SCANQR\"}",
	               "payout.create: field amount: 50 is below the minimum 100 (centavos: \u20B11.00)");
	expect_message("payout.create", "{" PAYOUT_BASE ",\"amount\":500000001,\"payMethodCode\":\"SCANQR\"}",
	               "payout.create: field amount: 500000001 is above the maximum 500000000 "
	               "(centavos: \u20B15,000,000.00)");
	expect_message("payout.create", "{" PAYOUT_BASE ",\"amount\":100,\"payMethodCode\":\"SCANQR\","
	               "\"gender\":3}",
	               "payout.create: field gender: 3 is above the maximum 2");
}

#define QR_BASE "{" APP "\"mchOrderId\":\"QR1001\",\"customerName\":\"Juan\","

static void test_qr_conditionals(void **state)
{
	(void)state;
	expect_message("qr.create", QR_BASE "\"channelCode\":\"QRPH_DYNAMIC_QR\"}",
	               "qr.create: field amount: missing (mandatory when channelCode is QRPH_DYNAMIC_QR)");
	expect_message("qr.create", QR_BASE "\"channelCode\":\"QRPH_HYBRID_QR\"}",
	               "qr.create: field amount: missing (mandatory when channelCode is QRPH_HYBRID_QR)");
	expect_message("qr.create", QR_BASE "\"channelCode\":\"QRPH_HYBRID_QR\",\"amount\":1999}",
	               "qr.create: field amount: 1999 is below the minimum 2000 (centavos: \u20B120.00)");
	expect_valid("qr.create", QR_BASE "\"channelCode\":\"QRPH_DYNAMIC_QR\",\"amount\":2000}");
	expect_valid("qr.create", QR_BASE "\"channelCode\":\"QRPH_STATIC_QR\"}");
	expect_valid("qr.create", QR_BASE "\"channelCode\":\"QRPH_STATIC_QR\",\"amount\":250000}");
	expect_message("qr.create", QR_BASE "\"channelCode\":\"GCASH_QR\"}",
	               "qr.create: field channelCode: 'GCASH_QR' is not one of QRPH_STATIC_QR, "
	               "QRPH_DYNAMIC_QR, QRPH_HYBRID_QR");
	expect_valid("qr.create", QR_BASE "\"channelCode\":\"QRPH_DYNAMIC_QR\",\"amount\":2000,"
	             "\"expireSeconds\":60}");
	expect_valid("qr.create", QR_BASE "\"channelCode\":\"QRPH_DYNAMIC_QR\",\"amount\":2000,"
	             "\"expireSeconds\":3600}");
	expect_message("qr.create", QR_BASE "\"channelCode\":\"QRPH_DYNAMIC_QR\",\"amount\":2000,"
	               "\"expireSeconds\":59}",
	               "qr.create: field expireSeconds: 59 is below the minimum 60");
	expect_message("qr.create", QR_BASE "\"channelCode\":\"QRPH_DYNAMIC_QR\",\"amount\":2000,"
	               "\"expireSeconds\":3601}",
	               "qr.create: field expireSeconds: 3601 is above the maximum 3600");
}

static void test_one_of_groups(void **state)
{
	(void)state;
	expect_message("statement.payments", "{\"page\":1}",
	               "statement.payments: field createDate: missing (give createDate or completeDate)");
	expect_valid("statement.payouts", "{\"createDate\":\"2024-01-01\",\"completeDate\":\"2024-01-02\",\"page\":3}");
	expect_message("statement.payouts", "{\"createDate\":\"2024-01-01\",\"page\":0}",
	               "statement.payouts: field page: 0 is below the minimum 1");
	expect_message("statement.payouts", "{\"createDate\":\"2024-01-01\",\"page\":1,\"status\":\"DONE\"}",
	               "statement.payouts: field status: 'DONE' is not one of PENDING, COMPLETE, FAILED");
	expect_message("refund.show", "{}",
	               "refund.show: field originalTransactionId: missing (give originalTransactionId "
	               "or refundTransactionId)");
	expect_valid("refund.show", "{\"refundTransactionId\":\"R420220428004148975\"}");
	expect_message("refund.show", "{\"refundTransactionId\":\"R4202204280041489750000\"}",
	               "refund.show: field refundTransactionId: 'R4202204280041489750000' has 23 "
	               "characters; at most 20 allowed");
}

static void test_amount_ranges_and_jt(void **state)
{
	(void)state;
	expect_message("web.create", "{" APP "\"mchOrderId\":\"W1\",\"amount\":99,\"channelCode\":\"GCASH_URL\","
	               "\"email\":\"a@b.ph\",\"mobile\":\"09171234567\"," URLS "}",
	               "web.create: field amount: 99 is below the minimum 100 (centavos: \u20B11.00)");
	expect_message("web.create", "{" APP "\"mchOrderId\":\"W1\",\"amount\":5000001,\"channelCode\":\"GCASH_URL\","
	               "\"email\":\"a@b.ph\",\"mobile\":\"09171234567\"," URLS "}",
	               "web.create: field amount: 5000001 is above the maximum 5000000 "
	               "(centavos: \u20B150,000.00)");
	expect_valid("web.create", "{" APP "\"mchOrderId\":\"W1\",\"amount\":5000000,\"channelCode\":\"ANY_NEW_URL\","
	             "\"email\":\"a@b.ph\",\"mobile\":\"09171234567\"," URLS "}");
	/* J&T merged QR: feeSplitType is mandatory for business types 2-4 */
	expect_message("qr.merge_create", "{" APP "\"aggregateOrderId\":\"AGG2001\",\"channelCode\":\"QRPH_HYBRID_QR\","
	               "\"items\":\"[]\",\"aggregateAmount\":5000,\"businessType\":2}",
	               "qr.merge_create: field feeSplitType: missing (mandatory when businessType is 2)");
	expect_valid("qr.merge_create", "{" APP "\"aggregateOrderId\":\"AGG2001\",\"channelCode\":\"QRPH_HYBRID_QR\","
	             "\"items\":\"[]\",\"aggregateAmount\":5000,\"businessType\":1}");
	expect_valid("qr.merge_create", "{" APP "\"aggregateOrderId\":\"AGG2001\",\"channelCode\":\"QRPH_HYBRID_QR\","
	             "\"items\":\"[]\",\"aggregateAmount\":5000,\"businessType\":4,\"feeSplitType\":1}");
	expect_message("qr.merge_create", "{" APP "\"aggregateOrderId\":\"AGG2001\",\"channelCode\":\"QRPH_HYBRID_QR\","
	               "\"items\":[],\"aggregateAmount\":5000}",
	               "qr.merge_create: field items: expected a string, got a JSON array");
}

/* ------------------------------------------------------------ types, lengths, formats */

/* Minimal payout with one field replaced (JSON text of the value). */
static void expect_payout_field(const char *field, const char *value, const char *message)
{
	pc_params p, v;
	pc_err err;
	char wrapped[512];

	parse(&p, minimal[3].json);
	snprintf(wrapped, sizeof(wrapped), "{\"x\":%s}", value);
	parse(&v, wrapped);
	assert_int_equal(pc_params_set(&p, field, v.items[0].kind, v.items[0].value), 0);
	if (!message) {
		if (pc_endpoint_validate(endpoint("payout.create"), &p, &err) != 0)
			fail_msg("%s=%s should pass: %s", field, value, err.msg);
	} else {
		assert_int_equal(pc_endpoint_validate(endpoint("payout.create"), &p, &err), -1);
		assert_string_equal(err.msg, message);
	}
	pc_params_free(&v);
	pc_params_free(&p);
}

static void test_types(void **state)
{
	(void)state;
	expect_payout_field("amount", "\"10000\"",
	                    "payout.create: field amount: expected a whole number of centavos, "
	                    "got the string '10000'");
	expect_payout_field("amount", "100.00",
	                    "payout.create: field amount: '100.00' is not a whole number (amounts are "
	                    "whole centavos: 500.10 pesos is 50010)");
	expect_payout_field("amount", "1e3",
	                    "payout.create: field amount: '1e3' is not a whole number (amounts are "
	                    "whole centavos: 500.10 pesos is 50010)");
	expect_payout_field("amount", "99999999999999999999",
	                    "payout.create: field amount: '99999999999999999999' is too large");
	expect_payout_field("amount", "-100",
	                    "payout.create: field amount: -100 is below the minimum 100 (centavos: \u20B11.00)");
	expect_payout_field("amount", "true",
	                    "payout.create: field amount: expected a whole number of centavos, got the value 'true'");
	expect_payout_field("mchOrderId", "12345",
	                    "payout.create: field mchOrderId: expected a string, got the number '12345'");
	expect_payout_field("accountName", "{\"first\":\"Juan\"}",
	                    "payout.create: field accountName: expected a string, got a JSON object");
	expect_payout_field("amount", "null", "payout.create: field amount: missing (mandatory)");
	expect_payout_field("remark", "null", NULL); /* null optional = absent */

	expect_message("checkout.create", "{\"mchOrderId\":\"CHK0000001\",\"currency\":\"PHP\",\"amount\":10000,"
	               "\"customer\":\"Juan\",\"items\":{}," URLS "}",
	               "checkout.create: 2 bad fields:\n"
	               "  customer: expected a JSON object, got the string 'Juan'\n"
	               "  items: expected a JSON array, got a JSON object");
	expect_message("checkout.create", "{\"mchOrderId\":\"CHK0000001\",\"currency\":\"USD\",\"amount\":10000,"
	               "\"customer\":{},\"items\":[]," URLS "}",
	               "checkout.create: field currency: 'USD' is not one of PHP");
}

static void test_lengths_count_characters(void **state)
{
	char name[256] = "";
	char json[300];
	char want[512];

	(void)state;
	/* 30 × "ñ" is 60 bytes but 30 characters: allowed */
	for (int i = 0; i < 30; i++)
		strcat(name, "\xc3\xb1");
	snprintf(json, sizeof(json), "\"%s\"", name);
	expect_payout_field("accountName", json, NULL);
	strcat(name, "\xc3\xb1");
	snprintf(json, sizeof(json), "\"%s\"", name);
	snprintf(want, sizeof(want),
	         "payout.create: field accountName: '%s' has 31 characters; at most 30 allowed", name);
	expect_payout_field("accountName", json, want);
	/* long values are shortened in messages (32 characters, then "...") */
	expect_payout_field("remark", "\"0123456789012345678901234567890123456789\"", NULL);
	expect_payout_field("birthPlace", "\"\"", NULL);
	expect_payout_field("mchOrderId", "\"0123456789012345678901234567890123456789\"",
	                    "payout.create: field mchOrderId: '01234567890123456789012345678901...' "
	                    "has 40 characters; at most 32 allowed");
	expect_payout_field("idempotencyId", "\"ABC\"",
	                    "payout.create: field idempotencyId: 'ABC' has 3 characters; at least 10 required");
	expect_payout_field("idempotencyId", "\"ABCDEFGHIJKLMNOPQRSTUVWXYZ12345\"",
	                    "payout.create: field idempotencyId: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ12345' has "
	                    "31 characters; at most 30 allowed");
	expect_payout_field("idempotencyId", "\"ABCDEFGHIJKLMNOPQRSTUVWXYZ1234\"", NULL);
	expect_payout_field("mchOrderId", "\"\"", "payout.create: field mchOrderId: missing (mandatory)");
}

static void test_formats(void **state)
{
	(void)state;
	expect_payout_field("email", "\"x@\"", "payout.create: field email: 'x@' is not an email address");
	expect_payout_field("email", "\"@example.com\"",
	                    "payout.create: field email: '@example.com' is not an email address");
	expect_payout_field("email", "\"juan@localhost\"",
	                    "payout.create: field email: 'juan@localhost' is not an email address");
	expect_payout_field("email", "\"juan dela@cruz.ph\"",
	                    "payout.create: field email: 'juan dela@cruz.ph' is not an email address");
	expect_payout_field("email", "\"juan.dela-cruz+pay@mail.example.ph\"", NULL);
	expect_payout_field("idempotencyId", "\"IDEM-000001\"",
	                    "payout.create: field idempotencyId: 'IDEM-000001' may contain only letters and digits");
	expect_payout_field("accountName", "\"Juan 2nd\"",
	                    "payout.create: field accountName: 'Juan 2nd' may contain only letters, "
	                    "spaces and the characters ' . -");
	expect_payout_field("accountName", "\"Ma. Jos\xc3\xa9 O'Brien-Pe\xc3\xb1" "a\"", NULL);
	expect_payout_field("appName", "\"Shop #1\"",
	                    "payout.create: field appName: 'Shop #1' may contain only letters, digits and spaces");
	expect_payout_field("idCardExpiryDate", "\"2024-02-29\"", NULL);
	expect_payout_field("idCardExpiryDate", "\"2023-02-29\"",
	                    "payout.create: field idCardExpiryDate: '2023-02-29' is not a date of the form "
	                    "yyyy-MM-dd (e.g. 2024-01-31)");
	expect_payout_field("idCardExpiryDate", "\"2024-1-31\"",
	                    "payout.create: field idCardExpiryDate: '2024-1-31' is not a date of the form "
	                    "yyyy-MM-dd (e.g. 2024-01-31)");
	expect_payout_field("idCardPicUrl", "\"ftp://files.example/id.png\"",
	                    "payout.create: field idCardPicUrl: 'ftp://files.example/id.png' is not an "
	                    "http:// or https:// URL");
	expect_payout_field("idCardPicUrl", "\"https://\"",
	                    "payout.create: field idCardPicUrl: 'https://' is not an http:// or https:// URL");
	expect_payout_field("idCardPicUrl", "\"https://files.example/my id.png\"",
	                    "payout.create: field idCardPicUrl: 'https://files.example/my id.png' is not an "
	                    "http:// or https:// URL");
	expect_payout_field("idCardPicUrl", "\"http://127.0.0.1:8080/id.png?x=1\"", NULL);

	expect_message("web.create", "{" APP "\"mchOrderId\":\"W1\",\"amount\":100,\"channelCode\":\"GCASH_URL\","
	               "\"email\":\"a@b.ph\",\"mobile\":\"19171234567\"," URLS "}",
	               "web.create: field mobile: '19171234567' is not a mobile number of the form "
	               "09xxxxxxxxx (09 and 9 more digits)");
	expect_message("web.create", "{" APP "\"mchOrderId\":\"W1\",\"amount\":100,\"channelCode\":\"GCASH_URL\","
	               "\"email\":\"a@b.ph\",\"mobile\":\"0917123456\"," URLS "}",
	               "web.create: field mobile: '0917123456' has 10 characters; exactly 11 required");
	expect_message("qr.payments", "{\"mchOrderId\":\"Q1\",\"startDate\":\"2024-13-01\",\"endDate\":\"2024-12-31\"}",
	               "qr.payments: field startDate: '2024-13-01' is not a date of the form yyyy-MM-dd "
	               "(e.g. 2024-01-31)");
	expect_valid("checkout.create", "{\"mchOrderId\":\"CHK0000001\",\"currency\":\"PHP\",\"amount\":1,"
	             "\"customer\":{},\"items\":[]," URLS ",\"expireTime\":\"2024-01-01 23:59:59\"}");
	expect_message("checkout.create", "{\"mchOrderId\":\"CHK0000001\",\"currency\":\"PHP\",\"amount\":1,"
	               "\"customer\":{},\"items\":[]," URLS ",\"expireTime\":\"2024-01-01 24:00:00\"}",
	               "checkout.create: field expireTime: '2024-01-01 24:00:00' is not a date and time "
	               "of the form yyyy-MM-dd HH:mm:ss");
}

static void test_code_lists(void **state)
{
	(void)state;
	expect_valid("transfer.update", "{\"mchOrderId\":\"T1\",\"channelCode\":\"INSTA_TRANSFER_ACC,INSTA_TRANSFER_ACC\"}");
	expect_message("transfer.update", "{\"mchOrderId\":\"T1\",\"channelCode\":\"INSTA_TRANSFER_ACC,FOO\"}",
	               "transfer.update: field channelCode: code 'FOO' is not one of INSTA_TRANSFER_ACC");
	expect_message("transfer.payments", "{\"mchOrderId\":\"T1\"," DATES ",\"channelCode\":\"INSTA_TRANSFER_ACC,\"}",
	               "transfer.payments: field channelCode: 'INSTA_TRANSFER_ACC,' has an empty code: "
	               "separate codes with single commas");
	/* VA channels are not published in full: any code passes */
	expect_valid("va.update", "{\"mchOrderId\":\"V1\",\"channelCode\":\"GCASH_STATIC_VA,NEW_STATIC_VA\"}");
	expect_message("va.update", "{\"mchOrderId\":\"V1\",\"channelCode\":\"GCASH_STATIC_VA,,RDP_STATIC_VA\"}",
	               "va.update: field channelCode: 'GCASH_STATIC_VA,,RDP_STATIC_VA' has an empty code: "
	               "separate codes with single commas");
}

static void test_unknown_and_many_fields(void **state)
{
	pc_params p;
	pc_err err;

	(void)state;
	expect_message("payout.create", "{" PAYOUT_BASE ",\"amount\":100,\"payMethodCode\":\"SCANQR\","
	               "\"frobnicate\":1}",
	               "payout.create: field frobnicate: not a field of payout.create");
	/* three problems at once, in table order */
	expect_message("payout.create", "{" PAYOUT_BASE ",\"amount\":50,\"payMethodCode\":\"CASH\","
	               "\"email\":\"x@\"}",
	               "payout.create: 3 bad fields:\n"
	               "  amount: 50 is below the minimum 100 (centavos: \u20B11.00)\n"
	               "  payMethodCode: 'CASH' is not one of BANK, EWALLET, SCANQR\n"
	               "  email: 'x@' is not an email address");
	/* nothing given: every mandatory field, one line each */
	assert_int_equal(pc_endpoint_validate(endpoint("payout.create"), NULL, &err), -1);
	assert_non_null(strstr(err.msg, "payout.create: 7 bad fields:\n  mchOrderId: missing (mandatory)\n"));
	assert_int_equal(pc_endpoint_validate(endpoint("account.balance"), NULL, &err), 0);
	assert_int_equal(pc_endpoint_validate(NULL, NULL, &err), -1);

	/* a hostile key is shown escaped; too many problems are summarised */
	pc_params_init(&p);
	assert_int_equal(pc_params_set_str(&p, "\x1b[31mred", "x"), 0);
	assert_int_equal(pc_endpoint_validate(endpoint("account.balance"), &p, &err), -1);
	assert_string_equal(err.msg, "account.balance: field \\x1b[31mred: not a field of account.balance");
	for (int i = 0; i < 100; i++) {
		char key[64];

		snprintf(key, sizeof(key), "unknownFieldNumber%03dWithALongName", i);
		assert_int_equal(pc_params_set_str(&p, key, "x"), 0);
	}
	assert_int_equal(pc_endpoint_validate(endpoint("account.balance"), &p, &err), -1);
	assert_true(strlen(err.msg) < sizeof(err.msg) - 1);
	assert_non_null(strstr(err.msg, "account.balance: 101 bad fields:\n"));
	assert_non_null(strstr(err.msg, " more"));
	assert_int_equal(strncmp(strrchr(err.msg, '\n'), "\n  ... and ", 11), 0);
	pc_params_free(&p);
}

/* ------------------------------------------------------------ paths */

static void test_expand_and_match_every_row(void **state)
{
	static const char *const values[] = { "ORD1001", "a/b c", "100%+x" };
	size_t count;
	const pc_endpoint *all = pc_endpoints(&count);

	(void)state;
	for (size_t i = 0; i < count; i++) {
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			const pc_endpoint *ep = &all[i];
			pc_params p, captured;
			pc_err err;
			char *path;

			parse(&p, minimal[i].json);
			for (size_t k = 0; k < ep->nfields; k++)
				if (path_has_placeholder(ep->path, ep->fields[k].name))
					assert_int_equal(pc_params_set_str(&p, ep->fields[k].name, values[v]), 0);
			path = pc_endpoint_expand_path(ep, &p, &err);
			if (!path)
				fail_msg("%s: %s", ep->id, err.msg);
			pc_params_init(&captured);
			if (pc_endpoint_match(ep->method, path, &captured) != ep)
				fail_msg("%s: %s %s does not match back", ep->id, pc_method_name(ep->method), path);
			for (size_t k = 0; k < captured.n; k++)
				assert_string_equal(captured.items[k].value, values[v]);
			assert_int_equal(captured.n, strchr(ep->path, '{') ? 1 : 0);
			free(path);
			pc_params_free(&captured);
			pc_params_free(&p);
		}
	}
}

static void test_expand_known_answers(void **state)
{
	pc_params p;
	pc_err err;
	char *path;

	(void)state;
	pc_params_init(&p);
	assert_int_equal(pc_params_set_str(&p, "mchOrderId", "a/b c~d.e_f-g\xc3\xb1"), 0);
	path = pc_endpoint_expand_path(endpoint("qr.payments"), &p, &err);
	assert_string_equal(path, "/api/v1/qrcode/a%2Fb%20c~d.e_f-g%C3%B1/payments");
	free(path);
	path = pc_endpoint_expand_path(endpoint("payout.create"), &p, &err);
	assert_string_equal(path, "/api/v1/payout");
	free(path);
	assert_int_equal(pc_params_set(&p, "transactionId", PC_JNUM, "12345"), 0);
	path = pc_endpoint_expand_path(endpoint("web.status"), &p, &err);
	assert_string_equal(path, "/api/v1/payment/12345");
	free(path);
	pc_params_free(&p);

	pc_params_init(&p);
	assert_null(pc_endpoint_expand_path(endpoint("qr.show"), &p, &err));
	assert_int_equal(err.cls, PC_EINPUT);
	assert_string_equal(err.msg, "qr.show: the path /api/v1/qrcode/{mchOrderId} needs mchOrderId, "
	                    "which is missing or empty: give mchOrderId=<value>.");
	assert_int_equal(pc_params_set_str(&p, "mchOrderId", ""), 0);
	assert_null(pc_endpoint_expand_path(endpoint("qr.show"), &p, &err));
	assert_non_null(strstr(err.msg, "needs mchOrderId"));
	assert_int_equal(pc_params_set(&p, "mchOrderId", PC_JRAW, "{\"a\":1}"), 0);
	assert_null(pc_endpoint_expand_path(endpoint("qr.show"), &p, &err));
	assert_non_null(strstr(err.msg, "must be a string"));
	assert_null(pc_endpoint_expand_path(endpoint("qr.show"), NULL, &err));
	pc_params_free(&p);
}

static void test_match_known_answers(void **state)
{
	pc_params captured;

	(void)state;
	pc_params_init(&captured);
	assert_ptr_equal(pc_endpoint_match(PC_GET, "/api/v1/qrcode/ORD1/payments", &captured),
	                 endpoint("qr.payments"));
	assert_string_equal(pc_params_get(&captured, "mchOrderId"), "ORD1");
	pc_params_free(&captured);
	pc_params_init(&captured);
	assert_ptr_equal(pc_endpoint_match(PC_GET, "/api/v1/qrcode/A%2fb+c", &captured),
	                 endpoint("qr.show"));
	assert_string_equal(pc_params_get(&captured, "mchOrderId"), "A/b+c");
	pc_params_free(&captured);
	assert_ptr_equal(pc_endpoint_match(PC_POST, "/api/v1/qrcode", NULL), endpoint("qr.create"));
	assert_ptr_equal(pc_endpoint_match(PC_POST, "/api/v1/qrcode/cancel", NULL), endpoint("qr.cancel"));
	assert_ptr_equal(pc_endpoint_match(PC_GET, "/api/v1/payout/check", NULL), endpoint("payout.status"));
	assert_ptr_equal(pc_endpoint_match(PC_GET, "/api/v2/qrcode/detail", NULL), endpoint("qr.v2_detail"));
}

static void test_match_rejects(void **state)
{
	static const struct {
		pc_method m;
		const char *path;
	} bad[] = {
		{ PC_GET, "/api/v1/unknown" },
		{ PC_GET, "/api/v1/payout" },            /* POST only */
		{ PC_POST, "/api/v1/payout/check" },     /* GET only */
		{ PC_POST, "/api/v1/payout/" },
		{ PC_POST, "/api/v1//payout" },
		{ PC_POST, "api/v1/payout" },
		{ PC_GET, "/api/v1/payout/check?mchOrderId=1" }, /* caller strips the query */
		{ PC_GET, "/api/v1/qrcode//payments" },
		{ PC_GET, "/api/v1/qrcode/A%2/payments" },
		{ PC_GET, "/api/v1/qrcode/A%zz/payments" },
		{ PC_GET, "/api/v1/qrcode/A%00B/payments" },
		{ PC_GET, "/api/v1/qrcode/A/payments/extra" },
		{ PC_GET, "/API/V1/PAYOUT/CHECK" },
		{ PC_GET, "" },
		{ PC_GET, "/" },
	};
	pc_params captured;

	(void)state;
	pc_params_init(&captured);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pc_endpoint_match(bad[i].m, bad[i].path, &captured) != NULL)
			fail_msg("%s %s should not match", pc_method_name(bad[i].m), bad[i].path);
	assert_int_equal(captured.n, 0);
	assert_null(pc_endpoint_match(PC_GET, NULL, NULL));
	pc_params_free(&captured);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_ids_paths_flags),
		cmocka_unit_test(test_table_well_formed),
		cmocka_unit_test(test_field_flags),
		cmocka_unit_test(test_field_bounds),
		cmocka_unit_test(test_minimal_sets_cover_table),
		cmocka_unit_test(test_minimal_sets_pass),
		cmocka_unit_test(test_implicit_fields_ignored),
		cmocka_unit_test(test_each_mandatory_field_missing),
		cmocka_unit_test(test_payout_conditionals),
		cmocka_unit_test(test_qr_conditionals),
		cmocka_unit_test(test_one_of_groups),
		cmocka_unit_test(test_amount_ranges_and_jt),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_lengths_count_characters),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_code_lists),
		cmocka_unit_test(test_unknown_and_many_fields),
		cmocka_unit_test(test_expand_and_match_every_row),
		cmocka_unit_test(test_expand_known_answers),
		cmocka_unit_test(test_match_known_answers),
		cmocka_unit_test(test_match_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
