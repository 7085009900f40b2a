from typing import Annotated

from fastapi import Depends

from app.auth.dependencies import CurrentUser, DbSession
from app.posts import service
from app.posts.exceptions import NotPostOwner
from app.posts.models import Post


async def valid_post_id(post_id: int, db: DbSession) -> Post:
    return await service.get_post(db, post_id)


ValidPost = Annotated[Post, Depends(valid_post_id)]


async def owned_post(post: ValidPost, user: CurrentUser) -> Post:
    if post.author_id != user.id:
        raise NotPostOwner()
    return post


OwnedPost = Annotated[Post, Depends(owned_post)]
