#pragma once

// Plugin scripts for tst_exec_credential, kept out of the test .cpp because moc
// misreads shell text ("//", quotes) inside raw strings.
#include <string>

namespace kubetest {

// Counts its runs in countFile, saves KUBERNETES_EXEC_INFO to infoFile and prints
// token "tok-<run>-<$1>-<$PLUGIN_ENV>" expiring at `expiry`.
inline std::string countingPluginScript(const std::string& countFile, const std::string& infoFile,
                                        const std::string& version, const std::string& expiry) {
  return "n=$(cat '" + countFile + "' 2>/dev/null || echo 0)\n"
         "n=$((n+1)); echo $n > '" + countFile + "'\n"
         "printf '%s' \"$KUBERNETES_EXEC_INFO\" > '" + infoFile + "'\n"
         "echo \"{\\\"apiVersion\\\":\\\"client.authentication.k8s.io/" + version +
         "\\\",\\\"kind\\\":\\\"ExecCredential\\\",\\\"status\\\":{\\\"token\\\":\\\"tok-$n-$1-$PLUGIN_ENV\\\","
         "\\\"expirationTimestamp\\\":\\\"" + expiry + "\\\"}}\"\n";
}

inline const char* kCertPlugin =
    "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
    "\"status\":{\"clientCertificateData\":\"CERT\",\"clientKeyData\":\"KEY\"}}'\n";

// Expires one second after it runs.
inline const char* kSoonExpiringPlugin =
    "exp=$(date -u -d '+1 second' +%Y-%m-%dT%H:%M:%SZ)\n"
    "echo \"{\\\"apiVersion\\\":\\\"client.authentication.k8s.io/v1\\\",\\\"kind\\\":\\\"ExecCredential\\\","
    "\\\"status\\\":{\\\"token\\\":\\\"t\\\",\\\"expirationTimestamp\\\":\\\"$exp\\\"}}\"\n";

}  // namespace kubetest
