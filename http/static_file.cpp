// http/static_file.cpp
// Reading, hashing and compressing files that are served as they are.
#include "http/static_file.hpp"

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include <zlib.h>

#include "http/url.hpp"

namespace dash::http {

namespace {

std::string make_etag(const std::string& bytes) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "\"%zx-%zx\"", bytes.size(),
                std::hash<std::string>{}(bytes));
  return buf;
}

bool compressible(std::string_view type) {
  return type.find("javascript") != std::string_view::npos
         || type.find("json") != std::string_view::npos
         || type.find("text/") == 0 || type.find("svg") != std::string_view::npos;
}

std::shared_ptr<const std::string> gzip(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY)
      != Z_OK)
    return nullptr;
  std::string out;
  out.resize(deflateBound(&zs, in.size()));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END)
    return nullptr;
  return std::make_shared<const std::string>(std::move(out));
}

} // namespace

std::shared_ptr<const static_file>
static_file::read(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::make_shared<const static_file>(
    std::string{mime_type(path.filename().string())}, ss.str());
}

static_file::static_file(std::string content_type, std::string bytes)
  : content_type_(std::move(content_type)),
    bytes_(std::make_shared<const std::string>(std::move(bytes))),
    etag_(make_etag(*bytes_)) {}

std::shared_ptr<const std::string> static_file::gzipped() const {
  std::call_once(gzip_once_, [this] {
    if (bytes_->size() < 1024 || !compressible(content_type_))
      return;
    auto z = gzip(*bytes_);
    if (z && z->size() < bytes_->size())
      gzip_ = std::move(z);
  });
  return gzip_;
}

std::string_view mime_type(std::string_view name) {
  auto dot = name.rfind('.');
  auto ext = dot == std::string_view::npos ? std::string_view{}
                                           : name.substr(dot + 1);
  if (ext == "js" || ext == "mjs")
    return "application/javascript";
  if (ext == "css")
    return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map")
    return "application/json";
  if (ext == "html" || ext == "htm")
    return "text/html; charset=utf-8";
  if (ext == "txt")
    return "text/plain; charset=utf-8";
  if (ext == "svg")
    return "image/svg+xml";
  if (ext == "png")
    return "image/png";
  if (ext == "jpg" || ext == "jpeg")
    return "image/jpeg";
  if (ext == "gif")
    return "image/gif";
  if (ext == "ico")
    return "image/x-icon";
  if (ext == "woff")
    return "font/woff";
  if (ext == "woff2")
    return "font/woff2";
  if (ext == "ttf")
    return "font/ttf";
  return "application/octet-stream";
}

std::string safe_relative_path(std::string_view url_path) {
  std::string decoded;
  decoded.reserve(url_path.size());
  for (std::size_t i = 0; i < url_path.size(); ++i) {
    char c = url_path[i];
    if (c == '%') {
      if (i + 2 >= url_path.size())
        return {};
      int hi = hex_value(url_path[i + 1]);
      int lo = hex_value(url_path[i + 2]);
      if (hi < 0 || lo < 0)
        return {};
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0' || c == '\\')
      return {};
    decoded += c;
  }
  if (decoded.empty())
    return {};
  std::size_t start = 0;
  while (start <= decoded.size()) {
    auto end = decoded.find('/', start);
    if (end == std::string::npos)
      end = decoded.size();
    auto seg = std::string_view{decoded}.substr(start, end - start);
    if (seg.empty() || seg.front() == '.')
      return {};
    start = end + 1;
  }
  return decoded;
}

} // namespace dash::http
