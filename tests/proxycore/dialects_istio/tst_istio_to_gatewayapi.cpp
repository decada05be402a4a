#include <QTest>

class TestIstioToGatewayApi : public QObject {
  Q_OBJECT
 private slots:
  void placeholder() {}
};

int runIstioToGatewayApiTests(int argc, char** argv) {
  TestIstioToGatewayApi t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_istio_to_gatewayapi.moc"
