// actors/sessions/session_ids.cpp
// OpenSSL's RAND_bytes and HMAC-SHA256 with base64url text encoding.
#include "actors/sessions/session_ids.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace dash::actors {

namespace {

constexpr std::size_t random_bytes = 16;   // 128 bits
constexpr std::size_t random_chars = 22;   // base64url, no padding
constexpr std::size_t signature_chars = 43; // 32 bytes

std::string random_string(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()),
                 static_cast<int>(n))
      != 1)
    throw std::runtime_error("the system's random number source failed");
  return out;
}

std::string base64url(std::string_view bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
                                     "opqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(bytes[k]);
  };
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    unsigned v = byte(i) << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
  }
  return out;
}

bool is_base64url(std::string_view s) {
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

} // namespace

session_ids::session_ids(std::string secret) : secret_(std::move(secret)) {
  if (secret_.size() < 32)
    throw std::invalid_argument("the session secret must hold at least 32 "
                                "bytes");
}

session_ids::session_ids(std::string secret, std::string previous,
                         clock::time_point until)
  : session_ids(std::move(secret)) {
  if (previous.size() < 32)
    throw std::invalid_argument("the previous session secret must hold at "
                                "least 32 bytes");
  previous_ = std::move(previous);
  previous_until_ = until;
}

session_ids session_ids::from_files(const std::string& path,
                                    const std::string& previous_path,
                                    std::chrono::seconds grace) {
  auto current = from_file(path);
  if (previous_path.empty())
    return current;
  std::ifstream in{previous_path, std::ios::binary};
  if (!in)
    throw std::runtime_error("cannot read the previous session secret file '"
                             + previous_path
                             + "' (setting session-secret-previous-file)");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (ss.str().size() < 32)
    throw std::runtime_error("the previous session secret file '"
                             + previous_path
                             + "' holds less than 32 bytes");
  return session_ids{std::move(current.secret_), ss.str(),
                     clock::now() + grace};
}

session_ids session_ids::from_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (in) {
    std::ostringstream ss;
    ss << in.rdbuf();
    return session_ids{ss.str()};
  }
  auto secret = random_string(32);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw std::runtime_error("cannot create the session secret file '" + path
                             + "'; set session-secret-file to a writable "
                               "path");
  auto written = ::write(fd, secret.data(), secret.size());
  ::fsync(fd);
  ::close(fd);
  if (written != static_cast<ssize_t>(secret.size()))
    throw std::runtime_error("cannot write the session secret file '" + path
                             + "'");
  return session_ids{std::move(secret)};
}

std::string session_ids::sign(const std::string& secret,
                              std::string_view random_part) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(random_part.data()),
       random_part.size(), mac.data(), &len);
  return base64url(
    std::string_view{reinterpret_cast<const char*>(mac.data()), len});
}

std::string session_ids::issue() const {
  auto random_part = base64url(random_string(random_bytes));
  return random_part + "." + sign(secret_, random_part);
}

bool session_ids::verify(std::string_view id) const {
  return verify_at(id, clock::now());
}

bool session_ids::verify_at(std::string_view id, clock::time_point now) const {
  if (id.size() != random_chars + 1 + signature_chars
      || id[random_chars] != '.')
    return false;
  auto random_part = id.substr(0, random_chars);
  auto signature = id.substr(random_chars + 1);
  if (!is_base64url(random_part) || !is_base64url(signature))
    return false;
  auto matches = [&](const std::string& secret) {
    auto expected = sign(secret, random_part);
    return expected.size() == signature.size()
           && CRYPTO_memcmp(expected.data(), signature.data(),
                            expected.size())
                == 0;
  };
  if (matches(secret_))
    return true;
  return !previous_.empty() && now < previous_until_ && matches(previous_);
}

std::string session_ids::shorten(std::string_view id) {
  return std::string{id.substr(0, 6)} + "…";
}

} // namespace dash::actors
