// Which addresses count as one host and as one network, for the peer manager's per-IP and
// per-subnet limits, its connection-rate buckets and its address bans: an IPv4 address and its
// /24, an IPv6 /64 (hosts are given whole /64s, so a single address would be no limit) and its /48.
#pragma once

#include <algorithm>

#include "p2p/routing_table.hpp"

namespace otedama::p2p {

// The address with the bits beyond its host prefix cleared (IPv4: itself; IPv6: its /64).
inline NetAddress hostOf(NetAddress address) {
  if (!address.isV4()) std::fill(address.bytes.begin() + 8, address.bytes.end(), std::uint8_t{0});
  return address;
}

// The address with the bits beyond its subnet prefix cleared (IPv4: /24; IPv6: /48).
inline NetAddress subnetOf(NetAddress address) {
  if (address.isV4()) {
    address.bytes[3] = 0;
  } else {
    std::fill(address.bytes.begin() + 6, address.bytes.end(), std::uint8_t{0});
  }
  return address;
}

}  // namespace otedama::p2p
