"""Domain errors: services raise them, pages and the API turn them into clear messages."""


class DomainError(Exception):
    """A request that cannot be carried out; the message is shown to the user as is."""


class InvitationInvalid(DomainError):
    pass


class LastAdminError(DomainError):
    pass
