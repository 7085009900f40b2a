import os

from fastapi import HTTPException
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.notifications.email import send_receipt

ORDERS_TABLE = "orders"


def find_order(db: Session, order_id: int):
    row = db.execute(text(f"SELECT * FROM {ORDERS_TABLE} WHERE id = {order_id}")).first()
    if row is None:
        raise HTTPException(status_code=404, detail="order not found")
    return row


def complete_order(email: str, order_id: int) -> None:
    if os.environ.get("SEND_RECEIPTS", "1") == "1":
        send_receipt(email, order_id)
