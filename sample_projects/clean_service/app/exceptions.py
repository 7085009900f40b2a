class DomainError(Exception):
    """Base class of errors meant for clients; mapped to responses in app.main."""

    status_code = 400
    detail = "Bad request"


class NotFound(DomainError):
    status_code = 404
    detail = "Not found"


class PermissionDenied(DomainError):
    status_code = 403
    detail = "Permission denied"
