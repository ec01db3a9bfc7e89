// http/routes/index_page.cpp
// The HTML page that boots the Dash renderer: escaped _dash-config, the
// front-end scripts in order, and the app's assets (css in head, js last).
#include "http/routes/routes.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "http/csrf.hpp"
#include "http/responses.hpp"
#include "http/security_headers.hpp"
#include "http/session_cookie.hpp"

namespace dash::http::routes {

namespace {

namespace fs = std::filesystem;

/// Escapes text for HTML element content and attribute values.
std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

/// Percent-encodes a relative URL path, keeping '/' and unreserved bytes.
std::string url_path_encode(std::string_view path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_'
        || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

/// JSON that is safe inside <script>: no '<', '>', '&' or '/' can close it.
std::string script_safe(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      case '/': out += "\\u002f"; break;
      default: out += c;
    }
  }
  return out;
}

/// JavaScript source that cannot close its <script> element early.
std::string script_text(std::string_view js) {
  std::string out;
  out.reserve(js.size());
  for (std::size_t i = 0; i < js.size(); ++i) {
    out += js[i];
    if (js[i] == '<' && i + 1 < js.size() && js[i + 1] == '/')
      out += '\\';
  }
  return out;
}

/// The .css or .js files of the assets folder, relative, sorted by path.
std::vector<std::string> asset_files(const std::string& dir,
                                     std::string_view ext) {
  std::vector<std::string> out;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec))
    return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec))
      continue;
    auto rel = fs::relative(it->path(), dir, ec).generic_string();
    if (ec || rel.empty() || rel.front() == '.'
        || rel.find("/.") != std::string::npos)
      continue;
    if (it->path().extension() == ext)
      out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string config_json(const server_context& ctx) {
  json::object cfg{
    {"url_base_pathname", nullptr},
    {"requests_pathname_prefix", "/"},
    {"serve_locally", true},
    {"ui", false},
    {"props_check", false},
    {"show_undo_redo", false},
    {"suppress_callback_exceptions", false},
    {"update_title", "Updating..."},
    {"children_props", json::object{}},
    {"title", ctx.app->title()},
  };
  if (ctx.settings.csrf) {
    // Where the renderer finds the token (it copies the cookie into the
    // header on every request); these are also its defaults.
    cfg["csrf_token_name"] = std::string{csrf_cookie_name};
    cfg["csrf_header_name"] = std::string{csrf_header_name};
  }
  return script_safe(json::serialize(cfg));
}

/// The origin ("https://cdn.example.com") of an absolute URL, else "".
std::string external_origin(std::string_view url) {
  auto sep = url.find("://");
  if (sep == std::string_view::npos
      || (url.substr(0, sep) != "http" && url.substr(0, sep) != "https"))
    return {};
  return std::string{url.substr(0, url.find_first_of("/?#", sep + 3))};
}

constexpr std::string_view renderer_start = "var renderer = new DashRenderer();";

} // namespace

reply index_page(const server_context& ctx, const request_view& req) {
  std::string page;
  page.reserve(4096);
  page += "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"UTF-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n<title>";
  page += html_escape(ctx.app->title());
  page += "</title>\n<link rel=\"icon\" href=\"/_favicon.ico\">\n";
  for (const auto& href : ctx.app->stylesheets())
    page += "<link rel=\"stylesheet\" href=\"" + html_escape(href) + "\">\n";
  for (const auto& css : asset_files(ctx.assets_dir, ".css"))
    page += "<link rel=\"stylesheet\" href=\"/assets/"
            + html_escape(url_path_encode(css))
            + "\">\n";
  page += "</head>\n<body>\n<div id=\"react-entry-point\">\n"
          "<div class=\"_dash-loading\">Loading...</div>\n</div>\n"
          "<footer>\n<script id=\"_dash-config\" "
          "type=\"application/json\">";
  page += config_json(ctx);
  page += "</script>\n";
  for (const auto& src : ctx.front_end->script_urls())
    page += "<script src=\"/" + html_escape(src) + "\"></script>\n";
  for (const auto& js : asset_files(ctx.assets_dir, ".js"))
    page += "<script src=\"/assets/" + html_escape(url_path_encode(js))
            + "\"></script>\n";
  // Inline clientside functions, after every script (assets included) and
  // before the renderer starts, as Dash places them. "</script" inside the
  // source would end the element: its '/' is escaped, the same in JS.
  std::vector<std::string> hashes;
  for (const auto& js : ctx.app->inline_scripts()) {
    auto text = script_text(js);
    hashes.push_back(csp_hash(text));
    page += "<script>" + text + "</script>\n";
  }
  page += "<script id=\"_dash-renderer\" type=\"application/javascript\">";
  page += renderer_start;
  page += "</script>\n</footer>\n</body>\n</html>\n";
  hashes.push_back(csp_hash(std::string{renderer_start}));
  auto r = html_reply(std::move(page));
  r.header("Cache-Control", "no-cache");
  if (ctx.settings.content_security_policy) {
    std::vector<std::string> origins;
    for (const auto& href : ctx.app->stylesheets()) {
      auto o = external_origin(href);
      if (!o.empty() && std::find(origins.begin(), origins.end(), o)
                          == origins.end())
        origins.push_back(o);
    }
    r.header("Content-Security-Policy",
             content_security_policy(ctx, hashes, origins));
  }
  ensure_session(ctx, req, r);
  ensure_csrf_cookie(ctx, req, r);
  return r;
}

} // namespace dash::http::routes
