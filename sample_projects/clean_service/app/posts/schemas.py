from datetime import datetime

from pydantic import Field

from app.auth.schemas import CustomModel


class PostIn(CustomModel):
    title: str = Field(min_length=1, max_length=200)
    content: str
    summary: str | None = None


class PostOut(CustomModel):
    id: int
    title: str
    content: str
    author_id: int
    created_at: datetime
