#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "sanitize.h"

struct pc_journal {
	int fd;
	char *path;
};

static const char *const outcome_names[] = {
	"accepted", "rejected", "not_sent", "unknown", "settled", "absent",
};

/* ---- opening ----------------------------------------------------------- */

static int open_error(const char *path, pc_err *err)
{
	if (errno == ELOOP)
		return pc_err_set(err, PC_EINPUT, "journal '%s' is a symbolic link; the journal must be a regular "
		                  "file: remove the link (or move the real file into its place)", path);
	return pc_err_set(err, PC_EINPUT, "cannot open journal '%s': %s", path, strerror(errno));
}

/* Creates the file 0600 or opens the existing one; never through a link. */
static int open_file(const char *path, bool *created, pc_err *err)
{
	const int flags = O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC;
	int fd = open(path, flags | O_CREAT | O_EXCL, 0600);

	*created = fd >= 0;
	if (fd < 0 && errno == EEXIST)
		fd = open(path, flags);
	if (fd < 0)
		return open_error(path, err);
	return fd;
}

/* The journal holds account numbers and amounts: it must be the user's
 * own regular file, unreadable by anyone else. */
static int check_private(int fd, const char *path, pc_err *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return pc_err_set(err, PC_EINPUT, "cannot check journal '%s': %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return pc_err_set(err, PC_EINPUT, "journal '%s' is not a regular file; move it away", path);
	if (st.st_uid != geteuid())
		return pc_err_set(err, PC_EINPUT, "journal '%s' belongs to another user (uid %ld); "
		                  "each operator keeps their own journal", path, (long)st.st_uid);
	if (st.st_mode & 077)
		return pc_err_set(err, PC_EINPUT, "permissions %04o for journal '%s' are too open: it holds "
		                  "account numbers and must be readable by its owner only; run: chmod 600 '%s'",
		                  (unsigned)(st.st_mode & 07777), path, path);
	return 0;
}

/* A crash can leave a torn last line. Ending it here keeps the next line
 * whole: only the torn one is then unreadable. */
static int end_with_newline(int fd, const char *path, pc_err *err)
{
	struct stat st;
	char last;

	if (fstat(fd, &st) != 0 || st.st_size == 0)
		return 0;
	if (pread(fd, &last, 1, st.st_size - 1) != 1)
		return pc_err_set(err, PC_EINPUT, "cannot read journal '%s': %s", path, strerror(errno));
	if (last == '\n')
		return 0;
	if (write(fd, "\n", 1) != 1 || fsync(fd) != 0)
		return pc_err_set(err, PC_EINPUT, "cannot write journal '%s': %s", path, strerror(errno));
	return 0;
}

pc_journal *pc_journal_open(const char *state_dir, pc_err *err)
{
	pc_journal *j;
	bool created;

	if (pc_mkdir_p(state_dir, 0700, err) != 0)
		return NULL;
	j = calloc(1, sizeof(*j));
	if (j)
		j->path = pc_strdupf("%s/journal", state_dir);
	if (!j || !j->path) {
		free(j);
		pc_err_set(err, PC_EINPUT, "out of memory opening the journal");
		return NULL;
	}
	j->fd = open_file(j->path, &created, err);
	if (j->fd < 0 ||
	    check_private(j->fd, j->path, err) != 0 ||
	    (created && pc_fsync_dir(j->path, err) != 0) ||
	    end_with_newline(j->fd, j->path, err) != 0) {
		pc_journal_close(j);
		return NULL;
	}
	return j;
}

void pc_journal_close(pc_journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	free(j->path);
	free(j);
}

const char *pc_journal_path(const pc_journal *j)
{
	return j->path;
}

/* ---- writing ----------------------------------------------------------- */

/* UTC, ISO-8601 with milliseconds: 2026-11-21T10:00:00.123Z */
static void utc_timestamp(char *out, size_t size)
{
	struct timespec now;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	n = strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, size - n, ".%03ldZ", now.tv_nsec / 1000000);
}

static int oom(pc_err *err)
{
	return pc_err_set(err, PC_EINPUT, "out of memory writing the journal");
}

/* Starts a line with the members every line has. */
static int line_start(pc_params *line, const char *type, const char *op, const char *key, pc_err *err)
{
	char ts[40];

	if (!op || !op[0] || !key || !key[0])
		return pc_err_set(err, PC_EINPUT, "a journal %s line needs an operation and a key", type);
	utc_timestamp(ts, sizeof(ts));
	pc_params_init(line);
	if (pc_params_set_str(line, "ts", ts) != 0 ||
	    pc_params_set_str(line, "type", type) != 0 ||
	    pc_params_set_str(line, "op", op) != 0 ||
	    pc_params_set_str(line, "key", key) != 0) {
		pc_params_free(line);
		return oom(err);
	}
	return 0;
}

/* Writes line as one JSON text plus newline in a single write (O_APPEND
 * keeps lines of concurrent writers whole), then fsyncs: the caller moves
 * money only after this returns. A line that would not read back (invalid
 * UTF-8 in a value) is refused rather than written. */
static int append_line(pc_journal *j, const pc_params *line, pc_err *err)
{
	char *json = pc_params_to_json(line);
	char *text;
	pc_params check;
	int rc = 0;

	if (!json)
		return oom(err);
	if (pc_params_parse(&check, json, strlen(json), err) != 0) {
		free(json);
		return pc_err_prefix(err, "cannot journal this request to '%s'", j->path);
	}
	pc_params_free(&check);
	text = pc_strdupf("%s\n", json);
	free(json);
	if (!text)
		return oom(err);
	if (pc_write_all(j->fd, text, strlen(text)) != 0 || fsync(j->fd) != 0)
		rc = pc_err_set(err, PC_EINPUT, "cannot write journal '%s': %s", j->path, strerror(errno));
	free(text);
	return rc;
}

int pc_journal_intent(pc_journal *j, const char *op, const char *key,
                      const pc_params *fields, pc_err *err)
{
	pc_params copy;
	pc_params line;
	char *fields_json;
	int rc;

	pc_params_init(&copy);
	if (fields && pc_params_copy(&copy, fields) != 0)
		return oom(err);
	/* The signature is derived, useless later, and not ours to keep. */
	pc_params_remove(&copy, "sign");
	fields_json = pc_params_to_json(&copy);
	pc_params_free(&copy);
	if (!fields_json)
		return oom(err);
	rc = line_start(&line, "intent", op, key, err);
	if (rc == 0 && pc_params_set(&line, "fields", PC_JRAW, fields_json) != 0) {
		pc_params_free(&line);
		rc = oom(err);
	}
	free(fields_json);
	if (rc != 0)
		return -1;
	rc = append_line(j, &line, err);
	pc_params_free(&line);
	return rc;
}

static bool known_outcome(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(outcome_names) / sizeof(outcome_names[0]); i++) {
		if (strcmp(name, outcome_names[i]) == 0)
			return true;
	}
	return false;
}

/* Sets an optional text member. Server text that is not UTF-8 is stored
 * escaped, so the line stays readable JSON. */
static int set_text(pc_params *line, const char *name, const char *value)
{
	char *safe;
	int rc;

	if (!value)
		return 0;
	if (pc_utf8_valid(value, strlen(value)))
		return pc_params_set_str(line, name, value);
	safe = pc_sanitize_str(value);
	if (!safe)
		return -1;
	rc = pc_params_set_str(line, name, safe);
	free(safe);
	return rc;
}

int pc_journal_outcome(pc_journal *j, const char *op, const char *key,
                       const pc_outcome *o, pc_err *err)
{
	pc_params line;
	int rc;

	if (!o || !known_outcome(o->outcome))
		return pc_err_set(err, PC_EINPUT, "unknown journal outcome '%s'",
		                  o && o->outcome ? o->outcome : "(none)");
	if (line_start(&line, "outcome", op, key, err) != 0)
		return -1;
	if (pc_params_set_str(&line, "outcome", o->outcome) != 0 ||
	    pc_params_set_int(&line, "code", o->code) != 0 ||
	    set_text(&line, "status", o->status) != 0 ||
	    set_text(&line, "transactionId", o->transaction_id) != 0 ||
	    set_text(&line, "detail", o->detail) != 0)
		rc = oom(err);
	else
		rc = append_line(j, &line, err);
	pc_params_free(&line);
	return rc;
}

/* ---- reading ----------------------------------------------------------- */

/* The view being built, with an (op, key) index so folding stays linear
 * however long the journal grows. */
typedef struct {
	pc_journal_view *view;
	int cap;
	int *slots;   /* item index + 1; 0 = empty */
	size_t nslots; /* power of two */
} reader;

static size_t hash_pair(const char *op, const char *key)
{
	uint64_t h = 1469598103934665603ULL;
	const char *s;

	for (s = op; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL; /* separator: ("ab","c") != ("a","bc") */
	for (s = key; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static size_t slot_of(const reader *r, const char *op, const char *key)
{
	size_t mask = r->nslots - 1;
	size_t i = hash_pair(op, key) & mask;

	for (;;) {
		const pc_journal_entry *e;

		if (r->slots[i] == 0)
			return i;
		e = &r->view->items[r->slots[i] - 1];
		if (strcmp(e->op, op) == 0 && strcmp(e->key, key) == 0)
			return i;
		i = (i + 1) & mask;
	}
}

static int grow_index(reader *r)
{
	size_t size = r->nslots ? r->nslots * 2 : 64;
	int *old = r->slots;
	int i;

	r->slots = calloc(size, sizeof(*r->slots));
	if (!r->slots) {
		r->slots = old;
		return -1;
	}
	r->nslots = size;
	free(old);
	for (i = 0; i < r->view->count; i++) {
		const pc_journal_entry *e = &r->view->items[i];

		r->slots[slot_of(r, e->op, e->key)] = i + 1;
	}
	return 0;
}

/* The entry for (op, key), appended when new; NULL on OOM. */
static pc_journal_entry *entry_for(reader *r, const char *op, const char *key)
{
	pc_journal_view *v = r->view;
	pc_journal_entry *e;
	size_t slot;

	if ((size_t)(v->count + 1) * 2 > r->nslots && grow_index(r) != 0)
		return NULL;
	slot = slot_of(r, op, key);
	if (r->slots[slot])
		return &v->items[r->slots[slot] - 1];
	if (v->count == r->cap) {
		int cap = r->cap ? r->cap * 2 : 32;
		pc_journal_entry *items = realloc(v->items, (size_t)cap * sizeof(*items));

		if (!items)
			return NULL;
		v->items = items;
		r->cap = cap;
	}
	e = &v->items[v->count];
	memset(e, 0, sizeof(*e));
	pc_params_init(&e->fields);
	e->op = strdup(op);
	e->key = strdup(key);
	if (!e->op || !e->key) {
		free(e->op);
		free(e->key);
		return NULL;
	}
	r->slots[slot] = ++v->count;
	return e;
}

/* A string member's value, or NULL when absent or not a string. */
static const char *text_member(const pc_params *p, const char *name)
{
	const pc_param *m = pc_params_find(p, name);

	return m && m->kind == PC_JSTR ? m->value : NULL;
}

/* Replaces *slot with a copy of value (NULL allowed). -1 on OOM. */
static int replace(char **slot, const char *value)
{
	char *copy = NULL;

	if (value) {
		copy = strdup(value);
		if (!copy)
			return -1;
	}
	free(*slot);
	*slot = copy;
	return 0;
}

static void clear_outcome(pc_journal_entry *e)
{
	free(e->outcome);
	free(e->outcome_ts);
	free(e->status);
	free(e->transaction_id);
	free(e->detail);
	e->outcome = e->outcome_ts = e->status = e->transaction_id = e->detail = NULL;
	e->code = 0;
}

/* Fold results: 0 folded, 1 unreadable line, -1 out of memory. */
enum { FOLD_OK = 0, FOLD_BAD = 1, FOLD_OOM = -1 };

/* A repeated intent is a retry under the same ids: its fields replace the
 * old ones and the earlier outcome no longer describes it, so the entry is
 * open again until the retry's outcome arrives. intent_ts stays the first. */
static int fold_intent(reader *r, const pc_params *line, const char *op, const char *key)
{
	const pc_param *fields = pc_params_find(line, "fields");
	pc_journal_entry *e;
	pc_params parsed;
	pc_err ignored;

	if (!fields || fields->kind != PC_JRAW || fields->value[0] != '{')
		return FOLD_BAD;
	if (pc_params_parse(&parsed, fields->value, strlen(fields->value), &ignored) != 0)
		return FOLD_BAD;
	e = entry_for(r, op, key);
	if (!e || (!e->intent_ts && replace(&e->intent_ts, text_member(line, "ts")) != 0)) {
		pc_params_free(&parsed);
		return FOLD_OOM;
	}
	pc_params_free(&e->fields);
	e->fields = parsed;
	clear_outcome(e);
	return FOLD_OK;
}

static bool parse_code(const pc_params *line, int *code)
{
	const pc_param *m = pc_params_find(line, "code");
	char *end;
	long value;

	*code = 0;
	if (!m)
		return true;
	if (m->kind != PC_JNUM)
		return false;
	errno = 0;
	value = strtol(m->value, &end, 10);
	if (errno || *end || value < INT32_MIN || value > INT32_MAX)
		return false;
	*code = (int)value;
	return true;
}

static int fold_outcome(reader *r, const pc_params *line, const char *op, const char *key)
{
	const char *outcome = text_member(line, "outcome");
	pc_journal_entry *e;
	int code;

	if (!outcome || !parse_code(line, &code))
		return FOLD_BAD;
	e = entry_for(r, op, key);
	if (!e)
		return FOLD_OOM;
	clear_outcome(e);
	e->code = code;
	if (replace(&e->outcome, outcome) != 0 ||
	    replace(&e->outcome_ts, text_member(line, "ts")) != 0 ||
	    replace(&e->status, text_member(line, "status")) != 0 ||
	    replace(&e->transaction_id, text_member(line, "transactionId")) != 0 ||
	    replace(&e->detail, text_member(line, "detail")) != 0)
		return FOLD_OOM;
	return FOLD_OK;
}

static int fold_line(reader *r, const char *text, size_t len)
{
	pc_params line;
	pc_err ignored;
	const char *type;
	const char *op;
	const char *key;
	int rc = FOLD_BAD;

	if (pc_params_parse(&line, text, len, &ignored) != 0)
		return FOLD_BAD;
	type = text_member(&line, "type");
	op = text_member(&line, "op");
	key = text_member(&line, "key");
	if (type && op && key && op[0] && key[0]) {
		if (strcmp(type, "intent") == 0)
			rc = fold_intent(r, &line, op, key);
		else if (strcmp(type, "outcome") == 0)
			rc = fold_outcome(r, &line, op, key);
	}
	pc_params_free(&line);
	return rc;
}

static bool blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	}
	return true;
}

/* ---- reading, a slice at a time ------------------------------------------ */

struct pc_journal_reader {
	char *path;
	FILE *fp;              /* NULL until the file exists */
	off_t next;            /* offset of the first line not folded yet */
	pc_journal_view view;
	reader r;
	char *line;
	size_t cap;
};

pc_journal_reader *pc_journal_reader_open(const char *path, pc_err *err)
{
	pc_journal_reader *jr = calloc(1, sizeof(*jr));

	if (!jr || !(jr->path = strdup(path))) {
		free(jr);
		pc_err_set(err, PC_EINPUT, "out of memory reading journal '%s'", path);
		return NULL;
	}
	jr->r.view = &jr->view;
	return jr;
}

void pc_journal_reader_close(pc_journal_reader *jr)
{
	if (!jr)
		return;
	if (jr->fp)
		fclose(jr->fp);
	pc_journal_view_free(&jr->view);
	free(jr->r.slots);
	free(jr->line);
	free(jr->path);
	free(jr);
}

/* 1 open, 0 no file yet, -1 error. */
static int open_for_reading(pc_journal_reader *jr, pc_err *err)
{
	int fd;

	if (jr->fp)
		return 1;
	fd = open(jr->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0)
		return open_error(jr->path, err);
	jr->fp = fdopen(fd, "r");
	if (!jr->fp) {
		close(fd);
		return pc_err_set(err, PC_EINPUT, "cannot read journal '%s': %s", jr->path, strerror(errno));
	}
	return 1;
}

/* Folds up to max lines. A last line without its newline is a write still
 * under way (or one a crash cut): left for later unless take_partial. */
static int fold_lines(pc_journal_reader *jr, int max, bool take_partial, pc_err *err)
{
	int opened = open_for_reading(jr, err);

	if (opened <= 0)
		return opened;
	clearerr(jr->fp); /* after an earlier end of file: see what was appended */
	for (int done = 0; done < max; done++) {
		ssize_t n = getline(&jr->line, &jr->cap, jr->fp);
		int folded;

		if (n < 0)
			break;
		if (jr->line[n - 1] != '\n' && !take_partial) {
			if (fseeko(jr->fp, jr->next, SEEK_SET) != 0)
				break;
			return 0;
		}
		jr->next += n;
		if (jr->line[n - 1] == '\n')
			n--;
		if (blank(jr->line, (size_t)n))
			continue;
		folded = fold_line(&jr->r, jr->line, (size_t)n);
		if (folded == FOLD_OOM)
			return pc_err_set(err, PC_EINPUT, "out of memory reading journal '%s'", jr->path);
		if (folded == FOLD_BAD)
			jr->view.bad_lines++;
	}
	if (ferror(jr->fp))
		return pc_err_set(err, PC_EINPUT, "cannot read journal '%s': %s", jr->path, strerror(errno));
	return feof(jr->fp) ? 0 : 1;
}

int pc_journal_reader_step(pc_journal_reader *jr, int max_lines, pc_err *err)
{
	return fold_lines(jr, max_lines, false, err);
}

const pc_journal_view *pc_journal_reader_view(const pc_journal_reader *jr)
{
	return &jr->view;
}

const pc_journal_entry *pc_journal_reader_find(const pc_journal_reader *jr, const char *op, const char *key)
{
	size_t slot;

	if (jr->r.nslots == 0)
		return NULL;
	slot = slot_of(&jr->r, op, key);
	return jr->r.slots[slot] ? &jr->view.items[jr->r.slots[slot] - 1] : NULL;
}

int pc_journal_read(const char *path, pc_journal_view *view, pc_err *err)
{
	pc_journal_reader *jr = pc_journal_reader_open(path, err);
	int rc;

	memset(view, 0, sizeof(*view));
	if (!jr)
		return -1;
	/* The whole file, a cut last line included (reported as unreadable). */
	while ((rc = fold_lines(jr, 1 << 20, true, err)) > 0)
		;
	if (rc == 0) {
		*view = jr->view;
		memset(&jr->view, 0, sizeof(jr->view));
	}
	pc_journal_reader_close(jr);
	return rc;
}

void pc_journal_view_free(pc_journal_view *view)
{
	int i;

	if (!view)
		return;
	for (i = 0; i < view->count; i++) {
		pc_journal_entry *e = &view->items[i];

		free(e->op);
		free(e->key);
		free(e->intent_ts);
		pc_params_free(&e->fields);
		clear_outcome(e);
	}
	free(view->items);
	memset(view, 0, sizeof(*view));
}

const pc_journal_entry *pc_journal_find(const pc_journal_view *view, const char *op, const char *key)
{
	int i;

	for (i = 0; i < view->count; i++) {
		if (strcmp(view->items[i].op, op) == 0 && strcmp(view->items[i].key, key) == 0)
			return &view->items[i];
	}
	return NULL;
}

bool pc_journal_entry_unresolved(const pc_journal_entry *e)
{
	return !e->outcome || strcmp(e->outcome, "unknown") == 0;
}
