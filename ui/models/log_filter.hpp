// What of the log the page shows: lines at or above a level whose message contains a text
// (case-insensitive), over a LogModel.
#pragma once

#include <QSortFilterProxyModel>
#include <QString>

namespace otedama::ui {

class LogFilter : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  explicit LogFilter(QObject* parent = nullptr);

  int minimumLevel() const { return minimumLevel_; }
  const QString& searchText() const { return searchText_; }

 public slots:
  // spdlog's numbering (trace 0 ... critical 5).
  void setMinimumLevel(int level);
  // Empty: every message.
  void setSearchText(const QString& text);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  int minimumLevel_ = 0;
  QString searchText_;
};

}  // namespace otedama::ui
