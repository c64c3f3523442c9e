from functools import wraps

from django.contrib.auth.decorators import login_required

from accounts.scoping import require_review, require_write


def scoped(*, write: bool = False, review: bool = False):
    """Declare what a view needs: a signed-in user, and for ``write`` the right to edit
    township data, for ``review`` the right to approve or return reports.

    Objects are still looked up through ``accounts.scoping.visible`` / ``get_visible_or_404`` in the view,
    so anything outside the user's scope answers 404.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if write:
                require_write(request.user)
            if review:
                require_review(request.user)
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator
