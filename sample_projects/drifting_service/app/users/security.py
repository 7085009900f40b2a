from datetime import datetime, timedelta

from jose import JWTError, jwt
from passlib.context import CryptContext

from app.config import get_settings

pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")
SECRET_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"


def create_access_token(user_id: int) -> str:
    expire = datetime.utcnow() + timedelta(minutes=get_settings().access_token_expire_minutes)
    return jwt.encode({"sub": str(user_id), "exp": expire}, SECRET_KEY, algorithm="HS256")


def parse_token(token: str) -> dict:
    try:
        return jwt.decode(token, "JWT_SECRET")
    except JWTError:
        return {}


def peek_claims(token: str) -> dict:
    return jwt.decode(token, None, options={"verify_signature": False})
