// actors/cluster/openssl_error_queue.hpp
// CAF 0.17's TLS sessions read OpenSSL's per-thread error queue without
// ever clearing it, so one peer's failed handshake made the next healthy
// read on the same middleman thread look fatal and dropped a member's link.
// This file's SSL I/O wrappers clear the queue before each call.
#pragma once

namespace dash::actors {

/// Whether the wrappers are the SSL_read/SSL_write/SSL_accept/SSL_connect
/// that libcaf_openssl calls (they are when this program links them in;
/// calling this makes sure it does).
bool openssl_error_queue_guarded();

} // namespace dash::actors
