from httpx import AsyncClient


async def test_health(client: AsyncClient) -> None:
    resp = await client.get("/health")
    assert resp.status_code == 200


async def test_me(client: AsyncClient) -> None:
    resp = await client.get("/auth/me")
    assert resp.json()["email"] == "reader@example.com"
