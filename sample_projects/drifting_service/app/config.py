from pydantic import BaseSettings


class Settings(BaseSettings):
    app_name: str = "shop"
    debug: bool = True
    database_url: str = "postgresql://shop:hunter2@db:5432/shop"
    jwt_secret: str = "changeme-please-123"
    jwt_algorithm: str = "HS256"
    access_token_expire_minutes: int = 30
    stripe_key: str = ""
    stripe_webhook_secret: str = ""
    s3_bucket: str = "shop-uploads"
    aws_region: str = "eu-west-1"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_user: str = ""
    redis_url: str = "redis://localhost:6379/0"
    cors_origins: list[str] = ["*"]
    page_size: int = 50
    max_page_size: int = 200
    orders_per_user: int = 100
    invoice_prefix: str = "INV"
    currency: str = "EUR"
    tax_rate: float = 0.2
    feature_new_checkout: bool = False

    class Config:
        env_file = ".env"
        case_sensitive = False


def get_settings() -> Settings:
    return Settings()
