"""Validate the rendered overlays offline (`make lint`): schemas, KEDA objects, policy.

1. Every core object passes kubernetes-validate (strict: unknown fields fail) against the
   Kubernetes API schemas it bundles, for KUBERNETES_VERSION.
2. KEDA's ScaledObject and TriggerAuthentication are custom resources, not in those schemas:
   they are checked here against the fields KEDA v2 defines that we use, and for what a
   schema cannot see: the scale target, the authentication and the Secret keys it names exist
   in the render, and each trigger's list is a queue some Deployment consumes.
3. Policy (what checkov's Kubernetes checks of high severity ask, on our objects): non-root,
   read-only root filesystem, no privilege escalation, all capabilities dropped, no service
   account token, requests and limits for CPU and memory, images pinned to a tag that is not
   `latest`, a default-deny NetworkPolicy, a PodDisruptionBudget for every scaled
   Deployment, and beat as exactly one replica with the Recreate strategy.

    python deploy/check.py        # exit 1 with one line per finding
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.render import OVERLAYS, render

KUBERNETES_VERSION = "1.32.0"
KEDA_API = "keda.sh/v1alpha1"
SCALED_OBJECT_SPEC = {
    "scaleTargetRef",
    "minReplicaCount",
    "maxReplicaCount",
    "pollingInterval",
    "cooldownPeriod",
    "idleReplicaCount",
    "triggers",
    "advanced",
    "fallback",
}
REDIS_TRIGGER_METADATA = {
    "listName",
    "listLength",
    "activationListLength",
    "databaseIndex",
    "address",
    "addressFromEnv",
    "host",
    "port",
    "enableTLS",
}
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}


def _name(document: dict) -> str:
    return f"{document['kind']}/{document['metadata']['name']}"


def _pod_spec(document: dict) -> dict:
    spec = document["spec"]
    if document["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def schema_findings(documents: list[dict]) -> list[str]:
    import kubernetes_validate

    findings = []
    for document in documents:
        if document["apiVersion"] == KEDA_API:
            continue
        try:
            kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            findings.append(f"{_name(document)}: {error.message} at {list(error.path)}")
        except kubernetes_validate.SchemaNotFoundError:
            findings.append(f"{_name(document)}: no Kubernetes schema for it")
    return findings


def _queues(document: dict) -> set[str]:
    """The queues a worker Deployment consumes (its --queues, with $(VAR) from its env)."""
    container = _pod_spec(document)["containers"][0]
    env = {e["name"]: e.get("value", "") for e in container.get("env", [])}
    command = " ".join(container.get("command", []))
    if " worker" not in command:
        return set()
    found = re.search(r"--queues=(\S+)", command)
    value = re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), m.group(0)), found.group(1))
    return set(value.split(","))


def keda_findings(documents: list[dict], config: dict[str, str]) -> list[str]:
    findings = []
    by_name = {(d["kind"], d["metadata"]["name"]): d for d in documents}
    secrets = {
        d["metadata"]["name"]: set(d.get("stringData", {})) | set(d.get("data", {}))
        for d in documents
        if d["kind"] == "Secret"
    }
    served: set[str] = set()
    for document in documents:
        if document["kind"] == "Deployment":
            queues = _queues(document)
            # A queue named by a ConfigMap variable: resolve it.
            served |= {config.get(q[2:-1], q) if q.startswith("$(") else q for q in queues}
    for document in documents:
        name, spec = _name(document), document.get("spec", {})
        if document["kind"] == "TriggerAuthentication":
            for ref in spec.get("secretTargetRef", []):
                if set(ref) != {"parameter", "name", "key"}:
                    findings.append(f"{name}: secretTargetRef needs parameter, name and key")
                elif ref["name"] in secrets and ref["key"] not in secrets[ref["name"]]:
                    findings.append(f"{name}: Secret {ref['name']} has no key {ref['key']}")
        if document["kind"] != "ScaledObject":
            continue
        unknown = set(spec) - SCALED_OBJECT_SPEC
        if unknown:
            findings.append(f"{name}: unknown fields {sorted(unknown)}")
        target = spec.get("scaleTargetRef", {}).get("name")
        if ("Deployment", target) not in by_name:
            findings.append(f"{name}: scale target Deployment/{target} is not in the render")
        if not 0 <= spec.get("minReplicaCount", 0) <= spec.get("maxReplicaCount", 100):
            findings.append(f"{name}: minReplicaCount above maxReplicaCount")
        for trigger in spec.get("triggers", []):
            metadata = trigger.get("metadata", {})
            if trigger.get("type") != "redis":
                findings.append(f"{name}: trigger type {trigger.get('type')!r} is not redis")
            if set(metadata) - REDIS_TRIGGER_METADATA:
                findings.append(
                    f"{name}: unknown redis metadata {set(metadata) - REDIS_TRIGGER_METADATA}"
                )
            if not all(isinstance(v, str) for v in metadata.values()):
                findings.append(f"{name}: KEDA wants every trigger metadata value as a string")
            if metadata.get("listName") not in served:
                findings.append(f"{name}: no worker consumes queue {metadata.get('listName')!r}")
            auth = trigger.get("authenticationRef", {}).get("name")
            if ("TriggerAuthentication", auth) not in by_name:
                findings.append(f"{name}: TriggerAuthentication/{auth} is not in the render")
    return findings


def policy_findings(documents: list[dict]) -> list[str]:
    findings = []
    budgets = [d for d in documents if d["kind"] == "PodDisruptionBudget"]
    policies = [d for d in documents if d["kind"] == "NetworkPolicy"]
    if not any(
        p["spec"].get("podSelector") == {}
        and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
        for p in policies
    ):
        findings.append("no default-deny NetworkPolicy (ingress and egress) for the namespace")
    for document in documents:
        if document["kind"] not in WORKLOADS:
            continue
        name, pod = _name(document), _pod_spec(document)
        if pod.get("automountServiceAccountToken") is not False:
            findings.append(f"{name}: mounts a service account token")
        if pod.get("hostNetwork") or pod.get("hostPID") or pod.get("hostIPC"):
            findings.append(f"{name}: shares a host namespace")
        pod_context = pod.get("securityContext", {})
        for container in pod.get("containers", []) + pod.get("initContainers", []):
            where = f"{name} container {container['name']}"
            context = {**pod_context, **container.get("securityContext", {})}
            if context.get("runAsNonRoot") is not True or context.get("runAsUser", 1) == 0:
                findings.append(f"{where}: may run as root")
            if context.get("readOnlyRootFilesystem") is not True:
                findings.append(f"{where}: root filesystem is writable")
            if context.get("allowPrivilegeEscalation") is not False:
                findings.append(f"{where}: privilege escalation allowed")
            if context.get("privileged"):
                findings.append(f"{where}: privileged")
            if "ALL" not in context.get("capabilities", {}).get("drop", []):
                findings.append(f"{where}: capabilities not all dropped")
            resources = container.get("resources", {})
            for kind in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if resource not in resources.get(kind, {}):
                        findings.append(f"{where}: no {resource} {kind[:-1]}")
            image = container.get("image", "")
            tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
            if not tag or tag == "latest":
                findings.append(f"{where}: image {image!r} is not pinned to a release tag")
        if document["kind"] != "Deployment":
            continue
        labels = document["spec"]["selector"]["matchLabels"]
        component = labels.get("app.kubernetes.io/component")
        if component == "beat":
            if document["spec"].get("replicas") != 1:
                findings.append(f"{name}: beat must run exactly one replica")
            if document["spec"].get("strategy", {}).get("type") != "Recreate":
                findings.append(f"{name}: beat must use the Recreate strategy (never two)")
            continue
        if not any(
            b["spec"]["selector"].get("matchLabels", {}).items() <= labels.items() for b in budgets
        ):
            findings.append(f"{name}: no PodDisruptionBudget selects its pods")
    return findings


def findings(overlay: str) -> list[str]:
    documents = render(overlay)
    config = next(d["data"] for d in documents if d["kind"] == "ConfigMap")
    found = (
        schema_findings(documents) + keda_findings(documents, config) + policy_findings(documents)
    )
    return [f"{overlay}: {finding}" for finding in found]


def main() -> int:
    every = [finding for overlay in OVERLAYS for finding in findings(overlay)]
    for finding in every:
        sys.stdout.write(finding + "\n")
    if not every:
        sys.stdout.write(
            f"deploy: {', '.join(OVERLAYS)} render and pass the schema checks (Kubernetes "
            f"{KUBERNETES_VERSION}), the KEDA checks and the policy checks\n"
        )
    return 1 if every else 0


if __name__ == "__main__":
    sys.exit(main())
