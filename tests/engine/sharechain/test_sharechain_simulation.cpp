// placeholder
#include <QTest>
class S : public QObject { Q_OBJECT };
QTEST_APPLESS_MAIN(S)
#include "test_sharechain_simulation.moc"
