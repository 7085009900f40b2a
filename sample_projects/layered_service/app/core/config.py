from functools import lru_cache

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: SecretStr
    secret_key: SecretStr
    algorithm: str = "HS256"
    access_token_expire_minutes: int = 30
    environment: str = "production"
    cors_origins: list[str] = ["https://inventory.example.com"]
    debug: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
