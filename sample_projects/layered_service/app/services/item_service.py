from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.exceptions import NotFound
from app.models.item import Item
from app.schemas.item import ItemCreate, ItemUpdate


async def list_items(db: AsyncSession, owner_id: int) -> Sequence[Item]:
    return (await db.scalars(select(Item).where(Item.owner_id == owner_id).order_by(Item.id))).all()


async def get_item(db: AsyncSession, owner_id: int, item_id: int) -> Item:
    item = await db.get(Item, item_id)
    if item is None or item.owner_id != owner_id:
        raise NotFound()
    return item


async def create_item(db: AsyncSession, owner_id: int, data: ItemCreate) -> Item:
    item = Item(name=data.name, quantity=data.quantity, owner_id=owner_id)
    db.add(item)
    await db.commit()
    return item


async def update_item(db: AsyncSession, item: Item, data: ItemUpdate) -> Item:
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(item, field, value)
    await db.commit()
    return item
