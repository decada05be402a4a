#include "tests/kubeapi/validation.h"

#include "proxycore/common/diagnostics.h"
#include "proxycore/schema/schema_validator.h"

namespace routedeck::tests::kubeapi {

namespace {

std::string valueText(const Json* v) {
  if (!v) {
    return "null";
  }
  if (v->is_object()) {
    return "\"object\"";
  }
  if (v->is_array()) {
    return "\"array\"";
  }
  return v->dump();
}

// The validator's wording, turned into the API's "Invalid value: ..." form.
StatusCause toCause(const core::Diagnostic& d, const Json& object) {
  const std::string& field = d.fieldPath;
  const std::string& m = d.message;
  if (m.rfind("missing required field", 0) == 0) {
    return {"FieldValueRequired", "Required value", field};
  }
  const std::string value = valueText(valueAtFieldPath(object, field));
  auto bound = [&](const std::string& marker,
                   const std::string& phrase) -> std::optional<StatusCause> {
    const size_t at = m.find(marker);
    if (at == std::string::npos) {
      return std::nullopt;
    }
    return StatusCause{"FieldValueInvalid",
                       "Invalid value: " + value + ": " + field + " in body should be " + phrase +
                           " " + m.substr(at + marker.size()),
                       field};
  };
  if (auto c = bound(" is below the minimum ", "greater than or equal to")) return *c;
  if (auto c = bound(" is above the maximum ", "less than or equal to")) return *c;
  if (auto c = bound(" is not above the exclusive minimum ", "greater than")) return *c;
  if (auto c = bound(" is not below the exclusive maximum ", "less than")) return *c;
  if (const size_t at = m.find(" is not one of "); at != std::string::npos) {
    return {"FieldValueNotSupported",
            "Unsupported value: " + value + ": supported values: " + m.substr(at + 15), field};
  }
  return {"FieldValueInvalid", "Invalid value: " + value + ": " + m, field};
}

}  // namespace

ValidationOutcome validateObject(const ResourceType& type, Json& object,
                                 const std::string& fieldValidation) {
  ValidationOutcome out;
  const std::string apiVersion = object.value("apiVersion", "");
  if (!core::schema::hasSchema(apiVersion, type.kind)) {
    return out;
  }
  core::Diagnostics diags;
  core::schema::validateDocument(core::yaml::Document{"request body", 0, toYaml(object)}, diags);
  std::vector<StatusCause> causes;
  std::vector<std::string> unknown;
  for (const auto& d : diags.items()) {
    if (d.severity != core::Severity::Error) {
      continue;
    }
    if (d.message.rfind("unknown field", 0) == 0) {
      unknown.push_back(d.fieldPath);
      continue;
    }
    causes.push_back(toCause(d, object));
  }
  const std::string name = object["metadata"].value("name", "");
  if (!causes.empty()) {
    out.error = invalid(type, name, causes);
    return out;
  }
  if (!unknown.empty() && fieldValidation == "Strict") {
    std::string message = "strict decoding error: ";
    for (size_t i = 0; i < unknown.size(); ++i) {
      message += (i ? ", " : "") + std::string("unknown field \"") + unknown[i] + "\"";
    }
    out.error = badRequest(message);
    return out;
  }
  for (const auto& field : unknown) {
    if (fieldValidation != "Ignore") {
      out.warnings.push_back("unknown field \"" + field + "\"");
    }
    eraseAtFieldPath(object, field);
  }
  return out;
}

}  // namespace routedeck::tests::kubeapi
