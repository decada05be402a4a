#pragma once

#include <random>
#include <string>

#include "proxycore/model/action.h"
#include "proxycore/net/http_message.h"
#include "proxycore/proxy/trace_context.h"
#include "proxycore/router/decision.h"
#include "proxycore/router/request.h"

namespace routedeck::core::proxy {

// The routing view of a downstream request head. False (with a reason) for
// a target the router cannot take.
bool toRouterRequest(const net::RequestHead& head, int listenerPort, router::Request& out,
                     std::string* error);

void applyHeaderModifier(net::Headers& h, const model::HeaderModifier& m);

// A random RFC 4122 version 4 UUID for x-request-id.
std::string newRequestId(std::mt19937_64& rng);

struct UpstreamHeadOptions {
  std::string_view clientAddress;
  std::string_view requestId;
  bool addVia = true;
  const TraceContext* trace = nullptr;  // propagation headers to write
};

// The request head sent to a backend: hop-by-hop fields dropped, the rule's
// and backend's header modifiers applied, host/path rewrites, and the
// forwarding fields (X-Forwarded-For/-Proto, x-request-id, Via). Written
// into `up` and `target` by assignment, so a reused head allocates nothing
// once its buffers have grown.
void buildUpstreamHead(const net::RequestHead& client, const router::Request& req,
                       const router::Decision& d, const model::BackendRef* backend,
                       const UpstreamHeadOptions& opts, net::RequestHead& up, std::string& target);

}  // namespace routedeck::core::proxy
