from datetime import datetime

from fastapi import HTTPException
from pydantic import BaseModel, Field, validator


class UserBase(BaseModel):
    email: str = Field(regex=r"^[^@]+@[^@]+$")
    age: int = Field(ge=18, default=None)


class UserCreate(BaseModel):
    email: str
    age: int | None = None
    password: str

    @validator("password")
    def strong(cls, v: str) -> str:
        if len(v) < 8:
            raise HTTPException(status_code=400, detail="weak password")
        return v


class UserInDB(BaseModel):
    id: int
    email: str
    hashed_password: str
    created: datetime

    class Config:
        orm_mode = True
        json_encoders = {datetime: lambda v: v.isoformat()}
