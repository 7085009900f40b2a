from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import uuid4

import httpx
import structlog
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from app.auth.router import router as auth_router
from app.config import settings
from app.database import engine
from app.exceptions import DomainError
from app.logging_setup import setup_logging
from app.posts.router import router as posts_router

logger = structlog.get_logger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    setup_logging()
    async with httpx.AsyncClient(timeout=5) as client:
        app.state.http = client
        yield
    await engine.dispose()


app = FastAPI(
    title="Blog API",
    version=settings.APP_VERSION,
    lifespan=lifespan,
    debug=settings.DEBUG,
    openapi_url="/openapi.json" if settings.show_docs else None,
)
app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.CORS_ORIGINS,
    allow_credentials=True,
    allow_methods=["GET", "POST", "DELETE"],
    allow_headers=["Authorization", "Content-Type"],
)


@app.middleware("http")
async def request_context(request: Request, call_next):
    request_id = request.headers.get("X-Request-ID", str(uuid4()))
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id, path=request.url.path)
    response = await call_next(request)
    response.headers["X-Request-ID"] = request_id
    return response


@app.exception_handler(DomainError)
async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
    return JSONResponse(status_code=exc.status_code, content={"detail": exc.detail})


@app.get("/health", tags=["health"])
async def health() -> dict[str, str]:
    """Liveness probe: cheap and dependency-free."""
    return {"status": "ok"}


app.include_router(auth_router)
app.include_router(posts_router)
