// tests/http/static_file_test.cpp
// Unit tests for http/static_file: MIME types, ETags, gzip copies, reading
// files, and the checks on relative URL paths.
#include "http/static_file.hpp"

#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>
#include <zlib.h>

#include "tests/http/http_test_kit.hpp"

using dash::http::mime_type;
using dash::http::safe_relative_path;
using dash::http::static_file;
using dash::http::test::temp_folder;

namespace {

/// Decompresses a gzip stream; "" when it is not one.
std::string gunzip(const std::string& z) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK)
    return {};
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.data()));
  zs.avail_in = static_cast<uInt>(z.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string{};
}

std::string big_script() {
  std::string js;
  for (int i = 0; i < 500; ++i)
    js += "function f" + std::to_string(i) + "() { return " + std::to_string(i)
          + "; }\n";
  return js;
}

} // namespace

TEST_CASE("safe_relative_path accepts plain relative paths", "[http][unit]") {
  CHECK(safe_relative_path("css/app.css") == "css/app.css");
  CHECK(safe_relative_path("app.css") == "app.css");
  CHECK(safe_relative_path("a/b/c-d_e.min.js") == "a/b/c-d_e.min.js");
  CHECK(safe_relative_path("dir.v1/file") == "dir.v1/file");
}

TEST_CASE("safe_relative_path percent-decodes", "[http][unit]") {
  CHECK(safe_relative_path("my%20file.css") == "my file.css");
  CHECK(safe_relative_path("%41%62c") == "Abc");
  CHECK(safe_relative_path("a%2Fb") == "a/b");
}

TEST_CASE("safe_relative_path rejects traversal and hidden names",
          "[http][unit]") {
  for (const char* bad :
       {"..", "../x", "a/../b", "a/..", "%2e%2e", "%2E%2E/x", "a/%2e%2e/b", ".",
        "./a", "a/./b", ".hidden", "a/.git/config", "a//b", "/etc/passwd", "a/",
        "", "a%2f..%2fb"}) {
    CAPTURE(bad);
    CHECK(safe_relative_path(bad).empty());
  }
}

TEST_CASE("safe_relative_path rejects backslashes, NUL and bad escapes",
          "[http][unit]") {
  for (const char* bad : {"a\\b", "..\\x", "a%5cb", "%5C", "a%00b", "%00", "%",
                          "a%", "a%2", "%zz", "%g0", "%0g", "a%%41"}) {
    CAPTURE(bad);
    CHECK(safe_relative_path(bad).empty());
  }
  CHECK(safe_relative_path(std::string_view{"a\0b", 3}).empty());
}

TEST_CASE("mime_type by extension", "[http][unit]") {
  CHECK(mime_type("a.js") == "application/javascript");
  CHECK(mime_type("a.mjs") == "application/javascript");
  CHECK(mime_type("a.css") == "text/css; charset=utf-8");
  CHECK(mime_type("a.json") == "application/json");
  CHECK(mime_type("a.js.map") == "application/json");
  CHECK(mime_type("index.html") == "text/html; charset=utf-8");
  CHECK(mime_type("logo.svg") == "image/svg+xml");
  CHECK(mime_type("logo.png") == "image/png");
  CHECK(mime_type("photo.jpeg") == "image/jpeg");
  CHECK(mime_type("favicon.ico") == "image/x-icon");
  CHECK(mime_type("font.woff2") == "font/woff2");
  CHECK(mime_type("README") == "application/octet-stream");
  CHECK(mime_type("archive.tar.gz") == "application/octet-stream");
}

TEST_CASE("an ETag is quoted and changes with the content", "[http][unit]") {
  static_file a{"text/plain", "hello"};
  static_file b{"text/plain", "hellp"};
  static_file a2{"text/css", "hello"};
  CHECK(a.etag().size() > 2);
  CHECK(a.etag().front() == '"');
  CHECK(a.etag().back() == '"');
  CHECK(a.etag() != b.etag());
  CHECK(a.etag() == a2.etag());
}

TEST_CASE("a large script gets a gzip copy that inflates to it",
          "[http][unit]") {
  auto js = big_script();
  static_file f{"application/javascript", js};
  auto z = f.gzipped();
  REQUIRE(z != nullptr);
  CHECK(z->size() < js.size());
  CHECK(gunzip(*z) == js);
  CHECK(f.gzipped() == z); // computed once
}

TEST_CASE("small or incompressible files have no gzip copy", "[http][unit]") {
  CHECK(static_file{"application/javascript", "var a = 1;"}.gzipped()
        == nullptr);
  CHECK(static_file{"image/png", std::string(4096, 'x')}.gzipped() == nullptr);
}

TEST_CASE("read loads a file with its MIME type", "[http][unit]") {
  temp_folder dir;
  auto p = dir.write("style.css", "h1 { margin: 0 }");
  auto f = static_file::read(p);
  CHECK(f->content_type() == "text/css; charset=utf-8");
  CHECK(*f->bytes() == "h1 { margin: 0 }");
  CHECK_THROWS_WITH(static_file::read(dir.path() / "missing.js"),
                    Catch::Matchers::Contains("missing.js"));
}
