// config/flag.hpp
// dash::flag<T>: a command-line option an app declares (name, typed default,
// help) and reads typed after dash::serve parsed it. Header-only.
#pragma once

#include <chrono>
#include <cstddef>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "config/settings.hpp"

namespace dash::config {

namespace detail {

/// Text <-> value for the types a flag may have: bool, integers, double,
/// std::string and std::chrono durations (written as a count).
template <class T>
T flag_from_text(const std::string& name, const std::string& text) {
  auto bad = [&](const char* what) {
    return std::invalid_argument("option --" + name + " must be " + what
                                 + ", got '" + text + "'");
  };
  if constexpr (std::is_same_v<T, std::string>) {
    return text;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (text == "true" || text == "1" || text == "yes" || text == "on")
      return true;
    if (text == "false" || text == "0" || text == "no" || text == "off")
      return false;
    throw bad("true or false");
  } else if constexpr (std::is_integral_v<T> || std::is_floating_point_v<T>) {
    const char* kind = std::is_integral_v<T> ? "an integer" : "a number";
    long double v = 0;
    std::size_t used = 0;
    try {
      if constexpr (std::is_integral_v<T>)
        v = static_cast<long double>(std::stoll(text, &used));
      else
        v = std::stold(text, &used);
    } catch (const std::exception&) {
      throw bad(kind);
    }
    if (used != text.size())
      throw bad(kind);
    if constexpr (std::is_integral_v<T>)
      if (v < static_cast<long double>(std::numeric_limits<T>::min())
          || v > static_cast<long double>(std::numeric_limits<T>::max()))
        throw bad("an integer in range");
    return static_cast<T>(v);
  } else {
    // std::chrono::duration: a count of its own unit (`--delay-ms 1000`).
    return T{flag_from_text<typename T::rep>(name, text)};
  }
}

template <class T>
std::string flag_to_text(const T& v) {
  if constexpr (std::is_same_v<T, std::string>)
    return v;
  else if constexpr (std::is_same_v<T, bool>)
    return v ? "true" : "false";
  else if constexpr (std::is_arithmetic_v<T>)
    return std::to_string(v);
  else
    return std::to_string(v.count());
}

/// What a flag of any type shares with serve(): its option and a setter.
struct flag_state {
  virtual ~flag_state() = default;
  option declared;
  /// Reads the parsed text; throws std::invalid_argument naming the flag.
  virtual void set(const std::string& text) = 0;
};

template <class T>
struct typed_flag_state final : flag_state {
  T value;
  void set(const std::string& text) override {
    value = flag_from_text<T>(declared.name, text);
  }
};

} // namespace detail

template <class T>
class flag;

/// A flag of any type, as dash::serve takes them (`{delay, log_file}`).
class flag_ref {
public:
  /// Implicit, so that a braced list of flags of mixed types converts.
  template <class T>
  flag_ref(const flag<T>& f); // NOLINT(google-explicit-constructor)

  const option& declared() const {
    return state_->declared;
  }
  /// Throws std::invalid_argument naming the flag on a bad value.
  void set(const std::string& text) const {
    state_->set(text);
  }

private:
  std::shared_ptr<detail::flag_state> state_;
};

/// An app's own command-line option, e.g.
/// `dash::flag<std::chrono::milliseconds> delay{"delay-ms", 1000ms, "..."}`.
/// It also reads `DASH_DELAY_MS` and `delay-ms = ...` in `--config`; --help
/// lists it. Copies share the value: a callback may capture one by value
/// and read `*delay` when it runs. The value is the default until
/// dash::serve has parsed the command line (before any callback runs).
template <class T>
class flag {
public:
  flag(std::string name, T default_value, std::string help)
    : state_(std::make_shared<detail::typed_flag_state<T>>()) {
    state_->declared = option{std::move(name),
                              detail::flag_to_text(default_value),
                              std::move(help)};
    state_->value = std::move(default_value);
  }

  const T& value() const {
    return state_->value;
  }
  const T& operator*() const {
    return state_->value;
  }
  const T* operator->() const {
    return &state_->value;
  }
  const std::string& name() const {
    return state_->declared.name;
  }

private:
  friend class flag_ref;
  std::shared_ptr<detail::typed_flag_state<T>> state_;
};

template <class T>
flag_ref::flag_ref(const flag<T>& f) : state_(f.state_) {}

} // namespace dash::config
