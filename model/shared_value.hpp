// model/shared_value.hpp
// A shared, immutable value of any type that remembers its type: what a
// memoized function returns travels through the cache as one of these,
// and reading it as another type is an error with a message, never a
// blind cast.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <utility>

namespace dash::model {

class shared_value {
public:
  shared_value() = default;

  /// Shares `value` (may be null: an empty shared_value).
  template <class T>
  static shared_value of(std::shared_ptr<const T> value) {
    shared_value v;
    if (value) {
      v.type_ = &typeid(T);
      v.ptr_ = std::move(value);
    }
    return v;
  }

  /// The value as a `T`; null when empty. Throws std::logic_error when it
  /// holds another type.
  template <class T>
  std::shared_ptr<const T> as() const {
    if (!ptr_)
      return nullptr;
    if (*type_ != typeid(T))
      throw std::logic_error(std::string{"a shared value of type "}
                             + type_->name() + " was read as "
                             + typeid(T).name());
    return std::static_pointer_cast<const T>(ptr_);
  }

  /// Whether it holds a `T`.
  template <class T>
  bool holds() const {
    return ptr_ && *type_ == typeid(T);
  }

  /// Where the value lives: equal for two handles of the same value.
  const void* address() const {
    return ptr_.get();
  }

  explicit operator bool() const {
    return ptr_ != nullptr;
  }

private:
  std::shared_ptr<const void> ptr_;
  const std::type_info* type_ = nullptr;
};

} // namespace dash::model
