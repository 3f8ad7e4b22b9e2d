/* store.c — the objects this profile knows about (see store.h). */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "request.h"
#include "strbuf.h"

/* Compact on open when the file holds this many more lines than objects. */
#define COMPACT_SLACK 256

struct pc_store {
	char *path;
	int fd;
	dev_t dev;
	ino_t ino;
	off_t offset;          /* bytes read so far (always at a line end) */
	pc_store_obj *items;
	size_t n, cap;
	/* (kind, id) -> index + 1 into items, 0 for an empty slot: a store of
	 * 100,000 objects took minutes to read with a linear search per line. */
	size_t *slots;
	size_t nslots;         /* a power of two, at least twice n */
	size_t lines;          /* lines read since the file was (re)opened */
	int bad;
	bool loaded;           /* the file was read to its end once */
};

/* ---- objects ------------------------------------------------------------ */

static void obj_clear(pc_store_obj *o)
{
	free(o->kind);
	free(o->id);
	free(o->status);
	cJSON_Delete(o->fields);
	free(o->request);
	free(o->response);
	memset(o, 0, sizeof(*o));
}

static size_t slot_hash(const char *kind, const char *id)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a over kind, a separator, id */

	for (const char *p = kind; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0xffu) * 1099511628211ULL;
	for (const char *p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot holding (kind, id), or the empty slot where it would go. */
static size_t *slot_of(const pc_store *s, const char *kind, const char *id)
{
	size_t i = slot_hash(kind, id) & (s->nslots - 1);

	for (;;) {
		size_t *slot = &s->slots[i];
		const pc_store_obj *o = *slot ? &s->items[*slot - 1] : NULL;

		if (!o || (strcmp(o->id, id) == 0 && strcmp(o->kind, kind) == 0))
			return slot;
		i = (i + 1) & (s->nslots - 1);
	}
}

/* Room for one more object in the index. */
static int reserve_slot(pc_store *s)
{
	size_t nslots = s->nslots ? s->nslots : 64;
	size_t *old = s->slots;
	size_t old_n = s->nslots;

	while ((s->n + 1) * 2 > nslots)
		nslots *= 2;
	if (nslots == s->nslots)
		return 0;
	s->slots = calloc(nslots, sizeof(*s->slots));
	if (!s->slots) {
		s->slots = old;
		return -1;
	}
	s->nslots = nslots;
	for (size_t i = 0; i < old_n; i++)
		if (old[i])
			*slot_of(s, s->items[old[i] - 1].kind, s->items[old[i] - 1].id) = old[i];
	free(old);
	return 0;
}

static pc_store_obj *find_mut(pc_store *s, const char *kind, const char *id)
{
	size_t *slot;

	if (s->nslots == 0 || !kind || !id)
		return NULL;
	slot = slot_of(s, kind, id);
	return *slot ? &s->items[*slot - 1] : NULL;
}

static pc_store_obj *add_obj(pc_store *s, const char *kind, const char *id)
{
	pc_store_obj *o;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		pc_store_obj *items = realloc(s->items, cap * sizeof(*items));

		if (!items)
			return NULL;
		s->items = items;
		s->cap = cap;
	}
	if (reserve_slot(s) < 0)
		return NULL;
	o = &s->items[s->n];
	memset(o, 0, sizeof(*o));
	o->kind = strdup(kind);
	o->id = strdup(id);
	o->fields = cJSON_CreateObject();
	if (!o->kind || !o->id || !o->fields) {
		obj_clear(o);
		return NULL;
	}
	*slot_of(s, kind, id) = s->n + 1;
	s->n++;
	return o;
}

static bool same_text(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Replaces *slot with a copy of value; false on OOM. */
static bool set_text(char **slot, const char *value)
{
	char *copy = value ? strdup(value) : NULL;

	if (value && !copy)
		return false;
	free(*slot);
	*slot = copy;
	return true;
}

static const char *json_string(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- the file ----------------------------------------------------------- */

static int open_error(const char *path, pc_err *err)
{
	if (errno == ELOOP)
		return pc_err_set(err, PC_EINPUT, "object store '%s' is a symbolic link; it must be a "
		                  "regular file: remove the link", path);
	return pc_err_set(err, PC_EINPUT, "cannot open object store '%s': %s", path, strerror(errno));
}

/* The store holds account numbers: the user's own regular file, 0600. */
static int check_private(int fd, const char *path, pc_err *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return pc_err_set(err, PC_EINPUT, "cannot check object store '%s': %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return pc_err_set(err, PC_EINPUT, "object store '%s' is not a regular file; move it away", path);
	if (st.st_uid != geteuid())
		return pc_err_set(err, PC_EINPUT, "object store '%s' belongs to another user (uid %ld); "
		                  "each user keeps their own", path, (long)st.st_uid);
	if (st.st_mode & 077)
		return pc_err_set(err, PC_EINPUT, "permissions %04o for object store '%s' are too open: it "
		                  "holds account numbers; run: chmod 600 '%s'",
		                  (unsigned)(st.st_mode & 07777), path, path);
	return 0;
}

static int open_file(pc_store *s, pc_err *err)
{
	const int flags = O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC;
	struct stat st;
	int fd = open(s->path, flags | O_CREAT, 0600);

	if (fd < 0)
		return open_error(s->path, err);
	if (check_private(fd, s->path, err) < 0 || fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	if (s->fd >= 0)
		close(s->fd);
	s->fd = fd;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->offset = 0;
	s->lines = 0;
	return 0;
}

/* True when the path now names another file (compacted by someone). */
static bool file_replaced(const pc_store *s)
{
	struct stat st;

	if (stat(s->path, &st) != 0)
		return true;
	return st.st_dev != s->dev || st.st_ino != s->ino;
}

/* One object as its line, newline included (malloc'd). */
static char *obj_line(const pc_store_obj *o)
{
	cJSON *j = cJSON_CreateObject();
	char *text, *line;

	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "kind", o->kind);
	cJSON_AddStringToObject(j, "id", o->id);
	if (o->status)
		cJSON_AddStringToObject(j, "status", o->status);
	cJSON_AddNumberToObject(j, "updated", (double)o->updated);
	cJSON_AddItemToObject(j, "fields", cJSON_Duplicate(o->fields, 1));
	if (o->request)
		cJSON_AddStringToObject(j, "request", o->request);
	if (o->response)
		cJSON_AddStringToObject(j, "response", o->response);
	text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	if (!text)
		return NULL;
	line = pc_strdupf("%s\n", text);
	cJSON_free(text);
	return line;
}

/* Takes one line's object into memory; *changed when it differs. */
static int take_line(pc_store *s, const char *line, size_t len, bool *changed)
{
	cJSON *j = cJSON_ParseWithLength(line, len);
	const char *kind = json_string(j, "kind");
	const char *id = json_string(j, "id");
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(j, "fields");
	const cJSON *updated = cJSON_GetObjectItemCaseSensitive(j, "updated");
	pc_store_obj *o;

	if (!kind || !id || !*kind || !*id || !cJSON_IsObject(fields) || !cJSON_IsNumber(updated)) {
		cJSON_Delete(j);
		s->bad++;
		return 0;
	}
	o = find_mut(s, kind, id);
	if (!o)
		o = add_obj(s, kind, id);
	if (!o) {
		cJSON_Delete(j);
		return -1;
	}
	if (o->updated == (long long)updated->valuedouble && same_text(o->status, json_string(j, "status"))
	    && cJSON_Compare(o->fields, fields, 1)) {
		cJSON_Delete(j);
		return 0;
	}
	cJSON_Delete(o->fields);
	o->fields = cJSON_DetachItemFromObjectCaseSensitive(j, "fields");
	o->updated = (long long)updated->valuedouble;
	if (!set_text(&o->status, json_string(j, "status")) || !set_text(&o->request, json_string(j, "request"))
	    || !set_text(&o->response, json_string(j, "response"))) {
		cJSON_Delete(j);
		return -1;
	}
	cJSON_Delete(j);
	*changed = true;
	return 0;
}

/* Reads complete lines from s->offset to the end of the file. */
/* Folds the complete lines in buf from *start; stops after max lines.
 * -1 on OOM. */
static int take_lines(pc_store *s, const pc_strbuf *buf, size_t *start, size_t *max, bool *changed)
{
	for (size_t i = *start; i < buf->len && *max > 0; i++) {
		size_t len;

		if (buf->data[i] != '\n')
			continue;
		len = i - *start;
		s->lines++;
		(*max)--;
		if (len > PC_STORE_MAX_LINE)
			s->bad++;
		else if (len > 0 && take_line(s, buf->data + *start, len, changed) < 0)
			return -1;
		*start = i + 1;
	}
	return 0;
}

/* Reads lines appended since s->offset, at most max of them: 1 when it
 * stopped at max, 0 at the end of the file, -1 with err. */
static int read_new_lines(pc_store *s, bool *changed, size_t max, pc_err *err)
{
	pc_strbuf buf = { 0 };
	char chunk[65536];
	size_t start = 0;
	ssize_t got = 0;
	off_t at = s->offset;
	int rc = 0;

	while (max > 0) {
		got = pread(s->fd, chunk, sizeof(chunk), at);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		pc_sb_put(&buf, chunk, (size_t)got);
		at += got;
		if (buf.oom || take_lines(s, &buf, &start, &max, changed) < 0) {
			free(buf.data);
			return pc_err_set(err, PC_EINPUT, "out of memory reading object store '%s'", s->path);
		}
	}
	if (got < 0)
		rc = pc_err_set(err, PC_EINPUT, "cannot read object store '%s': %s", s->path, strerror(errno));
	else if (max == 0)
		rc = 1;
	/* A line still being written (no newline yet) is read next time. */
	s->offset += (off_t)start;
	free(buf.data);
	return rc;
}

/* Rewrites the file with one line per object. */
static int compact(pc_store *s, pc_err *err)
{
	pc_strbuf all = { 0 };
	int rc;

	for (size_t i = 0; i < s->n; i++) {
		char *line = obj_line(&s->items[i]);

		if (!line) {
			free(all.data);
			return pc_err_set(err, PC_EINPUT, "out of memory compacting the object store");
		}
		pc_sb_puts(&all, line);
		free(line);
	}
	if (all.oom)
		return pc_err_set(err, PC_EINPUT, "out of memory compacting the object store");
	rc = pc_write_file_atomic(s->path, all.data ? all.data : "", all.len, 0600, err);
	free(all.data);
	if (rc < 0)
		return -1;
	if (open_file(s, err) < 0)
		return -1;
	s->offset = (off_t)all.len;
	s->lines = s->n;
	return 0;
}

static pc_store *open_unread(const char *state_dir, pc_err *err)
{
	pc_store *s;

	if (pc_mkdir_p(state_dir, 0700, err) != 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->path = pc_strdupf("%s/objects", state_dir))) {
		free(s);
		pc_err_set(err, PC_EINPUT, "out of memory opening the object store");
		return NULL;
	}
	s->fd = -1;
	if (open_file(s, err) < 0) {
		pc_store_close(s);
		return NULL;
	}
	return s;
}

int pc_store_load_step(pc_store *s, size_t max_lines, pc_err *err)
{
	bool changed = false;
	int rc;

	if (s->loaded)
		return 0;
	if (file_replaced(s) && open_file(s, err) < 0)
		return -1;
	rc = read_new_lines(s, &changed, max_lines, err);
	if (rc != 0)
		return rc;
	s->loaded = true;
	if (s->lines > 2 * s->n + COMPACT_SLACK && compact(s, err) < 0)
		return -1;
	return 0;
}

bool pc_store_loaded(const pc_store *s)
{
	return s->loaded;
}

pc_store *pc_store_open_unread(const char *state_dir, pc_err *err)
{
	return open_unread(state_dir, err);
}

pc_store *pc_store_open(const char *state_dir, pc_err *err)
{
	pc_store *s = open_unread(state_dir, err);

	if (s && pc_store_load_step(s, SIZE_MAX, err) != 0) {
		pc_store_close(s);
		return NULL;
	}
	return s;
}

void pc_store_close(pc_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		obj_clear(&s->items[i]);
	free(s->items);
	free(s->slots);
	if (s->fd >= 0)
		close(s->fd);
	free(s->path);
	free(s);
}

const char *pc_store_path(const pc_store *s)
{
	return s->path;
}

int pc_store_refresh(pc_store *s, bool *changed, pc_err *err)
{
	bool any = false;

	if (changed)
		*changed = false;
	if (!s->loaded) {
		/* The rest of a store opened unread: news to its reader. */
		if (pc_store_load_step(s, SIZE_MAX, err) != 0)
			return -1;
		if (changed)
			*changed = true;
		return 0;
	}
	if (file_replaced(s) && open_file(s, err) < 0)
		return -1;
	if (read_new_lines(s, &any, SIZE_MAX, err) < 0)
		return -1;
	if (changed)
		*changed = any;
	return 0;
}

size_t pc_store_count(const pc_store *s)
{
	return s->n;
}

const pc_store_obj *pc_store_get(const pc_store *s, size_t i)
{
	return i < s->n ? &s->items[i] : NULL;
}

const pc_store_obj *pc_store_find(const pc_store *s, const char *kind, const char *id)
{
	return find_mut((pc_store *)s, kind, id);
}

int pc_store_bad_lines(const pc_store *s)
{
	return s->bad;
}

/* ---- changing ----------------------------------------------------------- */

static int append(pc_store *s, const pc_store_obj *o, pc_err *err)
{
	char *line = obj_line(o);
	int rc = 0;

	if (!line)
		return pc_err_set(err, PC_EINPUT, "out of memory writing the object store");
	/* Someone compacted the file: write into the new one, after reading it. */
	if (file_replaced(s)) {
		bool ignored;

		if (open_file(s, err) < 0 || read_new_lines(s, &ignored, SIZE_MAX, err) < 0) {
			free(line);
			return -1;
		}
	}
	if (pc_write_all(s->fd, line, strlen(line)) != 0)
		rc = pc_err_set(err, PC_EINPUT, "cannot write object store '%s': %s", s->path, strerror(errno));
	free(line);
	return rc;
}

/* target gets every member of add (replacing same-named ones). */
static int merge_into(cJSON *target, const cJSON *add)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, add) {
		cJSON *copy;

		if (!item->string || strcmp(item->string, "sign") == 0)
			continue;
		copy = cJSON_Duplicate(item, 1);
		if (!copy)
			return -1;
		if (cJSON_HasObjectItem(target, item->string))
			cJSON_ReplaceItemInObjectCaseSensitive(target, item->string, copy);
		else
			cJSON_AddItemToObject(target, item->string, copy);
	}
	return 0;
}

/* Merged fields in the form they take after a trip through the file, so
 * that comparing with what was read back means something. */
static cJSON *merged_fields(const cJSON *old, const cJSON *add)
{
	cJSON *m = old ? cJSON_Duplicate(old, 1) : cJSON_CreateObject();
	char *text;
	cJSON *norm;

	if (!m || (add && merge_into(m, add) < 0)) {
		cJSON_Delete(m);
		return NULL;
	}
	text = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	if (!text)
		return NULL;
	norm = cJSON_Parse(text);
	cJSON_free(text);
	return norm;
}

/* Applies a change; *changed says whether anything differs (and was written). */
static int change(pc_store *s, const char *kind, const char *id, const char *status,
                  const cJSON *fields, const char *request, const char *response,
                  long long when, bool *changed, pc_err *err)
{
	pc_store_obj *o;
	bool is_new;
	cJSON *merged;

	*changed = false;
	/* A store opened unread is read to its end first: a change appended
	 * now must come after every line already there, in memory too. */
	if (!s->loaded && pc_store_load_step(s, SIZE_MAX, err) != 0)
		return -1;
	o = find_mut(s, kind, id);
	is_new = o == NULL;
	if (!kind || !*kind || !id || !*id)
		return pc_err_set(err, PC_EINPUT, "an object needs a kind and an id");
	if (is_new && !(o = add_obj(s, kind, id)))
		return pc_err_set(err, PC_EINPUT, "out of memory adding to the object store");
	merged = merged_fields(o->fields, fields);
	if (!merged)
		return pc_err_set(err, PC_EINPUT, "out of memory changing the object store");
	if (!is_new && (!status || same_text(status, o->status)) && cJSON_Compare(merged, o->fields, 1)
	    && (!request || same_text(request, o->request)) && (!response || same_text(response, o->response))) {
		cJSON_Delete(merged);
		return 0;
	}
	cJSON_Delete(o->fields);
	o->fields = merged;
	if ((status && !set_text(&o->status, status)) || (request && !set_text(&o->request, request))
	    || (response && !set_text(&o->response, response)))
		return pc_err_set(err, PC_EINPUT, "out of memory changing the object store");
	o->updated = when > 0 ? when : pc_now_ms();
	*changed = true;
	return append(s, o, err);
}

int pc_store_put(pc_store *s, const char *kind, const char *id, const char *status,
                 const cJSON *fields, const char *request, const char *response,
                 long long when, pc_err *err)
{
	bool changed;

	return change(s, kind, id, status, fields, request, response, when, &changed, err);
}

cJSON *pc_store_fields_json(const pc_params *p)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	for (size_t i = 0; i < p->n; i++) {
		const pc_param *f = &p->items[i];
		cJSON *v = NULL;

		if (strcmp(f->key, "sign") == 0 || strcmp(f->key, "appId") == 0
		    || strcmp(f->key, "timestamp") == 0)
			continue;
		switch (f->kind) {
		case PC_JSTR:
			v = cJSON_CreateString(f->value);
			break;
		case PC_JNUM:
		case PC_JRAW:
			v = cJSON_Parse(f->value);
			if (!v)
				v = cJSON_CreateString(f->value);
			break;
		case PC_JNULL:
			v = cJSON_CreateNull();
			break;
		}
		if (!v) {
			cJSON_Delete(o);
			return NULL;
		}
		cJSON_AddItemToObject(o, f->key, v);
	}
	return o;
}

/* ---- answers ------------------------------------------------------------ */

typedef struct {
	const char *endpoint;
	const char *kind;
	const char *id_field;
	const char *created_status; /* when a create's answer carries no status */
} recording;

static const recording recordings[] = {
	{ "payout.create", "payout", "mchOrderId", NULL },
	{ "payout.status", "payout", "mchOrderId", NULL },
	{ "qr.create", "qr", "mchOrderId", NULL },
	{ "qr.show", "qr", "mchOrderId", NULL },
	{ "qr.update", "qr", "mchOrderId", NULL },
	{ "qr.cancel", "qr", "mchOrderId", NULL },
	{ "qr.merge_create", "qr", "aggregateOrderId", NULL },
	{ "qr.v2_detail", "qr", "mchOrderId", NULL },
	{ "va.create", "va", "mchOrderId", "ACTIVE" },
	{ "va.batch_create", "va", "mchOrderId", "ACTIVE" },
	{ "va.update", "va", "mchOrderId", NULL },
	{ "va.cancel", "va", "mchOrderId", NULL },
	{ "va.aggregate_create", "va", "aggregateOrderId", "ACTIVE" },
	{ "va.aggregate_detail", "va", "aggregateOrderId", NULL },
	{ "transfer.create", "transfer", "mchOrderId", "ACTIVE" },
	{ "transfer.update", "transfer", "mchOrderId", NULL },
	{ "web.create", "web", "mchOrderId", NULL },
	{ "web.status", "web", "mchOrderId", NULL },
	{ "refund.create", "refund", "mchRefundOrderId", NULL },
	{ "refund.show", "refund", "mchRefundOrderId", NULL },
	{ "checkout.create", "checkout", "mchOrderId", NULL },
	{ "checkout.status", "checkout", "mchOrderId", NULL },
	{ "directdebit.pay", "directdebit", "mchOrderId", NULL },
};

static const recording *recording_for(const char *endpoint_id)
{
	for (size_t i = 0; endpoint_id && i < sizeof(recordings) / sizeof(recordings[0]); i++)
		if (strcmp(recordings[i].endpoint, endpoint_id) == 0)
			return &recordings[i];
	return NULL;
}

const char *pc_store_kind_of(const char *endpoint_id)
{
	const recording *r = recording_for(endpoint_id);

	return r ? r->kind : NULL;
}

/* The status an answer states: its own, or that of the first account in
 * its list (VA cancel answers per channel). */
static const char *answer_status(const cJSON *data)
{
	static const char *const names[] = { "transactionStatus", "refundStatus", "status" };
	static const char *const lists[] = { "paymentVaList", "paymentAccountList" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = json_string(data, names[i]);

		if (v && *v)
			return v;
	}
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(data, lists[i]);
		const char *v = cJSON_IsArray(list) ? json_string(cJSON_GetArrayItem(list, 0), "status") : NULL;

		if (v && *v)
			return v;
	}
	return NULL;
}

static int record_one(pc_store *s, const recording *r, const cJSON *request_fields, const cJSON *data,
                      const char *request, const char *response, pc_err *err)
{
	const char *id = json_string(data, r->id_field);
	const char *status = answer_status(data);
	cJSON *all = cJSON_Duplicate(request_fields, 1);
	bool changed;
	int rc;

	if (!id)
		id = json_string(request_fields, r->id_field);
	if (!all)
		return pc_err_set(err, PC_EINPUT, "out of memory recording an answer");
	if (!id || !*id) {
		cJSON_Delete(all);
		return 0;
	}
	if (cJSON_IsObject(data) && merge_into(all, data) < 0) {
		cJSON_Delete(all);
		return pc_err_set(err, PC_EINPUT, "out of memory recording an answer");
	}
	if (!status && r->created_status && !pc_store_find(s, r->kind, id))
		status = r->created_status;
	rc = change(s, r->kind, id, status, all, request, response, 0, &changed, err);
	cJSON_Delete(all);
	return rc < 0 ? -1 : 1;
}

int pc_store_record_answer(pc_store *s, const pc_endpoint *ep, const pc_params *fields,
                           const cJSON *data, const char *request, const char *response,
                           pc_err *err)
{
	const recording *r = recording_for(ep ? ep->id : NULL);
	cJSON *req;
	int count = 0;

	if (!r)
		return 0;
	/* What it looks up below must be the whole store (pc_store_open_unread). */
	if (!s->loaded && pc_store_load_step(s, SIZE_MAX, err) != 0)
		return -1;
	req = pc_store_fields_json(fields);
	if (!req)
		return pc_err_set(err, PC_EINPUT, "out of memory recording an answer");
	cJSON_DeleteItemFromObjectCaseSensitive(req, "appName");
	if (cJSON_IsArray(data)) {
		const cJSON *item;

		cJSON_ArrayForEach(item, data) {
			int rc = cJSON_IsObject(item) ? record_one(s, r, req, item, request, response, err) : 0;

			if (rc < 0) {
				cJSON_Delete(req);
				return -1;
			}
			count += rc;
		}
	} else {
		count = record_one(s, r, req, data, request, response, err);
	}
	cJSON_Delete(req);
	return count;
}

/* ---- callbacks ---------------------------------------------------------- */

bool pc_store_status_final(const char *status)
{
	static const char *const finals[] = {
		"COMPLETE", "COMPLETED", "SUCCESS", "FAILED", "FAIL", "CANCELLED", "CANCELED",
		"CLOSED", "EXPIRED", "REJECTED",
	};

	for (size_t i = 0; status && i < sizeof(finals) / sizeof(finals[0]); i++)
		if (strcmp(status, finals[i]) == 0)
			return true;
	return false;
}

/* Kinds whose objects take the callback's status; the others (QR codes,
 * virtual and bank-transfer accounts) receive many payments. */
static bool takes_status(const char *kind)
{
	return strcmp(kind, "payout") == 0 || strcmp(kind, "refund") == 0 || strcmp(kind, "web") == 0
	       || strcmp(kind, "checkout") == 0 || strcmp(kind, "directdebit") == 0;
}

static bool kept_kind(const char *kind)
{
	return takes_status(kind) || strcmp(kind, "qr") == 0 || strcmp(kind, "va") == 0
	       || strcmp(kind, "transfer") == 0;
}

static cJSON *last_payment(const pc_callback *cb)
{
	cJSON *o = cJSON_CreateObject();
	const char *amount = pc_params_get(&cb->fields, "amount");

	if (!o)
		return NULL;
	if (cb->event)
		cJSON_AddStringToObject(o, "lastPaymentEvent", cb->event);
	if (cb->transaction)
		cJSON_AddStringToObject(o, "lastPaymentTransactionId", cb->transaction);
	if (cb->status)
		cJSON_AddStringToObject(o, "lastPaymentStatus", cb->status);
	if (cb->has_amount && amount)
		cJSON_AddItemToObject(o, "lastPaymentAmount", cJSON_CreateNumber((double)cb->amount));
	return o;
}

int pc_store_apply_callback(pc_store *s, const pc_callback *cb, long long received_ms, pc_err *err)
{
	const pc_store_obj *old;
	const char *status = NULL;
	cJSON *fields;
	bool changed = false;
	int rc;

	if (cb->verdict != PC_VERDICT_VALID || !cb->kind || !kept_kind(cb->kind) || !cb->order || !*cb->order)
		return 0;
	if (!s->loaded && pc_store_load_step(s, SIZE_MAX, err) != 0)
		return -1;
	old = pc_store_find(s, cb->kind, cb->order);
	if (old && pc_store_status_final(old->status) && received_ms < old->updated)
		return 0;
	if (takes_status(cb->kind)) {
		fields = pc_store_fields_json(&cb->fields);
		status = cb->status;
	} else {
		fields = last_payment(cb);
	}
	if (!fields)
		return pc_err_set(err, PC_EINPUT, "out of memory applying a callback");
	rc = change(s, cb->kind, cb->order, status, fields, NULL, NULL, received_ms, &changed, err);
	cJSON_Delete(fields);
	if (rc < 0)
		return -1;
	return changed ? 1 : 0;
}
