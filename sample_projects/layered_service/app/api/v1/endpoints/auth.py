from typing import Annotated

from fastapi import APIRouter, Depends, status
from fastapi.security import OAuth2PasswordRequestForm

from app.api.deps import DbSession, SettingsDep
from app.core.security import create_access_token
from app.schemas.user import Token, UserCreate, UserResponse
from app.services import user_service

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/register", status_code=status.HTTP_201_CREATED)
async def register(data: UserCreate, db: DbSession) -> UserResponse:
    """Create an account."""
    return UserResponse.model_validate(await user_service.create_user(db, data))


@router.post("/token")
async def token(form: Annotated[OAuth2PasswordRequestForm, Depends()], db: DbSession, settings: SettingsDep) -> Token:
    """Exchange credentials for a bearer token."""
    user = await user_service.authenticate(db, form.username, form.password)
    return Token(access_token=create_access_token(str(user.id), settings))
