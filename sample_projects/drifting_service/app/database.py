from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings

engine = create_engine(get_settings().database_url, echo=True)
SessionLocal = sessionmaker(bind=engine)
Base = declarative_base()


def get_db() -> Iterator[Session]:
    db = SessionLocal()
    yield db
    db.close()


def get_conn() -> Iterator[Session]:
    db = SessionLocal()
    try:
        yield db
    except Exception:
        pass
    finally:
        db.close()
