from app.exceptions import NotFound, PermissionDenied


class PostNotFound(NotFound):
    detail = "Post not found"


class NotPostOwner(PermissionDenied):
    detail = "You do not own this post"
