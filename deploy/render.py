"""Render the Kustomize overlays in deploy/ without the kustomize binary (`make lint`).

Only the part of Kustomize these manifests use is implemented, and anything else in a
kustomization.yaml is an error rather than ignored: `resources` (files, and folders with
their own kustomization.yaml), `namespace`, `images` (newName, newTag) and `patches` given
inline as JSON 6902 operations (add, replace, remove) with a `target` of kind and name.
`kustomize build deploy/overlays/NAME` (or `kubectl kustomize`) renders the same objects.

    python deploy/render.py dev          # the rendered YAML on stdout
"""

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

DEPLOY = Path(__file__).resolve().parent
OVERLAYS = ("dev", "production")
KNOWN_KEYS = {"apiVersion", "kind", "resources", "namespace", "images", "patches"}
# Kinds that live in no namespace (none of ours today, but a namespace must not be set on them).
CLUSTER_KINDS = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"}


class RenderError(ValueError):
    pass


def _pointer(path: str) -> list[str]:
    if not path.startswith("/"):
        raise RenderError(f"JSON pointer {path!r} must start with /")
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def _apply_operation(document: Any, operation: dict) -> None:
    op, parts = operation["op"], _pointer(operation["path"])
    parent = document
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    last = parts[-1]
    if isinstance(parent, list):
        if op == "add":
            index = len(parent) if last == "-" else int(last)
            parent.insert(index, copy.deepcopy(operation["value"]))
        elif op == "replace":
            parent[int(last)] = copy.deepcopy(operation["value"])
        elif op == "remove":
            del parent[int(last)]
        else:
            raise RenderError(f"unsupported patch operation {op!r}")
        return
    if op in {"replace", "remove"} and last not in parent:
        raise RenderError(f"{operation['path']} does not exist: cannot {op} it")
    if op in {"add", "replace"}:
        parent[last] = copy.deepcopy(operation["value"])
    elif op == "remove":
        del parent[last]
    else:
        raise RenderError(f"unsupported patch operation {op!r}")


def _matches(document: dict, target: dict) -> bool:
    unknown = set(target) - {"kind", "name"}
    if unknown:
        raise RenderError(f"unsupported patch target fields {sorted(unknown)}")
    return document.get("kind") == target.get("kind") and (
        document.get("metadata", {}).get("name") == target.get("name")
    )


def _pod_spec(document: dict) -> dict | None:
    spec = document.get("spec", {})
    if document.get("kind") == "CronJob":
        spec = spec.get("jobTemplate", {}).get("spec", {})
    return spec.get("template", {}).get("spec")


def _set_images(documents: list[dict], images: list[dict]) -> None:
    for document in documents:
        pod = _pod_spec(document)
        if pod is None:
            continue
        for container in pod.get("containers", []) + pod.get("initContainers", []):
            name = container["image"].split(":")[0]
            for image in images:
                if image["name"] == name:
                    container["image"] = f"{image.get('newName', name)}:{image['newTag']}"


def render_folder(folder: Path) -> list[dict]:
    """The objects the kustomization in `folder` builds."""
    config = yaml.safe_load((folder / "kustomization.yaml").read_text())
    unknown = set(config) - KNOWN_KEYS
    if unknown:
        raise RenderError(f"{folder}: kustomization keys this renderer does not know: {unknown}")
    documents: list[dict] = []
    for resource in config.get("resources", []):
        path = (folder / resource).resolve()
        if path.is_dir():
            documents.extend(render_folder(path))
        else:
            documents.extend(d for d in yaml.safe_load_all(path.read_text()) if d)
    for patch in config.get("patches", []):
        if set(patch) != {"target", "patch"}:
            raise RenderError(f"{folder}: only inline patches with a target are supported")
        found = [d for d in documents if _matches(d, patch["target"])]
        if not found:
            raise RenderError(f"{folder}: no object matches the patch target {patch['target']}")
        for document in found:
            for operation in yaml.safe_load(patch["patch"]):
                _apply_operation(document, operation)
    _set_images(documents, config.get("images", []))
    if "namespace" in config:
        for document in documents:
            if document["kind"] not in CLUSTER_KINDS:
                document.setdefault("metadata", {})["namespace"] = config["namespace"]
    names = [(d["kind"], d["metadata"]["name"]) for d in documents]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise RenderError(f"{folder}: objects defined twice: {sorted(duplicates)}")
    return documents


def render(overlay: str) -> list[dict]:
    return render_folder(DEPLOY / "overlays" / overlay)


if __name__ == "__main__":
    yaml.safe_dump_all(render(sys.argv[1]), sys.stdout, sort_keys=False)
