#include "output.h"

#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_safe.h"
#include "money.h"
#include "sanitize.h"

static bool utf8_locale;

void out_init(void)
{
	const char *codeset;

	setlocale(LC_ALL, "");
	codeset = nl_langinfo(CODESET);
	utf8_locale = codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

bool out_utf8(void)
{
	return utf8_locale;
}

void out_safe(FILE *f, const char *s)
{
	char *safe = pc_sanitize_str(s ? s : "");

	fputs(safe ? safe : "?", f);
	free(safe);
}

void out_json(FILE *f, const cJSON *item)
{
	char *text = pc_json_print_safe(item);

	fprintf(f, "%s\n", text ? text : "null");
	free(text);
}

/* Response fields that carry centavos. */
static bool is_amount_field(const char *name)
{
	static const char *const names[] = {
		"amount", "balance", "refundAmount", "feeRefunded", "transactionAmount",
		"minAmount", "maxAmount", "fee", "totalAmount", "aggregateAmount",
		"aggregateFee", "totalAggregateAmount",
	};

	for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* Sanitised text of one value; malloc'd. */
static char *value_text(const cJSON *v, bool amounts_in_pesos)
{
	char buf[64];

	if (cJSON_IsString(v))
		return pc_sanitize_str(v->valuestring);
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;

		if (!amounts_in_pesos && is_amount_field(v->string) && d == floor(d)
		    && fabs(d) < 9e15) {
			pc_money_format((long long)d, utf8_locale, buf, sizeof(buf));
			return strdup(buf);
		}
		if (d == floor(d) && fabs(d) < 9e15)
			snprintf(buf, sizeof(buf), "%.0f", d);
		else
			snprintf(buf, sizeof(buf), "%.17g", d);
		return strdup(buf);
	}
	if (cJSON_IsNull(v))
		return strdup("-");
	if (cJSON_IsBool(v))
		return strdup(cJSON_IsTrue(v) ? "true" : "false");
	return pc_json_print_safe(v);
}

/* Terminal columns of UTF-8 text (one per code point: good enough for the
 * Latin text PayCools sends). */
static int text_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static void pad(FILE *f, int n)
{
	while (n-- > 0)
		fputc(' ', f);
}

static void print_table(FILE *f, const cJSON *rows, bool pesos);
static bool all_objects(const cJSON *arr);

static bool is_table(const cJSON *v)
{
	return cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0 && all_objects(v);
}

static void print_object(FILE *f, const cJSON *obj, bool pesos)
{
	const cJSON *v;
	int width = 0;

	cJSON_ArrayForEach(v, obj) {
		char *key = pc_sanitize_str(v->string);
		int w = key ? text_width(key) : 0;

		if (w > width)
			width = w;
		free(key);
	}
	cJSON_ArrayForEach(v, obj) {
		char *key;
		char *text;

		if (is_table(v))
			continue;
		key = pc_sanitize_str(v->string);
		text = value_text(v, pesos);
		fputs(key ? key : "?", f);
		pad(f, width - (key ? text_width(key) : 1) + 2);
		fprintf(f, "%s\n", text ? text : "?");
		free(key);
		free(text);
	}
	/* Lists inside an object (paymentVaList, …) follow as tables. */
	cJSON_ArrayForEach(v, obj) {
		if (!is_table(v))
			continue;
		fputc('\n', f);
		out_safe(f, v->string);
		fputs(":\n", f);
		print_table(f, v, pesos);
	}
}

static int column_index(const char **cols, int ncols, const char *name)
{
	for (int i = 0; i < ncols; i++)
		if (strcmp(cols[i], name) == 0)
			return i;
	return -1;
}

#define MAX_COLUMNS 32

static void print_table(FILE *f, const cJSON *rows, bool pesos)
{
	const char *cols[MAX_COLUMNS];
	int width[MAX_COLUMNS];
	int ncols = 0;
	const cJSON *row, *v;

	cJSON_ArrayForEach(row, rows) {
		cJSON_ArrayForEach(v, row) {
			if (ncols < MAX_COLUMNS && column_index(cols, ncols, v->string) < 0) {
				cols[ncols] = v->string;
				width[ncols] = text_width(v->string);
				ncols++;
			}
		}
	}
	cJSON_ArrayForEach(row, rows) {
		for (int c = 0; c < ncols; c++) {
			char *t = value_text(cJSON_GetObjectItemCaseSensitive(row, cols[c]), pesos);

			if (t && text_width(t) > width[c])
				width[c] = text_width(t);
			free(t);
		}
	}
	for (int c = 0; c < ncols; c++) {
		out_safe(f, cols[c]);
		if (c + 1 < ncols)
			pad(f, width[c] - text_width(cols[c]) + 2);
	}
	fputc('\n', f);
	cJSON_ArrayForEach(row, rows) {
		for (int c = 0; c < ncols; c++) {
			const cJSON *cell = cJSON_GetObjectItemCaseSensitive(row, cols[c]);
			char *t = cell ? value_text(cell, pesos) : strdup("");

			fputs(t ? t : "?", f);
			if (c + 1 < ncols)
				pad(f, width[c] - (t ? text_width(t) : 1) + 2);
			free(t);
		}
		fputc('\n', f);
	}
}

static bool all_objects(const cJSON *arr)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, arr)
		if (!cJSON_IsObject(v))
			return false;
	return true;
}

void out_human(FILE *f, const cJSON *data, bool amounts_in_pesos)
{
	const cJSON *records = cJSON_GetObjectItemCaseSensitive(data, "records");

	if (!data || cJSON_IsNull(data)) {
		fputs("(no data)\n", f);
	} else if (cJSON_IsArray(data) && cJSON_GetArraySize(data) == 0) {
		fputs("(none)\n", f);
	} else if (cJSON_IsArray(data) && all_objects(data)) {
		print_table(f, data, amounts_in_pesos);
	} else if (cJSON_IsObject(data) && cJSON_IsArray(records) && cJSON_GetArraySize(data) == 1) {
		out_human(f, records, amounts_in_pesos);
	} else if (cJSON_IsObject(data)) {
		print_object(f, data, amounts_in_pesos);
	} else {
		char *t = value_text(data, amounts_in_pesos);

		fprintf(f, "%s\n", t ? t : "?");
		free(t);
	}
}
