// Small RAII wrappers over the sqlite3 C API for the store: a connection, prepared statements with
// typed bind/column helpers, and a transaction guard. Every failure becomes a StoreError that
// names the operation and carries SQLite's own message. <sqlite3.h> stays out of this header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace otedama::store {

class StoreError : public std::runtime_error {
 public:
  explicit StoreError(const std::string& what, int sqliteCode = 0)
      : std::runtime_error(what), sqliteCode_(sqliteCode) {}

  // SQLite's primary result code (SQLITE_CORRUPT, SQLITE_FULL, ...), 0 for errors found by the
  // store itself. Lets callers tell a damaged file from a full disk without parsing text.
  int sqliteCode() const { return sqliteCode_; }

 private:
  int sqliteCode_ = 0;
};

// A prepared statement. Parameters and columns are numbered as SQLite numbers them: parameters from
// 1, columns from 0. Text and blobs are copied when bound, so the caller's buffers may go away
// before step().
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bindInt64(int index, std::int64_t value);
  // Refuses values above INT64_MAX: SQLite integers are signed 64-bit.
  Statement& bindUint64(int index, std::uint64_t value);
  Statement& bindDouble(int index, double value);
  Statement& bindText(int index, std::string_view value);
  Statement& bindBlob(int index, ByteSpan value);
  Statement& bindNull(int index);

  // True when a row is ready to be read, false when the statement has finished.
  bool step();
  // Steps a statement that returns no rows (INSERT, UPDATE, DELETE, most PRAGMAs) to the end.
  void run();
  // Makes the statement ready to run again and clears its parameters. Never throws: SQLite repeats
  // the last step's error here, which step() already reported.
  void reset() noexcept;

  bool columnIsNull(int column) const;
  std::int64_t columnInt64(int column) const;
  // Refuses negative values (they can only come from a damaged or foreign database).
  std::uint64_t columnUint64(int column) const;
  double columnDouble(int column) const;
  std::string columnText(int column) const;
  Bytes columnBlob(int column) const;
  // Refuses a blob that is not exactly 32 bytes.
  Hash32 columnHash(int column) const;

  bool valid() const { return statement_ != nullptr; }
  // The statement's SQL, shortened to one line, for error messages.
  std::string describe() const;

 private:
  [[noreturn]] void fail(int rc, std::string_view operation) const;
  void check(int rc, std::string_view operation) const;

  sqlite3_stmt* statement_ = nullptr;
};

// Resets a cached statement when it goes out of scope, even when an exception leaves early. An
// unreset SELECT keeps its read transaction open, which in WAL mode stops checkpoints from
// reclaiming the log, and a stale binding could leak into the next use.
class StatementScope {
 public:
  explicit StatementScope(Statement& statement) : statement_(statement) {}
  ~StatementScope() { statement_.reset(); }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;

  Statement* operator->() { return &statement_; }
  Statement& operator*() { return statement_; }

 private:
  Statement& statement_;
};

// One connection. Not thread-safe: it is opened without SQLite's per-connection mutex, so one
// thread at a time may use it and the statements prepared on it.
class Database {
 public:
  Database() = default;
  // Opens read-write, creating the file when it does not exist (the folder must exist).
  explicit Database(const std::filesystem::path& file);
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements without results (schema scripts). Not for hot paths: the SQL is
  // compiled on every call.
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) const;

  // The single value of a pragma query ("journal_mode", "user_version", ...), as text.
  std::string pragma(std::string_view name);
  std::int64_t pragmaInt(std::string_view name);

  // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  std::int64_t changes() const;
  std::int64_t lastInsertRowId() const;
  // False while a transaction is open.
  bool autocommit() const;
  void setBusyTimeout(int milliseconds);

  const std::filesystem::path& file() const { return file_; }
  sqlite3* handle() const { return db_; }

  // BEGIN IMMEDIATE / COMMIT / ROLLBACK on statements compiled once per connection.
  void begin();
  void commit();
  void rollback() noexcept;

 private:
  void close() noexcept;

  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
  Statement begin_, commit_, rollback_;
};

// Opens a write transaction (BEGIN IMMEDIATE: the write lock is taken at once, so a busy database
// fails here rather than halfway through) and rolls it back on destruction unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace otedama::store
