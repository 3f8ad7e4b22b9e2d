/* endpoints.c — the one table of PayCools endpoints (see endpoints.h).
 *
 * Every row comes from the PayCools documentation (doc.paycools.com,
 * doc-dev, jtdoc). Where two doc sites print different bounds for a field
 * the more permissive one is enforced and the help text says so: refusing
 * a request the server would take is worse than letting the server refuse.
 * Channel-code lists are published only for QR and bank transfer; every
 * other channel field takes any value and names the known codes in its help.
 *
 * Bounds: `min`/`max` are a string's length in characters or an integer's
 * value range; 0,0 means none, and max 0 with min set means "no upper bound".
 *
 * `response` lists the documented `data` fields as "a, b, c". A field of a
 * list inside data is written "list[].field"; when data itself is a list its
 * element fields are written "[].field". */
#include "endpoints.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sanitize.h"
#include "strbuf.h"
#include "urlcode.h"
#include "utf8.h"

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ shared fields */

#define APP_NAME_FIELD {                                                    \
	.name = "appName", .type = PC_FT_STRING, .presence = PC_MANDATORY,  \
	.min = 1, .max = 100, .format = PC_FMT_APP_NAME,                    \
	.help = "Merchant application name as registered with PayCools (letters, digits, spaces; 1-100)" }

#define MCH_ORDER_ID_FIELD(helptext) {                                      \
	.name = "mchOrderId", .type = PC_FT_STRING, .presence = PC_MANDATORY, \
	.min = 1, .max = 32, .help = helptext }

#define PATH_ORDER_ID_FIELD(helptext) {                                     \
	.name = "mchOrderId", .type = PC_FT_STRING, .presence = PC_MANDATORY, \
	.min = 1, .max = 32, .flags = PC_FF_PATH_ONLY, .help = helptext }

#define DATE_FIELD(fname, helptext) {                                       \
	.name = fname, .type = PC_FT_STRING, .presence = PC_MANDATORY,      \
	.format = PC_FMT_DATE, .help = helptext }

#define STATEMENT_FIELDS                                                    \
	{ .name = "createDate", .type = PC_FT_STRING, .presence = PC_CONDITIONAL, \
	  .min = 1, .max = 50, .format = PC_FMT_DATE, .one_of = "date",     \
	  .help = "Creation date, yyyy-MM-dd (give createDate, completeDate or both)" }, \
	{ .name = "completeDate", .type = PC_FT_STRING, .presence = PC_CONDITIONAL, \
	  .min = 1, .max = 50, .format = PC_FMT_DATE, .one_of = "date",     \
	  .help = "Completion date, yyyy-MM-dd (give createDate, completeDate or both)" }, \
	{ .name = "page", .type = PC_FT_INT, .presence = PC_MANDATORY, .min = 1, \
	  .help = "Page number, from 1" },                                  \
	{ .name = "status", .type = PC_FT_STRING, .presence = PC_OPTIONAL,  \
	  .min = 1, .max = 100, .allowed = "PENDING|COMPLETE|FAILED",       \
	  .help = "Only records in this status: PENDING, COMPLETE or FAILED" }

#define VA_CHANNELS_KNOWN \
	"GCASH_STATIC_VA, PAYMAYA_STATIC_VA, 7ELEVEN_STATIC_VA, MLH_STATIC_VA, RDP_STATIC_VA (full list not published)"

/* Fields shared by single and batch static VA creation (4.1, 4.2). */
#define VA_CUSTOMER_FIELDS                                                  \
	{ .name = "customerName", .type = PC_FT_STRING, .presence = PC_MANDATORY, \
	  .min = 1, .max = 100,                                             \
	  .help = "Paying customer, \"first middle last\" (middle optional; 1-100)" }, \
	{ .name = "email", .type = PC_FT_STRING, .presence = PC_MANDATORY,  \
	  .min = 1, .max = 50, .format = PC_FMT_EMAIL,                      \
	  .help = "Customer email (1-50)" },                                \
	{ .name = "minAmount", .type = PC_FT_INT, .presence = PC_OPTIONAL,  \
	  .flags = PC_FF_MONEY,                                             \
	  .help = "Smallest payment accepted, centavos (e.g. 20000 = 200.00 pesos)" }, \
	{ .name = "maxAmount", .type = PC_FT_INT, .presence = PC_OPTIONAL,  \
	  .flags = PC_FF_MONEY,                                             \
	  .help = "Largest payment accepted, centavos (e.g. 5000000 = 50,000.00 pesos)" }, \
	{ .name = "mobile", .type = PC_FT_STRING, .presence = PC_OPTIONAL,  \
	  .min = 11, .max = 14, .help = "Customer mobile number (11-14 characters)" }, \
	{ .name = "expireTime", .type = PC_FT_STRING, .presence = PC_OPTIONAL, \
	  .format = PC_FMT_DATE,                                            \
	  .help = "Last day the account accepts payments, yyyy-MM-dd; empty = always active" }, \
	{ .name = "description", .type = PC_FT_STRING, .presence = PC_OPTIONAL, \
	  .help = "Remark shown with the virtual account" }

#define QR_CHANNELS "QRPH_STATIC_QR|QRPH_DYNAMIC_QR|QRPH_HYBRID_QR"

/* ------------------------------------------------------------ responses */

#define STATEMENT_PAYMENTS_RESPONSE                                         \
	"records[].merchantOrderId, records[].transactionId, records[].paymentMethod, " \
	"records[].paymentChannel, records[].amount, records[].fee, records[].name, " \
	"records[].mobile, records[].status, records[].appName, records[].createTime, " \
	"records[].completeTime"

#define STATEMENT_PAYOUTS_RESPONSE                                          \
	"records[].merchantOrderId, records[].transactionId, records[].amount, records[].fee, " \
	"records[].remittingBank, records[].remittingAccount, records[].recipientName, " \
	"records[].recipientAccount, records[].receivingChannel, records[].status, " \
	"records[].createTime, records[].completeTime"

#define VA_BATCH_RESPONSE                                                   \
	"shortLink, paymentVaList[].mchOrderId, paymentVaList[].channelCode, " \
	"paymentVaList[].guideUrl, paymentVaList[].referenceNumber, paymentVaList[].biller"

#define QR_RESPONSE                                                         \
	"mchOrderId, qrcodeId, qrcodeContent, channelCode, callbackUrl, createTime, " \
	"updateTime, remark, status, qrLink"

#define QR_V2_RESPONSE                                                      \
	QR_RESPONSE ", amount, fee, totalAmount, businessType, warning, items"

#define PAYMENTS_RESPONSE                                                   \
	"[].transactionId, [].transactionCreateTime, [].transactionReturnTime, " \
	"[].transactionAmount, [].channelCode, [].transactionStatus, [].remark"

#define TRANSFER_RESPONSE                                                   \
	"shortLink, paymentAccountList[].mchOrderId, paymentAccountList[].channelCode, " \
	"paymentAccountList[].guideUrl, paymentAccountList[].receivingBank, " \
	"paymentAccountList[].accountName, paymentAccountList[].accountNumber"

/* ------------------------------------------------------------ fields per endpoint */

static const pc_field statement_fields[] = {
	STATEMENT_FIELDS,
};

static const pc_field payout_create_fields[] = {
	{ .name = "mchOrderId", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 32, .format = PC_FMT_ALNUM,
	  .help = "Your unique order id for this payout (letters and digits, 1-32)" },
	APP_NAME_FIELD,
	{ .name = "idempotencyId", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 10, .max = 30, .format = PC_FMT_ALNUM,
	  .help = "Idempotency key, letters and digits (10-30); a repeat is refused with 1014" },
	{ .name = "amount", .type = PC_FT_INT, .presence = PC_MANDATORY,
	  .min = 100, .max = 500000000, .flags = PC_FF_MONEY,
	  .help = "Amount in centavos, 100 to 500000000 (1.00 to 5,000,000.00 pesos)" },
	{ .name = "accountNo", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .flags = PC_FF_SECRET,
	  .help = "Recipient account: bank account, e-wallet mobile 09xxxxxxxxx, or QR content for SCANQR" },
	{ .name = "accountName", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 30, .format = PC_FMT_PERSON_NAME,
	  .help = "Recipient \"first middle last\" (letters, spaces, ' . -; 1-30); SCANQR: merchant name in the QR" },
	{ .name = "payMethodCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .allowed = "BANK|EWALLET|SCANQR",
	  .help = "Pay method: BANK, EWALLET or SCANQR (SCANQR from the Disbursement V2 page)" },
	{ .name = "bankCode", .type = PC_FT_STRING, .presence = PC_CONDITIONAL,
	  .when_field = "payMethodCode", .when_values = "BANK",
	  .help = "Bank code when payMethodCode is BANK (PayCools channel list; not published)" },
	{ .name = "ewalletCode", .type = PC_FT_STRING, .presence = PC_CONDITIONAL,
	  .when_field = "payMethodCode", .when_values = "EWALLET",
	  .help = "E-wallet code when payMethodCode is EWALLET (e.g. JT on the J&T variant; list not published)" },
	{ .name = "remark", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 200, .help = "Remark (1-200)" },
	{ .name = "idCardPicUrl", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 200, .format = PC_FMT_URL,
	  .help = "URL of the recipient's ID card picture (1-200)" },
	{ .name = "idCardExpiryDate", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 20, .format = PC_FMT_DATE,
	  .help = "ID card expiry date, yyyy-MM-dd" },
	{ .name = "birthPlace", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 200, .help = "Recipient's place of birth (1-200)" },
	{ .name = "gender", .type = PC_FT_INT, .presence = PC_OPTIONAL,
	  .min = 0, .max = 2, .help = "Recipient's gender: 1 male, 0 female, 2 other" },
	{ .name = "email", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 50, .format = PC_FMT_EMAIL, .help = "Recipient email (1-50)" },
};

static const pc_field payout_status_fields[] = {
	MCH_ORDER_ID_FIELD("mchOrderId of the payout (the doc prints length 20; 1-32 as at creation is accepted)"),
};

static const pc_field va_create_fields[] = {
	APP_NAME_FIELD,
	MCH_ORDER_ID_FIELD("Your id of the paying customer or bill; one set of VA codes per id (1-32)"),
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .help = "Static VA channel, one of " VA_CHANNELS_KNOWN },
	VA_CUSTOMER_FIELDS,
};

static const pc_field va_batch_create_fields[] = {
	APP_NAME_FIELD,
	MCH_ORDER_ID_FIELD("Your id of the paying customer or bill; one set of VA codes per id (1-32)"),
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .format = PC_FMT_CODE_LIST,
	  .help = "Comma-separated static VA channels, e.g. " VA_CHANNELS_KNOWN },
	VA_CUSTOMER_FIELDS,
};

static const pc_field va_update_fields[] = {
	PATH_ORDER_ID_FIELD("mchOrderId of the virtual accounts (sent in the path only)"),
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .format = PC_FMT_CODE_LIST,
	  .help = "Comma-separated static VA channels to keep, e.g. " VA_CHANNELS_KNOWN },
};

static const pc_field va_payments_fields[] = {
	PATH_ORDER_ID_FIELD("mchOrderId of the virtual accounts (sent in the path only)"),
	DATE_FIELD("startDate", "First day, yyyy-MM-dd (parameters assumed as for QR payments)"),
	DATE_FIELD("endDate", "Last day, yyyy-MM-dd (parameters assumed as for QR payments)"),
};

static const pc_field order_id_only_fields[] = {
	MCH_ORDER_ID_FIELD("mchOrderId given at creation (1-32)"),
};

static const pc_field qr_create_fields[] = {
	APP_NAME_FIELD,
	MCH_ORDER_ID_FIELD("Your unique id for this QR code (1-32)"),
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .allowed = QR_CHANNELS,
	  .help = "QRPH_STATIC_QR (payer types the amount), QRPH_DYNAMIC_QR or QRPH_HYBRID_QR" },
	{ .name = "customerName", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 128,
	  .help = "Customer name (doc: 1-100, doc-dev: 1-128; 1-128 accepted)" },
	{ .name = "amount", .type = PC_FT_INT, .presence = PC_CONDITIONAL,
	  .min = 2000, .flags = PC_FF_MONEY,
	  .when_field = "channelCode", .when_values = "QRPH_DYNAMIC_QR|QRPH_HYBRID_QR",
	  .help = "Amount in centavos, at least 2000 (20.00 pesos); mandatory for dynamic and hybrid QR" },
	{ .name = "callbackUrl", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 256, .format = PC_FMT_URL,
	  .help = "Payment callback URL, else the one set in the merchant backend (doc: 150, doc-dev: 1-256; 256 accepted)" },
	{ .name = "email", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 128, .format = PC_FMT_EMAIL,
	  .help = "Customer email (doc: 1-50, doc-dev: 1-128; 1-128 accepted)" },
	{ .name = "remark", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .help = "QR remark (doc: no limit, doc-dev: 1-256; not limited here)" },
	{ .name = "expireSeconds", .type = PC_FT_INT, .presence = PC_OPTIONAL,
	  .min = 60, .max = 3600,
	  .help = "Lifetime of a dynamic or hybrid QR in seconds, 60-3600, default 3600 (doc-dev only)" },
};

static const pc_field qr_show_fields[] = {
	MCH_ORDER_ID_FIELD("mchOrderId of the QR code (in the path and signed in the query)"),
};

static const pc_field qr_payments_fields[] = {
	PATH_ORDER_ID_FIELD("mchOrderId of the QR code (sent in the path only)"),
	DATE_FIELD("startDate", "First day, yyyy-MM-dd"),
	DATE_FIELD("endDate", "Last day, yyyy-MM-dd"),
};

static const pc_field qr_update_fields[] = {
	MCH_ORDER_ID_FIELD("mchOrderId of the QR code (1-32)"),
	{ .name = "customerName", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 100, .help = "Customer name (1-100)" },
	{ .name = "callbackUrl", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .format = PC_FMT_URL, .help = "New payment callback URL" },
	{ .name = "email", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 50, .format = PC_FMT_EMAIL, .help = "Customer email (1-50)" },
	{ .name = "remark", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .help = "QR remark" },
};

static const pc_field transfer_create_fields[] = {
	APP_NAME_FIELD,
	MCH_ORDER_ID_FIELD("Your id of the paying customer or bill (1-32)"),
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .allowed = "INSTA_TRANSFER_ACC", .format = PC_FMT_CODE_LIST,
	  .help = "Comma-separated channels; INSTA_TRANSFER_ACC is the only one" },
	{ .name = "customerName", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 100, .help = "Paying customer's name (1-100)" },
	{ .name = "email", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 50, .format = PC_FMT_EMAIL, .help = "Customer email (1-50)" },
	{ .name = "minAmount", .type = PC_FT_INT, .presence = PC_OPTIONAL,
	  .flags = PC_FF_MONEY,
	  .help = "Smallest payment accepted, centavos (e.g. 20000 = 200.00 pesos)" },
	{ .name = "maxAmount", .type = PC_FT_INT, .presence = PC_OPTIONAL,
	  .flags = PC_FF_MONEY,
	  .help = "Largest payment accepted, centavos (e.g. 5000000 = 50,000.00 pesos)" },
	{ .name = "mobile", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 11, .max = 14, .help = "Customer mobile number (11-14 characters)" },
	{ .name = "expireTime", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .help = "Expiry of the account (format not documented; VA uses yyyy-MM-dd); empty = always active" },
	{ .name = "description", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .help = "Remark shown with the account" },
};

static const pc_field transfer_update_fields[] = {
	PATH_ORDER_ID_FIELD("mchOrderId of the bank transfer accounts (sent in the path only)"),
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .allowed = "INSTA_TRANSFER_ACC", .format = PC_FMT_CODE_LIST,
	  .help = "Comma-separated channels; INSTA_TRANSFER_ACC is the only one" },
};

static const pc_field transfer_payments_fields[] = {
	PATH_ORDER_ID_FIELD("mchOrderId of the bank transfer accounts (sent in the path only)"),
	DATE_FIELD("startDate", "First day, yyyy-MM-dd"),
	DATE_FIELD("endDate", "Last day, yyyy-MM-dd"),
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .allowed = "INSTA_TRANSFER_ACC", .format = PC_FMT_CODE_LIST,
	  .help = "Only these channels, comma-separated: INSTA_TRANSFER_ACC" },
};

static const pc_field web_create_fields[] = {
	APP_NAME_FIELD,
	MCH_ORDER_ID_FIELD("Your unique order id (1-32)"),
	{ .name = "amount", .type = PC_FT_INT, .presence = PC_MANDATORY,
	  .min = 100, .max = 5000000, .flags = PC_FF_MONEY,
	  .help = "Amount in centavos, 100 to 5000000 (1.00 to 50,000.00 pesos)" },
	{ .name = "customerName", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 100, .help = "Payer name (1-100)" },
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .help = "Web payment channel, e.g. GCASH_URL (unofficial: PAYMAYA_URL, BPIA_URL, UBPB_URL, MAYB_URL, MBTC_URL, RCBC_URL, VISA_CARD_URL, MASTER_CARD_URL)" },
	{ .name = "email", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .format = PC_FMT_EMAIL,
	  .help = "Customer email; the merchant's own when the customer has none" },
	{ .name = "mobile", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 11, .max = 11, .format = PC_FMT_MOBILE_PH,
	  .help = "Customer mobile 09xxxxxxxxx; the merchant's own when the customer has none" },
	{ .name = "remark", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .help = "Payment remark" },
	{ .name = "callbackUrl", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 100, .format = PC_FMT_URL,
	  .help = "Where PayCools POSTs the payment result (1-100)" },
	{ .name = "redirectUrl", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 100, .format = PC_FMT_URL,
	  .help = "Where the payer's browser returns after paying (1-100)" },
};

static const pc_field web_status_fields[] = {
	{ .name = "transactionId", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 20,
	  .help = "PayCools collection id, e.g. C1175676368800878371 (in the path and signed)" },
};

static const pc_field refund_create_fields[] = {
	{ .name = "mchRefundOrderId", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 32,
	  .help = "Your unique refund id (1-32); a repeat is refused with 1515" },
	{ .name = "originalTransactionId", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .help = "PayCools transactionId of the completed collection to refund" },
	{ .name = "refundAmount", .type = PC_FT_INT, .presence = PC_MANDATORY,
	  .flags = PC_FF_MONEY,
	  .help = "Amount to refund in centavos, at most the refundable amount" },
	{ .name = "refundReason", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .help = "Why the money is returned" },
	{ .name = "refundCallbackUrl", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .format = PC_FMT_URL, .help = "Where PayCools POSTs the refund result" },
};

static const pc_field refund_show_fields[] = {
	{ .name = "originalTransactionId", .type = PC_FT_STRING, .presence = PC_CONDITIONAL,
	  .min = 1, .max = 20, .one_of = "id",
	  .help = "Collection transactionId (give this or refundTransactionId)" },
	{ .name = "refundTransactionId", .type = PC_FT_STRING, .presence = PC_CONDITIONAL,
	  .min = 1, .max = 20, .one_of = "id",
	  .help = "Refund transactionId (give this or originalTransactionId)" },
};

static const pc_field checkout_create_fields[] = {
	{ .name = "mchOrderId", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 10, .max = 32, .help = "Your unique order id (10-32)" },
	{ .name = "currency", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .allowed = "PHP", .help = "Currency: PHP" },
	{ .name = "amount", .type = PC_FT_INT, .presence = PC_MANDATORY,
	  .flags = PC_FF_MONEY, .help = "Total amount in centavos" },
	{ .name = "customer", .type = PC_FT_OBJECT, .presence = PC_MANDATORY,
	  .help = "JSON object: firstName, lastName, email, mobile, address" },
	{ .name = "items", .type = PC_FT_ARRAY, .presence = PC_MANDATORY,
	  .help = "JSON array of {name, amount (centavos), quantity, description, url}" },
	{ .name = "callbackUrl", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 256, .format = PC_FMT_URL,
	  .help = "Where PayCools POSTs the payment result (1-256)" },
	{ .name = "redirectUrl", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 512, .format = PC_FMT_URL,
	  .help = "Where the payer's browser returns (1-512)" },
	{ .name = "metadata", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 2000, .help = "Your own data, returned as is (1-2000)" },
	{ .name = "remark", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 256, .help = "Remark (1-256)" },
	{ .name = "availableChannelCodes", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .format = PC_FMT_CODE_LIST,
	  .help = "Comma-separated channels offered to the payer; default all" },
	{ .name = "expireTime", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .format = PC_FMT_DATETIME,
	  .help = "Expiry, yyyy-MM-dd HH:mm:ss, at most one day ahead" },
};

static const pc_field checkout_status_fields[] = {
	{ .name = "mchOrderId", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .help = "mchOrderId given at checkout creation" },
};

static const pc_field directdebit_pay_fields[] = {
	APP_NAME_FIELD,
	MCH_ORDER_ID_FIELD("Your unique order id (1-32)"),
	{ .name = "amount", .type = PC_FT_INT, .presence = PC_MANDATORY,
	  .flags = PC_FF_MONEY, .help = "Amount in centavos" },
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .help = "Direct debit channel, e.g. JTWALLET_DIRECT_DEBIT" },
	{ .name = "payToken", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .help = "Token of the customer's direct debit authorization" },
	{ .name = "customerName", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 128, .help = "Customer name (1-128)" },
	{ .name = "email", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 128, .format = PC_FMT_EMAIL, .help = "Customer email (1-128)" },
	{ .name = "mobile", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 11, .max = 11, .format = PC_FMT_MOBILE_PH,
	  .help = "Customer mobile, 09 followed by 9 digits" },
	{ .name = "callbackUrl", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 256, .format = PC_FMT_URL,
	  .help = "Where PayCools POSTs the payment result (1-256)" },
	{ .name = "remark", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .min = 1, .max = 256, .help = "Remark (1-256)" },
};

static const pc_field va_aggregate_create_fields[] = {
	APP_NAME_FIELD,
	{ .name = "aggregateOrderId", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 32, .format = PC_FMT_ALNUM,
	  .help = "Your id of the customer or bill (letters and digits, 1-32)" },
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .help = "VA channel; the J&T docs fix it to CEBUANA_VA" },
	{ .name = "aggregateAmount", .type = PC_FT_INT, .presence = PC_MANDATORY,
	  .flags = PC_FF_MONEY, .help = "Total amount in centavos (e.g. 20000 = 200.00 pesos)" },
	{ .name = "items", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .help = "JSON text of the sub-orders: subOrderId, amount, regionNo, regionCode, branchNo, courierNo, ..." },
	{ .name = "callbackUrl", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .format = PC_FMT_URL, .help = "Payment callback URL, else the one set in the merchant backend" },
	{ .name = "expireSeconds", .type = PC_FT_INT, .presence = PC_OPTIONAL,
	  .help = "Lifetime in seconds (e.g. 3600); empty = always active" },
	{ .name = "remark", .type = PC_FT_STRING, .presence = PC_OPTIONAL, .help = "Remark" },
};

static const pc_field va_aggregate_detail_fields[] = {
	{ .name = "aggregateOrderId", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 32, .format = PC_FMT_ALNUM,
	  .help = "aggregateOrderId given at creation (letters and digits, 1-32)" },
};

static const pc_field qr_merge_create_fields[] = {
	APP_NAME_FIELD,
	{ .name = "aggregateOrderId", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .min = 1, .max = 32, .format = PC_FMT_ALNUM,
	  .help = "Your merged-order id (letters and digits, 1-32; the English page calls it mchOrderId)" },
	{ .name = "channelCode", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .allowed = QR_CHANNELS, .help = "QR channel, normally QRPH_HYBRID_QR" },
	{ .name = "items", .type = PC_FT_STRING, .presence = PC_MANDATORY,
	  .help = "JSON text of the sub-orders (the English page calls it item): subOrderId, customerName, amount, ..." },
	{ .name = "aggregateAmount", .type = PC_FT_INT, .presence = PC_MANDATORY,
	  .min = 2000, .flags = PC_FF_MONEY,
	  .help = "Total of the merged COD orders in centavos, at least 2000 (20.00 pesos)" },
	{ .name = "remark", .type = PC_FT_STRING, .presence = PC_OPTIONAL, .help = "QR remark" },
	{ .name = "callbackUrl", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .format = PC_FMT_URL, .help = "Payment callback URL, else the one set in the merchant backend" },
	{ .name = "businessType", .type = PC_FT_INT, .presence = PC_OPTIONAL,
	  .min = 1, .max = 4,
	  .help = "1 COD (default), 2 station, 3 delivery change, 4 station COD" },
	{ .name = "feeSplitType", .type = PC_FT_INT, .presence = PC_CONDITIONAL,
	  .min = 1, .max = 2, .when_field = "businessType", .when_values = "2|3|4",
	  .help = "Who pays the fee: 1 merchant, 2 user (default); mandatory for businessType 2, 3, 4" },
};

static const pc_field qr_v2_detail_fields[] = {
	{ .name = "mchOrderId", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .help = "mchOrderId of the QR code (give this or subOrderId)" },
	{ .name = "subOrderId", .type = PC_FT_STRING, .presence = PC_OPTIONAL,
	  .help = "Sub-order id of a merged QR order (give this or mchOrderId)" },
};

/* ------------------------------------------------------------ the table */

#define FIELDS(a) .fields = (a), .nfields = NFIELDS(a)

static const pc_endpoint endpoint_table[] = {
	{ .id = "account.balance", .title = "Check Account Balance", .section = "2.1",
	  .method = PC_GET, .path = "/api/v1/account/checkBalance",
	  .fields = NULL, .nfields = 0, .response = "balance" },
	{ .id = "statement.payments", .title = "Payment Statement", .section = "2.2",
	  .method = PC_POST, .path = "/api/v1/record/paymentList", .flags = PC_EP_TIMESTAMP,
	  FIELDS(statement_fields), .response = STATEMENT_PAYMENTS_RESPONSE },
	{ .id = "statement.payouts", .title = "Payout Statement", .section = "2.3",
	  .method = PC_POST, .path = "/api/v1/record/payoutList", .flags = PC_EP_TIMESTAMP,
	  FIELDS(statement_fields), .response = STATEMENT_PAYOUTS_RESPONSE },
	{ .id = "payout.create", .title = "Create Payout", .section = "3.1",
	  .method = PC_POST, .path = "/api/v1/payout",
	  .flags = PC_EP_WRITES | PC_EP_MOVES_MONEY, FIELDS(payout_create_fields),
	  /* Not visible in the docs read; the shape other PayCools APIs return. */
	  .response = "mchOrderId, transactionId, transactionStatus, transactionTime" },
	{ .id = "payout.status", .title = "Check Payout Status", .section = "3.2",
	  .method = PC_GET, .path = "/api/v1/payout/check", FIELDS(payout_status_fields),
	  .response = "mchOrderId, transactionId, amount, transactionStatus, createTime, "
	              "returnTime, remark, failedCode, failedMessage" },
	{ .id = "va.create", .title = "Create Static Virtual Account", .section = "4.1",
	  .method = PC_POST, .path = "/api/v1/paymentCode", .flags = PC_EP_WRITES,
	  FIELDS(va_create_fields),
	  .response = "mchOrderId, channelCode, referenceNumber, biller, guideUrl" },
	{ .id = "va.batch_create", .title = "Batch Create Static Virtual Account", .section = "4.2",
	  .method = PC_POST, .path = "/api/v1/batch/paymentCode", .flags = PC_EP_WRITES,
	  FIELDS(va_batch_create_fields), .response = VA_BATCH_RESPONSE },
	{ .id = "va.update", .title = "Update Static Virtual Account", .section = "4.3",
	  .method = PC_POST, .path = "/api/v1/batch/paymentCode/{mchOrderId}/update",
	  .flags = PC_EP_WRITES, FIELDS(va_update_fields), .response = VA_BATCH_RESPONSE },
	{ .id = "va.payments", .title = "Get Virtual Account's Payments", .section = "4.5",
	  .method = PC_GET, .path = "/api/v1/paymentCode/{mchOrderId}/payments",
	  .flags = PC_EP_PATH_GUESSED, FIELDS(va_payments_fields), .response = PAYMENTS_RESPONSE },
	{ .id = "va.cancel", .title = "Cancel Static Virtual Account", .section = "4.7",
	  .method = PC_POST, .path = "/api/v1/paymentCode/cancel", .flags = PC_EP_WRITES,
	  FIELDS(order_id_only_fields),
	  .response = "paymentVaList[].mchOrderId, paymentVaList[].channelCode, "
	              "paymentVaList[].referenceNumber, paymentVaList[].biller, paymentVaList[].status" },
	{ .id = "qr.create", .title = "Create QR Code", .section = "5.1",
	  .method = PC_POST, .path = "/api/v1/qrcode", .flags = PC_EP_WRITES,
	  FIELDS(qr_create_fields), .response = QR_RESPONSE },
	{ .id = "qr.show", .title = "Get QR Code Detail", .section = "5.2",
	  .method = PC_GET, .path = "/api/v1/qrcode/{mchOrderId}", .flags = PC_EP_PATH_GUESSED,
	  FIELDS(qr_show_fields), .response = QR_RESPONSE },
	{ .id = "qr.payments", .title = "Get QR Code Payments", .section = "5.3",
	  .method = PC_GET, .path = "/api/v1/qrcode/{mchOrderId}/payments",
	  FIELDS(qr_payments_fields), .response = PAYMENTS_RESPONSE },
	{ .id = "qr.cancel", .title = "Cancel QR Code", .section = "5.4",
	  .method = PC_POST, .path = "/api/v1/qrcode/cancel", .flags = PC_EP_WRITES,
	  FIELDS(order_id_only_fields), .response = QR_RESPONSE },
	{ .id = "qr.update", .title = "Update QR Code", .section = "5.6",
	  .method = PC_POST, .path = "/api/v1/qrcode/update", .flags = PC_EP_WRITES,
	  FIELDS(qr_update_fields), .response = QR_RESPONSE },
	{ .id = "transfer.create", .title = "Batch Create Bank Transfer Account", .section = "6.1",
	  .method = PC_POST, .path = "/api/v1/batch/paymentAccount", .flags = PC_EP_WRITES,
	  FIELDS(transfer_create_fields), .response = TRANSFER_RESPONSE },
	{ .id = "transfer.update", .title = "Batch Update Bank Transfer Account", .section = "6.2",
	  .method = PC_POST, .path = "/api/v1/batch/paymentAccount/{mchOrderId}/update",
	  .flags = PC_EP_WRITES, FIELDS(transfer_update_fields), .response = TRANSFER_RESPONSE },
	{ .id = "transfer.payments", .title = "Bank Transfer Account Payments", .section = "6.3",
	  .method = PC_GET, .path = "/api/v1/paymentAccount/{mchOrderId}/payments",
	  FIELDS(transfer_payments_fields), .response = PAYMENTS_RESPONSE },
	{ .id = "web.create", .title = "Create Web Payment", .section = "7.1",
	  .method = PC_POST, .path = "/api/v1/payment", .flags = PC_EP_WRITES,
	  FIELDS(web_create_fields), .response = "redirectUrl, transactionStatus, transactionId" },
	{ .id = "web.status", .title = "Check Web Payment Status", .section = "7.2",
	  .method = PC_GET, .path = "/api/v1/payment/{transactionId}", FIELDS(web_status_fields),
	  .response = "mchOrderId, transactionId, amount, transactionStatus, createTime, returnTime, "
	              "appName, customerName, channelCode, email, mobile, remark, callbackUrl" },
	{ .id = "refund.create", .title = "Refund", .section = "8.1",
	  .method = PC_POST, .path = "/api/payment/refund",
	  .flags = PC_EP_WRITES | PC_EP_MOVES_MONEY, FIELDS(refund_create_fields),
	  .response = "mchRefundOrderId, refundTransactionId, refundAmount, refundCreateTime, refundStatus" },
	{ .id = "refund.show", .title = "Get Refund Payments", .section = "8.2",
	  .method = PC_GET, .path = "/api/refund/payments", FIELDS(refund_show_fields),
	  .response = "[].mchRefundOrderId, [].originalTransactionId, [].refundTransactionId, "
	              "[].refundAmount, [].feeRefunded, [].refundStatus, [].refundCreateTime, "
	              "[].refundReturnTime, [].refundReason, [].failedCode, [].failedMessage" },
	{ .id = "checkout.create", .title = "Create Checkout", .section = "9.x",
	  .method = PC_POST, .path = "/api/v1/checkout",
	  .flags = PC_EP_PARAM_ENVELOPE | PC_EP_TIMESTAMP | PC_EP_WRITES,
	  FIELDS(checkout_create_fields),
	  /* Not in the doc excerpt; what integrations of the v2 checkout read. */
	  .response = "checkoutId, checkoutUrl, status, expiresTime" },
	{ .id = "checkout.status", .title = "Check Checkout Status", .section = "9.x",
	  .method = PC_POST, .path = "/api/v1/checkout/state",
	  .flags = PC_EP_PARAM_ENVELOPE | PC_EP_TIMESTAMP, FIELDS(checkout_status_fields),
	  .response = "mchOrderId, checkoutId, amount, transactionStatus, createTime, returnTime, "
	              "appName, channelCode, remark, callbackUrl" },
	{ .id = "directdebit.pay", .title = "Direct Debit Pay (J&T)", .section = "10.x",
	  .method = PC_POST, .path = "/api/jt/direct/debit/pay",
	  .flags = PC_EP_VARIANT_JT | PC_EP_TIMESTAMP | PC_EP_WRITES,
	  FIELDS(directdebit_pay_fields),
	  .response = "mchOrderId, transactionId, transactionStatus, channelType, channelCode" },
	{ .id = "va.aggregate_create", .title = "Create Aggregate Virtual Account (J&T)",
	  .section = "JT VA 1.1", .method = PC_POST, .path = "/api/v2/paymentCode",
	  .flags = PC_EP_VARIANT_JT | PC_EP_WRITES, FIELDS(va_aggregate_create_fields),
	  /* Create response not shown; the fields of the detail call's header. */
	  .response = "aggregateOrderId, channelCode, referenceNumber, biller, guideUrl" },
	{ .id = "va.aggregate_detail", .title = "Get Aggregate Virtual Account Detail (J&T)",
	  .section = "JT VA 1.2", .method = PC_POST, .path = "/api/v2/paymentCode/detail",
	  .flags = PC_EP_VARIANT_JT, FIELDS(va_aggregate_detail_fields),
	  .response = "aggregateOrderId, channelCode, referenceNumber, biller, guideUrl, callbackUrl, "
	              "aggregateAmount, aggregateFee, totalAggregateAmount, items, paymentList" },
	{ .id = "qr.merge_create", .title = "Create Merged-Order QR Code (J&T)",
	  .section = "JT QR 1.1", .method = PC_POST, .path = "/api/v2/qrcode/merge",
	  .flags = PC_EP_VARIANT_JT | PC_EP_WRITES, FIELDS(qr_merge_create_fields),
	  /* Create response not shown; the v2 detail of the same QR. */
	  .response = QR_V2_RESPONSE },
	{ .id = "qr.v2_detail", .title = "Get QR Code Detail (J&T v2)", .section = "JT QR 1.2",
	  .method = PC_GET, .path = "/api/v2/qrcode/detail", .flags = PC_EP_VARIANT_JT,
	  FIELDS(qr_v2_detail_fields), .response = QR_V2_RESPONSE },
};

/* ------------------------------------------------------------ lookups */

const pc_endpoint *pc_endpoints(size_t *count)
{
	if (count)
		*count = NFIELDS(endpoint_table);
	return endpoint_table;
}

const pc_endpoint *pc_endpoint_by_id(const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < NFIELDS(endpoint_table); i++)
		if (strcmp(endpoint_table[i].id, id) == 0)
			return &endpoint_table[i];
	return NULL;
}

const pc_field *pc_endpoint_field(const pc_endpoint *ep, const char *name)
{
	if (!ep || !name)
		return NULL;
	for (size_t i = 0; i < ep->nfields; i++)
		if (strcmp(ep->fields[i].name, name) == 0)
			return &ep->fields[i];
	return NULL;
}

const char *pc_method_name(pc_method m)
{
	switch (m) {
	case PC_GET:
		return "GET";
	case PC_POST:
		return "POST";
	}
	return "?";
}

/* ------------------------------------------------------------ paths */

static size_t segment_length(const char *s)
{
	const char *slash = strchr(s, '/');

	return slash ? (size_t)(slash - s) : strlen(s);
}

static bool is_placeholder(const char *seg, size_t n)
{
	return n >= 3 && seg[0] == '{' && seg[n - 1] == '}';
}

/* Matches path against pattern segment by segment. Returns the number of
 * literal segments (more literals = more specific row) or -1. Captures go
 * into out when it is not NULL; -2 when that runs out of memory. */
static int match_pattern(const char *pattern, const char *path, pc_params *out)
{
	int literals = 0;

	if (pattern[0] != '/' || path[0] != '/')
		return -1;
	for (;;) {
		size_t plen, slen;

		pattern++;
		path++;
		plen = segment_length(pattern);
		slen = segment_length(path);
		if (is_placeholder(pattern, plen)) {
			char name[64];
			char *value;
			int rc;

			if (slen == 0 || plen - 2 >= sizeof(name))
				return -1;
			value = pc_url_decode(path, slen);
			if (!value)
				return -1;
			memcpy(name, pattern + 1, plen - 2);
			name[plen - 2] = '\0';
			rc = out ? pc_params_set_str(out, name, value) : 0;
			free(value);
			if (rc < 0)
				return -2;
		} else {
			if (plen != slen || memcmp(pattern, path, plen) != 0)
				return -1;
			literals++;
		}
		pattern += plen;
		path += slen;
		if (*pattern == '\0' || *path == '\0')
			return *pattern == *path ? literals : -1;
	}
}

const pc_endpoint *pc_endpoint_match(pc_method m, const char *path, pc_params *path_params)
{
	const pc_endpoint *best = NULL;
	int best_score = -1;

	if (!path)
		return NULL;
	for (size_t i = 0; i < NFIELDS(endpoint_table); i++) {
		const pc_endpoint *ep = &endpoint_table[i];
		int score;

		if (ep->method != m)
			continue;
		score = match_pattern(ep->path, path, NULL);
		if (score > best_score) {
			best = ep;
			best_score = score;
		}
	}
	if (best && path_params && match_pattern(best->path, path, path_params) < 0)
		return NULL;
	return best;
}

/* Appends value percent-encoded: a path segment cannot carry '/' or '?'. */
static void buf_append_encoded(pc_strbuf *b, const char *value)
{
	char *encoded = pc_url_encode(value);

	if (!encoded) {
		b->oom = true;
		return;
	}
	pc_sb_puts(b, encoded);
	free(encoded);
}

/* The value a placeholder names, or NULL with err set. */
static const char *placeholder_value(const pc_endpoint *ep, const pc_params *p,
                                     const char *name, pc_err *err)
{
	const pc_param *v = p ? pc_params_find(p, name) : NULL;

	if (!v || pc_params_is_empty(p, name)) {
		pc_err_set(err, PC_EINPUT,
		           "%s: the path %s needs %s, which is missing or empty: give %s=<value>.",
		           ep->id, ep->path, name, name);
		return NULL;
	}
	if (v->kind != PC_JSTR && v->kind != PC_JNUM) {
		pc_err_set(err, PC_EINPUT,
		           "%s: %s goes into the path %s and must be a string or a number, not %s.",
		           ep->id, name, ep->path,
		           v->value[0] == '{' ? "a JSON object"
		           : v->value[0] == '[' ? "a JSON array" : "a JSON literal");
		return NULL;
	}
	return v->value;
}

char *pc_endpoint_expand_path(const pc_endpoint *ep, const pc_params *p, pc_err *err)
{
	pc_strbuf b = { 0 };
	const char *s;

	if (!ep) {
		pc_err_set(err, PC_EINPUT, "No endpoint given to expand.");
		return NULL;
	}
	s = ep->path;
	while (*s) {
		const char *open = strchr(s, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		char name[64];
		const char *value;

		if (!open || !close) {
			pc_sb_puts(&b, s);
			break;
		}
		pc_sb_put(&b, s, (size_t)(open - s));
		snprintf(name, sizeof(name), "%.*s", (int)(close - open - 1), open + 1);
		value = placeholder_value(ep, p, name, err);
		if (!value) {
			free(b.data);
			return NULL;
		}
		buf_append_encoded(&b, value);
		s = close + 1;
	}
	if (b.oom || !b.data) {
		free(b.data);
		pc_err_set(err, PC_EINPUT, "%s: out of memory expanding the path.", ep->id);
		return NULL;
	}
	return b.data;
}

/* ------------------------------------------------------------ text helpers */

#define QUOTE_MAX_CHARS 32

/* value made safe for a message: controls, bidi overrides and invalid
 * UTF-8 shown as escapes (the text may reach a terminal), long values
 * shortened with "...". */
static const char *sanitized(char *buf, size_t size, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	const unsigned char *end = c + strlen(s);
	size_t len = 0;
	size_t chars = 0;

	buf[0] = '\0';
	while (*c && chars < QUOTE_MAX_CHARS && len + 16 < size) {
		uint32_t cp = 0;
		size_t n = pc_utf8_next(c, (size_t)(end - c), &cp);

		if (n == 0 || cp < 0x20 || cp == 0x7F) {
			len += (size_t)snprintf(buf + len, size - len, "\\x%02x", *c);
			n = 1;
		} else if (cp == '\\') {
			len += (size_t)snprintf(buf + len, size - len, "\\\\");
		} else if (pc_is_hidden_control(cp)) {
			len += (size_t)snprintf(buf + len, size - len, "\\u{%04X}", (unsigned)cp);
		} else {
			len += (size_t)snprintf(buf + len, size - len, "%.*s", (int)n, (const char *)c);
		}
		c += n;
		chars++;
	}
	if (*c)
		snprintf(buf + len, size - len, "...");
	return buf;
}

/* 'value', sanitized. */
static const char *quoted(char *buf, size_t size, const char *s)
{
	char inner[QUOTE_MAX_CHARS * 10];

	snprintf(buf, size, "'%s'", sanitized(inner, sizeof(inner), s));
	return buf;
}

/* "₱5,000,000.00" for the range messages of money fields. */
static const char *pesos(char *buf, size_t size, long long centavos)
{
	unsigned long long v = centavos < 0 ? 0ULL - (unsigned long long)centavos
	                                    : (unsigned long long)centavos;
	unsigned long long whole = v / 100;
	char digits[32];
	char grouped[48];
	size_t n, g = 0;

	n = (size_t)snprintf(digits, sizeof(digits), "%llu", whole);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[g++] = ',';
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	snprintf(buf, size, "%s\u20B1%s.%02llu", centavos < 0 ? "-" : "", grouped, v % 100);
	return buf;
}

/* True when value is one of the "A|B|C" alternatives (n bytes of value). */
static bool in_list(const char *list, const char *value, size_t n)
{
	const char *s = list;

	while (*s) {
		size_t len = strcspn(s, "|");

		if (len == n && memcmp(s, value, n) == 0)
			return true;
		s += len;
		if (*s == '|')
			s++;
	}
	return false;
}

/* "A|B|C" -> "A, B, C" */
static const char *list_for_humans(char *buf, size_t size, const char *list)
{
	size_t len = 0;

	for (const char *s = list; *s && len + 3 < size; s++) {
		if (*s == '|') {
			buf[len++] = ',';
			buf[len++] = ' ';
		} else {
			buf[len++] = *s;
		}
	}
	buf[len] = '\0';
	return buf;
}

/* ------------------------------------------------------------ formats */

static bool all_chars(const char *s, int (*ok)(int))
{
	if (!*s)
		return false;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (!ok(*c))
			return false;
	return true;
}

static int is_ascii_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_ascii_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_ascii_alnum(int c)
{
	return is_ascii_alpha(c) || is_ascii_digit(c);
}

static int is_app_name_char(int c)
{
	return is_ascii_alnum(c) || c == ' ';
}

/* Reads n digits at s; -1 when one is not a digit. */
static int read_number(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!is_ascii_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* yyyy-MM-dd at s (exactly 10 bytes checked), a real calendar day. */
static bool is_date_at(const char *s)
{
	int year = read_number(s, 4);
	int month = read_number(s + 5, 2);
	int day = read_number(s + 8, 2);

	if (s[4] != '-' || s[7] != '-' || year < 1 || month < 1 || month > 12)
		return false;
	return day >= 1 && day <= days_in_month(year, month);
}

static bool is_date(const char *s)
{
	return strlen(s) == 10 && is_date_at(s);
}

static bool is_datetime(const char *s)
{
	int hour, minute, second;

	if (strlen(s) != 19 || !is_date_at(s) || s[10] != ' ' || s[13] != ':' || s[16] != ':')
		return false;
	hour = read_number(s + 11, 2);
	minute = read_number(s + 14, 2);
	second = read_number(s + 17, 2);
	return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59
	       && second >= 0 && second <= 59;
}

/* Letters (ASCII and Latin accented ones such as ñ), spaces and ' . - */
static bool is_person_name(const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	const unsigned char *end = c + strlen(s);
	bool letter = false;

	while (*c) {
		uint32_t cp = 0;
		size_t n = pc_utf8_next(c, (size_t)(end - c), &cp);

		if (n == 0)
			return false;
		if (is_ascii_alpha((int)cp) || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7))
			letter = true;
		else if (cp != ' ' && cp != '\'' && cp != '.' && cp != '-')
			return false;
		c += n;
	}
	return letter;
}

static bool is_mobile_ph(const char *s)
{
	return strlen(s) == 11 && s[0] == '0' && s[1] == '9' && all_chars(s, is_ascii_digit);
}

static int is_email_local_char(int c)
{
	return c > 0x20 && c != 0x7F && !strchr("@\"(),:;<>[]\\", c);
}

static int is_domain_char(int c)
{
	return is_ascii_alnum(c) || c == '-' || c == '.' || c >= 0x80;
}

/* local@domain.tld: deliberately loose, it only catches typing mistakes. */
static bool is_email(const char *s)
{
	const char *at = strchr(s, '@');
	const char *domain = at ? at + 1 : NULL;
	size_t dlen;

	if (!at || at == s || strchr(domain, '@'))
		return false;
	for (const char *c = s; c < at; c++)
		if (!is_email_local_char((unsigned char)*c))
			return false;
	dlen = strlen(domain);
	if (!all_chars(domain, is_domain_char) || !strchr(domain, '.') || strstr(domain, ".."))
		return false;
	return domain[0] != '.' && domain[0] != '-' && domain[dlen - 1] != '.';
}

static bool is_url(const char *s)
{
	size_t skip;

	if (strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else
		return false;
	if (strchr("/?#", s[skip]))
		return false; /* no host (also catches the empty rest) */
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c <= 0x20 || *c == 0x7F)
			return false;
	return true;
}

static bool format_ok(pc_format fmt, const char *s)
{
	switch (fmt) {
	case PC_FMT_NONE:
	case PC_FMT_CODE_LIST: /* checked code by code */
		return true;
	case PC_FMT_DATE:
		return is_date(s);
	case PC_FMT_DATETIME:
		return is_datetime(s);
	case PC_FMT_ALNUM:
		return all_chars(s, is_ascii_alnum);
	case PC_FMT_PERSON_NAME:
		return is_person_name(s);
	case PC_FMT_APP_NAME:
		return all_chars(s, is_app_name_char);
	case PC_FMT_MOBILE_PH:
		return is_mobile_ph(s);
	case PC_FMT_EMAIL:
		return is_email(s);
	case PC_FMT_URL:
		return is_url(s);
	case PC_FMT_MS_EPOCH:
		return strlen(s) <= 19 && all_chars(s, is_ascii_digit);
	case PC_FMT_DIGITS:
		return all_chars(s, is_ascii_digit);
	}
	return true;
}

/* What a value of the format looks like, completing "'x' ..." */
static const char *format_expectation(pc_format fmt)
{
	switch (fmt) {
	case PC_FMT_DATE:
		return "is not a date of the form yyyy-MM-dd (e.g. 2024-01-31)";
	case PC_FMT_DATETIME:
		return "is not a date and time of the form yyyy-MM-dd HH:mm:ss";
	case PC_FMT_ALNUM:
		return "may contain only letters and digits";
	case PC_FMT_PERSON_NAME:
		return "may contain only letters, spaces and the characters ' . -";
	case PC_FMT_APP_NAME:
		return "may contain only letters, digits and spaces";
	case PC_FMT_MOBILE_PH:
		return "is not a mobile number of the form 09xxxxxxxxx (09 and 9 more digits)";
	case PC_FMT_EMAIL:
		return "is not an email address";
	case PC_FMT_URL:
		return "is not an http:// or https:// URL";
	case PC_FMT_MS_EPOCH:
		return "is not a time in milliseconds since the epoch (digits only)";
	case PC_FMT_DIGITS:
		return "may contain only digits";
	case PC_FMT_NONE:
	case PC_FMT_CODE_LIST:
		break;
	}
	return "has the wrong format";
}

/* ------------------------------------------------------------ problem list */

#define MAX_PROBLEM_LINES 24
#define PROBLEM_LINE_SIZE 512

typedef struct {
	char lines[MAX_PROBLEM_LINES][PROBLEM_LINE_SIZE];
	int stored;
	int total;
} problems;

static void add_problem(problems *pr, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_problem(problems *pr, const char *field, const char *fmt, ...)
{
	va_list ap;
	char *line;
	int n;

	pr->total++;
	if (pr->stored == MAX_PROBLEM_LINES)
		return;
	line = pr->lines[pr->stored++];
	n = snprintf(line, PROBLEM_LINE_SIZE, "%s: ", field);
	if (n < 0 || n >= PROBLEM_LINE_SIZE)
		return;
	va_start(ap, fmt);
	vsnprintf(line + n, PROBLEM_LINE_SIZE - (size_t)n, fmt, ap);
	va_end(ap);
}

/* One problem: "id: field amount: ...". More: a header line and one
 * indented line each, cut with "... and N more" when the message is full. */
static int report_problems(const pc_endpoint *ep, const problems *pr, pc_err *err)
{
	char text[sizeof(((pc_err *)0)->msg)];
	size_t len;
	int shown = 0;

	if (pr->total == 1)
		return pc_err_set(err, PC_EINPUT, "%s: field %s", ep->id, pr->lines[0]);
	len = (size_t)snprintf(text, sizeof(text), "%s: %d bad fields:", ep->id, pr->total);
	for (; shown < pr->stored; shown++) {
		size_t need = strlen(pr->lines[shown]) + 3;

		/* keep room for the "and N more" line */
		if (len + need + 32 >= sizeof(text) && shown + 1 < pr->total)
			break;
		if (len + need >= sizeof(text))
			break;
		len += (size_t)snprintf(text + len, sizeof(text) - len, "\n  %s", pr->lines[shown]);
	}
	if (shown < pr->total)
		snprintf(text + len, sizeof(text) - len, "\n  ... and %d more", pr->total - shown);
	return pc_err_set(err, PC_EINPUT, "%s", text);
}

/* ------------------------------------------------------------ field checks */

/* "the number 12", "the string 'x'", "a JSON object" ... for type errors. */
static const char *describe_value(char *buf, size_t size, const pc_param *v)
{
	char q[QUOTE_MAX_CHARS * 10];

	switch (v->kind) {
	case PC_JSTR:
		snprintf(buf, size, "the string %s", quoted(q, sizeof(q), v->value));
		break;
	case PC_JNUM:
		snprintf(buf, size, "the number %s", quoted(q, sizeof(q), v->value));
		break;
	case PC_JRAW:
		if (v->value[0] == '{')
			snprintf(buf, size, "a JSON object");
		else if (v->value[0] == '[')
			snprintf(buf, size, "a JSON array");
		else
			snprintf(buf, size, "the value %s", quoted(q, sizeof(q), v->value));
		break;
	case PC_JNULL:
		snprintf(buf, size, "null");
		break;
	}
	return buf;
}

/* -?[0-9]+ : a JSON integer token, no fraction, no exponent. */
static bool is_integer_token(const char *s)
{
	return all_chars(s[0] == '-' ? s + 1 : s, is_ascii_digit);
}

static bool has_min(const pc_field *f)
{
	return f->min != 0 || f->max != 0;
}

static void check_int(const pc_field *f, const pc_param *v, problems *pr)
{
	const char *unit = (f->flags & PC_FF_MONEY) ? " of centavos" : "";
	char what[QUOTE_MAX_CHARS * 12];
	char money[64];
	long long n;

	if (v->kind != PC_JNUM) {
		add_problem(pr, f->name, "expected a whole number%s, got %s", unit,
		            describe_value(what, sizeof(what), v));
		return;
	}
	if (!is_integer_token(v->value)) {
		add_problem(pr, f->name, "%s is not a whole number%s", quoted(what, sizeof(what), v->value),
		            (f->flags & PC_FF_MONEY) ? " (amounts are whole centavos: 500.10 pesos is 50010)" : "");
		return;
	}
	errno = 0;
	n = strtoll(v->value, NULL, 10);
	if (errno == ERANGE) {
		add_problem(pr, f->name, "%s is too large", quoted(what, sizeof(what), v->value));
		return;
	}
	if (has_min(f) && n < f->min) {
		snprintf(money, sizeof(money), " (centavos: %s)", pesos(what, sizeof(what), f->min));
		add_problem(pr, f->name, "%lld is below the minimum %lld%s", n, f->min,
		            (f->flags & PC_FF_MONEY) ? money : "");
		return;
	}
	if (f->max != 0 && n > f->max) {
		snprintf(money, sizeof(money), " (centavos: %s)", pesos(what, sizeof(what), f->max));
		add_problem(pr, f->name, "%lld is above the maximum %lld%s", n, f->max,
		            (f->flags & PC_FF_MONEY) ? money : "");
		return;
	}
	if (f->allowed && !in_list(f->allowed, v->value, strlen(v->value)))
		add_problem(pr, f->name, "%lld is not one of %s", n,
		            list_for_humans(what, sizeof(what), f->allowed));
}

static bool check_length(const pc_field *f, const char *s, problems *pr)
{
	char q[QUOTE_MAX_CHARS * 10];
	size_t n = pc_utf8_length(s);

	if (!has_min(f))
		return true;
	if (f->min == f->max && (long long)n != f->min) {
		add_problem(pr, f->name, "%s has %zu characters; exactly %lld required",
		            quoted(q, sizeof(q), s), n, f->min);
		return false;
	}
	if ((long long)n < f->min) {
		add_problem(pr, f->name, "%s has %zu characters; at least %lld required",
		            quoted(q, sizeof(q), s), n, f->min);
		return false;
	}
	if (f->max != 0 && (long long)n > f->max) {
		add_problem(pr, f->name, "%s has %zu characters; at most %lld allowed",
		            quoted(q, sizeof(q), s), n, f->max);
		return false;
	}
	return true;
}

/* Comma-separated codes: none empty, each from `allowed` when it is set. */
static void check_code_list(const pc_field *f, const char *s, problems *pr)
{
	char q[QUOTE_MAX_CHARS * 10];
	char list[512];

	for (const char *code = s;;) {
		size_t n = strcspn(code, ",");
		char one[128];

		if (n == 0) {
			add_problem(pr, f->name, "%s has an empty code: separate codes with single commas",
			            quoted(q, sizeof(q), s));
			return;
		}
		if (f->allowed && !in_list(f->allowed, code, n)) {
			snprintf(one, sizeof(one), "%.*s", (int)n, code);
			add_problem(pr, f->name, "code %s is not one of %s", quoted(q, sizeof(q), one),
			            list_for_humans(list, sizeof(list), f->allowed));
			return;
		}
		code += n;
		if (*code == '\0')
			return;
		code++;
	}
}

static void check_string(const pc_field *f, const pc_param *v, problems *pr)
{
	char q[QUOTE_MAX_CHARS * 12];
	char list[512];

	if (v->kind != PC_JSTR) {
		add_problem(pr, f->name, "expected a string, got %s", describe_value(q, sizeof(q), v));
		return;
	}
	if (!check_length(f, v->value, pr))
		return;
	if (f->format == PC_FMT_CODE_LIST) {
		check_code_list(f, v->value, pr);
		return;
	}
	if (f->allowed && !in_list(f->allowed, v->value, strlen(v->value))) {
		add_problem(pr, f->name, "%s is not one of %s", quoted(q, sizeof(q), v->value),
		            list_for_humans(list, sizeof(list), f->allowed));
		return;
	}
	if (!format_ok(f->format, v->value))
		add_problem(pr, f->name, "%s %s", quoted(q, sizeof(q), v->value),
		            format_expectation(f->format));
}

static void check_json(const pc_field *f, const pc_param *v, char open, const char *kind,
                       problems *pr)
{
	char what[QUOTE_MAX_CHARS * 12];

	if (v->kind != PC_JRAW || v->value[0] != open)
		add_problem(pr, f->name, "expected %s, got %s", kind, describe_value(what, sizeof(what), v));
}

static void check_value(const pc_field *f, const pc_param *v, problems *pr)
{
	switch (f->type) {
	case PC_FT_STRING:
		check_string(f, v, pr);
		break;
	case PC_FT_INT:
		check_int(f, v, pr);
		break;
	case PC_FT_OBJECT:
		check_json(f, v, '{', "a JSON object", pr);
		break;
	case PC_FT_ARRAY:
		check_json(f, v, '[', "a JSON array", pr);
		break;
	}
}

/* A one_of group is reported once, on its first field, when none of its
 * fields is given. */
static void check_group(const pc_endpoint *ep, const pc_field *f, const pc_params *p,
                        problems *pr)
{
	char names[256] = "";
	size_t len = 0;

	for (size_t i = 0; i < ep->nfields; i++) {
		const pc_field *g = &ep->fields[i];

		if (!g->one_of || strcmp(g->one_of, f->one_of) != 0)
			continue;
		if (!pc_params_is_empty(p, g->name))
			return;
		if (len == 0 && g != f)
			return; /* not the first of the group: already reported */
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
		                        len ? " or " : "", g->name);
		if (len >= sizeof(names))
			len = sizeof(names) - 1;
	}
	add_problem(pr, f->name, "missing (give %s)", names);
}

static void check_missing(const pc_endpoint *ep, const pc_field *f, const pc_params *p,
                          problems *pr)
{
	const char *trigger;

	if (f->presence == PC_MANDATORY) {
		add_problem(pr, f->name, "missing (mandatory)");
		return;
	}
	if (f->presence != PC_CONDITIONAL)
		return;
	if (f->one_of) {
		check_group(ep, f, p, pr);
		return;
	}
	if (!f->when_field || !f->when_values || pc_params_is_empty(p, f->when_field))
		return;
	trigger = pc_params_get(p, f->when_field);
	if (in_list(f->when_values, trigger, strlen(trigger)))
		add_problem(pr, f->name, "missing (mandatory when %s is %s)", f->when_field, trigger);
}

/* Filled in by the client for every request, never by the caller's table. */
static bool is_implicit(const char *key)
{
	return strcmp(key, "appId") == 0 || strcmp(key, "sign") == 0
	       || strcmp(key, "timestamp") == 0;
}

int pc_endpoint_validate(const pc_endpoint *ep, const pc_params *p, pc_err *err)
{
	static const pc_params none = { 0 };
	problems *pr;
	int rc = 0;

	if (!ep)
		return pc_err_set(err, PC_EINPUT, "No endpoint given to validate against.");
	if (!p)
		p = &none;
	pr = calloc(1, sizeof(*pr));
	if (!pr)
		return pc_err_set(err, PC_EINPUT, "%s: out of memory checking the fields.", ep->id);
	for (size_t i = 0; i < ep->nfields; i++) {
		const pc_field *f = &ep->fields[i];

		if (pc_params_is_empty(p, f->name))
			check_missing(ep, f, p, pr);
		else
			check_value(f, pc_params_find(p, f->name), pr);
	}
	for (size_t i = 0; i < p->n; i++) {
		const char *key = p->items[i].key;
		char name[QUOTE_MAX_CHARS * 10];

		if (is_implicit(key) || pc_endpoint_field(ep, key))
			continue;
		add_problem(pr, sanitized(name, sizeof(name), key), "not a field of %s", ep->id);
	}
	if (pr->total > 0)
		rc = report_problems(ep, pr, err);
	free(pr);
	return rc;
}
