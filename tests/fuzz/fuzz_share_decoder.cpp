// libFuzzer target: the share decoder (shares arrive from peers). Anything it accepts must
// encode back to the same bytes (one share, one encoding).
#include <cstdlib>

#include "sharechain/share.hpp"
#include "util/serialize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otedama::ByteSpan input(data, size);
  try {
    const otedama::sharechain::Share share = otedama::sharechain::decodeShare(input);
    const otedama::Bytes again = otedama::sharechain::encodeShare(share);
    if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
  } catch (const otedama::DecodeError&) {
  }
  return 0;
}
