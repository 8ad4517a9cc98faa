// Bans with an expiry, by node id (the peer's identity, whatever address it comes from) and by
// host address (an IPv4 address or an IPv6 /64: offenders that never completed a handshake have
// no identity to ban). The peer manager issues them when a peer's reputation falls to the ban
// threshold and checks them before any work is done for a connection; they are plain records so
// the node can keep them in the store and hand them back at start. Pure: times are passed in
// (unix seconds, because bans outlive the process).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "p2p/node_identity.hpp"
#include "p2p/routing_table.hpp"

namespace otedama::p2p {

// One ban as the store keeps it. subject: a node id as 64 hex digits, an IPv4 address
// ("1.2.3.4") or an IPv6 /64 ("2001:db8:1:2::/64").
struct PeerBan {
  std::string subject;
  std::string reason;
  std::int64_t since = 0, until = 0;  // unix seconds; the ban is over at `until`
  friend bool operator==(const PeerBan&, const PeerBan&) = default;
};

std::string banSubject(const NodeId& id);
std::string banSubject(const NetAddress& address);  // of the address's host (hostOf)

class BanList {
 public:
  explicit BanList(std::size_t capacity = 8192) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Loads saved bans; those already over and subjects that do not parse are skipped (counted in
  // the return value's second member). Returns {loaded, skipped}.
  std::pair<std::size_t, std::size_t> load(const std::vector<PeerBan>& bans, std::int64_t now);

  // Bans (or extends the ban of) a node or a host; returns the record to keep. A ban never
  // shortens an existing one. When the list is full, the ban closest to its end makes room.
  PeerBan banNode(const NodeId& id, std::string reason, std::int64_t now, std::int64_t seconds);
  PeerBan banAddress(const NetAddress& address, std::string reason, std::int64_t now, std::int64_t seconds);

  bool banned(const NodeId& id, std::int64_t now) const;
  bool banned(const NetAddress& address, std::int64_t now) const;  // its host
  // Removes a ban by its subject; false when there was none.
  bool remove(const std::string& subject);
  // Drops bans that are over; returns how many.
  std::size_t expire(std::int64_t now);

  // Bans still in force, nodes first, then addresses.
  std::vector<PeerBan> active(std::int64_t now) const;
  std::size_t size() const { return nodes_.size() + addresses_.size(); }

 private:
  struct Entry {
    std::string reason;
    std::int64_t since = 0, until = 0;
  };
  template <typename Key>
  PeerBan add(std::map<Key, Entry>& map, const Key& key, const std::string& subject, std::string reason,
              std::int64_t now, std::int64_t seconds);
  void makeRoom();

  std::size_t capacity_;
  std::map<NodeId, Entry> nodes_;
  std::map<NetAddress, Entry> addresses_;  // by host
};

}  // namespace otedama::p2p
