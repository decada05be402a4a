#pragma once
// Private to the fixture: everything the request handlers share. Lives on
// the server's single event loop.

#include <chrono>

#include "tests/kubeapi/control_state.h"
#include "tests/kubeapi/store.h"

namespace routedeck::tests::kubeapi {

struct ServerState {
  ServerState(std::string token, std::chrono::milliseconds bookmarks)
      : tokens(std::move(token), "token-user"), bookmarkInterval(bookmarks) {}

  Store store;
  FaultSet faults;
  RequestLog log;
  TokenAuthenticator tokens;
  std::chrono::milliseconds bookmarkInterval;
};

}  // namespace routedeck::tests::kubeapi
