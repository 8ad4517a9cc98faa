// Node identity: the key file holds "otedama-node-key-v1\n" and the 32-byte seed in hex, so a
// person can see what it is; the public key and id are derived from the seed.
#include "p2p/node_identity.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "crypto/blake2b.hpp"
#include "util/hex.hpp"

namespace otedama::p2p {
namespace {

constexpr std::string_view kHeader = "otedama-node-key-v1";

std::string systemError(const std::string& what, const std::filesystem::path& file) {
  return what + " " + file.string() + ": " + std::strerror(errno);
}

}  // namespace

NodeId nodeIdOf(const crypto::Ed25519PublicKey& publicKey) { return crypto::blake2b256(publicKey); }

std::string shortNodeId(const NodeId& id) { return toHex(ByteSpan(id).first(6)); }

NodeIdentity::NodeIdentity(crypto::Ed25519KeyPair keys) : keys_(keys), id_(nodeIdOf(keys_.publicKey)) {}

NodeIdentity NodeIdentity::generate() { return NodeIdentity(crypto::ed25519Generate()); }

crypto::Ed25519Signature NodeIdentity::sign(ByteSpan message) const {
  return crypto::ed25519Sign(keys_.secretKey, message);
}

NodeIdentity NodeIdentity::loadOrCreate(const std::filesystem::path& file) {
  std::error_code error;
  if (std::filesystem::exists(file, error)) {
    std::ifstream in(file);
    if (!in) throw IdentityError(systemError("cannot read the node key", file));
    std::string header, seedHex;
    std::getline(in, header);
    std::getline(in, seedHex);
    Bytes seed;
    try {
      seed = fromHex(seedHex);
    } catch (const std::exception&) {
      seed.clear();
    }
    if (header != kHeader || seed.size() != 32) {
      throw IdentityError("the node key " + file.string() +
                          " is damaged; move it away to make a new identity (peers will see a new node)");
    }
    return NodeIdentity(crypto::ed25519FromSeed(seed));
  }
  if (file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) throw IdentityError("cannot create " + file.parent_path().string() + ": " + error.message());
  }
  const crypto::Ed25519KeyPair keys = crypto::ed25519Generate();
  const std::string text = std::string(kHeader) + "\n" + toHex(ByteSpan(keys.secretKey).first(32)) + "\n";
  const std::filesystem::path temporary = file.string() + ".new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) throw IdentityError(systemError("cannot write the node key", temporary));
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), file.c_str()) != 0) {
    std::filesystem::remove(temporary, error);
    throw IdentityError(systemError("cannot write the node key", file));
  }
  return NodeIdentity(keys);
}

}  // namespace otedama::p2p
