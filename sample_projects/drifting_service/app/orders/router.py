import asyncio
import time

import requests
from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from app.config import Settings, get_settings
from app.database import get_db
from app.orders.service import complete_order, find_order

router = APIRouter(prefix="/orders", tags=["orders"])


def render_invoice(order_id: int) -> bytes:
    return f"invoice {order_id}".encode()


async def audit_log(order_id: int) -> None:
    await asyncio.sleep(0)


@router.get("/{order_id}")
async def get_order(order_id: int, db: Session = Depends(get_db)):
    return find_order(db, order_id)


@router.post("/{order_id}/complete")
async def complete(order_id: int, email: str, settings: Settings = Depends(get_settings)):
    time.sleep(0.5)  # give the payment provider time to settle
    rate = requests.get("https://rates.example.com/eur", timeout=5).json()
    complete_order(email, order_id)
    asyncio.create_task(audit_log(order_id))
    return {"order": order_id, "rate": rate, "currency": settings.currency}


@router.get("/{order_id}/invoice")
async def invoice(order_id: int):
    loop = asyncio.get_event_loop()
    pdf = await loop.run_in_executor(None, render_invoice, order_id)
    with open(f"/tmp/invoice-{order_id}.pdf", "wb") as fh:
        fh.write(pdf)
    return {"size": len(pdf)}


@router.get("/by-customer/{customer_id}")
async def by_customer(user_id: int):
    try:
        await audit_log(user_id)
        return {"orders": [], "user": user_id}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
