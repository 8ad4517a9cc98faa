// Share window page layout.
#include "pages/share_window_page.hpp"

#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include "models/snapshot_tables.hpp"
#include "widgets/share_strip.hpp"
#include "widgets/table_view.hpp"

namespace otedama::ui {

ShareWindowPage::ShareWindowPage(QWidget* parent)
    : QWidget(parent), strip_(new ShareStrip), parts_(new DiffTableModel(tables::windowPartHeaders(), this)) {
  setObjectName("shareWindowPage");
  strip_->setObjectName("shareStrip");
  caption_ = new QLabel(this);
  caption_->setObjectName("windowCaption");
  caption_->setWordWrap(true);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(strip_);
  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->addWidget(scroll);
  splitter->addWidget(new TableView(parts_, "windowPartsTable", this));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(caption_);
  layout->addWidget(splitter, 1);
}

void ShareWindowPage::showSnapshot(const node::NodeSnapshot& snapshot, const tables::SnapshotFacts& facts) {
  const QSet<QString>& own = facts.own;
  QVector<ShareStrip::Share> shares;
  shares.reserve(qsizetype(snapshot.window.size()));
  // The snapshot lists the newest first; the strip reads like text, oldest first.
  for (auto it = snapshot.window.rbegin(); it != snapshot.window.rend(); ++it) {
    const QString miner = QString::fromStdString(it->miner);
    shares.push_back({miner, it->height, own.contains(miner), it->isBlock});
  }
  strip_->setShares(std::move(shares));
  const QLocale locale;
  caption_->setText(tr("%1 of %2 shares in the window, oldest first. Your shares are blue, blocks have a gold "
                       "frame; hover a share to see whose it is.")
                        .arg(locale.toString(qulonglong(snapshot.window.size())),
                             locale.toString(qulonglong(snapshot.sharechain.windowSize))));
  parts_->setTicker(facts.ticker);
  parts_->setRows(tables::windowPartRows(snapshot, facts));
}

}  // namespace otedama::ui
