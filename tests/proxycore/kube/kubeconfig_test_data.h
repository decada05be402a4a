#pragma once

// Test kubeconfigs, kept out of the test .cpp because moc misreads "//" inside raw strings.
namespace kubetest {

// "hello CA" and friends, base64.
inline const char* kFirst = R"(apiVersion: v1
kind: Config
current-context: alpha
clusters:
- name: one
  cluster:
    server: https://one.example:6443
    certificate-authority: certs/ca.pem
    tls-server-name: kubernetes
    proxy-url: socks5://127.0.0.1:1080
- name: shared
  cluster:
    server: https://first.example
users:
- name: u1
  user:
    tokenFile: tokens/u1
- name: certs
  user:
    client-certificate-data: Y2VydA==
    client-key-data: a2V5
    client-certificate: ignored.pem
    client-key: ignored.key
contexts:
- name: alpha
  context: {cluster: one, user: u1, namespace: team-a}
- name: nons
  context: {cluster: shared, user: certs}
)";

inline const char* kSecond = R"(apiVersion: v1
kind: Config
current-context: beta
clusters:
- name: shared
  cluster:
    server: https://second.example
    certificate-authority-data: aGVsbG8gQ0E=
    insecure-skip-tls-verify: true
- name: two
  cluster:
    server: https://two.example
users:
- name: u1
  user: {token: never-used}
- name: u2
  user:
    token: t2
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/plugin
      args: [get-token, --cluster, two]
contexts:
- name: beta
  context: {cluster: two, user: u2}
- name: alpha
  context: {cluster: two, user: u2}
)";


inline const char* kTokenAndFile = R"(clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {token: abc, tokenFile: /t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
)";

inline const char* kMissingCluster = R"(current-context: gone
contexts:
- name: x
  context: {cluster: nowhere, user: u}
)";

inline const char* kAuthProvider = R"(clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {auth-provider: {name: gcp}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
)";

}  // namespace kubetest
