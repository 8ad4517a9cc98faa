// A table model that follows a list of rows keyed by an id (a miner's address, a peer's node id)
// by diffing: rows that went away are removed, new ones inserted, changed cells reported as
// changed — never a reset, so views keep their selection, scroll position and sort. A cell holds
// its value (a number or a text: what it sorts and compares by) and how to show it; the text for
// people is made only when a view asks for it, so a thousand rows that change every second cost
// no formatting beyond the few on screen. A row can be emphasized (the user's own).
#pragma once

#include <QAbstractTableModel>
#include <QLocale>
#include <QStringList>
#include <QVariant>
#include <QVector>

#include <cstdint>

namespace otedama::ui {

class DiffTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  static constexpr int SortRole = Qt::UserRole + 1;
  static constexpr int KeyRole = Qt::UserRole + 2;

  // How a value is shown. Empty (invalid) values show as a dash in any format.
  enum class Format {
    Text,          // the value as it is
    Count,         // an integer in the locale
    Decimal,       // a number, four significant digits
    Hashrate,      // H/s with an SI prefix
    Amount,        // smallest coin units, shown in coins with the model's ticker
    Percent,       // a fraction, shown as a percentage
    Age,           // unix seconds, shown as "3 min ago" against the model's clock
    DateTime,      // unix seconds, shown as a date and time
    Milliseconds,  // a duration
  };

  struct Cell {
    QVariant value;
    Format format = Format::Text;
    QString toolTip;      // details that do not fit the cell (rejections by reason)
    QVariant decoration;  // a colour swatch or icon before the text
    friend bool operator==(const Cell&, const Cell&) = default;
  };
  struct Row {
    QString key;
    QVector<Cell> cells;    // one per column
    bool emphasis = false;  // shown bold: the user's own miners, shares and payouts
    friend bool operator==(const Row&, const Row&) = default;
  };

  explicit DiffTableModel(QStringList headers, QObject* parent = nullptr);

  // The rows as they are now, in the order to show them (new keys are inserted where they stand).
  void setRows(QVector<Row> rows);
  const QVector<Row>& rows() const { return rows_; }

  // The clock ages are shown against (ages' cells change when it moves), and the coin ticker.
  void setClock(std::int64_t now);
  void setTicker(const QString& ticker);
  void setLocale(const QLocale& locale);

  // The text a cell shows (what DisplayRole gives).
  QString displayText(const Cell& cell) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  void reformatColumns(Format format);
  // Rows whose keys are already in place (`wanted` in the same order): cells that changed.
  void updateCells(QVector<Row>& wanted);

  QStringList headers_;
  QVector<Row> rows_;
  std::int64_t now_ = 0;
  QString ticker_;
  QLocale locale_;
};

}  // namespace otedama::ui
