// model/sha256.cpp
// A straight FIPS 180-4 SHA-256: whole 64-byte blocks are compressed from
// the input, then one or two padded blocks hold the tail and the bit length.
#include "model/sha256.hpp"

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace dash::model {

namespace {

using state = std::array<std::uint32_t, 8>;

/// The first 32 bits of the fractional parts of the cube roots of the
/// first 64 primes (FIPS 180-4, 4.2.2).
constexpr std::array<std::uint32_t, 64> round_constants{
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
  0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/// The first 32 bits of the fractional parts of the square roots of the
/// first 8 primes (FIPS 180-4, 5.3.3).
constexpr state initial_state{0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                              0xa54ff53a, 0x510e527f, 0x9b05688c,
                              0x1f83d9ab, 0x5be0cd19};

std::uint32_t load_be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16)
         | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

/// Folds one 64-byte block into `hash` (FIPS 180-4, 6.2.2).
void compress(state& hash, const unsigned char* data) {
  std::array<std::uint32_t, 64> w{};
  for (std::size_t t = 0; t < 16; ++t)
    w[t] = load_be32(data + 4 * t);
  for (std::size_t t = 16; t < 64; ++t) {
    auto s0 = std::rotr(w[t - 15], 7) ^ std::rotr(w[t - 15], 18)
              ^ (w[t - 15] >> 3);
    auto s1 = std::rotr(w[t - 2], 17) ^ std::rotr(w[t - 2], 19)
              ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  auto [a, b, c, d, e, f, g, h] = hash;
  for (std::size_t t = 0; t < 64; ++t) {
    auto sum1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25);
    auto choose = (e & f) ^ (~e & g);
    auto t1 = h + sum1 + choose + round_constants[t] + w[t];
    auto sum0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);
    auto majority = (a & b) ^ (a & c) ^ (b & c);
    auto t2 = sum0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  hash[0] += a;
  hash[1] += b;
  hash[2] += c;
  hash[3] += d;
  hash[4] += e;
  hash[5] += f;
  hash[6] += g;
  hash[7] += h;
}

} // namespace

std::string sha256_hex(std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  state h = initial_state;
  std::size_t whole = size - size % 64;
  for (std::size_t i = 0; i < whole; i += 64)
    compress(h, data + i);
  // The tail, a 0x80 byte, zeros, and the 64-bit big-endian bit length:
  // one block if the tail leaves room for the 9 extra bytes, else two.
  std::array<unsigned char, 128> tail{};
  std::size_t rest = size - whole;
  for (std::size_t i = 0; i < rest; ++i)
    tail[i] = data[whole + i];
  tail[rest] = 0x80;
  std::size_t tail_size = rest + 9 <= 64 ? 64 : 128;
  auto bit_length = static_cast<std::uint64_t>(size) * 8;
  for (std::size_t i = 0; i < 8; ++i)
    tail[tail_size - 1 - i] = static_cast<unsigned char>(bit_length >> (8 * i));
  for (std::size_t i = 0; i < tail_size; i += 64)
    compress(h, tail.data() + i);

  constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (auto word : h)
    for (int shift = 28; shift >= 0; shift -= 4)
      out += digits[(word >> shift) & 0xf];
  return out;
}

} // namespace dash::model
