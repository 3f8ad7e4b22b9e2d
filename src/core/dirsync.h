/* dirsync.h — one fsync of a directory for every rename that came before it.
 *
 * A rename into a directory is durable only once the directory is synced.
 * When several threads publish files into the same directory (paycon-hookd's
 * pool), each syncing it on its own makes the file system commit its
 * journal once per file; here they share: a caller waits for a sync that
 * *began after* its rename, and whoever finds no sync under way runs the
 * next one for everybody waiting (group commit). A lone caller costs the
 * same single fsync as before. The directory is opened by path for each
 * sync, so a spool moved away and recreated is synced where renames go. */
#ifndef PAYCON_DIRSYNC_H
#define PAYCON_DIRSYNC_H

#include "err.h"

typedef struct pc_dirsync pc_dirsync;

pc_dirsync *pc_dirsync_new(const char *dir, pc_err *err);
void pc_dirsync_free(pc_dirsync *d);
/* Returns once a sync of the directory that began after this call has
 * ended: 0, or the errno of that sync (the rename is then not durable). */
int pc_dirsync_wait(pc_dirsync *d);
/* Syncs run so far (for tests and benchmarks). */
unsigned long long pc_dirsync_rounds(pc_dirsync *d);

#endif
