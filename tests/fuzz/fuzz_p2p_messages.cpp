// libFuzzer target: every peer message decoder. What decodes must encode back to the same bytes.
#include <cstdlib>

#include "p2p/messages.hpp"
#include "util/serialize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otedama::ByteSpan input(data, size);
  try {
    const otedama::p2p::Message message = otedama::p2p::decodeMessage(input);
    const otedama::Bytes again = otedama::p2p::encodeMessage(message);
    if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
  } catch (const otedama::DecodeError&) {
  }
  return 0;
}
