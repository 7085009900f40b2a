from datetime import UTC, datetime, timedelta

import jwt
from jwt.exceptions import InvalidTokenError
from pwdlib import PasswordHash

from app.auth.config import AuthConfig
from app.auth.exceptions import InvalidToken

password_hash = PasswordHash.recommended()


def hash_password(password: str) -> str:
    return password_hash.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    return password_hash.verify(password, hashed)


def create_access_token(user_id: int, config: AuthConfig) -> str:
    expire = datetime.now(UTC) + timedelta(minutes=config.JWT_EXP_MINUTES)
    return jwt.encode(
        {"sub": str(user_id), "exp": expire},
        config.JWT_SECRET.get_secret_value(),
        algorithm=config.JWT_ALG,
    )


def decode_access_token(token: str, config: AuthConfig) -> int:
    try:
        payload = jwt.decode(
            token,
            config.JWT_SECRET.get_secret_value(),
            algorithms=[config.JWT_ALG],
        )
    except InvalidTokenError as exc:
        raise InvalidToken() from exc
    return int(payload["sub"])
