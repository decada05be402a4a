#pragma once
// The shop namespace of tst_journey_cluster: a Gateway, an HTTPRoute with
// a canary split between svc-a and svc-b, and the two Services.
#include <QString>

namespace routedeck::tests::cluster_journey {

QString service(const QString& name);
QString gateway();
QString route(int weightA, int weightB);
// default/reviews → Service reviews: the route IstioMetricsFixture has metrics for.
QString reviewsRoute();

}  // namespace routedeck::tests::cluster_journey
