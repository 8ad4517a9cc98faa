// Tests of the store: round trips and ordering for every record type, idempotent inserts,
// pruning, reopening, the SQLite settings actually in force, schema migrations (and refusing a
// newer schema), detection of a damaged file at open, and refusal of bad input.
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <random>

#include "store/migrations.hpp"
#include "store/store.hpp"
#include "util/hex.hpp"

using namespace otedama;
using namespace otedama::store;

namespace {

Hash32 hashOf(std::uint64_t n) {
  std::mt19937_64 random(n * 7919 + 1);
  Hash32 hash;
  for (auto& b : hash) b = static_cast<std::uint8_t>(random());
  return hash;
}

Bytes bytesOf(std::size_t size, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  Bytes bytes(size);
  for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
  return bytes;
}

ShareRecord makeShare(std::uint64_t n, std::uint64_t height, std::size_t size = 400) {
  ShareRecord share;
  share.id = hashOf(n);
  share.previousId = hashOf(n + 1000000);
  share.height = height;
  share.encoded = bytesOf(size, n);
  share.receivedAt = 1700000000 + static_cast<std::int64_t>(n);
  share.local = n % 3 == 0;
  return share;
}

// The message of the StoreError `f` throws, or "(no error)".
template <typename F>
QString errorOf(F&& f) {
  try {
    f();
  } catch (const StoreError& e) {
    return QString::fromStdString(e.what());
  }
  return "(no error)";
}

std::filesystem::path pathIn(const QTemporaryDir& dir, const char* name) {
  return std::filesystem::path(dir.path().toStdString()) / name;
}

}  // namespace

class TestStore : public QObject {
  Q_OBJECT

 private slots:
  void createsFoldersAndSchema() {
    QTemporaryDir dir;
    const auto file = pathIn(dir, "a/b/store.sqlite");
    auto store = Store::open(file);
    QVERIFY(std::filesystem::exists(file));
    QCOMPARE(store->schemaVersion(), static_cast<int>(storeMigrations().size()));
    QCOMPARE(QString::fromStdString(store->integrityCheck()), QString("ok"));
    QCOMPARE(store->shareCount(), std::size_t{0});
  }

  void sqliteSettingsAreInForce() {
    QTemporaryDir dir;
    const auto file = pathIn(dir, "store.sqlite");
    auto store = Store::open(file);
    const Store::Settings settings = store->settings();
    QCOMPARE(QString::fromStdString(settings.journalMode), QString("wal"));
    QCOMPARE(settings.synchronous, 2);  // FULL
    QVERIFY(settings.foreignKeys);
    QVERIFY(settings.busyTimeoutMs > 0);
    // WAL is a property of the file: a second connection sees it too.
    Database other(file);
    QCOMPARE(QString::fromStdString(other.pragma("journal_mode")), QString("wal"));
  }

  void sharesRoundTripAndOrder() {
    QTemporaryDir dir;
    auto store = Store::open(pathIn(dir, "store.sqlite"));
    // Inserted out of order; two shares at height 5 to check the tie-break by id.
    const std::vector<ShareRecord> shares{makeShare(1, 7), makeShare(2, 5), makeShare(3, 5), makeShare(4, 0),
                                          makeShare(5, 6, 1)};
    for (const ShareRecord& share : shares) store->addShare(share);
    QCOMPARE(store->shareCount(), shares.size());

    for (const ShareRecord& share : shares) {
      QVERIFY(store->hasShare(share.id));
      const auto loaded = store->share(share.id);
      QVERIFY(loaded.has_value());
      QVERIFY(*loaded == share);
    }
    QVERIFY(!store->hasShare(hashOf(99)));
    QVERIFY(!store->share(hashOf(99)).has_value());

    const std::vector<ShareRecord> loaded = store->loadShares();
    QCOMPARE(loaded.size(), shares.size());
    for (std::size_t i = 1; i < loaded.size(); ++i) {
      const bool ordered = loaded[i - 1].height < loaded[i].height ||
                           (loaded[i - 1].height == loaded[i].height && loaded[i - 1].id < loaded[i].id);
      QVERIFY2(ordered, qPrintable(QString("rows %1 and %2 out of order").arg(i - 1).arg(i)));
    }
    QCOMPARE(loaded.front().height, std::uint64_t{0});
    QCOMPARE(loaded.back().height, std::uint64_t{7});
  }

  void addingAStoredShareChangesNothing() {
    QTemporaryDir dir;
    auto store = Store::open(pathIn(dir, "store.sqlite"));
    const ShareRecord first = makeShare(1, 10);
    store->addShare(first);
    ShareRecord again = first;
    again.encoded = bytesOf(50, 77);
    again.height = 11;
    store->addShare(again);  // same id: a no-op, not an error
    const std::vector<ShareRecord> batch{first, makeShare(2, 11), makeShare(2, 11)};
    store->addShares(batch);
    QCOMPARE(store->shareCount(), std::size_t{2});
    QVERIFY(*store->share(first.id) == first);
  }

  void removingShares() {
    QTemporaryDir dir;
    auto store = Store::open(pathIn(dir, "store.sqlite"));
    std::vector<ShareRecord> shares;
    for (std::uint64_t n = 0; n < 20; ++n) shares.push_back(makeShare(n, n));
    store->addShares(shares);
    QCOMPARE(store->shareCount(), std::size_t{20});

    const std::vector<Hash32> gone{shares[15].id, shares[16].id, hashOf(12345)};  // one never stored
    store->removeShares(gone);
    QCOMPARE(store->shareCount(), std::size_t{18});
    QVERIFY(!store->hasShare(shares[15].id));

    QCOMPARE(store->removeSharesBelowHeight(5), std::size_t{5});
    QCOMPARE(store->removeSharesBelowHeight(5), std::size_t{0});
    QVERIFY(!store->hasShare(shares[4].id));
    QVERIFY(store->hasShare(shares[5].id));
    QCOMPARE(store->loadShares().front().height, std::uint64_t{5});
    QCOMPARE(store->removeSharesBelowHeight(std::numeric_limits<std::uint64_t>::max()), std::size_t{13});
    QCOMPARE(store->shareCount(), std::size_t{0});
  }

  void aBatchIsAllOrNothing() {
    QTemporaryDir dir;
    auto store = Store::open(pathIn(dir, "store.sqlite"));
    std::vector<ShareRecord> batch{makeShare(1, 1), makeShare(2, 2), makeShare(3, 3, Store::kMaxShareBytes + 1)};
    QVERIFY(errorOf([&] { store->addShares(batch); }).contains("more than the 65536 allowed"));
    QCOMPARE(store->shareCount(), std::size_t{0});
    // Any refused share refuses the whole batch.
    batch[2] = makeShare(3, std::numeric_limits<std::uint64_t>::max());
    QVERIFY(errorOf([&] { store->addShares(batch); }) != "(no error)");
    QCOMPARE(store->shareCount(), std::size_t{0});
    batch.pop_back();
    store->addShares(batch);
    QCOMPARE(store->shareCount(), std::size_t{2});
  }

  void blockStatusNames() {
    for (BlockStatus status : {BlockStatus::Pending, BlockStatus::Confirmed, BlockStatus::Orphaned}) {
      QCOMPARE(parseBlockStatus(toString(status)), std::optional<BlockStatus>(status));
    }
    QCOMPARE(QString::fromUtf8(toString(BlockStatus::Orphaned).data()), QString("orphaned"));
    QVERIFY(!parseBlockStatus("Confirmed").has_value());
  }

  void blocksAndPayouts() {
    QTemporaryDir dir;
    auto store = Store::open(pathIn(dir, "store.sqlite"));
    const BlockRecord older{100, hashOf(1), hashOf(11), 625000000, 1700000000, BlockStatus::Pending, 0};
    const BlockRecord newer{105, hashOf(2), hashOf(12), 625000000, 1700000600, BlockStatus::Pending, 0};
    // Order kept as given, not sorted: "zed" first, alice twice.
    const std::vector<PayoutRecord> olderPayouts{{"zed", Bytes{0x51}, 100}, {"alice", Bytes{0x52, 0x53}, 200},
                                                 {"alice", Bytes{0x52, 0x53}, 5}, {"", Bytes{0x6a}, 0}};
    const std::vector<PayoutRecord> newerPayouts{{"alice", Bytes{0x52, 0x53}, 300}, {"bob", Bytes{0x54}, 400}};
    store->addBlock(older, olderPayouts);
    store->addBlock(newer, newerPayouts);
    // The same hash again, with other payouts: nothing changes.
    store->addBlock(older, std::vector<PayoutRecord>{{"mallory", Bytes{0x55}, 999}});

    const auto blocks = store->blocks(10);
    QCOMPARE(blocks.size(), std::size_t{2});
    QVERIFY(blocks[0] == newer);
    QVERIFY(blocks[1] == older);
    QCOMPARE(store->blockCount(), std::size_t{2});
    QCOMPARE(store->blocks(1).size(), std::size_t{1});
    QVERIFY(store->blocks(0).empty());

    QVERIFY(store->payouts(older.hash) == olderPayouts);
    QVERIFY(store->payouts(newer.hash) == newerPayouts);
    QVERIFY(store->payouts(hashOf(3)).empty());

    store->updateBlockStatus(older.hash, BlockStatus::Confirmed, 101);
    store->updateBlockStatus(newer.hash, BlockStatus::Orphaned, 3);
    const auto updated = store->blocks(10);
    QVERIFY(updated[1].status == BlockStatus::Confirmed);
    QCOMPARE(updated[1].confirmations, 101u);
    QVERIFY(updated[0].status == BlockStatus::Orphaned);
    const QString unknown = errorOf([&] { store->updateBlockStatus(hashOf(3), BlockStatus::Confirmed, 1); });
    QVERIFY2(unknown.contains("no stored block"), qPrintable(unknown));

    const auto alice = store->paymentsTo("alice", 10);
    QCOMPARE(alice.size(), std::size_t{2});
    QVERIFY(alice[0] == (MinerPayment{newer.hash, 105, 300, BlockStatus::Orphaned, newer.foundAt}));
    QVERIFY(alice[1] == (MinerPayment{older.hash, 100, 205, BlockStatus::Confirmed, older.foundAt}));  // summed
    QCOMPARE(store->paymentsTo("alice", 1).size(), std::size_t{1});
    QVERIFY(store->paymentsTo("mallory", 10).empty());
    QCOMPARE(store->paymentsTo("zed", 10).size(), std::size_t{1});
  }

  void minerStatistics() {
    QTemporaryDir dir;
    auto store = Store::open(pathIn(dir, "store.sqlite"));
    store->recordMinerShares("ltc1qminer.rig2", 1, 0, 8.0, 1000);
    store->recordMinerShares("ltc1qminer.rig1", 10, 2, 1024.5, 2000);
    store->recordMinerShares("ltc1qminer.rig1", 5, 1, 512.25, 1500);  // older time: lastShareAt stays 2000
    store->recordMinerShares("ltc1qminer.rig1", 0, 3, 0, 2500);
    const auto stats = store->minerStats();
    QCOMPARE(stats.size(), std::size_t{2});
    QVERIFY(stats[0] == (MinerStatsRecord{"ltc1qminer.rig1", 15, 6, 1536.75, 2500}));
    QVERIFY(stats[1] == (MinerStatsRecord{"ltc1qminer.rig2", 1, 0, 8.0, 1000}));
  }

  void peers() {
    QTemporaryDir dir;
    auto store = Store::open(pathIn(dir, "store.sqlite"));
    store->upsertPeer({"10.0.0.1:9338", "aa01", 100, 200, 1.5});
    store->upsertPeer({"10.0.0.2:9338", "", 150, 300, 0});
    store->upsertPeer({"[2001:db8::1]:9338", "cc03", 120, 250, -2});
    // Seen again: firstSeen and the known node id stay, the rest moves.
    store->upsertPeer({"10.0.0.1:9338", "", 500, 400, 3.0});

    const auto peers = store->peers(10);
    QCOMPARE(peers.size(), std::size_t{3});
    QVERIFY(peers[0] == (PeerRecord{"10.0.0.1:9338", "aa01", 100, 400, 3.0}));
    QVERIFY(peers[1] == (PeerRecord{"10.0.0.2:9338", "", 150, 300, 0}));
    QVERIFY(peers[2] == (PeerRecord{"[2001:db8::1]:9338", "cc03", 120, 250, -2}));
    QCOMPARE(store->peers(2).size(), std::size_t{2});

    store->upsertPeer({"10.0.0.2:9338", "bb02", 0, 100, 0.5});  // an older sighting: lastSeen stays
    QVERIFY(store->peers(10)[1] == (PeerRecord{"10.0.0.2:9338", "bb02", 150, 300, 0.5}));

    store->removePeer("10.0.0.1:9338");
    store->removePeer("10.9.9.9:1");  // unknown: nothing to do
    QCOMPARE(store->peers(10).size(), std::size_t{2});
    QCOMPARE(QString::fromStdString(store->peers(10)[0].endpoint), QString("10.0.0.2:9338"));
  }

  void bansExpire() {
    QTemporaryDir dir;
    auto store = Store::open(pathIn(dir, "store.sqlite"));
    store->addBan({"192.0.2.7", "junk shares", 1000, 2000});
    store->addBan({"198.51.100.0/24", "flood", 1000, 1500});
    store->addBan({"node:abcd", "bad signature", 1000, std::numeric_limits<std::int64_t>::max()});
    store->addBan({"192.0.2.7", "invalid shares again", 1800, 3000});  // replaces the first

    auto active = store->activeBans(1499);
    QCOMPARE(active.size(), std::size_t{3});
    QVERIFY(active[0] == (BanRecord{"192.0.2.7", "invalid shares again", 1800, 3000}));
    QCOMPARE(store->activeBans(1500).size(), std::size_t{2});  // over at `until`
    QCOMPARE(store->activeBans(3000).size(), std::size_t{1});

    QCOMPARE(store->pruneExpiredBans(1500), std::size_t{1});
    QCOMPARE(store->pruneExpiredBans(1500), std::size_t{0});
    store->removeBan("192.0.2.7");
    active = store->activeBans(0);
    QCOMPARE(active.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(active[0].subject), QString("node:abcd"));
  }

  void reopeningKeepsEverything() {
    QTemporaryDir dir;
    const auto file = pathIn(dir, "store.sqlite");
    std::vector<ShareRecord> shares;
    for (std::uint64_t n = 0; n < 50; ++n) shares.push_back(makeShare(n, n / 2, 100 + n * 10));
    const BlockRecord block{200, hashOf(500), shares[3].id, 50, 1700000000, BlockStatus::Pending, 0};
    const std::vector<PayoutRecord> payouts{{"alice", Bytes{1, 2, 3}, 30}, {"bob", Bytes{4}, 20}};
    {
      auto store = Store::open(file);
      store->addShares(std::span(shares).first(25));
      for (std::size_t i = 25; i < shares.size(); ++i) store->addShare(shares[i]);
      store->addBlock(block, payouts);
      store->updateBlockStatus(block.hash, BlockStatus::Confirmed, 100);
      store->recordMinerShares("alice", 3, 1, 12.5, 1700000100);
      store->upsertPeer({"127.0.0.1:9338", "abcd", 1, 2, 0.25});
      store->addBan({"203.0.113.9", "spam", 10, 20});
    }
    auto store = Store::open(file);
    QCOMPARE(store->shareCount(), shares.size());
    std::vector<ShareRecord> expected = shares;
    std::sort(expected.begin(), expected.end(), [](const ShareRecord& a, const ShareRecord& b) {
      return a.height != b.height ? a.height < b.height : a.id < b.id;
    });
    QVERIFY(store->loadShares() == expected);
    BlockRecord confirmed = block;
    confirmed.status = BlockStatus::Confirmed;
    confirmed.confirmations = 100;
    QCOMPARE(store->blocks(5).size(), std::size_t{1});
    QVERIFY(store->blocks(5)[0] == confirmed);
    QVERIFY(store->payouts(block.hash) == payouts);
    QVERIFY(store->minerStats() == (std::vector<MinerStatsRecord>{{"alice", 3, 1, 12.5, 1700000100}}));
    QVERIFY(store->peers(5) == (std::vector<PeerRecord>{{"127.0.0.1:9338", "abcd", 1, 2, 0.25}}));
    QVERIFY(store->activeBans(15) == (std::vector<BanRecord>{{"203.0.113.9", "spam", 10, 20}}));
    QCOMPARE(QString::fromStdString(store->integrityCheck()), QString("ok"));
  }

  void newerSchemaIsRefused() {
    QTemporaryDir dir;
    const auto file = pathIn(dir, "store.sqlite");
    Store::open(file)->addShare(makeShare(1, 1));
    {
      Database db(file);
      db.exec("PRAGMA user_version = 7");
    }
    const QString error = errorOf([&] { Store::open(file); });
    const QString expected = QString("database schema version 7 is newer than this Otedama (knows 1..%1)")
                                 .arg(storeMigrations().size());
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.contains(QString::fromStdString(file.string())), qPrintable(error));
    // Refused without touching the file.
    Database db(file);
    QCOMPARE(db.pragmaInt("user_version"), std::int64_t{7});
  }

  void migrationsRunInOrderAndKeepData() {
    QTemporaryDir dir;
    const auto file = pathIn(dir, "migrate.sqlite");
    const Migration v1{1, "notes table", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);", {}};
    std::vector<std::string> ran;
    const Migration v2{2, "notes get a priority",
                       "ALTER TABLE notes ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;",
                       [&](Database& db) {
                         ran.push_back("v2");
                         db.exec("UPDATE notes SET priority = length(text)");
                       }};
    const Migration v3{3, "a step that fails", "CREATE TABLE later (x);", [](Database& db) {
                         db.exec("INSERT INTO no_such_table VALUES (1)");
                       }};
    {
      Database db(file);
      QCOMPARE(schemaVersion(db), 0);
      const std::vector<Migration> first{v1};
      QCOMPARE(migrate(db, first), 1);
      db.exec("INSERT INTO notes (text) VALUES ('hello'), ('otedama')");
    }
    Database db(file);
    const std::vector<Migration> second{v1, v2};
    QCOMPARE(migrate(db, second), 2);
    QCOMPARE(migrate(db, second), 2);  // nothing left to run
    QCOMPARE(ran.size(), std::size_t{1});
    Statement rows = db.prepare("SELECT text, priority FROM notes ORDER BY id");
    QVERIFY(rows.step());
    QCOMPARE(QString::fromStdString(rows.columnText(0)), QString("hello"));
    QCOMPARE(rows.columnInt64(1), std::int64_t{5});
    QVERIFY(rows.step());
    QCOMPARE(rows.columnInt64(1), std::int64_t{7});
    QVERIFY(!rows.step());
    rows.reset();

    // A failing step is rolled back whole (its table too) and named; the version stays.
    const std::vector<Migration> third{v1, v2, v3};
    const QString error = errorOf([&] { migrate(db, third); });
    QVERIFY2(error.contains("migration to schema version 3 (a step that fails) failed"), qPrintable(error));
    QCOMPARE(schemaVersion(db), 2);
    QVERIFY(errorOf([&] { db.exec("SELECT * FROM later"); }).contains("no such table"));

    // The runner itself refuses a newer file and a badly numbered list.
    const std::vector<Migration> onlyFirst{v1};
    const QString newer = errorOf([&] { migrate(db, onlyFirst); });
    QVERIFY2(newer.contains("database schema version 2 is newer than this Otedama (knows 1..1)"), qPrintable(newer));
    const std::vector<Migration> gap{v1, v3};
    QVERIFY(errorOf([&] { migrate(db, gap); }).contains("numbered 1..N"));
    QVERIFY(errorOf([&] { migrate(db, {}); }).contains("no migration steps"));
  }

  void damagedFileIsDetectedAtOpen_data() {
    QTest::addColumn<double>("where");  // fraction of the file where the garbage starts
    QTest::addColumn<int>("length");
    QTest::newRow("middle") << 0.5 << 16384;
    QTest::newRow("a third in") << 0.33 << 8192;
    QTest::newRow("header") << 0.0 << 100;
  }

  void damagedFileIsDetectedAtOpen() {
    QFETCH(double, where);
    QFETCH(int, length);
    QTemporaryDir dir;
    const auto file = pathIn(dir, "store.sqlite");
    {
      auto store = Store::open(file);
      std::vector<ShareRecord> shares;
      for (std::uint64_t n = 0; n < 400; ++n) shares.push_back(makeShare(n, n));
      store->addShares(shares);
      store->addBlock({1, hashOf(1), hashOf(2), 1, 1, BlockStatus::Pending, 0},
                      std::vector<PayoutRecord>{{"a", {}, 1}});
    }
    // The last connection checkpoints and removes the log, so the damage hits the only copy.
    QVERIFY(!std::filesystem::exists(file.string() + "-wal"));
    const auto size = std::filesystem::file_size(file);
    QVERIFY(size > 150000);
    {
      std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
      out.seekp(static_cast<std::streamoff>(double(size) * where));
      const Bytes garbage = bytesOf(static_cast<std::size_t>(length), 42);
      out.write(reinterpret_cast<const char*>(garbage.data()), static_cast<std::streamsize>(garbage.size()));
      QVERIFY(out.good());
    }
    const QString error = errorOf([&] { Store::open(file); });
    QVERIFY2(error != "(no error)", "a damaged file opened without complaint");
    QVERIFY2(error.contains(QString::fromStdString(file.string())), qPrintable(error));
    QVERIFY2(error.contains("the file is damaged"), qPrintable(error));
    qInfo().noquote() << "refused:" << error.left(300);
  }

  void badInputIsRefused() {
    QTemporaryDir dir;
    auto store = Store::open(pathIn(dir, "store.sqlite"));
    const auto refused = [](const QString& error, const char* expected) {
      if (!error.contains(expected)) qWarning().noquote() << "got:" << error << "expected:" << expected;
      return error.contains(expected);
    };

    QVERIFY(refused(errorOf([&] { store->addShare(makeShare(1, 1, Store::kMaxShareBytes + 1)); }),
                    "encoding is 65537 bytes, more than the 65536 allowed"));
    store->addShare(makeShare(2, 1, Store::kMaxShareBytes));  // the limit itself is fine
    QVERIFY(refused(errorOf([&] { store->addShare(makeShare(3, 1, 0)); }), "empty encoding"));
    QVERIFY(refused(errorOf([&] { store->addShare(makeShare(4, std::numeric_limits<std::uint64_t>::max())); }),
                    "too large"));

    const BlockRecord block{1, hashOf(1), hashOf(2), 100, 1, BlockStatus::Pending, 0};
    BlockRecord negative = block;
    negative.reward = -1;
    QVERIFY(refused(errorOf([&] { store->addBlock(negative, {}); }), "block reward is negative"));
    QVERIFY(refused(errorOf([&] { store->addBlock(block, std::vector<PayoutRecord>{{"a", {1}, 5}, {"b", {2}, -5}}); }),
                    "payout amount is negative"));
    QVERIFY(store->blocks(10).empty());  // nothing half-written
    QVERIFY(refused(errorOf([&] { store->addBlock(block, std::vector<PayoutRecord>{{"", {}, 5}}); }),
                    "neither address nor script"));

    QVERIFY(refused(errorOf([&] { store->paymentsTo("", 10); }), "payout address is empty"));
    QVERIFY(refused(errorOf([&] { store->recordMinerShares("", 1, 0, 1, 1); }), "miner name is empty"));
    QVERIFY(refused(errorOf([&] { store->recordMinerShares(std::string(600, 'm'), 1, 0, 1, 1); }),
                    "miner name is 600 bytes"));
    QVERIFY(refused(errorOf([&] { store->recordMinerShares("m", 1, 0, std::nan(""), 1); }), "not a finite number"));
    QVERIFY(refused(errorOf([&] { store->recordMinerShares("m", 1, 0, -1, 1); }), "difficulty is negative"));
    QVERIFY(refused(errorOf([&] { store->upsertPeer({"", "", 1, 1, 0}); }), "peer endpoint is empty"));
    QVERIFY(refused(errorOf([&] { store->removePeer(""); }), "peer endpoint is empty"));
    QVERIFY(refused(errorOf([&] { store->addBan({"", "x", 1, 2}); }), "ban subject is empty"));
    QVERIFY(refused(errorOf([&] { store->removeBan(""); }), "ban subject is empty"));
    QVERIFY(refused(errorOf([&] { store->addBan({"1.2.3.4", "x", 5, 4}); }), "ends (4) before it starts (5)"));
    QVERIFY(store->minerStats().empty());
    QVERIFY(store->peers(10).empty());
    QVERIFY(store->activeBans(0).empty());
    QCOMPARE(store->shareCount(), std::size_t{1});
  }

  void errorsNameTheOperationAndSqlite() {
    QTemporaryDir dir;
    const auto file = pathIn(dir, "plain.sqlite");
    Database db(file);
    const QString error = errorOf([&] { db.prepare("SELECT x FROM nowhere"); });
    QVERIFY2(error.contains("prepare `SELECT x FROM nowhere`") && error.contains("no such table: nowhere"),
             qPrintable(error));
    // A folder where the file should be.
    std::filesystem::create_directories(pathIn(dir, "folder.sqlite"));
    const QString openError = errorOf([&] { Store::open(pathIn(dir, "folder.sqlite")); });
    QVERIFY2(openError.contains("folder.sqlite"), qPrintable(openError));
  }

  void transactionRollsBackUnlessCommitted() {
    QTemporaryDir dir;
    Database db(pathIn(dir, "plain.sqlite"));
    db.exec("CREATE TABLE t (x INTEGER)");
    {
      Transaction transaction(db);
      db.exec("INSERT INTO t VALUES (1)");
    }
    QCOMPARE(db.pragmaInt("user_version"), std::int64_t{0});
    Statement count = db.prepare("SELECT count(*) FROM t");
    QVERIFY(count.step());
    QCOMPARE(count.columnInt64(0), std::int64_t{0});
    count.reset();
    {
      Transaction transaction(db);
      db.exec("INSERT INTO t VALUES (2)");
      transaction.commit();
    }
    QVERIFY(db.autocommit());
    QVERIFY(count.step());
    QCOMPARE(count.columnInt64(0), std::int64_t{1});
  }
};

QTEST_APPLESS_MAIN(TestStore)
#include "test_store.moc"
