from fastapi import APIRouter

from app.payments.service import store_receipt

router = APIRouter(prefix="/payments")


@router.post("/{payment_id}/receipt")
async def upload_receipt(payment_id: int, body: bytes = b"") -> dict:
    await store_receipt(payment_id, body)
    return {"stored": payment_id}
