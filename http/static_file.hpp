// http/static_file.hpp
// An immutable file held in memory for serving: bytes, MIME type, ETag and
// a gzip copy made on first demand. Used for the front end and assets.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace dash::http {

class static_file {
public:
  /// Reads `path`; throws std::runtime_error naming the file on failure.
  static std::shared_ptr<const static_file>
  read(const std::filesystem::path& path);

  static_file(std::string content_type, std::string bytes);

  const std::string& content_type() const {
    return content_type_;
  }
  const std::shared_ptr<const std::string>& bytes() const {
    return bytes_;
  }
  const std::string& etag() const {
    return etag_;
  }
  /// The gzip encoding, computed once on first use; null when compressing
  /// does not pay (small or already compressed files).
  std::shared_ptr<const std::string> gzipped() const;

private:
  std::string content_type_;
  std::shared_ptr<const std::string> bytes_;
  std::string etag_;
  mutable std::once_flag gzip_once_;
  mutable std::shared_ptr<const std::string> gzip_;
};

/// The MIME type for a file name, by extension.
std::string_view mime_type(std::string_view name);

/// Percent-decodes and checks a relative URL path ("a/b.css"). Returns ""
/// when it could escape its root or name a hidden file: any segment that is
/// empty, ".", "..", starts with '.', or holds '\\' or NUL.
std::string safe_relative_path(std::string_view url_path);

} // namespace dash::http
