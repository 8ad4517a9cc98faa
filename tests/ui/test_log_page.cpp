// The log page found by objectName as a user sees it: the level filter and the search change the
// visible rows, Clear empties the log, Copy takes the selected lines, and the view follows new
// lines only while it is scrolled to the bottom.
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTest>

#include "models/log_filter.hpp"
#include "models/log_model.hpp"
#include "pages/log_page.hpp"

using otedama::ui::LogLine;
using otedama::ui::LogModel;
using otedama::ui::LogPage;

namespace {

QVector<LogLine> mixedLines() {
  return {{spdlog::level::debug, 1, "debug line"},
          {spdlog::level::info, 2, "info line"},
          {spdlog::level::warn, 3, "warning line"},
          {spdlog::level::err, 4, "error line"},
          {spdlog::level::info, 5, "another info line"}};
}

QVector<LogLine> many(int from, int count) {
  QVector<LogLine> lines;
  for (int i = from; i < from + count; ++i) lines.append({spdlog::level::info, i, QString("line %1").arg(i)});
  return lines;
}

template <typename T>
T* child(QWidget& page, const char* name) {
  T* found = page.findChild<T*>(name);
  if (found == nullptr) qFatal("no child %s", name);
  return found;
}

}  // namespace

class LogPageTest : public QObject {
  Q_OBJECT

 private slots:
  void filtersAndClear() {
    LogModel model;
    LogPage page(&model);
    QCOMPARE(page.objectName(), QString("logPage"));
    QCOMPARE(page.model(), &model);
    auto* level = child<QComboBox>(page, "logLevelFilter");
    auto* search = child<QLineEdit>(page, "logSearch");
    auto* view = child<QTableView>(page, "logView");
    auto* clear = child<QPushButton>(page, "logClear");
    QVERIFY(!search->placeholderText().isEmpty());
    QVERIFY(!view->wordWrap());
    QVERIFY(view->horizontalHeader()->stretchLastSection());

    model.append(mixedLines());
    QCOMPARE(level->currentText(), QString("Info"));
    QCOMPARE(view->model()->rowCount(), 4);  // debug hidden by default

    level->setCurrentIndex(level->findText("Debug"));
    QCOMPARE(view->model()->rowCount(), 5);
    level->setCurrentIndex(level->findText("Warning"));
    QCOMPARE(view->model()->rowCount(), 2);
    level->setCurrentIndex(level->findText("Error"));
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->index(0, LogModel::MessageColumn).data().toString(), QString("error line"));

    level->setCurrentIndex(level->findText("Info"));
    QTest::keyClicks(search, "INFO");
    QCOMPARE(view->model()->rowCount(), 2);
    search->clear();
    QCOMPARE(view->model()->rowCount(), 4);

    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(view->model()->rowCount(), 0);
  }

  void copiesTheSelectedLines() {
    LogPage page;  // owns its model
    auto* view = child<QTableView>(page, "logView");
    auto* copy = child<QPushButton>(page, "logCopy");
    page.model()->append(mixedLines());
    QVERIFY(!copy->isEnabled());

    view->selectRow(2);
    QVERIFY(copy->isEnabled());
    QTest::mouseClick(copy, Qt::LeftButton);
    const QString copied = QApplication::clipboard()->text();
    QVERIFY2(copied.endsWith("Error error line\n"), qPrintable(copied));
    QCOMPARE(copied.count('\n'), 1);
    QCOMPARE(page.selectedText(), copied);
  }

  void followsTheBottomOnlyWhileThere() {
    LogModel model;
    LogPage page(&model);
    page.resize(600, 300);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* view = child<QTableView>(page, "logView");
    QScrollBar* scroll = view->verticalScrollBar();

    model.append(many(0, 200));
    QTRY_VERIFY(scroll->maximum() > 0);
    QTRY_COMPARE(scroll->value(), scroll->maximum());

    model.append(many(200, 50));
    const int grownTo = scroll->maximum();
    QTRY_VERIFY(scroll->maximum() > grownTo || scroll->value() == scroll->maximum());
    QTRY_COMPARE(scroll->value(), scroll->maximum());

    // Scrolled up: new lines do not move the view.
    scroll->setValue(scroll->maximum() / 2);
    const int readingAt = scroll->value();
    const QModelIndex topBefore = view->indexAt(QPoint(5, 5));
    model.append(many(250, 50));
    QTRY_VERIFY(scroll->maximum() > readingAt * 2 + 1);
    QCOMPARE(scroll->value(), readingAt);
    QCOMPARE(view->indexAt(QPoint(5, 5)), topBefore);

    // Back at the bottom: following again.
    scroll->setValue(scroll->maximum());
    const int bottom = scroll->maximum();
    model.append(many(300, 50));
    QTRY_VERIFY(scroll->maximum() > bottom);
    QTRY_COMPARE(scroll->value(), scroll->maximum());
  }

  void staysPutWhenOldLinesGoAbove() {
    LogModel model;
    model.setCapacity(300);
    LogPage page(&model);
    page.resize(600, 300);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* view = child<QTableView>(page, "logView");
    QScrollBar* scroll = view->verticalScrollBar();

    model.append(many(0, 300));
    QTRY_VERIFY(scroll->maximum() > 0);
    QTRY_COMPARE(scroll->value(), scroll->maximum());
    scroll->setValue(scroll->maximum() / 2);
    const QString topText = view->indexAt(QPoint(5, 5)).siblingAtColumn(LogModel::MessageColumn).data().toString();

    // At capacity: 20 new lines push the 20 oldest out, above where the user reads.
    model.append(many(300, 20));
    QTRY_COMPARE(model.line(0).text, QString("line 20"));
    QTRY_COMPARE(view->indexAt(QPoint(5, 5)).siblingAtColumn(LogModel::MessageColumn).data().toString(), topText);
    QVERIFY(scroll->value() < scroll->maximum());
  }
};

QTEST_MAIN(LogPageTest)
#include "test_log_page.moc"
