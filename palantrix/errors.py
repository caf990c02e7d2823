"""Domain errors: services raise them, pages and the API turn them into clear messages."""


class DomainError(Exception):
    """A request that cannot be carried out; the message is shown to the user as is."""


class InvitationInvalid(DomainError):
    pass


class LastAdminError(DomainError):
    pass


class InvalidField(DomainError):
    """A value the user typed cannot be used; `field` names the form or API field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
