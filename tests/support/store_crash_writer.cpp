// Test helper for test_store_crash: writes to a store forever and acknowledges each write on
// stdout only after the store call has returned, so that whatever was acknowledged before the test
// kills this process with SIGKILL must still be in the file.
//
// Usage: otedama-store-crash-writer DBFILE SEED
// Output lines: `ack <share id hex>` per share, `block <block hash hex> <payout count>` per block.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <random>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "util/hex.hpp"

using namespace otedama;
using namespace otedama::store;

namespace {

// Unbuffered: a line handed to write(2) is in the pipe, whatever happens to this process next.
void writeLine(const std::string& line) {
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t written = ::write(STDOUT_FILENO, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      std::_Exit(3);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

Hash32 randomHash(std::mt19937_64& random) {
  Hash32 hash;
  for (std::size_t i = 0; i < hash.size(); i += 8) {
    const std::uint64_t word = random();
    for (std::size_t j = 0; j < 8; ++j) hash[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
  }
  return hash;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DBFILE SEED\n", argv[0]);
    return 2;
  }
  try {
    std::mt19937_64 random(std::strtoull(argv[2], nullptr, 10));
    auto store = Store::open(argv[1]);
    Hash32 previous{};
    std::uint64_t height = store->shareCount();
    const auto nextShare = [&] {
      ShareRecord share;
      share.id = randomHash(random);
      share.previousId = previous;
      share.height = height++;
      share.encoded.resize(100 + random() % 1901);
      for (auto& b : share.encoded) b = static_cast<std::uint8_t>(random());
      share.receivedAt = static_cast<std::int64_t>(std::time(nullptr));
      share.local = random() % 2 == 0;
      previous = share.id;
      return share;
    };

    for (;;) {
      const std::uint64_t action = random() % 100;
      if (action < 8) {
        std::vector<ShareRecord> batch;
        for (std::uint64_t n = 2 + random() % 30; n > 0; --n) batch.push_back(nextShare());
        store->addShares(batch);
        std::string lines;
        for (const ShareRecord& share : batch) lines += "ack " + toHex(share.id) + "\n";
        writeLine(lines);
      } else if (action < 12) {
        BlockRecord block;
        block.height = height;
        block.hash = randomHash(random);
        block.shareId = previous;
        block.reward = 625000000;
        block.foundAt = static_cast<std::int64_t>(std::time(nullptr));
        std::vector<PayoutRecord> payouts(1 + random() % 60);
        for (std::size_t i = 0; i < payouts.size(); ++i) {
          payouts[i].address = "miner" + std::to_string(random() % 20);
          payouts[i].script = Bytes(22, static_cast<std::uint8_t>(i));
          payouts[i].amount = static_cast<std::int64_t>(random() % 100000000);
        }
        store->addBlock(block, payouts);
        writeLine("block " + toHex(block.hash) + " " + std::to_string(payouts.size()) + "\n");
      } else {
        if (action < 16) {
          // Not acknowledged: these only add write traffic of other kinds between the shares.
          store->recordMinerShares("miner" + std::to_string(random() % 20), 1, random() % 2, 1.5, std::time(nullptr));
          store->upsertPeer({"10.0.0." + std::to_string(random() % 250) + ":9338", "", 1, std::time(nullptr), 0});
        }
        const ShareRecord share = nextShare();
        store->addShare(share);
        writeLine("ack " + toHex(share.id) + "\n");
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store crash writer: %s\n", e.what());
    return 1;
  }
}
