// routedeck-test-apiserver: the test Kubernetes API server as a program, so
// that kubectl (or anything else) can be pointed at it by hand.

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "tests/kubeapi/api_server.h"

namespace {

constexpr const char* kUsage =
    "usage: routedeck-test-apiserver --listen 127.0.0.1:PORT --write-kubeconfig FILE [--token "
    "TOKEN]\n"
    "\n"
    "Serves a test Kubernetes API (Gateway API, Istio, App Mesh and core v1 kinds) over HTTPS with "
    "a\n"
    "CA made at start-up. FILE gets a kubeconfig with contexts \"token\" (current) and \"cert\".\n"
    "Prints \"listening 127.0.0.1 PORT apiserver\" when ready; SIGTERM or SIGINT stop it.\n"
    "The test control API is under /fixture/v1/ (see tests/kubeapi/README.md).\n";

bool writePrivateFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) {
    return false;
  }
  // It holds a token and a private key.
  ::chmod(path.c_str(), 0600);
  out << text;
  return static_cast<bool>(out.flush());
}

}  // namespace

int main(int argc, char** argv) {
  routedeck::tests::kubeapi::ApiServer::Options options;
  std::string kubeconfigPath;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool hasValue = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--listen" && hasValue) {
      options.listen = argv[++i];
    } else if (arg == "--write-kubeconfig" && hasValue) {
      kubeconfigPath = argv[++i];
    } else if (arg == "--token" && hasValue) {
      options.token = argv[++i];
    } else {
      std::cerr << "routedeck-test-apiserver: unknown or incomplete option " << arg << "\n"
                << kUsage;
      return 2;
    }
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = routedeck::tests::kubeapi::ApiServer::start(options);
  if (!server) {
    std::cerr << "routedeck-test-apiserver: " << server.error().message << "\n";
    return 1;
  }
  if (!kubeconfigPath.empty() && !writePrivateFile(kubeconfigPath, (*server)->kubeconfig())) {
    std::cerr << "routedeck-test-apiserver: cannot write " << kubeconfigPath << ": "
              << std::strerror(errno) << "\n";
    return 1;
  }
  std::cout << "listening 127.0.0.1 " << (*server)->port() << " apiserver" << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  (*server)->stop();
  return 0;
}
