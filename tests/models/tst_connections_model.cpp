// ConnectionsModel: the embedded row, remote rows, states and the active row,
// under QAbstractItemModelTester; HOST:PORT checking as the dialog uses it.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/connections/connections_model.h"

using routedeck::models::ConnectionsModel;
using State = ConnectionsModel::State;

class TstConnectionsModel : public QObject {
  Q_OBJECT
 private slots:
  void addressesAreChecked_data() {
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("ok");
    QTest::newRow("ipv4") << "127.0.0.1:9901" << true;
    QTest::newRow("name") << "routedeckd.mesh.svc:9901" << true;
    QTest::newRow("ipv6") << "[::1]:9901" << true;
    QTest::newRow("no port") << "127.0.0.1" << false;
    QTest::newRow("port 0") << "127.0.0.1:0" << false;
    QTest::newRow("port too big") << "127.0.0.1:65536" << false;
    QTest::newRow("port not a number") << "host:http" << false;
    QTest::newRow("empty host") << ":9901" << false;
    QTest::newRow("space in host") << "my host:9901" << false;
    QTest::newRow("ipv6 without brackets") << "::1:9901" << false;
    QTest::newRow("bad ipv6") << "[zz]:9901" << false;
  }
  void addressesAreChecked() {
    QFETCH(QString, address);
    QFETCH(bool, ok);
    const QString error = ConnectionsModel::addressError(address);
    QVERIFY2(error.isEmpty() == ok, qPrintable(error));
    if (!ok) {
      QVERIFY(error.contains(address));
    }
  }

  void rowsStatesAndActive() {
    ConnectionsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(m.active(), 0);
    QVERIFY(m.data(m.index(0), Qt::DisplayRole).toString().contains(QStringLiteral("starting")));
    m.setEmbeddedLabel(QStringLiteral("demo (embedded)"), true);
    QVERIFY(m.data(m.index(0), Qt::DisplayRole).toString().contains(QStringLiteral("demo (embedded)")));

    QCOMPARE(m.addRemote(QStringLiteral("nonsense")), -1);
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(m.addRemote(QStringLiteral(" 10.0.0.1:9901 "), QStringLiteral("t1")), 1);
    QCOMPARE(m.addRemote(QStringLiteral("10.0.0.2:9901"), {}, QStringLiteral("/etc/token")), 2);
    // The same address again replaces the credentials instead of adding a row.
    QCOMPARE(m.addRemote(QStringLiteral("10.0.0.1:9901"), QStringLiteral("t2")), 1);
    QCOMPARE(m.rowCount(), 3);
    QCOMPARE(m.token(1), QStringLiteral("t2"));
    QCOMPARE(m.tokenFile(2), QStringLiteral("/etc/token"));
    QCOMPARE(m.remoteAddresses(), (QStringList{QStringLiteral("10.0.0.1:9901"), QStringLiteral("10.0.0.2:9901")}));
    // Tokens are not data a view can show.
    for (int role = 0; role < ConnectionsModel::TokenFileRole + 1; ++role) {
      QVERIFY(!m.data(m.index(1), role).toString().contains(QStringLiteral("t2")));
    }

    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    m.setState(1, State::Failed, QStringLiteral("10.0.0.1:9901: connection refused"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m.state(1), State::Failed);
    QCOMPARE(m.data(m.index(1), Qt::ToolTipRole).toString(), QStringLiteral("10.0.0.1:9901: connection refused"));
    QVERIFY(m.data(m.index(1), Qt::DisplayRole).toString().contains(QStringLiteral("failed")));
    m.setState(0, State::Failed);  // the embedded core has no connection state
    QCOMPARE(m.state(0), State::Connected);

    m.setState(2, State::Connected);
    m.setActive(2);
    QCOMPARE(m.active(), 2);
    QVERIFY(m.data(m.index(2), ConnectionsModel::ActiveRole).toBool());
    QVERIFY(!m.data(m.index(0), ConnectionsModel::ActiveRole).toBool());
    QVERIFY(!m.removeRemote(2));  // the shown one is switched away from first
    QVERIFY(!m.removeRemote(0));
    QVERIFY(m.removeRemote(1));
    QCOMPARE(m.active(), 1);  // the same endpoint, one row up
    QCOMPARE(m.address(1), QStringLiteral("10.0.0.2:9901"));
  }
};

QTEST_GUILESS_MAIN(TstConnectionsModel)
#include "tst_connections_model.moc"
