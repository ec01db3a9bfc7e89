// bench/bare_server.cpp
// Baseline for bench/run.sh: a bare async Beast server answering the trivial
// Dash callback with fixed bytes and no actors. Not part of dashcpp itself.

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::string_view update_target = "/_dash-update-component";
constexpr std::string_view update_answer =
  R"({"multi":true,"response":{"out":{"children":"x"}}})";
constexpr std::uint64_t body_limit = 64 * 1024;
constexpr auto idle_timeout = std::chrono::seconds(30);

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// The whole application: fixed JSON for the update route, 404 for the rest.
response answer(const request& req) {
  const bool is_update = req.method() == http::verb::post
                         && req.target() == update_target;
  response res{is_update ? http::status::ok : http::status::not_found,
               req.version()};
  if (is_update) {
    res.set(http::field::content_type, "application/json");
    res.body() = update_answer;
  }
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

void fail(beast::error_code ec, const char* where) {
  std::fprintf(stderr, "error where=%s what=%s\n", where, ec.message().c_str());
}

// A completion handler calling member on self, keeping self alive.
template <class Self, class Member>
auto bind_self(Self* self, Member member) {
  return beast::bind_front_handler(member, self->shared_from_this());
}

// One connection: read a request, write its answer, repeat until close.
class session : public std::enable_shared_from_this<session> {
public:
  explicit session(tcp::socket&& socket) : stream_(std::move(socket)) {}

  void run() {
    net::dispatch(stream_.get_executor(), bind_self(this, &session::do_read));
  }

private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(body_limit);
    stream_.expires_after(idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     bind_self(this, &session::on_read));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream
        || ec == net::error::connection_reset)
      return do_close();
    if (ec)
      return fail(ec, "read");
    res_ = answer(parser_->get());
    do_write();
  }

  void do_write() {
    http::async_write(stream_, res_, bind_self(this, &session::on_write));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec)
      return fail(ec, "write");
    if (!res_.keep_alive())
      return do_close();
    do_read();
  }

  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  response res_;
};

// Accepts connections, each on a strand of its own.
class listener : public std::enable_shared_from_this<listener> {
public:
  explicit listener(net::io_context& ioc)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)) {}

  // Listens on 127.0.0.1 and starts accepting; returns the bound port.
  unsigned short listen(unsigned short port, beast::error_code& ec) {
    const tcp::endpoint endpoint{net::ip::address_v4::loopback(), port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec)
      acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
      acceptor_.bind(endpoint, ec);
    if (!ec)
      acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
      return 0;
    do_accept();
    return acceptor_.local_endpoint(ec).port();
  }

private:
  void do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           bind_self(this, &listener::on_accept));
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted)
      return;
    if (ec)
      fail(ec, "accept");
    else
      std::make_shared<session>(std::move(socket))->run();
    do_accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
};

// A whole decimal argument within [lo, hi], or nullopt.
std::optional<long> parse_arg(std::string_view text, long lo, long hi) {
  long value = 0;
  const char* last = text.data() + text.size();
  const auto [end, err] = std::from_chars(text.data(), last, value);
  if (err != std::errc{} || end != last || value < lo || value > hi)
    return std::nullopt;
  return value;
}

} // namespace

int main(int argc, char** argv) {
  using namespace std::literals;
  const bool shaped = argc == 5 && argv[1] == "--port"sv
                      && argv[3] == "--io-threads"sv;
  const auto port = shaped ? parse_arg(argv[2], 0, 65535) : std::nullopt;
  const auto io_threads = shaped ? parse_arg(argv[4], 1, 256) : std::nullopt;
  if (!port || !io_threads) {
    std::fprintf(stderr, "usage: %s --port P --io-threads N\n", argv[0]);
    return 2;
  }
  net::io_context ioc{static_cast<int>(*io_threads)};
  auto lst = std::make_shared<listener>(ioc);
  beast::error_code ec;
  const auto bound = lst->listen(static_cast<unsigned short>(*port), ec);
  if (ec) {
    fail(ec, "listen");
    return 1;
  }
  net::signal_set signals{ioc, SIGINT, SIGTERM};
  signals.async_wait([&ioc](beast::error_code, int) { ioc.stop(); });
  std::fprintf(stderr, "listening on http://127.0.0.1:%u\n", unsigned{bound});
  std::vector<std::thread> threads;
  for (long i = 1; i < *io_threads; ++i)
    threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads)
    t.join();
  return 0;
}
