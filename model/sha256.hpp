// model/sha256.hpp
// SHA-256 (FIPS 180-4) as lowercase hex, for callback ids that must match
// Python Dash's hashlib.sha256(s.encode()).hexdigest(); no OpenSSL needed.
#pragma once

#include <string>
#include <string_view>

namespace dash::model {

/// The SHA-256 digest of the bytes of `bytes`, as 64 lowercase hex digits.
/// Pass UTF-8 text to match Python's `s.encode()`.
std::string sha256_hex(std::string_view bytes);

} // namespace dash::model
