"""Generate a synthetic FastAPI project of N modules with realistic code.

    python benchmarks/generate.py OUT_DIR --modules 700

Domains of router / schemas / models / service / dependencies modules, a settings
module, an app with include_router chains, and tests; about 120 lines per module,
with a sprinkling of the catalogue's anti-patterns so that checks have work to do.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROUTER = '''\
import asyncio
import logging
import time
from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.{d}.dependencies import valid_{d}_id
from app.{d}.schemas import {D}In, {D}Out, {D}Page
from app.{d} import service

router = APIRouter(prefix="/{d}", tags=["{d}"])
logger = logging.getLogger(__name__)
DbSession = Annotated[AsyncSession, Depends(get_db)]


@router.get("")
async def list_{d}(db: DbSession, limit: Annotated[int, Query(ge=1, le=100)] = 20) -> {D}Page:
    """List {d}."""
    items = await service.list_{d}(db, limit)
    return {D}Page(items=[{D}Out.model_validate(i) for i in items], total=len(items))


@router.get("/{{{d}_id}}")
async def get_{d}(item: Annotated[dict, Depends(valid_{d}_id)]) -> {D}Out:
    """Get one."""
    return {D}Out.model_validate(item)


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_{d}(data: {D}In, db: DbSession) -> {D}Out:
    """Create one."""
    created = await service.create_{d}(db, data)
    logger.info("created %s", created.id)
    return {D}Out.model_validate(created)


@router.delete("/{{{d}_id}}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_{d}(item: Annotated[dict, Depends(valid_{d}_id)], db: DbSession) -> None:
    """Delete one."""
    await service.delete_{d}(db, item["id"])


@router.get("/{{{d}_id}}/report")
async def report_{d}(item: Annotated[dict, Depends(valid_{d}_id)]) -> dict[str, int]:
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get("https://example.com/{d}")
    {blocking}
    return {{"status": resp.status_code, "id": item["id"]}}


@router.get("/{{{d}_id}}/stats")
async def stats_{d}(db: DbSession, {d}_id: int) -> dict[str, float]:
    rows = await db.execute(text("SELECT count(*) FROM {d} WHERE owner = :o"), {{"o": {d}_id}})
    total = rows.scalar() or 0
    for attempt in range(3):
        if total:
            break
        await asyncio.sleep(0.01 * attempt)
    return {{"total": float(total), "ratio": total / 3.0}}
'''

SCHEMAS = """\
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator


class {D}Base(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str = Field(min_length=1, max_length=100)
    description: str | None = None
    priority: int = Field(default=0, ge=0, le=10)


class {D}In({D}Base):
    tags: list[str] = []

    @field_validator("name")
    @classmethod
    def strip_name(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("name must not be blank")
        return v


class {D}Out({D}Base):
    id: int
    created_at: datetime
    updated_at: datetime | None = None


class {D}Page(BaseModel):
    items: list[{D}Out]
    total: int
{legacy}
"""

LEGACY = """

class {D}Legacy(BaseModel):
    name: str

    class Config:
        orm_mode = True
"""

MODELS = """\
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base


class {D}(Base):
    __tablename__ = "{d}"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(default=0)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
"""

SERVICE = """\
from collections.abc import Sequence

import requests
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.{d}.models import {D}
from app.{d}.schemas import {D}In


async def list_{d}(db: AsyncSession, limit: int) -> Sequence[{D}]:
    result = await db.scalars(select({D}).order_by({D}.created_at.desc()).limit(limit))
    return result.all()


async def get_{d}(db: AsyncSession, {d}_id: int) -> {D} | None:
    return await db.get({D}, {d}_id)


async def create_{d}(db: AsyncSession, data: {D}In) -> {D}:
    item = {D}(name=data.name, description=data.description, priority=data.priority, owner_id=1)
    db.add(item)
    await db.commit()
    await db.refresh(item)
    return item


async def delete_{d}(db: AsyncSession, {d}_id: int) -> None:
    item = await db.get({D}, {d}_id)
    if item is not None:
        await db.delete(item)
        await db.commit()


def notify_{d}(name: str) -> int:
    return requests.post("https://hooks.example.com/{d}", json={{"name": name}}, timeout=5).status_code


def summarize_{d}(items: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {{}}
    for item in items:
        key = str(item.get("priority", 0))
        out[key] = out.get(key, 0) + 1
    return out
"""

DEPS = """\
from typing import Annotated

from fastapi import Depends, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_db
from app.{d} import service


async def valid_{d}_id({d}_id: int, db: Annotated[AsyncSession, Depends(get_db)]) -> dict:
    item = await service.get_{d}(db, {d}_id)
    if item is None:
        raise HTTPException(status_code=404, detail="{d} not found")
    return {{"id": item.id, "name": item.name}}
"""

TEST = """\
import pytest
from httpx import ASGITransport, AsyncClient

from app.main import app


@pytest.mark.asyncio
async def test_list_{d}() -> None:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        resp = await client.get("/{d}")
        assert resp.status_code in (200, 500)
"""

MAIN_HEAD = """\
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.config import settings
from app.database import engine
"""

CONFIG = """\
from functools import lru_cache

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")

    DATABASE_URL: SecretStr
    ENVIRONMENT: str = "production"
    JWT_SECRET: SecretStr
    JWT_ALG: str = "HS256"


settings = Settings()


@lru_cache
def get_settings() -> Settings:
    return Settings()
"""

DATABASE = """\
from collections.abc import AsyncIterator

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

from app.config import settings


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"pk": "%(table_name)s_pkey"})


engine = create_async_engine(settings.DATABASE_URL.get_secret_value())
async_session = async_sessionmaker(engine, expire_on_commit=False)


async def get_db() -> AsyncIterator[AsyncSession]:
    async with async_session() as session:
        yield session
"""


EXTRA_ROUTE = '''

@router.get("/{{{d}_id}}/extra{k}")
async def extra{k}_{d}(item: Annotated[dict, Depends(valid_{d}_id)], db: DbSession, q: str | None = None) -> dict[str, str]:
    """Extra endpoint {k}."""
    result = await db.execute(select(text("1")))
    values = [str(v) for v in result.scalars().all()]
    if q is not None and q not in values:
        raise HTTPException(status_code=404, detail="not found")
    payload = {{"id": str(item["id"]), "name": item["name"], "q": q or ""}}
    for key in sorted(payload):
        if not payload[key]:
            payload[key] = "-"
    logger.debug("extra {k} %s", payload)
    return payload
'''

EXTRA_SERVICE = """

def transform{k}_{d}(rows: list[dict], factor: int = {k}) -> list[dict]:
    out = []
    for row in rows:
        value = int(row.get("priority", 0)) * factor
        if value > 100:
            value = 100
        elif value < 0:
            value = 0
        out.append({{**row, "score": value, "bucket": value // 10}})
    out.sort(key=lambda r: (r["bucket"], r.get("name", "")))
    return out


async def fetch{k}_{d}(db: AsyncSession, ids: list[int]) -> list[{D}]:
    if not ids:
        return []
    result = await db.scalars(select({D}).where({D}.id.in_(ids)))
    return list(result.all())
"""


def generate(out: Path, modules: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "app").mkdir(parents=True)
    (out / "tests").mkdir()
    (out / "app/__init__.py").write_text("")
    (out / "app/config.py").write_text(CONFIG)
    (out / "app/database.py").write_text(DATABASE)
    (out / "pyproject.toml").write_text(
        '[project]\nname = "synthetic"\ndependencies = ["fastapi", "pydantic>=2"]\n'
    )
    per_domain = 6  # router, schemas, models, service, dependencies, __init__ (+ a test)
    n_domains = max(1, (modules - 4) // (per_domain + 1))
    domains = [f"d{i:04d}" for i in range(n_domains)]
    imports = []
    includes = []
    for d in domains:
        D = d.capitalize()
        pkg = out / "app" / d
        pkg.mkdir()
        (pkg / "__init__.py").write_text("")
        blocking = "time.sleep(0.1)" if rnd.random() < 0.05 else "await asyncio.sleep(0)"
        extra = "".join(EXTRA_ROUTE.format(d=d, k=k) for k in range(14))
        (pkg / "router.py").write_text(ROUTER.format(d=d, D=D, blocking=blocking) + extra)
        legacy = LEGACY.format(D=D) if rnd.random() < 0.1 else ""
        (pkg / "schemas.py").write_text(SCHEMAS.format(D=D, legacy=legacy))
        (pkg / "models.py").write_text(MODELS.format(d=d, D=D))
        extra = "".join(EXTRA_SERVICE.format(d=d, D=D, k=k) for k in range(16))
        (pkg / "service.py").write_text(SERVICE.format(d=d, D=D) + extra)
        (pkg / "dependencies.py").write_text(DEPS.format(d=d, D=D))
        (out / "tests" / f"test_{d}.py").write_text(TEST.format(d=d))
        imports.append(f"from app.{d}.router import router as {d}_router")
        includes.append(f"app.include_router({d}_router)")
    main = (
        MAIN_HEAD
        + "\n".join(imports)
        + """


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan, openapi_url="/openapi.json" if settings.ENVIRONMENT == "local" else None)
"""
        + "\n".join(includes)
        + "\n"
    )
    (out / "app/main.py").write_text(main)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--modules", type=int, default=700)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    generate(args.out, args.modules, args.seed)
    files = list(args.out.rglob("*.py"))
    lines = sum(p.read_text().count("\n") for p in files)
    print(f"{args.out}: {len(files)} Python files, {lines} lines")


if __name__ == "__main__":
    main()
