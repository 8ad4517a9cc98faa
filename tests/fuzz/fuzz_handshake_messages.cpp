// libFuzzer target: the link handshake's message decoders (hello, welcome, proof, refusal). What
// decodes as hello, welcome or proof must encode back to the same bytes.
#include <cstdlib>

#include "p2p/handshake.hpp"

namespace {

template <typename Decode, typename Encode>
void roundTrip(otedama::ByteSpan input, Decode decode, Encode encode) {
  try {
    const otedama::Bytes again = encode(decode(input));
    if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
  } catch (const otedama::DecodeError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otedama::p2p;
  const otedama::ByteSpan input(data, size);
  (void)peekHandshakeMessageType(input);
  roundTrip(input, decodeHello, encodeHello);
  roundTrip(input, decodeWelcome, encodeWelcome);
  roundTrip(input, decodeProof, encodeProof);
  try {
    const Refusal refusal = decodeRefusal(input);
    if (refusal.text.size() > kMaxRefusalTextBytes) std::abort();
  } catch (const otedama::DecodeError&) {
  }
  return 0;
}
