/* checkout_args.c — checkout's nested customer and items, from flat options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api_run.h"
#include "money.h"

static int add_item(cJSON *items, const char *spec)
{
	char *copy = strdup(spec);
	char *name = copy, *pesos, *qty;
	long long cents;
	pc_err err;
	cJSON *item;
	char *end;
	long n;

	if (!copy)
		return -PC_EINPUT;
	pesos = strrchr(copy, ':');
	if (pesos)
		*pesos++ = '\0';
	qty = pesos;
	pesos = strrchr(copy, ':');
	if (!pesos || !qty) {
		free(copy);
		return cli_usage("--item '%s' must be NAME:PESOS:QTY, e.g. 'T-shirt:250.00:2'", spec);
	}
	*pesos++ = '\0';
	n = strtol(qty, &end, 10);
	if (!*name || *end || n < 1 || n > 1000000) {
		free(copy);
		return cli_usage("--item '%s': NAME must not be empty and QTY must be a whole number from 1", spec);
	}
	if (pc_money_parse(pesos, &cents, &err) < 0) {
		free(copy);
		return cli_usage("--item '%s': %s", spec, err.msg);
	}
	item = cJSON_CreateObject();
	cJSON_AddStringToObject(item, "name", name);
	cJSON_AddNumberToObject(item, "amount", (double)cents);
	cJSON_AddNumberToObject(item, "quantity", (double)n);
	cJSON_AddItemToArray(items, item);
	free(copy);
	return 0;
}

static cJSON *customer_from_args(const cli_args *a)
{
	static const char *const map[][2] = {
		{ "first-name", "firstName" }, { "last-name", "lastName" },
		{ "email", "email" }, { "mobile", "mobile" },
	};
	cJSON *c = cJSON_CreateObject();

	for (size_t i = 0; c && i < sizeof(map) / sizeof(map[0]); i++) {
		const char *v = cli_args_get(a, map[i][0]);

		if (v)
			cJSON_AddStringToObject(c, map[i][1], v);
	}
	return c;
}

/* No --item: one line for the whole amount, which the API requires. */
static void default_item(cJSON *items, const pc_params *fields)
{
	const char *order = pc_params_get(fields, "mchOrderId");
	const char *amount = pc_params_get(fields, "amount");
	char name[64];
	cJSON *item;

	if (!amount)
		return;
	snprintf(name, sizeof(name), "Order %s", order ? order : "");
	item = cJSON_CreateObject();
	cJSON_AddStringToObject(item, "name", name);
	cJSON_AddRawToObject(item, "amount", amount);
	cJSON_AddNumberToObject(item, "quantity", 1);
	cJSON_AddItemToArray(items, item);
}

static int set_json(pc_params *fields, const char *key, cJSON *value)
{
	char *text = cJSON_PrintUnformatted(value);
	int rc = text ? pc_params_set(fields, key, PC_JRAW, text) : -1;

	free(text);
	return rc;
}

int checkout_fields_from_args(const cli_args *a, pc_params *fields)
{
	cJSON *customer = customer_from_args(a);
	cJSON *items = cJSON_CreateArray();
	int rc = 0;

	for (int i = 0; rc == 0 && i < a->nopts; i++)
		if (strcmp(a->opts[i].name, "item") == 0 && a->opts[i].value)
			rc = add_item(items, a->opts[i].value);
	if (rc == 0 && cJSON_GetArraySize(items) == 0)
		default_item(items, fields);
	if (rc == 0 && pc_params_is_empty(fields, "currency"))
		rc = pc_params_set_str(fields, "currency", "PHP");
	if (rc == 0 && cJSON_GetArraySize(customer) > 0)
		rc = set_json(fields, "customer", customer);
	if (rc == 0 && cJSON_GetArraySize(items) > 0)
		rc = set_json(fields, "items", items);
	cJSON_Delete(customer);
	cJSON_Delete(items);
	return rc;
}
