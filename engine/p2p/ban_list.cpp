// Ban records: subjects in and out of text, expiry, and a bounded list.
#include "p2p/ban_list.hpp"

#include <algorithm>
#include <limits>

#include "p2p/address_groups.hpp"
#include "util/hex.hpp"

namespace otedama::p2p {

std::string banSubject(const NodeId& id) { return toHex(id); }

std::string banSubject(const NetAddress& address) {
  const NetAddress host = hostOf(address);
  return host.isV4() ? host.toString() : host.toString() + "/64";
}

namespace {

std::int64_t endOf(std::int64_t now, std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  return now > std::numeric_limits<std::int64_t>::max() - seconds ? std::numeric_limits<std::int64_t>::max()
                                                                   : now + seconds;
}

}  // namespace

std::pair<std::size_t, std::size_t> BanList::load(const std::vector<PeerBan>& bans, std::int64_t now) {
  std::size_t loaded = 0, skipped = 0;
  const auto keep = [this](auto& map, const auto& key, const PeerBan& ban) {
    auto it = map.find(key);
    if (it == map.end()) {
      if (size() >= capacity_) makeRoom();
      map.emplace(key, Entry{ban.reason, ban.since, ban.until});
    } else {
      it->second.until = std::max(it->second.until, ban.until);
    }
  };
  for (const PeerBan& ban : bans) {
    if (ban.until <= now) {
      ++skipped;
      continue;
    }
    if (ban.subject.size() == 64) {
      if (const auto bytes = tryFromHex(ban.subject)) {
        NodeId id{};
        std::copy(bytes->begin(), bytes->end(), id.begin());
        keep(nodes_, id, ban);
        ++loaded;
        continue;
      }
    }
    std::string text = ban.subject;
    if (text.ends_with("/64")) text.resize(text.size() - 3);
    const auto address = parseNetAddress(text);
    if (!address) {
      ++skipped;
      continue;
    }
    keep(addresses_, hostOf(*address), ban);
    ++loaded;
  }
  return {loaded, skipped};
}

template <typename Key>
PeerBan BanList::add(std::map<Key, Entry>& map, const Key& key, const std::string& subject, std::string reason,
                     std::int64_t now, std::int64_t seconds) {
  auto it = map.find(key);
  if (it == map.end()) {
    if (size() >= capacity_) makeRoom();
    it = map.emplace(key, Entry{std::move(reason), now, endOf(now, seconds)}).first;
  } else {
    // A repeat offence while banned: the ban runs to the later end and names the latest reason.
    it->second.reason = std::move(reason);
    it->second.until = std::max(it->second.until, endOf(now, seconds));
  }
  return PeerBan{subject, it->second.reason, it->second.since, it->second.until};
}

PeerBan BanList::banNode(const NodeId& id, std::string reason, std::int64_t now, std::int64_t seconds) {
  return add(nodes_, id, banSubject(id), std::move(reason), now, seconds);
}

PeerBan BanList::banAddress(const NetAddress& address, std::string reason, std::int64_t now, std::int64_t seconds) {
  return add(addresses_, hostOf(address), banSubject(address), std::move(reason), now, seconds);
}

bool BanList::banned(const NodeId& id, std::int64_t now) const {
  const auto it = nodes_.find(id);
  return it != nodes_.end() && it->second.until > now;
}

bool BanList::banned(const NetAddress& address, std::int64_t now) const {
  const auto it = addresses_.find(hostOf(address));
  return it != addresses_.end() && it->second.until > now;
}

bool BanList::remove(const std::string& subject) {
  for (auto it = nodes_.begin(); it != nodes_.end(); ++it) {
    if (banSubject(it->first) == subject) {
      nodes_.erase(it);
      return true;
    }
  }
  for (auto it = addresses_.begin(); it != addresses_.end(); ++it) {
    if (banSubject(it->first) == subject) {
      addresses_.erase(it);
      return true;
    }
  }
  return false;
}

std::size_t BanList::expire(std::int64_t now) {
  const std::size_t removed = std::erase_if(nodes_, [now](const auto& item) { return item.second.until <= now; }) +
                              std::erase_if(addresses_, [now](const auto& item) { return item.second.until <= now; });
  return removed;
}

std::vector<PeerBan> BanList::active(std::int64_t now) const {
  std::vector<PeerBan> out;
  for (const auto& [id, entry] : nodes_) {
    if (entry.until > now) out.push_back({banSubject(id), entry.reason, entry.since, entry.until});
  }
  for (const auto& [address, entry] : addresses_) {
    if (entry.until > now) out.push_back({banSubject(address), entry.reason, entry.since, entry.until});
  }
  return out;
}

void BanList::makeRoom() {
  // The ban that ends first goes: it had the least time left to protect us anyway.
  auto nodeIt = std::min_element(nodes_.begin(), nodes_.end(),
                                 [](const auto& a, const auto& b) { return a.second.until < b.second.until; });
  auto addressIt = std::min_element(addresses_.begin(), addresses_.end(),
                                    [](const auto& a, const auto& b) { return a.second.until < b.second.until; });
  if (nodeIt != nodes_.end() && (addressIt == addresses_.end() || nodeIt->second.until <= addressIt->second.until)) {
    nodes_.erase(nodeIt);
  } else if (addressIt != addresses_.end()) {
    addresses_.erase(addressIt);
  }
}

}  // namespace otedama::p2p
