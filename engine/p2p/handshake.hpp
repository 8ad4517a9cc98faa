// The handshake that opens a peer link (docs/p2p-link.md): hello, welcome (or refusal), proof.
// Both ends authenticate with their node identity (Ed25519) by signing the transcript, agree on
// ephemeral X25519 keys (forward secrecy), and the opener pays a small proof of work before the
// acceptor spends anything beyond one signature, so opening links in bulk costs more than
// refusing them. Pure state machines: no I/O, no clock reads (`now` is passed in), no threads;
// the proof-of-work search is a free function a session can run on a worker thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/ed25519.hpp"
#include "crypto/key_exchange.hpp"
#include "p2p/node_identity.hpp"
#include "util/bytes.hpp"
#include "util/serialize.hpp"

namespace otedama::p2p {

inline constexpr std::uint16_t kLinkProtocolVersion = 1;
// A session frames handshake messages with this cap until the handshake is over.
inline constexpr std::size_t kMaxHandshakeMessageBytes = 512;
inline constexpr std::uint8_t kDefaultProofOfWorkBits = 18;
// The most an acceptor may ask of us by default (16 times the default work).
inline constexpr std::uint8_t kDefaultMaxProofOfWorkBits = 24;
// The most an acceptor can be configured to ask: beyond it no honest opener would finish.
inline constexpr std::uint8_t kMaxProofOfWorkBits = 32;
inline constexpr std::uint64_t kDefaultMaxClockSkewSeconds = 120;
inline constexpr std::size_t kMaxRefusalTextBytes = 200;

inline constexpr std::size_t kHandshakeHeaderBytes = 7;  // "OTDM", version u16, type u8
inline constexpr std::size_t kHelloBytes = kHandshakeHeaderBytes + 32 + 32 + 32 + 8;
inline constexpr std::size_t kWelcomeBytes = kHandshakeHeaderBytes + 32 + 32 + 32 + 1 + 64;
inline constexpr std::size_t kProofBytes = kHandshakeHeaderBytes + 8 + 64;
static_assert(kHelloBytes <= kMaxHandshakeMessageBytes && kWelcomeBytes <= kMaxHandshakeMessageBytes &&
              kProofBytes <= kMaxHandshakeMessageBytes &&
              kHandshakeHeaderBytes + 2 + kMaxRefusalTextBytes <= kMaxHandshakeMessageBytes);

enum class HandshakeMessageType : std::uint8_t { Hello = 1, Welcome = 2, Proof = 3, Refusal = 4 };

// Why an acceptor refuses a hello. Codes are part of the wire format; an unknown code from a
// newer peer is kept as is and named "unknown reason".
enum class RefusalReason : std::uint8_t {
  Other = 0,
  UnsupportedVersion = 1,
  WrongConsensus = 2,
  ClockSkew = 3,
  TooManyPeers = 4,
  Banned = 5,
  SelfConnection = 6,
  MalformedMessage = 7,
};
std::string_view refusalReasonName(RefusalReason reason);  // "wrong consensus id", ...

// Why a handshake failed, on either side.
enum class HandshakeError {
  BadMagic,             // not an Otedama link message
  UnsupportedVersion,   // another link protocol version
  WrongConsensus,       // the peer follows another share chain
  MalformedMessage,     // wrong size, type or field (including an unusable ephemeral key)
  BadSignature,         // the transcript signature does not verify for the peer's identity key
  BadProofOfWork,       // the opener's nonce does not meet the difficulty
  ProofOfWorkTooHard,   // the acceptor asks for more work than the opener is willing to do
  ClockSkew,            // the hello's timestamp is too far from the acceptor's clock
  SelfConnection,       // the peer is this node
  UnexpectedPeer,       // the acceptor is not the node the opener meant to reach
  RefusedByPeer,        // the acceptor refused (HandshakeFailure::peerReason says why)
  RefusedLocally,       // the acceptor's caller refused the opener (too many peers, banned, ...)
};
std::string_view handshakeErrorName(HandshakeError error);  // "bad signature", ...

struct HandshakeFailure {
  HandshakeError error = HandshakeError::MalformedMessage;
  std::string text;                          // the details, printable, for logs
  std::optional<RefusalReason> peerReason;   // RefusedByPeer: the code the acceptor sent
};

// ---- Messages (exact layouts in docs/p2p-link.md) ----

struct HelloMessage {
  std::uint16_t version = kLinkProtocolVersion;
  Hash32 consensusId{};
  crypto::Ed25519PublicKey identityKey{};
  crypto::X25519PublicKey ephemeralKey{};
  std::uint64_t timestamp = 0;  // unix seconds
};

struct WelcomeMessage {
  std::uint16_t version = kLinkProtocolVersion;
  crypto::Ed25519PublicKey identityKey{};
  crypto::X25519PublicKey ephemeralKey{};
  Hash32 challenge{};
  std::uint8_t proofOfWorkBits = 0;
  crypto::Ed25519Signature signature{};  // over welcomeTranscriptHash
};

struct ProofMessage {
  std::uint16_t version = kLinkProtocolVersion;
  std::uint64_t nonce = 0;
  crypto::Ed25519Signature signature{};  // over proofTranscriptHash
};

struct Refusal {
  RefusalReason reason = RefusalReason::Other;
  std::string text;  // printable ASCII, at most kMaxRefusalTextBytes
};

// A handshake message that does not decode; error() is BadMagic, UnsupportedVersion or
// MalformedMessage.
class HandshakeDecodeError : public DecodeError {
 public:
  HandshakeDecodeError(HandshakeError error, const std::string& message) : DecodeError(message), error_(error) {}
  HandshakeError error() const { return error_; }

 private:
  HandshakeError error_;
};

Bytes encodeHello(const HelloMessage& hello);
Bytes encodeWelcome(const WelcomeMessage& welcome);
Bytes encodeProof(const ProofMessage& proof);
// Text beyond kMaxRefusalTextBytes is cut and characters outside printable ASCII become '?', so
// whatever a caller writes, the peer can decode it.
Bytes encodeRefusal(const Refusal& refusal, std::uint16_t version = kLinkProtocolVersion);

// Strict decoders: exact size, magic, type, our version. They throw HandshakeDecodeError.
HelloMessage decodeHello(ByteSpan bytes);
WelcomeMessage decodeWelcome(ByteSpan bytes);
ProofMessage decodeProof(ByteSpan bytes);
// The refusal layout is the same in every version (an opener must understand "unsupported
// version" from a newer acceptor), so the version is not checked.
Refusal decodeRefusal(ByteSpan bytes);
// The type of a message that starts with the magic and a complete header, else nullopt.
std::optional<HandshakeMessageType> peekHandshakeMessageType(ByteSpan bytes);

// Transcript hashes: BLAKE2b-256 of a label naming the purpose, then the messages as sent.
// Every message has a fixed size, so the concatenation is unambiguous.
// What the acceptor signs: hello || welcome without its signature.
Hash32 welcomeTranscriptHash(ByteSpan hello, ByteSpan unsignedWelcome);
// What the opener signs: hello || welcome || proof without its signature.
Hash32 proofTranscriptHash(ByteSpan hello, ByteSpan welcome, ByteSpan unsignedProof);
// What the session keys are bound to: the three messages, complete.
Hash32 linkTranscriptHash(ByteSpan hello, ByteSpan welcome, ByteSpan proof);

// ---- Proof of work ----

// The opener finds a nonce such that BLAKE2b-256(challenge || opener identity key || nonce as
// u64 LE) starts with `bits` zero bits: about 2^bits hashes for the opener, one for the acceptor.
// The identity key is in the hash so a solution cannot be handed to another node.
struct ProofOfWorkTask {
  Hash32 challenge{};
  crypto::Ed25519PublicKey openerIdentityKey{};
  std::uint8_t bits = 0;
};

Hash32 proofOfWorkHash(const ProofOfWorkTask& task, std::uint64_t nonce);
unsigned leadingZeroBits(const Hash32& hash);  // 0 .. 256, most significant bit of byte 0 first
bool meetsProofOfWork(const ProofOfWorkTask& task, std::uint64_t nonce);
// Tries firstNonce, firstNonce + 1, ... at most maxAttempts nonces; nullopt when none is found or
// *cancel turns true (checked every 1024 attempts). Thread-safe: it touches only its arguments.
std::optional<std::uint64_t> solveProofOfWork(const ProofOfWorkTask& task, std::uint64_t maxAttempts,
                                              const std::atomic<bool>* cancel = nullptr,
                                              std::uint64_t firstNonce = 0);

// ---- State machines ----

// What a successful handshake gives the secure channel.
struct EstablishedLink {
  crypto::Ed25519PublicKey peerIdentityKey{};
  NodeId peerId{};
  crypto::SessionKeys keys;  // rx: what the peer sends us; tx: what we send
  Hash32 transcriptHash{};   // linkTranscriptHash, e.g. to name the link in logs
};

struct OpenerOptions {
  std::uint8_t maxProofOfWorkBits = kDefaultMaxProofOfWorkBits;
  // When dialing a node known by its key (from discovery): anyone else fails with UnexpectedPeer.
  std::optional<crypto::Ed25519PublicKey> expectedPeer;
};

// The side that dialed: hello() -> onWelcome(reply) -> solveProofOfWork(proofOfWorkTask()) ->
// proof(nonce). Then the link is established on our side; the acceptor's consent is its stream
// header and first sealed message (it closes the connection if it rejects the proof). Calling a
// step out of order throws std::logic_error; not copyable (it holds the ephemeral secret).
class HandshakeOpener {
 public:
  enum class State { Start, AwaitingWelcome, SolvingProofOfWork, Established, Failed };

  HandshakeOpener(NodeIdentity identity, const Hash32& consensusId, OpenerOptions options = {});
  ~HandshakeOpener();
  HandshakeOpener(const HandshakeOpener&) = delete;
  HandshakeOpener& operator=(const HandshakeOpener&) = delete;
  HandshakeOpener(HandshakeOpener&&) = default;
  HandshakeOpener& operator=(HandshakeOpener&&) = default;

  // The hello to send; `nowSeconds` is our unix time.
  Bytes hello(std::uint64_t nowSeconds);
  // The acceptor's reply: a welcome (true: solve the task next) or a refusal or anything wrong
  // (false: failed() with the reason; close the connection).
  bool onWelcome(ByteSpan reply);
  const ProofOfWorkTask& proofOfWorkTask() const;  // after onWelcome() returned true
  // The acceptor's identity key, known once its welcome verified.
  const crypto::Ed25519PublicKey& peerIdentityKey() const;
  // The proof to send, with a nonce from solveProofOfWork. Throws std::invalid_argument if the
  // nonce does not meet the task (the acceptor would refuse it).
  Bytes proof(std::uint64_t nonce);

  State state() const { return state_; }
  bool established() const { return state_ == State::Established; }
  bool failed() const { return state_ == State::Failed; }
  const std::optional<HandshakeFailure>& failure() const { return failure_; }
  const EstablishedLink& link() const;  // Established only

 private:
  void fail(HandshakeError error, std::string text, std::optional<RefusalReason> peerReason = {});

  NodeIdentity identity_;
  Hash32 consensusId_;
  OpenerOptions options_;
  State state_ = State::Start;
  crypto::X25519KeyPair ephemeral_;
  crypto::SessionKeys unboundKeys_;
  Bytes hello_;
  Bytes welcome_;
  ProofOfWorkTask task_;
  EstablishedLink link_;
  std::optional<HandshakeFailure> failure_;
};

struct AcceptorOptions {
  std::uint8_t proofOfWorkBits = kDefaultProofOfWorkBits;  // 0 .. kMaxProofOfWorkBits
  std::uint64_t maxClockSkewSeconds = kDefaultMaxClockSkewSeconds;
};

// Asked once the hello is verified (before any work on our side): a refusal to send, or nullopt
// to go on. This is where bans by identity and peer limits apply.
using AdmissionCheck = std::function<std::optional<Refusal>(const crypto::Ed25519PublicKey& openerIdentityKey)>;

// The side that accepted the connection: onHello(hello) -> send the reply -> onProof(proof).
// Failures at the hello are answered with a refusal; a failed proof is not answered (an honest
// opener never sends one), the session just closes. Not copyable (ephemeral secret).
class HandshakeAcceptor {
 public:
  enum class State { AwaitingHello, AwaitingProof, Established, Failed };

  // Throws std::invalid_argument for proofOfWorkBits above kMaxProofOfWorkBits.
  HandshakeAcceptor(NodeIdentity identity, const Hash32& consensusId, AcceptorOptions options = {});
  ~HandshakeAcceptor();
  HandshakeAcceptor(const HandshakeAcceptor&) = delete;
  HandshakeAcceptor& operator=(const HandshakeAcceptor&) = delete;
  HandshakeAcceptor(HandshakeAcceptor&&) = default;
  HandshakeAcceptor& operator=(HandshakeAcceptor&&) = default;

  // The frame to send back: a welcome, or a refusal (then failed()).
  Bytes onHello(ByteSpan hello, std::uint64_t nowSeconds, const AdmissionCheck& admit = {});
  // True when the link is established; false when the proof failed (failed(); close).
  bool onProof(ByteSpan proof);
  // Refuses without reading the hello (too many connections, banned address): the refusal to
  // send. Only before onHello.
  Bytes refuse(RefusalReason reason, std::string_view text);

  State state() const { return state_; }
  bool established() const { return state_ == State::Established; }
  bool failed() const { return state_ == State::Failed; }
  const std::optional<HandshakeFailure>& failure() const { return failure_; }
  const EstablishedLink& link() const;  // Established only

 private:
  Bytes failWithRefusal(HandshakeError error, std::string text);
  void fail(HandshakeError error, std::string text);

  NodeIdentity identity_;
  Hash32 consensusId_;
  AcceptorOptions options_;
  State state_ = State::AwaitingHello;
  crypto::X25519KeyPair ephemeral_;
  crypto::X25519PublicKey openerEphemeralKey_{};
  Bytes hello_;
  Bytes welcome_;
  ProofOfWorkTask task_;
  EstablishedLink link_;
  std::optional<HandshakeFailure> failure_;
};

}  // namespace otedama::p2p
