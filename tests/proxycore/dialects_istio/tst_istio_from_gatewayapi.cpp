#include <QTest>

class TestIstioFromGatewayApi : public QObject {
  Q_OBJECT
 private slots:
  void placeholder() {}
};

int runIstioFromGatewayApiTests(int argc, char** argv) {
  TestIstioFromGatewayApi t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_istio_from_gatewayapi.moc"
