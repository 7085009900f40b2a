from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, ORJSONResponse

from app.config import get_settings
from app.database import Base, engine
from app.orders.router import router as orders_router
from app.payments.router import router as payments_router
from app.users.router import router as users_router

settings = get_settings()
app = FastAPI(title="Shop", debug=True, default_response_class=ORJSONResponse)

app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.cors_origins if not settings.debug else ["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


@app.on_event("startup")
def create_tables() -> None:
    Base.metadata.create_all(bind=engine)


@app.exception_handler(ValueError)
async def value_error(request: Request, exc: ValueError) -> JSONResponse:
    return JSONResponse(content={"detail": str(exc)})


app.include_router(users_router)
app.include_router(orders_router)
app.include_router(payments_router)
