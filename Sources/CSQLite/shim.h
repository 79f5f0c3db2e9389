#ifndef FRONTLINE_CSQLITE_SHIM_H
#define FRONTLINE_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a cast macro Swift cannot import: tell SQLite to copy bound text.
static inline int frontline_sqlite3_bind_text_copy(sqlite3_stmt *statement, int index, const char *text) {
    return sqlite3_bind_text(statement, index, text, -1, SQLITE_TRANSIENT);
}
#endif
