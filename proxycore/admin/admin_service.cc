#include "proxycore/admin/admin_service.h"

#include "proxycore/admin/admin_address.h"
#include "proxycore/control/live_control.h"
#include "proxycore/dialects/dialect.h"
#include "proxycore/proxy/proxy_service.h"
#include "proxycore/router/route_table.h"
#include "proxycore/workspace/workspace.h"
#include "proxycore/yaml/yaml_io.h"

namespace routedeck::core::admin {

namespace {

model::FaultInjection faultFrom(const pb::SetFaultRequest& req) {
  model::FaultInjection f;
  if (req.has_delay()) {
    f.delay = model::FaultDelay{model::Duration::fromMillis(req.delay().delay_ms()),
                                req.delay().percent()};
  }
  if (req.has_abort()) {
    f.abort = model::FaultAbort{req.abort().http_status(), std::nullopt, req.abort().percent()};
  }
  return f;
}

}  // namespace

grpc::Status toStatus(const Error& e) {
  switch (e.code) {
    case ErrorCode::NotFound:
      return {grpc::StatusCode::NOT_FOUND, e.message};
    case ErrorCode::Unsupported:
      return {grpc::StatusCode::UNIMPLEMENTED, e.message};
    case ErrorCode::Io:
      return {grpc::StatusCode::UNAVAILABLE, e.message};
    default:
      return {grpc::StatusCode::INVALID_ARGUMENT, e.message};
  }
}

AdminServiceImpl::AdminServiceImpl(proxy::ProxyService& proxy, control::LiveControl& control,
                                   std::string token)
    : m_proxy(proxy), m_control(control), m_token(std::move(token)) {}

grpc::Status AdminServiceImpl::authorize(const grpc::ServerContext* ctx) const {
  if (m_token.empty()) {
    return grpc::Status::OK;
  }
  const auto& md = ctx->client_metadata();
  auto it = md.find("authorization");
  const std::string expected = "Bearer " + m_token;
  // The token is neither logged nor echoed: the message says only what is wrong.
  if (it == md.end()) {
    return {grpc::StatusCode::UNAUTHENTICATED,
            "missing \"authorization: Bearer <token>\" metadata (the daemon runs with "
            "--admin-token-file)"};
  }
  if (!constantTimeEquals(std::string(it->second.data(), it->second.size()), expected)) {
    return {grpc::StatusCode::UNAUTHENTICATED, "the bearer token is not valid"};
  }
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::ApplyConfig(grpc::ServerContext* ctx,
                                           const pb::ApplyConfigRequest* req,
                                           pb::ApplyConfigResponse* resp) {
  if (auto s = authorize(ctx); !s.ok()) {
    return s;
  }
  if (req->sources_size() == 0) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "no sources: send at least one YAML file"};
  }
  std::vector<workspace::Source> sources;
  for (const auto& s : req->sources()) {
    sources.push_back({s.name().empty() ? "<unnamed>" : s.name(), s.yaml()});
  }
  Diagnostics diags;
  auto config = std::make_shared<model::Config>(workspace::loadSources(sources, diags));
  Result<uint64_t> applied = makeError(ErrorCode::Invalid, "");
  if (!diags.hasErrors()) {
    applied = m_control.apply(config, diags);
  }
  if (diags.hasErrors() || !applied) {
    pb::ValidationReport report;
    std::string message;
    for (const auto& d : diags.items()) {
      if (d.severity != Severity::Error) {
        continue;
      }
      toProto(d, report.add_diagnostics());
      message += d.format() + "\n";
    }
    if (!applied && !applied.error().message.empty()) {
      message += applied.error().message + "\n";
    }
    message = std::to_string(report.diagnostics_size()) +
              " error(s); the configuration was not applied\n" + message;
    return {grpc::StatusCode::INVALID_ARGUMENT, message, report.SerializeAsString()};
  }
  resp->set_version(*applied);
  for (const auto& d : diags.items()) {
    toProto(d, resp->add_diagnostics());
  }
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::GetConfig(grpc::ServerContext* ctx, const pb::GetConfigRequest* req,
                                         pb::GetConfigResponse* resp) {
  if (auto s = authorize(ctx); !s.ok()) {
    return s;
  }
  auto runtime = m_proxy.current();
  if (!runtime) {
    return {grpc::StatusCode::FAILED_PRECONDITION, "no configuration is applied yet"};
  }
  const model::Config& config = runtime->table().config();
  std::vector<yaml::Node> docs;
  if (req->dialect() == pb::DIALECT_NATIVE) {
    docs = dialects::exportNative(config);
  } else {
    const model::Dialect target = req->dialect() == pb::DIALECT_ISTIO ? model::Dialect::Istio
                                  : req->dialect() == pb::DIALECT_APP_MESH
                                      ? model::Dialect::AppMesh
                                      : model::Dialect::GatewayApi;
    dialects::FidelityReport report;
    docs = dialects::exportConfig(config, target, report);
    for (const auto& item : report.items()) {
      if (item.level != dialects::Fidelity::Exact) {
        resp->add_fidelity(item.object + " " + item.feature + ": " + item.detail);
      }
    }
  }
  resp->set_version(runtime->version());
  auto* routes = resp->add_sources();
  routes->set_name("routes.yaml");
  routes->set_yaml(yaml::writeDocuments(docs));
  auto* ws = resp->add_sources();
  ws->set_name("workspace.yaml");
  ws->set_yaml(yaml::writeDocuments({workspace::writeWorkspace(config)}));
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::Explain(grpc::ServerContext* ctx, const pb::ExplainRequest* req,
                                       pb::ExplainResponse* resp) {
  if (auto s = authorize(ctx); !s.ok()) {
    return s;
  }
  auto runtime = m_proxy.current();
  if (!runtime) {
    return {grpc::StatusCode::FAILED_PRECONDITION, "no configuration is applied yet"};
  }
  std::vector<std::string> headers(req->headers().begin(), req->headers().end());
  auto request = router::Request::parse(req->request(), headers);
  if (!request) {
    return {grpc::StatusCode::INVALID_ARGUMENT, request.error().message};
  }
  if (req->port() < 0 || req->port() > 65535) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "port must be 0..65535, got " + std::to_string(req->port())};
  }
  router::EntryPoint entry;
  entry.gateway = req->gateway();
  entry.port = req->port();
  entry.sni = req->sni();
  entry.meshService = req->mesh_service();
  const router::Decision d = runtime->table().route(*request, entry);
  resp->set_decision_json(router::toJson(d, 2));
  resp->set_error(d.error);
  if (d.route && d.route->rule >= 0) {
    resp->set_rule(d.route->kind + "/" + d.route->ns + "/" + d.route->name + "#" +
                   std::to_string(d.route->rule));
  }
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::SetWeights(grpc::ServerContext* ctx,
                                          const pb::SetWeightsRequest* req,
                                          pb::SetWeightsResponse* resp) {
  if (auto s = authorize(ctx); !s.ok()) {
    return s;
  }
  auto v = m_control.setWeights(req->rule(), {req->weights().begin(), req->weights().end()});
  if (!v) {
    return toStatus(v.error());
  }
  resp->set_version(*v);
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::SetFault(grpc::ServerContext* ctx, const pb::SetFaultRequest* req,
                                        pb::SetFaultResponse* resp) {
  if (auto s = authorize(ctx); !s.ok()) {
    return s;
  }
  auto set = m_control.setFault(req->rule(), faultFrom(*req),
                                std::chrono::milliseconds(req->revert_after_ms()));
  if (!set) {
    return toStatus(set.error());
  }
  resp->set_version(set->version);
  resp->set_revert_at_unix_ms(
      std::chrono::duration_cast<std::chrono::milliseconds>(set->revertAt.time_since_epoch())
          .count());
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::ClearFaults(grpc::ServerContext* ctx,
                                           const pb::ClearFaultsRequest* req,
                                           pb::ClearFaultsResponse* resp) {
  if (auto s = authorize(ctx); !s.ok()) {
    return s;
  }
  int cleared = 0;
  auto v = m_control.clearFaults(req->include_configured(), &cleared);
  if (!v) {
    return toStatus(v.error());
  }
  resp->set_version(*v);
  resp->set_cleared(cleared);
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::GetTrace(grpc::ServerContext* ctx, const pb::GetTraceRequest* req,
                                        pb::Trace* resp) {
  if (auto s = authorize(ctx); !s.ok()) {
    return s;
  }
  uint8_t id[16];
  if (!trace::fromHex(req->trace_id(), id, sizeof id)) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "trace id \"" + req->trace_id() + "\" is not 32 hex digits"};
  }
  auto t = m_proxy.traces().find(req->trace_id());
  if (!t) {
    return {grpc::StatusCode::NOT_FOUND,
            "no recent trace " + req->trace_id() + " (unknown, not sampled, or evicted)"};
  }
  toProto(*t, resp);
  return grpc::Status::OK;
}

}  // namespace routedeck::core::admin
