#include "codes.h"

#include <stddef.h>

/* PayCools' own texts are copied from its error-code pages (common codes
 * 1000-1020, refund codes 1501-1516; 1514 is not listed there). The advice
 * is paycon's: what the code means for the operator and what to do next.
 * Sorted by code. */
static const pc_code_info api_codes[] = {
	{ 1000, "success",
	  "the request succeeded: nothing to do" },
	{ 1001, "merchant appid is invalid",
	  "PayCools does not know this profile's app_id in this environment: copy app_id from "
	  "the PayCools dashboard of the same environment (UAT and production ids differ)" },
	{ 1002, "merchant white ip forbidden",
	  "the calling IP is not on the app's whitelist: for production send this server's "
	  "public IP to PayCools support; UAT needs no whitelist" },
	{ 1003, "request sign is invalid",
	  "the signature did not verify: check that the dashboard holds the public key of this "
	  "profile's private_key (paycon info shows its fingerprint) and that sign_hash matches" },
	{ 1004, "merchant unavailable",
	  "the merchant account is disabled or not yet opened in this environment: ask PayCools "
	  "support to check the merchant's status" },
	{ 1005, "merchant institute unavailable",
	  "the institution behind the merchant account is unavailable at PayCools: ask PayCools "
	  "support to check the merchant's institution setup" },
	{ 1006, "merchant balance insufficient",
	  "the balance does not cover this amount and its fee: run `paycon balance`, then top up "
	  "the account or send a smaller amount" },
	{ 1007, "transaction exceed limit",
	  "the amount is over a per-transaction or daily limit of the merchant or channel: send "
	  "a smaller amount, or ask PayCools support for the limits" },
	{ 1008, "transaction not found",
	  "PayCools has no transaction with this id: check the id, and that this profile points "
	  "at the environment where the transaction was made" },
	{ 1009, "request params invalid",
	  "PayCools refused a field of the request (its message names it): correct that field "
	  "and send again" },
	{ 1010, "request bank name invalid",
	  "the bank code is not one PayCools accepts for this merchant: check bankCode against "
	  "the channel list PayCools gave you" },
	{ 1011, "merchant channel unavailable",
	  "this payment channel is not enabled for the merchant or is down: use another channel, "
	  "or ask PayCools support to enable it" },
	{ 1012, "merchant order id is repeat",
	  "this mchOrderId was used before: if it is the same payout, run `paycon payout status "
	  "ORDER_ID`; otherwise use a new order id" },
	{ 1013, "merchant access frequency limit",
	  "too many requests in a short time: wait a few seconds, then retry with the same "
	  "mchOrderId and idempotencyId" },
	{ 1014, "merchant payout idempotency repeat",
	  "this idempotencyId was used before: the earlier request was received; run `paycon "
	  "reconcile` or `paycon payout status`" },
	{ 1015, "request email invalid",
	  "the email address was refused: check it has the form name@example.com" },
	{ 1016, "request ewallet name invalid",
	  "the e-wallet code is not one PayCools accepts for this merchant: check ewalletCode "
	  "against the channel list PayCools gave you" },
	{ 1017, "the static virtual account exist",
	  "a static virtual account already exists for this mchOrderId: use a new order id, or "
	  "update the existing account" },
	{ 1018, "network failed, please retry",
	  "a network failure inside PayCools: retry with the same mchOrderId and idempotencyId, "
	  "which keep a retry from paying twice" },
	{ 1019, "the bank transfer account exist",
	  "a bank transfer account already exists for this mchOrderId: use a new order id, or "
	  "update the existing account" },
	{ 1020, "dynamic qrcode amount is null",
	  "a dynamic QR code needs an amount: enter one, or create a static QR code instead" },
	{ 1501, "original transaction id does not exist",
	  "PayCools has no payment with this originalTransactionId: check the id of the original "
	  "collection (it starts with C)" },
	{ 1502, "refund is processing",
	  "a refund of this transaction is still in progress: wait for its callback or look it "
	  "up before refunding again" },
	{ 1503, "system error, contact PayCools",
	  "PayCools failed internally: look the refund up before sending it again, and send the "
	  "request id and time to PayCools support" },
	{ 1504, "appId does not match",
	  "the original payment belongs to another app: use the profile of the app that "
	  "received it" },
	{ 1505, "refund not allowed",
	  "PayCools does not allow refunding this payment: ask PayCools support why, with the "
	  "original transaction id" },
	{ 1506, "refund amount greater than refundable amount",
	  "the amount is more than what is left to refund (the original minus earlier refunds): "
	  "check earlier refunds and send a smaller amount" },
	{ 1507, "original channel does not support refunds",
	  "the original payment's channel cannot be refunded through PayCools: pay the customer "
	  "back another way, such as a payout" },
	{ 1508, "original channel allows only one refund",
	  "the original payment's channel allows one refund and it was already made: pay any "
	  "further amount back another way, such as a payout" },
	{ 1509, "transactions older than 60 days cannot be refunded",
	  "the original payment is more than 60 days old: pay the customer back another way, "
	  "such as a payout" },
	{ 1510, "original channel not support refund",
	  "the original payment's channel cannot be refunded through PayCools: pay the customer "
	  "back another way, such as a payout" },
	{ 1511, "original channel not support partial refund",
	  "the original payment's channel only allows a full refund: refund the whole original "
	  "amount" },
	{ 1512, "full refund amount must equal original amount",
	  "a full refund must be exactly the original amount: check the original payment's "
	  "amount and send that" },
	{ 1513, "refund amount invalid",
	  "the refund amount was refused: type a positive amount no larger than the original "
	  "payment" },
	{ 1515, "merchant refund order id is repeat",
	  "this mchRefundOrderId was used before: if it is the same refund, look it up; "
	  "otherwise use a new refund order id" },
	{ 1516, "original transaction is not completed",
	  "the original payment is not COMPLETE yet: wait until it completes, then refund" },
};

/* failedCode values of status answers and callbacks, in the order of
 * PayCools' list (-10000 first; -10008 is not listed). The text of -10007
 * is cut off in every copy of the docs, so it is not guessed at. */
static const pc_code_info failed_codes[] = {
	{ -10000, "Transaction Service Error",
	  "the transaction failed inside PayCools or its channel: check the recipient details, "
	  "then send a new transaction with a new order id, or ask PayCools support" },
	{ -10001, "Transaction Exceed Limit",
	  "the amount was over a limit of the merchant or channel: send a smaller amount with a "
	  "new order id, or ask PayCools support for the limits" },
	{ -10002, "Transaction Params Error",
	  "the channel refused a detail of the transaction (account number, name, bank): correct "
	  "it and send a new transaction with a new order id" },
	{ -10003, "Transaction Insufficient Balance",
	  "the balance was too low when the transaction was processed: run `paycon balance`, "
	  "top up, then send a new transaction with a new order id" },
	{ -10004, "Transaction Channel Rejected",
	  "the bank or e-wallet rejected the transfer: confirm the recipient account with the "
	  "recipient, or use another channel" },
	{ -10005, "Transaction Destination Account Error",
	  "the recipient account is wrong, closed or cannot receive: confirm the account number "
	  "and name with the recipient" },
	{ -10006, "Transaction Network Reject",
	  "the transfer network rejected the transaction: send it again later with a new order "
	  "id, or use another channel" },
	{ -10007, "Transaction Channel Error (message truncated in PayCools' docs)",
	  "the channel failed for a reason PayCools' docs do not fully name: ask PayCools "
	  "support, giving the transaction id" },
	{ -10009, "Channel Refund Failed",
	  "the channel could not return the money of this refund: ask PayCools support, giving "
	  "the refund transaction id" },
};

#define COUNT(table) ((int)(sizeof(table) / sizeof((table)[0])))

static const pc_code_info *find(const pc_code_info *table, int count, int code)
{
	for (int i = 0; i < count; i++) {
		if (table[i].code == code)
			return &table[i];
	}
	return NULL;
}

const pc_code_info *pc_api_code(int code)
{
	return find(api_codes, COUNT(api_codes), code);
}

const pc_code_info *pc_failed_code(int code)
{
	return find(failed_codes, COUNT(failed_codes), code);
}

const pc_code_info *pc_api_codes(int *count)
{
	if (count)
		*count = COUNT(api_codes);
	return api_codes;
}

const pc_code_info *pc_failed_codes(int *count)
{
	if (count)
		*count = COUNT(failed_codes);
	return failed_codes;
}

int pc_api_code_retryable(int code)
{
	return code == 1013 || code == 1018;
}
