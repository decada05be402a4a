#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "proxycore/common/result.h"

namespace routedeck::core::kube {

// Where a kubeconfig value came from, for error messages ("FILE:LINE:COL").
struct Origin {
  std::string file;
  int line = 0;
  int column = 0;
  std::string format() const;
};

// users[].user.exec: an ExecCredential plugin (client.authentication.k8s.io v1 or v1beta1).
struct ExecConfig {
  std::string apiVersion;
  // Absolute when the kubeconfig named a path with a separator; a bare name goes through PATH.
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string installHint;
  bool provideClusterInfo = false;
  // Never, IfAvailable or Always; RouteDeck has no terminal to offer, so Always cannot run.
  std::string interactiveMode;
  Origin origin;
};

struct Cluster {
  std::string name;
  std::string server;
  // certificate-authority-data wins over certificate-authority (kubectl's rule).
  std::string certificateAuthorityData;  // PEM, decoded
  std::string certificateAuthorityFile;  // absolute
  bool insecureSkipTlsVerify = false;
  std::string tlsServerName;
  std::string proxyUrl;
  bool disableCompression = false;
  // extensions[name=client.authentication.k8s.io/exec].extension, as JSON text ("" if absent).
  std::string execExtensionJson;
  Origin origin;
};

struct User {
  std::string name;
  std::string clientCertificateData;  // PEM, decoded
  std::string clientCertificateFile;  // absolute
  std::string clientKeyData;
  std::string clientKeyFile;
  std::string token;
  std::string tokenFile;  // absolute; read at request time so rotation is picked up
  std::string username;
  std::string password;
  std::string impersonate;
  std::string impersonateUid;
  std::vector<std::string> impersonateGroups;
  bool hasExec = false;
  ExecConfig exec;
  // auth-provider: only the name and an oidc id-token are kept (no refresh).
  std::string authProvider;
  std::string authProviderIdToken;
  Origin origin;
};

struct Context {
  std::string name;
  std::string cluster;
  std::string user;
  std::string ns;
  Origin origin;
};

// Several kubeconfig files merged the way kubectl merges them: the first file to
// define a cluster, user or context name wins, and current-context comes from the
// first file that sets one.
struct Kubeconfig {
  std::vector<std::string> files;  // the files that existed and were read, in order
  std::map<std::string, Cluster> clusters;
  std::map<std::string, User> users;
  std::map<std::string, Context> contexts;
  std::string currentContext;
  Origin currentContextOrigin;
};

// Everything a client needs to talk to one cluster as one user.
struct ClientConfig {
  std::string contextName;
  std::string ns = "default";
  Cluster cluster;
  User user;
};

// The kubeconfig paths kubectl would read: $KUBECONFIG split on ':' (empty entries
// and repeats dropped), or ~/.kube/config when KUBECONFIG is unset or empty.
std::vector<std::string> defaultKubeconfigPaths();

// Reads and merges the files in order. Files that do not exist are skipped, as
// kubectl does, unless none of them exists. Errors carry FILE:LINE:COL.
Result<Kubeconfig> loadKubeconfig(const std::vector<std::string>& paths);
Result<Kubeconfig> loadKubeconfigString(const std::string& text, const std::string& fileName);

// The named context (or current-context when empty) with its cluster and user
// resolved; *-data wins over the file variant. Errors name the context and where it is defined.
Result<ClientConfig> resolveContext(const Kubeconfig& config, const std::string& contextName = {});

}  // namespace routedeck::core::kube
