#include "proxycore/kube/exec_credential.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "proxycore/common/strings.h"
#include "proxycore/kube/base64.h"
#include "proxycore/kube/json_convert.h"

extern char** environ;

namespace routedeck::core::kube {

namespace {

constexpr size_t kMaxOutput = 1 << 20;
constexpr size_t kMaxStderrInError = 2000;

std::string describe(const ExecConfig& exec) {
  return "exec credential plugin \"" + exec.command + "\" (" + exec.origin.format() + ")";
}

struct PluginOutput {
  int exitStatus = -1;
  std::string out;
  std::string err;
};

// Reads stdout and stderr until both close or the deadline passes.
bool drain(int outFd, int errFd, PluginOutput& o, std::chrono::steady_clock::time_point deadline) {
  pollfd fds[2] = {{outFd, POLLIN, 0}, {errFd, POLLIN, 0}};
  std::string* sinks[2] = {&o.out, &o.err};
  int open = 2;
  char buf[8192];
  while (open > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    const int r = ::poll(fds, 2, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        if (sinks[i]->size() < kMaxOutput) sinks[i]->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open;
      }
    }
  }
  return true;
}

std::vector<std::string> pluginEnvironment(const ExecConfig& exec, const Cluster& cluster) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view kv(*e);
    const std::string name(kv.substr(0, kv.find('=')));
    bool overridden = name == "KUBERNETES_EXEC_INFO";
    for (const auto& [k, v] : exec.env) overridden = overridden || k == name;
    if (!overridden) env.emplace_back(kv);
  }
  for (const auto& [k, v] : exec.env) env.push_back(k + "=" + v);
  env.push_back("KUBERNETES_EXEC_INFO=" + execInfoJson(exec, cluster));
  return env;
}

Result<PluginOutput> spawnPlugin(const ExecConfig& exec, const Cluster& cluster,
                                 std::chrono::milliseconds timeout) {
  int outPipe[2], errPipe[2];
  if (::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0) {
    return makeError(ErrorCode::Io, describe(exec) + ": cannot create pipes: " + std::strerror(errno));
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, outPipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, errPipe[1], 2);
  std::vector<std::string> args{exec.command};
  args.insert(args.end(), exec.args.begin(), exec.args.end());
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  auto env = pluginEnvironment(exec, cluster);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  // posix_spawnp searches PATH for a bare name; an absolute command is used as is.
  const int rc = ::posix_spawnp(&pid, exec.command.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(outPipe[1]);
  ::close(errPipe[1]);
  if (rc != 0) {
    ::close(outPipe[0]);
    ::close(errPipe[0]);
    std::string msg = describe(exec) + " could not be started: " + std::strerror(rc);
    if (rc == ENOENT || rc == EACCES) {
      msg += exec.installHint.empty() ? std::string(" (is it installed and on PATH?)")
                                      : "\n" + exec.installHint;
    }
    return makeError(ErrorCode::NotFound, msg);
  }
  PluginOutput o;
  const bool finished = drain(outPipe[0], errPipe[0], o, std::chrono::steady_clock::now() + timeout);
  ::close(outPipe[0]);
  ::close(errPipe[0]);
  if (!finished) {
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    return makeError(ErrorCode::Io, describe(exec) + " did not finish within " +
                                        std::to_string(timeout.count()) + " ms and was killed");
  }
  o.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return o;
}

Result<Credential> parseCredential(const ExecConfig& exec, const std::string& out) {
  auto j = nlohmann::json::parse(out, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return makeError(ErrorCode::Parse, describe(exec) + " printed " + std::to_string(out.size()) +
                                           " bytes that are not an ExecCredential JSON object");
  }
  const std::string apiVersion = j.value("apiVersion", "");
  if (apiVersion != exec.apiVersion) {
    return makeError(ErrorCode::Invalid, describe(exec) + " is configured for " + exec.apiVersion +
                                             " but returned apiVersion \"" + apiVersion + "\"");
  }
  if (j.value("kind", "") != "ExecCredential") {
    return makeError(ErrorCode::Invalid, describe(exec) + " returned kind \"" + j.value("kind", "") +
                                             "\", expected ExecCredential");
  }
  const auto& st = j.contains("status") && j["status"].is_object() ? j["status"] : nlohmann::json::object();
  Credential c;
  c.token = st.value("token", "");
  c.clientCertificateData = st.value("clientCertificateData", "");
  c.clientKeyData = st.value("clientKeyData", "");
  if (c.token.empty() && c.clientCertificateData.empty()) {
    return makeError(ErrorCode::Invalid, describe(exec) +
                                             " returned neither status.token nor status.clientCertificateData");
  }
  if (c.clientCertificateData.empty() != c.clientKeyData.empty()) {
    return makeError(ErrorCode::Invalid, describe(exec) +
                                             " must return clientCertificateData and clientKeyData together");
  }
  if (st.contains("expirationTimestamp") && st["expirationTimestamp"].is_string()) {
    const std::string ts = st["expirationTimestamp"];
    c.expiry = parseRfc3339(ts);
    if (!c.expiry) {
      return makeError(ErrorCode::Invalid,
                       describe(exec) + " returned expirationTimestamp \"" + ts + "\", which is not RFC 3339");
    }
  }
  return c;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parseRfc3339(const std::string& s) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6 || consumed == 0) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::string_view rest = std::string_view(s).substr(static_cast<size_t>(consumed));
  std::chrono::nanoseconds frac{0};
  if (!rest.empty() && rest[0] == '.') {
    size_t i = 1;
    long long scale = 100000000;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') {
      frac += std::chrono::nanoseconds((rest[i] - '0') * scale);
      scale /= 10;
      ++i;
    }
    rest.remove_prefix(i);
  }
  long offset = 0;
  if (rest == "Z" || rest == "z") {
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    const auto h = strings::parseInt(rest.substr(1, 2));
    const auto m = strings::parseInt(rest.substr(4, 2));
    if (!h || !m) return std::nullopt;
    offset = (rest[0] == '-' ? -1 : 1) * (*h * 3600 + *m * 60);
  } else {
    return std::nullopt;
  }
  const time_t t = ::timegm(&tm) - offset;
  // system_clock counts nanoseconds in 64 bits and ends in 2262; later means "never".
  constexpr time_t kLatest = 9'000'000'000;
  if (t > kLatest) {
    return std::chrono::system_clock::time_point::max();
  }
  return std::chrono::system_clock::from_time_t(t) +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(frac);
}

std::string execInfoJson(const ExecConfig& exec, const Cluster& cluster) {
  nlohmann::json spec = {{"interactive", false}};
  if (exec.provideClusterInfo) {
    nlohmann::json c = {{"server", cluster.server}};
    if (!cluster.tlsServerName.empty()) c["tls-server-name"] = cluster.tlsServerName;
    if (cluster.insecureSkipTlsVerify) c["insecure-skip-tls-verify"] = true;
    std::string ca = cluster.certificateAuthorityData;
    if (ca.empty() && !cluster.certificateAuthorityFile.empty()) {
      // client-go sends the CA bytes even when the kubeconfig names a file.
      if (FILE* f = std::fopen(cluster.certificateAuthorityFile.c_str(), "rb")) {
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) ca.append(buf, n);
        std::fclose(f);
      }
    }
    if (!ca.empty()) c["certificate-authority-data"] = base64Encode(ca);
    if (!cluster.proxyUrl.empty()) c["proxy-url"] = cluster.proxyUrl;
    if (cluster.disableCompression) c["disable-compression"] = true;
    c["config"] = cluster.execExtensionJson.empty()
                      ? nlohmann::json(nullptr)
                      : nlohmann::json::parse(cluster.execExtensionJson, nullptr, false);
    spec["cluster"] = std::move(c);
  }
  return nlohmann::json{{"apiVersion", exec.apiVersion}, {"kind", "ExecCredential"}, {"spec", spec}}.dump();
}

Result<Credential> runExecPlugin(const ExecConfig& exec, const Cluster& cluster,
                                 std::chrono::milliseconds timeout) {
  if (exec.interactiveMode == "Always") {
    return makeError(ErrorCode::Unsupported,
                     describe(exec) +
                         " needs a terminal (interactiveMode: Always), which RouteDeck cannot give it; "
                         "log in with the tool in a terminal first or set interactiveMode: IfAvailable");
  }
  auto run = spawnPlugin(exec, cluster, timeout);
  if (!run) {
    return run.error();
  }
  if (run->exitStatus != 0) {
    std::string err(strings::trim(run->err));
    if (err.size() > kMaxStderrInError) err = err.substr(0, kMaxStderrInError) + "…";
    return makeError(ErrorCode::Io, describe(exec) + " exited with status " +
                                        std::to_string(run->exitStatus) +
                                        (err.empty() ? std::string(" and printed nothing on stderr")
                                                     : ": " + err));
  }
  return parseCredential(exec, run->out);
}

ExecCredentialProvider::ExecCredentialProvider(ExecConfig exec, Cluster cluster,
                                               std::chrono::milliseconds timeout)
    : m_exec(std::move(exec)), m_cluster(std::move(cluster)), m_timeout(timeout) {}

Result<Credential> ExecCredentialProvider::get() {
  std::lock_guard lock(m_mutex);
  if (m_cached && (!m_cached->expiry || std::chrono::system_clock::now() < *m_cached->expiry)) {
    return *m_cached;
  }
  m_cached.reset();
  ++m_runs;
  auto c = runExecPlugin(m_exec, m_cluster, m_timeout);
  if (c) {
    m_cached = c.value();
  }
  return c;
}

void ExecCredentialProvider::invalidate(const Credential& rejected) {
  std::lock_guard lock(m_mutex);
  if (m_cached && *m_cached == rejected) {
    m_cached.reset();
  }
}

}  // namespace routedeck::core::kube
