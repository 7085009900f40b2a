from pydantic import BaseModel


class OrderLine(BaseModel):
    sku: str
    quantity: int


class OrderIn(BaseModel):
    lines: list[OrderLine]


class OrderOut(BaseModel):
    id: int
    lines: list[OrderLine]
    total: float


class InvoiceOut(BaseModel):
    order_id: int
    size: int
