#pragma once
// The resource types the test API server serves, as a CRD or the core API
// defines them: names, scope, versions, subresources and printer columns.

#include <string>
#include <vector>

namespace routedeck::tests::kubeapi {

// One additionalPrinterColumn; jsonPath is a dotted path, "[*]" joins a list.
struct PrinterColumn {
  std::string name;
  std::string type;  // "string", "integer", "date"
  std::string jsonPath;
  std::string description;
};

struct ResourceType {
  std::string group;  // "" for the core API
  // Served versions, the storage (and preferred) version first. Every
  // version shares one storage: the objects are the same, only apiVersion
  // differs in answers.
  std::vector<std::string> versions;
  std::string kind;
  std::string plural;
  std::string singular;
  bool namespaced = true;
  // A custom resource (CRD): no strategic merge patch, PUT needs a
  // resourceVersion, generation is tracked for every change.
  bool custom = true;
  bool statusSubresource = false;
  std::vector<std::string> shortNames;
  std::vector<std::string> categories;
  std::vector<PrinterColumn> columns;

  // "httproutes.gateway.networking.k8s.io", or "services" for the core API.
  std::string groupResource() const { return group.empty() ? plural : plural + "." + group; }
  // "HTTPRoute.gateway.networking.k8s.io", or "Service": how 422 messages name the kind.
  std::string groupKind() const { return group.empty() ? kind : kind + "." + group; }
  std::string apiVersion(const std::string& version) const {
    return group.empty() ? version : group + "/" + version;
  }
  bool serves(const std::string& version) const;
};

class ResourceCatalog {
 public:
  static const ResourceCatalog& instance();

  const std::vector<ResourceType>& types() const { return m_types; }
  // By URL: group, version and plural (or plural of a subresource's parent).
  const ResourceType* find(const std::string& group, const std::string& version,
                           const std::string& plural) const;
  // By apiVersion and kind: two kinds are called Gateway, so the group decides.
  const ResourceType* findKind(const std::string& apiVersion, const std::string& kind) const;
  // API groups (without the core group) in discovery order.
  std::vector<std::string> groups() const;
  // The served versions of a group, preferred first.
  std::vector<std::string> versions(const std::string& group) const;

 private:
  ResourceCatalog();
  std::vector<ResourceType> m_types;
};

}  // namespace routedeck::tests::kubeapi
