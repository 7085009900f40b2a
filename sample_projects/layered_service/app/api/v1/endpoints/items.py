from fastapi import APIRouter, status

from app.api.deps import CurrentUser, DbSession
from app.schemas.item import ItemCreate, ItemResponse, ItemUpdate
from app.services import item_service

router = APIRouter(prefix="/items", tags=["items"])


@router.get("")
async def list_items(db: DbSession, user: CurrentUser) -> list[ItemResponse]:
    """Your items."""
    return [ItemResponse.model_validate(i) for i in await item_service.list_items(db, user.id)]


@router.get("/{item_id}")
async def get_item(item_id: int, db: DbSession, user: CurrentUser) -> ItemResponse:
    """One of your items."""
    return ItemResponse.model_validate(await item_service.get_item(db, user.id, item_id))


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_item(data: ItemCreate, db: DbSession, user: CurrentUser) -> ItemResponse:
    """Add an item."""
    return ItemResponse.model_validate(await item_service.create_item(db, user.id, data))


@router.patch("/{item_id}")
async def update_item(item_id: int, data: ItemUpdate, db: DbSession, user: CurrentUser) -> ItemResponse:
    """Change an item."""
    item = await item_service.get_item(db, user.id, item_id)
    return ItemResponse.model_validate(await item_service.update_item(db, item, data))
