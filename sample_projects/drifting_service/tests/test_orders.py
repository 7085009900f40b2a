import pytest

from app.database import get_db
from app.main import app


def fake_db():
    return None


@pytest.mark.asyncio
async def test_get_order(client) -> None:
    app.dependency_overrides[get_db] = fake_db
    resp = await client.get("/orders/1")
    assert resp.status_code in (200, 404)
