// Tiers and their file.
//
// Each tier is a short deque of buckets aligned to multiples of its bucket length in unix time (so
// buckets line up across restarts); a sample goes into the bucket of its second in every tier, and
// the oldest bucket falls off when a tier is full. Buckets keep sums and a count rather than a mean
// so that the bucket still filling when the app quits can go on filling after a restart.
//
// File, version 1 (QDataStream, Qt_6_0, big-endian):
//   quint32 magic "OTHH", quint32 version,
//   qint64 last sample time, quint32 tier count (3),
//   per tier: qint64 bucket seconds, quint32 bucket count (<= kBucketsPerTier),
//             per bucket: qint64 start, double pool sum, double local sum, quint32 sample count,
//   then 32 bytes: SHA-256 of everything before them (a torn or damaged file is refused whole
//   rather than shown as a wrong chart).
#include "chart/hashrate_history.hpp"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace otedama::ui {

namespace {

constexpr quint32 kMagic = 0x4F544848;  // "OTHH"
constexpr quint32 kVersion = 1;
constexpr int kHashSize = 32;
// The largest legitimate file is about 32 KiB; anything much bigger is not ours and is not read.
constexpr qint64 kMaxFileSize = 256 * 1024;
constexpr std::int64_t kMaxTime = 253402300799;  // 9999-12-31: later is not a clock, it is garbage
// No hashrate comes near this (the whole Bitcoin network is ~1e21 H/s); it keeps sums finite.
constexpr double kMaxHashrate = 1e30;
// At 1 Hz a bucket gets at most 1800 samples; the cap only keeps a runaway caller's mean finite.
constexpr std::uint32_t kMaxSamplesPerBucket = 1u << 24;
constexpr std::array<std::int64_t, 3> kBucketSeconds = {10, 240, 1800};
constexpr std::array<std::int64_t, 3> kSpanSeconds = {3600, 86400, 7 * 86400};

// The history's messages, in the translation context "otedama::ui::HashrateHistory".
struct Words {
  Q_DECLARE_TR_FUNCTIONS(otedama::ui::HashrateHistory)
};

bool validRate(double value) { return std::isfinite(value) && value >= 0 && value <= kMaxHashrate; }

bool validSum(double sum, std::uint32_t count) {
  return std::isfinite(sum) && sum >= 0 && sum <= kMaxHashrate * double(count);
}

}  // namespace

std::int64_t HashrateHistory::bucketSeconds(Range range) { return kBucketSeconds[tierIndex(range)]; }

std::int64_t HashrateHistory::spanSeconds(Range range) { return kSpanSeconds[tierIndex(range)]; }

void HashrateHistory::add(std::int64_t unixSeconds, double poolHashrate, double localHashrate) {
  if (unixSeconds <= 0 || unixSeconds > kMaxTime || unixSeconds < lastTime_) return;
  if (!validRate(poolHashrate) || !validRate(localHashrate)) return;
  for (std::size_t i = 0; i < tiers_.size(); ++i) {
    Tier& tier = tiers_[i];
    const std::int64_t start = unixSeconds - unixSeconds % kBucketSeconds[i];
    if (!tier.empty() && tier.back().start == start) {
      Bucket& bucket = tier.back();
      if (bucket.count >= kMaxSamplesPerBucket) continue;
      bucket.poolSum += poolHashrate;
      bucket.localSum += localHashrate;
      ++bucket.count;
    } else {
      tier.push_back({start, poolHashrate, localHashrate, 1});
      while (tier.size() > std::size_t(kBucketsPerTier)) tier.pop_front();
    }
  }
  lastTime_ = unixSeconds;
}

QVector<HashrateHistory::Point> HashrateHistory::points(Range range, std::int64_t now) const {
  const Tier& tier = tiers_[tierIndex(range)];
  const std::int64_t bucket = bucketSeconds(range);
  const std::int64_t from = now - spanSeconds(range);
  QVector<Point> out;
  out.reserve(int(std::min<std::int64_t>(std::int64_t(tier.size()), spanSeconds(range) / bucket + 1)));
  for (const Bucket& b : tier) {
    if (b.start < from) continue;
    if (b.start > now) break;
    // An empty bucket between two points means nothing was sampled for a whole bucket: the app
    // was not running (or the machine slept), and a line across would invent data.
    const bool gap = !out.isEmpty() && b.start - out.back().time > bucket;
    out.push_back({b.start, b.poolSum / b.count, b.localSum / b.count, gap});
  }
  return out;
}

int HashrateHistory::storedBucketCount() const {
  int count = 0;
  for (const Tier& tier : tiers_) count += int(tier.size());
  return count;
}

void HashrateHistory::clear() {
  for (Tier& tier : tiers_) tier.clear();
  lastTime_ = 0;
}

bool HashrateHistory::save(const QString& path, QString* error) const {
  QByteArray data;
  {
    QDataStream out(&data, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_0);
    out << kMagic << kVersion << qint64(lastTime_) << quint32(tiers_.size());
    for (std::size_t i = 0; i < tiers_.size(); ++i) {
      out << qint64(kBucketSeconds[i]) << quint32(tiers_[i].size());
      for (const Bucket& b : tiers_[i]) out << qint64(b.start) << b.poolSum << b.localSum << quint32(b.count);
    }
  }
  data += QCryptographicHash::hash(data, QCryptographicHash::Sha256);

  const auto fail = [&](const QString& reason) {
    if (error) {
      *error = Words::tr("Cannot save the hashrate history to %1: %2").arg(QDir::toNativeSeparators(path), reason);
    }
    return false;
  };
  // On the first run the data folder may not exist yet.
  QDir().mkpath(QFileInfo(path).absolutePath());
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return fail(file.errorString());
  if (file.write(data) != data.size()) {
    const QString reason = file.errorString();
    file.cancelWriting();
    return fail(reason);
  }
  if (!file.commit()) return fail(file.errorString());
  return true;
}

bool HashrateHistory::load(const QString& path, QString* error) {
  clear();
  if (error) error->clear();
  const auto fail = [&](const QString& reason) {
    clear();
    if (error) {
      *error = Words::tr("Cannot read the hashrate history %1: %2").arg(QDir::toNativeSeparators(path), reason);
    }
    return false;
  };

  QFile file(path);
  if (!file.exists()) return true;  // the first run: nothing recorded yet
  if (!file.open(QIODevice::ReadOnly)) return fail(file.errorString());
  // Read at most one byte more than we accept, whatever the file claims to hold.
  const QByteArray data = file.read(kMaxFileSize + 1);
  if (data.size() > kMaxFileSize) return fail(Words::tr("the file is too large to be a hashrate history"));
  if (data.size() < 8 + kHashSize) return fail(Words::tr("the file is truncated"));

  QDataStream in(data);
  in.setVersion(QDataStream::Qt_6_0);
  quint32 magic = 0, version = 0;
  in >> magic >> version;
  if (magic != kMagic) return fail(Words::tr("this is not a hashrate history file"));
  if (version != kVersion) {
    return fail(Words::tr("the file has format version %1; this version of Otedama reads version %2")
                    .arg(version)
                    .arg(kVersion));
  }
  const QByteArray body = data.first(data.size() - kHashSize);
  if (QCryptographicHash::hash(body, QCryptographicHash::Sha256) != data.last(kHashSize)) {
    return fail(Words::tr("the file is damaged or truncated (checksum mismatch)"));
  }

  // The checksum says the bytes are the ones written; the checks below still hold every count and
  // value to what add() could have produced, so a crafted file cannot make the chart misbehave.
  const QString malformed = Words::tr("the file's contents are malformed");
  QDataStream stream(body);
  stream.setVersion(QDataStream::Qt_6_0);
  stream.skipRawData(8);
  qint64 lastTime = 0;
  quint32 tierCount = 0;
  stream >> lastTime >> tierCount;
  if (stream.status() != QDataStream::Ok || tierCount != tiers_.size()) return fail(malformed);
  if (lastTime < 0 || lastTime > kMaxTime) return fail(malformed);

  std::array<Tier, 3> tiers;
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    qint64 bucketLength = 0;
    quint32 count = 0;
    stream >> bucketLength >> count;
    if (stream.status() != QDataStream::Ok || bucketLength != kBucketSeconds[i] || count > quint32(kBucketsPerTier)) {
      return fail(malformed);
    }
    for (quint32 j = 0; j < count; ++j) {
      qint64 start = 0;
      double poolSum = 0, localSum = 0;
      quint32 samples = 0;
      stream >> start >> poolSum >> localSum >> samples;
      if (stream.status() != QDataStream::Ok) return fail(malformed);
      const bool ordered = tiers[i].empty() || start > tiers[i].back().start;
      if (start <= 0 || start % bucketLength != 0 || !ordered || samples == 0 || samples > kMaxSamplesPerBucket ||
          !validSum(poolSum, samples) || !validSum(localSum, samples)) {
        return fail(malformed);
      }
      tiers[i].push_back({start, poolSum, localSum, samples});
    }
    // The last sample lies in the bucket still filling of every tier (or nothing was recorded).
    if (tiers[i].empty() ? lastTime != 0
                         : lastTime < tiers[i].back().start || lastTime >= tiers[i].back().start + bucketLength) {
      return fail(malformed);
    }
  }
  if (!stream.atEnd()) return fail(malformed);

  tiers_ = std::move(tiers);
  lastTime_ = lastTime;
  return true;
}

}  // namespace otedama::ui
