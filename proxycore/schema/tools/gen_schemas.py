#!/usr/bin/env python3
"""Derives RouteDeck's compact validation schemas from upstream CRD YAMLs.

Run by hand when the upstream CRDs change; the build never runs it (the build
must not depend on ../shared):

    python3 proxycore/schema/tools/gen_schemas.py \
        --crds ../shared/corpus/crds --out proxycore/schema/data/schemas.json

Output (minified JSON):

    {"format": 1,
     "kinds": {"gateway.networking.k8s.io/v1 HTTPRoute": <schema>, ...},
     "defs":  [<schema>, ...]}

A <schema> keeps only the facts the validator checks. Subtrees that occur more
than once (identical served versions, Istio's repeated trafficPolicy, ObjectMeta)
are stored once in "defs" and referenced as {"$ref": <index>}: that is what keeps
the file small, the upstream CRDs are ~3 MB.

Non-standard keywords the generator produces:
  "x-exclusive": [["exact", "prefix", "regex"], ...]
      Istio expresses "at most one of these fields" as
      oneOf: [{not: {anyOf: [{required: [a]}, ...]}}, {required: [a]}, ...];
      we store the field groups, which lets the validator name the fields.
  "default" is dropped everywhere except on properties that a oneOf/anyOf
      branch of the same object looks at: Kubernetes defaults before it
      validates, so those branches only make sense on defaulted data.

Needs PyYAML (Debian: python3-yaml).
"""

import argparse
import collections
import glob
import json
import os
import sys

import yaml

# Gateway API: the experimental channel is a superset of the standard one (same
# versions, more fields). We take it so that manifests using experimental
# features (the conformance suite has some) validate; a standard-channel
# cluster would prune or reject those fields, which is the importer's concern,
# not the schema's.
WANTED = {
    "gateway-api/experimental/*.yaml": {
        "Gateway", "GatewayClass", "HTTPRoute", "GRPCRoute", "ReferenceGrant",
        # Not in the original list, but the conformance corpus applies it.
        "ListenerSet",
    },
    "istio/*.yaml": {"Gateway", "VirtualService", "DestinationRule"},
    "appmesh/*.yaml": {
        "Mesh", "VirtualGateway", "GatewayRoute", "VirtualRouter", "VirtualService",
        "VirtualNode", "BackendGroup",
    },
}

# Validation facts copied as they are.
PLAIN_KEYS = (
    "type", "required", "enum", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems",
    "minProperties", "maxProperties", "pattern", "x-kubernetes-list-map-keys",
)
# Formats the validator understands; others ("double") carry no check.
FORMATS = {"int32", "int64", "ipv4", "ipv6", "date-time", "byte"}

STRING = {"type": "string"}
STRING_MAP = {"type": "object", "additionalProperties": STRING}
OPEN_OBJECT = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}

# ObjectMeta as the API server accepts it in a manifest. CRDs only say
# "metadata: {type: object}"; the API server validates it itself. Names are
# plain strings here on purpose: App Mesh samples use ${VAR} placeholders.
OBJECT_META = {
    "type": "object",
    "properties": {
        "name": STRING,
        "generateName": STRING,
        "namespace": STRING,
        "selfLink": STRING,
        "uid": STRING,
        "resourceVersion": STRING,
        "generation": {"type": "integer", "format": "int64"},
        "creationTimestamp": STRING,
        "deletionTimestamp": STRING,
        "deletionGracePeriodSeconds": {"type": "integer", "format": "int64"},
        "labels": STRING_MAP,
        "annotations": STRING_MAP,
        "ownerReferences": {"type": "array", "items": OPEN_OBJECT},
        "finalizers": {"type": "array", "items": STRING},
        "managedFields": {"type": "array", "items": OPEN_OBJECT},
    },
}


def port_schema(minimum):
    return {"type": "integer", "format": "int32", "minimum": minimum, "maximum": 65535}


# Project-own facts about the two core kinds RouteDeck reads, from the
# Kubernetes API reference. Only what RouteDeck relies on is closed; the rest
# of Service.spec stays open.
SERVICE = {
    "type": "object",
    "properties": {
        "apiVersion": STRING,
        "kind": STRING,
        "metadata": OBJECT_META,
        "spec": {
            "type": "object",
            "x-kubernetes-preserve-unknown-fields": True,
            "properties": {
                "type": {"type": "string",
                         "enum": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]},
                "selector": STRING_MAP,
                "externalName": STRING,
                "ports": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["port"],
                        "properties": {
                            "name": STRING,
                            "protocol": {"type": "string", "enum": ["TCP", "UDP", "SCTP"]},
                            "appProtocol": STRING,
                            "port": port_schema(1),
                            "targetPort": {"x-kubernetes-int-or-string": True},
                            "nodePort": port_schema(0),
                        },
                    },
                },
            },
        },
        "status": OPEN_OBJECT,
    },
}
NAMESPACE = {
    "type": "object",
    "properties": {
        "apiVersion": STRING,
        "kind": STRING,
        "metadata": OBJECT_META,
        "spec": OPEN_OBJECT,
        "status": OPEN_OBJECT,
    },
}


def exclusive_group(one_of):
    """Field names when one_of is Istio's "at most one of" idiom, else None."""
    if len(one_of) < 2 or set(one_of[0]) != {"not"}:
        return None
    fields = []
    for branch in one_of[1:]:
        if set(branch) != {"required"} or len(branch["required"]) != 1:
            return None
        fields.append(branch["required"][0])
    if one_of[0]["not"] != {"anyOf": [{"required": [f]} for f in fields]}:
        return None
    return fields


def referenced_properties(branches):
    names = set()
    for b in branches:
        names.update(b.get("properties", {}))
        names.update(b.get("required", []))
        names.update(referenced_properties(b.get("oneOf", []) + b.get("anyOf", [])))
    return names


def compact(s):
    """The validation facts of one (sub)schema, recursively."""
    out = {k: s[k] for k in PLAIN_KEYS if k in s}
    if s.get("format") in FORMATS:
        out["format"] = s["format"]
    for flag in ("nullable", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string"):
        if s.get(flag):
            out[flag] = True
    if s.get("x-kubernetes-list-type") in ("set", "map"):
        out["x-kubernetes-list-type"] = s["x-kubernetes-list-type"]
    if "properties" in s:
        out["properties"] = {k: compact(v) for k, v in s["properties"].items()}
    if isinstance(s.get("items"), dict):
        out["items"] = compact(s["items"])
    ap = s.get("additionalProperties")
    if isinstance(ap, dict):
        out["additionalProperties"] = compact(ap)
    elif ap is not None:
        out["additionalProperties"] = bool(ap)
    if "not" in s:
        out["not"] = compact(s["not"])

    groups = []
    branches = []
    one_ofs = [s["oneOf"]] if "oneOf" in s else []
    for part in s.get("allOf", []):
        if set(part) == {"oneOf"}:
            one_ofs.append(part["oneOf"])
        else:
            sys.exit(f"unsupported allOf part: {json.dumps(part)[:200]}")
    for one_of in one_ofs:
        compacted = [compact(b) for b in one_of]
        fields = exclusive_group(compacted)
        if fields:
            groups.append(fields)
        elif "oneOf" in out:
            sys.exit("two structural oneOf on one schema are not supported")
        else:
            out["oneOf"] = compacted
            branches += compacted
    if groups:
        out["x-exclusive"] = groups
    if "anyOf" in s:
        any_of = [compact(b) for b in s["anyOf"]]
        # int-or-string spells itself anyOf: [{type: integer}, {type: string}].
        if not (s.get("x-kubernetes-int-or-string") and
                any_of == [{"type": "integer"}, {"type": "string"}]):
            out["anyOf"] = any_of
            branches += any_of
    for name in referenced_properties(branches):
        prop = s.get("properties", {}).get(name)
        if prop is not None and "default" in prop:
            out["properties"][name]["default"] = prop["default"]
    return out


def with_root_fields(schema):
    # apiVersion, kind and metadata are implicit in every CRD (Istio omits them).
    props = schema.setdefault("properties", {})
    props["apiVersion"] = STRING
    props["kind"] = STRING
    meta = dict(OBJECT_META)
    extra = props.get("metadata", {})
    if set(extra) - {"type"}:
        sys.exit(f"CRD constrains metadata, merge it by hand: {extra}")
    props["metadata"] = meta
    return schema


def load_crds(crd_dir):
    kinds = {}
    for pattern, wanted in WANTED.items():
        for path in sorted(glob.glob(os.path.join(crd_dir, pattern))):
            with open(path, encoding="utf-8") as f:
                for doc in yaml.safe_load_all(f):
                    if not doc or doc.get("kind") != "CustomResourceDefinition":
                        continue
                    spec = doc["spec"]
                    kind = spec["names"]["kind"]
                    if kind not in wanted:
                        continue
                    for version in spec["versions"]:
                        if not version.get("served", False):
                            continue
                        key = f"{spec['group']}/{version['name']} {kind}"
                        raw = version["schema"]["openAPIV3Schema"]
                        kinds[key] = with_root_fields(compact(raw))
    return kinds


def canon(x):
    return json.dumps(x, sort_keys=True, separators=(",", ":"))


def child_schemas(s):
    for v in s.get("properties", {}).values():
        yield v
    for k in ("items", "additionalProperties", "not"):
        if isinstance(s.get(k), dict):
            yield s[k]
    for k in ("oneOf", "anyOf"):
        yield from s.get(k, [])


def share_repeats(kinds, min_size=48):
    """Moves repeated subtrees into defs; returns (kinds, defs)."""
    counts = collections.Counter()

    def count(s):
        counts[canon(s)] += 1
        for c in child_schemas(s):
            count(c)

    for s in kinds.values():
        count(s)

    defs = []
    index = {}

    def rebuild(s):
        out = dict(s)
        if "properties" in s:
            out["properties"] = {k: share(v) for k, v in s["properties"].items()}
        for k in ("items", "additionalProperties", "not"):
            if isinstance(s.get(k), dict):
                out[k] = share(s[k])
        for k in ("oneOf", "anyOf"):
            if k in s:
                out[k] = [share(b) for b in s[k]]
        return out

    def share(s):
        key = canon(s)
        if counts[key] < 2 or len(key) < min_size:
            return rebuild(s)
        if key not in index:
            index[key] = len(defs)
            defs.append(None)
            defs[index[key]] = rebuild(s)
        return {"$ref": index[key]}

    shared = {k: share(v) for k, v in sorted(kinds.items())}
    return shared, defs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--crds", default=os.path.join(root, "..", "shared", "corpus", "crds"))
    ap.add_argument("--out", default=os.path.normpath(os.path.join(here, "..", "data", "schemas.json")))
    args = ap.parse_args()

    kinds = load_crds(args.crds)
    kinds["v1 Service"] = SERVICE
    kinds["v1 Namespace"] = NAMESPACE
    shared, defs = share_repeats(kinds)
    text = json.dumps({"format": 1, "kinds": shared, "defs": defs},
                      sort_keys=True, separators=(",", ":"))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(f"{args.out}: {len(shared)} kinds, {len(defs)} shared subtrees, {len(text)} bytes")


if __name__ == "__main__":
    main()
