from typing import Annotated

from fastapi import APIRouter, Query, status

from app.auth.dependencies import CurrentUser, DbSession
from app.posts import service
from app.posts.dependencies import OwnedPost, ValidPost
from app.posts.schemas import PostIn, PostOut

router = APIRouter(prefix="/posts", tags=["posts"])


@router.get("")
async def list_posts(db: DbSession, limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[PostOut]:
    """The latest posts."""
    posts = await service.list_posts(db, limit)
    return [PostOut.model_validate(p) for p in posts]


@router.get("/{post_id}")
async def get_post(post: ValidPost) -> PostOut:
    """One post."""
    return PostOut.model_validate(post)


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_post(data: PostIn, db: DbSession, user: CurrentUser) -> PostOut:
    """Create a post owned by the current user."""
    return PostOut.model_validate(await service.create_post(db, user.id, data))


@router.delete("/{post_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_post(post: OwnedPost, db: DbSession) -> None:
    """Delete one of your posts."""
    await service.delete_post(db, post)
