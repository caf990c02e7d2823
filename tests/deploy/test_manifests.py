"""The Kubernetes manifests in deploy/: they render, pass their checks, and the checks bite."""

import copy

import pytest
from django.conf import settings

from deploy import check
from deploy.render import OVERLAYS, render
from palantrix.celery import app

# The queue names the manifests use (deploy/base/config.yaml), for the settings' names.
QUEUES = {"palantrix": "CELERY_TASK_DEFAULT_QUEUE", "ml": "CELERY_ML_QUEUE"}


def deployment(documents, name):
    return next(d for d in documents if d["kind"] == "Deployment" and d["metadata"]["name"] == name)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_overlay_renders_and_passes_schema_keda_and_policy_checks(overlay):
    assert check.findings(overlay) == []


def test_the_policy_check_finds_root_writable_unlimited_and_unpinned_containers():
    documents = render("production")
    web = deployment(documents, "palantrix-web")
    pod = web["spec"]["template"]["spec"]
    del pod["securityContext"]["runAsNonRoot"]
    container = pod["containers"][0]
    container["securityContext"]["readOnlyRootFilesystem"] = False
    del container["resources"]["limits"]
    container["image"] = "registry.example.com/palantrix/web:latest"
    found = "\n".join(check.policy_findings(documents))
    assert "Deployment/palantrix-web container web: may run as root" in found
    assert "root filesystem is writable" in found
    assert "no memory limit" in found
    assert "no cpu limit" in found
    assert "is not pinned to a release tag" in found


def test_the_policy_check_wants_one_beat_a_budget_per_deployment_and_default_deny():
    documents = render("production")
    beat = deployment(documents, "palantrix-beat")
    beat["spec"]["replicas"] = 2
    beat["spec"]["strategy"] = {"type": "RollingUpdate"}
    documents = [
        d
        for d in documents
        if (d["kind"], d["metadata"]["name"])
        not in {
            ("PodDisruptionBudget", "palantrix-worker"),
            ("NetworkPolicy", "palantrix-default-deny"),
        }
    ]
    found = "\n".join(check.policy_findings(documents))
    assert "beat must run exactly one replica" in found
    assert "beat must use the Recreate strategy" in found
    assert "Deployment/palantrix-worker: no PodDisruptionBudget" in found
    assert "no default-deny NetworkPolicy" in found


def test_the_schema_check_rejects_a_field_kubernetes_does_not_have():
    documents = render("dev")
    web = copy.deepcopy(deployment(documents, "palantrix-web"))
    web["spec"]["template"]["spec"]["containers"][0]["readinessprobe"] = {}
    assert check.schema_findings([web]) != []


def test_a_scaler_on_a_queue_no_worker_consumes_is_found():
    documents = render("production")
    gpu = deployment(documents, "palantrix-worker-gpu")
    gpu["spec"]["template"]["spec"]["containers"][0]["command"][-1] = "--queues=elsewhere"
    config = next(d["data"] for d in documents if d["kind"] == "ConfigMap")
    found = "\n".join(check.keda_findings(documents, config))
    assert "no worker consumes queue 'transcribe'" in found


def _queues_of_tasks() -> dict[str, str]:
    """Each registered task's queue, by the manifests' names for the queues."""
    app.loader.import_default_modules()
    names = {getattr(settings, setting): name for name, setting in QUEUES.items()}
    names[settings.CELERY_TRANSCRIBE_QUEUE] = "transcribe"
    routes = settings.CELERY_TASK_ROUTES
    return {
        task: names[routes.get(task, {}).get("queue", settings.CELERY_TASK_DEFAULT_QUEUE)]
        for task in app.tasks
        if not task.startswith("celery.")
    }


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_worker_waits_on_shutdown_for_the_longest_task_its_queues_carry(overlay):
    """Scaling down sends SIGTERM; Celery's warm shutdown finishes the running task, within
    the pod's grace period, which must therefore cover the hard time limit of each task."""
    documents = render(overlay)
    config = next(d["data"] for d in documents if d["kind"] == "ConfigMap")
    queues_of = _queues_of_tasks()
    workers = [d for d in documents if d["kind"] == "Deployment" and check._queues(d)]
    assert {d["metadata"]["name"] for d in workers} >= {"palantrix-worker"}
    served = set()
    for worker in workers:
        queues = {
            config.get(q[2:-1], q) if q.startswith("$(") else q for q in check._queues(worker)
        }
        served |= queues
        grace = worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
        for task, queue in queues_of.items():
            if queue in queues:
                assert (app.tasks[task].time_limit or 0) <= grace, (
                    worker["metadata"]["name"],
                    task,
                )
    assert served >= set(queues_of.values())  # every queue has workers
    # The broker hands an unacknowledged task on only after the visibility timeout.
    longest = max(app.tasks[t].time_limit or 0 for t in queues_of)
    assert longest < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
