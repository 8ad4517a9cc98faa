// Blockchain node page: fields, and the connection test on a thread of its own.
#include "wizard/node_page.hpp"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPointer>
#include <QThread>
#include <QVBoxLayout>

#include "node/setup_checks.hpp"

namespace otedama::ui {

NodePage::NodePage(node::Config* config, QWidget* parent) : ConfigPage(config, parent) {
  setObjectName("wizardNodePage");
  setTitle(tr("Blockchain node"));
  setSubTitle(tr("Otedama mines on your own full node of the coin. Where does its RPC interface answer?"));
  host_ = new QLineEdit(this);
  host_->setObjectName("nodeHost");
  port_ = new QSpinBox(this);
  port_->setObjectName("nodePort");
  port_->setRange(1, 65535);
  usePassword_ = new QRadioButton(tr("User and password (rpcuser / rpcpassword)"), this);
  usePassword_->setObjectName("nodeUsePassword");
  useCookie_ = new QRadioButton(tr("Cookie file (the node's .cookie, when no rpcpassword is set)"), this);
  useCookie_->setObjectName("nodeUseCookie");
  user_ = new QLineEdit(this);
  user_->setObjectName("nodeUser");
  password_ = new QLineEdit(this);
  password_->setObjectName("nodePassword");
  password_->setEchoMode(QLineEdit::Password);
  cookie_ = new QLineEdit(this);
  cookie_->setObjectName("nodeCookie");
  cookie_->setPlaceholderText(tr("for example ~/.litecoin/.cookie"));
  browse_ = new QPushButton(tr("Browse…"), this);
  browse_->setObjectName("nodeCookieBrowse");
  testButton_ = new QPushButton(tr("Test connection"), this);
  testButton_->setObjectName("testNodeButton");
  result_ = new QLabel(this);
  result_->setObjectName("nodeTestResult");
  result_->setWordWrap(true);
  result_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  for (QLineEdit* field : {host_, user_, password_, cookie_}) {
    connect(field, &QLineEdit::textChanged, this, &NodePage::completeChanged);
    connect(field, &QLineEdit::textChanged, result_, &QLabel::clear);
  }
  connect(port_, &QSpinBox::valueChanged, result_, &QLabel::clear);
  connect(usePassword_, &QRadioButton::toggled, this, &NodePage::updateAuthFields);
  connect(browse_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("The node's cookie file"), cookie_->text());
    if (!path.isEmpty()) cookie_->setText(path);
  });
  connect(testButton_, &QPushButton::clicked, this, &NodePage::test);

  auto* form = new QFormLayout;
  form->addRow(tr("Host:"), host_);
  form->addRow(tr("RPC port:"), port_);
  form->addRow(usePassword_);
  form->addRow(tr("User:"), user_);
  form->addRow(tr("Password:"), password_);
  form->addRow(useCookie_);
  auto* cookieRow = new QHBoxLayout;
  cookieRow->addWidget(cookie_, 1);
  cookieRow->addWidget(browse_);
  form->addRow(tr("Cookie file:"), cookieRow);
  auto* testRow = new QHBoxLayout;
  testRow->addWidget(testButton_);
  testRow->addWidget(result_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(testRow);
  layout->addStretch(1);
  usePassword_->setChecked(true);
  updateAuthFields();
}

NodePage::~NodePage() {
  // A test still asking the node finishes on its own; it no longer reports to this page.
  if (testThread_) testThread_->setParent(nullptr);
}

void NodePage::updateAuthFields() {
  const bool password = usePassword_->isChecked();
  user_->setEnabled(password);
  password_->setEnabled(password);
  cookie_->setEnabled(!password);
  browse_->setEnabled(!password);
  emit completeChanged();
}

void NodePage::load(const node::Config& config) {
  host_->setText(QString::fromStdString(config.blockchainHost));
  port_->setValue(config.blockchainPort != 0 ? config.blockchainPort
                                             : node::defaultRpcPort(config.blockchain, config.network));
  user_->setText(QString::fromStdString(config.blockchainUsername));
  password_->setText(QString::fromStdString(config.blockchainPassword));
  cookie_->setText(QString::fromStdString(config.blockchainCookieFile));
  (config.blockchainUsername.empty() && !config.blockchainCookieFile.empty() ? useCookie_ : usePassword_)->setChecked(true);
  updateAuthFields();
}

void NodePage::apply(node::Config& config) const {
  config.blockchainHost = host_->text().trimmed().toStdString();
  config.blockchainPort = std::uint16_t(port_->value());
  if (usePassword_->isChecked()) {
    config.blockchainUsername = user_->text().toStdString();
    config.blockchainPassword = password_->text().toStdString();
    config.blockchainCookieFile.clear();
  } else {
    config.blockchainUsername.clear();
    config.blockchainPassword.clear();
    config.blockchainCookieFile = cookie_->text().trimmed().toStdString();
  }
}

bool NodePage::isComplete() const {
  if (host_->text().trimmed().isEmpty()) return false;
  return usePassword_->isChecked() ? !user_->text().isEmpty() && !password_->text().isEmpty()
                                   : !cookie_->text().trimmed().isEmpty();
}

void NodePage::test() {
  if (testing_ || !isComplete()) return;
  node::Config config = *config_;
  apply(config);
  testing_ = true;
  testButton_->setEnabled(false);
  result_->setStyleSheet({});
  result_->setText(tr("Asking %1:%2 …").arg(host_->text().trimmed()).arg(port_->value()));
  // The check waits on the network (up to its timeout): never on the GUI thread.
  QPointer<NodePage> page(this);
  testThread_ = QThread::create([page, config] {
    const node::BlockchainNodeCheck check = node::checkBlockchainNode(config, std::chrono::seconds(15));
    QMetaObject::invokeMethod(QCoreApplication::instance(), [page, check] {
      if (!page) return;
      page->testing_ = false;
      page->testButton_->setEnabled(true);
      QString message;
      if (check.ok) {
        message = tr("Ready: %1, chain %2, %3, %4, block template for height %5.")
                      .arg(QString::fromStdString(check.version), QString::fromStdString(check.chainName),
                           tr("%Ln block(s)", nullptr, int(check.blocks)), tr("%Ln peer(s)", nullptr, int(check.peers)))
                      .arg(check.templateHeight);
        page->result_->setStyleSheet(QStringLiteral("QLabel { color: #1e7e34; }"));
      } else {
        message = QString::fromStdString(check.problem);
        page->result_->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
      }
      page->result_->setText(message);
      emit page->testFinished(check.ok, message);
    });
  });
  testThread_->setParent(this);
  connect(testThread_, &QThread::finished, testThread_, &QObject::deleteLater);
  testThread_->start();
}

}  // namespace otedama::ui
