// The hashrate history behind the dashboard chart: the pool's and the user's own hashrate, fed about
// once a second, kept as three down-sampled tiers (10 s buckets for the last hour, 4 min buckets for
// the last day, 30 min buckets for the last week) so that memory stays the same after a month of
// uptime as after a minute. Saved to a small file so the chart survives a restart; time the app was
// not running shows as a gap, never as a line across it. Qt Core only: no widgets here.
#pragma once

#include <QString>
#include <QVector>

#include <array>
#include <cstdint>
#include <deque>

namespace otedama::ui {

class HashrateHistory {
 public:
  enum class Range { Hour, Day, Week };

  struct Point {
    std::int64_t time = 0;  // start of the bucket, unix seconds
    double pool = 0;        // mean of the samples in the bucket, H/s
    double local = 0;
    // No data in the bucket(s) right before this one (the app was not running): the line breaks
    // here. Never set on the first point of a list.
    bool gapBefore = false;
    friend bool operator==(const Point&, const Point&) = default;
  };

  // Buckets kept per tier, the one still filling included. 384 buckets cover 64 min, 25.6 h and
  // 8 days: a little more than each range, so a full range is always there to show.
  static constexpr int kBucketsPerTier = 384;

  static std::int64_t bucketSeconds(Range range);
  static std::int64_t spanSeconds(Range range);

  // One sample. Ignored when the time goes backwards (equal is fine), is not a plausible unix
  // time, or a value is NaN, infinite or negative.
  void add(std::int64_t unixSeconds, double poolHashrate, double localHashrate);

  // The tier for this range, the buckets that start within [now - span, now], oldest first; the
  // last may still be filling. At most span / bucket + 1 points (361, 361, 337).
  QVector<Point> points(Range range, std::int64_t now) const;

  bool isEmpty() const { return lastTime_ == 0; }
  std::int64_t lastSampleTime() const { return lastTime_; }  // 0 when empty
  // Buckets held in all tiers together (never more than 3 * kBucketsPerTier).
  int storedBucketCount() const;
  void clear();

  // Atomically (QSaveFile; the folder is created if needed). On failure *error says why.
  bool save(const QString& path, QString* error = nullptr) const;
  // A missing file leaves the history empty and is no error. A file that is not ours, damaged,
  // truncated or of another version leaves the history empty, returns false and says why.
  bool load(const QString& path, QString* error = nullptr);

 private:
  struct Bucket {
    std::int64_t start = 0;
    double poolSum = 0;
    double localSum = 0;
    std::uint32_t count = 0;
  };
  using Tier = std::deque<Bucket>;  // oldest first; the last one is still filling

  static constexpr std::size_t tierIndex(Range range) { return static_cast<std::size_t>(range); }

  std::array<Tier, 3> tiers_;
  std::int64_t lastTime_ = 0;
};

}  // namespace otedama::ui
