from fastapi import APIRouter, Response, status

from app.auth.dependencies import AuthSettings, CurrentUser, DbSession
from app.auth.schemas import LoginIn, TokenOut, UserOut
from app.auth.security import create_access_token
from app.auth.service import authenticate

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", status_code=status.HTTP_200_OK)
async def login(data: LoginIn, db: DbSession, config: AuthSettings, response: Response) -> TokenOut:
    """Exchange credentials for an access token (also set as an HttpOnly cookie)."""
    user = await authenticate(db, data.email, data.password)
    token = create_access_token(user.id, config)
    response.set_cookie(
        "access_token",
        token,
        httponly=True,
        secure=config.SECURE_COOKIES,
        samesite="lax",
        max_age=config.JWT_EXP_MINUTES * 60,
    )
    return TokenOut(access_token=token)


@router.get("/me")
async def me(user: CurrentUser) -> UserOut:
    """The current user."""
    return UserOut(id=user.id, email=user.email)
