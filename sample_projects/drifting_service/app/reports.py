from sqlalchemy import text

from app.database import get_db


def nightly_report() -> int:
    db = next(get_db())
    return db.execute(text("SELECT count(*) FROM orders")).scalar()
