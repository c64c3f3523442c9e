from accounts.scoping import can_review, can_write, scope_root


def user_scope(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"scope_root": scope_root(user), "can_write": can_write(user), "can_review": can_review(user)}
