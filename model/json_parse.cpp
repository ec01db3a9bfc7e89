// model/json_parse.cpp
// `parse_exact`: Boost.JSON's parser in one pass, with every double read
// from its own digits (Boost.JSON 1.81 can be one unit in the last place
// off), so a value serialized and parsed again is the same value.
#include "model/json.hpp"

#include <charconv>
#include <cstddef>
#include <string>

#include <boost/json/basic_parser_impl.hpp>

namespace dash::model {

namespace {

/// Builds the value as Boost.JSON's own parser does (a value_stack), but
/// takes each double from the nearest-value conversion of its text.
class exact_handler {
public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  exact_handler() {
    stack_.reset();
  }

  json::value release() {
    return stack_.release();
  }

  bool on_document_begin(boost::system::error_code&) {
    return true;
  }
  bool on_document_end(boost::system::error_code&) {
    return true;
  }
  bool on_array_begin(boost::system::error_code&) {
    return true;
  }
  bool on_array_end(std::size_t n, boost::system::error_code&) {
    stack_.push_array(n);
    return true;
  }
  bool on_object_begin(boost::system::error_code&) {
    return true;
  }
  bool on_object_end(std::size_t n, boost::system::error_code&) {
    stack_.push_object(n);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t,
                      boost::system::error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t,
                 boost::system::error_code&) {
    stack_.push_string(s);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t,
                   boost::system::error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, boost::system::error_code&) {
    stack_.push_key(s);
    return true;
  }
  bool on_number_part(json::string_view s, boost::system::error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view,
                boost::system::error_code&) {
    number_.clear();
    stack_.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view,
                 boost::system::error_code&) {
    number_.clear();
    stack_.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view s, boost::system::error_code&) {
    // The digits come in parts when the input is split; here it is one
    // buffer, so usually `s` is all of them.
    std::string_view text{s.data(), s.size()};
    if (!number_.empty()) {
      number_.append(s.data(), s.size());
      text = number_;
    }
    double exact = 0;
    auto [end, err] = std::from_chars(text.data(), text.data() + text.size(),
                                      exact);
    if (err == std::errc{} && end == text.data() + text.size())
      d = exact;
    number_.clear();
    stack_.push_double(d);
    return true;
  }
  bool on_bool(bool b, boost::system::error_code&) {
    stack_.push_bool(b);
    return true;
  }
  bool on_null(boost::system::error_code&) {
    stack_.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, boost::system::error_code&) {
    return true;
  }
  bool on_comment(json::string_view, boost::system::error_code&) {
    return true;
  }

private:
  json::value_stack stack_;
  std::string number_;
};

} // namespace

json::value parse_exact(std::string_view text) {
  boost::system::error_code ec;
  auto v = parse_exact(text, ec);
  if (ec)
    throw boost::system::system_error(ec);
  return v;
}

json::value parse_exact(std::string_view text,
                        boost::system::error_code& ec) {
  json::basic_parser<exact_handler> parser{json::parse_options{}};
  auto used = parser.write_some(false, text.data(), text.size(), ec);
  if (ec)
    return nullptr;
  if (used != text.size()) {
    ec = json::error::extra_data;
    return nullptr;
  }
  return parser.handler().release();
}

} // namespace dash::model
