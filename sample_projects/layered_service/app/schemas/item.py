from pydantic import Field

from app.schemas.base import Schema


class ItemCreate(Schema):
    name: str = Field(min_length=1, max_length=100)
    quantity: int = Field(default=0, ge=0)


class ItemUpdate(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    quantity: int | None = Field(default=None, ge=0)


class ItemResponse(Schema):
    id: int
    name: str
    quantity: int
    owner_id: int
