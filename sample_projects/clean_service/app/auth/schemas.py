from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator


class CustomModel(BaseModel):
    model_config = ConfigDict(from_attributes=True, str_strip_whitespace=True)


class LoginIn(CustomModel):
    email: EmailStr
    password: str = Field(min_length=12, max_length=128)

    @field_validator("password")
    @classmethod
    def has_digit(cls, v: str) -> str:
        if not any(c.isdigit() for c in v):
            raise ValueError("password needs a digit")
        return v


class TokenOut(CustomModel):
    access_token: str
    token_type: str = "bearer"


class UserOut(CustomModel):
    id: int
    email: EmailStr
