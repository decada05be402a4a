#!/usr/bin/python3
"""python3-kubernetes (Debian's, under /usr/bin/python3) against the test API server.

usage: python_client_checks.py KUBECONFIG CONTEXT SUFFIX CACHE_FILE
Prints "ok: <check>" per passed check; exits 1 with the reason on the first failure.
"""
import json
import ssl
import sys
import urllib.request

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException
from kubernetes.dynamic import DynamicClient

KUBECONFIG, CONTEXT, SUFFIX, CACHE_FILE = sys.argv[1:5]
GROUP, VERSION, PLURAL, NS = "gateway.networking.k8s.io", "v1", "httproutes", "default"


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def route(name, weight):
    return {
        "apiVersion": GROUP + "/" + VERSION,
        "kind": "HTTPRoute",
        "metadata": {"name": name, "labels": {"app": "py"}},
        "spec": {
            "parentRefs": [{"name": "gw"}],
            "hostnames": ["py.example.com"],
            "rules": [{"backendRefs": [{"name": "v1", "port": 80, "weight": weight}]}],
        },
    }


def expect_status(status, call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except ApiException as e:
        # The dynamic client leaves the body as bytes.
        text = e.body.decode() if isinstance(e.body, bytes) else str(e.body)
        check(e.status == status, "expected %d, got %d: %s" % (status, e.status, text))
        return text
    fail("expected an ApiException %d from %s" % (status, getattr(call, "__name__", "the call")))


api_client = config.new_client_from_config(config_file=KUBECONFIG, context=CONTEXT)
custom = client.CustomObjectsApi(api_client)
configuration = api_client.configuration


def control(path):
    """POST to the fixture's control API (no authentication, same CA)."""
    context = ssl.create_default_context(cafile=configuration.ssl_ca_cert)
    request = urllib.request.Request(configuration.host + "/fixture/v1/" + path, data=b"{}", method="POST")
    with urllib.request.urlopen(request, context=context, timeout=10) as answer:
        return json.loads(answer.read())


name = "py-" + SUFFIX
created = custom.create_namespaced_custom_object(GROUP, VERSION, NS, PLURAL, route(name, 10))
check(created["metadata"]["generation"] == 1, "generation after create")
listed = custom.list_namespaced_custom_object(GROUP, VERSION, NS, PLURAL, label_selector="app=py")
check(name in [i["metadata"]["name"] for i in listed["items"]], "list shows the created route")
got = custom.get_namespaced_custom_object(GROUP, VERSION, NS, PLURAL, name)
check(got["spec"]["hostnames"] == ["py.example.com"], "get returns the object")
print("ok: CustomObjectsApi create/list/get")

patched = custom.patch_namespaced_custom_object(GROUP, VERSION, NS, PLURAL, name,
                                                {"spec": {"hostnames": ["patched.example.com"]}})
check(patched["spec"]["hostnames"] == ["patched.example.com"], "merge patch applied")
check(patched["metadata"]["generation"] == 2, "spec change bumps generation")
print("ok: merge patch")

stale = dict(got)
stale["spec"] = dict(got["spec"], hostnames=["stale.example.com"])
body = expect_status(409, custom.replace_namespaced_custom_object, GROUP, VERSION, NS, PLURAL, name, stale)
check("the object has been modified" in body, "stale resourceVersion message")
print("ok: stale resourceVersion 409")

body = expect_status(404, custom.get_namespaced_custom_object, GROUP, VERSION, NS, PLURAL, "missing-" + SUFFIX)
check('httproutes.gateway.networking.k8s.io \\"missing-' + SUFFIX + '\\" not found' in body, "404 message")
print("ok: 404")

body = expect_status(422, custom.create_namespaced_custom_object, GROUP, VERSION, NS, PLURAL,
                  route("invalid-" + SUFFIX, -5))
check(json.loads(body)["details"]["causes"][0]["field"] == "spec.rules[0].backendRefs[0].weight", "422 cause field")
print("ok: 422 invalid")

# A watch from the list's resourceVersion sees the change made after the
# list, and bookmarks while idle (bool parameters arrive as "True").
list_rv = custom.list_namespaced_custom_object(GROUP, VERSION, NS, PLURAL)["metadata"]["resourceVersion"]
custom.patch_namespaced_custom_object(GROUP, VERSION, NS, PLURAL, name, {"metadata": {"labels": {"seen": "yes"}}})
types = []
w = watch.Watch()
for event in w.stream(custom.list_namespaced_custom_object, GROUP, VERSION, NS, PLURAL,
                      resource_version=list_rv, allow_watch_bookmarks=True, timeout_seconds=3):
    types.append(event["type"])
    if "MODIFIED" in types and "BOOKMARK" in types:
        w.stop()
check("MODIFIED" in types, "watch saw MODIFIED: %s" % types)
check("BOOKMARK" in types, "watch saw a BOOKMARK: %s" % types)
print("ok: watch from list resourceVersion with bookmarks")

control("compact")
try:
    for event in watch.Watch().stream(custom.list_namespaced_custom_object, GROUP, VERSION, NS, PLURAL,
                                      resource_version=list_rv, timeout_seconds=3):
        pass
    fail("a watch from a compacted resourceVersion must fail")
except ApiException as e:
    check(e.status == 410, "expected 410, got %d" % e.status)
print("ok: watch 410 after compaction")

dynamic = DynamicClient(api_client, cache_file=CACHE_FILE)
routes = dynamic.resources.get(api_version=GROUP + "/" + VERSION, kind="HTTPRoute")
applied_name = "py-ssa-" + SUFFIX
# A JSON string body: 22.6 cannot send a dict as apply-patch+yaml.
applied = routes.server_side_apply(body=json.dumps(route(applied_name, 10)), name=applied_name, namespace=NS,
                                   field_manager="py-one")
check(applied.metadata.managedFields[0].manager == "py-one", "apply recorded its manager")
body = expect_status(409, routes.server_side_apply, body=json.dumps(route(applied_name, 20)), name=applied_name,
                  namespace=NS, field_manager="py-two")
check('conflict with \\"py-one\\"' in body, "conflict names the other manager: " + body)
forced = routes.server_side_apply(body=json.dumps(route(applied_name, 20)), name=applied_name, namespace=NS,
                                  field_manager="py-two", force_conflicts=True)
check(forced.spec.rules[0].backendRefs[0].weight == 20, "force applied the new weight")
print("ok: DynamicClient server_side_apply, conflict, force")
