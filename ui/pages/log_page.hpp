// The live log page: the engine's log lines in a table, filtered by level and text, following
// the newest line while the user is at the bottom and staying put while they read further up.
#pragma once

#include <QString>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QTableView;

namespace otedama::ui {

class LogFilter;
class LogModel;

class LogPage : public QWidget {
  Q_OBJECT

 public:
  // model: the lines to show, owned elsewhere (it outlives the page); null: the page makes its own.
  explicit LogPage(LogModel* model = nullptr, QWidget* parent = nullptr);

  LogModel* model() const { return model_; }
  LogFilter* filter() const { return filter_; }
  // The selected lines as text, one per line, oldest first: what Copy puts on the clipboard.
  QString selectedText() const;

 public slots:
  void copySelection();
  void clear();

 private:
  void followIfAtBottom(int maximum);
  void keepPlaceAfterRemoval(int first, int last);

  LogModel* model_ = nullptr;
  LogFilter* filter_ = nullptr;
  QComboBox* levelFilter_ = nullptr;
  QLineEdit* search_ = nullptr;
  QTableView* view_ = nullptr;
  QPushButton* copyButton_ = nullptr;
  QPushButton* clearButton_ = nullptr;
  bool following_ = true;  // the view was at the bottom before the latest change
};

}  // namespace otedama::ui
