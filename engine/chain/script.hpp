// Bitcoin script pieces a pool writes and reads: minimal data pushes, BIP34's height push,
// OP_RETURN outputs, the segwit commitment output, and the legacy sigop count of a script.
#pragma once

#include <cstdint>

#include "util/bytes.hpp"

namespace otedama::chain {

// The shortest push of `data` (OP_0 for empty, a length byte up to 75, then PUSHDATA1/2/4).
Bytes pushData(ByteSpan data);

// `CScript() << n` as Bitcoin Core writes it: OP_0, OP_1..OP_16 (and OP_1NEGATE), or a push of the
// minimal little-endian sign-magnitude number. BIP34 compares the coinbase scriptSig's start
// with exactly these bytes.
Bytes pushNumber(std::int64_t n);

// OP_RETURN followed by one push of the payload (at most 80 bytes, the standard limit).
Bytes opReturnScript(ByteSpan payload);

// The segwit commitment output script: OP_RETURN 0x24 0xaa21a9ed <commitment>.
Bytes witnessCommitmentScript(const Hash32& commitment);

// Legacy sigops (CHECKSIG 1, CHECKMULTISIG 20) as consensus counts them in output scripts;
// a malformed script counts what was read before the error, like Bitcoin Core.
unsigned legacySigOps(ByteSpan script);

}  // namespace otedama::chain
