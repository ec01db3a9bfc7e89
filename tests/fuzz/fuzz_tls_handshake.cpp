// tests/fuzz/fuzz_tls_handshake.cpp
// libFuzzer target for the HTTPS listener's first bytes: input -> the
// server side of a TLS handshake with dash::http::tls_context's settings
// (memory BIOs, no sockets). Finds crashes and checks that nothing below
// TLS 1.2 is ever negotiated. Built and run by .ci/fuzz.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "http/tls_context.hpp"

namespace {

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "fuzz_tls_handshake: %s\n", what);
  __builtin_trap();
}

/// A throwaway P-256 key and self-signed certificate in `dir`.
void make_certificate(const std::filesystem::path& dir) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  if (key == nullptr || cert == nullptr)
    finding("cannot make a key");
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_set_pubkey(cert, key);
  auto* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(
    name, "CN", MBSTRING_ASC,
    reinterpret_cast<const unsigned char*>("fuzz"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  FILE* c = std::fopen((dir / "cert.pem").c_str(), "w");
  FILE* k = std::fopen((dir / "key.pem").c_str(), "w");
  if (c == nullptr || k == nullptr)
    finding("cannot write the certificate");
  PEM_write_X509(c, cert);
  PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(c);
  std::fclose(k);
  X509_free(cert);
  EVP_PKEY_free(key);
}

/// The server context, as the listener builds it; kept for the process.
dash::http::tls_context* the_context = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  char tmpl[] = "/tmp/dashcpp-fuzz-tls-XXXXXX";
  if (mkdtemp(tmpl) == nullptr)
    finding("cannot make a temporary folder");
  std::filesystem::path dir{tmpl};
  make_certificate(dir);
  the_context = new dash::http::tls_context((dir / "cert.pem").string(),
                                            (dir / "key.pem").string());
  std::filesystem::remove_all(dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto ctx = the_context->current();
  SSL* ssl = SSL_new(ctx->native_handle());
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  BIO_write(in, data, static_cast<int>(size));
  BIO_set_mem_eof_return(in, 0); // the client sent nothing more
  SSL_set_bio(ssl, in, out);
  SSL_set_accept_state(ssl);
  // Past the ClientHello the server needs the client's next flight, which
  // the input may carry too; a few rounds take what there is.
  for (int i = 0; i < 4; ++i) {
    int r = SSL_do_handshake(ssl);
    if (r == 1 || SSL_get_error(ssl, r) != SSL_ERROR_WANT_READ)
      break;
  }
  // Whatever the server answered, it never agreed to less than TLS 1.2.
  int version = SSL_version(ssl);
  if (SSL_is_init_finished(ssl) && version < TLS1_2_VERSION)
    finding("a handshake below TLS 1.2 finished");
  if (SSL_get_current_cipher(ssl) != nullptr && SSL_is_init_finished(ssl)
      && version < TLS1_2_VERSION)
    finding("a cipher below TLS 1.2 was chosen");
  SSL_free(ssl);
  return 0;
}
