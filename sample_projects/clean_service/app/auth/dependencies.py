from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.config import AuthConfig, get_auth_config
from app.auth.exceptions import InvalidToken
from app.auth.security import decode_access_token
from app.auth.service import User, get_user
from app.database import get_db

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token")

DbSession = Annotated[AsyncSession, Depends(get_db)]
AuthSettings = Annotated[AuthConfig, Depends(get_auth_config)]


async def get_current_user(
    token: Annotated[str, Depends(oauth2_scheme)], db: DbSession, config: AuthSettings
) -> User:
    user = await get_user(db, decode_access_token(token, config))
    if user is None:
        raise InvalidToken()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
