// tests/model/sha256_test.cpp
// Unit tests for model/sha256: the FIPS 180-4 vectors, and the lengths
// around the padding edges checked against coreutils' sha256sum.
#include "model/sha256.hpp"

#include <string>

#include <catch2/catch.hpp>

using dash::model::sha256_hex;

TEST_CASE("sha256_hex of the empty input", "[model][unit]") {
  CHECK(sha256_hex("")
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sha256_hex matches the FIPS 180-4 examples", "[model][unit]") {
  CHECK(sha256_hex("abc")
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // The 56-byte two-block message: abcd bcde cdef ... mnop nopq.
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256_hex of one million 'a'", "[model][unit]") {
  CHECK(sha256_hex(std::string(1000000, 'a'))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256_hex at the lengths where padding changes",
          "[model][unit]") {
  // Expected values: printf 'a%.0s' $(seq 1 N) | sha256sum
  CHECK(sha256_hex(std::string(55, 'a'))
        == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a'))
        == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(63, 'a'))
        == "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  CHECK(sha256_hex(std::string(64, 'a'))
        == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  CHECK(sha256_hex(std::string(65, 'a'))
        == "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0");
}

TEST_CASE("sha256_hex over several blocks with a tail", "[model][unit]") {
  CHECK(sha256_hex(std::string(119, 'a'))
        == "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb");
  CHECK(sha256_hex(std::string(120, 'a'))
        == "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c");
  CHECK(sha256_hex(std::string(128, 'a'))
        == "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e");
  CHECK(sha256_hex("The quick brown fox jumps over the lazy dog")
        == "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
}

TEST_CASE("sha256_hex hashes bytes, high bits and NULs included",
          "[model][unit]") {
  // UTF-8 text, as Python's s.encode() gives it.
  CHECK(sha256_hex("h\xc3\xa9llo")
        == "3c48591d8d098a4538f5e013dfcf406e948eac4d3277b10bf614e295d6068179");
  std::string every_byte;
  for (int i = 0; i < 256; ++i)
    every_byte += static_cast<char>(i);
  REQUIRE(every_byte.size() == 256);
  CHECK(sha256_hex(every_byte)
        == "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
}

TEST_CASE("sha256_hex is 64 lowercase hex digits", "[model][unit]") {
  auto hex = sha256_hex("dash");
  REQUIRE(hex.size() == 64);
  CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
}
