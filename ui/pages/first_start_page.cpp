// First-start page layout.
#include "pages/first_start_page.hpp"

#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace otedama::ui {

namespace {

QPushButton* choice(const QString& title, const char* objectName, QWidget* parent) {
  auto* button = new QPushButton(title, parent);
  button->setObjectName(objectName);
  button->setMinimumHeight(40);
  return button;
}

QLabel* explanation(const QString& text, QWidget* parent) {
  auto* label = new QLabel(text, parent);
  label->setWordWrap(true);
  label->setContentsMargins(8, 0, 0, 12);
  return label;
}

}  // namespace

FirstStartPage::FirstStartPage(QWidget* parent) : QWidget(parent) {
  setObjectName("firstStartPage");
  auto* title = new QLabel(tr("Welcome to Otedama"), this);
  QFont big = title->font();
  big.setPointSizeF(big.pointSizeF() * 1.8);
  big.setBold(true);
  title->setFont(big);
  auto* intro = new QLabel(tr("Otedama runs a mining pool with no operator: your node keeps the same share chain as "
                              "every other node, and every block found pays all miners of the last shares directly. "
                              "How do you want to begin?"),
                           this);
  intro->setWordWrap(true);

  auto* wizard = choice(tr("Set up a pool…"), "setupWizardButton", this);
  connect(wizard, &QPushButton::clicked, this, &FirstStartPage::wizardChosen);

  auto* sandbox = choice(tr("Try it on a local test network"), "startSandboxButton", this);
  connect(sandbox, &QPushButton::clicked, this, &FirstStartPage::sandboxChosen);

  auto* open = choice(tr("Open a configuration file…"), "openConfigButton", this);
  connect(open, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a configuration file"), QString(),
                                                      tr("Otedama configuration (*.json);;All files (*)"));
    if (!path.isEmpty()) emit configFileChosen(path);
  });

  auto* column = new QVBoxLayout;
  column->addWidget(title);
  column->addSpacing(8);
  column->addWidget(intro);
  column->addSpacing(16);
  column->addWidget(wizard);
  column->addWidget(explanation(tr("Connect to your own blockchain node, choose your payout address and ports, and "
                                   "get the command lines for your miners."),
                                this));
  column->addWidget(sandbox);
  column->addWidget(explanation(tr("Starts a private Litecoin regtest network, a pool node and a small CPU miner on "
                                   "this computer, so you can watch shares, blocks and payouts within a minute. "
                                   "Nothing leaves this computer and nothing is kept when you stop it."),
                                this));
  column->addWidget(open);
  column->addWidget(explanation(tr("Use a configuration file you already have (the same file otedama-node reads)."), this));
  column->addStretch(1);

  auto* layout = new QHBoxLayout(this);
  layout->addStretch(1);
  layout->addLayout(column, 3);
  layout->addStretch(1);
}

}  // namespace otedama::ui
