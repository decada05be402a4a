#pragma once

// Objects for tst_kube_offline, kept out of the test .cpp because moc misreads "//" and
// quotes inside raw strings.
namespace kubetest {

inline const char* kRouteAsRead = R"({
  "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
  "metadata": {"name": "shop", "namespace": "default", "resourceVersion": "42", "uid": "u-1",
    "labels": {"app": "shop", "team": "web"},
    "managedFields": [
      {"manager": "routedeck", "operation": "Apply", "apiVersion": "gateway.networking.k8s.io/v1",
       "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:labels": {"f:team": {}}},
                                             "f:spec": {"f:hostnames": {}}}},
      {"manager": "kubectl", "operation": "Update", "fieldsType": "FieldsV1",
       "fieldsV1": {"f:spec": {"f:rules": {}, "f:parentRefs": {}}}}]},
  "spec": {"hostnames": ["shop.example"], "parentRefs": [{"name": "gw"}],
    "rules": [{"backendRefs": [{"name": "v1", "port": 80, "weight": 90}, {"name": "v2", "port": 80, "weight": 10}]}]},
  "status": {"parents": []}
})";

inline const char* kConflictStatus = R"({"kind":"Status","apiVersion":"v1","status":"Failure",
  "message":"Apply failed with 2 conflicts: conflict with \"kubectl\" using gateway.networking.k8s.io/v1: .spec.rules",
  "reason":"Conflict","code":409,
  "details":{"causes":[
    {"reason":"FieldManagerConflict","message":"conflict with \"kubectl\" using gateway.networking.k8s.io/v1","field":".spec.rules"},
    {"reason":"FieldManagerConflict","message":"conflict with \"kubectl\" using gateway.networking.k8s.io/v1","field":".spec.parentRefs"}]}})";

inline const char* kInvalidStatus = R"({"kind":"Status","apiVersion":"v1","status":"Failure",
  "message":"HTTPRoute.gateway.networking.k8s.io \"x\" is invalid: spec.rules[0].backendRefs[0].weight: Invalid value: -5: should be greater than or equal to 0",
  "reason":"Invalid","code":422,
  "details":{"name":"x","group":"gateway.networking.k8s.io","kind":"HTTPRoute","causes":[
    {"reason":"FieldValueInvalid","message":"Invalid value: -5: should be greater than or equal to 0","field":"spec.rules[0].backendRefs[0].weight"}]}})";

inline const char* kWatchStream =
    "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"5\"},\"data\":\"}{\\\"\"}}\n"
    "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"9\"}}}"
    "{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"10\"}}}\n";

}  // namespace kubetest
