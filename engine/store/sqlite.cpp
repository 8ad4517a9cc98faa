// The sqlite3 wrappers: error translation, binding and reading values.
#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <climits>
#include <utility>

namespace otedama::store {
namespace {

// Collapses whitespace and cuts long SQL so an error message stays one readable line.
std::string oneLine(std::string_view sql, std::size_t limit = 96) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    const bool isSpace = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (isSpace) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= limit) {
      out += "...";
      break;
    }
  }
  return out;
}

std::string sqliteMessage(sqlite3* db, int rc) {
  std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  // errmsg can lag behind rc (for example after a failed reset); the code's own text then helps.
  const std::string codeText = sqlite3_errstr(rc);
  if (message != codeText) message += " (" + codeText + ")";
  return message;
}

bool onlyWhitespace(const char* text) {
  for (; text && *text; ++text) {
    if (*text != ' ' && *text != '\n' && *text != '\t' && *text != '\r') return false;
  }
  return true;
}

}  // namespace

// ---- Statement ----

Statement::Statement(sqlite3* db, std::string_view sql) {
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &statement_, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(statement_);
    statement_ = nullptr;
    throw StoreError("prepare `" + oneLine(sql) + "`: " + sqliteMessage(db, rc), rc & 0xff);
  }
  if (statement_ == nullptr || !onlyWhitespace(tail)) {
    sqlite3_finalize(statement_);
    statement_ = nullptr;
    throw StoreError("prepare `" + oneLine(sql) + "`: expected exactly one SQL statement");
  }
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement::Statement(Statement&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    statement_ = std::exchange(other.statement_, nullptr);
  }
  return *this;
}

std::string Statement::describe() const {
  return statement_ ? oneLine(sqlite3_sql(statement_)) : std::string("(no statement)");
}

void Statement::fail(int rc, std::string_view operation) const {
  sqlite3* db = statement_ ? sqlite3_db_handle(statement_) : nullptr;
  throw StoreError(std::string(operation) + " `" + describe() + "`: " + sqliteMessage(db, rc), rc & 0xff);
}

void Statement::check(int rc, std::string_view operation) const {
  if (rc != SQLITE_OK) fail(rc, operation);
}

Statement& Statement::bindInt64(int index, std::int64_t value) {
  check(sqlite3_bind_int64(statement_, index, value), "bind");
  return *this;
}

Statement& Statement::bindUint64(int index, std::uint64_t value) {
  if (value > static_cast<std::uint64_t>(INT64_MAX)) {
    throw StoreError("bind `" + describe() + "`: " + std::to_string(value) + " does not fit a signed 64-bit integer");
  }
  return bindInt64(index, static_cast<std::int64_t>(value));
}

Statement& Statement::bindDouble(int index, double value) {
  check(sqlite3_bind_double(statement_, index, value), "bind");
  return *this;
}

Statement& Statement::bindText(int index, std::string_view value) {
  check(sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
  return *this;
}

Statement& Statement::bindBlob(int index, ByteSpan value) {
  // A zero-length blob still needs a non-null pointer, or SQLite stores NULL instead of X''.
  static const std::uint8_t empty = 0;
  const void* data = value.empty() ? &empty : value.data();
  check(sqlite3_bind_blob64(statement_, index, data, value.size(), SQLITE_TRANSIENT), "bind");
  return *this;
}

Statement& Statement::bindNull(int index) {
  check(sqlite3_bind_null(statement_, index), "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc, "step");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() noexcept {
  if (!statement_) return;
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

bool Statement::columnIsNull(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

std::int64_t Statement::columnInt64(int column) const { return sqlite3_column_int64(statement_, column); }

std::uint64_t Statement::columnUint64(int column) const {
  const std::int64_t value = columnInt64(column);
  if (value < 0) {
    throw StoreError("read `" + describe() + "`: column " + std::to_string(column) + " holds a negative value");
  }
  return static_cast<std::uint64_t>(value);
}

double Statement::columnDouble(int column) const { return sqlite3_column_double(statement_, column); }

std::string Statement::columnText(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  const int size = sqlite3_column_bytes(statement_, column);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)) : std::string();
}

Bytes Statement::columnBlob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement_, column));
  const int size = sqlite3_column_bytes(statement_, column);
  return data ? Bytes(data, data + size) : Bytes();
}

Hash32 Statement::columnHash(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement_, column));
  const int size = sqlite3_column_bytes(statement_, column);
  if (!data || size != 32) {
    throw StoreError("read `" + describe() + "`: column " + std::to_string(column) + " holds " +
                     std::to_string(size) + " bytes, not a 32-byte hash");
  }
  Hash32 hash;
  std::copy(data, data + 32, hash.begin());
  return hash;
}

// ---- Database ----

Database::Database(const std::filesystem::path& file) : file_(file) {
  // NOMUTEX: the store is used from one thread, so SQLite's per-connection lock is pure cost.
  // EXRESCODE: extended codes say which I/O call failed, which matters when a disk misbehaves.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = sqliteMessage(db_, rc);
    close();
    throw StoreError("open " + file.string() + ": " + message, rc & 0xff);
  }
  // Defensive mode refuses SQL that could corrupt the file on purpose (writable_schema and the
  // like); nothing in the store needs those.
  sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
}

Database::~Database() { close(); }

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      file_(std::move(other.file_)),
      begin_(std::move(other.begin_)),
      commit_(std::move(other.commit_)),
      rollback_(std::move(other.rollback_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    file_ = std::move(other.file_);
    begin_ = std::move(other.begin_);
    commit_ = std::move(other.commit_);
    rollback_ = std::move(other.rollback_);
  }
  return *this;
}

void Database::close() noexcept {
  begin_ = Statement();
  commit_ = Statement();
  rollback_ = Statement();
  // close_v2 waits for statements still alive elsewhere instead of failing with SQLITE_BUSY.
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
}

void Database::exec(std::string_view sql) {
  char* error = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    throw StoreError("exec `" + oneLine(sql) + "`: " + message, rc & 0xff);
  }
}

Statement Database::prepare(std::string_view sql) const { return Statement(db_, sql); }

std::string Database::pragma(std::string_view name) {
  Statement statement = prepare("PRAGMA " + std::string(name));
  if (!statement.step()) throw StoreError("PRAGMA " + std::string(name) + " returned no value");
  return statement.columnText(0);
}

std::int64_t Database::pragmaInt(std::string_view name) {
  Statement statement = prepare("PRAGMA " + std::string(name));
  if (!statement.step()) throw StoreError("PRAGMA " + std::string(name) + " returned no value");
  return statement.columnInt64(0);
}

std::int64_t Database::changes() const { return sqlite3_changes64(db_); }

std::int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

bool Database::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

void Database::setBusyTimeout(int milliseconds) {
  const int rc = sqlite3_busy_timeout(db_, milliseconds);
  if (rc != SQLITE_OK) throw StoreError("busy timeout: " + sqliteMessage(db_, rc), rc & 0xff);
}

void Database::begin() {
  if (!begin_.valid()) begin_ = prepare("BEGIN IMMEDIATE");
  StatementScope scope(begin_);
  scope->run();
}

void Database::commit() {
  if (!commit_.valid()) commit_ = prepare("COMMIT");
  StatementScope scope(commit_);
  scope->run();
}

void Database::rollback() noexcept {
  // SQLite ends the transaction itself after some errors (a full disk, an interrupted write);
  // rolling back again would only fail.
  if (!db_ || autocommit()) return;
  try {
    if (!rollback_.valid()) rollback_ = prepare("ROLLBACK");
    StatementScope scope(rollback_);
    scope->run();
  } catch (const StoreError&) {
    // A failed rollback leaves the transaction to be rolled back when the connection closes or
    // the file is next opened; there is nothing better to do from a destructor.
  }
}

// ---- Transaction ----

Transaction::Transaction(Database& db) : db_(db) { db_.begin(); }

Transaction::~Transaction() {
  if (!done_) db_.rollback();
}

void Transaction::commit() {
  db_.commit();
  done_ = true;
}

}  // namespace otedama::store
