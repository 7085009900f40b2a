from datetime import datetime

from pydantic import EmailStr, Field

from app.schemas.base import Schema


class UserCreate(Schema):
    email: EmailStr
    password: str = Field(min_length=12, max_length=128)


class UserResponse(Schema):
    id: int
    email: EmailStr
    created_at: datetime


class Token(Schema):
    access_token: str
    token_type: str = "bearer"
