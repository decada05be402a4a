#pragma once

// Walkthrough cases of expected-behaviour.yaml shared by the Gateway API and
// Istio translation tests.

#include <QString>
#include <QStringList>
#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/model/config.h"
#include "proxycore/yaml/node.h"

namespace routedeck::tests::appmesh {

struct WalkCase {
  QString tag;
  QStringList files;
  int listenerPort = 0;
  core::yaml::Node request;
  core::yaml::Node expect;
  core::yaml::Node grpcMatch;  // grpc-ingress-v2: the GatewayRoute match in force
};

// HTTP cases of the ingress walkthroughs (ingress-gateway, http-ingress-v2,
// multiple-listeners) and the gRPC cases of grpc-ingress-v2; empty without corpus.
std::vector<WalkCase> httpWalkCases();
std::vector<WalkCase> grpcWalkCases();
// Adds an "index" column with one row per case, or a single "no-corpus" row
// (index -1) that the test function turns into a QSKIP.
void addWalkCaseRows(const std::vector<WalkCase>& cases);

// Imports a case's files; for gRPC cases the GatewayRoute's match is replaced.
core::model::Config importCase(const WalkCase& c, core::Diagnostics& diags);

}  // namespace routedeck::tests::appmesh
