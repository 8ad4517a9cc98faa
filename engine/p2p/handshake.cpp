// The link handshake: message codecs, transcript hashes, the proof of work and both state machines.
#include "p2p/handshake.hpp"

#include <sodium.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "crypto/random.hpp"
#include "crypto/sodium.hpp"
#include "util/hex.hpp"

namespace otedama::p2p {
namespace {

constexpr std::array<std::uint8_t, 4> kMagic{'O', 'T', 'D', 'M'};
constexpr std::size_t kSignatureBytes = 64;

// Distinct labels keep a signature or hash made for one step from standing in for another.
constexpr std::string_view kWelcomeLabel = "otedama link v1 welcome transcript";
constexpr std::string_view kProofLabel = "otedama link v1 proof transcript";
constexpr std::string_view kLinkLabel = "otedama link v1 session transcript";

std::string_view typeName(HandshakeMessageType type) {
  switch (type) {
    case HandshakeMessageType::Hello: return "hello";
    case HandshakeMessageType::Welcome: return "welcome";
    case HandshakeMessageType::Proof: return "proof";
    case HandshakeMessageType::Refusal: return "refusal";
  }
  return "unknown";
}

std::string describeType(std::uint8_t type) {
  if (type >= 1 && type <= 4) return "a " + std::string(typeName(static_cast<HandshakeMessageType>(type)));
  return "a message of unknown type " + std::to_string(type);
}

void writeHeader(ByteWriter& writer, std::uint16_t version, HandshakeMessageType type) {
  writer.bytes(kMagic);
  writer.u16le(version);
  writer.u8(static_cast<std::uint8_t>(type));
}

// Checks magic, type and (except for refusals) version, then the exact size, and returns a
// reader positioned after the header. Version comes before size so that a newer peer whose
// messages grew is told "unsupported version", not "malformed".
ByteReader readHeader(ByteSpan bytes, HandshakeMessageType expected, std::size_t exactSize) {
  const std::string name(typeName(expected));
  if (bytes.size() < kHandshakeHeaderBytes) {
    throw HandshakeDecodeError(HandshakeError::MalformedMessage,
                               "a " + name + " of " + std::to_string(bytes.size()) + " bytes is truncated");
  }
  if (!std::equal(kMagic.begin(), kMagic.end(), bytes.begin())) {
    throw HandshakeDecodeError(HandshakeError::BadMagic, "not an Otedama link message (bad magic in the " + name + ")");
  }
  ByteReader reader(bytes);
  reader.bytes(kMagic.size());
  const std::uint16_t version = reader.u16le();
  const std::uint8_t type = reader.u8();
  if (type != static_cast<std::uint8_t>(expected)) {
    throw HandshakeDecodeError(HandshakeError::MalformedMessage,
                               "expected a " + name + ", got " + describeType(type));
  }
  if (expected != HandshakeMessageType::Refusal && version != kLinkProtocolVersion) {
    throw HandshakeDecodeError(HandshakeError::UnsupportedVersion,
                               "the peer speaks link protocol version " + std::to_string(version) +
                                   "; this node speaks version " + std::to_string(kLinkProtocolVersion));
  }
  if (exactSize != 0 && bytes.size() != exactSize) {
    throw HandshakeDecodeError(HandshakeError::MalformedMessage, "a " + name + " is " + std::to_string(exactSize) +
                                                                     " bytes, not " + std::to_string(bytes.size()));
  }
  return reader;
}

template <std::size_t N>
void readArray(ByteReader& reader, std::array<std::uint8_t, N>& out) {
  const ByteSpan bytes = reader.bytes(N);
  std::copy(bytes.begin(), bytes.end(), out.begin());
}

bool isPrintable(char c) { return c >= 0x20 && c <= 0x7e; }

ByteSpan withoutSignature(ByteSpan message) { return message.first(message.size() - kSignatureBytes); }

void putSignature(Bytes& message, const crypto::Ed25519Signature& signature) {
  std::copy(signature.begin(), signature.end(), message.end() - kSignatureBytes);
}

Hash32 labelledHash(std::string_view label, std::initializer_list<ByteSpan> parts) {
  crypto::ensureSodium();
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, Hash32{}.size());
  const ByteSpan labelBytes = asBytes(label);
  crypto_generichash_update(&state, labelBytes.data(), labelBytes.size());
  for (const ByteSpan part : parts) crypto_generichash_update(&state, part.data(), part.size());
  Hash32 out;
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

std::string shortHex(const Hash32& hash) { return toHex(ByteSpan(hash).first(8)); }

std::string skewText(std::uint64_t theirs, std::uint64_t ours, std::uint64_t limit) {
  const bool ahead = theirs > ours;
  const std::uint64_t difference = ahead ? theirs - ours : ours - theirs;
  return "the opener's clock is " + std::to_string(difference) + " s " + (ahead ? "ahead of" : "behind") +
         " ours (at most " + std::to_string(limit) + " s allowed)";
}

RefusalReason refusalFor(HandshakeError error) {
  switch (error) {
    case HandshakeError::UnsupportedVersion: return RefusalReason::UnsupportedVersion;
    case HandshakeError::WrongConsensus: return RefusalReason::WrongConsensus;
    case HandshakeError::ClockSkew: return RefusalReason::ClockSkew;
    case HandshakeError::SelfConnection: return RefusalReason::SelfConnection;
    case HandshakeError::BadMagic:
    case HandshakeError::MalformedMessage: return RefusalReason::MalformedMessage;
    default: return RefusalReason::Other;
  }
}

void requireState(bool ok, const char* what) {
  if (!ok) throw std::logic_error(what);
}

}  // namespace

std::string_view refusalReasonName(RefusalReason reason) {
  switch (reason) {
    case RefusalReason::Other: return "other";
    case RefusalReason::UnsupportedVersion: return "unsupported version";
    case RefusalReason::WrongConsensus: return "wrong consensus id";
    case RefusalReason::ClockSkew: return "clock skew";
    case RefusalReason::TooManyPeers: return "too many peers";
    case RefusalReason::Banned: return "banned";
    case RefusalReason::SelfConnection: return "connecting to itself";
    case RefusalReason::MalformedMessage: return "malformed message";
  }
  return "unknown reason";
}

std::string_view handshakeErrorName(HandshakeError error) {
  switch (error) {
    case HandshakeError::BadMagic: return "bad magic";
    case HandshakeError::UnsupportedVersion: return "unsupported version";
    case HandshakeError::WrongConsensus: return "wrong consensus id";
    case HandshakeError::MalformedMessage: return "malformed message";
    case HandshakeError::BadSignature: return "bad signature";
    case HandshakeError::BadProofOfWork: return "bad proof of work";
    case HandshakeError::ProofOfWorkTooHard: return "proof of work too hard";
    case HandshakeError::ClockSkew: return "clock skew";
    case HandshakeError::SelfConnection: return "connecting to self";
    case HandshakeError::UnexpectedPeer: return "unexpected peer";
    case HandshakeError::RefusedByPeer: return "refused by peer";
    case HandshakeError::RefusedLocally: return "refused";
  }
  return "unknown";
}

// ---- Codecs ----

Bytes encodeHello(const HelloMessage& hello) {
  ByteWriter writer(kHelloBytes);
  writeHeader(writer, hello.version, HandshakeMessageType::Hello);
  writer.bytes(hello.consensusId);
  writer.bytes(hello.identityKey);
  writer.bytes(hello.ephemeralKey);
  writer.u64le(hello.timestamp);
  return writer.take();
}

Bytes encodeWelcome(const WelcomeMessage& welcome) {
  ByteWriter writer(kWelcomeBytes);
  writeHeader(writer, welcome.version, HandshakeMessageType::Welcome);
  writer.bytes(welcome.identityKey);
  writer.bytes(welcome.ephemeralKey);
  writer.bytes(welcome.challenge);
  writer.u8(welcome.proofOfWorkBits);
  writer.bytes(welcome.signature);
  return writer.take();
}

Bytes encodeProof(const ProofMessage& proof) {
  ByteWriter writer(kProofBytes);
  writeHeader(writer, proof.version, HandshakeMessageType::Proof);
  writer.u64le(proof.nonce);
  writer.bytes(proof.signature);
  return writer.take();
}

Bytes encodeRefusal(const Refusal& refusal, std::uint16_t version) {
  std::string text = refusal.text.substr(0, kMaxRefusalTextBytes);
  std::replace_if(text.begin(), text.end(), [](char c) { return !isPrintable(c); }, '?');
  ByteWriter writer(kHandshakeHeaderBytes + 2 + text.size());
  writeHeader(writer, version, HandshakeMessageType::Refusal);
  writer.u8(static_cast<std::uint8_t>(refusal.reason));
  writer.u8(static_cast<std::uint8_t>(text.size()));
  writer.bytes(asBytes(text));
  return writer.take();
}

HelloMessage decodeHello(ByteSpan bytes) {
  ByteReader reader = readHeader(bytes, HandshakeMessageType::Hello, kHelloBytes);
  HelloMessage hello;
  hello.version = kLinkProtocolVersion;
  readArray(reader, hello.consensusId);
  readArray(reader, hello.identityKey);
  readArray(reader, hello.ephemeralKey);
  hello.timestamp = reader.u64le();
  return hello;
}

WelcomeMessage decodeWelcome(ByteSpan bytes) {
  ByteReader reader = readHeader(bytes, HandshakeMessageType::Welcome, kWelcomeBytes);
  WelcomeMessage welcome;
  readArray(reader, welcome.identityKey);
  readArray(reader, welcome.ephemeralKey);
  readArray(reader, welcome.challenge);
  welcome.proofOfWorkBits = reader.u8();
  readArray(reader, welcome.signature);
  return welcome;
}

ProofMessage decodeProof(ByteSpan bytes) {
  ByteReader reader = readHeader(bytes, HandshakeMessageType::Proof, kProofBytes);
  ProofMessage proof;
  proof.nonce = reader.u64le();
  readArray(reader, proof.signature);
  return proof;
}

Refusal decodeRefusal(ByteSpan bytes) {
  ByteReader reader = readHeader(bytes, HandshakeMessageType::Refusal, 0);
  auto malformed = [](const std::string& what) {
    return HandshakeDecodeError(HandshakeError::MalformedMessage, "a refusal " + what);
  };
  if (reader.remaining() < 2) throw malformed("is truncated");
  Refusal refusal;
  refusal.reason = static_cast<RefusalReason>(reader.u8());
  const std::size_t textBytes = reader.u8();
  if (textBytes > kMaxRefusalTextBytes) throw malformed("text of " + std::to_string(textBytes) + " bytes is too long");
  if (reader.remaining() != textBytes) {
    throw malformed("announces " + std::to_string(textBytes) + " bytes of text but carries " +
                    std::to_string(reader.remaining()));
  }
  const ByteSpan text = reader.bytes(textBytes);
  refusal.text.assign(text.begin(), text.end());
  if (!std::all_of(refusal.text.begin(), refusal.text.end(), isPrintable)) {
    throw malformed("text is not printable ASCII");
  }
  return refusal;
}

std::optional<HandshakeMessageType> peekHandshakeMessageType(ByteSpan bytes) {
  if (bytes.size() < kHandshakeHeaderBytes || !std::equal(kMagic.begin(), kMagic.end(), bytes.begin())) {
    return std::nullopt;
  }
  const std::uint8_t type = bytes[kHandshakeHeaderBytes - 1];
  if (type < 1 || type > 4) return std::nullopt;
  return static_cast<HandshakeMessageType>(type);
}

// ---- Transcripts ----

Hash32 welcomeTranscriptHash(ByteSpan hello, ByteSpan unsignedWelcome) {
  return labelledHash(kWelcomeLabel, {hello, unsignedWelcome});
}

Hash32 proofTranscriptHash(ByteSpan hello, ByteSpan welcome, ByteSpan unsignedProof) {
  return labelledHash(kProofLabel, {hello, welcome, unsignedProof});
}

Hash32 linkTranscriptHash(ByteSpan hello, ByteSpan welcome, ByteSpan proof) {
  return labelledHash(kLinkLabel, {hello, welcome, proof});
}

// ---- Proof of work ----

namespace {

constexpr std::size_t kProofOfWorkInputBytes = 32 + 32 + 8;

std::array<std::uint8_t, kProofOfWorkInputBytes> proofOfWorkInput(const ProofOfWorkTask& task) {
  std::array<std::uint8_t, kProofOfWorkInputBytes> input{};
  std::copy(task.challenge.begin(), task.challenge.end(), input.begin());
  std::copy(task.openerIdentityKey.begin(), task.openerIdentityKey.end(), input.begin() + 32);
  return input;
}

void putNonce(std::array<std::uint8_t, kProofOfWorkInputBytes>& input, std::uint64_t nonce) {
  for (std::size_t i = 0; i < 8; ++i) input[64 + i] = static_cast<std::uint8_t>(nonce >> (8 * i));
}

}  // namespace

Hash32 proofOfWorkHash(const ProofOfWorkTask& task, std::uint64_t nonce) {
  auto input = proofOfWorkInput(task);
  putNonce(input, nonce);
  crypto::ensureSodium();
  Hash32 hash;
  crypto_generichash(hash.data(), hash.size(), input.data(), input.size(), nullptr, 0);
  return hash;
}

unsigned leadingZeroBits(const Hash32& hash) {
  unsigned bits = 0;
  for (const std::uint8_t byte : hash) {
    if (byte != 0) return bits + static_cast<unsigned>(std::countl_zero(byte));
    bits += 8;
  }
  return bits;
}

bool meetsProofOfWork(const ProofOfWorkTask& task, std::uint64_t nonce) {
  return leadingZeroBits(proofOfWorkHash(task, nonce)) >= task.bits;
}

std::optional<std::uint64_t> solveProofOfWork(const ProofOfWorkTask& task, std::uint64_t maxAttempts,
                                              const std::atomic<bool>* cancel, std::uint64_t firstNonce) {
  crypto::ensureSodium();
  auto input = proofOfWorkInput(task);
  Hash32 hash;
  for (std::uint64_t attempt = 0; attempt < maxAttempts; ++attempt) {
    if (cancel != nullptr && attempt % 1024 == 0 && cancel->load(std::memory_order_relaxed)) return std::nullopt;
    const std::uint64_t nonce = firstNonce + attempt;  // wraps at 2^64, which is fine
    putNonce(input, nonce);
    crypto_generichash(hash.data(), hash.size(), input.data(), input.size(), nullptr, 0);
    if (leadingZeroBits(hash) >= task.bits) return nonce;
  }
  return std::nullopt;
}

// ---- Opener ----

HandshakeOpener::HandshakeOpener(NodeIdentity identity, const Hash32& consensusId, OpenerOptions options)
    : identity_(std::move(identity)), consensusId_(consensusId), options_(std::move(options)) {}

HandshakeOpener::~HandshakeOpener() {
  crypto::wipe(ephemeral_);
  crypto::wipe(unboundKeys_);
  crypto::wipe(link_.keys);
}

Bytes HandshakeOpener::hello(std::uint64_t nowSeconds) {
  requireState(state_ == State::Start, "HandshakeOpener::hello() called twice");
  ephemeral_ = crypto::x25519Generate();
  HelloMessage hello;
  hello.consensusId = consensusId_;
  hello.identityKey = identity_.publicKey();
  hello.ephemeralKey = ephemeral_.publicKey;
  hello.timestamp = nowSeconds;
  hello_ = encodeHello(hello);
  state_ = State::AwaitingWelcome;
  return hello_;
}

bool HandshakeOpener::onWelcome(ByteSpan reply) {
  requireState(state_ == State::AwaitingWelcome, "HandshakeOpener::onWelcome() outside awaiting a welcome");
  try {
    if (peekHandshakeMessageType(reply) == HandshakeMessageType::Refusal) {
      const Refusal refusal = decodeRefusal(reply);
      fail(HandshakeError::RefusedByPeer,
           "refused by the peer: " + std::string(refusalReasonName(refusal.reason)) +
               (refusal.text.empty() ? "" : " (" + refusal.text + ")"),
           refusal.reason);
      return false;
    }
    const WelcomeMessage welcome = decodeWelcome(reply);
    const Hash32 signedHash = welcomeTranscriptHash(hello_, withoutSignature(reply));
    if (!crypto::ed25519Verify(welcome.identityKey, signedHash, welcome.signature)) {
      fail(HandshakeError::BadSignature, "the welcome's signature does not verify for the acceptor's identity key");
      return false;
    }
    if (welcome.identityKey == identity_.publicKey()) {
      fail(HandshakeError::SelfConnection, "the acceptor is this node");
      return false;
    }
    if (options_.expectedPeer && welcome.identityKey != *options_.expectedPeer) {
      fail(HandshakeError::UnexpectedPeer, "the acceptor is node " + shortHex(nodeIdOf(welcome.identityKey)) +
                                               ", not node " + shortHex(nodeIdOf(*options_.expectedPeer)));
      return false;
    }
    if (welcome.proofOfWorkBits > options_.maxProofOfWorkBits) {
      fail(HandshakeError::ProofOfWorkTooHard, "the acceptor asks for " + std::to_string(welcome.proofOfWorkBits) +
                                                   " bits of proof of work; we do at most " +
                                                   std::to_string(options_.maxProofOfWorkBits));
      return false;
    }
    // Key agreement now, not after the work: an unusable key fails before we spend anything.
    const auto keys = crypto::clientSessionKeys(ephemeral_, welcome.ephemeralKey);
    if (!keys) {
      fail(HandshakeError::MalformedMessage, "the acceptor's ephemeral key is not usable (a low-order point)");
      return false;
    }
    unboundKeys_ = *keys;
    welcome_.assign(reply.begin(), reply.end());
    task_ = ProofOfWorkTask{welcome.challenge, identity_.publicKey(), welcome.proofOfWorkBits};
    link_.peerIdentityKey = welcome.identityKey;
    link_.peerId = nodeIdOf(welcome.identityKey);
    state_ = State::SolvingProofOfWork;
    return true;
  } catch (const HandshakeDecodeError& error) {
    fail(error.error(), error.what());
    return false;
  }
}

const ProofOfWorkTask& HandshakeOpener::proofOfWorkTask() const {
  requireState(state_ == State::SolvingProofOfWork, "HandshakeOpener::proofOfWorkTask() before a welcome");
  return task_;
}

const crypto::Ed25519PublicKey& HandshakeOpener::peerIdentityKey() const {
  requireState(state_ == State::SolvingProofOfWork || state_ == State::Established,
               "HandshakeOpener::peerIdentityKey() before a welcome");
  return link_.peerIdentityKey;
}

Bytes HandshakeOpener::proof(std::uint64_t nonce) {
  requireState(state_ == State::SolvingProofOfWork, "HandshakeOpener::proof() outside solving the proof of work");
  if (!meetsProofOfWork(task_, nonce)) {
    throw std::invalid_argument("nonce " + std::to_string(nonce) + " does not meet " + std::to_string(task_.bits) +
                                " bits of proof of work");
  }
  ProofMessage proof;
  proof.nonce = nonce;
  Bytes bytes = encodeProof(proof);
  putSignature(bytes, identity_.sign(proofTranscriptHash(hello_, welcome_, withoutSignature(bytes))));
  link_.transcriptHash = linkTranscriptHash(hello_, welcome_, bytes);
  link_.keys = crypto::bindToTranscript(unboundKeys_, link_.transcriptHash);
  crypto::wipe(unboundKeys_);
  crypto::wipe(ephemeral_);
  state_ = State::Established;
  return bytes;
}

const EstablishedLink& HandshakeOpener::link() const {
  requireState(state_ == State::Established, "HandshakeOpener::link() before the handshake is established");
  return link_;
}

void HandshakeOpener::fail(HandshakeError error, std::string text, std::optional<RefusalReason> peerReason) {
  crypto::wipe(ephemeral_);
  crypto::wipe(unboundKeys_);
  failure_ = HandshakeFailure{error, std::move(text), peerReason};
  state_ = State::Failed;
}

// ---- Acceptor ----

HandshakeAcceptor::HandshakeAcceptor(NodeIdentity identity, const Hash32& consensusId, AcceptorOptions options)
    : identity_(std::move(identity)), consensusId_(consensusId), options_(options) {
  if (options_.proofOfWorkBits > kMaxProofOfWorkBits) {
    throw std::invalid_argument("a link proof of work of " + std::to_string(options_.proofOfWorkBits) +
                                " bits is above the maximum of " + std::to_string(kMaxProofOfWorkBits));
  }
}

HandshakeAcceptor::~HandshakeAcceptor() {
  crypto::wipe(ephemeral_);
  crypto::wipe(link_.keys);
}

Bytes HandshakeAcceptor::onHello(ByteSpan helloBytes, std::uint64_t nowSeconds, const AdmissionCheck& admit) {
  requireState(state_ == State::AwaitingHello, "HandshakeAcceptor::onHello() outside awaiting a hello");
  HelloMessage hello;
  try {
    hello = decodeHello(helloBytes);
  } catch (const HandshakeDecodeError& error) {
    return failWithRefusal(error.error(), error.what());
  }
  if (hello.consensusId != consensusId_) {
    return failWithRefusal(HandshakeError::WrongConsensus, "this node follows consensus id " + shortHex(consensusId_) +
                                                               "..., the opener " + shortHex(hello.consensusId) + "...");
  }
  if (hello.identityKey == identity_.publicKey()) {
    return failWithRefusal(HandshakeError::SelfConnection, "the opener is this node");
  }
  const std::uint64_t skew = hello.timestamp > nowSeconds ? hello.timestamp - nowSeconds : nowSeconds - hello.timestamp;
  if (skew > options_.maxClockSkewSeconds) {
    return failWithRefusal(HandshakeError::ClockSkew, skewText(hello.timestamp, nowSeconds, options_.maxClockSkewSeconds));
  }
  if (admit) {
    if (std::optional<Refusal> refusal = admit(hello.identityKey)) {
      fail(HandshakeError::RefusedLocally,
           std::string(refusalReasonName(refusal->reason)) + (refusal->text.empty() ? "" : " (" + refusal->text + ")"));
      return encodeRefusal(*refusal);
    }
  }

  ephemeral_ = crypto::x25519Generate();
  WelcomeMessage welcome;
  welcome.identityKey = identity_.publicKey();
  welcome.ephemeralKey = ephemeral_.publicKey;
  crypto::randomBytes(welcome.challenge);
  welcome.proofOfWorkBits = options_.proofOfWorkBits;
  hello_.assign(helloBytes.begin(), helloBytes.end());
  welcome_ = encodeWelcome(welcome);
  putSignature(welcome_, identity_.sign(welcomeTranscriptHash(hello_, withoutSignature(welcome_))));
  openerEphemeralKey_ = hello.ephemeralKey;
  task_ = ProofOfWorkTask{welcome.challenge, hello.identityKey, welcome.proofOfWorkBits};
  link_.peerIdentityKey = hello.identityKey;
  link_.peerId = nodeIdOf(hello.identityKey);
  state_ = State::AwaitingProof;
  return welcome_;
}

bool HandshakeAcceptor::onProof(ByteSpan proofBytes) {
  requireState(state_ == State::AwaitingProof, "HandshakeAcceptor::onProof() outside awaiting a proof");
  ProofMessage proof;
  try {
    proof = decodeProof(proofBytes);
  } catch (const HandshakeDecodeError& error) {
    fail(error.error(), error.what());
    return false;
  }
  // The cheap check first: one hash refuses a lazy opener before a signature check.
  const unsigned bits = leadingZeroBits(proofOfWorkHash(task_, proof.nonce));
  if (bits < task_.bits) {
    fail(HandshakeError::BadProofOfWork, "the proof of work has " + std::to_string(bits) + " leading zero bits, " +
                                             std::to_string(task_.bits) + " asked");
    return false;
  }
  const Hash32 signedHash = proofTranscriptHash(hello_, welcome_, withoutSignature(proofBytes));
  if (!crypto::ed25519Verify(link_.peerIdentityKey, signedHash, proof.signature)) {
    fail(HandshakeError::BadSignature, "the proof's signature does not verify for the opener's identity key");
    return false;
  }
  // Key agreement only now, after the opener paid: an unauthenticated hello costs us one
  // signature and one key pair, no Diffie-Hellman.
  auto keys = crypto::serverSessionKeys(ephemeral_, openerEphemeralKey_);
  if (!keys) {
    fail(HandshakeError::MalformedMessage, "the opener's ephemeral key is not usable (a low-order point)");
    return false;
  }
  link_.transcriptHash = linkTranscriptHash(hello_, welcome_, proofBytes);
  link_.keys = crypto::bindToTranscript(*keys, link_.transcriptHash);
  crypto::wipe(*keys);
  crypto::wipe(ephemeral_);
  state_ = State::Established;
  return true;
}

Bytes HandshakeAcceptor::refuse(RefusalReason reason, std::string_view text) {
  requireState(state_ == State::AwaitingHello, "HandshakeAcceptor::refuse() after the hello");
  const Refusal refusal{reason, std::string(text)};
  fail(HandshakeError::RefusedLocally,
       std::string(refusalReasonName(reason)) + (text.empty() ? "" : " (" + std::string(text) + ")"));
  return encodeRefusal(refusal);
}

const EstablishedLink& HandshakeAcceptor::link() const {
  requireState(state_ == State::Established, "HandshakeAcceptor::link() before the handshake is established");
  return link_;
}

Bytes HandshakeAcceptor::failWithRefusal(HandshakeError error, std::string text) {
  Refusal refusal{refusalFor(error), text};
  fail(error, std::move(text));
  return encodeRefusal(refusal);
}

void HandshakeAcceptor::fail(HandshakeError error, std::string text) {
  crypto::wipe(ephemeral_);
  failure_ = HandshakeFailure{error, std::move(text), std::nullopt};
  state_ = State::Failed;
}

}  // namespace otedama::p2p
