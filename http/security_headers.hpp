// http/security_headers.hpp
// The security headers of every answer (nosniff, Referrer-Policy, frame
// policy) and the page's Content-Security-Policy, which allows its inline
// scripts by hash. Used by the session (every reply) and the index page.
#pragma once

#include <string>
#include <vector>

#include "http/exchange.hpp"
#include "http/server_context.hpp"

namespace dash::http {

/// Adds X-Content-Type-Options, Referrer-Policy, to HTML answers
/// X-Frame-Options when frame-ancestors is 'self' or 'none', and to `https`
/// answers Strict-Transport-Security (setting hsts-max-age-s). Headers the
/// reply already has are left as they are.
void add_security_headers(const server_context& ctx, reply& r, bool https);

/// "'sha256-<base64>'": the CSP source that allows the inline script whose
/// text (between <script> and </script>) is `script`.
std::string csp_hash(const std::string& script);

/// The page's Content-Security-Policy: scripts from this origin and the
/// inline scripts of `hashes` only, styles from here (inline styles too:
/// plotly.js and React write them), connections to here, and
/// frame-ancestors from the settings. `origins` are external stylesheet
/// or script origins the app links to.
std::string content_security_policy(const server_context& ctx,
                                    const std::vector<std::string>& hashes,
                                    const std::vector<std::string>& origins);

} // namespace dash::http
