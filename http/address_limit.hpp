// http/address_limit.hpp
// Open connections per client address, so that one address cannot take
// every connection (setting max-connections-per-ip). Used by the listener;
// each session holds the slot it was given until it ends.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace dash::http {

class address_limit : public std::enable_shared_from_this<address_limit> {
public:
  /// A held slot; gives it back when destroyed.
  class slot {
  public:
    slot(std::shared_ptr<address_limit> owner, std::string address);
    ~slot();
    slot(const slot&) = delete;
    slot& operator=(const slot&) = delete;

  private:
    std::shared_ptr<address_limit> owner_;
    std::string address_;
  };

  /// `limit` connections per address at most (0: no limit).
  explicit address_limit(std::size_t limit) : limit_(limit) {}

  /// A slot for `address`, or null when it has `limit` open already.
  std::unique_ptr<slot> acquire(const std::string& address);
  /// Connections open from `address` (for tests).
  std::size_t open(const std::string& address) const;

private:
  void release(const std::string& address);

  std::size_t limit_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;
};

} // namespace dash::http
