#include "tests/kubeapi/tables.h"

#include "tests/kubeapi/query.h"

namespace routedeck::tests::kubeapi {

namespace {

// ".spec.hostnames" or ".status.addresses[*].value": enough JSONPath for
// the printer columns of the served kinds. Lists print comma-joined.
std::string render(const Json& v) {
  if (v.is_string()) {
    return v.get<std::string>();
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v) {
      out += (out.empty() ? "" : ",") + render(item);
    }
    return out;
  }
  return v.is_null() ? std::string() : v.dump();
}

std::vector<Json> select(const Json& at, const std::string& path, size_t pos) {
  if (pos >= path.size()) {
    return {at};
  }
  size_t next = path.find('.', pos + 1);
  std::string step =
      path.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
  const bool each = step.size() > 3 && step.ends_with("[*]");
  if (each) {
    step.resize(step.size() - 3);
  }
  if (!at.is_object() || !at.contains(step)) {
    return {};
  }
  const Json& child = at[step];
  const size_t rest = next == std::string::npos ? path.size() : next;
  if (!each) {
    return select(child, path, rest);
  }
  std::vector<Json> out;
  for (const auto& item : child.is_array() ? child : Json::array()) {
    for (auto& v : select(item, path, rest)) {
      out.push_back(std::move(v));
    }
  }
  return out;
}

std::string cell(const Json& object, const std::string& jsonPath) {
  auto values = select(object, jsonPath, 0);
  std::string out;
  for (const auto& v : values) {
    out += (out.empty() ? "" : ",") + render(v);
  }
  return out;
}

Json column(const std::string& name, const std::string& type, const std::string& format,
            const std::string& desc) {
  return {
      {"name", name}, {"type", type}, {"format", format}, {"description", desc}, {"priority", 0}};
}

}  // namespace

std::string requestedTableVersion(const std::string& accept) {
  for (const auto& part : mediaRanges(accept)) {
    if (part.find("as=Table") != std::string::npos && part.find("g=meta.k8s.io") != std::string::npos) {
      return part.find("v=v1beta1") != std::string::npos ? "v1beta1" : "v1";
    }
  }
  return {};
}

std::string tableContentType(const std::string& version) {
  return "application/json;as=Table;v=" + version + ";g=meta.k8s.io";
}

Json makeTable(const ResourceType& type, const std::vector<Json>& objects,
               const std::string& tableVersion, bool withColumns) {
  Json table = Json::object();
  table["kind"] = "Table";
  table["apiVersion"] = "meta.k8s.io/" + tableVersion;
  table["metadata"] = Json::object();
  Json columns = Json::array();
  if (withColumns) {
    columns.push_back(
        column("Name", "string", "name",
               "Name must be unique within a namespace. More info: "
               "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"));
    for (const auto& c : type.columns) {
      columns.push_back(column(c.name, c.type, "", c.description));
    }
    columns.push_back(
        column("Age", "date", "",
               "CreationTimestamp is a timestamp representing the server time when this object "
               "was created."));
  }
  table["columnDefinitions"] = std::move(columns);
  Json rows = Json::array();
  for (const auto& object : objects) {
    const Json& meta = object["metadata"];
    Json cells = Json::array();
    cells.push_back(meta.value("name", ""));
    for (const auto& c : type.columns) {
      cells.push_back(cell(object, c.jsonPath));
    }
    cells.push_back(humanDuration(secondsSince(meta.value("creationTimestamp", ""))));
    Json partial = Json::object();
    partial["kind"] = "PartialObjectMetadata";
    partial["apiVersion"] = "meta.k8s.io/v1";
    partial["metadata"] = meta;
    rows.push_back({{"cells", std::move(cells)}, {"object", std::move(partial)}});
  }
  table["rows"] = std::move(rows);
  return table;
}

}  // namespace routedeck::tests::kubeapi
