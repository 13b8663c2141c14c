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


@pytest.fixture
def fresh_broker_check(monkeypatch, settings):
    """No remembered broker result; a clock the test moves by hand."""
    monkeypatch.setattr(views, "_broker_result", None)
    clock = {"now": 1000.0}
    monkeypatch.setattr(views.time, "monotonic", lambda: clock["now"])
    settings.HEALTHZ_BROKER_TTL_SECONDS = 5
    return clock


@pytest.mark.django_db
def test_two_calls_within_the_window_probe_the_broker_once_over_the_pool(client, monkeypatch, fresh_broker_check):
    from fokuss.celery import app

    acquired = []
    real_acquire = app.pool.acquire

    def acquire(*args, **kwargs):
        acquired.append(1)
        return real_acquire(*args, **kwargs)

    def no_new_connection(*args, **kwargs):
        raise AssertionError("healthz must use the pool, not open a connection of its own")

    monkeypatch.setattr(app.pool, "acquire", acquire)
    monkeypatch.setattr(app, "connection_for_write", no_new_connection)
    monkeypatch.setattr(app, "connection", no_new_connection)

    assert client.get("/healthz").status_code == 200
    fresh_broker_check["now"] += 4
    assert client.get("/healthz").status_code == 200
    assert len(acquired) == 1
    fresh_broker_check["now"] += 2  # the window is over: probed again
    assert client.get("/healthz").status_code == 200
    assert len(acquired) == 2


@pytest.mark.django_db
def test_a_down_broker_is_503_within_and_after_the_window(client, monkeypatch, fresh_broker_check):
    probes = []

    def down():
        probes.append(1)
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(views, "_probe_broker", down)
    for step in (0, 3, 3, 10):  # inside the window, inside, then well after it
        fresh_broker_check["now"] += step
        response = client.get("/healthz")
        assert response.status_code == 503
        assert json.loads(response.content)["checks"]["broker"] == "error: ConnectionRefusedError"
    assert len(probes) == 3  # 0 and +3 share one probe; +6 and +16 each start a new window

    monkeypatch.setattr(views, "_probe_broker", lambda: None)  # back up: healthy after the window
    assert client.get("/healthz").status_code == 503
    fresh_broker_check["now"] += 5
    assert client.get("/healthz").status_code == 200
