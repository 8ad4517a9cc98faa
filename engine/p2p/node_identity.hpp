// The node's long-lived identity: an Ed25519 key pair made on first start and kept in the data
// folder (owner-only file), and the node id derived from its public key. Peers authenticate
// links and discovery packets with it; Kademlia distances are XOR of node ids.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "crypto/ed25519.hpp"
#include "util/bytes.hpp"

namespace otedama::p2p {

using NodeId = Hash32;

// BLAKE2b-256 of the public key.
NodeId nodeIdOf(const crypto::Ed25519PublicKey& publicKey);

// The first 6 bytes in hex: enough to tell peers apart in logs and messages.
std::string shortNodeId(const NodeId& id);

class IdentityError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class NodeIdentity {
 public:
  explicit NodeIdentity(crypto::Ed25519KeyPair keys);

  // Reads the key file, or creates it (mode 0600, parent folders as needed) when it does not
  // exist. Throws IdentityError naming the file when it cannot be read, written or is damaged.
  static NodeIdentity loadOrCreate(const std::filesystem::path& file);
  static NodeIdentity generate();

  const crypto::Ed25519PublicKey& publicKey() const { return keys_.publicKey; }
  const NodeId& id() const { return id_; }
  crypto::Ed25519Signature sign(ByteSpan message) const;

 private:
  crypto::Ed25519KeyPair keys_;
  NodeId id_;
};

}  // namespace otedama::p2p
