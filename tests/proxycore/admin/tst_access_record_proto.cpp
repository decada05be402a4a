// Access records cross the admin API (remote GUI) without losing the gRPC
// fields, and "no grpc-status" stays distinct from status 0 (OK).
#include <QTest>

#include "proxycore/admin/proto_convert.h"

using namespace routedeck::core;

class TestAccessRecordProto : public QObject {
  Q_OBJECT
 private slots:
  void grpcFieldsRoundTrip() {
    stats::AccessRecord r;
    r.grpcService = "helloworld.Greeter";
    r.grpcMethod = "SayHello";
    r.grpcStatus = 0;
    admin::pb::AccessRecord p;
    admin::toProto(r, 7, &p);
    QVERIFY(p.has_grpc_status());
    const stats::AccessRecord back = admin::fromProto(p);
    QCOMPARE(back.grpcService, r.grpcService);
    QCOMPARE(back.grpcMethod, r.grpcMethod);
    QCOMPARE(back.grpcStatus, 0);
  }

  void noGrpcStatus() {
    stats::AccessRecord r;  // an HTTP request
    admin::pb::AccessRecord p;
    admin::toProto(r, 1, &p);
    QVERIFY(!p.has_grpc_status());
    QCOMPARE(admin::fromProto(p).grpcStatus, -1);
  }
};

QTEST_GUILESS_MAIN(TestAccessRecordProto)
#include "tst_access_record_proto.moc"
