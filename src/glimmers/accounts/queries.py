from django.contrib.auth import get_user_model

_account_seen = False


def any_account_exists() -> bool:
    """True once anyone has an account.

    Accounts are never all deleted in a running instance, so once we have seen
    one we stop asking the database on every request.
    """
    global _account_seen
    if not _account_seen:
        _account_seen = get_user_model().objects.exists()
    return _account_seen


def forget_account_memo() -> None:
    global _account_seen
    _account_seen = False
