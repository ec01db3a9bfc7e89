// actors/sessions/store/disk_store.cpp
// The on-disk session store: one LMDB environment per directory, each value
// prefixed with its expiry. Built by make_disk_store() for the session actors.
#include "actors/sessions/store/session_store.hpp"

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <lmdb.h>

// Why LMDB: a copy-on-write B+tree in one memory-mapped file. A commit
// flips a meta page after the new pages are synced, so after kill -9 (or a
// power cut) the store holds exactly the last committed state: no torn
// values and no recovery step. Readers never block the writer, there is no
// server to run, and Debian ships it (liblmdb-dev).
//
// Record layout: 8 bytes big-endian expiry in milliseconds since the Unix
// epoch (0 = never expires), then the value bytes. Wall-clock time, so an
// expiry keeps its meaning across restarts. Expired records read as absent;
// get() erases them, and every put() also sweeps the next few records of
// the key space (a cursor that wraps around), so sessions that are never
// read again do not fill the map.
//
// LMDB rules that callers must keep: open one directory at most once per
// process at a time (its locks are per process), and never use a store
// across fork(). Transactions last one call, so the calling thread may
// change between calls.

namespace dash::actors::store {

namespace {

constexpr std::size_t header_size = 8;
constexpr int sweep_batch = 16;

std::uint64_t now_ms() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(
    duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count());
}

void write_be64(std::uint64_t x, char* out) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(x & 0xffU);
    x >>= 8;
  }
}

std::uint64_t read_be64(const char* in) {
  std::uint64_t x = 0;
  for (std::size_t i = 0; i < 8; ++i)
    x = (x << 8) | static_cast<unsigned char>(in[i]);
  return x;
}

MDB_val as_val(const std::string& s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};
}

std::string_view as_view(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

bool expired(const MDB_val& record, std::uint64_t now) {
  if (record.mv_size < header_size)
    return false; // corrupt, reported by get(); the sweep leaves it alone
  auto expires = read_be64(static_cast<const char*>(record.mv_data));
  return expires != 0 && expires <= now;
}

struct env_closer {
  void operator()(MDB_env* env) const {
    mdb_env_close(env);
  }
};

/// Aborts the transaction unless it was committed.
class txn_guard {
public:
  explicit txn_guard(MDB_txn* txn) : txn_(txn) {
  }
  txn_guard(const txn_guard&) = delete;
  txn_guard& operator=(const txn_guard&) = delete;
  ~txn_guard() {
    if (txn_ != nullptr)
      mdb_txn_abort(txn_);
  }
  MDB_txn* get() const {
    return txn_;
  }
  /// mdb_txn_commit frees the handle whether or not it succeeds.
  int commit() {
    return mdb_txn_commit(std::exchange(txn_, nullptr));
  }

private:
  MDB_txn* txn_;
};

class cursor_guard {
public:
  explicit cursor_guard(MDB_cursor* cursor) : cursor_(cursor) {
  }
  cursor_guard(const cursor_guard&) = delete;
  cursor_guard& operator=(const cursor_guard&) = delete;
  ~cursor_guard() {
    mdb_cursor_close(cursor_);
  }
  MDB_cursor* get() const {
    return cursor_;
  }

private:
  MDB_cursor* cursor_;
};

class disk_store final : public session_store {
public:
  disk_store(std::string dir, std::size_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {
    if (max_bytes_ == 0)
      throw store_error("disk store at " + dir_ + ": max_bytes must be > 0");
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec)
      throw store_error("disk store at " + dir_
                        + ": cannot create the directory: " + ec.message());
    MDB_env* env = nullptr;
    check("create environment", mdb_env_create(&env));
    env_.reset(env);
    check("set map size", mdb_env_set_mapsize(env, max_bytes_));
    // Default flags: a synchronous fsync per commit, so put() is durable.
    check("open", mdb_env_open(env, dir_.c_str(), 0, 0600));
    int dead = 0; // reader slots left behind by killed processes
    check("clear stale readers", mdb_reader_check(env, &dead));
    txn_guard txn(begin(0, "open"));
    check("open database", mdb_dbi_open(txn.get(), nullptr, 0, &dbi_));
    check("open database", txn.commit());
  }

  std::optional<std::string> get(const std::string& key) override {
    check_key(key);
    {
      txn_guard txn(begin(MDB_RDONLY, "get"));
      MDB_val k = as_val(key);
      MDB_val v{0, nullptr};
      int rc = mdb_get(txn.get(), dbi_, &k, &v);
      if (rc == MDB_NOTFOUND)
        return std::nullopt;
      check("get", rc);
      if (v.mv_size < header_size)
        throw store_error("disk store at " + dir_ + ": a record of "
                          + std::to_string(v.mv_size)
                          + " bytes is corrupt (shorter than its header); "
                            "erase the key or move the directory away");
      if (!expired(v, now_ms()))
        return std::string{as_view(v).substr(header_size)};
    } // ends the read transaction: expired, so erase it in a write one
    erase_if_expired(key);
    return std::nullopt;
  }

  void put(const std::string& key, const std::string& value,
           std::chrono::seconds ttl) override {
    check_key(key);
    std::uint64_t expires = 0;
    if (ttl.count() > 0)
      expires = now_ms() + static_cast<std::uint64_t>(ttl.count()) * 1000U;
    txn_guard txn(begin(0, "put"));
    sweep(txn.get());
    MDB_val k = as_val(key);
    MDB_val v{header_size + value.size(), nullptr};
    check("put", mdb_put(txn.get(), dbi_, &k, &v, MDB_RESERVE));
    auto* out = static_cast<char*>(v.mv_data);
    write_be64(expires, out);
    if (!value.empty())
      std::memcpy(out + header_size, value.data(), value.size());
    check("put", txn.commit());
  }

  void erase(const std::string& key) override {
    check_key(key);
    txn_guard txn(begin(0, "erase"));
    MDB_val k = as_val(key);
    int rc = mdb_del(txn.get(), dbi_, &k, nullptr);
    if (rc == MDB_NOTFOUND)
      return; // nothing changed; the guard aborts
    check("erase", rc);
    check("erase", txn.commit());
  }

  bool ping() override {
    MDB_txn* txn = nullptr;
    if (mdb_txn_begin(env_.get(), nullptr, MDB_RDONLY, &txn) != 0)
      return false;
    mdb_txn_abort(txn);
    return true;
  }

  const char* kind() const override {
    return "disk";
  }

private:
  /// Throws store_error for a non-zero LMDB (or errno) result code, with a
  /// hint on what to do. Keys are never part of the message (session ids).
  void check(const char* what, int rc) const {
    if (rc == 0)
      return;
    std::string msg = "disk store at " + dir_ + ": " + what
                      + " failed: " + mdb_strerror(rc);
    switch (rc) {
      case MDB_MAP_FULL:
        msg += "; the store is full at max_bytes=" + std::to_string(max_bytes_)
               + ": raise max_bytes (setting session-disk-max-mb; existing "
                 "data is kept) or shorten the session lifetime";
        break;
      case MDB_CORRUPTED:
      case MDB_INVALID:
      case MDB_VERSION_MISMATCH:
        msg += "; the files there are not a usable LMDB store: move them "
               "away and restart";
        break;
      case MDB_PANIC:
        msg += "; restart the process to reopen the store";
        break;
      case EACCES:
      case EROFS:
        msg += "; make the directory writable by this process";
        break;
      case ENOSPC:
        msg += "; free disk space";
        break;
      default:
        break;
    }
    throw store_error(msg);
  }

  void check_key(const std::string& key) const {
    auto max = static_cast<std::size_t>(mdb_env_get_maxkeysize(env_.get()));
    if (key.empty() || key.size() > max)
      throw store_error("disk store at " + dir_ + ": a key of "
                        + std::to_string(key.size())
                        + " bytes is not allowed (LMDB keys have 1 to "
                        + std::to_string(max) + " bytes)");
  }

  MDB_txn* begin(unsigned flags, const char* what) {
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(env_.get(), nullptr, flags, &txn);
    if (rc == MDB_MAP_RESIZED) {
      // Another process grew the map: adopt its size and try again.
      check(what, mdb_env_set_mapsize(env_.get(), 0));
      rc = mdb_txn_begin(env_.get(), nullptr, flags, &txn);
    }
    check(what, rc);
    return txn;
  }

  /// Deletes `key` if its record is still expired. Best effort: get() has
  /// its answer already, and a failure here leaves the record to the sweep.
  void erase_if_expired(const std::string& key) noexcept {
    MDB_txn* raw = nullptr;
    if (mdb_txn_begin(env_.get(), nullptr, 0, &raw) != 0)
      return;
    txn_guard txn(raw);
    MDB_val k = as_val(key);
    MDB_val v{0, nullptr};
    if (mdb_get(txn.get(), dbi_, &k, &v) != 0 || !expired(v, now_ms()))
      return;
    if (mdb_del(txn.get(), dbi_, &k, nullptr) == 0)
      txn.commit();
  }

  /// Deletes the expired records among the next sweep_batch ones after
  /// sweep_from_, inside the caller's write transaction.
  void sweep(MDB_txn* txn) {
    MDB_cursor* raw = nullptr;
    check("put (sweep)", mdb_cursor_open(txn, dbi_, &raw));
    cursor_guard cursor(raw);
    MDB_val k{0, nullptr};
    MDB_val v{0, nullptr};
    int rc = 0;
    if (sweep_from_.empty()) {
      rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_FIRST);
    } else {
      k = as_val(sweep_from_);
      rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_SET_RANGE);
    }
    auto now = now_ms();
    for (int n = 0; rc == 0 && n < sweep_batch; ++n) {
      if (expired(v, now))
        check("put (sweep)", mdb_cursor_del(cursor.get(), 0));
      // After a delete, MDB_NEXT yields the record that followed it.
      rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_NEXT);
    }
    if (rc == MDB_NOTFOUND) {
      sweep_from_.clear(); // wrap around next time
      return;
    }
    check("put (sweep)", rc);
    sweep_from_.assign(as_view(k));
  }

  std::string dir_;
  std::size_t max_bytes_;
  std::unique_ptr<MDB_env, env_closer> env_;
  MDB_dbi dbi_ = 0;
  std::string sweep_from_; ///< first key of the next sweep; empty = start
};

} // namespace

std::unique_ptr<session_store> make_disk_store(const std::string& dir,
                                               std::size_t max_bytes) {
  return std::make_unique<disk_store>(dir, max_bytes);
}

} // namespace dash::actors::store
