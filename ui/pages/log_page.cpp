// Widgets of the log page and the scrolling rules that make it readable while lines pour in.
#include "pages/log_page.hpp"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "models/log_filter.hpp"
#include "models/log_model.hpp"

namespace otedama::ui {

LogPage::LogPage(LogModel* model, QWidget* parent)
    : QWidget(parent), model_(model != nullptr ? model : new LogModel(this)), filter_(new LogFilter(this)) {
  setObjectName(QStringLiteral("logPage"));
  filter_->setSourceModel(model_);

  levelFilter_ = new QComboBox(this);
  levelFilter_->setObjectName(QStringLiteral("logLevelFilter"));
  // "Debug" is the most talkative choice, so it shows trace lines too.
  levelFilter_->addItem(tr("Debug"), static_cast<int>(spdlog::level::trace));
  levelFilter_->addItem(tr("Info"), static_cast<int>(spdlog::level::info));
  levelFilter_->addItem(tr("Warning"), static_cast<int>(spdlog::level::warn));
  levelFilter_->addItem(tr("Error"), static_cast<int>(spdlog::level::err));
  levelFilter_->setCurrentIndex(1);
  filter_->setMinimumLevel(levelFilter_->currentData().toInt());
  auto* levelLabel = new QLabel(tr("&Level:"), this);
  levelLabel->setBuddy(levelFilter_);

  search_ = new QLineEdit(this);
  search_->setObjectName(QStringLiteral("logSearch"));
  search_->setPlaceholderText(tr("Search messages"));
  search_->setClearButtonEnabled(true);

  copyButton_ = new QPushButton(tr("&Copy"), this);
  copyButton_->setObjectName(QStringLiteral("logCopy"));
  copyButton_->setToolTip(tr("Copy the selected lines"));
  copyButton_->setEnabled(false);
  clearButton_ = new QPushButton(tr("C&lear"), this);
  clearButton_->setObjectName(QStringLiteral("logClear"));
  clearButton_->setToolTip(tr("Remove every line from the window (the log file keeps them)"));

  view_ = new QTableView(this);
  view_->setObjectName(QStringLiteral("logView"));
  view_->setModel(filter_);
  view_->setWordWrap(false);
  view_->setShowGrid(false);
  view_->setAlternatingRowColors(true);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  view_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  view_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
  view_->verticalHeader()->hide();
  // One fixed row height: the view never measures rows, which keeps thousands of lines cheap.
  const int rowHeight = fontMetrics().height() + 4;
  view_->verticalHeader()->setMinimumSectionSize(rowHeight);
  view_->verticalHeader()->setDefaultSectionSize(rowHeight);
  view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  // Widths from the font rather than ResizeToContents, which would look at every row.
  QHeaderView* header = view_->horizontalHeader();
  header->setSectionResizeMode(QHeaderView::Interactive);
  header->setStretchLastSection(true);
  const int padding = 3 * fontMetrics().averageCharWidth();
  header->resizeSection(LogModel::TimeColumn, fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000")) + padding);
  int levelWidth = fontMetrics().horizontalAdvance(model_->headerData(LogModel::LevelColumn, Qt::Horizontal).toString());
  for (int level = spdlog::level::trace; level <= spdlog::level::critical; ++level) {
    levelWidth = std::max(levelWidth, fontMetrics().horizontalAdvance(LogModel::levelName(level)));
  }
  header->resizeSection(LogModel::LevelColumn, levelWidth + padding);

  auto* copyAction = new QAction(tr("&Copy"), view_);
  copyAction->setShortcut(QKeySequence::Copy);
  copyAction->setShortcutContext(Qt::WidgetShortcut);
  view_->addAction(copyAction);
  auto* selectAllAction = new QAction(tr("Select &All"), view_);
  selectAllAction->setShortcut(QKeySequence::SelectAll);
  selectAllAction->setShortcutContext(Qt::WidgetShortcut);
  view_->addAction(selectAllAction);
  view_->setContextMenuPolicy(Qt::ActionsContextMenu);

  auto* bar = new QHBoxLayout;
  bar->addWidget(levelLabel);
  bar->addWidget(levelFilter_);
  bar->addWidget(search_, 1);
  bar->addWidget(copyButton_);
  bar->addWidget(clearButton_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(view_, 1);

  connect(levelFilter_, &QComboBox::currentIndexChanged, this,
          [this] { filter_->setMinimumLevel(levelFilter_->currentData().toInt()); });
  connect(search_, &QLineEdit::textChanged, filter_, &LogFilter::setSearchText);
  connect(copyButton_, &QPushButton::clicked, this, &LogPage::copySelection);
  connect(clearButton_, &QPushButton::clicked, this, &LogPage::clear);
  connect(copyAction, &QAction::triggered, this, &LogPage::copySelection);
  connect(selectAllAction, &QAction::triggered, view_, &QTableView::selectAll);
  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          [this] { copyButton_->setEnabled(view_->selectionModel()->hasSelection()); });

  QScrollBar* scroll = view_->verticalScrollBar();
  // rangeChanged comes before the value is clamped to the new range, so following_ still says
  // where the user was before the lines arrived.
  connect(scroll, &QScrollBar::rangeChanged, this, [this](int, int maximum) { followIfAtBottom(maximum); });
  connect(scroll, &QScrollBar::valueChanged, this,
          [this, scroll](int value) { following_ = value >= scroll->maximum(); });
  connect(filter_, &QAbstractItemModel::rowsAboutToBeRemoved, this,
          [this](const QModelIndex&, int first, int last) { keepPlaceAfterRemoval(first, last); });
}

void LogPage::followIfAtBottom(int maximum) {
  if (following_) view_->verticalScrollBar()->setValue(maximum);
}

void LogPage::keepPlaceAfterRemoval(int first, int last) {
  // The oldest lines going away above a reader would move the text under their eyes; scroll up
  // by as much as went away above the top of the view.
  if (following_) return;
  QScrollBar* scroll = view_->verticalScrollBar();
  const int rowHeight = view_->verticalHeader()->defaultSectionSize();
  const int topRow = scroll->value() / std::max(1, rowHeight);
  const int above = std::min(last, topRow - 1) - first + 1;
  if (above > 0) scroll->setValue(std::max(0, scroll->value() - above * rowHeight));
}

QString LogPage::selectedText() const {
  QModelIndexList rows = view_->selectionModel()->selectedRows();
  std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
  QStringList out;
  out.reserve(rows.size());
  for (const QModelIndex& index : rows) {
    const QModelIndex source = filter_->mapToSource(index);
    const LogLine& entry = model_->line(source.row());
    out << QStringLiteral("%1 %2 %3")
               .arg(QDateTime::fromMSecsSinceEpoch(entry.timeMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                    LogModel::levelName(entry.level), entry.text);
  }
  return out.isEmpty() ? QString() : out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void LogPage::copySelection() {
  const QString text = selectedText();
  if (!text.isEmpty()) QApplication::clipboard()->setText(text);
}

void LogPage::clear() {
  model_->clear();
  following_ = true;
}

}  // namespace otedama::ui
