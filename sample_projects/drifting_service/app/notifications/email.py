import requests

from app.config import get_settings


def post_to_mailer(to: str, body: str) -> None:
    requests.post("https://mailer.internal/send", json={"to": to, "body": body}, timeout=10)


def send_receipt(to: str, order_id: int) -> None:
    settings = get_settings()
    post_to_mailer(to, f"{settings.invoice_prefix}-{order_id}")
