class AppError(Exception):
    """Errors meant for clients; app.main maps them to responses."""

    status_code = 400
    detail = "Bad request"


class NotFound(AppError):
    status_code = 404
    detail = "Not found"


class Unauthorized(AppError):
    status_code = 401
    detail = "Not authenticated"


class Conflict(AppError):
    status_code = 409
    detail = "Already exists"
