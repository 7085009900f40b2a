from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.posts.exceptions import PostNotFound
from app.posts.models import Post
from app.posts.schemas import PostIn


async def list_posts(db: AsyncSession, limit: int) -> Sequence[Post]:
    return (await db.scalars(select(Post).order_by(Post.created_at.desc()).limit(limit))).all()


async def get_post(db: AsyncSession, post_id: int) -> Post:
    post = await db.get(Post, post_id)
    if post is None:
        raise PostNotFound()
    return post


async def create_post(db: AsyncSession, author_id: int, data: PostIn) -> Post:
    post = Post(title=data.title, content=data.content, author_id=author_id)
    db.add(post)
    await db.commit()
    return post


async def delete_post(db: AsyncSession, post: Post) -> None:
    await db.delete(post)
    await db.commit()
