from fastapi import APIRouter, Depends
from pydantic import BaseModel

from app.payments.service import store_receipt

router = APIRouter(prefix="/payments")


class ReceiptOut(BaseModel):
    stored: int


def pagination(skip: int = 0, limit: int = 50) -> dict[str, int]:
    return {"skip": skip, "limit": min(limit, 100)}


@router.post("/{payment_id}/receipt")
async def upload_receipt(payment_id: int, body: bytes = b"") -> ReceiptOut:
    await store_receipt(payment_id, body)
    return ReceiptOut(stored=payment_id)


@router.get("")
async def list_payments(page: dict = Depends(pagination)) -> dict:
    return {"payments": [], **page}
