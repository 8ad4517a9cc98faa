// The diffing table model under QAbstractItemModelTester while rows are added, changed, moved and
// removed: never a reset, changes reported for exactly the cells that changed, a persistent index
// following its row, many changed rows reported as one range, cells formatted only when shown;
// and the unit formatting the tables use.
#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

#include "format/units.hpp"
#include "models/diff_table_model.hpp"

using otedama::ui::DiffTableModel;

namespace {

using Format = DiffTableModel::Format;

DiffTableModel::Cell cell(QVariant value, Format format = Format::Text) {
  DiffTableModel::Cell made;
  made.value = std::move(value);
  made.format = format;
  return made;
}

DiffTableModel::Row row(const QString& key, double hashrate, int shares) {
  return {key, {cell(key), cell(hashrate, Format::Hashrate), cell(shares, Format::Count)}, false};
}

QStringList keys(const DiffTableModel& model) {
  QStringList out;
  for (int i = 0; i < model.rowCount(); ++i) out << model.data(model.index(i, 0), DiffTableModel::KeyRole).toString();
  return out;
}

}  // namespace

class DiffTableModelTest : public QObject {
  Q_OBJECT

 private slots:
  void rowsFollowWithoutResets() {
    DiffTableModel model({"miner", "hashrate", "shares"});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    model.setRows({row("a", 1, 1), row("b", 2, 2), row("c", 3, 3)});
    QCOMPARE(keys(model), QStringList({"a", "b", "c"}));
    QCOMPARE(inserted.count(), 3);
    const QPersistentModelIndex b(model.index(1, 0));

    // Nothing changed: no signal at all.
    changed.clear();
    model.setRows({row("a", 1, 1), row("b", 2, 2), row("c", 3, 3)});
    QCOMPARE(changed.count(), 0);

    // One cell of one row: one dataChanged for exactly that cell.
    model.setRows({row("a", 1, 1), row("b", 2, 5), row("c", 3, 3)});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.index(1, 2));
    QCOMPARE(changed.first().at(1).value<QModelIndex>(), model.index(1, 2));
    QCOMPARE(model.data(model.index(1, 2), DiffTableModel::SortRole).toInt(), 5);

    // One leaves, one arrives, the order changes: the persistent index stays with "b".
    model.setRows({row("d", 4, 4), row("c", 3, 3), row("b", 2, 5)});
    QCOMPARE(keys(model), QStringList({"d", "c", "b"}));
    QCOMPARE(removed.count(), 1);
    QVERIFY(b.isValid());
    QCOMPARE(model.data(b, DiffTableModel::KeyRole).toString(), QString("b"));
    QCOMPARE(b.row(), 2);

    // Everything goes, then comes back.
    model.setRows({});
    QCOMPARE(model.rowCount(), 0);
    model.setRows({row("x", 9, 9)});
    QCOMPARE(keys(model), QStringList({"x"}));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QString("hashrate"));
    QCOMPARE(model.data(model.index(0, 1), Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
  }

  void cellsAreFormattedWhenShown() {
    DiffTableModel model({"miner", "hashrate", "last share", "paid", "part", "found"});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLocale(QLocale::c());
    model.setTicker("LTC");
    model.setClock(1000);
    model.setRows({{"a",
                    {cell("a"), cell(12345.0, Format::Hashrate), cell(qlonglong(820), Format::Age),
                     cell(qlonglong(150000000), Format::Amount), cell(0.25, Format::Percent), cell({}, Format::DateTime)},
                    true}});
    QCOMPARE(model.data(model.index(0, 1)).toString(), QString("12.3 kH/s"));
    QCOMPARE(model.data(model.index(0, 1), DiffTableModel::SortRole).toDouble(), 12345.0);
    QCOMPARE(model.data(model.index(0, 2)).toString(), QString("3 min ago"));
    QCOMPARE(model.data(model.index(0, 3)).toString(), QString("1.50000000 LTC"));
    QCOMPARE(model.data(model.index(0, 4)).toString(), QString("25.00 %"));
    QCOMPARE(model.data(model.index(0, 5)).toString(), QString("–"));  // no value
    QVERIFY(model.data(model.index(0, 0), Qt::FontRole).value<QFont>().bold());

    // The clock moves: only the age column is reported, and it reads anew.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setClock(1000 + 3600);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.index(0, 2));
    QCOMPARE(changed.first().at(1).value<QModelIndex>(), model.index(0, 2));
    QCOMPARE(model.data(model.index(0, 2)).toString(), QString("1 h ago"));
  }

  void manyChangedRowsAreOneRange() {
    DiffTableModel model({"miner", "hashrate", "shares"});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVector<DiffTableModel::Row> rows;
    for (int i = 0; i < 100; ++i) rows.push_back(row(QString::number(i), i, i));
    model.setRows(rows);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    for (int i = 10; i < 60; ++i) rows[i] = row(QString::number(i), i + 0.5, i);
    model.setRows(rows);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.index(10, 1));
    QCOMPARE(changed.first().at(1).value<QModelIndex>(), model.index(59, 1));
    QCOMPARE(model.data(model.index(59, 1), DiffTableModel::SortRole).toDouble(), 59.5);
  }

  void unitsForPeople() {
    const QLocale c(QLocale::C);
    QCOMPARE(otedama::ui::formatHashrate(0, c), QString("0 H/s"));
    QCOMPARE(otedama::ui::formatHashrate(950, c), QString("950 H/s"));
    QCOMPARE(otedama::ui::formatHashrate(12345, c), QString("12.3 kH/s"));
    QCOMPARE(otedama::ui::formatHashrate(1.05e6, c), QString("1.05 MH/s"));
    QCOMPARE(otedama::ui::formatHashrate(999.7e9, c), QString("1.00 TH/s"));
    QCOMPARE(otedama::ui::formatHashrate(2.5e21, c), QString("2500 EH/s"));
    const QLocale german(QLocale::German, QLocale::Germany);
    QCOMPARE(otedama::ui::formatHashrate(12345, german), QString("12,3 kH/s"));
    QCOMPARE(otedama::ui::formatAmount(1250000000, "LTC", c), QString("12.50000000 LTC"));
    QCOMPARE(otedama::ui::formatAge(0, 100), QString("never"));
    QCOMPARE(otedama::ui::formatAge(98, 100), QString("just now"));
    QCOMPARE(otedama::ui::formatAge(100 - 45, 100), QString("45 s ago"));
    QCOMPARE(otedama::ui::formatAge(1000 - 200, 1000), QString("3 min ago"));
    QCOMPARE(otedama::ui::formatAge(100000 - 7300, 100000), QString("2 h ago"));
  }
};

QTEST_MAIN(DiffTableModelTest)
#include "test_diff_table_model.moc"
