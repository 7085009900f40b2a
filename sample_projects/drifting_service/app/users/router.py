import logging

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.database import get_conn, get_db
from app.users.schemas import UserCreate, UserInDB
from app.users.security import create_access_token, parse_token, peek_claims, pwd_context

router = APIRouter()
logger = logging.getLogger(__name__)


@router.post("/register")
async def register(user: UserCreate, db: Session = Depends(get_db)):
    logger.info("register %s with password %s", user.email, user.password)
    db.execute(
        text(f"INSERT INTO users (email, hashed_password) VALUES ('{user.email}', '{pwd_context.hash(user.password)}')")
    )
    db.commit()
    return {"ok": True}


@router.post("/login")
async def login(request: Request, response: Response, email: str, password: str, db: Session = Depends(get_conn)):
    logger.debug("login headers %s", dict(request.headers))
    row = db.execute(text("SELECT id, hashed_password FROM users WHERE email = :e"), {"e": email}).first()
    if row is None or not pwd_context.verify(password, row.hashed_password):
        raise HTTPException(status_code=401, detail="bad credentials")
    token = create_access_token(row.id)
    response.set_cookie("session", token)
    return {"access_token": token}


@router.get("/users/{user_id}", response_model=UserInDB)
async def read_user(user_id: int, db: Session = Depends(get_db)):
    return db.execute(text("SELECT * FROM users WHERE id = :id"), {"id": user_id}).first()


@router.get("/me")
async def me(token: str):
    return parse_token(token) or peek_claims(token)


@router.post("/users/{user_id}/avatar")
async def upload_avatar(user_id: int, request: Request):
    data = await request.body()
    logger.info("avatar for %s, token=%s", user_id, request.headers.get("authorization"))
    return {"size": len(data)}
