// gRPC semantics of the forward path that need no sockets: grpc-timeout
// parsing and its effect on the route timeout, service/method from :path,
// grpc-status lookup and the retry-on gRPC conditions.
#include <QTest>

#include "proxycore/proxy/grpc.h"
#include "proxycore/proxy/retry.h"

using namespace routedeck::core;

class TestGrpcSemantics : public QObject {
  Q_OBJECT
 private slots:
  void timeout_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<qint64>("millis");  // -1: rejected
    QTest::newRow("hours") << "2H" << qint64(7200000);
    QTest::newRow("minutes") << "3M" << qint64(180000);
    QTest::newRow("seconds") << "10S" << qint64(10000);
    QTest::newRow("millis") << "250m" << qint64(250);
    QTest::newRow("micros round up") << "1500u" << qint64(2);
    QTest::newRow("nanos round up") << "1n" << qint64(1);
    QTest::newRow("eight digits") << "99999999m" << qint64(99999999);
    QTest::newRow("nine digits") << "999999999m" << qint64(-1);
    QTest::newRow("no unit") << "100" << qint64(-1);
    QTest::newRow("unknown unit") << "100s" << qint64(-1);
    QTest::newRow("empty") << "" << qint64(-1);
    QTest::newRow("sign") << "-1S" << qint64(-1);
  }
  void timeout() {
    QFETCH(QString, value);
    QFETCH(qint64, millis);
    auto t = proxy::parseGrpcTimeout(value.toStdString());
    QCOMPARE(t ? qint64(t->count()) : qint64(-1), millis);
  }

  void timeoutTakesTheSmaller() {
    net::RequestHead head;
    head.headers.add("grpc-timeout", "300m");
    model::Timeouts none;
    proxy::applyGrpcTimeout(head, none);
    QCOMPARE(none.request->millis, 300LL);
    model::Timeouts longer;
    longer.request = model::Duration::fromMillis(10000);
    proxy::applyGrpcTimeout(head, longer);
    QCOMPARE(longer.request->millis, 300LL);
    model::Timeouts shorter;
    shorter.request = model::Duration::fromMillis(100);
    proxy::applyGrpcTimeout(head, shorter);
    QCOMPARE(shorter.request->millis, 100LL);
    net::RequestHead zero;
    zero.headers.add("grpc-timeout", "0S");
    model::Timeouts z;
    proxy::applyGrpcTimeout(zero, z);
    QCOMPARE(z.request->millis, 1LL);  // already expired, not "no timeout"
  }

  void grpcPath() {
    std::string_view service, method;
    QVERIFY(proxy::splitGrpcPath("/helloworld.Greeter/SayHello", service, method));
    QCOMPARE(std::string(service), std::string("helloworld.Greeter"));
    QCOMPARE(std::string(method), std::string("SayHello"));
    QVERIFY(!proxy::splitGrpcPath("/a/b/c", service, method));
    QVERIFY(!proxy::splitGrpcPath("/only", service, method));
    QVERIFY(!proxy::splitGrpcPath("/svc/m?x=1", service, method));
  }

  void grpcStatus() {
    net::Headers h;
    QVERIFY(!proxy::grpcStatusOf(h));
    h.add("grpc-status", "14");
    QCOMPARE(*proxy::grpcStatusOf(h), 14);
    net::Headers bad;
    bad.add("grpc-status", "x");
    QVERIFY(!proxy::grpcStatusOf(bad));
  }

  void retryOnGrpcCodes() {
    model::RetryPolicy p;
    p.attempts = 2;
    p.retryOn = {"unavailable", "resource-exhausted"};
    proxy::RetryDecider d(&p);
    QVERIFY(d.retryGrpcStatus(14));
    QVERIFY(d.retryGrpcStatus(8));
    QVERIFY(!d.retryGrpcStatus(4));
    QVERIFY(!d.retryGrpcStatus(0));
    QVERIFY(!d.retryStatus(200));  // the HTTP status of a trailers-only answer is 200
    p.retryOn = {"cancelled", "deadline-exceeded", "internal"};
    QVERIFY(d.retryGrpcStatus(1));
    QVERIFY(d.retryGrpcStatus(4));
    QVERIFY(d.retryGrpcStatus(13));
    QVERIFY(!d.retryGrpcStatus(14));
    QVERIFY(!proxy::RetryDecider(nullptr).retryGrpcStatus(14));
  }
};

QTEST_GUILESS_MAIN(TestGrpcSemantics)
#include "tst_grpc_semantics.moc"
