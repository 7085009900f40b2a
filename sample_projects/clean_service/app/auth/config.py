from functools import lru_cache

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class AuthConfig(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    JWT_SECRET: SecretStr
    JWT_ALG: str = "HS256"
    JWT_EXP_MINUTES: int = 15
    SECURE_COOKIES: bool = True


@lru_cache
def get_auth_config() -> AuthConfig:
    return AuthConfig()
