// http/address_limit.cpp
// Counting open connections per client address under one mutex (taken
// once per accepted and once per closed connection).
#include "http/address_limit.hpp"

namespace dash::http {

address_limit::slot::slot(std::shared_ptr<address_limit> owner,
                          std::string address)
  : owner_(std::move(owner)), address_(std::move(address)) {}

address_limit::slot::~slot() {
  owner_->release(address_);
}

std::unique_ptr<address_limit::slot>
address_limit::acquire(const std::string& address) {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    auto& n = open_[address];
    if (limit_ != 0 && n >= limit_)
      return nullptr;
    ++n;
  }
  return std::make_unique<slot>(shared_from_this(), address);
}

std::size_t address_limit::open(const std::string& address) const {
  std::lock_guard<std::mutex> guard{mutex_};
  auto i = open_.find(address);
  return i == open_.end() ? 0 : i->second;
}

void address_limit::release(const std::string& address) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto i = open_.find(address);
  if (i != open_.end() && --i->second == 0)
    open_.erase(i);
}

} // namespace dash::http
