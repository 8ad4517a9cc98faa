// Peers page layout and its ban/unban buttons.
#include "pages/peers_page.hpp"

#include <QItemSelectionModel>
#include <QMessageBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "models/snapshot_tables.hpp"
#include "widgets/table_view.hpp"
#include "widgets/titled_box.hpp"

namespace otedama::ui {

PeersPage::PeersPage(QWidget* parent)
    : QWidget(parent),
      peers_(new DiffTableModel(tables::peerHeaders(), this)),
      bans_(new DiffTableModel(tables::banHeaders(), this)) {
  setObjectName("peersPage");
  peerView_ = new TableView(peers_, "peersTable", this);
  banView_ = new TableView(bans_, "bansTable", this);
  ban_ = new QPushButton(tr("Ban peer"), this);
  ban_->setObjectName("banPeerButton");
  ban_->setToolTip(tr("Disconnect the selected peer and refuse it for 24 hours"));
  unban_ = new QPushButton(tr("Lift ban"), this);
  unban_->setObjectName("unbanButton");
  result_ = new QLabel(this);
  result_->setObjectName("peerActionResult");
  result_->setWordWrap(true);

  connect(ban_, &QPushButton::clicked, this, [this] {
    const QString id = peerView_->selectedKey();
    if (id.isEmpty()) return;
    // A ban is easy to undo, but it cuts a working link: ask first.
    if (confirmBans_ && QMessageBox::question(this, tr("Ban peer"),
                                             tr("Disconnect node %1 and refuse it for 24 hours?").arg(id.left(16))) !=
                           QMessageBox::Yes) {
      return;
    }
    emit banRequested(id);
  });
  connect(unban_, &QPushButton::clicked, this, [this] {
    const QString subject = banView_->selectedKey();
    if (!subject.isEmpty()) emit unbanRequested(subject);
  });
  connect(peerView_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &PeersPage::updateButtons);
  connect(banView_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &PeersPage::updateButtons);

  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->addWidget(titledBox(tr("Connected peers"), peerView_, ban_));
  splitter->addWidget(titledBox(tr("Bans in force"), banView_, unban_));
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);
  layout->addWidget(result_);
  updateButtons();
}

void PeersPage::showSnapshot(const node::NodeSnapshot& snapshot) {
  peers_->setClock(snapshot.time);
  peers_->setRows(tables::peerRows(snapshot));
  bans_->setRows(tables::banRows(snapshot));
  updateButtons();
}

void PeersPage::showActionResult(const QString& error) {
  result_->setText(error);
  result_->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("QLabel { color: #b3261e; }"));
}

void PeersPage::updateButtons() {
  ban_->setEnabled(!peerView_->selectedKey().isEmpty());
  unban_->setEnabled(!banView_->selectedKey().isEmpty());
}

}  // namespace otedama::ui
