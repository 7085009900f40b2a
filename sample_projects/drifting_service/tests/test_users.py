import pytest
from async_asgi_testclient import TestClient as AsyncTestClient
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_register() -> None:
    resp = client.post("/register", json={"email": "a@example.com", "password": "x"})
    assert resp.status_code in (200, 422)


@pytest.mark.asyncio
async def test_me() -> None:
    async with AsyncTestClient(app) as ac:
        resp = await ac.get("/me", query_string={"token": "x"})
        assert resp.status_code == 200
