#pragma once

#include <string>

#include "proxycore/router/route_table.h"

namespace routedeck::tests {

// Routes `req` with and without the explain trace and describes how the two
// outcomes differ (route, rule, match, status, backends, rewrites, redirect,
// header changes, mirrors); empty when they agree. The data plane's
// untraced path must decide exactly what `explain` shows.
std::string traceModesDiffer(const core::router::RouteTable& table, const core::router::Request& req,
                             core::router::EntryPoint entry);

}  // namespace routedeck::tests
