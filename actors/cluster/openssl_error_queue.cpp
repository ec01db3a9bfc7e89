// actors/cluster/openssl_error_queue.cpp
// OpenSSL's rule: "the current thread's error queue must be empty before
// the TLS/SSL I/O operation is attempted, or SSL_get_error() will not work
// reliably". libcaf_openssl does not keep it (a refused handshake leaves
// its errors queued; see openssl_error_queue.hpp), so the program defines
// these four functions itself, which the dynamic linker then binds in
// place of libssl's for every caller: each clears the queue and calls
// libssl's own (found once with dlsym(RTLD_NEXT), an immutable pointer).
#include "actors/cluster/openssl_error_queue.hpp"

#include <dlfcn.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace {

template <class Fn>
Fn libssl(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

using io_fn = int (*)(SSL*, void*, int);
using write_fn = int (*)(SSL*, const void*, int);
using handshake_fn = int (*)(SSL*);

} // namespace

extern "C" {

int SSL_read(SSL* ssl, void* buf, int num) {
  static const auto real = libssl<io_fn>("SSL_read");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_write(SSL* ssl, const void* buf, int num) {
  static const auto real = libssl<write_fn>("SSL_write");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_accept(SSL* ssl) {
  static const auto real = libssl<handshake_fn>("SSL_accept");
  ERR_clear_error();
  return real(ssl);
}

int SSL_connect(SSL* ssl) {
  static const auto real = libssl<handshake_fn>("SSL_connect");
  ERR_clear_error();
  return real(ssl);
}

} // extern "C"

namespace dash::actors {

bool openssl_error_queue_guarded() {
  return libssl<io_fn>("SSL_read") != nullptr
         && dlsym(RTLD_DEFAULT, "SSL_read")
              == reinterpret_cast<void*>(&SSL_read);
}

} // namespace dash::actors
