// http/security_headers.cpp
// Header values from the settings; SHA-256 and base64 from OpenSSL.
#include "http/security_headers.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace dash::http {

namespace {

bool has(const reply& r, std::string_view name) {
  return std::any_of(r.headers.begin(), r.headers.end(), [&](const auto& h) {
    return h.first.size() == name.size()
           && std::equal(h.first.begin(), h.first.end(), name.begin(),
                         [](char a, char b) {
                           return std::tolower(static_cast<unsigned char>(a))
                                  == std::tolower(
                                    static_cast<unsigned char>(b));
                         });
  });
}

} // namespace

void add_security_headers(const server_context& ctx, reply& r, bool https) {
  if (!has(r, "X-Content-Type-Options"))
    r.header("X-Content-Type-Options", "nosniff");
  if (!has(r, "Referrer-Policy") && !ctx.settings.referrer_policy.empty())
    r.header("Referrer-Policy", ctx.settings.referrer_policy);
  if (https && ctx.settings.hsts_max_age_s > 0
      && !has(r, "Strict-Transport-Security"))
    r.header("Strict-Transport-Security",
             "max-age=" + std::to_string(ctx.settings.hsts_max_age_s));
  if (r.content_type.rfind("text/html", 0) == 0
      && !has(r, "X-Frame-Options")) {
    // For browsers without CSP frame-ancestors.
    if (ctx.settings.frame_ancestors == "'self'")
      r.header("X-Frame-Options", "SAMEORIGIN");
    else if (ctx.settings.frame_ancestors == "'none'")
      r.header("X-Frame-Options", "DENY");
  }
}

std::string csp_hash(const std::string& script) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(script.data()), script.size(),
         digest);
  unsigned char text[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
  EVP_EncodeBlock(text, digest, SHA256_DIGEST_LENGTH);
  return "'sha256-" + std::string{reinterpret_cast<char*>(text)} + "'";
}

std::string content_security_policy(const server_context& ctx,
                                    const std::vector<std::string>& hashes,
                                    const std::vector<std::string>& origins) {
  std::string extra;
  for (const auto& o : origins)
    extra += " " + o;
  std::string scripts = "'self'" + extra;
  for (const auto& h : hashes)
    scripts += " " + h;
  std::string csp = "default-src 'self'; script-src " + scripts
                    + "; style-src 'self' 'unsafe-inline'" + extra
                    + "; img-src 'self' data: blob:; font-src 'self' data:"
                    + extra
                    + "; connect-src 'self'; object-src 'none'; "
                      "base-uri 'self'; form-action 'self'";
  if (!ctx.settings.frame_ancestors.empty())
    csp += "; frame-ancestors " + ctx.settings.frame_ancestors;
  return csp;
}

} // namespace dash::http
