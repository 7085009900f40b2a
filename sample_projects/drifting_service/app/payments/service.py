import os

import boto3
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

s3 = boto3.client("s3")
STRIPE_API_KEY = "sk_live_51Hh2bKJm0reallyNotARealKey"
WEBHOOK_URL = "https://hooks:s3cr3tpass@hooks.example.com/stripe"

async_engine = create_async_engine("postgresql+asyncpg://localhost/shop")
async_session = async_sessionmaker(async_engine)


def stripe_key() -> str:
    return os.getenv("STRIPE_KEY", STRIPE_API_KEY)


async def store_receipt(order_id: int, body: bytes) -> None:
    s3.put_object(Bucket="receipts", Key=f"{order_id}.pdf", Body=body)
