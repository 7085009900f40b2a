from enum import StrEnum

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    LOCAL = "local"
    STAGING = "staging"
    PRODUCTION = "production"


class Config(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    DATABASE_URL: SecretStr
    ENVIRONMENT: Environment = Environment.PRODUCTION
    CORS_ORIGINS: list[str] = ["https://app.example.com"]
    APP_VERSION: str = "1.0.0"
    DEBUG: bool = False

    @property
    def show_docs(self) -> bool:
        return self.ENVIRONMENT in (Environment.LOCAL, Environment.STAGING)


settings = Config()
