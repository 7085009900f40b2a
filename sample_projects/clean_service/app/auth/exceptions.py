from app.exceptions import DomainError


class InvalidCredentials(DomainError):
    status_code = 401
    detail = "Invalid credentials"


class InvalidToken(DomainError):
    status_code = 401
    detail = "Invalid token"
