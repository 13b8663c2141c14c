import json

import pytest

from fokuss import views


@pytest.mark.django_db
def test_healthz_reports_every_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_a_dependency_is_down(client, monkeypatch):
    def broken():
        raise ConnectionError("broker down")

    monkeypatch.setitem(views.HEALTH_CHECKS, "broker", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["checks"]["broker"] == "error: ConnectionError"
    assert body["checks"]["database"] == "ok"
