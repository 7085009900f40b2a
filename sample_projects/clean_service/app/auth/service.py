from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.exceptions import InvalidCredentials
from app.auth.security import verify_password


@dataclass(frozen=True)
class User:
    id: int
    email: str


async def authenticate(db: AsyncSession, email: str, password: str) -> User:
    row = (
        await db.execute(
            text("SELECT id, email, password_hash FROM app_user WHERE email = :email"),
            {"email": email},
        )
    ).first()
    if row is None or not verify_password(password, row.password_hash):
        raise InvalidCredentials()
    return User(id=row.id, email=row.email)


async def get_user(db: AsyncSession, user_id: int) -> User | None:
    row = (
        await db.execute(text("SELECT id, email FROM app_user WHERE id = :id"), {"id": user_id})
    ).first()
    return None if row is None else User(id=row.id, email=row.email)
