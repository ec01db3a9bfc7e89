// http/shared_body.hpp
// A Beast body that sends an immutable, shared byte string without copying
// it, so a 5 MB script is served to every client from one buffer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/optional.hpp>
#include <boost/beast/http/message.hpp>

namespace dash::http {

struct shared_body {
  using value_type = std::shared_ptr<const std::string>;

  static std::uint64_t size(const value_type& v) {
    return v ? v->size() : 0;
  }

  class writer {
  public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(const boost::beast::http::header<isRequest, Fields>&,
           const value_type& body)
      : body_(body) {}

    void init(boost::system::error_code& ec) {
      ec = {};
    }

    boost::optional<std::pair<const_buffers_type, bool>>
    get(boost::system::error_code& ec) {
      ec = {};
      if (!body_ || body_->empty())
        return boost::none;
      return std::make_pair(
        const_buffers_type{body_->data(), body_->size()}, false);
    }

  private:
    const value_type& body_;
  };
};

} // namespace dash::http
