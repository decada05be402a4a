#pragma once
// Watch streams: chunked, one JSON event per line (python3-kubernetes
// delivers nothing without the newlines), ADDED/MODIFIED/DELETED/BOOKMARK,
// synthetic ADDED events for the current state when no resourceVersion (or
// "0") is given, a 410 ERROR event for a compacted resourceVersion, and a
// clean end at timeoutSeconds.

#include <asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "proxycore/net/server_exchange.h"
#include "tests/kubeapi/query.h"
#include "tests/kubeapi/resource_request.h"
#include "tests/kubeapi/store.h"

namespace routedeck::tests::kubeapi {

struct WatchOptions {
  std::string tableVersion;  // non-empty: each object is a one-row Table
  int dropAfterEvents = -1;  // a fault: end abruptly after this many events
  // How often a watch with allowWatchBookmarks=true gets a BOOKMARK
  // (real servers: about a minute; short here so tests see them).
  std::chrono::milliseconds bookmarkInterval{1000};
};

// Serves one watch request to its end. The request was authenticated and
// its selectors and resourceVersion may still be invalid (answered as a
// Status before the stream starts).
asio::awaitable<void> serveWatch(core::net::ServerExchange& ex, Store& store,
                                 const ResourceRequest& r, const Query& q, WatchOptions options);

}  // namespace routedeck::tests::kubeapi
