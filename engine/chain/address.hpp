// Bitcoin and Litecoin payout addresses <-> output scripts (scriptPubKey). Decoding checks the text
// against the pool's coin and network and, when it refuses, says why in words a miner can act on:
// a mistyped character, an address of another network or coin, a witness program the rules forbid,
// or a Litecoin MWEB address (MWEB outputs live in the extension block; a coinbase cannot pay one).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "chain/coin_params.hpp"
#include "util/bytes.hpp"

namespace otedama::chain {

class AddressError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// WitnessUnknown is a witness version 2..16, or version 1 with a program that is not 32 bytes.
// Such outputs are valid but anyone can spend them until a soft fork gives them meaning.
enum class AddressType { P2PKH, P2SH, P2WPKH, P2WSH, P2TR, WitnessUnknown };

struct DecodedAddress {
  AddressType type;
  Bytes script;             // the output script (scriptPubKey) that pays the address
  int witnessVersion = -1;  // -1 for P2PKH and P2SH
  Bytes program;            // the witness program; for P2PKH and P2SH the 20-byte hash
};

// `coin` is the config's `blockchain` value: "bitcoin" or "litecoin". Accepts every form the
// network's own node accepts: Base58Check P2PKH and P2SH (for Litecoin also the legacy 3... / 2...
// P2SH prefix) and Bech32/Bech32m witness addresses of version 0..16, in either case.
// Throws AddressError with the reason.
DecodedAddress decodeAddress(std::string_view address, std::string_view coin, Network network);

// The address that `script` pays, lowercase for witness outputs, new-style P2SH prefix for
// Litecoin (M... / Q...). Throws AddressError for a script no address stands for.
std::string encodeAddress(ByteSpan script, std::string_view coin, Network network);

// Classifies a standard output script; throws AddressError for any other script.
AddressType scriptType(ByteSpan script);

// "P2PKH", "P2SH", "P2WPKH", "P2WSH", "P2TR" or "witness (unknown version)".
std::string_view addressTypeName(AddressType type);

}  // namespace otedama::chain
